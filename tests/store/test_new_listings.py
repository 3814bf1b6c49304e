"""store.queries.new_listings with the digest's narrow CHOOSING_COLUMNS: the stand-ins for the two
list columns say what the full rows would."""

from datetime import timedelta

import pytest

from store.queries import CHOOSING_COLUMNS, new_listings
from store.upsert import upsert_listings
from tests.store.test_store import T0, row

SERIOUS = ("upfront_payment", "off_platform_contact")


@pytest.fixture
def stored(memory_db):
    rows = [row("1"), row("2"), row("3"), row("4")]
    upsert_listings(memory_db, rows, run_id=1, now=T0)
    memory_db.execute("UPDATE listings SET restricted = FALSE, restrictions = ['女性'] WHERE listing_id = '2'")
    memory_db.execute("UPDATE listings SET restricted = TRUE, restrictions = [] WHERE listing_id = '3'")
    memory_db.execute("UPDATE listings SET risk_flags = ['low_pay', 'upfront_payment'] WHERE listing_id = '1'")
    memory_db.execute("UPDATE listings SET risk_flags = ['low_pay'] WHERE listing_id = '4'")
    return memory_db


def narrow(con) -> dict[str, dict]:
    rows = new_listings(con, T0 - timedelta(hours=1), T0 + timedelta(hours=1), columns=CHOOSING_COLUMNS,
                        serious_flags=SERIOUS)
    return {r["listing_id"]: r for r in rows}


def test_listed_conditions_count_as_restricted(stored):
    assert narrow(stored)["2"]["restricted"] is True


def test_the_stored_restricted_flag_counts(stored):
    assert narrow(stored)["3"]["restricted"] is True


def test_a_gig_open_to_all_is_not_restricted(stored):
    assert narrow(stored)["4"]["restricted"] is False


def test_only_the_serious_flags_are_read(stored):
    assert narrow(stored)["1"]["risk_flags"] == ["upfront_payment"]


def test_mild_flags_alone_read_as_none(stored):
    assert narrow(stored)["4"]["risk_flags"] is None


def test_every_row_has_a_handle_for_reading_it_whole(stored):
    assert all(isinstance(r["row_ref"], int) for r in narrow(stored).values())
