"""normalize.dates: absolute and relative deadlines, in Tokyo time."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tanka.normalize.dates import parse_deadline, parse_posted
from tests.conftest import tokyo

CRAWLED = tokyo(2026, 6, 6, 10, 30)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-09-17", tokyo(2026, 9, 17, 23, 59, 59)),
        ("2026年07月05日", tokyo(2026, 7, 5, 23, 59, 59)),
        ("2026年6月6日 18:14", tokyo(2026, 6, 6, 18, 14)),
        ("あと6日", tokyo(2026, 6, 12, 10, 30)),
        ("あと23時間", tokyo(2026, 6, 7, 9, 30)),
        ("あと6分", tokyo(2026, 6, 6, 10, 36)),
        ("あと 13 日（6月18日まで）", tokyo(2026, 6, 19, 10, 30)),
        ("--", None),
        ("", None),
        (None, None),
        ("募集終了", None),
    ],
)
def test_parse_deadline(value, expected):
    assert parse_deadline(value, CRAWLED) == expected


def test_relative_deadline_needs_a_crawl_time():
    assert parse_deadline("あと6日", None) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-09-03T16:41:21+09:00", tokyo(2026, 9, 3, 16, 41, 21)),
        ("2026年06月28日", tokyo(2026, 6, 28)),
        ("掲載日：2025年06月05日", tokyo(2025, 6, 5)),
        (None, None),
    ],
)
def test_parse_posted(value, expected):
    assert parse_posted(value) == expected


@given(st.text())
def test_parse_deadline_never_raises(text):
    parse_deadline(text, CRAWLED)
