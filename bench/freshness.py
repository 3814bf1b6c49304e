"""Freshness (issue 15): from a listing's posting to its alert, with the scheduler polling every site.

The replay mirror runs here and posts a new listing on every site every POST_EVERY seconds (its
market posts one at a time, as the real sites do); `tanka schedule --mirror-state` runs in its own
process with an alerting profile that wants every gig (alert_min_score = 0), quick polls on a
seconds-level trigger (POLL_EVERY) and no full crawl. Its alerts go through apprise to a JSON
receiver here, which notes when each listing's alert arrived. Per site: the median and 95th
percentile delay, and the most requests one poll made; and whether polls fetched detail pages
only for new listings.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from store import connect
from tanka.mirror.server import Mirror
from tanka.sites import site_names

POLL_EVERY = 20  # seconds: the poll interval of this run (the default live one is 12 minutes)
POST_EVERY = 10  # seconds between two postings on each site
WARM_UP = 25  # seconds for the first polls (a fresh database: a baseline, nothing alerted)
SETTLE = POLL_EVERY + 25  # after the last posting, time for its alert
ROOT = Path(__file__).resolve().parents[1]
KEY = re.compile(r"^\s+(\w+):(\d+)$", re.MULTILINE)


def _receiver() -> tuple[ThreadingHTTPServer, dict[str, float]]:
    arrived: dict[str, float] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
            now = time.time()
            for site, listing_id in KEY.findall(body.get("message", "")):
                arrived.setdefault(f"{site}:{listing_id}", now)
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, arrived


def _config(folder: Path, hook: str, sites: list[str]) -> Path:
    path = folder / "tanka.toml"
    path.write_text(f"""
[crawl]
sites = {json.dumps(sites)}
[schedule.crawl]
default = "0 0 1 1 *"
[alerts]
urls = ["{hook}"]
email = false
poll = "every {POLL_EVERY}s"
[profiles.demo]
enabled = false
[profiles.fresh]
recipient = "bench@example.com"
alert = true
alert_min_score = 0
""", encoding="utf-8")
    return path


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def bench_freshness(listings: int = 300, seconds: float = 150) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="tanka-bench-fresh-"))
    server, arrived = _receiver()
    sites = site_names()
    try:
        with Mirror(seed=7, listings=listings) as mirror:
            state = folder / "mirror.json"
            state.write_text(json.dumps(mirror.state()), encoding="utf-8")
            db = folder / "tanka.duckdb"
            hook = f"json://127.0.0.1:{server.server_address[1]}/hook"
            env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "tanka.settings", "PYTHONUNBUFFERED": "1"}
            log = (folder / "scheduler.log").open("w", encoding="utf-8")
            daemon = subprocess.Popen([sys.executable, str(ROOT / "scheduler.py"), "--config",
                                       str(_config(folder, hook, sites)), "--db", str(db), "--mirror-state", str(state)],
                                      cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
            try:
                time.sleep(WARM_UP)
                end = time.monotonic() + seconds
                while time.monotonic() < end:
                    mirror.post_new()
                    time.sleep(POST_EVERY)
                time.sleep(SETTLE)
            finally:
                os.killpg(daemon.pid, signal.SIGTERM)
                daemon.wait(timeout=120)
                log.close()
            posted = list(mirror.posted)
        con = connect(db, read_only=True)
        try:
            runs = con.execute("SELECT site, stats FROM crawl_runs WHERE kind = 'poll' ORDER BY run_id").fetchall()
        finally:
            con.close()
    finally:
        server.shutdown()
        server.server_close()
    out: dict[str, Any] = {"poll_interval_s": POLL_EVERY, "post_every_s": POST_EVERY, "seconds": seconds,
                           "mirror_listings_per_site": listings, "sites": {}}
    for site in sites:
        delays = [arrived[f"{s}:{i}"] - at for s, i, at in posted if s == site and f"{s}:{i}" in arrived]
        stats = [json.loads(raw or "{}") for s, raw in runs if s == site]
        requests = [st.get("downloader/request_count", 0) for st in stats]
        only_new = all(st.get("tanka/detail/fetched", 0) + st.get("tanka/detail/unavailable/login_required", 0)
                       <= st.get("tanka/seen/new", 0) for st in stats)
        out["sites"][site] = {
            "posted": sum(1 for s, _, _ in posted if s == site), "alerted": len(delays),
            "delay_median_s": round(statistics.median(delays), 1) if delays else None,
            "delay_p95_s": round(_percentile(delays, 0.95), 1) if delays else None,
            "delay_max_s": round(max(delays), 1) if delays else None,
            "polls": len(stats), "requests_per_poll_max": max(requests, default=0),
            "requests_per_poll_median": statistics.median(requests) if requests else 0,
            "details_only_for_new_listings": only_new,
        }
    measured = [s for s in out["sites"].values() if s["delay_p95_s"] is not None]
    out["alert_delay_p95_s"] = max((s["delay_p95_s"] for s in measured), default=None)
    out["requests_per_poll_max"] = max((s["requests_per_poll_max"] for s in out["sites"].values()), default=0)
    out["all_posted_alerted"] = all(s["alerted"] == s["posted"] for s in out["sites"].values())
    shutil.rmtree(folder, ignore_errors=True)
    return out


if __name__ == "__main__":
    print(json.dumps(bench_freshness(seconds=float(sys.argv[1]) if len(sys.argv) > 1 else 60), indent=2))
