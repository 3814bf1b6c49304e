"""Crawl health: a site whose last crawl failed or looked broken is named."""

from datetime import timedelta

from store import open_store
from store.health import crawl_health, judge
from tests.digest.conftest import NOW, write_rows


def health(tmp_path, runs, sites=("crowdworks",)):
    path = tmp_path / "runs.duckdb"
    write_rows(path, [], runs)
    with open_store(path) as con:
        return {h.site: h for h in crawl_health(con, list(sites), NOW)}


def test_a_clean_run_is_ok(tmp_path):
    site = health(tmp_path, [("crowdworks", 6, "finished", 300, 0, {})])["crowdworks"]
    assert (site.ok, site.summary) == (True, "last crawl 11/28 01:30: OK (300 listings)")


def test_zero_items_is_broken(tmp_path):
    assert not health(tmp_path, [("crowdworks", 6, "finished", 0, 0, {})])["crowdworks"].ok


def test_errors_are_broken(tmp_path):
    assert "4 errors" in health(tmp_path, [("crowdworks", 6, "finished", 300, 4, {})])["crowdworks"].summary


def test_a_run_closed_by_an_error_is_broken(tmp_path):
    summary = health(tmp_path, [("crowdworks", 6, "shutdown", 300, 0, {})])["crowdworks"].summary
    assert "it ended abnormally (shutdown)" in summary


def test_a_sharp_drop_is_broken(tmp_path):
    runs = [("crowdworks", 30, "finished", 300, 0, {}), ("crowdworks", 6, "finished", 100, 0, {})]
    assert "listings dropped sharply (100, usually 300)" in health(tmp_path, runs)["crowdworks"].summary


def test_a_small_dip_is_fine(tmp_path):
    runs = [("crowdworks", 30, "finished", 300, 0, {}), ("crowdworks", 6, "finished", 240, 0, {})]
    assert health(tmp_path, runs)["crowdworks"].ok


def test_a_changed_layout_is_broken(tmp_path):
    runs = [("crowdworks", 6, "finished", 300, 0, {"tanka/list/layout_changed": 2})]
    assert "layout looks changed" in health(tmp_path, runs)["crowdworks"].summary


def test_a_run_that_never_ended_is_broken(tmp_path):
    assert "never finished (interrupted)" in health(tmp_path, [("crowdworks", 6, None, 0, 0, {})])["crowdworks"].summary


def test_a_run_in_progress_is_judged_by_the_one_before(tmp_path):
    runs = [("crowdworks", 30, "finished", 300, 0, {}), ("crowdworks", 0.2, None, 0, 0, {})]
    site = health(tmp_path, runs)["crowdworks"]
    assert (site.ok, site.summary.endswith(" (a crawl is running now)")) == (True, True)


def test_a_stale_site_is_named(tmp_path):
    site = health(tmp_path, [("crowdworks", 24 * 3, "finished", 300, 0, {})])["crowdworks"]
    assert "no crawl since then" in site.summary


def test_a_configured_site_never_crawled_is_named(tmp_path):
    site = health(tmp_path, [], sites=("lancers",))["lancers"]
    assert (site.ok, site.summary) == (False, "never crawled")


def test_problems_come_first(tmp_path):
    runs = [("crowdworks", 6, "finished", 300, 0, {}), ("lancers", 6, "finished", 0, 0, {})]
    path = tmp_path / "order.duckdb"
    write_rows(path, [], runs)
    with open_store(path) as con:
        assert [h.site for h in crawl_health(con, [], NOW - timedelta(minutes=0))] == ["lancers", "crowdworks"]


# ----- judged against the site's own recent runs ------------------------------------------------
def run(items, pages=0, reason="finished", errors=0, **stats):
    return {"finish_reason": reason, "items": items, "pages": pages, "errors": errors,
            "stats": {k.replace("__", "/"): v for k, v in stats.items()}}


def test_listings_per_page_are_compared_with_the_recent_median():
    history = [run(500, 10), run(100, 2), run(5000, 100)]  # incremental and full crawls: 50 a page
    assert judge(run(100, 2), history) == []


def test_half_the_listings_per_page_is_a_sharp_drop():
    history = [run(500, 10), run(100, 2), run(5000, 100)]
    assert judge(run(40, 2), history) == ["listings per list page dropped sharply (20, usually 50)"]


def test_one_odd_run_does_not_move_the_median():
    history = [run(100, 2), run(10, 2), run(100, 2)]
    assert judge(run(90, 2), history) == []


def test_price_suddenly_missing_is_a_layout_change():
    history = [run(100, 2, tanka__field__price__missing=1)] * 3
    problems = judge(run(100, 2, tanka__field__price__missing=40), history)
    assert problems == ["price missing in 40% of listings (usually 1%): the layout changed?"]


def test_a_field_usually_missing_is_not_a_change():
    history = [run(100, 2, tanka__field__price__missing=30)] * 3
    assert judge(run(100, 2, tanka__field__price__missing=32), history) == []


def test_a_rise_in_detail_parse_errors_is_named():
    history = [run(100, 2, tanka__detail__fetched=100)] * 3
    problems = judge(run(100, 2, tanka__detail__fetched=80, **{"tanka__detail__unavailable__layout_changed": 20}),
                     history)
    assert problems == ["detail pages failing: 20 unreadable (20%; layout_changed)"]


def test_a_stale_but_sound_site_is_not_failing(tmp_path):
    site = health(tmp_path, [("crowdworks", 24 * 3, "finished", 300, 0, {})])["crowdworks"]
    assert (site.state, site.failing) == ("stale", False)


def test_a_broken_run_is_failing(tmp_path):
    site = health(tmp_path, [("crowdworks", 6, "finished", 0, 0, {})])["crowdworks"]
    assert (site.state, site.failing) == ("failing", True)


def test_a_failed_list_page_is_named_with_its_reason():
    problems = judge(run(100, 2, tanka__list__failed__truncated=1), [run(100, 2)] * 3)
    assert problems == ["1 list page failed (truncated): its listing set is incomplete"]


def test_cut_detail_pages_are_a_problem():
    problems = judge(run(26, 1, tanka__detail__fetched=0, tanka__detail__unavailable__truncated=25), [])
    assert problems == ["detail pages failing: 25 unreadable (100%; truncated)"]


def test_most_detail_pages_failing_is_a_problem_even_when_it_was_so_before():
    broken = run(26, 1, tanka__detail__fetched=5, tanka__detail__unavailable__truncated=20)
    assert judge(broken, [broken] * 3) != []


def test_missing_pages_that_lose_nothing_are_no_problem():
    assert judge(run(100, 2, tanka__detail__fetched=80, tanka__detail__unavailable__http_404=20), [run(100, 2)]) == []


def test_a_partial_run_that_is_not_failing_says_what_it_missed(tmp_path):
    path = tmp_path / "runs.duckdb"
    write_rows(path, [], [("crowdworks", 6, "finished", 300, 0,
                           {"tanka/detail/fetched": 299, "tanka/detail/unavailable/timeout": 1})])
    with open_store(path) as con:
        con.execute("UPDATE crawl_runs SET partial = true")
        site = crawl_health(con, ["crowdworks"], NOW)[0]
    assert (site.state, site.summary) == ("ok", "last crawl 11/28 01:30: OK (300 listings; partial: 1 detail page "
                                                "failed (timeout))")
