"""Derived columns in the store: rescoring after a settings change, the views, docs/SQL.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from store import connect
from store.rescore import rescore
from tanka.cli import main
from tanka.config import load_config
from tests.conftest import query

ROOT = Path(__file__).resolve().parents[2]


def test_every_listing_is_scored(store_path):
    assert query(store_path, "SELECT count(*) FROM listings WHERE score IS NULL OR kind IS NULL") == [(0,)]


def test_a_text_unit_price_is_stored_with_its_source(tmp_path):
    from tests.scoring.conftest import build_store

    path = build_store(tmp_path / "t.duckdb", [dict(
        site="crowdworks", listing_id="1", pay_type="fixed_price_payment", budget_max_yen=5000.0,
        title="【1本2500円】YouTubeショート動画編集")])
    assert query(path, "SELECT unit_price_yen, unit_price_source, net_unit_yen FROM listings") == [(2500, "title", 2145)]


def test_rescore_after_halving_the_writing_speed_halves_writing_pay(store_path):
    sql = "SELECT listing_id, net_hourly_yen FROM listings WHERE hourly_basis = 'writing_speed' ORDER BY 1"
    before = query(store_path, sql)
    con = connect(store_path)
    try:
        con.execute("BEGIN TRANSACTION")
        rescore(con, config={**load_config().scoring, "writing_speed_chars_per_hour": 250})
        con.execute("COMMIT")
    finally:
        con.close()
    after = query(store_path, sql)
    assert before and [(i, round(v / 2, 1)) for i, v in before] == [(i, round(v, 1)) for i, v in after]


def test_rescore_leaves_other_pay_alone(store_path):
    sql = "SELECT listing_id, net_hourly_yen FROM listings WHERE hourly_basis <> 'writing_speed' ORDER BY 1"
    before = query(store_path, sql)
    con = connect(store_path)
    try:
        rescore(con, config={"writing_speed_chars_per_hour": 500})
    finally:
        con.close()
    assert query(store_path, sql) == before


def test_tanka_rescore_reads_the_settings_file_and_keeps_duplicate_groups(store_path, tmp_path, capsys):
    settings = tmp_path / "tanka.toml"
    settings.write_text("[scoring]\nwriting_speed_chars_per_hour = 500\n", encoding="utf-8")
    groups = query(store_path, "SELECT listing_id, dup_group FROM listings WHERE dup_group IS NOT NULL ORDER BY 1")
    assert main(["rescore", "--db", str(store_path), "--config", str(settings)]) == 0
    assert "rescored 9 listings" in capsys.readouterr().err
    assert query(store_path, "SELECT round(net_hourly_yen, 1) FROM listings WHERE listing_id = '13000001'") == [(514.8,)]
    assert query(store_path, "SELECT listing_id, dup_group FROM listings WHERE dup_group IS NOT NULL ORDER BY 1") == groups


def test_open_gigs_puts_the_best_net_hourly_first(store_path):
    first = query(store_path, "SELECT listing_id FROM open_gigs LIMIT 1")
    assert first == [("386001",)]  # Shufti: 3,000円/h estimate × 0.89


def test_beginner_picks_leave_out_flagged_listings(store_path):
    picks = {r[0] for r in query(store_path, "SELECT listing_id FROM beginner_picks")}
    assert "13000003" not in picks  # asks to move to LINE
    assert {"13000001", "386001"} <= picks


def test_client_record_counts_a_clients_flagged_listings(store_path):
    rows = query(store_path, "SELECT listings, flagged_listings, flags_seen FROM client_record WHERE client_name = 'datalab_k'")
    assert rows == [(2, 1, ["off_platform_contact"])]


def test_listing_history_shows_the_raise(store_path):
    rows = query(store_path, """SELECT hourly_min_yen, pay_yen, price_change_yen FROM listing_history
                                WHERE listing_id = '13000004' ORDER BY seen_at""")
    assert rows == [(1500, 1500, None), (1700, 1700, 200)]


def test_listing_history_counts_new_applicants(store_path):
    rows = query(store_path, "SELECT applicants, new_applicants FROM listing_history WHERE listing_id = '5500003' ORDER BY seen_at")
    assert rows == [(120, None), (124, 4)]


def test_duplicate_groups_list_every_link(store_path):
    rows = query(store_path, "SELECT sites, urls FROM duplicate_groups")
    assert rows == [(["crowdworks", "lancers"], ["https://crowdworks.jp/public/jobs/13000001",
                                                 "https://www.lancers.jp/work/detail/5500001"])]


# --- every example in docs/SQL.md runs as written ---------------------------------------------------
# README.md has copies of some of these examples: they run too.
def sql_blocks(path: Path) -> list[str]:
    return re.findall(r"```sql\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.DOTALL)


BLOCKS = sql_blocks(ROOT / "docs" / "SQL.md") + sql_blocks(ROOT / "README.md")


def test_the_doc_has_examples():
    assert len(BLOCKS) >= 10


@pytest.mark.parametrize("sql", BLOCKS, ids=[f"block{n}" for n in range(len(BLOCKS))])
def test_docs_sql_runs_and_finds_rows(store_path, sql):
    assert query(store_path, sql)


def test_the_views_are_all_documented():
    text = (ROOT / "docs" / "SQL.md").read_text(encoding="utf-8")
    migration = (ROOT / "store" / "migrations" / "0002_scoring.sql").read_text(encoding="utf-8")
    views = re.findall(r"CREATE VIEW (\w+)", migration)
    assert views and all(f"`{view}`" in text for view in views)
