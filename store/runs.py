"""crawl_runs bookkeeping and the two ways a listing becomes closed.

A listing not seen in a crawl is closed only when that crawl walked its whole listing set
(a scope, e.g. "crowdworks:new") cleanly: the run is not partial (`is_partial`: it finished
normally, counted no error, no list or detail page failed and no listing was rejected), no page
of the set failed, and it saw a plausible number of the set's open listings. A broken,
interrupted or partial crawl closes nothing. A listing whose deadline has passed is closed
whatever the crawl did.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import duckdb

from store.db import execute
from store.upsert import TRACKED

log = logging.getLogger(__name__)

# Seeing fewer than this share of a scope's open listings means the crawl looked broken.
PLAUSIBLE_SHARE = 0.5
# Below this many open listings a scope is too small for the share test to mean anything.
PLAUSIBLE_MIN_OPEN = 20
# Stats whose presence makes a run partial (spiders/base.py counts them).
PARTIAL_STAT_PREFIXES = ("tanka/list/failed/", "tanka/rejected/")
PARTIAL_STATS = ("tanka/detail/failed", "tanka/errors/store_unavailable")


@dataclass
class RunOutcome:
    run_id: int
    finish_reason: str
    items: int = 0
    new_listings: int = 0
    changed: int = 0
    errors: int = 0
    pages: int = 0
    complete_scopes: list[str] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)


def partial_reasons(outcome: RunOutcome) -> list[str]:
    """Why a run may have missed listings (empty: it did not)."""
    reasons = []
    if outcome.finish_reason != "finished":
        reasons.append(f"ended {outcome.finish_reason!r}")
    if outcome.errors:
        reasons.append(f"{outcome.errors} errors")
    for key, value in sorted(outcome.stats.items()):
        if value and (key.startswith(PARTIAL_STAT_PREFIXES) or key in PARTIAL_STATS):
            reasons.append(f"{key.removeprefix('tanka/')}: {value}")
    return reasons


def is_partial(outcome: RunOutcome) -> bool:
    return bool(partial_reasons(outcome))


def start_run(con: duckdb.DuckDBPyConnection, site: str, scopes: list[str], started_at: datetime,
              kind: str = "crawl") -> int:
    """A run's row, written as it starts. `kind`: "crawl", or "poll" (a quick poll for alerts)."""
    return con.execute(
        "INSERT INTO crawl_runs (site, scopes, started_at, kind) VALUES ($site, $scopes, $at, $kind) RETURNING run_id",
        {"site": site, "scopes": scopes, "at": started_at, "kind": kind},
    ).fetchall()[0][0]


def _snapshot_closed(con: duckdb.DuckDBPyConnection, where: str, params: dict[str, Any]) -> int:
    cols = ", ".join(c for c in TRACKED if c != "status")
    execute(
        con, f"""INSERT INTO listing_snapshots (site, listing_id, seen_at, run_id, {cols}, status)
            SELECT site, listing_id, $now, $run_id, {cols}, 'closed' FROM listings WHERE {where}""",
        params,
    )
    return execute(con, f"UPDATE listings SET status = 'closed', closed_at = $now WHERE {where}", params
                   ).fetchall()[0][0]


def close_unseen(con: duckdb.DuckDBPyConnection, site: str, scope: str, run_started_at: datetime,
                 now: datetime, run_id: int | None) -> int:
    """Close the open listings of `scope` that this run (started at run_started_at) did not see."""
    params = {"site": site, "scope": scope, "started": run_started_at, "now": now, "run_id": run_id}
    seen, open_before = execute(
        con,
        """SELECT count(*) FILTER (WHERE s.last_seen_at >= $started),
                  count(*) FILTER (WHERE l.status = 'open')
           FROM listing_scopes s JOIN listings l USING (site, listing_id)
           WHERE s.site = $site AND s.scope = $scope""",
        params,
    ).fetchall()[0]
    if open_before >= PLAUSIBLE_MIN_OPEN and seen < PLAUSIBLE_SHARE * open_before:
        log.error("not closing unseen listings of %s: the run saw %d of %d open listings, which looks "
                  "like a broken crawl, not a market change", scope, seen, open_before)
        return 0
    where = """status = 'open' AND site = $site AND last_seen_at < $started AND listing_id IN (
                   SELECT listing_id FROM listing_scopes
                   WHERE site = $site AND scope = $scope AND last_seen_at < $started)"""
    return _snapshot_closed(con, where, params)


def close_expired(con: duckdb.DuckDBPyConnection, site: str, now: datetime, run_id: int | None,
                  grace: timedelta = timedelta(hours=1)) -> int:
    """Close open listings whose application deadline has passed."""
    params = {"site": site, "cutoff": now - grace, "now": now, "run_id": run_id}
    return _snapshot_closed(con, "status = 'open' AND site = $site AND deadline < $cutoff", params)


def finish_run(con: duckdb.DuckDBPyConnection, outcome: RunOutcome, site: str, started_at: datetime,
               now: datetime) -> int:
    """Record the end of a run; close what may be closed. Returns the number of listings closed."""
    closed = 0
    partial = partial_reasons(outcome)
    con.execute("BEGIN TRANSACTION")
    try:
        if not partial:
            for scope in outcome.complete_scopes:
                closed += close_unseen(con, site, scope, started_at, now, outcome.run_id)
        elif outcome.complete_scopes:
            log.warning("run %s is partial (%s): no listing is closed for being unseen",
                        outcome.run_id, "; ".join(partial))
        closed += close_expired(con, site, now, outcome.run_id)
        con.execute(
            """UPDATE crawl_runs SET finished_at = $now, finish_reason = $reason, items = $items,
                   new_listings = $new, changed = $changed, errors = $errors, pages = $pages,
                   complete_scopes = $complete, closed_unseen = $closed, stats = $stats, partial = $partial
               WHERE run_id = $run_id""",
            {"now": now, "reason": outcome.finish_reason, "items": outcome.items, "new": outcome.new_listings,
             "changed": outcome.changed, "errors": outcome.errors, "pages": outcome.pages,
             "complete": outcome.complete_scopes, "closed": closed, "run_id": outcome.run_id,
             "partial": bool(partial),
             "stats": json.dumps(outcome.stats, default=str, ensure_ascii=False, sort_keys=True)},
        )
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return closed


def mark_abandoned(con: duckdb.DuckDBPyConnection, older_than: datetime, site: str | None = None) -> int:
    """Runs still 'running' that started before `older_than` died without closing (killed).

    Call it only while holding the site's crawl lock (store/locks.py), or another process's live
    run could be marked.
    """
    return execute(
        con,
        """UPDATE crawl_runs SET finish_reason = 'abandoned', finished_at = coalesce(finished_at, $cutoff),
                                 partial = true
           WHERE finish_reason IS NULL AND started_at < $cutoff AND ($site IS NULL OR site = $site)""",
        {"cutoff": older_than, "site": site},
    ).fetchall()[0][0]
