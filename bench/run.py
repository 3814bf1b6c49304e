"""Benchmarks: `make bench` (python -m bench.run [--quick]). Prints the table of issue 8's rows and
writes bench/results.json (the one bench output kept in git). Figures only: nothing here asserts.

Rows, each measured side by side in this one run on pages and markets the replay mirror generates:
parse (bench.parse), store (bench.store), incremental crawl, peak memory and browser share
(bench.crawl), `tanka top` and the digest over 1,000,000 listings (bench.bigdb). See BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "tanka.settings")

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results.json"
SHARED = ROOT.parent / "shared" / "fixtures"


def _load() -> float:
    return os.getloadavg()[0]


def measure(args: argparse.Namespace) -> dict[str, Any]:
    from bench.bigdb import bench_bigdb
    from bench.crawl import bench_crawls, shufti_live_memory
    from bench.freshness import bench_freshness
    from bench.parse import bench_parse, bench_saved_pages
    from bench.store import bench_store

    out: dict[str, Any] = {}
    steps = [
        ("parse", lambda: bench_parse()),
        ("store", lambda: bench_store(args.rows, args.baseline_rows)),
        ("top_1m", lambda: bench_bigdb(args.big)),
        ("crawl", lambda: bench_crawls(args.listings, args.shufti_pages)),
        ("shufti_live", lambda: shufti_live_memory(pages=args.shufti_live_pages)),
        ("freshness", lambda: bench_freshness(seconds=args.freshness_seconds)),
    ]
    if SHARED.is_dir():
        steps.insert(1, ("parse_saved_pages", lambda: bench_saved_pages(SHARED)))
    for name, step in steps:
        print(f"bench: {name} … (load {_load():.2f})", file=sys.stderr, flush=True)
        start = time.perf_counter()
        out[name] = step()
        out.setdefault("seconds", {})[name] = round(time.perf_counter() - start, 1)
    return out


def headline(m: dict[str, Any]) -> dict[str, float]:
    """The numbers issues 8 and 15 ask for, one per row."""
    parse, store, crawl = m["parse"], m["store"], m["crawl"]
    return {
        "parse_speedup_vs_bs4": min(site["speedup"] for site in parse.values() if "speedup" in site),
        "crowdworks_listings_per_s": parse["crowdworks"]["tanka"]["list_listings_per_s"],
        "upsert_speedup_vs_executemany": store["speedup"],
        "upsert_rows_per_s": store["arrow_sql_rows_per_s"],
        "incremental_request_share": crawl["incremental"]["incremental_request_share"],
        "top_query_ms_1m": m["top_1m"]["slowest_ms"],
        "peak_rss_mb": crawl["peak_rss_mb"],
        "browser_request_share": crawl["browser"]["browser_request_share"],
        "alert_delay_p95_s": m["freshness"]["alert_delay_p95_s"],
        "poll_interval_s": m["freshness"]["poll_interval_s"],
        "requests_per_poll_max": m["freshness"]["requests_per_poll_max"],
        "shufti_peak_pss_mb": m["shufti_live"]["peak_pss_mb"],
    }


def table(h: dict[str, float], m: dict[str, Any]) -> list[tuple[str, str, str, bool]]:
    parse, store, crawl, big, fresh = m["parse"], m["store"], m["crawl"], m["top_1m"], m["freshness"]
    compared = {s: p for s, p in parse.items() if "speedup" in p}  # sites with a BeautifulSoup baseline
    slowest = min(compared, key=lambda s: compared[s]["speedup"])
    inc = crawl["incremental"]
    shufti = crawl["full_crawl"]["shufti"]
    by_site = max(crawl["full_crawl"], key=lambda s: crawl["full_crawl"][s]["peak_rss_mb"])
    return [
        ("parse vs BeautifulSoup (slowest site, one core)",
         f"{h['parse_speedup_vs_bs4']}× ({slowest}); " + ", ".join(f"{s} {p['speedup']}×" for s, p in compared.items()),
         "≥ 5×", h["parse_speedup_vs_bs4"] >= 5),
        ("CrowdWorks JSON list pages", f"{h['crowdworks_listings_per_s']:,} listings/s", "≥ 2,000/s",
         h["crowdworks_listings_per_s"] >= 2000),
        ("store: Arrow upsert vs executemany, 100k rows",
         f"{h['upsert_speedup_vs_executemany']}× (executemany {store['executemany_rows_per_s']} rows/s)", "≥ 50×",
         h["upsert_speedup_vs_executemany"] >= 50),
        ("store: Arrow batch upsert rows/s",
         f"{h['upsert_rows_per_s']:,} SQL from Arrow; {store['arrow_upsert_new_rows_per_s']:,} from dicts",
         "≥ 100,000/s", h["upsert_rows_per_s"] >= 100_000),
        ("incremental crawl, 10k CrowdWorks, quiet day",
         f"{h['incremental_request_share']:.1%} of a full re-crawl; details {inc['detail_pages_fetched']} "
         f"= new+changed {inc['world']['expected_detail_pages']}: {inc['detail_pages_match']}",
         "≤ 5%, = new+changed", h["incremental_request_share"] <= 0.05 and inc["detail_pages_match"]),
        ("tanka top / digest over 1M listings (median)",
         f"{h['top_query_ms_1m']} ms (top {big['top_ms']}, digest {big['digest_build_ms']})", "≤ 200 ms",
         h["top_query_ms_1m"] <= 200),
        ("peak memory, full mirror crawl (process tree)",
         f"{h['peak_rss_mb']:,} MB RSS ({by_site}); PSS {crawl['peak_pss_mb']:,} MB; Shufti "
         f"{shufti['listings']} job pages", "≤ 500 MB", h["peak_rss_mb"] <= 500),
        ("requests through the browser",
         f"{h['browser_request_share']:.1%}, pages of JavaScript hosts only (Shufti's job pages): "
         f"{crawl['browser']['only_browser_host_pages']}",
         "Shufti job pages only", bool(crawl["browser"]["only_browser_host_pages"])),
        ("alert delay, posting → alert (p95, worst site)",
         f"{h['alert_delay_p95_s']} s with polls every {h['poll_interval_s']} s; " + ", ".join(
             f"{s} median {v['delay_median_s']} / p95 {v['delay_p95_s']} s ({v['alerted']}/{v['posted']})"
             for s, v in fresh["sites"].items()),
         "≤ poll interval + 120 s", h["alert_delay_p95_s"] is not None and fresh["all_posted_alerted"]
         and h["alert_delay_p95_s"] <= h["poll_interval_s"] + 120),
        ("requests per poll (most, any site)",
         f"{h['requests_per_poll_max']}; detail pages only for new listings: "
         f"{all(v['details_only_for_new_listings'] for v in fresh['sites'].values())}",
         "≤ 10, details for new only", h["requests_per_poll_max"] <= 10
         and all(v["details_only_for_new_listings"] for v in fresh["sites"].values())),
        ("Shufti crawl at live pacing, peak PSS (process tree)",
         f"{h['shufti_peak_pss_mb']} MB ({m['shufti_live']['job_pages']} job pages, one at a time)", "≤ 700 MB",
         h["shufti_peak_pss_mb"] <= 700),
    ]


def print_table(rows: list[tuple[str, str, str, bool]]) -> None:
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    print(f"{'what':<{widths[0]}}  {'figure':<{widths[1]}}  {'target':<{widths[2]}}  met")
    for what, figure, target, met in rows:
        print(f"{what:<{widths[0]}}  {figure:<{widths[1]}}  {target:<{widths[2]}}  {'yes' if met else 'NO'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, a smoke run (results.json untouched)")
    parser.add_argument("--rows", type=int, default=100_000, help="store rows (default 100,000)")
    parser.add_argument("--baseline-rows", type=int, default=1_000,
                        help="rows for the executemany baseline, extrapolated (default 1,000)")
    parser.add_argument("--big", type=int, default=1_000_000, help="listings for top and the digest")
    parser.add_argument("--listings", type=int, default=10_000, help="mirror listings per site (default 10,000)")
    parser.add_argument("--shufti-pages", type=int, default=50,
                        help="Shufti list pages crawled, 20 job pages each through Chromium (default 50)")
    parser.add_argument("--shufti-live-pages", type=int, default=2,
                        help="Shufti list pages of the live-pacing memory run (20 job pages each; default 2)")
    parser.add_argument("--freshness-seconds", type=float, default=80,
                        help="how long the mirror posts listings in the freshness run (default 80)")
    args = parser.parse_args(argv)
    if args.quick:
        args.rows, args.baseline_rows, args.big, args.listings, args.shufti_pages = 5_000, 200, 50_000, 300, 2
        args.shufti_live_pages, args.freshness_seconds = 1, 30
    started = time.perf_counter()
    load = _load()
    measured = measure(args)
    h = headline(measured)
    rows = table(h, measured)
    results = {
        **h,
        "targets_met": {what: met for what, _, _, met in rows},
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform(),
                    "load_at_start": round(load, 2), "load_at_end": round(_load(), 2)},
        "args": vars(args),
        "total_seconds": round(time.perf_counter() - started, 1),
        **measured,
    }
    print_table(rows)
    print(f"total {results['total_seconds']:.0f} s on {os.cpu_count()} cores (load {load:.2f} at start)")
    if not args.quick:
        RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
        print(f"written to {RESULTS.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
