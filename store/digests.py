"""The digest ledger (table `digests`): at most one delivered digest per profile and Tokyo day.

Every attempt is a row. `begin` writes it as 'sending' before the SMTP conversation starts; the
sender marks it 'sent' only after the server accepted the message, or 'failed' with the error.
A day is done only when it has a 'sent' row, so a failed attempt is simply tried again on the
next run.

A process that dies between the server's acceptance and the 'sent' update leaves a 'sending'
row. Nobody can know whether that message was delivered, so the next run marks the row
'interrupted' and sends again, reusing the same Message-ID: if the first copy did arrive, mail
clients that collapse duplicates see the same message twice, not two digests. Nothing is ever
marked sent without the server's acceptance.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import duckdb
import psutil

from store.db import rows_of
from tanka.i18n import _

# A 'sending' row older than this belongs to a dead process even if its pid was reused.
SENDING_STALE_AFTER = timedelta(hours=1)


class AlreadySent(Exception):
    """The profile's digest for this day was delivered already."""

    def __init__(self, message_id: str, sent_at: datetime) -> None:
        super().__init__(_("already sent at {when} (Message-ID {id})").format(when=f"{sent_at:%Y-%m-%d %H:%M}",
                                                                               id=message_id))
        self.message_id = message_id
        self.sent_at = sent_at


class SendInProgress(RuntimeError):
    """Another live process is sending this profile's digest right now."""


@dataclass(frozen=True)
class Attempt:
    digest_id: int
    message_id: str
    retried_interrupted: bool


def has_ledger(con: duckdb.DuckDBPyConnection) -> bool:
    """False on a database migrated before the digest existed (read-only readers cannot migrate)."""
    return bool(con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'digests'").fetchall()[0][0])


def last_sent_until(con: duckdb.DuckDBPyConnection, profile: str) -> datetime | None:
    """Where the profile's last delivered digest stopped: the next one starts there."""
    if not has_ledger(con):
        return None
    return con.execute(
        "SELECT max(content_until) FROM digests WHERE profile = $profile AND status = 'sent'",
        {"profile": profile},
    ).fetchall()[0][0]


def delivered_keys(con: duckdb.DuckDBPyConnection, profile: str, since: datetime) -> set[str]:
    """'site:listing_id' of every gig in the profile's digests delivered after `since`."""
    if not has_ledger(con):
        return set()
    rows = con.execute(
        """SELECT DISTINCT unnest(listings) FROM digests
           WHERE profile = $profile AND status = 'sent' AND content_until > $since""",
        {"profile": profile, "since": since},
    ).fetchall()
    return {row[0] for row in rows}


def sent_on(con: duckdb.DuckDBPyConnection, profile: str, day: date) -> tuple[str, datetime] | None:
    """(message_id, sent_at) of the digest delivered on `day`, if any."""
    if not has_ledger(con):
        return None
    rows = con.execute(
        """SELECT message_id, finished_at FROM digests
           WHERE profile = $profile AND digest_date = $day AND status = 'sent'
           ORDER BY finished_at LIMIT 1""",
        {"profile": profile, "day": day},
    ).fetchall()
    return rows[0] if rows else None


def _alive(host: str | None, pid: int | None, started_at: datetime, now: datetime) -> bool:
    if host != socket.gethostname() or pid is None or pid == os.getpid():
        return False
    if now - started_at > SENDING_STALE_AFTER:
        return False
    return psutil.pid_exists(pid)  # not os.kill(pid, 0): on Windows that would end the process


def begin(con: duckdb.DuckDBPyConnection, *, profile: str, day: date, message_id: str,
          recipients: list[str], listings: list[str], since: datetime | None, until: datetime,
          now: datetime) -> Attempt:
    """Record a 'sending' attempt, atomically with the checks that make sending allowed.

    Raises AlreadySent when the day is done and SendInProgress when a live process is sending.
    An attempt left 'sending' by a dead process is marked 'interrupted' and its Message-ID reused.
    """
    con.execute("BEGIN TRANSACTION")
    try:
        done = sent_on(con, profile, day)
        if done:
            raise AlreadySent(*done)
        pending = con.execute(
            """SELECT digest_id, message_id, sender_host, sender_pid, started_at, digest_date FROM digests
               WHERE profile = $profile AND status = 'sending'
               ORDER BY digest_id DESC""",
            {"profile": profile},
        ).fetchall()
        for digest_id, _message_id, host, pid, started_at, _day in pending:
            if _alive(host, pid, started_at, now):
                raise SendInProgress(_("process {pid} has been sending digest {profile!r} since {when}; not sending "
                                       "a second copy").format(pid=pid, profile=profile, when=f"{started_at:%H:%M}"))
            con.execute(
                """UPDATE digests SET status = 'interrupted', finished_at = $now,
                       error = 'the sender stopped before the server''s answer was recorded; it may have arrived'
                   WHERE digest_id = $id""",
                {"now": now, "id": digest_id},
            )
        same_day = [row[1] for row in pending if row[5] == day]
        if same_day:
            message_id = same_day[0]
        digest_id = con.execute(
            """INSERT INTO digests (profile, digest_date, status, message_id, recipients, listings,
                                    content_since, content_until, started_at, sender_host, sender_pid)
               VALUES ($profile, $day, 'sending', $message_id, $recipients, $listings, $since, $until,
                       $now, $host, $pid)
               RETURNING digest_id""",
            {"profile": profile, "day": day, "message_id": message_id, "recipients": recipients,
             "listings": listings, "since": since, "until": until, "now": now,
             "host": socket.gethostname(), "pid": os.getpid()},
        ).fetchall()[0][0]
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return Attempt(digest_id, message_id, bool(same_day))


def finish(con: duckdb.DuckDBPyConnection, digest_id: int, *, sent: bool, now: datetime,
           error: str | None = None) -> None:
    """Mark an attempt 'sent' (the server accepted it) or 'failed' (with the error shown to the user)."""
    con.execute(
        "UPDATE digests SET status = $status, finished_at = $now, error = $error WHERE digest_id = $id",
        {"status": "sent" if sent else "failed", "now": now, "error": error, "id": digest_id},
    )


def recent(con: duckdb.DuckDBPyConnection, limit: int = 20) -> list[dict[str, Any]]:
    """The last `limit` digest attempts, newest first: profile, day, status, recipients, gigs, when, error."""
    if not has_ledger(con):
        return []
    return rows_of(con.execute(
        """SELECT digest_id, profile, digest_date, status, recipients, len(listings) AS gigs, started_at,
                  finished_at, error
           FROM digests ORDER BY digest_id DESC LIMIT $limit""", {"limit": limit}))
