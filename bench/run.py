"""Benchmarks: `make bench` (python -m bench.run [--quick]). Prints figures; never asserts on time.

* store: normalize + derive rate, Arrow upsert of new rows, re-upsert of unchanged rows, rescore;
* parse: real saved pages (../shared/fixtures, when present) through each spider's parser;
* crawl: each site's spider against the replay mirror over HTTP into a fresh DuckDB file —
  a first crawl (every detail page) and a second, incremental one — with the crawl process's
  peak memory (Scrapy's memusage/max; the browser's own processes are not included).

Figures go to stdout and to bench/results.json (the one bench output kept in git).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "settings")

from items import Gig
from mirror.world import World
from normalize.listing import normalize_gig
from scoring import derive
from store import connect
from store.migrations import migrate
from store.rescore import rescore
from store.upsert import upsert_listings

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "fixtures"
RESULTS = ROOT / "bench" / "results.json"
SAVED_PAGES = {
    "crowdworks": ["category_16.html", "jobs_new.json"],
    "lancers": ["search_keyword_ai.html", "cards_task_input.html"],
    "shufti": ["guest_jobs_tag1_p1.json"],
}


def timed(func: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    result = func()
    return result, time.perf_counter() - start


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def synthetic_gigs(count: int) -> list[Gig]:
    """Listings from the mirror's world, as raw Gigs (site-neutral shape)."""
    per_site = max(1, count // 3)
    world = World(7, per_site)
    now = datetime.now(UTC).isoformat()
    gigs = []
    for site in ("crowdworks", "lancers", "shufti"):
        for g in world.open_gigs(site, 0)[:per_site]:
            gigs.append(Gig(
                site=site, listing_id=str(g.id), url=f"https://example.invalid/{site}/{g.id}", title=g.title,
                pay_type=g.kind, budget_min_yen=g.budget_min, budget_max_yen=g.budget_max,
                hourly_min_yen=g.hourly_min, hourly_max_yen=g.hourly_max, unit_price_yen=g.unit_price,
                unit_minutes=g.unit_minutes, unit_chars=g.unit_chars, applicants=g.applicants, slots=g.slots,
                deadline=g.deadline.isoformat(), client_id=str(g.client.id), client_name=g.client.name,
                client_rating=g.client.rating, client_orders=g.client.orders, description=g.description,
                tags=g.tags, crawled_at=now, list_hash=str(g.id), detail_status="fetched", scope=f"{site}:new",
            ))
    return gigs


def bench_store(rows_wanted: int) -> dict[str, Any]:
    gigs = synthetic_gigs(rows_wanted)

    def build() -> list[dict[str, Any]]:
        rows = [normalize_gig(g) for g in gigs]
        for row in rows:
            row.update(derive(row))
        return rows

    rows, build_s = timed(build)
    folder = Path(tempfile.mkdtemp(prefix="tanka-bench-"))
    try:
        con = connect(folder / "bench.duckdb")
        migrate(con)
        first, first_s = timed(lambda: upsert_listings(con, rows, run_id=1, now=datetime.now(UTC)))
        second, second_s = timed(lambda: upsert_listings(con, rows, run_id=2, now=datetime.now(UTC)))
        con.execute("BEGIN TRANSACTION")
        rescored, rescore_s = timed(lambda: rescore(con))
        con.execute("COMMIT")
        con.close()
        size_mb = (folder / "bench.duckdb").stat().st_size / 1e6
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    n = len(rows)
    return {
        "rows": n,
        "normalize_and_score_rows_per_s": round(n / build_s),
        "upsert_new_rows_per_s": round(n / first_s),
        "upsert_unchanged_rows_per_s": round(n / second_s),
        "rescore_rows_per_s": round(rescored / rescore_s),
        "new_detected": first.new, "unchanged_detected": second.unchanged,
        "db_file_mb": round(size_mb, 1),
        "bench_process_peak_rss_mb": round(peak_rss_mb()),
    }


def bench_parse(repeat: int) -> dict[str, Any]:
    from offline import parse_saved_page, site_names

    out: dict[str, Any] = {}
    for site in site_names():
        for name in SAVED_PAGES.get(site, []):
            path = SHARED / site / name
            if not path.is_file():
                continue
            gigs, seconds = timed(lambda p=path, s=site: [parse_saved_page(s, p) for _ in range(repeat)])
            listings = sum(len(g) for g in gigs)
            out[f"{site}/{name}"] = {"listings_per_s": round(listings / seconds), "pages_per_s": round(repeat / seconds)}
    return out


def bench_crawl(site: str, listings: int) -> dict[str, Any]:
    from mirror.server import Mirror
    from scheduler import run_site_crawl
    from tanka_cli import MIRROR_PACE

    folder = Path(tempfile.mkdtemp(prefix=f"tanka-bench-{site}-"))
    db = folder / "crawl.duckdb"
    figures: dict[str, Any] = {"mirror_listings": listings}
    try:
        with Mirror(seed=11, listings=listings, sites=[site]) as mirror:
            settings = {**mirror.base_urls, **MIRROR_PACE}
            for label in ("first", "second"):
                before = len(mirror.requests)
                result = run_site_crawl(site, db, settings=settings, spider_args={"max_pages": 0, "full": 1},
                                        timeout=3600, log_dir=folder)
                run = result.run
                requests = len(mirror.requests) - before
                stats = json.loads(run.get("stats") or "{}")
                figures[label] = {
                    "seconds": round(result.seconds, 1), "listings": run.get("items"),
                    "peak_memory_mb": round(stats.get("memusage/max", 0) / 1e6),
                    "listings_per_s": round((run.get("items") or 0) / result.seconds, 1),
                    "http_requests": requests, "requests_per_s": round(requests / result.seconds, 1),
                    "finish_reason": run.get("finish_reason"), "errors": run.get("errors"),
                }
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    parser.add_argument("--rows", type=int, default=100_000, help="store benchmark rows (default 100,000)")
    parser.add_argument("--listings", type=int, default=10_000, help="mirror listings per site (default 10,000)")
    parser.add_argument("--browser-listings", type=int, default=300,
                        help="mirror listings for Shufti, whose job pages each open a browser page (default 300)")
    parser.add_argument("--sites", default=None, help="comma-separated sites to crawl (default: all)")
    args = parser.parse_args(argv)
    if args.quick:
        args.rows, args.listings, args.browser_listings = 5_000, 300, 40
    from offline import site_names

    results: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
        "args": vars(args),
    }
    # Crawls first: a crawl subprocess inherits this process's peak memory figure (Linux keeps
    # ru_maxrss across exec), so it must start while this process is still small.
    results["crawl"] = {}
    sites = args.sites.split(",") if args.sites else site_names()
    for site in sites:
        size = args.browser_listings if site == "shufti" else args.listings
        print(f"crawl: {site}, {size:,} mirror listings …", file=sys.stderr)
        results["crawl"][site] = bench_crawl(site, size)
    print("parse: saved pages …", file=sys.stderr)
    results["parse"] = bench_parse(repeat=20 if args.quick else 200)
    print(f"store: {args.rows:,} rows …", file=sys.stderr)
    results["store"] = bench_store(args.rows)
    print(json.dumps(results, indent=2, ensure_ascii=False))
    if not args.quick:
        RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"written to {RESULTS.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
