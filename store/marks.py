"""Your gigs (table `my_gigs`): what the user did with a listing — applied, saved, hidden, won,
lost, done — as marks that are only ever added, so the history stays. `my_gig_states` (a view)
is each gig's latest state; readers of listings leave out the gigs a user has put away.

A mark is keyed (site, listing_id) like `listings`, but in its own table: crawls, `tanka rescore`
and migrations never touch it, and a mark outlives its listing's row being closed or changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb

from store.db import execute, rows_of

STATES = ("applied", "saved", "hidden", "won", "lost", "done")
# States that take a gig out of `tanka top`, digests and alerts: everything but "saved" (a gig
# saved for later is still one to be shown). applied → won/lost → done all follow an application.
PUT_AWAY = ("hidden", "applied", "won", "lost", "done")
TAKEN = ("won", "done")


def has_marks(con: duckdb.DuckDBPyConnection) -> bool:
    """False on a database migrated before marks existed (read-only readers cannot migrate)."""
    return bool(con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'my_gigs'").fetchall()[0][0])


def put_away_condition(alias: str = "listings") -> str:
    """SQL true for a listings row the user has not put away (for store.queries' WHERE clauses)."""
    states = ", ".join(f"'{s}'" for s in PUT_AWAY)
    return (f"NOT EXISTS (SELECT 1 FROM my_gig_states m WHERE m.site = {alias}.site "
            f"AND m.listing_id = {alias}.listing_id AND m.state IN ({states}))")


def listing_exists(con: duckdb.DuckDBPyConnection, site: str, listing_id: str) -> bool:
    return bool(con.execute("SELECT count(*) FROM listings WHERE site = $site AND listing_id = $id",
                            {"site": site, "id": listing_id}).fetchall()[0][0])


def add_mark(con: duckdb.DuckDBPyConnection, *, site: str, listing_id: str, state: str, now: datetime,
             note: str | None = None, earned_yen: int | None = None) -> int:
    """Record one mark; returns its id. The caller checks the state and amount."""
    if state not in STATES:
        raise ValueError(f"unknown state {state!r}")
    return con.execute(
        """INSERT INTO my_gigs (site, listing_id, state, note, earned_yen, marked_at)
           VALUES ($site, $id, $state, $note, $earned, $now) RETURNING mark_id""",
        {"site": site, "id": listing_id, "state": state, "note": note, "earned": earned_yen, "now": now},
    ).fetchall()[0][0]


@dataclass(frozen=True)
class MonthEarned:
    earned_yen: int  # the month's total: each gig's latest earned amount, dated by the mark that gave it
    taken: int  # gigs marked won or done for the first time this month
    paid: int  # gigs whose earned amount was given this month


def month_earned(con: duckdb.DuckDBPyConnection, start: datetime, end: datetime) -> MonthEarned:
    """What the user earned and took between `start` and `end` (a Tokyo month)."""
    if not has_marks(con):
        return MonthEarned(0, 0, 0)
    earned, paid, taken = con.execute(
        """SELECT coalesce(sum(earned_yen) FILTER (WHERE earned_at >= $start AND earned_at < $end), 0),
                  count(*) FILTER (WHERE earned_at >= $start AND earned_at < $end),
                  count(*) FILTER (WHERE taken_at >= $start AND taken_at < $end)
           FROM my_gig_states""",
        {"start": start, "end": end},
    ).fetchall()[0]
    return MonthEarned(int(earned), int(taken), int(paid))


_MINE = """
SELECT m.site, m.listing_id, m.state, m.note, m.earned_yen, m.marked_at, m.first_marked_at, m.marks,
       l.title, l.url, l.status AS listing_status, l.deadline, l.applicants, l.slots, l.net_hourly_yen,
       l.score, l.last_seen_at, l.closed_at
FROM my_gig_states m LEFT JOIN listings l USING (site, listing_id)
WHERE ($states IS NULL OR m.state IN (SELECT unnest($states)))
ORDER BY m.marked_at DESC, m.site, m.listing_id
"""


def my_gigs(con: duckdb.DuckDBPyConnection, states: list[str] | None = None) -> list[dict[str, Any]]:
    """Every marked gig's latest state with its listing as stored now (None where it is not stored)."""
    if not has_marks(con):
        return []
    return rows_of(execute(con, _MINE, {"states": states}))


def mark_history(con: duckdb.DuckDBPyConnection, site: str, listing_id: str) -> list[dict[str, Any]]:
    if not has_marks(con):
        return []
    return rows_of(con.execute(
        """SELECT state, note, earned_yen, marked_at FROM my_gigs
           WHERE site = $site AND listing_id = $id ORDER BY mark_id""",
        {"site": site, "id": listing_id}))
