"""The one data contract: docs/DATA.md, the `listings` table and the Gig item agree."""

import re
from dataclasses import fields
from pathlib import Path

from tanka.items import Gig

DATA_MD = Path(__file__).resolve().parents[2] / "docs" / "DATA.md"
FIXED_COLUMNS = [  # other tools read these names: they never change
    "site", "listing_id", "url", "title", "category", "pay_type", "budget_min_yen", "budget_max_yen",
    "hourly_min_yen", "hourly_max_yen", "unit_price_yen", "applicants", "slots", "contracts", "deadline",
    "posted_at", "client_id", "client_name", "client_rating", "client_orders", "client_completion_rate",
    "client_verified", "description", "tags", "status", "first_seen_at", "last_seen_at", "raw",
]


def documented_columns() -> set[str]:
    text = DATA_MD.read_text(encoding="utf-8").split("## Other tables")[0]
    return set(re.findall(r"^\| `(\w+)` \|", text, flags=re.MULTILINE))


def table_columns(con) -> list[str]:
    return [r[0] for r in con.execute("DESCRIBE listings").fetchall()]


def test_every_table_column_is_documented(memory_db):
    assert set(table_columns(memory_db)) - documented_columns() == set()


def test_every_documented_column_exists(memory_db):
    assert documented_columns() - set(table_columns(memory_db)) == set()


def test_the_fixed_column_names_exist(memory_db):
    assert [c for c in FIXED_COLUMNS if c not in table_columns(memory_db)] == []


def test_gig_fields_are_columns_or_documented_extras(memory_db):
    extras = {"price_text", "extra", "crawled_at", "list_hash", "detail_status", "scope"}
    assert {f.name for f in fields(Gig)} - set(table_columns(memory_db)) - extras == set()
