"""Crawl health: each site's last ended run judged against its own recent history (crawl_runs).

A site is **failing** when its last ended run

* did not finish normally (interrupted, killed, closed for a block or an error), or counted errors;
* stored no listings;
* listed less than half as many listings per list page as the median of its recent finished runs
  (per page, so that an incremental crawl that stops after two unchanged pages compares fairly
  with a full one; runs without page counts compare their listings);
* could not read a list page (refused, cut short, redirected off the site, a changed layout …:
  `tanka/list/failed/<reason>`), so that a listing set is incomplete;
* could not read detail pages (`tanka/detail/unavailable/<reason>`, the reasons that lose
  something) at a rate well above its recent median, or for half of them: a rise in parse errors,
  or pages cut short;
* suddenly lacks a field: a watched field (price, title, URL, pay type) missing from more than
  10% of its listings, and 10 points more often than in its recent runs (the layout changed).

A run that missed something without failing the site (a detail page or two timed out) is named
in the summary as partial, with what it missed.

A site not crawled for two days is **stale** (a warning: the schedule stopped?); one with no run
is **never** crawled. `tanka status`, the scheduler and the digest all read this one judgement.
"""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import duckdb

from store.queries import last_runs
from tanka.i18n import _, ngettext
from tanka.items import DETAIL_NOT_FAILED
from tanka.sites import label as site_label

RECENT_RUNS = 7  # the history a run is compared with: the site's finished runs before it
DROP_SHARE = 0.5  # fewer than half the usual listings is a sharp drop …
DROP_MIN_BASIS = 20  # … when the usual figure is at least this (small crawls swing too much)
MISSING_SHARE = 0.10  # a watched field missing from more than this share of the items …
MISSING_RISE = 0.10  # … and this much more often than usual means the layout changed
WATCHED_FIELDS = ("price", "title", "url", "pay_type")
DETAIL_ERROR_RATE = 0.05  # detail pages that could not be parsed, as a share of those read
DETAIL_ERROR_MIN = 3
DETAIL_ERROR_HIGH = 0.5  # … and at least this share is failing whatever the recent runs did
STALE_AFTER = timedelta(hours=48)

OK, FAILING, RUNNING, STALE, NEVER = "ok", "failing", "running", "stale", "never"


@dataclass(frozen=True)
class SiteHealth:
    site: str
    label: str
    state: str  # ok | failing | running (first crawl) | stale | never
    summary: str  # one line for the digest and `tanka status`
    last_run_at: datetime | None = None
    items: int | None = None
    run_id: int | None = None
    problems: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        """Nothing to warn about (the digest's test)."""
        return self.state in (OK, RUNNING)

    @property
    def failing(self) -> bool:
        """The last crawl looks broken (what makes `tanka status` exit non-zero)."""
        return self.state == FAILING


def run_stats(value: Any) -> dict[str, Any]:
    if not value:
        return {}
    try:
        out = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        return {}
    return out if isinstance(out, dict) else {}


def _when(moment: datetime) -> str:
    return f"{moment.month}/{moment.day} {moment:%H:%M}"


def _count(text: str, n: int, **values: Any) -> str:
    return text.format(n=f"{n:,}", **values)


def listings_per_page(run: dict[str, Any]) -> float:
    """The run's listings per list page; its items when it has no page count."""
    return run["items"] / run["pages"] if run.get("pages") else float(run["items"])


def missing_share(run: dict[str, Any], name: str) -> float:
    if not run["items"]:
        return 0.0
    return int(run_stats(run["stats"]).get(f"tanka/field/{name}/missing", 0)) / run["items"]


def _counts(stats: dict[str, Any], prefix: str) -> dict[str, int]:
    """reason → count of the stats `<prefix><reason>`."""
    out = {}
    for key, value in stats.items():
        if key.startswith(prefix) and isinstance(value, int | float) and value:
            out[key.removeprefix(prefix)] = int(value)
    return out


def detail_failures(stats: dict[str, Any]) -> dict[str, int]:
    """reason → detail pages that failed for it (not those that lose nothing: a 404, a login page)."""
    return {r: n for r, n in _counts(stats, "tanka/detail/unavailable/").items() if r not in DETAIL_NOT_FAILED}


def _reasons(counts: dict[str, int]) -> str:
    return ", ".join(f"{reason} {n}" if len(counts) > 1 else reason
                     for reason, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def missed(stats: Any) -> list[str]:
    """What a run missed, in words: "1 list page failed (truncated)", "25 detail pages failed
    (truncated)", "3 listings rejected (malformed_card)", "rows not stored (database locked)"."""
    stats = run_stats(stats)
    out = []
    if (lists := _counts(stats, "tanka/list/failed/")):
        n = sum(lists.values())
        out.append(_count(ngettext("{n} list page failed ({why})", "{n} list pages failed ({why})", n), n,
                          why=_reasons(lists)))
    if (details := detail_failures(stats)):
        n = sum(details.values())
        out.append(_count(ngettext("{n} detail page failed ({why})", "{n} detail pages failed ({why})", n), n,
                          why=_reasons(details)))
    if (rejected := _counts(stats, "tanka/rejected/")):
        n = sum(rejected.values())
        out.append(_count(ngettext("{n} listing rejected ({why})", "{n} listings rejected ({why})", n), n,
                          why=_reasons(rejected)))
    if stats.get("tanka/errors/store_unavailable"):
        out.append(_("rows not stored: the database was in use (saved for `tanka load`)"))
    return out


def detail_error_rate(run: dict[str, Any]) -> tuple[int, float]:
    stats = run_stats(run["stats"])
    failed = sum(detail_failures(stats).values())
    read = int(stats.get("tanka/detail/fetched", 0)) + failed
    return failed, (failed / read if read else 0.0)


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def judge(run: dict[str, Any], history: list[dict[str, Any]]) -> list[str]:
    """The problems of one ended run, given the site's finished runs before it (newest first)."""
    reason = run["finish_reason"]
    problems = []
    if reason in (None, "abandoned"):
        problems.append(_("it never finished (interrupted)"))
    elif reason != "finished":
        problems.append(_("it ended abnormally ({reason})").format(reason=reason))
    if run["errors"]:
        problems.append(_count(ngettext("{n} error", "{n} errors", run["errors"]), run["errors"]))
    recent = [r for r in history if r["finish_reason"] == "finished" and r["items"]][:RECENT_RUNS]
    if not run["items"]:
        problems.append(_("it stored no listings (a changed page layout, or access refused?)"))
    elif reason == "finished":
        paged = bool(run.get("pages")) and all(r.get("pages") for r in recent)
        usual = _median([listings_per_page(r) if paged else float(r["items"]) for r in recent])
        now_value = listings_per_page(run) if paged else float(run["items"])
        if usual is not None and usual >= (1 if paged else DROP_MIN_BASIS) and now_value < DROP_SHARE * usual:
            template = _("listings per list page dropped sharply ({now}, usually {usual})") if paged else \
                _("listings dropped sharply ({now}, usually {usual})")
            problems.append(template.format(now=f"{now_value:,.0f}", usual=f"{usual:,.0f}"))
    stats = run_stats(run["stats"])
    if stats.get("tanka/list/layout_changed"):
        problems.append(_("the list page layout looks changed"))
    if (lists := _counts(stats, "tanka/list/failed/")):
        n = sum(lists.values())
        problems.append(_count(ngettext("{n} list page failed ({why}): its listing set is incomplete",
                                        "{n} list pages failed ({why}): its listing set is incomplete", n), n,
                               why=_reasons(lists)))
    failed, rate = detail_error_rate(run)
    usual_rate = _median([detail_error_rate(r)[1] for r in recent]) or 0.0
    if failed >= DETAIL_ERROR_MIN and rate > min(max(DETAIL_ERROR_RATE, 2 * usual_rate), DETAIL_ERROR_HIGH):
        problems.append(_("detail pages failing: {failed} unreadable ({rate}; {why})").format(
            failed=failed, rate=f"{rate:.0%}", why=_reasons(detail_failures(stats))))
    if run["items"]:
        for name in WATCHED_FIELDS:
            share = missing_share(run, name)
            usual_share = _median([missing_share(r, name) for r in recent]) or 0.0
            if share > MISSING_SHARE and share > usual_share + MISSING_RISE:
                problems.append(_("{field} missing in {share} of listings (usually {usual}): the layout changed?")
                                .format(field=name, share=f"{share:.0%}", usual=f"{usual_share:.0%}"))
    return problems


def recent_runs(con: duckdb.DuckDBPyConnection) -> dict[str, list[dict[str, Any]]]:
    """Each site's last runs, newest first: what a judgement needs."""
    runs = last_runs(con, RECENT_RUNS + 3)
    for site_runs in runs.values():
        for run in site_runs:
            run["stats"] = run_stats(run["stats"])  # read once: each judgement looks at it several times
    return runs


def site_health(site: str, history: list[dict[str, Any]], now: datetime,
                running_timeout: timedelta = timedelta(hours=1)) -> SiteHealth:
    """Judge one site from its runs, newest first."""
    label = site_label(site)
    if not history:
        return SiteHealth(site, label, NEVER, _("never crawled"))
    latest, earlier = history[0], history[1:]
    running = latest["finish_reason"] is None and now - latest["started_at"] <= running_timeout
    note = ""
    if running:
        if not earlier:
            return SiteHealth(site, label, RUNNING,
                              _("first crawl running since {when}").format(when=_when(latest["started_at"])),
                              latest["started_at"], None, latest["run_id"])
        latest, earlier = earlier[0], earlier[1:]  # judge the last run that ended
        note = _(" (a crawl is running now)")
    problems = judge(latest, earlier)
    when = _when(latest["started_at"])
    if problems:
        state, summary = FAILING, _("last crawl {when}: {problems}").format(when=when, problems=_("; ").join(problems)) \
            + note
    else:
        partial = _("; ").join(missed(latest["stats"])) if latest.get("partial") else ""
        details = _count(ngettext("{n} listing", "{n} listings", latest["items"]), latest["items"])
        if partial:
            details += _("; partial: {what}").format(what=partial)
        state, summary = OK, _("last crawl {when}: OK ({details})").format(when=when, details=details) + note
    if not running and now - latest["started_at"] > STALE_AFTER:
        summary += _("; no crawl since then")
        if state == OK:
            state = STALE
    return SiteHealth(site, label, state, summary, latest["started_at"], latest["items"], latest["run_id"],
                      tuple(problems))


def crawl_health(con: duckdb.DuckDBPyConnection, sites: list[str], now: datetime,
                 running_timeout: timedelta = timedelta(hours=1)) -> list[SiteHealth]:
    """One entry per site in `sites` or in crawl_runs, problems first."""
    runs = recent_runs(con)
    out = [site_health(site, runs.get(site, []), now, running_timeout) for site in sorted(set(sites) | set(runs))]
    return sorted(out, key=lambda h: (h.ok, h.site))
