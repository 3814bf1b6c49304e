"""What `tanka top`, `tanka sql` and `tanka status` print cannot drive the terminal, whatever the
sites wrote into a title (issue 17, part 4)."""

from __future__ import annotations

import contextlib
import io
import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store import open_store
from store.runs import RunOutcome, finish_run, start_run
from store.upsert import upsert_listings
from tanka import cli as tanka_cli
from tanka.items import Gig
from tanka.normalize.listing import normalize_gig
from tanka.scoring import derive

NOW = datetime(2026, 11, 2, 0, 0, tzinfo=UTC)
SPOOF = "\x1b]0;PWNED\x07\x1b[2K\r  1.  99.9  ¥9,999/h…"
FORBIDDEN = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def _row(listing_id: str, title: str, budget: int, url: str) -> dict:
    row = normalize_gig(Gig(site="crowdworks", listing_id=listing_id, title="x", pay_type="fixed_price_payment",
                            budget_max_yen=budget, crawled_at=NOW.isoformat(), url=url))
    row.update(derive(row))
    row["title"] = title  # stored as a hostile site might have it, past the normalizer
    return row


def hostile_db(path: Path) -> Path:
    with open_store(path) as con:
        run_id = start_run(con, "crowdworks", ["crowdworks:new"], NOW)
        upsert_listings(con, [_row("1", SPOOF, 5000, "https://crowdworks.jp/public/jobs/1\x1b[2K"),
                              _row("2", "二行目\nfake line\u202eevil", 9000, "https://crowdworks.jp/public/jobs/2")],
                        run_id=run_id, now=NOW)
        finish_run(con, RunOutcome(run_id=run_id, finish_reason="finished\x1b[31m", items=2,
                                   complete_scopes=["crowdworks:new"]), "crowdworks", NOW, NOW)
    return path


@pytest.fixture
def db(tmp_path):
    return hostile_db(tmp_path / "t.duckdb")


def printed(capsys, *argv):
    code = tanka_cli.main(list(argv))
    return code, capsys.readouterr().out


def test_top_prints_no_control_character(db, capsys):
    code, out = printed(capsys, "top", "--db", str(db))
    assert (code, FORBIDDEN.findall(out.replace("\n", ""))) == (0, [])


def test_top_keeps_each_title_on_its_own_line(db, capsys):
    _, out = printed(capsys, "top", "--db", str(db))
    assert not [line for line in out.splitlines() if line.strip().startswith("fake line")]


def test_top_still_shows_the_title_text(db, capsys):
    assert "PWNED" in printed(capsys, "top", "--db", str(db))[1]


def test_a_sql_table_prints_no_control_character(db, capsys):
    _, out = printed(capsys, "sql", "SELECT title, url FROM listings ORDER BY listing_id", "--db", str(db))
    assert len(out.splitlines()) == 4 and not FORBIDDEN.search(out.replace("\n", ""))


def test_status_prints_no_control_character(db, capsys):
    _, out = printed(capsys, "status", "--db", str(db))
    assert not FORBIDDEN.search(out.replace("\n", ""))


def test_json_output_escapes_and_keeps_the_text(db, capsys):
    _, out = printed(capsys, "sql", "SELECT title FROM listings ORDER BY listing_id", "--json", "--db", str(db))
    assert not FORBIDDEN.search(out.replace("\n", "")) and json.loads(out.splitlines()[0]) == {"title": SPOOF}


@pytest.fixture(scope="module")
def shared_db(tmp_path_factory):
    return hostile_db(tmp_path_factory.mktemp("printed") / "t.duckdb")


@settings(max_examples=60, deadline=None)
@given(text=st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")))
def test_no_printed_table_row_holds_a_control_character_whatever_the_stored_text(shared_db, text):
    # (a lone surrogate cannot be stored at all: DuckDB refuses it, and tanka says so in one line)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = tanka_cli.main(["sql", "SELECT $t AS title, 1 AS n", "-p", f"t={text}", "--db", str(shared_db)])
    lines = out.getvalue().split("\n")
    assert code == 0 and len(lines) == 4 and lines[-1] == ""  # header, rule, the row
    assert not [line for line in lines if FORBIDDEN.search(line)]
