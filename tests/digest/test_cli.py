"""`tanka digest` through the command line, on a database of synthetic rows and the built-in demo profile."""

from datetime import datetime, timedelta

import pytest

from tanka.cli import main
from tanka.normalize.dates import TOKYO
from tests.digest.conftest import ledger_rows, listing, write_rows


@pytest.fixture
def cli_db(tmp_path):
    """Rows first seen an hour before the real clock (the CLI does not freeze it); both for beginners, as
    the built-in demo profile takes beginner gigs only."""
    now = datetime.now(TOKYO)
    path = tmp_path / "tanka.duckdb"
    write_rows(path, [
        listing("1", title="【初心者歓迎】データ入力（時給1,200円）", pay_type="hourly", hourly_min_yen=1200,
                net_hourly_yen=1029.6, hourly_basis="stated", score=70.0, beginner_ok=True,
                first_seen_at=now - timedelta(hours=1),
                last_seen_at=now, deadline=now + timedelta(days=2)),
        listing("2", title="アンケート回答", pay_type="task", unit_price_yen=30, first_seen_at=now - timedelta(hours=2),
                last_seen_at=now, deadline=now + timedelta(days=2), score=40.0, beginner_ok=True),
    ], [("crowdworks", 1, "finished", 2, 0, {})])
    return path


@pytest.fixture
def settings(tmp_path):
    """An empty settings file: everything, the demo profile included, comes from defaults.toml."""
    path = tmp_path / "empty.toml"
    path.write_text("", encoding="utf-8")
    return path


def run(db, settings, *args):
    return main(["digest", "--db", str(db), "--config", str(settings), "--profile", "demo", *args])


def test_preview_writes_the_html(cli_db, settings, tmp_path, capsys):
    out = tmp_path / "preview" / "digest.html"
    code = run(cli_db, settings, "--preview", str(out))
    assert (code, "【初心者歓迎】データ入力（時給1,200円）" in out.read_text(encoding="utf-8")) == (0, True)


def test_preview_says_where(cli_db, settings, tmp_path, capsys):
    out = tmp_path / "digest.html"
    run(cli_db, settings, "--preview", str(out))
    assert capsys.readouterr().out.startswith(f"preview: {out} (2 gigs")


def test_preview_sends_and_records_nothing(cli_db, settings, tmp_path):
    run(cli_db, settings, "--preview", str(tmp_path / "digest.html"))
    assert ledger_rows(cli_db) == []


def test_send_uses_the_environment_smtp_settings(cli_db, settings, smtp_server, monkeypatch, capsys):
    monkeypatch.setenv("TANKA_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("TANKA_SMTP_PORT", str(smtp_server.port))
    monkeypatch.setenv("TANKA_MAIL_FROM", "tanka <tanka@example.org>")
    assert (run(cli_db, settings, "--send"), len(smtp_server.inbox.messages)) == (0, 1)


def test_send_twice_sends_once(cli_db, settings, smtp_server, monkeypatch, capsys):
    monkeypatch.setenv("TANKA_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("TANKA_SMTP_PORT", str(smtp_server.port))
    run(cli_db, settings, "--send")
    code = run(cli_db, settings, "--send")
    assert (code, len(smtp_server.inbox.messages), "already sent" in capsys.readouterr().out) == (0, 1, True)


def test_the_demo_profile_mails_its_recipient(cli_db, settings, smtp_server, monkeypatch):
    monkeypatch.setenv("TANKA_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("TANKA_SMTP_PORT", str(smtp_server.port))
    run(cli_db, settings, "--send")
    assert smtp_server.inbox.received[0][1] == ["you@example.com"]


def test_an_unknown_profile_is_one_line_and_exit_1(cli_db, settings, capsys):
    code = main(["digest", "--db", str(cli_db), "--config", str(settings), "--profile", "nobody", "--send"])
    assert (code, "no profile 'nobody'" in capsys.readouterr().err) == (1, True)


def test_a_missing_database_is_one_line_and_exit_1(tmp_path, settings, capsys):
    code = run(tmp_path / "none.duckdb", settings, "--preview", str(tmp_path / "x.html"))
    assert (code, "no database at" in capsys.readouterr().err) == (1, True)


def test_server_down_exits_1(cli_db, settings, monkeypatch, capsys):
    from tests.digest.conftest import free_port

    monkeypatch.setenv("TANKA_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("TANKA_SMTP_PORT", str(free_port()))
    code = run(cli_db, settings, "--send")
    assert (code, "recorded as failed" in capsys.readouterr().err) == (1, True)
