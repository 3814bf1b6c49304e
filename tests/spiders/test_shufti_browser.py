"""Shufti job pages in real headless Chromium through scrapy-playwright.

One `scrapy crawl shufti` subprocess crawls the replay mirror, whose job pages, like the real
app's, hold no job until their script runs; one page is made to never render. A plain GET of
the same pages must show no description, so a stored description proves the browser path ran.
"""

from __future__ import annotations

import json
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from scrapy.http import HtmlResponse

from tanka.crawl import MIRROR_PACE, CrawlResult, run_site_crawl
from tanka.mirror.server import Mirror
from tanka.mirror.sites.shufti import job_attributes, job_description, job_name, never_renders
from tanka.mirror.world import MirrorGig
from tanka.normalize.text import clean_block
from tanka.offline import spider_for
from tanka.settings import TANKA_CHROMIUM
from tests.conftest import MIRROR_START, query

pytestmark = [
    pytest.mark.browser,
    pytest.mark.e2e,
    pytest.mark.skipif(not TANKA_CHROMIUM, reason="no Chromium found (set TANKA_CHROMIUM or run `make chromium`)"),
]


@dataclass
class Crawled:
    mirror: Mirror
    gigs: list[MirrorGig]
    broken: MirrorGig  # its page never renders
    db: Path
    result: CrawlResult
    stats: dict[str, Any]

    def row(self, gig: MirrorGig) -> dict[str, Any]:
        cursor = ("SELECT title, description, detail_status, budget_max_yen, unit_price_yen, site_hourly_yen "
                  "FROM listings WHERE site = 'shufti' AND listing_id = $id")
        values = query(self.db, cursor, id=str(gig.id))[0]
        names = ("title", "description", "detail_status", "budget_max_yen", "unit_price_yen", "site_hourly_yen")
        return dict(zip(names, values, strict=True))


def run_stats(result: CrawlResult) -> dict[str, Any]:
    stats = result.run.get("stats") or {}
    return json.loads(stats) if isinstance(stats, str) else stats


@pytest.fixture(scope="module")
def crawled(tmp_path_factory) -> Any:
    mirror = Mirror(seed=5, listings=30, start_date=MIRROR_START, sites=["shufti"]).start()
    try:
        gigs = mirror.world.open_gigs("shufti", 0)
        broken = gigs[1]
        mirror.faults.append(never_renders(broken.id))
        db = tmp_path_factory.mktemp("shufti-browser") / "crawl.duckdb"
        result = run_site_crawl("shufti", db, timeout=240, log_dir=db.parent / "logs", spider_args={"max_pages": 0},
                                settings={**mirror.base_urls, **MIRROR_PACE, "SHUFTI_RENDER_TIMEOUT_MS": 3000})
        yield Crawled(mirror, gigs, broken, db, result, run_stats(result))
    finally:
        mirror.stop()


def plain_get(crawled: Crawled, gig: MirrorGig) -> str:
    url = f"{crawled.mirror.base_urls['SHUFTI_APP_BASE_URL']}/jobs/view/{gig.id}"
    with urllib.request.urlopen(url, timeout=10) as reply:
        return reply.read().decode("utf-8")


def test_the_crawl_finished_cleanly(crawled):
    assert (crawled.result.run.get("finish_reason"), crawled.result.run.get("errors")) == ("finished", 0)


def test_a_plain_get_holds_no_description(crawled):
    gig = crawled.gigs[0]
    body = plain_get(crawled, gig)
    first_line = job_description(gig, 0).splitlines()[1]
    assert (first_line in body, job_name(gig) in body) == (False, False)


def test_a_plain_get_is_no_job_page_for_the_spider(crawled):
    gig = crawled.gigs[0]
    response = HtmlResponse(f"https://app.shufti.jp/jobs/view/{gig.id}", body=plain_get(crawled, gig).encode(),
                            encoding="utf-8")
    assert spider_for("shufti").page_kind(response) is None


def test_the_browser_rendered_description_is_stored(crawled):
    gig = crawled.gigs[0]
    assert crawled.row(gig)["description"] == clean_block(job_description(gig, 0))


def test_the_title_is_read_from_the_rendered_h1(crawled):
    gig = crawled.gigs[0]
    assert crawled.row(gig)["title"] == job_name(gig)


def test_every_other_page_was_rendered(crawled):
    assert crawled.stats.get("tanka/detail/fetched") == len(crawled.gigs) - 1


def test_a_page_that_never_renders_is_counted(crawled):
    assert crawled.stats.get("tanka/detail/unavailable/not_rendered") == 1


def test_a_page_that_never_renders_is_marked_unavailable(crawled):
    assert crawled.row(crawled.broken)["detail_status"] == "unavailable"


def test_a_page_that_never_renders_keeps_the_api_values(crawled):
    row, attrs = crawled.row(crawled.broken), job_attributes(crawled.broken, 0)
    assert (row["title"], row["description"], row["budget_max_yen"], row["unit_price_yen"], row["site_hourly_yen"]) == (
        attrs["name"], None, int(attrs["price"]), int(attrs["unit_price"]), attrs["job_hourly_wage"])


def test_no_page_is_left_open(crawled):
    stats = crawled.stats
    assert (stats.get("playwright/page_count"), stats.get("playwright/page_count/closed")) == (
        len(crawled.gigs), len(crawled.gigs))


def test_only_job_pages_go_through_the_browser(crawled):
    # The API pages were fetched by Scrapy's own downloader: the browser navigated to job pages only.
    assert crawled.stats.get("playwright/request_count/navigation") == len(crawled.gigs)


def test_the_api_pages_were_fetched(crawled):
    assert len(crawled.mirror.requested(r"^/api/v1/guest/jobs\?", "SHUFTI_API_BASE_URL")) == crawled.stats.get(
        "tanka/list/pages") == 2


def test_open_pages_are_capped(crawled):
    assert crawled.stats.get("playwright/page_count/max_concurrent") <= MIRROR_PACE["PLAYWRIGHT_MAX_PAGES_PER_CONTEXT"]


def test_the_browser_starts_only_for_job_pages_and_closes_when_idle(tmp_path: Path) -> None:
    """Job pages 2 s apart with a 0.5 s idle limit: the browser closes between them and starts
    again for the next; a crawl that needs no job page never starts it."""
    with Mirror(seed=5, listings=3, start_date=MIRROR_START, sites=["shufti"]) as mirror:
        settings = {**mirror.base_urls, **MIRROR_PACE, "SHUFTI_BROWSER_IDLE_SECONDS": 0.5, "DOWNLOAD_DELAY": 2,
                    "CONCURRENT_REQUESTS_PER_DOMAIN": 1}
        db = tmp_path / "t.duckdb"
        result = run_site_crawl("shufti", db, settings=settings, spider_args={"max_pages": 1}, timeout=240,
                                log_dir=tmp_path)
        stats = run_stats(result)
        assert result.ok, result.summary()
        assert stats.get("tanka/detail/fetched", 0) >= 2
        assert stats["tanka/browser/started"] >= 2 and stats["tanka/browser/closed_idle"] >= 1
        again = run_site_crawl("shufti", db, settings=settings, spider_args={"max_pages": 1}, timeout=240,
                               log_dir=tmp_path)
        stats = run_stats(again)
        assert again.ok and stats.get("tanka/detail/fetched", 0) == 0
        assert "tanka/browser/started" not in stats and "playwright/browser_count" not in stats
