"""The alert ledger (tables `alerts` and `alert_claims`): each gig is alerted at most once per
profile and target, and a send that failed is tried again.

An attempt moves through short write transactions, each one DuckDB commit:

1. `claim` — in one transaction: attempts of dead processes are settled (below), the gigs already
   claimed for this profile and target are dropped, and the rest are claimed (a row per gig in
   `alert_claims`, whose primary key makes a second claim impossible) under a new 'claimed'
   attempt. Two passes at once — two scheduler threads, or `tanka alert` by hand beside the
   scheduler — each claim different gigs, and a gig goes into one message only.
2. `sending` — written just before the message leaves (the network conversation starts).
3. `finish` — 'sent' once the service or mail server accepted it; 'failed' with the error
   otherwise, and then the claims are dropped, so the next pass sends those gigs again.

A process that dies leaves its attempt 'claimed' or 'sending'. A 'claimed' one never reached the
network: the next pass marks it 'released' and drops its claims, and its gigs go out then. A
'sending' one may have been delivered, and nobody can know: it is marked 'interrupted' and its
claims stay, so its gigs are never sent twice (at most once in that window; `tanka alert`
reports such attempts). A process counts as dead when its pid is gone on this host, or after
SENDING_STALE_AFTER whatever the pid says (a reused pid).
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import duckdb
import psutil

SENDING_STALE_AFTER = timedelta(hours=1)


@dataclass(frozen=True)
class Claim:
    alert_id: int
    listings: list[str]  # 'site:listing_id', in the order given
    message_id: str | None = None


@dataclass
class Settled:
    """Attempts of dead processes found by a claim."""

    released: int = 0  # 'claimed' → 'released': their gigs are sent again
    interrupted: list[int] = field(default_factory=list)  # 'sending' → 'interrupted': not sent again


def has_ledger(con: duckdb.DuckDBPyConnection) -> bool:
    """False on a database migrated before alerts existed (read-only readers cannot migrate)."""
    return bool(con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'alert_claims'").fetchall()[0][0])


def key(site: str, listing_id: str) -> str:
    return f"{site}:{listing_id}"


def claimed(con: duckdb.DuckDBPyConnection, profile: str, target: str, now: datetime) -> set[str]:
    """'site:listing_id' of every gig claimed for the profile and target — sent, or being sent by a
    live process — leaving out the claims of a dead sender that never started sending (the next
    claim releases them)."""
    if not has_ledger(con):
        return set()
    rows = con.execute(
        """SELECT c.site, c.listing_id, a.status, a.sender_host, a.sender_pid, a.started_at
           FROM alert_claims c JOIN alerts a USING (alert_id)
           WHERE c.profile = $profile AND c.target = $target""",
        {"profile": profile, "target": target},
    ).fetchall()
    return {key(site, listing_id) for site, listing_id, status, host, pid, started in rows
            if status != "claimed" or _alive(host, pid, started, now)}


def _alive(host: str | None, pid: int | None, started_at: datetime, now: datetime) -> bool:
    if host != socket.gethostname() or pid is None:
        return False
    if now - started_at > SENDING_STALE_AFTER:
        return False
    if pid == os.getpid():
        return True  # another thread of this process (the scheduler's alert passes)
    return psutil.pid_exists(pid)  # not os.kill(pid, 0): on Windows that would end the process


def _settle_dead(con: duckdb.DuckDBPyConnection, profile: str, target: str, now: datetime) -> Settled:
    settled = Settled()
    pending = con.execute(
        """SELECT alert_id, status, sender_host, sender_pid, started_at FROM alerts
           WHERE profile = $profile AND target = $target AND status IN ('claimed', 'sending')""",
        {"profile": profile, "target": target},
    ).fetchall()
    for alert_id, status, host, pid, started_at in pending:
        if _alive(host, pid, started_at, now):
            continue
        if status == "claimed":
            con.execute("DELETE FROM alert_claims WHERE alert_id = $id", {"id": alert_id})
            con.execute(
                """UPDATE alerts SET status = 'released', finished_at = $now,
                       error = 'the sender stopped before sending; its gigs go out with the next alert'
                   WHERE alert_id = $id""", {"now": now, "id": alert_id})
            settled.released += 1
        else:
            con.execute(
                """UPDATE alerts SET status = 'interrupted', finished_at = $now,
                       error = 'the sender stopped while sending; it may have arrived, so it is not sent again'
                   WHERE alert_id = $id""", {"now": now, "id": alert_id})
            settled.interrupted.append(alert_id)
    return settled


def dead_attempts(con: duckdb.DuckDBPyConnection, profile: str, target: str, now: datetime) -> int:
    """How many attempts of the profile and target a dead process left 'claimed' or 'sending'."""
    if not has_ledger(con):
        return 0
    rows = con.execute(
        """SELECT sender_host, sender_pid, started_at FROM alerts
           WHERE profile = $profile AND target = $target AND status IN ('claimed', 'sending')""",
        {"profile": profile, "target": target},
    ).fetchall()
    return sum(1 for host, pid, started in rows if not _alive(host, pid, started, now))


def settle(con: duckdb.DuckDBPyConnection, profile: str, target: str, now: datetime) -> Settled:
    """Settle the attempts dead processes left (see the module docstring), in one transaction."""
    con.execute("BEGIN TRANSACTION")
    try:
        settled = _settle_dead(con, profile, target, now)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return settled


def claim(con: duckdb.DuckDBPyConnection, *, profile: str, target: str, listings: list[str],
          message_id: str | None, now: datetime) -> tuple[Claim | None, Settled]:
    """Claim the gigs of `listings` not yet claimed for the profile and target, in one transaction.

    Returns (None, …) when every one is claimed already. Raises duckdb.TransactionException when a
    concurrent claim in this process committed first (call again: the gigs it took are then left out).
    """
    con.execute("BEGIN TRANSACTION")
    try:
        settled = _settle_dead(con, profile, target, now)
        taken = {key(site, listing_id) for site, listing_id in con.execute(
            """SELECT site, listing_id FROM alert_claims
               WHERE profile = $profile AND target = $target
                 AND site || ':' || listing_id IN (SELECT unnest($keys))""",
            {"profile": profile, "target": target, "keys": listings}).fetchall()}
        fresh = list(dict.fromkeys(k for k in listings if k not in taken))
        if not fresh:
            con.execute("COMMIT")
            return None, settled
        alert_id = con.execute(
            """INSERT INTO alerts (profile, target, status, listings, message_id, started_at, sender_host, sender_pid)
               VALUES ($profile, $target, 'claimed', $listings, $message_id, $now, $host, $pid)
               RETURNING alert_id""",
            {"profile": profile, "target": target, "listings": fresh, "message_id": message_id, "now": now,
             "host": socket.gethostname(), "pid": os.getpid()},
        ).fetchall()[0][0]
        sites, ids = zip(*(k.split(":", 1) for k in fresh), strict=True)
        con.execute(
            """INSERT INTO alert_claims (profile, target, site, listing_id, alert_id, claimed_at)
               SELECT $profile, $target, unnest($sites), unnest($ids), $alert_id, $now""",
            {"profile": profile, "target": target, "sites": list(sites), "ids": list(ids), "alert_id": alert_id,
             "now": now},
        )
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return Claim(alert_id, fresh, message_id), settled


def sending(con: duckdb.DuckDBPyConnection, alert_id: int, now: datetime) -> None:
    """The message is about to leave: from here a dead sender's gigs are never sent again."""
    con.execute("UPDATE alerts SET status = 'sending', started_at = $now WHERE alert_id = $id",
                {"now": now, "id": alert_id})


def finish(con: duckdb.DuckDBPyConnection, alert_id: int, *, sent: bool, now: datetime,
           error: str | None = None) -> None:
    """'sent' (accepted), or 'failed' with the error and the claims dropped (sent again next pass)."""
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(
            "UPDATE alerts SET status = $status, finished_at = $now, error = $error WHERE alert_id = $id",
            {"status": "sent" if sent else "failed", "now": now, "error": error, "id": alert_id},
        )
        if not sent:
            con.execute("DELETE FROM alert_claims WHERE alert_id = $id", {"id": alert_id})
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def release(con: duckdb.DuckDBPyConnection, alert_id: int, now: datetime, reason: str) -> None:
    """Give up a claim that never reached the network (the message could not be built)."""
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM alert_claims WHERE alert_id = $id", {"id": alert_id})
        con.execute("UPDATE alerts SET status = 'released', finished_at = $now, error = $error WHERE alert_id = $id",
                    {"now": now, "error": reason, "id": alert_id})
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def attempts(con: duckdb.DuckDBPyConnection, profile: str | None = None) -> list[tuple[object, ...]]:
    """(alert_id, profile, target, status, listings, started_at, finished_at, error), oldest first."""
    if not has_ledger(con):
        return []
    return con.execute(
        """SELECT alert_id, profile, target, status, listings, started_at, finished_at, error FROM alerts
           WHERE $profile IS NULL OR profile = $profile ORDER BY alert_id""",
        {"profile": profile},
    ).fetchall()
