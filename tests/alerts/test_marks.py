"""Your gigs: `tanka mark` keeps a history, `tanka mine` lists it with each listing's state on its
site and the month's earnings; marks take gigs out of `tanka top`, digests and alerts (a flag shows
them); marks survive rescoring, migrations and crawls."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from store import open_store
from store.marks import add_mark, month_earned
from store.migrations import migrate
from store.rescore import rescore_and_regroup
from store.upsert import upsert_listings
from tanka.alerts import run_alerts
from tanka.cli import main
from tanka.digest.build import build_digest
from tanka.digest.profile import load_profile
from tanka.normalize.dates import TOKYO, tokyo_month
from tests.alerts.conftest import ALERTED, NOW, Receiver, alert_config
from tests.conftest import query


def mark(db: Path, ref: str, state: str, *extra: str) -> int:
    return main(["mark", ref, state, "--db", str(db), *extra])


def test_mark_keeps_every_mark_and_mine_shows_the_latest(alert_db: Path, capsys) -> None:
    assert mark(alert_db, "crowdworks:1001", "saved") == 0
    assert mark(alert_db, "crowdworks:1001", "applied", "--note", "提案を送った") == 0
    assert mark(alert_db, "lancers:2002", "won") == 0
    assert mark(alert_db, "lancers:2002", "done", "--earned", "1,980円") == 0
    assert "marked lancers:2002 done, earned ¥1,980" in capsys.readouterr().out
    assert query(alert_db, "SELECT site, listing_id, state FROM my_gigs ORDER BY mark_id") == [
        ("crowdworks", "1001", "saved"), ("crowdworks", "1001", "applied"), ("lancers", "2002", "won"),
        ("lancers", "2002", "done")]
    assert main(["mine", "--db", str(alert_db), "--history"]) == 0
    out = capsys.readouterr().out
    assert "applied" in out and "提案を送った" in out and "¥1,980" in out
    assert "open, until" in out  # the listing's state on its site now
    assert "This month: ¥1,980 earned of your ¥100,000 goal (2%), from 1 gig(s) taken; ¥98,020 to go" in out
    assert main(["mine", "--db", str(alert_db), "--state", "applied"]) == 0
    assert "lancers:2002" not in capsys.readouterr().out


@pytest.mark.parametrize(("args", "message"), [
    (["crowdworks:999999", "applied"], "no listing crowdworks:999999"),
    (["nosuchsite:1", "applied"], "unknown site 'nosuchsite'"),
    (["1001", "applied"], "is not SITE:ID"),
    (["crowdworks:1001", "applied", "--earned", "500"], "--earned goes with won or done"),
    (["crowdworks:1001", "done", "--earned", "たくさん"], "--earned takes an amount in yen"),
])
def test_bad_marks_are_one_clear_line(alert_db: Path, capsys, args: list[str], message: str) -> None:
    assert main(["mark", *args, "--db", str(alert_db)]) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert query(alert_db, "SELECT count(*) FROM my_gigs") == [(0,)]


def test_the_month_counts_what_was_earned_and_taken_this_month(memory_db) -> None:
    start, end = tokyo_month(NOW)
    assert (start, end) == (datetime(2026, 11, 1, tzinfo=TOKYO), datetime(2026, 12, 1, tzinfo=TOKYO))
    add_mark(memory_db, site="crowdworks", listing_id="1", state="done", earned_yen=5000, now=NOW)
    add_mark(memory_db, site="crowdworks", listing_id="1", state="done", earned_yen=5500, now=NOW)  # corrected
    add_mark(memory_db, site="lancers", listing_id="2", state="won", now=NOW - timedelta(days=1))
    add_mark(memory_db, site="lancers", listing_id="3", state="done", earned_yen=9000, now=start - timedelta(hours=1))
    month = month_earned(memory_db, start, end)
    assert (month.earned_yen, month.taken, month.paid) == (5500, 2, 1)


def test_marks_leave_gigs_out_of_top_unless_asked(alert_db: Path, capsys, cli_clock) -> None:
    cli_clock(NOW)  # the gigs' deadlines are a few days after it
    main(["top", "--db", str(alert_db)])
    assert "【在宅】商品データの入力作業" in capsys.readouterr().out
    mark(alert_db, "crowdworks:1001", "hidden")
    capsys.readouterr()
    main(["top", "--db", str(alert_db)])
    assert "【在宅】商品データの入力作業" not in capsys.readouterr().out
    main(["top", "--db", str(alert_db), "--show-marked"])
    assert "【在宅】商品データの入力作業" in capsys.readouterr().out
    mark(alert_db, "crowdworks:1001", "saved")  # saved for later: shown again
    capsys.readouterr()
    main(["top", "--db", str(alert_db)])
    assert "【在宅】商品データの入力作業" in capsys.readouterr().out


def test_marks_leave_gigs_out_of_the_digest_and_count_in_its_path(alert_db: Path, tmp_path: Path) -> None:
    from store import connect

    config = alert_config(tmp_path)
    with open_store(alert_db) as con:
        add_mark(con, site="crowdworks", listing_id="1001", state="applied", now=NOW)
        add_mark(con, site="lancers", listing_id="2002", state="done", earned_yen=12_000, now=NOW)
    con = connect(alert_db, read_only=True)
    try:
        digest = build_digest(con, config, load_profile(config, "demo"), NOW)
    finally:
        con.close()
    assert "crowdworks:1001" not in digest.keys and "lancers:2002" not in digest.keys
    assert (digest.goal.earned_yen, digest.goal.taken, digest.goal.left_yen) == (12_000, 1, 88_000)
    from tanka.digest.render import render

    text = render(digest, unsubscribe_hint="").text
    assert "This month so far: ¥12,000 earned from 1 gig taken (12% of the goal); ¥88,000 to go." in text
    shown = alert_config(tmp_path, profile="show_marked = true")
    con = connect(alert_db, read_only=True)
    try:
        assert "crowdworks:1001" in build_digest(con, shown, load_profile(shown, "demo"), NOW).keys
    finally:
        con.close()


def test_marks_leave_gigs_out_of_alerts(alert_db: Path, receiver: Receiver, tmp_path: Path) -> None:
    with open_store(alert_db) as con:
        add_mark(con, site="crowdworks", listing_id="1001", state="hidden", now=NOW)
    assert run_alerts(alert_config(tmp_path, urls=[receiver.url]), alert_db, "demo", send=True, now=NOW,
                      out=io.StringIO(), err=io.StringIO()) == 0
    assert receiver.listings() == ["lancers:2002"]


def test_marked_gigs_are_alerted_with_show_marked(alert_db: Path, receiver: Receiver, tmp_path: Path) -> None:
    with open_store(alert_db) as con:
        add_mark(con, site="crowdworks", listing_id="1001", state="hidden", now=NOW)
    config = alert_config(tmp_path, urls=[receiver.url], profile="show_marked = true")
    run_alerts(config, alert_db, "demo", send=True, now=NOW, out=io.StringIO(), err=io.StringIO())
    assert receiver.listings() == ALERTED


def test_marks_survive_rescoring_migrations_and_crawls(alert_db: Path) -> None:
    with open_store(alert_db) as con:
        add_mark(con, site="crowdworks", listing_id="1001", state="applied", note="メモ", now=NOW)
        con.execute("UPDATE listings SET raw = json_object('title', title, 'site', site, 'listing_id', listing_id)")
        assert rescore_and_regroup(con) > 0
        migrate(con)
        row = {"site": "crowdworks", "listing_id": "1001", "title": "タイトルが変わった", "status": "closed",
               "raw": {"title": "タイトルが変わった"}, "detail_status": "fetched", "list_hash": "x"}
        upsert_listings(con, [row], run_id=None, now=NOW + timedelta(hours=1))
    assert query(alert_db, "SELECT state, note FROM my_gig_states") == [("applied", "メモ")]
    assert query(alert_db, "SELECT title, status FROM listings WHERE listing_id = '1001'") == [
        ("タイトルが変わった", "closed")]
