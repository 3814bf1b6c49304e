"""normalize.text: the fast NFKC used by every parser and by scoring is exactly NFKC."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tanka.normalize.text import clean_block, clean_line, html_to_text, nfkc


@given(st.text())
def test_nfkc_is_exactly_unicode_nfkc(text):
    assert nfkc(text) == unicodedata.normalize("NFKC", text)


@pytest.mark.parametrize(("text", "expected"), [
    ("１件５０円", "1件50円"), ("時給1100円～1200円", "時給1100円~1200円"), ("ﾃﾞｰﾀ入力", "データ入力"), ("ＡＩ", "AI")])
def test_nfkc_on_real_strings(text, expected):
    assert nfkc(text) == expected


def test_clean_line_collapses_whitespace():
    assert clean_line("\n   【隙間時間で簡単作業！】バイマで出品作業\u3000して頂ける方募集◎ ") == \
        "【隙間時間で簡単作業！】バイマで出品作業 して頂ける方募集◎"


def test_clean_block_uses_lf_and_drops_long_blank_runs():
    assert clean_block("■ 依頼の目的・背景\n\n初めまして。\r\n\r\n\r\n\r\nよろしく  ") == \
        "■ 依頼の目的・背景\n\n初めまして。\n\nよろしく"


def test_html_to_text_decodes_entities_once():
    assert html_to_text("&lt;お仕事内容&gt;<br />A &amp;amp; B") == "<お仕事内容>\nA &amp; B"
