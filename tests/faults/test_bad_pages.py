"""Pages that are not what they should be: a login page, a body cut short, a changed layout, an
unexpected encoding. Each is counted with its reason, never parsed into an "empty" list or mojibake."""

from __future__ import annotations

import pytest

from tanka.mirror import faults
from tanka.mirror.server import Fault, Mirror, discover_sites
from tanka.normalize.text import clean_line
from tests.conftest import MIRROR_START, query
from tests.faults.conftest import Market, Outcome, corrupt_rows, crawl, crawl_with_faults, last_run

pytestmark = pytest.mark.e2e

CW_LIST = r"^/public/jobs/search"
CW_PAGE_2 = r"^/public/jobs/search\?.*page=2"
CW_DETAIL = r"^/public/jobs/\d+$"
LANCERS_LIST = r"^/work/search\?"
LANCERS_DETAIL = r"^/work/detail/\d+$"


def titles(outcome) -> dict[str, str]:
    return dict(query(outcome.db, "SELECT listing_id, title FROM listings WHERE listing_id IN "
                                  "(SELECT unnest($ids))", ids=sorted(outcome.market.open_now)))


def world_titles(outcome) -> dict[str, str]:
    market = outcome.market
    return {str(g.id): clean_line(g.title) for g in market.mirror.world.open_gigs(market.site, market.mirror.day)}


def descriptions(outcome) -> dict[str, str]:
    return dict(query(outcome.db, "SELECT listing_id, description FROM listings WHERE detail_status = 'fetched' "
                                  "AND last_run_id = $run", run=outcome.run["run_id"]))


# ----- a redirect to the login page ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def login_list(crowdworks_market, tmp_path_factory):
    return crawl_with_faults(crowdworks_market, faults.login_redirect("crowdworks", CW_LIST),
                             tmp_path_factory.mktemp("login-list"))


def test_a_list_redirected_to_the_login_page_is_counted(login_list):
    assert login_list.stats.get("tanka/list/failed/login_redirect") == 1


def test_the_login_page_is_not_parsed_as_an_empty_list(login_list):
    assert (login_list.run["complete_scopes"], login_list.stats.get("tanka/list/pages", 0)) == ([], 0)


def test_the_login_page_is_never_fetched(login_list):
    assert login_list.faults[1].seen == 0


def test_a_login_redirect_stops_the_crawl(login_list):
    assert login_list.run["finish_reason"].startswith("blocked")


def test_a_login_redirect_makes_the_run_partial(login_list):
    assert (login_list.run["partial"], login_list.run["closed_unseen"]) == (True, 0)


@pytest.fixture(scope="module")
def login_form(lancers_market, tmp_path_factory):
    """Lancers answering its login form in place of the search page (no redirect to see)."""
    fault = Fault(LANCERS_LIST, 200, body=discover_sites()["lancers"].login.page)
    return crawl_with_faults(lancers_market, [fault], tmp_path_factory.mktemp("login-form"))


def test_a_login_form_in_place_of_the_list_is_a_login_redirect(login_form):
    assert login_form.stats.get("tanka/list/failed/login_redirect") == 1


def test_a_login_form_in_place_of_the_list_stops_the_crawl(login_form):
    assert login_form.run["finish_reason"].startswith("blocked")


def test_a_login_form_in_place_of_the_list_closes_nothing(login_form):
    statuses = login_form.statuses()
    assert {statuses[i] for i in login_form.market.vanished} == {"open"}


@pytest.fixture(scope="module")
def login_details(lancers_market, tmp_path_factory):
    return crawl_with_faults(lancers_market, faults.login_redirect("lancers", LANCERS_DETAIL),
                             tmp_path_factory.mktemp("login-detail"),
                             settings={"CONCURRENT_REQUESTS": 1, "CONCURRENT_REQUESTS_PER_DOMAIN": 1})


def test_detail_pages_redirected_to_the_login_page_are_counted(login_details):
    assert login_details.stats.get("tanka/detail/unavailable/login_redirect", 0) >= 3


def test_detail_pages_redirected_to_the_login_page_stop_the_crawl(login_details):
    assert login_details.stats.get("tanka/detail/stopped_refused") == 1


def test_detail_login_redirects_make_the_run_partial(login_details):
    assert login_details.run["partial"] is True


# ----- a body cut short ----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def cut_list(crowdworks_market, tmp_path_factory):
    return crawl_with_faults(crowdworks_market, [faults.truncated(CW_PAGE_2, keep=0.6)],
                             tmp_path_factory.mktemp("truncated"))


def test_a_truncated_list_page_is_counted_as_truncated(cut_list):
    assert cut_list.stats.get("tanka/list/failed/truncated") == 1


def test_a_truncated_list_page_is_not_a_layout_change(cut_list):
    assert "tanka/list/layout_changed" not in cut_list.stats


def test_a_truncated_list_page_makes_the_run_partial(cut_list):
    assert (cut_list.run["partial"], cut_list.run["complete_scopes"], cut_list.run["closed_unseen"]) == (True, [], 0)


def test_the_pages_before_the_truncated_one_are_stored_whole(cut_list):
    assert cut_list.run["items"] >= 50 and corrupt_rows(cut_list.db) == []


@pytest.fixture(scope="module")
def lost_data(crowdworks_market, tmp_path_factory):
    return crawl_with_faults(crowdworks_market, [faults.truncated(CW_PAGE_2, keep=0.6, honest_length=False)],
                             tmp_path_factory.mktemp("data-loss"))


def test_a_body_shorter_than_its_content_length_is_counted_as_truncated(lost_data):
    assert lost_data.stats.get("tanka/list/failed/truncated") == 1


def test_data_loss_makes_the_run_partial(lost_data):
    assert lost_data.run["partial"] is True


# ----- the data container removed (a redesign) ----------------------------------------------------------------
@pytest.fixture(scope="module")
def redesigned(crowdworks_market, tmp_path_factory):
    return crawl_with_faults(crowdworks_market, [faults.layout_changed(CW_PAGE_2, "crowdworks")],
                             tmp_path_factory.mktemp("layout"))


def test_a_list_page_without_its_container_is_a_layout_change(redesigned):
    stats = redesigned.stats
    assert (stats.get("tanka/list/failed/layout_changed"), stats.get("tanka/list/layout_changed")) == (1, 1)


def test_a_layout_change_makes_the_run_partial(redesigned):
    assert (redesigned.run["partial"], redesigned.run["closed_unseen"]) == (True, 0)


def test_a_layout_change_closes_nothing(redesigned):
    statuses = redesigned.statuses()
    assert {statuses[i] for i in redesigned.market.vanished} == {"open"}


@pytest.fixture(scope="module")
def lancers_redesigned(lancers_market, tmp_path_factory):
    return crawl_with_faults(lancers_market, [faults.layout_changed(LANCERS_LIST, "lancers")],
                             tmp_path_factory.mktemp("lancers-layout"))


def test_lancers_cards_under_new_names_are_a_layout_change(lancers_redesigned):
    assert lancers_redesigned.stats.get("tanka/list/failed/layout_changed") == 1


def test_lancers_cards_under_new_names_are_not_an_empty_result(lancers_redesigned):
    assert lancers_redesigned.run["complete_scopes"] == []


@pytest.fixture(scope="module")
def detail_redesigned(crowdworks_market, tmp_path_factory):
    return crawl_with_faults(crowdworks_market, [faults.layout_changed(CW_DETAIL, "crowdworks_detail")],
                             tmp_path_factory.mktemp("detail-layout"))


def test_detail_pages_in_a_new_layout_are_counted(detail_redesigned):
    assert detail_redesigned.stats.get("tanka/detail/unavailable/layout_changed", 0) >= 1


def test_detail_pages_in_a_new_layout_keep_the_list_values(detail_redesigned):
    assert corrupt_rows(detail_redesigned.db) == []


def test_detail_pages_in_a_new_layout_make_the_run_partial(detail_redesigned):
    assert (detail_redesigned.run["partial"], detail_redesigned.run["closed_unseen"]) == (True, 0)


# ----- another encoding ----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def shift_jis(crowdworks_market, tmp_path_factory):
    """List pages in Shift_JIS saying so; job pages in EUC-JP claiming UTF-8."""
    return crawl_with_faults(crowdworks_market, [faults.reencoded(CW_LIST, "shift_jis", "match"),
                                                 faults.reencoded(CW_DETAIL, "euc_jp", "utf-8")],
                             tmp_path_factory.mktemp("shift-jis"))


def test_a_page_in_shift_jis_with_its_charset_is_read_as_is(shift_jis):
    assert titles(shift_jis) == world_titles(shift_jis)


def test_a_page_in_euc_jp_sent_as_utf8_is_decoded_as_euc_jp(shift_jis):
    assert shift_jis.stats.get("tanka/encoding/repaired/euc_jp") == shift_jis.faults[1].fired


def test_descriptions_of_repaired_pages_are_not_mojibake(shift_jis):
    texts = descriptions(shift_jis)
    assert texts and not [t for t in texts.values() if "\ufffd" in t or "縺" in t]


def test_a_reencoded_crawl_is_complete(shift_jis):
    assert (shift_jis.run["partial"], shift_jis.run["complete_scopes"]) == (False, ["crowdworks:new"])


@pytest.fixture(scope="module")
def no_charset(lancers_market, tmp_path_factory):
    """Lancers list pages in EUC-JP with no charset in the header (and <meta charset="utf-8">)."""
    return crawl_with_faults(lancers_market, [faults.reencoded(LANCERS_LIST, "euc_jp", None)],
                             tmp_path_factory.mktemp("no-charset"))


def test_a_page_without_a_charset_header_is_decoded_as_what_it_is(no_charset):
    assert no_charset.stats.get("tanka/encoding/repaired/euc_jp", 0) >= 1


def test_a_page_without_a_charset_header_stores_true_titles(no_charset):
    assert corrupt_rows(no_charset.db) == [] and no_charset.run["partial"] is False


@pytest.fixture(scope="module")
def garbled(crowdworks_market, tmp_path_factory):
    return crawl_with_faults(crowdworks_market, [faults.garbled(CW_PAGE_2)], tmp_path_factory.mktemp("garbled"))


def test_a_page_with_broken_bytes_is_refused_as_bad_encoding(garbled):
    assert garbled.stats.get("tanka/list/failed/bad_encoding") == 1


def test_a_page_with_broken_bytes_makes_the_run_partial(garbled):
    assert (garbled.run["partial"], garbled.run["closed_unseen"]) == (True, 0)


def test_nothing_of_a_garbled_page_is_stored_as_mojibake(garbled):
    assert corrupt_rows(garbled.db) == []


# ----- Shufti's guest API: JSON cut short, `data` renamed ----------------------------------------------------
SHUFTI_API = r"^/api/v1/guest/jobs"


@pytest.fixture(scope="module")
def shufti_market():
    mirror = Mirror(seed=11, listings=30, start_date=MIRROR_START, sites=["shufti"]).start()
    yield Market("shufti", mirror, template=None, open_before=set())
    mirror.stop()


def shufti_crawl(market: Market, fault: Fault, tmp_path) -> Outcome:
    db = tmp_path / "tanka.duckdb"
    market.mirror.faults = [fault]
    try:
        result = crawl("shufti", market.mirror, db)
    finally:
        market.mirror.faults = []
    return Outcome(market, db, result, last_run(db), [fault])


@pytest.fixture(scope="module")
def shufti_cut(shufti_market, tmp_path_factory):
    return shufti_crawl(shufti_market, faults.truncated(SHUFTI_API, keep=0.5), tmp_path_factory.mktemp("shufti-cut"))


def test_a_truncated_json_body_is_counted_as_truncated(shufti_cut):
    assert shufti_cut.stats.get("tanka/list/failed/truncated") == 1


def test_a_truncated_json_body_makes_the_run_partial(shufti_cut):
    assert (shufti_cut.run["partial"], shufti_cut.run["complete_scopes"], shufti_cut.run["items"]) == (True, [], 0)


@pytest.fixture(scope="module")
def shufti_redesigned(shufti_market, tmp_path_factory):
    return shufti_crawl(shufti_market, faults.layout_changed(SHUFTI_API, "shufti"),
                        tmp_path_factory.mktemp("shufti-layout"))


def test_a_json_answer_without_its_data_is_a_layout_change(shufti_redesigned):
    assert shufti_redesigned.stats.get("tanka/list/failed/layout_changed") == 1


def test_a_json_answer_without_its_data_is_not_an_empty_result(shufti_redesigned):
    assert (shufti_redesigned.run["partial"], shufti_redesigned.run["complete_scopes"]) == (True, [])


# ----- detail pages cut short: the stored listing keeps its values (issue 17, part 3) --------------------------
def _every_listing_changed(db) -> None:
    """As if every listing's card had changed since day 0: every detail page is asked for again."""
    from store import open_store

    with open_store(db) as con:
        con.execute("UPDATE listings SET list_hash = 'changed'")


def stored_details(db) -> dict[str, tuple]:
    return {row[0]: row[1:] for row in query(
        db, "SELECT listing_id, description, client_name, client_rating, client_orders FROM listings")}


@pytest.fixture(scope="module")
def cut_details(lancers_market, tmp_path_factory):
    return crawl_with_faults(lancers_market, [faults.truncated(LANCERS_DETAIL)],
                             tmp_path_factory.mktemp("cut-details"), before=_every_listing_changed)


def test_cut_detail_pages_are_counted_as_truncated(cut_details):
    fired = cut_details.faults[0].fired
    assert fired >= 10 and cut_details.stats.get("tanka/detail/unavailable/truncated") == fired


def test_cut_detail_pages_are_not_called_bad_encoding(cut_details):
    assert not [key for key in cut_details.stats if "bad_encoding" in key or "undecodable" in key]


def test_no_cut_detail_page_is_stored_as_fetched(cut_details):
    assert query(cut_details.db, "SELECT count(*) FROM listings WHERE detail_status = 'fetched' "
                                 "AND last_run_id = $run", run=cut_details.run["run_id"]) == [(0,)]


def test_a_stored_listing_keeps_its_detail_values_when_its_page_is_cut(cut_details):
    before, after = stored_details(cut_details.market.template), stored_details(cut_details.db)
    kept = {i: after[i] for i in before if i in after}
    assert len(kept) >= 10 and kept == {i: before[i] for i in kept}


def test_cut_detail_pages_make_the_run_partial(cut_details):
    assert (cut_details.run["partial"], cut_details.result.ok) == (True, False)


def test_the_crawl_summary_says_the_pages_were_cut(cut_details):
    assert "PARTIAL: " in cut_details.result.summary() and "(truncated)" in cut_details.result.summary()


def test_status_shows_the_cut_pages(cut_details, capsys):
    from tanka.cli import main

    code = main(["status", "--db", str(cut_details.db)])
    out = capsys.readouterr().out
    assert (code, "FAILING" in out, "truncated" in out) == (1, True, True)


def test_the_issue_probe_is_partial_and_shown_by_status(tmp_path, capsys):
    """`tanka crawl lancers --mirror --listings 30 --max-pages 1 --fault "truncated@^/work/detail/"`."""
    from tanka.cli import main

    db = str(tmp_path / "probe.duckdb")
    code = main(["crawl", "lancers", "--mirror", "--listings", "30", "--max-pages", "1",
                 "--fault", "truncated@^/work/detail/", "--db", db])
    summary = capsys.readouterr().out
    fetched = query(tmp_path / "probe.duckdb", "SELECT count(*) FROM listings WHERE detail_status = 'fetched'")
    status = main(["status", "--db", db])
    shown = capsys.readouterr().out
    assert (code, "PARTIAL" in summary, fetched, status, "truncated" in shown) == (1, True, [(0,)], 1, True)
