"""New-gig alerts: after each quick poll (and each crawl) the scheduler runs an alert pass; `tanka
alert --profile NAME --send` runs one by hand. See docs/ALERTS.md.

A pass, per alerting profile: read the gigs worth alerting (tanka.alerts.choose, read-only), then
for each target (tanka.alerts.targets) claim the ones it has not had, send one message listing
them, and record the outcome (store/alerts.py: at most once per gig, profile and target; a failed
send is tried again by the next pass, for as long as the gig is younger than max_age).
"""

from __future__ import annotations

import logging
import sys
import threading
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import make_msgid
from pathlib import Path
from typing import TextIO

import duckdb

from store import DatabaseLocked, connect, open_store
from store import alerts as ledger
from tanka.alerts.choose import candidates
from tanka.alerts.message import render, views
from tanka.alerts.settings import AlertProfile, alert_settings, alerting_profiles, load_alert_profile
from tanka.alerts.targets import Target, targets_for
from tanka.config import Config, ConfigError
from tanka.digest.send import SendError
from tanka.i18n import _, using
from tanka.normalize.dates import TOKYO

__all__ = ["PassResult", "alert_pass", "run_alerts"]

log = logging.getLogger(__name__)
EXIT_OK, EXIT_ERROR = 0, 1
READ_WAIT_SECONDS = 60
RECORD_WAIT_SECONDS = 600  # recording a delivered alert matters more than returning quickly
CLAIM_TRIES = 3
# One pass at a time in this process: the scheduler's poll threads would otherwise open the database
# from two threads at once (DuckDB refuses a read-only and a read-write connection side by side).
PASS_LOCK = threading.Lock()


@dataclass
class PassResult:
    sent: dict[str, int] = field(default_factory=dict)  # target → gigs sent
    failed: dict[str, str] = field(default_factory=dict)  # target → error
    interrupted: int = 0  # attempts found cut off mid-send (their gigs are not sent again)

    @property
    def ok(self) -> bool:
        return not self.failed


def _key(row: dict[str, object]) -> str:
    return ledger.key(str(row["site"]), str(row["listing_id"]))


def _read(config: Config, db_path: Path, profile: AlertProfile, targets: list[Target], now: datetime
          ) -> tuple[list[dict[str, object]], dict[str, set[str]], list[str]]:
    """The candidates, what each target has had, and the targets with attempts of dead senders."""
    con = connect(db_path, read_only=True, wait_seconds=READ_WAIT_SECONDS)
    try:
        rows = candidates(con, config, alert_settings(config), profile, now)
        claimed = {t.key: ledger.claimed(con, profile.name, t.key, now) for t in targets}
        dead = [t.key for t in targets if ledger.dead_attempts(con, profile.name, t.key, now)]
    finally:
        con.close()
    return rows, claimed, dead


def _settle(db_path: Path, profile: str, targets: list[str], now: datetime) -> int:
    """Settle dead senders' attempts; returns how many were cut off mid-send."""
    interrupted = 0
    with open_store(db_path, wait_seconds=READ_WAIT_SECONDS) as con:
        for target in targets:
            interrupted += len(ledger.settle(con, profile, target, now).interrupted)
    return interrupted


def _claim(db_path: Path, profile: str, target: str, keys: list[str], now: datetime
           ) -> tuple[ledger.Claim | None, ledger.Settled]:
    message_id = make_msgid(idstring="tanka.alert", domain="tanka.localhost")
    for attempt in range(CLAIM_TRIES):
        try:
            with open_store(db_path, wait_seconds=READ_WAIT_SECONDS) as con:
                return ledger.claim(con, profile=profile, target=target, listings=keys, message_id=message_id,
                                    now=now)
        except duckdb.TransactionException:  # another connection of this process claimed first
            if attempt == CLAIM_TRIES - 1:
                raise
    raise AssertionError("unreachable")


def _record(db_path: Path, alert_id: int, *, sent: bool, error: str | None) -> str | None:
    try:
        with open_store(db_path, wait_seconds=RECORD_WAIT_SECONDS) as con:
            ledger.finish(con, alert_id, sent=sent, now=datetime.now(TOKYO), error=error)
    except (DatabaseLocked, duckdb.Error) as problem:
        return str(problem).splitlines()[0]
    return None


def _send_to(config: Config, db_path: Path, profile: AlertProfile, target: Target,
             rows: list[dict[str, object]], now: datetime, result: PassResult, out: TextIO, err: TextIO) -> None:
    by_key = {_key(r): r for r in rows}
    claim, settled = _claim(db_path, profile.name, target.key, list(by_key), now)
    result.interrupted += len(settled.interrupted)
    if claim is None:
        return
    gigs = views([by_key[k] for k in claim.listings], config, now, profile.profile.writing_speed)
    message = render(gigs, profile.name)
    with open_store(db_path, wait_seconds=RECORD_WAIT_SECONDS) as con:
        ledger.sending(con, claim.alert_id, datetime.now(TOKYO))
    try:
        target.send(message, message_id=claim.message_id or make_msgid(domain="tanka.localhost"), profile=profile.name, now=now)
    except SendError as error:
        log.error("alert %s → %s not sent: %s", profile.name, target.key, error)
        problem = _record(db_path, claim.alert_id, sent=False, error=str(error))
        note = _(" (and the failure could not be recorded: {problem})").format(problem=problem) if problem else ""
        result.failed[target.key] = str(error)
        print(_("tanka: alert {profile!r} to {target} not sent: {error}; recorded as failed{note}, the next "
                "pass sends it").format(profile=profile.name, target=target.key, error=error, note=note), file=err)
        return
    problem = _record(db_path, claim.alert_id, sent=True, error=None)
    if problem:
        result.failed[target.key] = problem
        print(_("tanka: alert {profile!r} to {target} was sent but could not be recorded: {problem}; it stays "
                "claimed and is not sent again").format(profile=profile.name, target=target.key, problem=problem),
              file=err)
        return
    result.sent[target.key] = len(claim.listings)
    log.info("alert %s → %s: %d gigs", profile.name, target.key, len(claim.listings))
    print(_("sent alert {profile!r} to {target}: {n} gigs ({keys})").format(
        profile=profile.name, target=target.key, n=len(claim.listings), keys=", ".join(claim.listings)), file=out)


def run_alerts(config: Config, db_path: Path, profile: str, *, send: bool, preview: Path | None = None,
               now: datetime | None = None, out: TextIO | None = None, err: TextIO | None = None,
               language: str | None = None) -> int:
    """One alert pass for `profile`: preview it to `preview` (HTML) and/or send it. Returns the exit status."""
    result = alert_profile_pass(config, Path(db_path), profile, send=send, preview=preview, now=now, out=out,
                                err=err, language=language)
    return EXIT_OK if result.ok else EXIT_ERROR


def alert_profile_pass(config: Config, db_path: Path, profile: str, *, send: bool, preview: Path | None = None,
                       now: datetime | None = None, out: TextIO | None = None, err: TextIO | None = None,
                       language: str | None = None) -> PassResult:
    """The pass in `language` (`tanka alert --lang`), else the profile's `language`, else the command's."""
    chosen = load_alert_profile(config, profile)
    with using(language or chosen.profile.language):
        return _profile_pass(config, db_path, profile, chosen, send=send, preview=preview, now=now,
                             out=out or sys.stdout, err=err or sys.stderr)


def _profile_pass(config: Config, db_path: Path, profile: str, chosen: AlertProfile, *, send: bool,
                  preview: Path | None, now: datetime | None, out: TextIO, err: TextIO) -> PassResult:
    settings = alert_settings(config)
    targets = targets_for(config, settings, chosen)
    if send and not targets:
        raise ConfigError(_("alert {profile!r} has nowhere to go: give the profile a recipient (with [alerts] "
                            "email = true) or set [alerts] urls").format(profile=profile))
    result = PassResult()
    with PASS_LOCK:
        now = (now or datetime.now(TOKYO)).astimezone(TOKYO)
        rows, claimed, dead = _read(config, db_path, chosen, targets, now)
        if send and dead:
            result.interrupted += _settle(db_path, profile, dead, now)
        if preview:
            pending = [r for r in rows if any(_key(r) not in claimed[t.key] for t in targets)] if targets else rows
            gigs = views(pending, config, now, chosen.profile.writing_speed)
            preview.parent.mkdir(parents=True, exist_ok=True)
            preview.write_text(render(gigs, profile).html, encoding="utf-8")
            print(_("preview: {path} ({n} gigs not yet alerted)").format(path=preview, n=len(gigs)), file=out)
        if not send:
            return result
        for target in targets:
            pending = [r for r in rows if _key(r) not in claimed[target.key]]
            if pending:
                _send_to(config, db_path, chosen, target, pending, now, result, out, err)
    if result.interrupted:
        print(_("tanka: alert {profile!r}: {n} earlier send(s) stopped midway; their gigs may not have arrived "
                "and are not sent again").format(profile=profile, n=result.interrupted), file=err)
    if send and not result.sent and not result.failed:
        print(_("alert {profile!r}: no new gig to alert").format(profile=profile), file=out)
    return result


def alert_pass(config: Config, db_path: Path, *, now: datetime | None = None, out: TextIO | None = None,
               err: TextIO | None = None) -> dict[str, PassResult]:
    """An alert pass for every alerting profile (the scheduler's, after each poll and crawl)."""
    results = {}
    for name in alerting_profiles(config):
        results[name] = alert_profile_pass(config, db_path, name, send=True, now=now, out=out, err=err)
    return results
