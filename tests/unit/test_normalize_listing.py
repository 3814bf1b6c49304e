"""normalize.listing: one raw Gig → typed columns; unknown is None, never 0, never a crash."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tanka.items import Gig
from tanka.normalize.listing import normalize_gig, parse_bool, parse_count, parse_float

CRAWLED = "2026-06-06T10:30:00+09:00"


@pytest.mark.parametrize(("value", "expected"), [
    (24, 24), ("24 人", 24), ("1,588", 1588), ("109件", 109), ("提案数 299 件", 299),
    (None, None), ("", None), (-3, None), (math.inf, None), (math.nan, None), (True, None),
])
def test_parse_count(value, expected):
    assert parse_count(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (4.80093, 4.80093), ("3.6", 3.6), (math.inf, None), ("評価なし", None)])
def test_parse_float(value, expected):
    assert parse_float(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (True, True), ("本人確認済み", True), ("本人確認未提出", False), ("maybe", None), (None, None)])
def test_parse_bool(value, expected):
    assert parse_bool(value) == expected


def gig(**values):
    return Gig(site="lancers", listing_id="1", crawled_at=CRAWLED, **values)


def test_a_negotiable_budget_is_unknown_not_zero():
    row = normalize_gig(gig(pay_type="fixed_price_payment", budget_min_yen=None, budget_max_yen=None))
    assert (row["budget_min_yen"], row["budget_max_yen"]) == (None, None)


def test_crowdworks_zero_bounds_mean_no_bound():
    row = normalize_gig(gig(pay_type="fixed_price_payment", budget_min_yen=0.0, budget_max_yen=5000.0))
    assert (row["budget_min_yen"], row["budget_max_yen"]) == (None, 5000)


@pytest.mark.parametrize(("price_text", "pay_type", "columns"), [
    ("20,000 円 ~ 50,000 円 / 固定", "プロジェクト", {"budget_min_yen": 20000, "budget_max_yen": 50000}),
    ("~ 5,000 円 / 固定", "プロジェクト", {"budget_min_yen": None, "budget_max_yen": 5000}),
    ("33,000 円", "コンペ", {"budget_min_yen": 33000, "budget_max_yen": 33000}),
    ("22 円 / 件", "タスク", {"unit_price_yen": 22}),
])
def test_price_text_by_work_type(price_text, pay_type, columns):
    row = normalize_gig(gig(price_text=price_text, pay_type=pay_type))
    assert {k: row[k] for k in columns} == columns


def test_an_hourly_unit_makes_an_hourly_listing():
    row = normalize_gig(gig(price_text="1,000 円 ~ 1,500 円 / 時間", pay_type="プロジェクト"))
    assert (row["pay_type"], row["hourly_min_yen"], row["hourly_max_yen"]) == ("hourly", 1000, 1500)


def test_a_rating_of_zero_means_no_rating_yet():
    assert normalize_gig(gig(client_rating=0.0))["client_rating"] is None


def test_raw_values_are_kept_for_rescoring():
    row = normalize_gig(gig(price_text="22 円 / 件", deadline="あと6日"))
    assert row["raw"]["price_text"] == "22 円 / 件"
    assert row["raw"]["deadline"] == "あと6日"


_raw_value = st.one_of(st.none(), st.text(max_size=30), st.integers(-10**12, 10**12),
                       st.floats(allow_nan=True, allow_infinity=True), st.booleans())


@given(st.fixed_dictionaries({name: _raw_value for name in (
    "price_text", "budget_min_yen", "budget_max_yen", "hourly_min_yen", "hourly_max_yen", "unit_price_yen",
    "applicants", "slots", "contracts", "deadline", "posted_at", "client_rating", "client_orders",
    "client_completion_rate", "client_verified", "unit_minutes", "unit_chars", "units", "site_hourly_yen")}))
def test_any_raw_values_normalize_without_a_crash_or_a_negative_amount(values):
    row = normalize_gig(gig(**values))
    for name, value in row.items():
        if name.endswith("_yen") and value is not None:
            assert value >= 0
    for low, high in (("budget_min_yen", "budget_max_yen"), ("hourly_min_yen", "hourly_max_yen")):
        if row[low] is not None and row[high] is not None:
            assert row[low] <= row[high]
