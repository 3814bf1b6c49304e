"""Lancers through the replay mirror: its pages parse like the real ones, and a real crawl stores them.

The first part renders mirror pages in-process and reads them with the spider. The end-to-end
part serves the mirror on 127.0.0.1 and crawls it with real `scrapy crawl` subprocesses into a
temporary DuckDB file: a first full crawl, a second one that must stop at page 1 without
fetching any detail page again, a third one a market day later, and a fourth whose listing sets
answer Lancers' 404 page (once with status 404, once as a 200 "soft" error page). The mirror's
writing cards print the site's own 文字単価 and half its project detail pages are in the newer
layout, so the stored values prove both layouts and the rate end to end.
"""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from parsel import Selector

from spiders.base import LayoutChanged
from spiders.lancers import parse_detail_page, parse_search_page
from tanka.mirror.server import Fault, Mirror, MirrorRequest, Page
from tanka.mirror.sites import lancers as site
from tanka.mirror.world import World
from tanka.normalize.dates import TOKYO
from tanka.normalize.listing import normalize_gig
from tanka.normalize.text import clean_block
from tests.conftest import MIRROR_START, crawl_mirror, query

BASE = "http://mirror.test"
LISTINGS = 90  # the market's size; seed 1 has one 限定公開 and two promoted listings
SEED = 1
OPEN = len(World(SEED, LISTINGS, MIRROR_START, kinds={"lancers": site.SITE.kinds},
                 id_base={"lancers": site.SITE.id_base}).open_gigs("lancers", 0))
PAGES = -(-OPEN // site.CARDS_PER_PAGE)


# ----- mirror pages, read in-process ------------------------------------------------------------------
@pytest.fixture(scope="module")
def world():
    return World(SEED, LISTINGS, MIRROR_START, kinds={"lancers": site.SITE.kinds},
                 id_base={"lancers": site.SITE.id_base})


def get(world: World, target: str, day: int = 0):
    parts = urlsplit(target)
    request = MirrorRequest("LANCERS_BASE_URL", parts.path, parse_qs(parts.query), world, day,
                            {"LANCERS_BASE_URL": BASE})
    return site.handle(request)


def search(world: World, target: str):
    return parse_search_page(Selector(text=get(world, target).body), BASE + target, BASE)


def test_a_mirror_page_holds_30_work_cards_and_the_real_extras(world):
    page = search(world, "/work/search?open=1&sort=started")
    assert (len(page.gigs), dict(page.skipped)) == (31, {"agency_ad": 6, "onsite_job": 1, "pr_duplicate": 1})


def test_page_one_lists_the_newest_listings_after_its_pr_slot(world):
    ids = [g.listing_id for g in search(world, "/work/search?open=1&sort=started").gigs]
    newest = [str(g.id) for g in world.open_gigs("lancers", 0)]
    promoted_later = [str(g.id) for g in world.open_gigs("lancers", 0)[30:] if g.promoted][:site.PR_TOP]
    assert ids == promoted_later + newest[:30]


def test_the_last_page_ends_the_set(world):
    assert search(world, f"/work/search?open=1&sort=started&page={PAGES}").next_url is None


def test_the_pager_leads_to_the_next_page(world):
    next_url = search(world, "/work/search?open=1&sort=started").next_url
    assert parse_qs(urlsplit(next_url).query)["page"] == ["2"]


def test_a_category_search_holds_only_that_category(world):
    page = search(world, "/work/search/task?open=1&sort=started")
    assert {g.extra["category_path"].split("/")[0] for g in page.gigs} == {"task"}


def test_a_keyword_search_holds_only_matching_listings(world):
    page = search(world, "/work/search?keyword=%E3%83%87%E3%83%BC%E3%82%BF&open=1&sort=started")
    assert page.gigs and all("データ" in g.title + (g.description or "") for g in page.gigs if "limited" not in g.tags)


def test_an_unknown_category_is_not_found(world):
    assert get(world, "/work/search/nosuch?open=1").status == 404


def test_a_mirror_task_detail_gives_units_done_and_on_offer(world):
    gig = next(g for g in world.open_gigs("lancers", 0) if g.kind == "task" and not g.limited)
    detail = parse_detail_page(Selector(text=get(world, f"/work/detail/{gig.id}").body),
                               f"{BASE}/work/detail/{gig.id}", BASE, None)
    assert (detail.applicants, detail.slots) == (str(gig.done_units), f"{gig.units}件")


def writing_on_page_one(world: World) -> list:
    return [g for g in world.open_gigs("lancers", 0)[:site.CARDS_PER_PAGE] if g.kind == "writing" and not g.limited]


def test_writing_cards_print_the_sites_rate(world):
    page = {g.listing_id: g for g in search(world, "/work/search?open=1&sort=started").gigs}
    expected = {str(g.id): f"{site.yen_per_char(g):g}" for g in writing_on_page_one(world)}
    assert (bool(expected), {i: page[i].yen_per_char for i in expected}) == (True, expected)


def test_only_writing_cards_print_a_rate(world):
    page = search(world, "/work/search?open=1&sort=started")
    writing = {str(g.id) for g in writing_on_page_one(world)}
    assert {g.listing_id for g in page.gigs if g.yen_per_char} == writing


def test_a_writing_card_shows_its_budget_band_beside_the_rate(world):
    gig = writing_on_page_one(world)[0]
    card = next(g for g in search(world, "/work/search?open=1&sort=started").gigs if g.listing_id == str(gig.id))
    assert card.price_text.endswith(f"円 / 固定 {site.yen_per_char(gig):g} 円 / 文字")


def newer_detail(world: World, **wanted: object):
    gig = next(g for g in world.open_gigs("lancers", 0) if site.newer_layout(g) and not g.limited
               and all(getattr(g, k) == v for k, v in wanted.items()))
    html = get(world, f"/work/detail/{gig.id}").body
    return gig, parse_detail_page(Selector(text=html), f"{BASE}/work/detail/{gig.id}", BASE, None)


def test_a_newer_layout_detail_page_is_its_own_listing(world):
    gig, detail = newer_detail(world)
    assert (detail.listing_id, detail.title) == (str(gig.id), gig.title)


def test_a_newer_layout_detail_page_holds_related_cards_that_are_not_read(world):
    gig, detail = newer_detail(world)
    html = get(world, f"/work/detail/{gig.id}").body
    related = Selector(text=html).css("div.p-search-job-media::attr(onclick)").getall()
    assert (len(related) > 1, detail.description.startswith(clean_block(gig.description)[:40])) == (True, True)


def test_a_newer_layout_detail_gives_the_absolute_deadline(world):
    gig, detail = newer_detail(world)
    assert detail.deadline == site.deadline_text(gig)


def test_a_newer_layout_detail_gives_the_clients_order_rate(world):
    gig, detail = newer_detail(world)
    assert detail.client_completion_rate == site.client_order_rate(gig)[0]


def test_a_newer_layout_detail_gives_the_view_count(world):
    gig, detail = newer_detail(world)
    assert detail.extra["view_count"] == str(gig.views)


def test_an_unknown_path_answers_lancers_404_page(world):
    page = get(world, "/work/search/ad?open=1")
    with pytest.raises(LayoutChanged) as error:
        parse_search_page(Selector(text=page.body), f"{BASE}/work/search/ad?open=1", BASE)
    assert (page.status, error.value.reason) == (404, "not_found")


def test_robots_txt_lets_tanka_read_the_work_search():
    assert "Disallow: /work" not in site.ROBOTS.split("User-agent: ClaudeBot")[0]


# ----- end to end: real crawls over HTTP into DuckDB -------------------------------------------------------
def stats_of(db, run_id: int) -> dict:
    return json.loads(query(db, "SELECT stats FROM crawl_runs WHERE run_id = $id", id=run_id)[0][0])


def listing_rows(db) -> dict[str, dict]:
    columns = ["listing_id", "title", "pay_type", "budget_min_yen", "budget_max_yen", "unit_price_yen", "applicants",
               "slots", "contracts", "deadline", "posted_at", "client_name", "client_orders", "client_rating",
               "client_completion_rate", "client_verified", "yen_per_char", "status", "description", "tags",
               "detail_status", "raw", "view_count", "crawled_at"]
    rows = query(db, f"SELECT {', '.join(columns[:-2])}, raw->'extra'->>'view_count', raw->>'crawled_at' "
                     "FROM listings WHERE site = 'lancers'")
    return {r[0]: dict(zip(columns, r, strict=True)) for r in rows}


@pytest.fixture(scope="module")
def crawls(tmp_path_factory):
    db = tmp_path_factory.mktemp("lancers") / "tanka.duckdb"
    with Mirror(seed=SEED, listings=LISTINGS, sites=["lancers"], start_date=MIRROR_START) as mirror:
        world = mirror.world
        first = crawl_mirror("lancers", mirror, db)
        after_first = listing_rows(db)
        details_first = len(mirror.requested(r"^/work/detail/"))
        second = crawl_mirror("lancers", mirror, db)
        after_second = listing_rows(db)
        details_second = len(mirror.requested(r"^/work/detail/")) - details_first
        mirror.advance(1)
        third = crawl_mirror("lancers", mirror, db)
        after_third = listing_rows(db)
        # /work/search/ad answers the 404 page as a 200 (a "soft" error page), /work/search/nosuch as a 404.
        mirror.faults.append(Fault(r"^/work/search/ad\b", transform=lambda page: Page(page.body, 200)))
        fourth = crawl_mirror("lancers", mirror, db, lists="category:ad,category:nosuch")
        after_fourth = listing_rows(db)
    return SimpleNamespace(db=db, world=world, first=first, second=second, third=third, fourth=fourth,
                           after_first=after_first, after_second=after_second, after_third=after_third,
                           after_fourth=after_fourth,
                           details_first=details_first, details_second=details_second,
                           stats=[stats_of(db, r.run["run_id"]) for r in (first, second, third, fourth)])


def open_on(world: World, day: int) -> dict[str, object]:
    return {str(g.id): g for g in world.open_gigs("lancers", day)}


def regular(world: World, day: int = 0) -> list:
    """Listings shown on a regular card with all their values (not 限定公開, not only in a PR slot)."""
    gigs = world.open_gigs("lancers", day)
    pr_only = {g.id for g in gigs[site.CARDS_PER_PAGE:] if g.promoted}
    return [g for g in gigs if not g.limited and g.id not in pr_only]


@pytest.mark.e2e
def test_the_first_crawl_finishes_cleanly(crawls):
    assert (crawls.first.ok, crawls.first.run["finish_reason"], crawls.first.run["errors"]) == (True, "finished", 0)


@pytest.mark.e2e
def test_every_open_listing_is_stored_once(crawls):
    assert sorted(crawls.after_first) == sorted(open_on(crawls.world, 0))


@pytest.mark.e2e
def test_pay_types(crawls):
    expected = {str(g.id): {"fixed": "fixed", "writing": "fixed", "task": "task", "competition": "competition"}[g.kind]
                for g in crawls.world.open_gigs("lancers", 0)}
    assert {i: r["pay_type"] for i, r in crawls.after_first.items()} == expected


@pytest.mark.e2e
def test_budgets(crawls):
    def budget(g):
        if g.kind == "task":
            return (None, None)
        return (g.budget_max, g.budget_max) if g.kind == "competition" else site.budget_band(g)

    expected = {str(g.id): budget(g) for g in crawls.world.open_gigs("lancers", 0)}
    assert {i: (r["budget_min_yen"], r["budget_max_yen"]) for i, r in crawls.after_first.items()} == expected


@pytest.mark.e2e
def test_task_unit_prices(crawls):
    """Writing projects are left out: their card shows a budget band, and what scoring reads from
    their text is scoring's business (tests/scoring)."""
    expected = {str(g.id): g.unit_price if g.kind == "task" else None
                for g in crawls.world.open_gigs("lancers", 0) if g.kind != "writing"}
    assert {i: crawls.after_first[i]["unit_price_yen"] for i in expected} == expected


@pytest.mark.e2e
def test_slots(crawls):
    expected = {str(g.id): g.units if g.kind == "task" else g.slots for g in crawls.world.open_gigs("lancers", 0)}
    assert {i: r["slots"] for i, r in crawls.after_first.items()} == expected


@pytest.mark.e2e
def test_applicants(crawls):
    """Tasks: units done (card); projects: 提案数 (detail page); competitions: 提案数 (card)."""
    expected = {str(g.id): g.done_units if g.kind == "task" else g.applicants
                for g in crawls.world.open_gigs("lancers", 0) if not g.limited or g.kind != "fixed"}
    assert {i: crawls.after_first[i]["applicants"] for i in expected} == expected


@pytest.mark.e2e
def test_client_names(crawls):
    expected = {str(g.id): g.client.name for g in crawls.world.open_gigs("lancers", 0) if not g.limited}
    assert {i: crawls.after_first[i]["client_name"] for i in expected} == expected


@pytest.mark.e2e
def test_client_figures(crawls):
    expected = {str(g.id): (g.client.orders or None, g.client.rating, True if g.client.verified else None)
                for g in crawls.world.open_gigs("lancers", 0)}
    shown = {i: (r["client_orders"], r["client_rating"], r["client_verified"]) for i, r in crawls.after_first.items()}
    assert shown == expected


@pytest.mark.e2e
def test_the_sites_own_rate_per_character_is_stored_as_printed(crawls):
    expected = {str(g.id): f"{site.yen_per_char(g):g}" for g in crawls.world.open_gigs("lancers", 0)
                if g.kind == "writing"}
    stored = {i: json.loads(r["raw"]).get("yen_per_char") for i, r in crawls.after_first.items()}
    assert (bool(expected), {i: v for i, v in stored.items() if v}) == (True, expected)


@pytest.mark.e2e
def test_the_stored_rate_reads_back_as_the_sites_figure(crawls):
    """`tanka rescore` re-reads raw: the typed yen_per_char is the card's (scoring decides what it prefers)."""
    expected = {str(g.id): site.yen_per_char(g) for g in crawls.world.open_gigs("lancers", 0) if g.kind == "writing"}
    typed = {i: normalize_gig(json.loads(crawls.after_first[i]["raw"]))["yen_per_char"] for i in expected}
    assert typed == expected


def newer(world: World) -> list:
    """Listings whose detail page is in the newer layout (and was fetched: not 限定公開)."""
    return [g for g in world.open_gigs("lancers", 0) if site.newer_layout(g) and not g.limited]


@pytest.mark.e2e
def test_both_detail_layouts_were_crawled(crawls):
    layouts = {site.newer_layout(g) for g in crawls.world.open_gigs("lancers", 0) if not g.limited}
    fetched = {r["detail_status"] for r in crawls.after_first.values() if "limited" not in r["tags"]}
    assert (layouts, fetched) == ({True, False}, {"fetched"})


@pytest.mark.e2e
def test_newer_layout_deadlines_are_the_pages_absolute_time(crawls):
    expected = {str(g.id): datetime.combine(g.deadline, time(0, 0), tzinfo=TOKYO) for g in newer(crawls.world)}
    assert {i: crawls.after_first[i]["deadline"] for i in expected} == expected


@pytest.mark.e2e
def test_newer_layout_posting_dates(crawls):
    expected = {str(g.id): datetime.combine(g.posted_at.date(), time(0, 0), tzinfo=TOKYO) for g in newer(crawls.world)}
    assert {i: crawls.after_first[i]["posted_at"] for i in expected} == expected


@pytest.mark.e2e
def test_newer_layout_client_order_rates(crawls):
    def rate(g):
        shown = site.client_order_rate(g)[0]
        return None if shown == "-" else float(shown.rstrip("%"))

    expected = {str(g.id): rate(g) for g in newer(crawls.world)}
    assert {i: crawls.after_first[i]["client_completion_rate"] for i in expected} == expected


@pytest.mark.e2e
def test_older_layout_listings_have_no_order_rate(crawls):
    older = [str(g.id) for g in crawls.world.open_gigs("lancers", 0) if not site.newer_layout(g)]
    assert {crawls.after_first[i]["client_completion_rate"] for i in older} == {None}


@pytest.mark.e2e
def test_newer_layout_view_counts(crawls):
    views = {i: r["view_count"] for i, r in crawls.after_first.items() if r["view_count"] is not None}
    assert views == {str(g.id): str(g.views) for g in newer(crawls.world)}


@pytest.mark.e2e
def test_deadlines_count_from_the_crawl(crawls):
    """Cards say あと N日 / N時間; the older layout adds no deadline, so that is what is stored."""
    now = crawls.world.now(0)
    expected, stored = {}, {}
    for g in regular(crawls.world):
        if site.newer_layout(g):
            continue
        row = crawls.after_first[str(g.id)]
        left = datetime.combine(g.deadline, time(0, 0), tzinfo=TOKYO) - now
        expected[g.id] = timedelta(days=left.days) if left.days else timedelta(hours=left.seconds // 3600)
        stored[g.id] = row["deadline"] - datetime.fromisoformat(row["crawled_at"])
    assert stored == expected


@pytest.mark.e2e
def test_descriptions_are_the_full_detail_text(crawls):
    full = {str(g.id): clean_block(g.description) for g in crawls.world.open_gigs("lancers", 0) if not g.limited}
    assert all(crawls.after_first[i]["description"].startswith(text) for i, text in full.items())


@pytest.mark.e2e
def test_limited_listings_are_kept_with_the_placeholder(crawls):
    limited = {str(g.id) for g in crawls.world.open_gigs("lancers", 0) if g.limited}
    stored = {i: r["title"] for i, r in crawls.after_first.items() if "limited" in r["tags"]}
    assert (len(limited), stored) == (1, dict.fromkeys(limited, "限定公開の仕事"))


@pytest.mark.e2e
def test_promoted_listings_are_tagged(crawls):
    first_page = crawls.world.open_gigs("lancers", 0)[:site.CARDS_PER_PAGE]
    promoted = {str(first_page[site.PR_MIDDLE_OF].id)} | {
        str(g.id) for g in crawls.world.open_gigs("lancers", 0)[site.CARDS_PER_PAGE:] if g.promoted}
    assert {i for i, r in crawls.after_first.items() if "promoted" in r["tags"]} == promoted


@pytest.mark.e2e
@pytest.mark.parametrize(("counter", "value"), [
    ("tanka/list/skipped/agency_ad", 18), ("tanka/list/skipped/onsite_job", 2),
    ("tanka/list/skipped/pr_duplicate", 2), ("tanka/list/pages", PAGES), ("tanka/detail/fetched", OPEN - 1),
    ("item_scraped_count", OPEN),
])
def test_first_crawl_stats(crawls, counter, value):
    assert crawls.stats[0].get(counter) == value


@pytest.mark.e2e
def test_a_detail_page_is_fetched_once_per_listing_but_never_for_a_limited_one(crawls):
    assert crawls.details_first == OPEN - 1


@pytest.mark.e2e
def test_the_second_crawl_stops_at_page_one(crawls):
    stats = crawls.stats[1]
    assert (stats.get("tanka/list/stopped_unchanged"), stats.get("tanka/list/pages")) == (1, 1)


@pytest.mark.e2e
def test_the_second_crawl_fetches_no_detail_page(crawls):
    assert (crawls.details_second, crawls.stats[1].get("tanka/detail/fetched")) == (0, None)


@pytest.mark.e2e
def test_the_second_crawl_finishes_cleanly(crawls):
    assert crawls.second.ok


@pytest.mark.e2e
@pytest.mark.parametrize("column", ["description", "client_name", "deadline", "applicants", "detail_status"])
def test_the_second_crawl_keeps_what_the_first_stored(crawls, column):
    """Card-only sightings keep the detail's full text and counts; the detail never wiped the card's."""
    changed = [i for i, r in crawls.after_first.items() if crawls.after_second[i][column] != r[column]]
    if column == "deadline":  # あと N 日 counts from each crawl's own clock
        changed = [i for i in changed if crawls.after_second[i][column] is None]
    assert changed == []


@pytest.mark.e2e
def test_a_day_later_every_new_listing_is_stored_with_its_detail(crawls):
    new = set(open_on(crawls.world, 1)) - set(open_on(crawls.world, 0))
    shown = {i: crawls.after_third[i]["detail_status"] for i in new}
    assert (bool(new), shown) == (True, dict.fromkeys(new, "fetched"))


@pytest.mark.e2e
def test_a_day_later_details_are_fetched_only_for_new_or_changed_listings(crawls):
    stats = crawls.stats[2]
    assert stats.get("tanka/detail/fetched", 0) == stats.get("tanka/seen/new", 0) + stats.get("tanka/seen/changed", 0)


@pytest.mark.e2e
@pytest.mark.parametrize(("counter", "value"), [
    ("tanka/list/failed/not_found", 1), ("tanka/list/failed/http_404", 1), ("tanka/list/pages", None),
    ("item_scraped_count", None),
])
def test_an_error_page_is_a_failed_list_page_not_an_empty_one(crawls, counter, value):
    assert crawls.stats[3].get(counter) == value


@pytest.mark.e2e
def test_an_error_page_leaves_its_listing_sets_incomplete(crawls):
    assert (crawls.fourth.run["partial"], crawls.fourth.run["complete_scopes"]) == (True, [])


@pytest.mark.e2e
def test_an_error_page_closes_nothing(crawls):
    changed = {i: r["status"] for i, r in crawls.after_fourth.items() if r["status"] != crawls.after_third[i]["status"]}
    assert (crawls.fourth.run["closed_unseen"], changed) == (0, {})
