"""Crawls of the replay mirror over HTTP, each in its own Scrapy process (scheduler.run_site_crawl).

1. A full crawl of all three sites at day 0 into one fresh database, one site after another, as
   `tanka crawl --mirror` runs them: the peak RSS and PSS of each crawl's whole process tree
   (Scrapy, Playwright's driver, Chromium's processes), and which requests went through the browser.
2. Incremental CrowdWorks: the mirror moves on one quiet day (about 2% new or changed listings),
   CrowdWorks is crawled again into the same database, then in full into a fresh one; the share
   of requests, and the detail pages fetched vs the world's own count of new and changed listings.

The mirror's world lives longer than the default one (`QUIET_LIFETIME`), so that a day moves
about 2% of the market rather than 9%.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from bench.proctree import TreeSampler
from tanka.crawl import MIRROR_PACE, run_site_crawl
from tanka.mirror.server import Mirror
from tanka.mirror.sites.crowdworks import PR_SLOT_SIZES
from tanka.mirror.world import MirrorGig, World
from tanka.sites import registry, site_names

SEED = 11
QUIET_LIFETIME = (50, 75)
# Shufti job pages reuse browser pages (spiders.shufti.PageReusingScrapyPlaywrightDownloadHandler);
# MIRROR_PACE keeps scrapy-playwright's page per job, which tests/spiders/test_shufti_browser expects.
SITE_SETTINGS = {"shufti": {"SHUFTI_PAGE_REUSE": 20}}
PRICE_FIELDS = ("budget_min", "budget_max", "hourly_min", "hourly_max", "unit_price")
DETAIL_PATH = re.compile(r"^/public/jobs/\d+")


def quiet_mirror(listings: int) -> Mirror:
    mirror = Mirror(seed=SEED, listings=listings)
    # Mirror takes no lifetime yet: its world is replaced before it serves anything.
    mirror.world = World(SEED, listings, mirror.world.start_date, kinds=mirror.world.kinds,
                         id_base=mirror.world.id_base, lifetime_days=QUIET_LIFETIME)
    return mirror


def _crawl(mirror: Mirror, site: str, db: Path, log_dir: Path, **spider_args: Any) -> dict[str, Any]:
    before = len(mirror.requests)
    settings = {**mirror.base_urls, **MIRROR_PACE, **SITE_SETTINGS.get(site, {})}
    with TreeSampler() as tree:
        result = run_site_crawl(site, db, settings=settings,
                                spider_args={"max_pages": 0, **spider_args}, timeout=1800, log_dir=log_dir)
    requests = mirror.requests[before:]
    stats = json.loads(result.run.get("stats") or "{}")
    return {
        "seconds": round(result.seconds, 1), "listings": result.run.get("items"),
        "finish_reason": result.run.get("finish_reason"), "errors": result.run.get("errors"),
        "listings_per_s": round((result.run.get("items") or 0) / result.seconds, 1),
        "http_requests": len(requests),
        "detail_requests": stats.get("tanka/detail/fetched", 0),
        "peak_rss_mb": round(tree.peak_rss_mb), "peak_pss_mb": round(tree.peak_pss_mb),
        "peak_pss_mb_by_process": tree.peak_pss_by_kind, "processes": tree.processes_by_kind,
        "cpu_s_by_process": tree.cpu_by_kind,
        "scrapy_requests": stats.get("downloader/request_count", 0),
        "browser_pages": stats.get("playwright/request_count/navigation", 0),
        "browser_requests": stats.get("playwright/request_count", 0),
        "_requests": requests,
    }


def browser_check(runs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Which requests the browser made: only the pages of hosts a spider declares as needing
    JavaScript (Shufti's job pages, and the data their script loads)."""
    browser_hosts = {site.name: set(site.browser_settings) for site in registry()}
    scrapy_total = sum(r["scrapy_requests"] for r in runs.values())
    pages = sum(r["browser_pages"] for r in runs.values())
    on_hosts = [p for site, r in runs.items() for s, p, _ in r.get("_requests", [])
                if s in browser_hosts.get(site, ()) and p != "/robots.txt"]
    page_requests = [p for p in on_hosts if not p.startswith("/_mirror/")]
    others = {site: r["browser_requests"] for site, r in runs.items()
              if not browser_hosts.get(site) and r["browser_requests"]}
    return {
        "browser_request_share": round(pages / scrapy_total, 4) if scrapy_total else 0.0,
        "scrapy_requests": scrapy_total, "browser_pages": pages,
        "browser_requests_incl_page_fetches": sum(r["browser_requests"] for r in runs.values()),
        "browser_host_requests": len(on_hosts), "browser_page_requests": len(page_requests),
        "only_browser_host_pages": not others and pages == len(page_requests),
        "browser_requests_by_other_sites": others,
    }


def _pr_slots(world: World, day: int) -> dict[int, str]:
    """CrowdWorks' paid slots on every list page that day (mirror.sites.crowdworks.list_page)."""
    promoted = [g for g in world.open_gigs("crowdworks", day) if g.promoted]
    slots = {}
    for slot, size in PR_SLOT_SIZES:
        slots |= {g.id: slot for g in promoted[:size]}
        promoted = promoted[size:]
    return slots


def world_diff(world: World, day: int) -> dict[str, int]:
    """CrowdWorks listings new on `day`, or changed in what the list page shows and the spider
    hashes: the price (a raise) or the paid PR slot showing it. Counts it ignores (applicants,
    contracts) move every day and are not changes."""
    before = {g.id: g for g in world.open_gigs("crowdworks", day - 1)}
    slots_before, slots = _pr_slots(world, day - 1), _pr_slots(world, day)
    new = price = promotion = login_only = 0
    for gig in world.open_gigs("crowdworks", day):
        old: MirrorGig | None = before.get(gig.id)
        repriced = old is not None and any(getattr(old, f) != getattr(gig, f) for f in PRICE_FIELDS)
        promoted = old is not None and not repriced and slots_before.get(gig.id) != slots.get(gig.id)
        new += old is None
        price += repriced
        promotion += promoted
        login_only += (old is None or repriced or promoted) and gig.limited  # its page is never asked for
    return {"new": new, "changed_price": price, "changed_pr_slot": promotion, "login_only": login_only,
            "expected_detail_pages": new + price + promotion - login_only}


def bench_crawls(listings: int = 10_000, shufti_pages: int = 50) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="tanka-bench-crawl-"))
    out: dict[str, Any] = {"mirror_listings_per_site": listings, "shufti_list_pages": shufti_pages}
    try:
        with quiet_mirror(listings) as mirror:
            runs = {}
            for site in site_names():
                pages = {"max_pages": shufti_pages} if site == "shufti" else {}
                runs[site] = _crawl(mirror, site, folder / "day0.duckdb", folder, full=1, **pages)
            out["browser"] = browser_check(runs)
            out["full_crawl"] = {site: {k: v for k, v in r.items() if k != "_requests"} for site, r in runs.items()}
            out["peak_rss_mb"] = max(r["peak_rss_mb"] for r in runs.values())
            out["peak_pss_mb"] = max(r["peak_pss_mb"] for r in runs.values())

            mirror.advance(1)
            diff = world_diff(mirror.world, mirror.day)
            incremental = _crawl(mirror, "crowdworks", folder / "day0.duckdb", folder)
            full = _crawl(mirror, "crowdworks", folder / "day1-full.duckdb", folder, full=1)
        details = [p for s, p, _ in incremental["_requests"] if DETAIL_PATH.match(p)]
        out["incremental"] = {
            "world": diff,
            "incremental_requests": incremental["http_requests"], "full_requests": full["http_requests"],
            "incremental_request_share": round(incremental["http_requests"] / full["http_requests"], 4),
            "detail_pages_fetched": len(details),
            "detail_pages_match": len(details) == diff["expected_detail_pages"],
            "incremental_seconds": incremental["seconds"], "full_seconds": full["seconds"],
        }
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return out


# Live pacing for Shufti: one request at a time and one browser page at a time, as a live crawl
# asks them (its DOWNLOAD_DELAY of 5 s shortened to 1 s to keep `make bench` short: the delay
# changes how long the crawl takes, not how many pages are open at once).
SHUFTI_LIVE_PACE = {"DOWNLOAD_DELAY": 1, "RANDOMIZE_DOWNLOAD_DELAY": False, "CONCURRENT_REQUESTS": 1,
                    "CONCURRENT_REQUESTS_PER_DOMAIN": 1, "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": 1}


def shufti_live_memory(listings: int = 300, pages: int = 2) -> dict[str, Any]:
    """Peak PSS of the whole process tree of a Shufti crawl at live pacing (`shufti_peak_pss_mb`)."""
    folder = Path(tempfile.mkdtemp(prefix="tanka-bench-shufti-"))
    try:
        with Mirror(seed=SEED, listings=listings, sites=["shufti"]) as mirror:
            settings = {**mirror.base_urls, **MIRROR_PACE, **SHUFTI_LIVE_PACE}
            with TreeSampler() as tree:
                result = run_site_crawl("shufti", folder / "t.duckdb", settings=settings,
                                        spider_args={"max_pages": pages, "full": 1}, timeout=900, log_dir=folder)
        stats = json.loads(result.run.get("stats") or "{}")
        return {
            "settings": SHUFTI_LIVE_PACE, "list_pages": pages, "seconds": round(result.seconds, 1),
            "job_pages": stats.get("playwright/request_count/navigation", 0),
            "finish_reason": result.run.get("finish_reason"),
            "peak_pss_mb": round(tree.peak_pss_mb), "peak_rss_mb": round(tree.peak_rss_mb),
            "peak_pss_mb_by_process": tree.peak_pss_by_kind, "processes": tree.processes_by_kind,
        }
    finally:
        shutil.rmtree(folder, ignore_errors=True)
