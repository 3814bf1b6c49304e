"""Migration 0007: score reasons stored as English text become codes with values, and render as before."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import duckdb
import pytest

from store.migrations import available, migrate
from tanka.i18n import using
from tanka.scoring.reasons import TEXT, decode, encode, from_english, reason, reason_texts, render
from tests.store.test_store import row

# English the scoring stored before 0007 (the templates of issue 13), and one an older tanka wrote.
STORED = [
    "⚠ the client completed 40% of 50 orders: under half",
    "⚠ asks you to pay or buy something first",
    "¥1,287/h net (時給 1,500–2,000円)",
    "up to ≈¥4,290 net fixed: worth it if done within 3.85 h",
    "¥21 net per 件: at most ¥252/h even at 5 min (survey work)",
    "not for beginners: asks for experience (経験者限定)",
    "client ★4.9 · 23 orders · 95% completed · verified",
    "3 applicants for 1 open slot",
    "only for some people: 女性限定 · 子育て中",
    "posted 3 days ago",
    "初心者歓迎",
    "an old reason no template says any more",
]


def before_0007() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    con.execute("SET TimeZone = 'Asia/Tokyo'")
    con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
                "applied_at TIMESTAMPTZ NOT NULL)")
    for version, name, step in available():
        if version >= 7:
            break
        step(con) if callable(step) else con.execute(step)
        con.execute("INSERT INTO schema_migrations VALUES ($v, $n, $at)", {"v": version, "n": name,
                                                                           "at": datetime.now(UTC)})
    return con


@pytest.mark.parametrize("text", STORED)
def test_each_english_reason_reads_back_to_a_code_that_renders_the_same(text):
    found = from_english(text)
    assert render(found) == text
    assert render(decode(encode(found))) == text


@pytest.mark.parametrize(("text", "code"), [
    (STORED[0], "warning.unreliable_client"), (STORED[1], "warning"), (STORED[2], "pay.hourly"),
    (STORED[3], "pay.fixed"), (STORED[4], "pay.fixed.at_most"), (STORED[5], "beginner.not_ok"),
    (STORED[6], "client"), (STORED[7], "competition.per_slot"), (STORED[8], "restricted"), (STORED[9], "fresh.days"),
    (STORED[11], TEXT),
])
def test_the_code_it_reads_back(text, code):
    assert from_english(text).code == code


def test_the_values_read_back_are_numbers_and_reasons():
    found = from_english(STORED[3])
    assert found.values["amount"] == 4290 and found.values["hours"] == 3.85 and found.values["approx"] == "≈"
    assert found.values["up_to"].code == "pay.up_to"


def test_migration_0007_converts_stored_rows_and_keeps_codes_as_they_are():
    con = before_0007()
    con.execute("INSERT INTO listings (site, listing_id, title, score_reasons, first_seen_at, last_seen_at) "
                "SELECT 'crowdworks', id, 't', reasons, now(), now() FROM (VALUES ('1', $old), ('2', $new), "
                "('3', NULL)) v(id, reasons)", {"old": STORED, "new": [encode(reason("fresh.today"))]})
    assert migrate(con) == [f"{v:04d}_{n}" for v, n, _ in available() if v >= 7]
    stored = dict(con.execute("SELECT listing_id, score_reasons FROM listings").fetchall())
    assert all(json.loads(item)["code"] for item in stored["1"])
    assert reason_texts(stored["1"]) == STORED
    assert stored["2"] == [encode(reason("fresh.today"))] and stored["3"] is None
    with using("ja"):
        assert reason_texts(stored["1"])[9] != STORED[9]  # now shown in the reader's language


def test_derived_rows_store_codes(memory_db):
    out = row("1")
    assert out["score_reasons"] and all(json.loads(item)["code"] for item in out["score_reasons"])
