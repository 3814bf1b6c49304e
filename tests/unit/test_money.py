"""normalize.money on real price strings from the three sites' pages."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tanka.normalize.money import YenRange, format_yen, parse_yen, parse_yen_range


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (7.0, 7),
        ("1000", 1000),
        ("1,100円", 1100),
        ("１件５０円", 1),  # the first amount in the text is the 1 of 1件
        ("５０円", 50),
        ("1万円", 10000),
        ("¥ 50万", 500000),
        ("給料1万円から5万円", 10000),
        ("ワーカーと相談する", None),
        (None, None),
        (-5, None),
        (True, None),
    ],
)
def test_parse_yen(value, expected):
    assert parse_yen(value) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20,000 円 ~ 50,000 円 / 固定", YenRange(20000, 50000, "固定")),
        ("~ 5,000 円 / 固定", YenRange(None, 5000, "固定")),
        ("1,000 ~ 5,000 円 / 固定", YenRange(1000, 5000, "固定")),
        ("33,000 円", YenRange(33000, 33000, None)),
        ("22 円 / 件", YenRange(22, 22, "件")),
        ("500,000円  〜  1,000,000円", YenRange(500000, 1000000, None)),
        ("1,000,000円  〜", YenRange(1000000, None, None)),
        ("時間単価制 : 2,000円 〜 3,000円", YenRange(2000, 3000, None)),
        ("[依頼金額] 100,000円 ～ 200,000円", YenRange(100000, 200000, None)),
        ("¥ 10万 〜 20万", YenRange(100000, 200000, None)),
        ("660,000 円 ~ 830,000 円 / 月 週4日･5日", YenRange(660000, 830000, "月")),
        ("ワーカーと相談する", YenRange(None, None, None)),
    ],
)
def test_parse_yen_range(text, expected):
    assert parse_yen_range(text) == expected


@given(st.text())
def test_parse_yen_range_never_raises_and_keeps_order(text):
    shown = parse_yen_range(text)
    for bound in (shown.min_yen, shown.max_yen):
        assert bound is None or bound >= 0
    if shown.min_yen is not None and shown.max_yen is not None:
        assert shown.min_yen <= shown.max_yen


@given(st.integers(min_value=0, max_value=10**9))
def test_formatted_amount_parses_back(amount):
    assert parse_yen(format_yen(amount)) == amount


@given(st.integers(min_value=0, max_value=10**7))
def test_full_width_digits_agree_with_half_width(amount):
    half = f"{amount:,}円"
    full = half.translate(str.maketrans("0123456789,", "０１２３４５６７８９，"))
    assert parse_yen(full) == parse_yen(half)
