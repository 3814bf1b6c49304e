"""End to end: `scrapy crawl shufti` against the replay mirror into a temporary DuckDB file.

Three crawls of one mirror: the first stores every listing with its browser-rendered
description; the second, the same day, renders no page and stops at the first unchanged page;
the third, two days later, renders only the new and changed listings. A crawl with live Shufti
switched off asks nothing and says why.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tanka.crawl import MIRROR_PACE, CrawlResult, run_site_crawl
from tanka.mirror.server import Mirror
from tanka.mirror.sites.shufti import job_attributes, job_description
from tanka.normalize.text import clean_block
from tanka.settings import TANKA_CHROMIUM
from tests.conftest import MIRROR_START, crawl_mirror, query

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.skipif(not TANKA_CHROMIUM, reason="no Chromium found (set TANKA_CHROMIUM or run `make chromium`)"),
]


def run_stats(result: CrawlResult) -> dict[str, Any]:
    stats = result.run.get("stats") or {}
    return json.loads(stats) if isinstance(stats, str) else stats


@pytest.fixture(scope="module")
def crawls(tmp_path_factory) -> Any:
    mirror = Mirror(seed=2, listings=40, start_date=MIRROR_START, sites=["shufti"]).start()
    db = tmp_path_factory.mktemp("shufti-e2e") / "crawl.duckdb"
    try:
        first = crawl_mirror("shufti", mirror, db)
        rows_after_first = rows(db)
        second = crawl_mirror("shufti", mirror, db)
        rows_after_second = rows(db)
        mirror.advance(2)
        third = crawl_mirror("shufti", mirror, db)
        yield {"mirror": mirror, "db": db, "first": first, "second": second, "third": third,
               "rows_after_first": rows_after_first, "rows_after_second": rows_after_second}
    finally:
        mirror.stop()


def rows(db: Path) -> dict[str, dict[str, Any]]:
    names = ("listing_id", "pay_type", "budget_max_yen", "unit_price_yen", "units", "site_hourly_yen", "tags",
             "client_name", "description", "detail_status", "deadline")
    found = query(db, f"SELECT {', '.join(names)} FROM listings WHERE site = 'shufti'")
    return {r[0]: dict(zip(names, r, strict=True)) for r in found}


def test_the_first_crawl_finished_cleanly(crawls):
    run = crawls["first"].run
    assert (run["finish_reason"], run["errors"]) == ("finished", 0)


def test_every_open_listing_is_stored(crawls):
    open_ids = {str(g.id) for g in crawls["mirror"].world.open_gigs("shufti", 0)}
    assert set(crawls["rows_after_first"]) == open_ids


def test_the_api_values_are_stored(crawls):
    for gig in crawls["mirror"].world.open_gigs("shufti", 0):
        row, attrs = crawls["rows_after_first"][str(gig.id)], job_attributes(gig, 0)
        price, unit_price = int(attrs["price"]), int(attrs["unit_price"])
        assert (row["pay_type"], row["budget_max_yen"], row["unit_price_yen"], row["units"], row["site_hourly_yen"],
                row["client_name"]) == ({1: "fixed", 2: "task"}[attrs["type"]], price, unit_price,
                                        price // unit_price, attrs["job_hourly_wage"], attrs["client_name"])


def test_the_job_tags_are_stored(crawls):
    for gig in crawls["mirror"].world.open_gigs("shufti", 0):
        names = [t["name"] for t in job_attributes(gig, 0)["job_tags"]]
        assert crawls["rows_after_first"][str(gig.id)]["tags"][:len(names)] == names


def test_deadlines_are_stored(crawls):
    # Only a limited listing shown with `--` has none.
    missing = [i for i, r in crawls["rows_after_first"].items() if r["deadline"] is None]
    assert missing == [str(g.id) for g in crawls["mirror"].world.open_gigs("shufti", 0)
                       if job_attributes(g, 0)["period"] == "--"]


def test_descriptions_rendered_by_the_browser_are_stored(crawls):
    for gig in crawls["mirror"].world.open_gigs("shufti", 0):
        row = crawls["rows_after_first"][str(gig.id)]
        assert (row["detail_status"], row["description"]) == ("fetched", clean_block(job_description(gig, 0)))


def test_the_first_crawl_rendered_one_page_per_listing(crawls):
    stats = run_stats(crawls["first"])
    assert stats["playwright/page_count"] == stats["tanka/detail/fetched"] == len(crawls["rows_after_first"])


def test_a_second_crawl_renders_no_page(crawls):
    stats = run_stats(crawls["second"])
    assert (stats.get("playwright/page_count", 0), stats.get("playwright/browser_count", 0)) == (0, 0)


def test_a_second_crawl_stops_at_the_first_unchanged_page(crawls):
    stats = run_stats(crawls["second"])
    assert (stats.get("tanka/list/pages"), stats.get("tanka/list/stopped_unchanged"),
            stats.get("tanka/detail/skipped_unchanged")) == (1, 1, 20)


def test_a_second_crawl_keeps_the_descriptions(crawls):
    def details(found: dict[str, dict[str, Any]]) -> dict[str, tuple[Any, Any]]:
        return {i: (r["detail_status"], r["description"]) for i, r in found.items()}

    assert details(crawls["rows_after_second"]) == details(crawls["rows_after_first"])


def test_a_later_crawl_renders_only_new_and_changed_listings(crawls):
    stats = run_stats(crawls["third"])
    rendered = stats.get("playwright/page_count", 0)
    assert rendered == stats.get("tanka/seen/new", 0) + stats.get("tanka/seen/changed", 0) > 0


def test_a_later_crawl_stores_the_new_listings_descriptions(crawls):
    after = rows(crawls["db"])
    new = set(after) - set(crawls["rows_after_first"])
    assert new and all(after[i]["detail_status"] == "fetched" and after[i]["description"] for i in new)


def test_live_shufti_switched_off_crawls_nothing_and_says_why(start_mirror, tmp_path):
    mirror = start_mirror(sites=["shufti"], listings=20)
    db = tmp_path / "off.duckdb"
    result = run_site_crawl("shufti", db, settings={**mirror.base_urls, **MIRROR_PACE, "SHUFTI_ENABLED": False},
                            spider_args={"max_pages": 0}, timeout=120, log_dir=tmp_path / "logs")
    log = result.log_path.read_text(encoding="utf-8")
    assert (mirror.requests, result.run.get("finish_reason"), result.run.get("items"),
            "SHUFTI_ENABLED is off" in log) == ([], "shufti_disabled", 0, True)
