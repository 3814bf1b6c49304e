"""The unattended side of tanka: crawl subprocesses, and the scheduling daemon (`tanka schedule`,
or `python scheduler.py`), an APScheduler 3.11 BlockingScheduler in Tokyo time.

* Each site is crawled on its own trigger ([schedule.crawl] in the settings file), each crawl in
  a `scrapy crawl <site>` subprocess with a time limit: Twisted's reactor cannot be restarted in
  one process, and a crashed crawl must not take the scheduler down. Digests go out at their
  profiles' `send_time`. Every job has max_instances=1, coalesce and a misfire grace time.
* Concurrency with DuckDB's single writer: every process holds the database file only for a
  short write (a batch of rows, a run's start and end, a digest's ledger) and waits for it
  while another holds it; readers (`tanka sql`, `tanka top`, the digest) wait the same way. So
  different sites' crawls, a digest and a user's queries interleave. What must never run twice
  has a lock beside the database (store/locks.py): one scheduler per database, one crawl per
  site — a second one is refused with a message naming the holder.
* SIGTERM/SIGINT stop scheduling at once; a running crawl gets `stop_grace` seconds to finish,
  then is stopped cleanly (SIGINT: Scrapy stores what it has and records the run as shut down,
  closing nothing). A second signal skips the grace. The next start carries on: the next crawl
  of the site marks the dead run abandoned and crawls what changed.
* Quick polls for alerts (docs/ALERTS.md): when a profile has `alert = true`, each site it
  watches is also polled on [alerts] poll (every 12 minutes by default, staggered per site): a
  crawl of the first page(s) of each listing set that stops at the first page with nothing new.
  An alert pass runs after every poll and every crawl. A poll and a full crawl of one site never
  overlap: they share the site's crawl lock, and in this daemon a per-site lock too — a poll
  due while the site's crawl runs is skipped (the crawl stores the new gigs, and the alert pass
  after it sends them), and a crawl due while a poll runs waits for it (a poll takes seconds at
  the live pace of 10 requests at most).
* After each crawl the site's health is judged (store/health.py) and logged; `tanka status`
  and the digest report it. Logs: one line per event with site and run id (logs.py), on stderr
  and in a rotating file.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from store import DatabaseLocked, connect, open_store
from store.health import recent_runs, site_health
from store.locks import AlreadyRunning, scheduler_lock
from tanka.config import Config, ConfigError, load_config
from tanka.crawl import (
    CHILDREN,
    GRACEFUL_STOP_SECONDS,
    CrawlResult,
    run_site_crawl,
    spider_args_for,
    stop_crawl,
)
from tanka.i18n import N_, _, day_label, language, ngettext
from tanka.logs import log_context
from tanka.sites import default_crawl_sites

log = logging.getLogger("tanka.scheduler")

# ----- triggers ------------------------------------------------------------------------------------
_EVERY = re.compile(r"^every\s+(\d+)\s*(s|sec|m|min|h|d)$")
_UNIT_SECONDS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "d": 86400}


def trigger_for(spec: str, timezone: str, what: str) -> Any:
    """A trigger from a crontab line (5 fields; 6 = with seconds first), "HH:MM" daily, or "every 30m"."""
    from apscheduler.triggers.cron import CronTrigger
    from apscheduler.triggers.interval import IntervalTrigger

    text = " ".join(str(spec).split()).lower()
    every = _EVERY.match(text)
    if every:
        return IntervalTrigger(seconds=int(every[1]) * _UNIT_SECONDS[every[2]], timezone=timezone)
    clock = re.fullmatch(r"(\d{1,2}):(\d{2})", text)
    try:
        if clock:
            return CronTrigger(hour=int(clock[1]), minute=int(clock[2]), timezone=timezone)
        fields = text.split(" ")
        if len(fields) == 5:
            return CronTrigger.from_crontab(text, timezone=timezone)
        if len(fields) == 6:
            names = ("second", "minute", "hour", "day", "month", "day_of_week")
            return CronTrigger(**dict(zip(names, fields, strict=True)), timezone=timezone)
    except ValueError as error:
        raise ConfigError(_("{what}: {spec!r} is not a valid schedule: {error}").format(what=what, spec=spec,
                                                                                        error=error)) from None
    raise ConfigError(_("{what}: {spec!r} is not a schedule (use a crontab line such as \"7 */2 * * *\", "
                        "\"07:30\", or \"every 30m\")").format(what=what, spec=spec))


# ----- triggers in words (`tanka schedule --list`) ---------------------------------------------------------
_DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _every(seconds: float) -> str:
    units = ((86400, lambda n: ngettext("every day", "every {n} days", n)),
             (3600, lambda n: ngettext("every hour", "every {n} hours", n)),
             (60, lambda n: ngettext("every minute", "every {n} minutes", n)))
    for size, words in units:
        if seconds >= size and seconds % size == 0:
            n = int(seconds // size)
            return words(n).format(n=n)
    n = int(seconds)
    return ngettext("every second", "every {n} seconds", n).format(n=n)


def _weekdays(expression: str) -> str | None:
    """"mon-fri" → Mon–Fri / 月〜金; "sat,sun" → Sat, Sun / 土・日; None when it is not that simple."""
    from babel.dates import get_day_names

    names = get_day_names("abbreviated", locale="ja_JP" if language() == "ja" else "en_US")

    def day(token: str) -> str | None:
        index = _DAY_NAMES.index(token) if token in _DAY_NAMES else int(token) if token.isdigit() else None
        return names[index] if index is not None and 0 <= index < 7 else None

    parts = []
    for token in expression.split(","):
        first, _dash, last = token.partition("-")
        a, b = day(first), day(last) if last else None
        if a is None or (last and b is None):
            return None
        parts.append(_("{a}–{b}").format(a=a, b=b) if last else a)
    return _(", ").join(parts)


def trigger_words(trigger: Any) -> str:
    """A trigger as a person says it: "every 2 hours at :07" / 「2時間ごと（毎時07分）」, "every day at
    07:30" / 「毎日 07:30」; an unusual crontab line as it is."""
    from apscheduler.triggers.cron import CronTrigger
    from apscheduler.triggers.interval import IntervalTrigger

    if isinstance(trigger, IntervalTrigger):
        return _every(trigger.interval.total_seconds())
    if not isinstance(trigger, CronTrigger):
        return str(trigger)
    f = {field.name: str(field) for field in trigger.fields}
    crontab = " ".join(f[name] for name in ("minute", "hour", "day", "month", "day_of_week"))
    if f["second"] != "0":
        crontab = f"{f['second']} {crontab}"
    plain = f["year"] == f["week"] == f["day"] == f["month"] == "*" and f["second"] == "0"
    if not plain or not f["minute"].isdigit():
        return _("crontab “{crontab}”").format(crontab=crontab)
    minute, hour = int(f["minute"]), f["hour"]
    step = re.fullmatch(r"\*/(\d+)", hour)
    if hour in ("*", "*/1"):
        when = _("hourly at :{minute}").format(minute=f"{minute:02d}")
    elif step and int(step[1]) > 1:
        n = int(step[1])
        when = ngettext("every {n} hour at :{minute}", "every {n} hours at :{minute}", n).format(
            n=n, minute=f"{minute:02d}")
    elif re.fullmatch(r"\d+(?:,\d+)*", hour):
        times = _(" and ").join(f"{int(h):02d}:{minute:02d}" for h in hour.split(","))
        if f["day_of_week"] == "*":
            return _("every day at {times}").format(times=times)
        days = _weekdays(f["day_of_week"])
        return _("{days} at {times}").format(days=days, times=times) if days else \
            _("crontab “{crontab}”").format(crontab=crontab)
    else:
        return _("crontab “{crontab}”").format(crontab=crontab)
    if f["day_of_week"] == "*":
        return when
    days = _weekdays(f["day_of_week"])
    return _("{days}: {when}").format(days=days, when=when) if days else _("crontab “{crontab}”").format(
        crontab=crontab)


STAGGER_MINUTES = 20


def staggered(spec: str, index: int) -> str:
    """A crontab line with its minute moved on by `index` × STAGGER_MINUTES (only when the minute
    is a plain number: "7 */2 * * *" → "27 */2 * * *"); any other schedule as it is."""
    fields = spec.split()
    if index and len(fields) == 5 and fields[0].isdigit():
        fields[0] = str((int(fields[0]) + index * STAGGER_MINUTES) % 60)
        return " ".join(fields)
    return spec


def crawl_triggers(config: Config, sites: list[str]) -> dict[str, str]:
    """Each site's schedule: [schedule.crawl] SITE = "…", else `default` staggered in the registry's
    order (one string for [schedule.crawl] applies to every site as it is)."""
    from tanka.sites import site_names

    spec = config.section("schedule").get("crawl", {})
    if isinstance(spec, str):
        return dict.fromkeys(sites, spec)
    default = str(spec.get("default", "7 */2 * * *"))
    names = site_names()
    names += [site for site in sites if site not in names]
    order = {name: n for n, name in enumerate(names)}
    return {site: str(spec[site]) if site in spec else staggered(default, order[site]) for site in sites}


# ----- scheduled jobs (module-level functions: APScheduler stores references to them) --------------
_site_locks: dict[str, threading.Lock] = {}
_site_locks_guard = threading.Lock()


def site_lock(site: str) -> threading.Lock:
    """This daemon's lock on one site: its poll and its crawl never run at once."""
    with _site_locks_guard:
        return _site_locks.setdefault(site, threading.Lock())


def crawl_site_job(config_path: str | None, db_path: str, site: str,
                   settings: dict[str, Any] | None = None) -> CrawlResult | None:
    with site_lock(site):  # a poll of the site takes seconds: the crawl waits for it
        result = _crawl_site(config_path, db_path, site, settings)
    if result is not None:
        alert_job(config_path, db_path)
    return result


def poll_site_job(config_path: str | None, db_path: str, site: str,
                  settings: dict[str, Any] | None = None) -> CrawlResult | None:
    """A quick poll of the site for alerts, then an alert pass; skipped while the site is crawled."""
    from tanka.alerts.settings import alert_settings

    lock = site_lock(site)
    if not lock.acquire(blocking=False):
        with log_context(site=site):
            log.info("poll skipped: the site's crawl is running (the alert pass after it sends its new gigs)")
        return None
    try:
        config = load_config(config_path)
        alerts = alert_settings(config)
        args = {**spider_args_for(config, site), "poll": 1, "max_pages": alerts.poll_max_pages}
        result = _crawl_site(config_path, db_path, site, settings, spider_args=args, timeout=alerts.poll_timeout,
                             what="poll")
    finally:
        lock.release()
    if result is not None:
        alert_job(config_path, db_path)
    return result


def _crawl_site(config_path: str | None, db_path: str, site: str, settings: dict[str, Any] | None = None, *,
                spider_args: dict[str, Any] | None = None, timeout: float | None = None,
                what: str = "crawl") -> CrawlResult | None:
    config = load_config(config_path)
    timeout = timeout or config.crawl_timeout.total_seconds()
    spider_args = spider_args or spider_args_for(config, site)
    with log_context(site=site) as context:
        def progress(event: dict[str, Any]) -> None:  # runs on the output reader's thread
            if event.get("run_id") and context["run_id"] == "-":
                context["run_id"] = event["run_id"]
                with log_context(site=site, run_id=event["run_id"]):
                    log.info("%s started (pid %s)", what, event.get("pid", "?"))

        try:
            result = run_site_crawl(site, Path(db_path), settings=settings, spider_args=spider_args,
                                    timeout=timeout, config_path=config.path, started_by="tanka schedule" + ("" if what == "crawl" else f" ({what})"),
                                    on_progress=progress)
        except AlreadyRunning as error:
            (log.info if what == "poll" else log.warning)("%s skipped: %s", what, error)
            return None
        context["run_id"] = result.run.get("run_id", context["run_id"])
        (log.info if result.ok else log.error)("%s finished: %s", what, result.summary())
        if what == "crawl" or not result.ok:
            _log_health(Path(db_path), site, timeout)
        return result


def alert_job(config_path: str | None, db_path: str) -> None:
    """An alert pass for every alerting profile (after each poll and crawl). Failures are logged:
    a failed send is tried again by the next pass."""
    import io

    from tanka.alerts import alert_pass
    from tanka.alerts.settings import alerting_profiles

    config = load_config(config_path)
    if not alerting_profiles(config):
        return
    with log_context(site="alerts"):
        out, err = io.StringIO(), io.StringIO()
        try:
            results = alert_pass(config, Path(db_path), out=out, err=err)
        except (ConfigError, DatabaseLocked, OSError) as error:
            log.error("alert pass failed: %s", error)
            return
        for line in out.getvalue().splitlines():
            log.info("%s", line)
        for line in err.getvalue().splitlines():
            log.error("%s", line.removeprefix("tanka: "))
        if not any(r.sent or r.failed for r in results.values()):
            log.info("alert pass: nothing new to alert")


def _log_health(db_path: Path, site: str, timeout: float) -> None:
    try:
        con = connect(db_path, read_only=True, wait_seconds=60)
    except (DatabaseLocked, FileNotFoundError) as error:
        log.warning("could not judge the crawl's health: %s", error)
        return
    try:
        health = site_health(site, recent_runs(con).get(site, []), datetime.now(UTC),
                             running_timeout=timedelta(seconds=timeout))
    finally:
        con.close()
    if health.failing:
        log.error("site FAILING: %s", health.summary)
    else:
        log.info("health %s: %s", health.state, health.summary)


def crawl_job(config_path: str | None, db_path: str, settings: dict[str, Any] | None = None,
              sites: list[str] | None = None) -> list[CrawlResult]:
    """Crawl every configured site once, one after another (`tanka schedule --once`)."""
    config = load_config(config_path)
    results = []
    for site in sites or default_crawl_sites(config):
        result = _crawl_site(config_path, db_path, site, settings)
        if result is not None:
            results.append(result)
    return results


DIGEST_RETRIES = 3
DIGEST_RETRY_AFTER = timedelta(minutes=15)
_running_scheduler: Any = None  # set by serve(): a failed digest schedules its own retry


def digest_job(config_path: str | None, db_path: str, profile: str, attempt: int = 1) -> int:
    from tanka.digest import run_digest

    with log_context(site="digest"):
        config = load_config(config_path)
        status = run_digest(config, Path(db_path), profile, send=True)
        if status == 0:
            log.info("digest %s: done", profile)
            return status
        if _running_scheduler is not None and attempt <= DIGEST_RETRIES:
            when = datetime.now(UTC) + DIGEST_RETRY_AFTER
            log.error("digest %s FAILED (attempt %d); trying again at %s", profile, attempt, f"{when:%H:%M} UTC")
            _running_scheduler.add_job(digest_job, "date", run_date=when, id=f"digest-{profile}-retry",
                                       name=f"digest {profile} (retry)", replace_existing=True,
                                       args=[config_path, db_path, profile, attempt + 1], **JOB_POLICY)
        else:
            log.error("digest %s FAILED (attempt %d); it goes out at the next scheduled time", profile, attempt)
        return status


def advance_mirror_job(mirror: Any) -> None:
    with log_context(site="mirror"):
        log.info("replay mirror moved on to day %d", mirror.advance(1))


def post_mirror_job(mirror: Any) -> None:
    with log_context(site="mirror"):
        for site, listing_id in mirror.post_new():
            log.info("replay mirror posted %s:%s", site, listing_id)


# APScheduler's defaults (1 s grace) would silently skip a job the machine slept through.
JOB_POLICY = {
    "coalesce": True,  # after downtime, run a missed job once, not once per missed slot
    "max_instances": 1,  # never two crawls of a site (or two digests of a profile) at once
    "misfire_grace_time": 30 * 60,  # a job up to 30 min late still runs
}


def poll_sites(config: Config, sites: list[str]) -> list[str]:
    """The sites to poll for alerts: those crawled that some alerting profile watches."""
    from tanka.alerts.settings import alerting_profiles, load_alert_profile

    watched: set[str] = set()
    for name in alerting_profiles(config):
        wanted = load_alert_profile(config, name).profile.sites
        watched |= set(wanted) if wanted else set(sites)
    return [site for site in sites if site in watched]


def build_scheduler(config: Config, db_path: Path, *, settings: dict[str, Any] | None = None,
                    sites: list[str] | None = None, mirror: Any = None, mirror_advance: str | None = None,
                    mirror_post: str | None = None) -> Any:
    """The scheduler with its jobs, not started. `settings`: Scrapy settings for every crawl
    (the mirror's base URLs); `sites`: instead of [crawl] sites."""
    from apscheduler.executors.pool import ThreadPoolExecutor
    from apscheduler.schedulers.blocking import BlockingScheduler
    from apscheduler.triggers.cron import CronTrigger
    from apscheduler.triggers.interval import IntervalTrigger

    schedule = config.section("schedule")
    timezone = schedule.get("timezone", "Asia/Tokyo")
    sites = sites or default_crawl_sites(config)
    # A worker per site and one for digests: a long crawl never holds the others up; the
    # single-writer database is shared through short writes (see the module docstring).
    from tanka.alerts.settings import alert_settings

    polled = poll_sites(config, sites)
    # A worker per site for crawls and one per polled site: a crawl waiting for its site's poll holds one.
    scheduler = BlockingScheduler(executors={"default": ThreadPoolExecutor(max_workers=len(sites) + len(polled) + 2)},
                                  timezone=timezone)
    config_path = str(config.path) if config.path else None
    for site, spec in crawl_triggers(config, sites).items():
        trigger = trigger_for(spec, timezone, f"[schedule.crawl] {site}")
        jitter = 60 if isinstance(trigger, CronTrigger) else None  # off the exact minute, politely
        scheduler.add_job(crawl_site_job, trigger, args=[config_path, str(db_path), site, settings],
                          id=f"crawl-{site}", name=_("crawl {site}").format(site=site), jitter=jitter, **JOB_POLICY)
    poll_spec = alert_settings(config).poll
    for index, site in enumerate(polled):
        trigger = trigger_for(poll_spec, timezone, "[alerts] poll")
        if isinstance(trigger, IntervalTrigger):  # staggered from now: two sites' polls rarely run at once
            trigger = IntervalTrigger(seconds=trigger.interval.total_seconds(), timezone=timezone,
                                      start_date=datetime.now(UTC) + timedelta(seconds=3 + index * 7))
        scheduler.add_job(poll_site_job, trigger, args=[config_path, str(db_path), site, settings],
                          id=f"poll-{site}", name=_("poll {site}").format(site=site), **{**JOB_POLICY, "misfire_grace_time": 5 * 60})
    for name, profile in config.profiles.items():
        if not profile.get("send_time") or not profile.get("enabled", True):
            continue
        trigger = trigger_for(profile["send_time"], timezone, f"[profiles.{name}] send_time")
        scheduler.add_job(digest_job, trigger, args=[config_path, str(db_path), name], id=f"digest-{name}",
                          name=_("digest {profile}").format(profile=name), **JOB_POLICY)
    if mirror is not None and mirror_advance:
        scheduler.add_job(advance_mirror_job, trigger_for(mirror_advance, timezone, "--mirror-advance"),
                          args=[mirror], id="mirror-advance", name=_("advance the replay mirror a day"), **JOB_POLICY)
    if mirror is not None and mirror_post:
        scheduler.add_job(post_mirror_job, trigger_for(mirror_post, timezone, "--mirror-post"),
                          args=[mirror], id="mirror-post", name=_("post a new listing on each mirror site"), **JOB_POLICY)
    return scheduler


def job_table(scheduler: Any, now: datetime | None = None) -> list[tuple[str, str, str]]:
    """(job, trigger in words, next run in Tokyo time) for `tanka schedule --list`."""
    from tanka.normalize.dates import TOKYO

    now = now or datetime.now(UTC)
    rows = []
    for job in scheduler.get_jobs():
        upcoming = getattr(job, "next_run_time", None) or job.trigger.get_next_fire_time(None, now.astimezone(TOKYO))
        if upcoming:
            local = upcoming.astimezone(TOKYO)
            when = f"{day_label(local)} {local:%H:%M} {local:%Z}"
        else:
            when = _("never")
        rows.append((job.name, trigger_words(job.trigger), when))
    return rows


# ----- the daemon --------------------------------------------------------------------------------------
class _Stopper:
    """SIGTERM/SIGINT: stop scheduling now; give running crawls `grace` seconds, then stop them."""

    def __init__(self, scheduler: Any, grace: float) -> None:
        self.scheduler = scheduler
        self.grace = grace
        self.signals = 0
        self.hurry = threading.Event()

    def __call__(self, signum: int, frame: Any) -> None:
        self.signals += 1
        if self.signals == 1:
            log.warning("%s: no new jobs; running crawls get %.0f s to finish (signal again to stop them now)",
                        signal.Signals(signum).name, self.grace)
            CHILDREN.stopping.set()
            # shutdown() takes the scheduler's locks, which the main loop may hold right now
            threading.Thread(target=self.scheduler.shutdown, kwargs={"wait": False}, daemon=True).start()
        else:
            self.hurry.set()

    def finish(self) -> None:
        deadline = time.monotonic() + self.grace
        while CHILDREN.snapshot() and time.monotonic() < deadline and not self.hurry.is_set():
            self.hurry.wait(0.2)
        running = CHILDREN.snapshot()
        stoppers = []
        for site, process in running:
            with log_context(site=site):
                log.warning("stopping the running crawl cleanly (pid %d)", process.pid)
            stopper = threading.Thread(target=stop_crawl, args=(process,))
            stopper.start()
            stoppers.append(stopper)
        for stopper in stoppers:
            stopper.join()


def _wait_for_jobs(scheduler: Any, seconds: float) -> None:
    """Let job threads record what their crawls did (the executor was shut down without waiting)."""
    pool = scheduler._executors["default"]._pool
    waiter = threading.Thread(target=pool.shutdown, kwargs={"wait": True}, daemon=True)
    waiter.start()
    waiter.join(seconds)


def serve(config: Config, db_path: Path, *, settings: dict[str, Any] | None = None,
          sites: list[str] | None = None, mirror: Any = None, mirror_advance: str | None = None,
          mirror_post: str | None = None) -> int:
    """Run the schedule until SIGTERM/SIGINT. Raises AlreadyRunning if a scheduler holds the database."""
    db_path = Path(db_path).resolve()
    lock = scheduler_lock(db_path).acquire(by="tanka schedule")
    try:
        with open_store(db_path):  # migrate up front; fail early if the file is unusable
            pass
        scheduler = build_scheduler(config, db_path, settings=settings, sites=sites, mirror=mirror,
                                    mirror_advance=mirror_advance, mirror_post=mirror_post)
        grace = float(config.section("schedule").get("stop_grace", 300))
        stopper = _Stopper(scheduler, grace)
        previous = {sig: signal.signal(sig, stopper) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            CHILDREN.stopping.clear()
            global _running_scheduler
            _running_scheduler = scheduler
            log.info("scheduler started (pid %d) for %s", os.getpid(), db_path)
            for name, trigger, upcoming in job_table(scheduler):
                log.info("job %s (%s): next run %s", name, trigger, upcoming)
            scheduler.start()  # returns once a signal has shut the scheduler down
            stopper.finish()
            _wait_for_jobs(scheduler, GRACEFUL_STOP_SECONDS + 30)
        finally:
            _running_scheduler = None
            for sig, handler in previous.items():
                signal.signal(sig, handler)
    finally:
        lock.release()
    log.info("scheduler stopped")
    return 0


# ----- the command: `tanka schedule` and `python scheduler.py` -------------------------------------------
def run(args: argparse.Namespace) -> int:
    """`tanka schedule [--list | --once]`, against the live sites or the replay mirror."""
    from tanka import logs
    from tanka.command import CommandError
    from tanka.crawl import MIRROR_PACE, MirrorError, choose_mirror, served_sites
    from tanka.output import format_table
    config = load_config(args.config)
    db_path = Path(args.db).resolve()
    try:
        mirror, settings = choose_mirror(use_mirror=args.mirror, state_file=args.mirror_state, seed=args.seed,
                                         listings=args.listings, day=args.day, faults=args.fault)
    except MirrorError as error:
        raise CommandError(str(error)) from None
    sites = None
    if settings:
        settings = {**settings, **MIRROR_PACE}
        served = served_sites(settings)
        sites = [s for s in default_crawl_sites(config) if s in served] or served
    if args.list:
        table = job_table(build_scheduler(config, db_path, settings=settings, sites=sites, mirror=mirror,
                                          mirror_advance=args.mirror_advance, mirror_post=args.mirror_post))
        print(format_table([_("job"), _("when"), _("next run")], table, max_width=80))
        return 0
    log_file = Path(str(config.section("schedule").get("log_file") or "logs/tanka.log"))
    logs.configure(log_file if log_file.is_absolute() else db_path.parent / log_file)
    if mirror:
        settings = {**mirror.start().base_urls, **MIRROR_PACE}
    try:
        if args.once:
            results = crawl_job(str(config.path) if config.path else None, str(db_path), settings or None, sites)
            for result in results:
                print(result.summary())
            return 0 if results and all(r.ok for r in results) else 1
        return serve(config, db_path, settings=settings or None, sites=sites, mirror=mirror,
                     mirror_advance=args.mirror_advance, mirror_post=args.mirror_post)
    finally:
        if mirror:
            mirror.stop()


def add_arguments(p: argparse.ArgumentParser) -> None:
    from tanka.command import add_mirror_options

    p.add_argument("--list", action="store_true", help=_("print the jobs and their next run times, and exit"))
    p.add_argument("--once", action="store_true", help=_("crawl every site once now and exit"))
    p.add_argument("--mirror", action="store_true", help=_("run against the local replay mirror (started here)"))
    p.add_argument("--mirror-state", metavar="FILE", help=_("run against a mirror served by `tanka mirror serve`"))
    p.add_argument("--mirror-advance", metavar="WHEN",
                   help=_("--mirror: move its market on a day on this schedule, e.g. \"every 10m\""))
    p.add_argument("--mirror-post", metavar="WHEN",
                   help=_("--mirror: post a new listing on each site on this schedule, e.g. \"every 2m\""))
    add_mirror_options(p, what="--mirror")


HELP = N_("run the crawl and digest schedule (a long-running daemon)")
EXAMPLE = "tanka schedule --list"


def add_command(commands: Any) -> None:
    """`tanka schedule`, as a subcommand of the tanka CLI."""
    from tanka.command import add_command as add

    add_arguments(add(commands, "schedule", run, _(HELP), EXAMPLE))


def main(argv: Sequence[str] | None = None) -> int:
    """`python scheduler.py [options]`: the same as `tanka schedule [options]`."""
    from tanka.command import HelpFormatter, common_options, language_of, run_command, use_language

    argv = list(sys.argv[1:] if argv is None else argv)
    use_language(language_of(argv))  # before the parser is built: its help is in the chosen language
    parser = argparse.ArgumentParser(prog="scheduler.py",
                                     description=_(HELP) + "\n\n" + _("example: {example}").format(example=EXAMPLE),
                                     parents=[common_options()],
                                     formatter_class=HelpFormatter)
    add_arguments(parser)
    parser.set_defaults(func=run)
    return run_command(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
