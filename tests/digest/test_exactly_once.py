"""Exactly once a day: a second run sends nothing, a failed send is recorded and retried, nothing is
marked sent that the server did not accept."""

import io
import os
import socket
import subprocess
import sys
from datetime import timedelta

import pytest

from store import open_store
from tanka.digest import run_digest
from tests.digest.conftest import (
    NOW,
    PASSWORD,
    free_port,
    ledger_rows,
    listing,
    settings_file,
    start_smtp,
    write_rows,
)

pytestmark = pytest.mark.e2e


def send(config, db_path, now=NOW):
    out, err = io.StringIO(), io.StringIO()
    code = run_digest(config, db_path, "demo", send=True, now=now, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_a_second_run_the_same_day_sends_nothing(digest_db, smtp_server, tmp_path):
    config = settings_file(tmp_path, smtp_server.port)
    send(config, digest_db)
    code, out, _ = send(config, digest_db, NOW + timedelta(hours=3))
    assert (code, len(smtp_server.inbox.messages), "already sent" in out) == (0, 1, True)


def test_a_second_run_the_same_day_records_nothing(digest_db, smtp_server, tmp_path):
    config = settings_file(tmp_path, smtp_server.port)
    send(config, digest_db)
    send(config, digest_db, NOW + timedelta(hours=3))
    assert [row[0] for row in ledger_rows(digest_db)] == ["sent"]


def test_the_next_day_sends_only_gigs_seen_since(digest_db, smtp_server, tmp_path):
    config = settings_file(tmp_path, smtp_server.port)
    send(config, digest_db)
    write_rows(digest_db, [listing("9001", title="翌日の新着", first_seen_at=NOW + timedelta(hours=20), score=70.0)])
    code, _, _ = send(config, digest_db, NOW + timedelta(days=1))
    assert (code, ledger_rows(digest_db)[-1][2]) == (0, ["crowdworks:9001"])


def test_server_down_fails_with_a_clear_error(digest_db, tmp_path):
    code, _, err = send(settings_file(tmp_path, free_port()), digest_db)
    assert (code, "connection refused" in err, "recorded as failed" in err) == (1, True, True)


def test_server_down_is_recorded_as_failed(digest_db, tmp_path):
    send(settings_file(tmp_path, free_port()), digest_db)
    status, _, _, error = ledger_rows(digest_db)[0]
    assert (status, error.startswith("cannot reach the mail server 127.0.0.1:")) == ("failed", True)


def test_the_password_is_in_no_error(digest_db, tmp_path, caplog):
    config = settings_file(tmp_path, free_port(), smtp={"user": "tanka", "password": PASSWORD})
    _, out, err = send(config, digest_db)
    stored = " ".join(str(row) for row in ledger_rows(digest_db))
    assert [PASSWORD in text for text in (out, err, stored, caplog.text)] == [False] * 4


def test_after_a_failure_the_next_run_sends(digest_db, tmp_path):
    port = free_port()
    config = settings_file(tmp_path, port)
    send(config, digest_db)
    server = start_smtp(port)
    try:
        code, _, _ = send(config, digest_db, NOW + timedelta(minutes=10))
    finally:
        server.controller.stop()
    assert (code, len(server.inbox.messages), [r[0] for r in ledger_rows(digest_db)]) == (0, 1, ["failed", "sent"])


def test_after_a_failure_the_retry_has_the_same_gigs(digest_db, tmp_path):
    port = free_port()
    config = settings_file(tmp_path, port)
    send(config, digest_db)
    server = start_smtp(port)
    try:
        send(config, digest_db, NOW + timedelta(minutes=10))
    finally:
        server.controller.stop()
    failed, sent = ledger_rows(digest_db)
    assert failed[2] == sent[2]


def record_sending(db_path, *, host, pid, message_id="<first-try@example.org>"):
    with open_store(db_path) as con:
        con.execute(
            """INSERT INTO digests (profile, digest_date, status, message_id, content_until, started_at,
                                    sender_host, sender_pid)
               VALUES ('demo', DATE '2026-11-28', 'sending', $mid, $at, $at, $host, $pid)""",
            {"mid": message_id, "at": NOW - timedelta(minutes=5), "host": host, "pid": pid},
        )


def dead_pid():
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_an_interrupted_attempt_is_sent_again_with_its_message_id(digest_db, smtp_server, tmp_path):
    record_sending(digest_db, host=socket.gethostname(), pid=dead_pid())
    code, _, _ = send(settings_file(tmp_path, smtp_server.port), digest_db)
    assert (code, smtp_server.inbox.messages[0]["Message-ID"]) == (0, "<first-try@example.org>")


def test_an_interrupted_attempt_is_marked_so(digest_db, smtp_server, tmp_path):
    record_sending(digest_db, host="another-host", pid=1)
    send(settings_file(tmp_path, smtp_server.port), digest_db)
    assert [row[0] for row in ledger_rows(digest_db)] == ["interrupted", "sent"]


def test_a_send_in_progress_elsewhere_is_not_doubled(digest_db, smtp_server, tmp_path):
    sender = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        record_sending(digest_db, host=socket.gethostname(), pid=sender.pid)
        code, _, err = send(settings_file(tmp_path, smtp_server.port), digest_db)
    finally:
        sender.kill()
        sender.wait()
    assert (code, smtp_server.inbox.messages, f"process {sender.pid}" in err) == (1, [], True)


def test_a_refused_recipient_is_not_marked_sent(digest_db, tmp_path):
    class Refusing:
        async def handle_RCPT(self, server, session, envelope, address, options):
            return "550 no such user"

    server = start_smtp(handler=Refusing())
    try:
        code, _, err = send(settings_file(tmp_path, server.port), digest_db)
    finally:
        server.controller.stop()
    status, _, _, error = ledger_rows(digest_db)[0]
    assert (code, status, "550 no such user" in error, "550" in err) == (1, "failed", True, True)


def test_our_own_pid_is_never_taken_for_a_live_sender(digest_db, smtp_server, tmp_path):
    record_sending(digest_db, host=socket.gethostname(), pid=os.getpid())
    code, _, _ = send(settings_file(tmp_path, smtp_server.port), digest_db)
    assert code == 0


def test_preview_only_records_nothing(digest_db, tmp_path):
    preview = tmp_path / "out" / "digest.html"
    code = run_digest(settings_file(tmp_path, 25), digest_db, "demo", send=False, preview=preview, now=NOW,
                      out=io.StringIO())
    assert (code, preview.is_file(), ledger_rows(digest_db)) == (0, True, [])


def test_a_hostile_title_in_the_subject_stays_one_header(tmp_path, smtp_server):
    db_path = tmp_path / "hostile.duckdb"
    write_rows(db_path, [listing("1", title="<script>x</script>\r\nBcc: evil@example.com\r\n\r\nbody", score=90.0)])
    send(settings_file(tmp_path, smtp_server.port), db_path)
    _, rcpt_tos, message, raw = smtp_server.inbox.received[0]
    assert (rcpt_tos, message["Bcc"], ": 1 new gig — <script>x</script> Bcc: evil@" in message["Subject"],
            b"\r\nBcc:" in raw.split(b"\r\n\r\n")[0]) == (["hanako@example.com"], None, True, False)
