"""The money, date, count and text parsers on any input: a value or None, never an exception;
and a listing made of odd raw values always becomes a row the store can hold."""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st

from store.migrations import migrate
from store.upsert import upsert_listings
from tanka.items import Gig
from tanka.normalize.dates import parse_deadline, parse_instant, parse_posted
from tanka.normalize.listing import MAX_COUNT, normalize_gig, parse_bool, parse_count, parse_float
from tanka.normalize.money import MAX_YEN, parse_yen, parse_yen_range
from tanka.normalize.text import clean_block, clean_line, html_to_text, nfkc
from tanka.normalize.validate import problems
from tanka.scoring import derive
from tests.fuzz.mutations import FUZZ, JSON_VALUES, mutated_text

# Strings as the three sites print them (docs/DATA.md, the fixtures, the parsers' docstrings).
PRICES = ["20,000 円 ~ 50,000 円 / 固定", "~ 5,000 円", "1,000,000円 〜", "ワーカーと相談する", "１万円",
          "時給1100円～1200円", "※4000円/1件※", "1文字1.5円", "¥3,000", "500円 / 件", "7.0", "0"]
DATES = ["2026-09-17", "2026年07月05日", "2026年07月05日 18:00", "あと6日", "あと23時間", "あと6分", "残り 3 日",
         "--", "2026-09-03T16:41:21+09:00", "2026-09-03T16:41:21", ""]
COUNTS = ["24", "24 人", "1,588", "109件", "１２", "3 / 10件", "-1", "0.0"]
ANY_TEXT = st.one_of(st.text(), st.text(st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)))


def printed(examples: list[str]) -> st.SearchStrategy[str]:
    return st.sampled_from(examples).flatmap(mutated_text) | st.sampled_from(examples) | ANY_TEXT


ANY_VALUE = printed(PRICES + DATES + COUNTS) | JSON_VALUES


@FUZZ
@given(ANY_VALUE)
def test_parse_yen_is_an_amount_or_none(value):
    yen = parse_yen(value)
    assert yen is None or (isinstance(yen, int) and 0 <= yen <= MAX_YEN)


@FUZZ
@given(printed(PRICES) | JSON_VALUES)
def test_parse_yen_range_is_ordered(value):
    shown = parse_yen_range(value)
    assert shown.is_empty or shown.min_yen is None or shown.max_yen is None or shown.min_yen <= shown.max_yen


@FUZZ
@given(printed(DATES) | JSON_VALUES, st.none() | st.just(datetime(2026, 11, 28, 6, 7, tzinfo=UTC)))
def test_parse_deadline_is_an_aware_time_or_none(value, crawled_at):
    when = parse_deadline(value, crawled_at)
    assert when is None or when.tzinfo is not None


@FUZZ
@given(printed(DATES) | JSON_VALUES)
def test_parse_posted_and_instant_are_aware_times_or_none(value):
    for when in (parse_posted(value), parse_instant(value)):
        assert when is None or when.tzinfo is not None


@FUZZ
@given(printed(COUNTS) | JSON_VALUES)
def test_counts_are_whole_and_in_range(value):
    count = parse_count(value)
    assert count is None or 0 <= count <= MAX_COUNT


@FUZZ
@given(printed(COUNTS) | JSON_VALUES)
def test_floats_and_booleans_never_raise(value):
    assert parse_float(value) is None or parse_float(value) == parse_float(value)  # never NaN
    assert parse_bool(value) in (True, False, None)


@FUZZ
@given(ANY_TEXT | printed(["<p>一行目<br>二行目</p>", "&amp;&lt;b&gt;", "Ａ　Ｂ\r\n\r\n\r\n Ｃ"]))
def test_text_cleaners_never_raise(text):
    assert isinstance(nfkc(text), str)
    assert clean_line(text) is None or "\n" not in clean_line(text)
    assert clean_block(text) is None or "\r" not in clean_block(text)
    assert html_to_text(text) is None or isinstance(html_to_text(text), str)


# ----- a whole listing of odd raw values -------------------------------------------------------------------
SCALARS = ("title", "category", "pay_type", "price_text", "budget_min_yen", "budget_max_yen", "hourly_min_yen",
           "hourly_max_yen", "unit_price_yen", "unit_minutes", "unit_chars", "units", "site_hourly_yen",
           "applicants", "slots", "contracts", "deadline", "posted_at", "client_id", "client_name",
           "client_rating", "client_orders", "client_completion_rate", "client_verified", "description", "status")
SCALAR_VALUES = st.none() | ANY_VALUE.filter(lambda v: not isinstance(v, list | dict))


@st.composite
def odd_gigs(draw: st.DrawFn) -> Gig:
    gig = Gig(site=draw(st.sampled_from(["crowdworks", "lancers", "shufti"])),
              listing_id=str(draw(st.integers(1, 10**9))), url="https://example.com/job")
    for name in draw(st.lists(st.sampled_from(SCALARS), unique=True, max_size=12)):
        setattr(gig, name, draw(SCALAR_VALUES))
    gig.tags = draw(st.lists(ANY_TEXT, max_size=3))
    gig.extra = draw(st.dictionaries(st.text(max_size=6), JSON_VALUES, max_size=3))
    gig.crawled_at = datetime(2026, 11, 28, 6, 7, tzinfo=UTC).isoformat()
    gig.detail_status = draw(st.sampled_from(["fetched", "unavailable", "none"]))
    gig.scope = f"{gig.site}:new"
    gig.list_hash = "0" * 20
    return gig


@pytest.fixture(scope="module")
def store():
    con = duckdb.connect(":memory:")
    con.execute("SET TimeZone = 'Asia/Tokyo'")
    migrate(con)
    yield con
    con.close()


@FUZZ
@given(gig=odd_gigs())
def test_any_listing_becomes_a_storable_row(store, gig):
    row = normalize_gig(gig)
    problems(row)
    row.update(derive(row))
    upsert_listings(store, [row], run_id=1, now=datetime(2026, 11, 28, 6, 8, tzinfo=UTC))
