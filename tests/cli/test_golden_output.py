"""What `tanka top`, `tanka status` and `tanka schedule --list` print, in Japanese and in English.

Golden files in tests/cli/golden/, reviewed by eye in the diff. After an intended change:
`.venv/bin/pytest tests/cli/test_golden_output.py --update-golden`, then read the diff.
The clock is frozen and the language named on the command line, whatever the machine's.
"""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

import apscheduler.triggers.interval
import pytest

import scheduler
from tanka.cli import main, query
from tests.conftest import frozen_datetime
from tests.digest.conftest import NOW, RUNS, write_rows
from tests.scoring.conftest import build_store

GOLDEN = Path(__file__).with_name("golden")
LANGUAGES = ("en", "ja")
FROZEN = NOW.astimezone(UTC)


FrozenDatetime = frozen_datetime(FROZEN)


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr(query, "datetime", FrozenDatetime)
    monkeypatch.setattr(scheduler, "datetime", FrozenDatetime)
    monkeypatch.setattr(apscheduler.triggers.interval, "datetime", FrozenDatetime)  # an interval starts now


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    path = build_store(tmp_path_factory.mktemp("top") / "tanka.duckdb")
    write_rows(path, [], RUNS)  # crawl runs for `tanka status`
    return path


@pytest.fixture
def settings(tmp_path) -> Path:
    path = tmp_path / "tanka.toml"
    path.write_text("", encoding="utf-8")
    return path


def printed(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


@pytest.mark.parametrize("language", LANGUAGES)
def test_top(golden, store, settings, capsys, language, frozen):
    code, out = printed(capsys, "top", "--db", str(store), "--config", str(settings), "--limit", "6",
                        "--lang", language)
    assert code == 0
    golden(GOLDEN / f"top.{language}.txt", out)


@pytest.mark.parametrize("language", LANGUAGES)
def test_status(golden, store, settings, capsys, frozen, language):
    code, out = printed(capsys, "status", "--db", str(store), "--config", str(settings), "--lang", language)
    assert code == 1  # Lancers' last crawl stored nothing
    golden(GOLDEN / f"status.{language}.txt", out)


@pytest.mark.parametrize("language", LANGUAGES)
def test_schedule_list(golden, tmp_path, settings, capsys, frozen, language):
    settings.write_text('[schedule.crawl]\nshufti = "every 90m"\n[crawl]\nsites = ["crowdworks", "lancers", "shufti"]\n'
                        '[profiles.evening]\nrecipient = "a@example.com"\nsend_time = "30 19 * * mon-fri"\n',
                        encoding="utf-8")
    code, out = printed(capsys, "schedule", "--list", "--db", str(tmp_path / "t.duckdb"), "--config", str(settings),
                        "--lang", language)
    assert code == 0
    golden(GOLDEN / f"schedule.{language}.txt", out)


def test_japanese_top_has_japanese_headings_and_reasons(store, settings, capsys):
    out = printed(capsys, "top", "--db", str(store), "--config", str(settings), "--lang", "ja")[1]
    assert out.startswith("tanka top — 募集中の9件からおすすめ8件\n手取り＝サイトの手数料を引いて")
    assert "理由：" in out and "クライアント：★4.9" in out and "⚠ 契約前にサイトの外での連絡を求めています" in out
    assert "why:" not in out and " net" not in out


def test_japanese_schedule_says_its_triggers_in_words(tmp_path, settings, capsys, frozen):
    out = printed(capsys, "schedule", "--list", "--lang", "ja", "--db", str(tmp_path / "t.duckdb"),
                  "--config", str(settings))[1]
    assert "2時間ごと（毎時07分）" in out and "毎日 07:30" in out and "cron[" not in out


def test_the_language_option_may_come_first(store, settings, capsys):
    assert printed(capsys, "--lang", "ja", "top", "--db", str(store), "--config", str(settings))[1].startswith(
        "tanka top — 募集中")


def test_sql_shows_stored_reasons_as_text_in_the_readers_language(store, capsys):
    sql = "SELECT score_reasons[1] AS first, score_reasons FROM listings WHERE listing_id = '13000004'"
    table = printed(capsys, "sql", sql, "--db", str(store), "--lang", "ja", "--width", "400")[1]
    assert "⚠ クライアントの完了率は発注25件のうち40%：半分未満です" in table and '"code"' not in table
    csv = printed(capsys, "sql", sql, "--db", str(store), "--csv")[1]
    assert "⚠ the client completed 40% of 25 orders: under half" in csv


def test_sql_json_keeps_the_stored_codes(store, capsys):
    import json

    out = printed(capsys, "sql", "SELECT score_reasons[1] AS first FROM listings WHERE listing_id = '13000004'",
                  "--db", str(store), "--json")[1]
    assert json.loads(out)["first"] == {"code": "warning.unreliable_client", "rate": 40.0, "orders": 25}


def test_listing_reasons_names_each_reasons_code(store):
    from tests.conftest import query

    codes = dict(query(store, "SELECT code, count(*) FROM listing_reasons GROUP BY code"))
    assert codes["warning.unreliable_client"] == 1 and codes["pay.hourly"] >= 5 and "" not in codes
