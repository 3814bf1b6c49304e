"""normalize.listing: one raw Gig → typed columns; unknown is None, never 0, never a crash."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tanka.items import Gig
from tanka.normalize.listing import (
    MAX_YEN_PER_CHAR,
    normalize_gig,
    parse_bool,
    parse_count,
    parse_float,
    parse_yen_per_char,
)

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


# The site's own 文字単価: the raw field as the Lancers spider keeps it ("0.33"), whole price displays
# from the real cards (search_type_project_2025-12.html), and what must not be taken for a rate.
@pytest.mark.parametrize(("value", "expected"), [
    ("0.33", 0.33), ("0.15", 0.15), (0.5, 0.5), (2, 2.0),
    ("~ 5,000 円 / 固定 0.33 円 / 文字", 0.33), ("1,000 ~ 5,000 円 / 固定 0.15 円 / 文字", 0.15),
    ("0.33 円 / 文字", 0.33), ("０．５円／文字", 0.5), ("1.2円/字", 1.2), ("0.5 ~ 1.0", 0.5),
    ("~ 5,000 円 / 固定 0.5〜1.0 円 / 文字", 0.5),
    ("~ 5,000 円 / 固定", None), ("22 円 / 件", None), ("33,000 円", None), ("文字単価は応相談", None),
    ("", None), (None, None), (True, None), (0, None), ("0", None), (-0.5, None), ("-0.5", None),
    (math.nan, None), (math.inf, None), ("101", None), (10**400, None),
])
def test_parse_yen_per_char(value, expected):
    assert parse_yen_per_char(value) == expected


@given(st.one_of(st.none(), st.text(max_size=40), st.integers(), st.floats(), st.booleans()))
def test_any_rate_is_a_plausible_figure_or_none(value):
    rate = parse_yen_per_char(value)
    assert rate is None or 0 < rate <= MAX_YEN_PER_CHAR


def gig(**values):
    return Gig(site="lancers", listing_id="1", crawled_at=CRAWLED, **values)


def test_the_sites_rate_is_a_typed_column():
    row = normalize_gig(gig(price_text="~ 5,000 円 / 固定 0.33 円 / 文字", pay_type="プロジェクト", yen_per_char="0.33"))
    assert row["yen_per_char"] == 0.33


def test_the_sites_rate_leaves_the_budget_alone():
    row = normalize_gig(gig(price_text="1,000 ~ 5,000 円 / 固定 0.15 円 / 文字", pay_type="プロジェクト",
                            yen_per_char="0.15"))
    assert (row["pay_type"], row["budget_min_yen"], row["budget_max_yen"], row["unit_price_yen"]) == \
        ("fixed", 1000, 5000, None)


def test_a_rate_alone_is_no_budget():
    row = normalize_gig(gig(price_text="1.5 円 / 文字", pay_type="プロジェクト", yen_per_char="1.5"))
    assert (row["budget_min_yen"], row["budget_max_yen"], row["yen_per_char"]) == (None, None, 1.5)


def test_a_rate_stored_only_in_the_price_text_is_read_back():
    """Rows stored before the raw field existed: `tanka rescore` finds the rate in the price display."""
    assert normalize_gig(gig(price_text="~ 5,000 円 / 固定 0.33 円 / 文字", pay_type="プロジェクト"))["yen_per_char"] == 0.33


def test_no_rate_shown_is_none():
    assert normalize_gig(gig(price_text="20,000 円 ~ 50,000 円 / 固定", pay_type="プロジェクト"))["yen_per_char"] is None


def test_an_upper_bound_alone_is_a_max_without_a_min():
    row = normalize_gig(gig(price_text="~ 5,000 円 / 固定", pay_type="プロジェクト"))
    assert (row["budget_min_yen"], row["budget_max_yen"]) == (None, 5000)


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
    "client_completion_rate", "client_verified", "unit_minutes", "unit_chars", "units", "site_hourly_yen",
    "yen_per_char")}))
def test_any_raw_values_normalize_without_a_crash_or_a_negative_amount(values):
    row = normalize_gig(gig(**values))
    for name, value in row.items():
        if name.endswith("_yen") and value is not None:
            assert value >= 0
    for low, high in (("budget_min_yen", "budget_max_yen"), ("hourly_min_yen", "hourly_max_yen")):
        if row[low] is not None and row[high] is not None:
            assert row[low] <= row[high]
