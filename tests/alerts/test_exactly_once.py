"""An alert goes out once per gig, profile and target: across passes, restarts, concurrent passes
(threads and processes), failed sends (tried again) and a sender killed mid-send (never twice)."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest

from store import alerts as ledger
from store import open_store
from tanka.alerts import alert_profile_pass, run_alerts
from tests.alerts.conftest import ALERTED, NOW, Receiver, alert_config, fresh_for_the_real_clock
from tests.conftest import ROOT, query


def one_pass(config, db: Path, now=NOW, profile: str = "demo") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run_alerts(config, db, profile, send=True, now=now, out=out, err=err)
    return status, out.getvalue(), err.getvalue()


def test_the_matching_new_gigs_go_out_in_one_message(alert_db: Path, receiver: Receiver, tmp_path: Path) -> None:
    config = alert_config(tmp_path, urls=[receiver.url])
    status, _out, err = one_pass(config, alert_db)
    assert status == 0, err
    assert len(receiver.bodies) == 1
    assert receiver.listings() == ALERTED  # best first; not the cheap one, the old one, or a first crawl's
    assert "2 new gigs for demo" in receiver.bodies[0]["title"]
    assert query(alert_db, "SELECT status, listings FROM alerts") == [("sent", ALERTED)]


@pytest.mark.slow  # starts tanka processes
def test_a_second_pass_and_a_restart_send_nothing_again(alert_db: Path, receiver: Receiver, tmp_path: Path) -> None:
    config = alert_config(tmp_path, urls=[receiver.url])
    one_pass(config, alert_db)
    status, out, _ = one_pass(config, alert_db, now=NOW + timedelta(minutes=12))
    assert status == 0 and "no new gig" in out
    # a new process (a restarted scheduler) reads the same ledger
    done = subprocess.run([sys.executable, "-m", "tanka", "alert", "--profile", "demo", "--send", "--db", str(alert_db),
                           "--config", str(config.path)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert receiver.listings() == ALERTED


def test_a_new_gig_goes_out_in_the_next_pass_alone(alert_db: Path, receiver: Receiver, tmp_path: Path) -> None:
    from tests.alerts.conftest import listing, write_rows

    config = alert_config(tmp_path, urls=[receiver.url])
    one_pass(config, alert_db)
    write_rows(alert_db, [listing("1010", title="新着", score=75.0, first_seen_at=NOW + timedelta(minutes=5))])
    one_pass(config, alert_db, now=NOW + timedelta(minutes=12))
    assert receiver.listings() == [*ALERTED, "crowdworks:1010"]
    assert len(receiver.bodies) == 2


def test_concurrent_passes_in_threads_send_each_gig_once(alert_db: Path, receiver: Receiver, tmp_path: Path) -> None:
    config = alert_config(tmp_path, urls=[receiver.url])
    threads = [threading.Thread(target=alert_profile_pass, args=(config, alert_db, "demo"),
                                kwargs={"send": True, "now": NOW, "out": io.StringIO(), "err": io.StringIO()})
               for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(receiver.listings()) == sorted(ALERTED)


@pytest.mark.slow  # starts tanka processes
def test_concurrent_processes_send_each_gig_once(alert_db: Path, receiver: Receiver, tmp_path: Path) -> None:
    config = alert_config(tmp_path, urls=[receiver.url])
    fresh_for_the_real_clock(alert_db)
    command = [sys.executable, "-m", "tanka", "alert", "--profile", "demo", "--send", "--db", str(alert_db),
               "--config", str(config.path)]
    processes = [subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(3)]
    for process in processes:
        _, err = process.communicate(timeout=180)
        assert process.returncode == 0, err
    assert sorted(receiver.listings()) == sorted(ALERTED)


def test_a_failed_send_is_recorded_and_sent_by_the_next_pass(alert_db: Path, receiver: Receiver,
                                                           tmp_path: Path) -> None:
    config = alert_config(tmp_path, urls=[receiver.url])
    receiver.status = 500
    status, _, err = one_pass(config, alert_db)
    assert status == 1 and "not sent" in err and "recorded as failed" in err
    assert query(alert_db, "SELECT status FROM alerts") == [("failed",)]
    assert query(alert_db, "SELECT count(*) FROM alert_claims") == [(0,)]
    receiver.status = 200
    status, _, err = one_pass(config, alert_db, now=NOW + timedelta(minutes=12))
    assert status == 0, err
    assert receiver.listings() == ALERTED * 2  # the failed attempt reached the receiver too (it answered 500)
    assert [row[0] for row in query(alert_db, "SELECT status FROM alerts ORDER BY alert_id")] == ["failed", "sent"]


def test_a_failing_target_does_not_hold_up_or_repeat_the_others(alert_db: Path, receiver: Receiver,
                                                                tmp_path: Path, smtp_server) -> None:
    config = alert_config(tmp_path, urls=[receiver.url], smtp_port=smtp_server.port)
    receiver.status = 503
    one_pass(config, alert_db)
    assert len(smtp_server.inbox.messages) == 1
    receiver.status = 200
    one_pass(config, alert_db, now=NOW + timedelta(minutes=12))
    assert len(smtp_server.inbox.messages) == 1  # e-mail was delivered: not again
    assert len(receiver.bodies) == 2 and receiver.listings()[-2:] == ALERTED


def test_gigs_stored_longer_ago_than_max_age_are_left_to_the_digest(alert_db: Path, receiver: Receiver,
                                                                  tmp_path: Path) -> None:
    config = alert_config(tmp_path, urls=[receiver.url])
    status, out, _ = one_pass(config, alert_db, now=NOW + timedelta(hours=3))
    assert status == 0 and "no new gig" in out and receiver.bodies == []


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_dead_senders_claim_is_released_and_sent(alert_db: Path, receiver: Receiver, tmp_path: Path) -> None:
    config = alert_config(tmp_path, urls=[receiver.url])
    with open_store(alert_db) as con:  # a pass that died after claiming, before anything left
        _claim, _ = ledger.claim(con, profile="demo", target=receiver.url, listings=ALERTED, message_id=None, now=NOW)
        con.execute("UPDATE alerts SET sender_pid = $pid", {"pid": _dead_pid()})
    one_pass(config, alert_db, now=NOW + timedelta(minutes=1))
    assert receiver.listings() == ALERTED
    assert [row[0] for row in query(alert_db, "SELECT status FROM alerts ORDER BY alert_id")] == ["released", "sent"]


@pytest.mark.slow
def test_kill_9_during_an_alert_pass_sends_nothing_twice(alert_db: Path, receiver: Receiver, tmp_path: Path) -> None:
    """The sender is killed while the receiver holds its request: the gigs may have arrived, so the
    next pass must not send them again (and says so)."""
    config = alert_config(tmp_path, urls=[receiver.url])
    fresh_for_the_real_clock(alert_db)
    receiver.hang = threading.Event()
    command = [sys.executable, "-m", "tanka", "alert", "--profile", "demo", "--send", "--db", str(alert_db),
               "--config", str(config.path)]
    sender = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              start_new_session=True)
    deadline = time.monotonic() + 120
    while not receiver.bodies:
        assert sender.poll() is None, sender.communicate()
        assert time.monotonic() < deadline, "the alert never reached the receiver"
        time.sleep(0.05)
    os.killpg(sender.pid, signal.SIGKILL)
    sender.wait()
    receiver.hang.set()
    receiver.hang = None
    assert query(alert_db, "SELECT status FROM alerts") == [("sending",)]
    again = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert "stopped midway" in again.stderr and "no new gig" in again.stdout
    assert receiver.listings() == ALERTED  # once
    assert query(alert_db, "SELECT status FROM alerts") == [("interrupted",)]
