"""The crawl runner: one site's spider in a `scrapy crawl` subprocess, with a time limit.

`tanka crawl` and the scheduler daemon both call `run_site_crawl`. A subprocess because Twisted's
reactor cannot be restarted in one process, and a crashed crawl must not take its caller down.

The subprocess never imports from the user's current folder: it runs `python -P` (no current
folder on `sys.path`) with `SCRAPY_SETTINGS_MODULE=tanka.settings` set, so Scrapy never looks for
a `scrapy.cfg` there either. A `settings.py` or `logs/` beside the user's database stays theirs.

Stopping a crawl works the same way everywhere: first the signal Scrapy shuts down cleanly on
(SIGINT to the process group on Linux and macOS, CTRL_BREAK_EVENT to the process group on
Windows), then, after a grace period, the whole process tree (Chromium included) is killed
through psutil.
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

import psutil

from store import DatabaseLocked, open_store
from store.locks import AlreadyRunning, crawl_lock
from store.queries import last_run_since
from store.runs import mark_abandoned
from tanka.config import Config
from tanka.i18n import N_, _, language, ngettext

log = logging.getLogger("tanka.crawl")
# A run's finish reason in words (crawl_runs.finish_reason holds the code).
FINISH_WORDS = {"interrupted": N_("interrupted"), "abandoned": N_("abandoned"), "shutdown": N_("shutdown"),
                "timed_out": N_("timed out")}

GRACEFUL_STOP_SECONDS = 60  # after the stop signal, how long Scrapy may take to store its rows and close
CRAWL_LOGS_KEPT = 30  # per site, in <database folder>/logs/
SETTINGS_MODULE = "tanka.settings"
WINDOWS = sys.platform == "win32"

# The mirror is local and synthetic: no politeness delay is needed to spare it, and no site's
# terms apply to it.
MIRROR_PACE = {
    "DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "RANDOMIZE_DOWNLOAD_DELAY": False,
    "CONCURRENT_REQUESTS": 16, "CONCURRENT_REQUESTS_PER_DOMAIN": 8, "SHUFTI_ENABLED": True,
    "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": 6,  # Shufti job pages rendered at once (live: 2)
}

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
    def stats(self) -> dict[str, Any]:
        from store.health import run_stats

        return run_stats(self.run.get("stats"))

    @property
    def ok(self) -> bool:
        """The crawl finished normally and missed nothing."""
        return (self.returncode == 0 and not self.timed_out and self.run.get("finish_reason") == "finished"
                and not self.run.get("errors") and not self.run.get("partial"))

    def problems(self) -> list[str]:
        """Why the run is not ok, in words (empty when it is)."""
        from store.health import missed

        run = self.run
        out = []
        if self.timed_out:
            out.append(_("stopped at its time limit"))
        reason = run.get("finish_reason") or "interrupted"
        if reason != "finished" and not self.timed_out:
            out.append(_(FINISH_WORDS[reason]) if reason in FINISH_WORDS else reason)
        if run.get("errors"):
            out.append(ngettext("{n} error", "{n} errors", run["errors"]).format(n=run["errors"]))
        if run.get("partial"):
            out += missed(self.stats) or ([] if out else [_("partial")])
        return out

    def summary(self) -> str:
        """One line: what the crawl stored, and what went wrong and where the log is."""
        run = self.run
        if not run:
            return _("{site}: no run recorded (exit code {code}); see {log}").format(
                site=self.site, code=self.returncode, log=self.log_path)
        message = self.stats.get("tanka/stop_message")
        if message:  # the spider stopped for a reason the user can act on (spiders/base.py `stop`)
            return _("{site}: {message} (log: {log})").format(site=self.site, message=message, log=self.log_path)
        if self.ok:
            state = _("ok")
        else:
            label = _("PARTIAL") if run.get("finish_reason") == "finished" and not run.get("errors") else _("PROBLEM")
            state = _("{label}: {problems} (log: {log})").format(label=label, problems=_("; ").join(self.problems()),
                                                                log=self.log_path)
        return _("{site}: {items} listings, {new} new, {changed} changed, {closed} closed, {pages} pages in "
                 "{seconds}s — {state}").format(
            site=self.site, items=run.get("items", 0), new=run.get("new_listings", 0), changed=run.get("changed", 0),
            closed=run.get("closed_unseen", 0), pages=run.get("pages", 0), seconds=f"{self.seconds:.1f}", state=state)


class _Children:
    """The crawl subprocesses running now, so that a stopping scheduler can let them finish."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.running: dict[int, tuple[str, subprocess.Popen[str]]] = {}
        self.stopping = threading.Event()

    def start(self, site: str, cmd: list[str], **popen: Any) -> subprocess.Popen[str]:
        with self.lock:
            if self.stopping.is_set():
                raise AlreadyRunning(_("the scheduler is stopping: no new crawl starts"))
            process = subprocess.Popen(cmd, **popen)
            self.running[process.pid] = (site, process)
            return process

    def done(self, process: subprocess.Popen[str]) -> None:
        with self.lock:
            self.running.pop(process.pid, None)

    def snapshot(self) -> list[tuple[str, subprocess.Popen[str]]]:
        with self.lock:
            return list(self.running.values())


CHILDREN = _Children()


def crawl_command(site: str, db_path: Path, settings: dict[str, Any] | None = None,
                  spider_args: dict[str, Any] | None = None) -> list[str]:
    """`python -P -m scrapy crawl SITE …`: -P keeps the current folder off sys.path."""
    cmd = [sys.executable, "-P", "-m", "scrapy", "crawl", site, "-s", f"TANKA_DB={db_path}",
           "-s", "TANKA_PROGRESS=jsonl"]
    for name, value in (settings or {}).items():
        cmd += ["-s", f"{name}={value}"]
    for name, value in (spider_args or {}).items():
        if value is not None:
            cmd += ["-a", f"{name}={value}"]
    return cmd


def crawl_environment(config_path: Path | None = None, started_by: str = "tanka crawl") -> dict[str, str]:
    """The subprocess's environment: tanka's settings module, never a scrapy.cfg of the current folder."""
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": SETTINGS_MODULE, "PYTHONUNBUFFERED": "1",
           "PYTHONSAFEPATH": "1", "TANKA_STARTED_BY": started_by,
           "TANKA_LANG": language()}  # what the spider says (its stop message) in the command's language
    env.pop("SCRAPY_PROJECT", None)
    if config_path:
        env["TANKA_CONFIG"] = str(config_path)
    return env


def process_group_options() -> dict[str, Any]:
    """Popen options that put the crawl in a process group of its own, so that a stop signal
    reaches it (and only it) on every platform."""
    if WINDOWS:
        return {"creationflags": getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0x200)}
    return {"start_new_session": True}


def run_site_crawl(site: str, db_path: Path, *, settings: dict[str, Any] | None = None,
                   spider_args: dict[str, Any] | None = None, timeout: float | None = None,
                   on_progress: Progress | None = None, log_dir: Path | None = None,
                   config_path: Path | None = None, started_by: str = "tanka crawl") -> CrawlResult:
    """Run one site's spider in a subprocess; returns when it ends (or is stopped at `timeout`).

    Raises AlreadyRunning when the site is being crawled into this database already.
    """
    db_path = Path(db_path).resolve()
    crawl_lock(db_path, site).check()  # the crawl takes the lock itself; this is for a clear refusal
    log_dir = log_dir or db_path.parent / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    started = datetime.now(UTC)
    log_path = log_dir / f"crawl-{site}-{started:%Y%m%dT%H%M%S%f}.log"
    cmd = crawl_command(site, db_path, settings, spider_args)
    clock = time.monotonic()
    timed_out = False
    with log_path.open("w", encoding="utf-8") as log_file:
        process = CHILDREN.start(site, cmd, stdout=subprocess.PIPE, stderr=log_file,
                                 env=crawl_environment(config_path, started_by), text=True, encoding="utf-8",
                                 **process_group_options())
        try:
            reader = threading.Thread(target=_read_progress, args=(process, on_progress), daemon=True)
            reader.start()
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                timed_out = True
                log.error("%s crawl ran past %.0f s: stopping it", site, timeout or 0)
                stop_crawl(process)
            reader.join(timeout=5)
        finally:
            CHILDREN.done(process)
    if timed_out or process.returncode not in (0, None):
        _mark_abandoned(db_path, site)
    _prune_logs(log_dir, site)
    run = last_run_since(db_path, site, started - timedelta(seconds=5))
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


def send_stop_signal(process: subprocess.Popen[str]) -> None:
    """The signal Scrapy stops cleanly on, to the crawl's process group."""
    if WINDOWS:
        process.send_signal(getattr(signal, "CTRL_BREAK_EVENT", 1))
    else:
        os.killpg(process.pid, signal.SIGINT)


def kill_tree(pid: int) -> None:
    """Kill a process and everything it started (Scrapy's Chromium too), on any platform."""
    try:
        parent = psutil.Process(pid)
        processes = [*parent.children(recursive=True), parent]
    except psutil.NoSuchProcess:
        return
    for process in processes:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.kill()
    psutil.wait_procs(processes, timeout=10)


def stop_crawl(process: subprocess.Popen[str], grace: float = GRACEFUL_STOP_SECONDS) -> None:
    """The clean stop first (Scrapy stores its rows and closes, closing no listings), then a kill."""
    try:
        send_stop_signal(process)
        process.wait(timeout=grace)
    except (subprocess.TimeoutExpired, ProcessLookupError, OSError):
        log.error("crawl pid %d did not stop within %.0f s: killing it", process.pid, grace)
        kill_tree(process.pid)
        process.wait()


def _mark_abandoned(db_path: Path, site: str) -> None:
    """The crawl died or was killed: its run, still marked running, never will end by itself."""
    try:
        with crawl_lock(db_path, site), open_store(db_path, wait_seconds=30) as con:
            mark_abandoned(con, datetime.now(UTC) + timedelta(seconds=1), site=site)
    except (AlreadyRunning, DatabaseLocked) as error:  # a new crawl of the site has begun: it will
        log.warning("could not mark the stopped %s run: %s", site, error)


def _prune_logs(log_dir: Path, site: str, keep: int = CRAWL_LOGS_KEPT) -> None:
    for old in sorted(log_dir.glob(f"crawl-{site}-*.log"))[:-keep]:
        with contextlib.suppress(OSError):
            old.unlink()


def spider_args_for(config: Config, site: str) -> dict[str, Any]:
    """One site's spider arguments (listing sets, page limit) from the [crawl] section."""
    crawl = config.section("crawl")
    lists = (crawl.get("lists") or {}).get(site)
    return {"lists": ",".join(lists) if lists else None, "max_pages": crawl.get("max_pages")}


# ----- the replay mirror, for `tanka crawl --mirror` and `tanka schedule --mirror` -------------------
class MirrorError(ValueError):
    """A mirror option that cannot be used (unreadable state file, bad fault spec)."""


def mirror_state_urls(path: str | os.PathLike[str]) -> dict[str, str]:
    try:
        return dict(json.loads(Path(path).read_text(encoding="utf-8"))["base_urls"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise MirrorError(_("cannot read the mirror's state file {path}: {error}").format(path=path,
                                                                                         error=error)) from None


def mirror_faults(specs: list[str] | None) -> list[Any]:
    from tanka.mirror.faults import from_spec

    try:
        return [fault for spec in specs or [] for fault in from_spec(spec)]
    except ValueError as error:
        raise MirrorError(str(error)) from None


def choose_mirror(*, use_mirror: bool, state_file: str | None, seed: int = 1, listings: int = 300,
                  day: int = 0, faults: list[str] | None = None) -> tuple[Any, dict[str, str]]:
    """The mirror the options name: (a Mirror to start here, or None; its base-URL settings, empty
    strings until it is started). No mirror: (None, {}) — the live sites."""
    if state_file:  # a mirror already served by `tanka mirror serve`
        return None, mirror_state_urls(state_file)
    if not use_mirror:
        return None, {}
    from tanka.mirror.server import Mirror

    mirror = Mirror(seed=seed, listings=listings, day=day, faults=mirror_faults(faults))
    return mirror, {setting: "" for site in mirror.sites.values() for setting in site.hosts}


def served_sites(base_urls: dict[str, str]) -> list[str]:
    """The registered sites whose base URL `base_urls` sets (those a mirror serves)."""
    from tanka.sites import registry

    return [site.name for site in registry() if site.base_url_setting in base_urls]
