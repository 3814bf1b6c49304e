"""The daily digest: build (read-only SQL) → render (text + HTML) → send (SMTP), at most once a day.

`run_digest` is what `tanka digest` and the scheduler call. The database is opened read-only to
build the digest, and read-write only for the two short ledger writes around the SMTP
conversation (store/digests.py explains the exactly-once rules). See docs/DIGEST.md.
"""

from __future__ import annotations

import logging
import sys
from datetime import datetime
from pathlib import Path
from typing import TextIO

import duckdb

from store import DatabaseLocked, connect, open_store
from store import digests as ledger
from tanka.config import Config, ConfigError
from tanka.digest.build import Digest, build_digest
from tanka.digest.message import (
    compose,
    new_message_id,
    parse_sender,
    recipient_addresses,
    unsubscribe_target,
)
from tanka.digest.profile import Profile, load_profile
from tanka.digest.render import Rendered, render
from tanka.digest.send import SendError, deliver, smtp_settings
from tanka.i18n import _, using
from tanka.normalize.dates import TOKYO

__all__ = ["run_digest"]

log = logging.getLogger(__name__)
EXIT_OK, EXIT_ERROR = 0, 1
READ_WAIT_SECONDS = 60
# Recording a delivered digest matters more than returning quickly: wait out a crawl's flush.
RECORD_WAIT_SECONDS = 600


def _unsubscribe_hint(profile: Profile) -> str:
    return _("To stop this digest, set enabled = false in [profiles.{name}] of your tanka settings file, or remove "
             "the profile.").format(name=profile.name)


def build(config: Config, db_path: Path, profile: Profile, now: datetime) -> tuple[Digest, Rendered]:
    """The digest and its rendering, from a short read-only connection."""
    con = connect(db_path, read_only=True, wait_seconds=READ_WAIT_SECONDS)
    try:
        digest = build_digest(con, config, profile, now)
    finally:
        con.close()
    return digest, render(digest, unsubscribe_hint=_unsubscribe_hint(profile))


def already_sent(db_path: Path, profile: Profile, now: datetime) -> tuple[str, datetime] | None:
    con = connect(db_path, read_only=True, wait_seconds=READ_WAIT_SECONDS)
    try:
        return ledger.sent_on(con, profile.name, now.date())
    finally:
        con.close()


def _record(db_path: Path, digest_id: int, *, sent: bool, error: str | None) -> str | None:
    """Write the attempt's outcome; returns a problem to report when the ledger could not be written."""
    try:
        with open_store(db_path, wait_seconds=RECORD_WAIT_SECONDS) as con:
            ledger.finish(con, digest_id, sent=sent, now=datetime.now(TOKYO), error=error)
    except (DatabaseLocked, duckdb.Error) as problem:
        return str(problem).splitlines()[0]
    return None


def run_digest(config: Config, db_path: Path, profile: str, send: bool, preview: Path | None = None, *,
               now: datetime | None = None, out: TextIO | None = None, err: TextIO | None = None,
               language: str | None = None) -> int:
    """Render the profile's digest to `preview` and/or send it; returns the exit status.

    The digest and every line printed are in `language` (`tanka digest --lang`), else the profile's
    `language`, else the command's. `now` freezes the clock (tests); `out`/`err` default to stdout/stderr.
    """
    chosen = load_profile(config, profile)
    with using(language or chosen.language):
        return _run(config, db_path, chosen, send, preview, now, out or sys.stdout, err or sys.stderr)


def _run(config: Config, db_path: Path, chosen: Profile, send: bool, preview: Path | None, now: datetime | None,
         out: TextIO, err: TextIO) -> int:
    profile = chosen.name
    now = (now or datetime.now(TOKYO)).astimezone(TOKYO)
    if send and not preview:
        done = already_sent(db_path, chosen, now)
        if done:
            print(_("digest {profile!r} for {day} was already sent at {time} (Message-ID {id}); nothing sent").format(
                profile=profile, day=f"{now:%Y-%m-%d}", time=f"{done[1]:%H:%M}", id=done[0]), file=out)
            return EXIT_OK
    digest, rendered = build(config, db_path, chosen, now)
    if preview:
        preview.parent.mkdir(parents=True, exist_ok=True)
        preview.write_text(rendered.html, encoding="utf-8")
        print(_("preview: {path} ({gigs} gigs, {broken} sites with crawl problems)").format(
            path=preview, gigs=len(digest.gigs), broken=len(digest.broken_sites)), file=out)
    if not send:
        return EXIT_OK
    return _send(config, db_path, digest, rendered, now, out, err)


def _send(config: Config, db_path: Path, digest: Digest, rendered: Rendered, now: datetime,
          out: TextIO, err: TextIO) -> int:
    profile = digest.profile
    settings = smtp_settings(config)
    sender = parse_sender(settings.sender)
    if not profile.recipients:
        raise ConfigError(_("[profiles.{name}] has no recipient").format(name=profile.name))
    with open_store(db_path, wait_seconds=READ_WAIT_SECONDS) as con:
        try:
            attempt = ledger.begin(con, profile=profile.name, day=now.date(),
                                   message_id=new_message_id(sender, profile.name),
                                   recipients=list(profile.recipients), listings=digest.keys,
                                   since=digest.since, until=digest.now, now=now)
        except ledger.AlreadySent as done:
            print(_("digest {profile!r} for {day} was {done}; nothing sent").format(
                profile=profile.name, day=f"{now:%Y-%m-%d}", done=done), file=out)
            return EXIT_OK
        except ledger.SendInProgress as busy:
            print("tanka: " + _("digest {profile!r}: {problem}").format(profile=profile.name, problem=busy), file=err)
            return EXIT_ERROR
    if attempt.retried_interrupted:
        log.warning("digest %r: an earlier attempt today stopped before its outcome was recorded; "
                    "sending again with the same Message-ID %s", profile.name, attempt.message_id)
    recipients = recipient_addresses(list(profile.recipients))
    message = compose(rendered, sender=sender, recipients=recipients, message_id=attempt.message_id,
                      date=now, profile=profile.name,
                      unsubscribe=unsubscribe_target(sender, profile.name, profile.unsubscribe))
    try:
        refused = deliver(message, settings, sender.addr_spec, [r.addr_spec for r in recipients])
    except SendError as error:
        # The line on `err` is what a user sees; the log (the scheduler's file) keeps it at INFO, so
        # that a failed `tanka digest --send` prints one line, not the same failure twice.
        log.info("digest %r not sent: %s", profile.name, error)
        problem = _record(db_path, attempt.digest_id, sent=False, error=str(error))
        note = _(" (and the failure could not be recorded: {problem})").format(problem=problem) if problem else ""
        print("tanka: " + _("digest {profile!r} not sent: {error}; recorded as failed{note}, the next run will send "
                            "it").format(profile=profile.name, error=error, note=note), file=err)
        return EXIT_ERROR
    error = f"refused recipients: {'; '.join(f'{a} {r}' for a, r in refused.items())}" if refused else None
    problem = _record(db_path, attempt.digest_id, sent=True, error=error)
    if problem:
        print("tanka: " + _("digest {profile!r} was sent (Message-ID {id}) but could not be recorded: {problem}. The "
                            "next run will send it again with the same Message-ID.").format(
            profile=profile.name, id=attempt.message_id, problem=problem), file=err)
        return EXIT_ERROR
    print(_("sent digest {profile!r} for {day} to {recipients}: {gigs} gigs, Message-ID {id}").format(
        profile=profile.name, day=f"{now:%Y-%m-%d}", recipients=", ".join(profile.recipients), gigs=len(digest.gigs),
        id=attempt.message_id), file=out)
    if refused:
        print("tanka: " + _("digest {profile!r}: the server refused some recipients, who will not get it: {who}").format(
            profile=profile.name, who=error.removeprefix("refused recipients: ")), file=err)
        return EXIT_ERROR
    return EXIT_OK
