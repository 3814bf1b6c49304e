"""Crawl subprocesses and the scheduling daemon (APScheduler 3.11, Asia/Tokyo).

Each crawl is a `scrapy crawl <site>` subprocess with a timeout: Twisted's reactor cannot be
restarted in one process, and a crashed crawl must not take the scheduler down. Crawls and the
digest write the one DuckDB file, which only one process may hold at a time, so every job runs
on a single worker thread, one after another: they never overlap. `tanka crawl` uses the same
functions.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from config import Config, load_config
from store import DatabaseLocked, connect, open_store
from store.runs import mark_abandoned

log = logging.getLogger("tanka.scheduler")

GRACEFUL_STOP_SECONDS = 60

Progress = Callable[[dict[str, Any]], None]


@dataclass
class CrawlResult:
    site: str
    returncode: int | None
    seconds: float
    log_path: Path
    timed_out: bool = False
    run: dict[str, Any] = field(default_factory=dict)  # the crawl_runs row

    @property
    def ok(self) -> bool:
        return (self.returncode == 0 and not self.timed_out and self.run.get("finish_reason") == "finished"
                and not self.run.get("errors"))

    def summary(self) -> str:
        run = self.run
        if not run:
            return f"{self.site}: no run recorded (exit code {self.returncode}); see {self.log_path}"
        reason = run.get("finish_reason") or "interrupted"
        state = "ok" if self.ok else f"PROBLEM ({reason}, {run.get('errors', 0)} errors; log: {self.log_path})"
        return (f"{self.site}: {run.get('items', 0)} listings, {run.get('new_listings', 0)} new, "
                f"{run.get('changed', 0)} changed, {run.get('closed_unseen', 0)} closed, "
                f"{run.get('pages', 0)} pages in {self.seconds:.1f}s — {state}")


def crawl_command(site: str, db_path: Path, settings: dict[str, Any] | None = None,
                  spider_args: dict[str, Any] | None = None) -> list[str]:
    cmd = [sys.executable, "-m", "scrapy", "crawl", site, "-s", f"TANKA_DB={db_path}", "-s", "TANKA_PROGRESS=jsonl"]
    for name, value in (settings or {}).items():
        cmd += ["-s", f"{name}={value}"]
    for name, value in (spider_args or {}).items():
        if value is not None:
            cmd += ["-a", f"{name}={value}"]
    return cmd


def _last_run(db_path: Path, site: str, since: datetime) -> dict[str, Any]:
    try:
        con = connect(db_path, read_only=True, wait_seconds=30)
    except (DatabaseLocked, FileNotFoundError):
        return {}
    try:
        cursor = con.execute(
            """SELECT * FROM crawl_runs WHERE site = $site AND started_at >= $since
               ORDER BY run_id DESC LIMIT 1""",
            {"site": site, "since": since - timedelta(seconds=5)},
        )
        names = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
    except Exception:  # a database without the tables yet
        return {}
    finally:
        con.close()
    return dict(zip(names, rows[0], strict=True)) if rows else {}


def run_site_crawl(site: str, db_path: Path, *, settings: dict[str, Any] | None = None,
                   spider_args: dict[str, Any] | None = None, timeout: float | None = None,
                   on_progress: Progress | None = None, log_dir: Path | None = None,
                   config_path: Path | None = None) -> CrawlResult:
    """Run one site's spider in a subprocess; returns when it ends (or is stopped at `timeout`)."""
    db_path = Path(db_path).resolve()
    log_dir = log_dir or db_path.parent / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    started = datetime.now(UTC)
    log_path = log_dir / f"crawl-{site}-{started:%Y%m%dT%H%M%S}.log"
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "settings", "PYTHONUNBUFFERED": "1"}
    if config_path:
        env["TANKA_CONFIG"] = str(config_path)
    cmd = crawl_command(site, db_path, settings, spider_args)
    clock = time.monotonic()
    timed_out = False
    with log_path.open("w", encoding="utf-8") as log_file:
        process = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=log_file, env=env, text=True,
                                   encoding="utf-8", start_new_session=True)
        reader = threading.Thread(target=_read_progress, args=(process, on_progress), daemon=True)
        reader.start()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            log.error("%s crawl ran past %.0f s: stopping it", site, timeout or 0)
            _stop(process)
        reader.join(timeout=5)
    if timed_out or process.returncode not in (0, None):
        _mark_abandoned(db_path)
    run = _last_run(db_path, site, started)
    return CrawlResult(site, process.returncode, time.monotonic() - clock, log_path, timed_out, run)


def _read_progress(process: subprocess.Popen[str], on_progress: Progress | None) -> None:
    assert process.stdout is not None
    for line in process.stdout:
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if on_progress and isinstance(event, dict):
            on_progress(event)


def _stop(process: subprocess.Popen[str]) -> None:
    """SIGINT first (Scrapy closes cleanly, closing no listings), then SIGKILL."""
    try:
        os.killpg(process.pid, signal.SIGINT)
        process.wait(timeout=GRACEFUL_STOP_SECONDS)
    except (subprocess.TimeoutExpired, ProcessLookupError):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _mark_abandoned(db_path: Path) -> None:
    try:
        with open_store(db_path, wait_seconds=30) as con:
            mark_abandoned(con, datetime.now(UTC) + timedelta(seconds=1))
    except DatabaseLocked as error:
        log.warning("could not mark the stopped run: %s", error)


def spider_args_for(config: Config, site: str) -> dict[str, Any]:
    """One site's spider arguments (listing sets, page limit) from the [crawl] section."""
    crawl = config.section("crawl")
    lists = (crawl.get("lists") or {}).get(site)
    return {"lists": ",".join(lists) if lists else None, "max_pages": crawl.get("max_pages")}


# ----- scheduled jobs (module-level functions: APScheduler stores references to them) --------------
def crawl_job(config_path: str | None, db_path: str) -> list[CrawlResult]:
    config = load_config(config_path)
    crawl = config.section("crawl")
    timeout = float(config.section("schedule").get("crawl_timeout", 3600))
    results = []
    for site in crawl.get("sites", []):
        result = run_site_crawl(site, Path(db_path), spider_args=spider_args_for(config, site), timeout=timeout,
                                config_path=config.path)
        log.info(result.summary())
        results.append(result)
    return results


def digest_job(config_path: str | None, db_path: str, profile: str) -> int:
    from digest import run_digest

    config = load_config(config_path)
    return run_digest(config, Path(db_path), profile, send=True)


# APScheduler's defaults (1 s grace) would silently skip a job the machine slept through.
JOB_POLICY = {
    "coalesce": True,  # after downtime, run a missed job once, not once per missed slot
    "max_instances": 1,  # never two crawls (or digests) at once
    "misfire_grace_time": 30 * 60,  # a job up to 30 min late still runs
}


def build_scheduler(config: Config, db_path: Path) -> Any:
    from apscheduler.executors.pool import ThreadPoolExecutor
    from apscheduler.schedulers.blocking import BlockingScheduler
    from apscheduler.triggers.cron import CronTrigger

    schedule = config.section("schedule")
    timezone = schedule.get("timezone", "Asia/Tokyo")
    # One worker: crawls and digests take turns on the single-writer database.
    scheduler = BlockingScheduler(executors={"default": ThreadPoolExecutor(max_workers=1)}, timezone=timezone)
    config_path = str(config.path) if config.path else None
    scheduler.add_job(crawl_job, CronTrigger.from_crontab(schedule.get("crawl", "7 6,12,18 * * *"), timezone=timezone),
                      args=[config_path, str(db_path)], id="crawl", name="crawl every site", jitter=120,
                      **JOB_POLICY)
    for name, profile in config.profiles.items():
        if not profile.get("send_time") or not profile.get("enabled", True):
            continue
        hour, minute = (int(x) for x in str(profile["send_time"]).split(":"))
        scheduler.add_job(digest_job, CronTrigger(hour=hour, minute=minute, timezone=timezone),
                          args=[config_path, str(db_path), name], id=f"digest-{name}", name=f"digest {name}",
                          **JOB_POLICY)
    return scheduler
