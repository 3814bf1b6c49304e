"""CrowdWorks end to end: a real `scrapy crawl crowdworks` subprocess over HTTP against the replay
mirror, into a temporary DuckDB file; assertions on stored rows, runs and stats, never on exit codes.

The mirror's calendar starts today (Tokyo): the crawl subprocess reads the real clock, and the
store closes listings whose deadline has passed by it, so a calendar in the past would close
everything as expired and hide what these tests look at.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tanka.mirror.server import Fault, Mirror
from tanka.mirror.sites.crowdworks import ROBOTS_TXT, SITE
from tanka.normalize.dates import TOKYO
from tanka.normalize.text import clean_block
from tests.conftest import crawl_mirror, query

pytestmark = pytest.mark.e2e

LISTINGS = 120
DETAIL = r"^/public/jobs/\d+$"


def today() -> Any:
    return datetime.now(TOKYO).date()


def open_ids(mirror: Mirror, day: int | None = None) -> set[str]:
    return {str(g.id) for g in mirror.world.open_gigs("crowdworks", mirror.day if day is None else day)}


def run_row(db: Path, run_id: int | None = None) -> dict[str, Any]:
    rows = query(db, """SELECT run_id, finish_reason, items, errors, complete_scopes, closed_unseen, stats
                        FROM crawl_runs ORDER BY run_id""")
    names = ("run_id", "finish_reason", "items", "errors", "complete_scopes", "closed_unseen", "stats")
    runs = [dict(zip(names, r, strict=True)) for r in rows]
    run = runs[-1] if run_id is None else next(r for r in runs if r["run_id"] == run_id)
    run["stats"] = json.loads(run["stats"]) if run["stats"] else {}
    return run


def statuses(db: Path) -> dict[str, tuple[str, str]]:
    return {i: (s, d) for i, s, d in query(db, "SELECT listing_id, status, detail_status FROM listings")}


def detail_requests(mirror: Mirror, listing_id: str | None = None) -> int:
    pattern = DETAIL if listing_id is None else rf"^/public/jobs/{listing_id}$"
    return len(mirror.requested(pattern))


# ----- three crawls of one market: day 0, day 0 again, day 1 ---------------------------------------------
@pytest.fixture(scope="module")
def market(tmp_path_factory):
    db = tmp_path_factory.mktemp("crowdworks") / "tanka.duckdb"
    with Mirror(seed=5, listings=LISTINGS, start_date=today(), sites=["crowdworks"]) as mirror:
        seen: dict[str, Any] = {"mirror": mirror, "db": db, "open_day0": open_ids(mirror)}
        crawl_mirror("crowdworks", mirror, db)
        seen["run1"], seen["rows1"], seen["details1"] = run_row(db), statuses(db), detail_requests(mirror)
        seen["descriptions1"] = dict(query(db, "SELECT listing_id, description FROM listings"))
        crawl_mirror("crowdworks", mirror, db)
        seen["run2"], seen["rows2"], seen["details2"] = run_row(db), statuses(db), detail_requests(mirror)
        seen["descriptions2"] = dict(query(db, "SELECT listing_id, description FROM listings"))
        seen["day1_before"] = {str(g.id): g for g in mirror.world.open_gigs("crowdworks", 0)}
        mirror.advance()
        seen["open_day1"] = open_ids(mirror)
        seen["day1"] = {str(g.id): g for g in mirror.world.open_gigs("crowdworks", 1)}
        crawl_mirror("crowdworks", mirror, db)
        seen["run3"], seen["rows3"] = run_row(db), statuses(db)
        yield seen


def test_first_crawl_stores_every_open_listing(market):
    assert set(market["rows1"]) == market["open_day0"]


def test_first_crawl_leaves_every_listing_open(market):
    assert {s for s, _ in market["rows1"].values()} == {"open"}


def test_first_crawl_walks_the_whole_set(market):
    run = market["run1"]
    assert (run["finish_reason"], run["errors"], run["complete_scopes"]) == ("finished", 0, ["crowdworks:new"])


def test_first_crawl_fetches_every_detail_page_it_may(market):
    limited = {str(g.id) for g in market["mirror"].world.open_gigs("crowdworks", 0) if g.limited}
    fetched = {i for i, (_, d) in market["rows1"].items() if d == "fetched"}
    assert fetched == market["open_day0"] - limited


def test_login_only_listings_keep_their_list_values(market):
    limited = {str(g.id) for g in market["mirror"].world.open_gigs("crowdworks", 0) if g.limited}
    assert limited and {market["rows1"][i][1] for i in limited} == {"unavailable"}


def test_pr_repeats_are_counted_not_stored_twice(market):
    stats = market["run1"]["stats"]
    assert (stats.get("tanka/list/skipped/pr_duplicate", 0) >= 1, stats.get("tanka/duplicates_dropped", 0)) == (True, 0)


def test_pay_types_are_the_worlds_kinds(market):
    kinds = {str(g.id): g.kind for g in market["mirror"].world.open_gigs("crowdworks", 0)}
    stored = dict(query(market["db"], "SELECT listing_id, pay_type FROM listings"))
    assert {i: stored[i] for i in kinds} == kinds


@pytest.fixture(scope="module")
def stored_detail(market):
    gig = next(g for g in market["day1_before"].values() if g.kind == "fixed" and not g.limited
               and g.client.rating and g.category != "development" and str(g.id) in market["open_day1"])
    row = query(market["db"], """SELECT title, category, client_name, client_rating, client_orders, client_verified,
                                        client_completion_rate, description, detail_status, tags
                                 FROM listings WHERE listing_id = $id""", id=str(gig.id))[0]
    return gig, row


def test_detail_values_are_stored(stored_detail):
    gig, row = stored_detail
    client = gig.client
    assert row[2:7] == (client.name, client.rating, client.orders, client.verified, float(client.completion_rate))


def test_detail_category_is_stored(stored_detail):
    assert stored_detail[1][1] not in (None, "")


def test_full_description_is_stored(stored_detail):
    gig, row = stored_detail
    assert row[7] == gig.description.replace("\r\n", "\n")


def test_second_crawl_fetches_no_detail_page_again(market):
    assert (market["details1"], market["details2"]) == (market["details1"], market["details1"])


def test_second_crawl_counts_every_listing_unchanged(market):
    stats = market["run2"]["stats"]
    assert stats["tanka/detail/skipped_unchanged"] == len(market["open_day0"])


def test_second_crawl_keeps_the_full_descriptions(market):
    assert market["descriptions2"] == market["descriptions1"]


def test_second_crawl_closes_nothing(market):
    assert (market["run2"]["closed_unseen"], {s for s, _ in market["rows2"].values()}) == (0, {"open"})


def _price(gig: Any) -> tuple:
    return gig.budget_min, gig.budget_max, gig.hourly_min, gig.hourly_max, gig.unit_price


@pytest.fixture(scope="module")
def repriced(market):
    before, after = market["day1_before"], market["day1"]
    changed = sorted(i for i in before if i in after and _price(before[i]) != _price(after[i]))
    assert changed, "seed 5 should raise some prices on day 1"
    return changed


def test_a_changed_price_yields_a_snapshot_row(market, repriced):
    listing_id = repriced[0]
    gig = market["day1"][listing_id]
    rows = query(market["db"], """SELECT budget_max_yen, hourly_max_yen, unit_price_yen FROM listing_snapshots
                                  WHERE listing_id = $id AND run_id = $run""",
                 id=listing_id, run=market["run3"]["run_id"])
    expected = gig.budget_max if gig.kind in ("fixed", "competition") else None
    assert rows == [(expected, gig.hourly_max, gig.unit_price if gig.kind in ("task", "writing") else None)]


def test_a_changed_listing_gets_its_detail_page_again(market, repriced):
    assert {detail_requests(market["mirror"], i) for i in repriced if not market["day1"][i].limited} == {2}


def test_growing_applicant_counts_fetch_no_detail_page(market, repriced):
    steady = [i for i in market["open_day1"] & market["open_day0"]
              if i not in repriced and not market["day1"][i].limited]
    assert {detail_requests(market["mirror"], i) for i in steady} == {1}


def test_vanished_listings_are_closed(market):
    vanished = market["open_day0"] - market["open_day1"]
    assert vanished and {market["rows3"][i][0] for i in vanished} == {"closed"}


def test_the_run_counts_what_it_closed(market):
    assert market["run3"]["closed_unseen"] == len(market["open_day0"] - market["open_day1"])


def test_new_listings_appear_open(market):
    new = market["open_day1"] - market["open_day0"]
    assert new and {market["rows3"][i] for i in new} <= {("open", "fetched"), ("open", "unavailable")}


def test_listings_still_listed_stay_open(market):
    assert {market["rows3"][i][0] for i in market["open_day1"]} == {"open"}


# ----- refusals -------------------------------------------------------------------------------------------
def test_a_403_on_job_pages_keeps_the_listings_with_their_list_values(start_mirror, tmp_path):
    fault = Fault(DETAIL, 403, every=4)
    mirror = start_mirror(sites=["crowdworks"], listings=LISTINGS, start_date=today(), faults=[fault])
    db = tmp_path / "tanka.duckdb"
    crawl_mirror("crowdworks", mirror, db)
    refused = {p.rsplit("/", 1)[1] for s, p, status in mirror.requests if status == 403}
    rows = {r[0]: r[1:] for r in query(db, """SELECT listing_id, detail_status, client_rating, budget_max_yen,
                                                     description FROM listings""")}
    run = run_row(db)
    digests = {str(g.id): clean_block(g.description[:117] + "...") for g in mirror.world.open_gigs("crowdworks", 0)}
    assert set(rows) == open_ids(mirror)
    assert {rows[i][0] for i in refused} == {"unavailable"}
    assert {rows[i][1] for i in refused} == {None}
    assert {i: rows[i][3] for i in refused} == {i: digests[i] for i in refused}
    assert run["stats"]["tanka/detail/unavailable/http_403"] == len(refused) == fault.fired
    assert run["finish_reason"] == "finished"


@pytest.mark.parametrize(("status", "reason"), [(403, "blocked"), (500, "finished")])
def test_an_interrupted_run_closes_nothing(start_mirror, tmp_path, status, reason):
    mirror = start_mirror(sites=["crowdworks"], listings=LISTINGS, start_date=today())
    db = tmp_path / "tanka.duckdb"
    crawl_mirror("crowdworks", mirror, db)
    day0 = open_ids(mirror)
    mirror.advance(3)
    mirror.faults.append(Fault(r"^/public/jobs/search\?.*page=2", status))
    crawl_mirror("crowdworks", mirror, db)
    run = run_row(db)
    vanished = day0 - open_ids(mirror)
    stored = statuses(db)
    assert vanished and {stored[i][0] for i in vanished} == {"open"}
    assert (run["closed_unseen"], run["complete_scopes"]) == (0, [])
    assert run["finish_reason"].startswith(reason)
    assert run["stats"][f"tanka/list/failed/http_{status}"] == 1


def test_robots_txt_is_obeyed(start_mirror, tmp_path):
    mirror = start_mirror(sites=["crowdworks"], listings=LISTINGS, start_date=today())
    disallowed = ROBOTS_TXT.replace("Disallow: /api/\n", "Disallow: /api/\nDisallow: /public/jobs/1300010\n")
    mirror.sites["crowdworks"] = dataclasses.replace(SITE, robots={"CROWDWORKS_BASE_URL": disallowed})
    db = tmp_path / "tanka.duckdb"
    crawl_mirror("crowdworks", mirror, db)
    forbidden = {i for i in open_ids(mirror) if i.startswith("1300010")}
    stored = statuses(db)
    assert forbidden and not [p for p in mirror.requested(r"^/public/jobs/1300010")]
    assert {stored[i][1] for i in forbidden} == {"unavailable"}
    assert run_row(db)["stats"]["robotstxt/forbidden"] == len(forbidden - {
        str(g.id) for g in mirror.world.open_gigs("crowdworks", 0) if g.limited})


# ----- other listing sets ---------------------------------------------------------------------------------
def test_category_and_keyword_sets_are_walked_and_recorded(start_mirror, tmp_path):
    mirror = start_mirror(sites=["crowdworks"], listings=LISTINGS, start_date=today())
    db = tmp_path / "tanka.duckdb"
    crawl_mirror("crowdworks", mirror, db, lists="category:249,keyword:記事")
    scopes: dict[str, set[str]] = {}
    for scope, listing_id in query(db, "SELECT scope, listing_id FROM listing_scopes"):
        scopes.setdefault(scope, set()).add(listing_id)
    gigs = mirror.world.open_gigs("crowdworks", 0)
    data_entry = {str(g.id) for g in gigs if g.category == "data_entry"}
    articles = {str(g.id) for g in gigs if "記事" in g.title or "記事" in g.description}
    assert scopes == {"crowdworks:category:249": data_entry, "crowdworks:keyword:記事": articles}
    assert sorted(run_row(db)["complete_scopes"]) == ["crowdworks:category:249", "crowdworks:keyword:記事"]
