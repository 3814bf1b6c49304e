"""scoring.unit_prices on real pay strings from titles and descriptions, and its properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tanka.normalize.money import parse_yen, parse_yen_range
from tanka.scoring.unit_prices import TextPay, pay_in_text

# Real strings from the fixture pages (CrowdWorks and Shufti titles, Shufti rendered descriptions).
TEXTS = [
    ("【1文字1.5円～】記事作成のお仕事！太田市の街の魅力を発信！", {"yen_per_char": 1.5}),
    ("文字単価0.8円〜", {"yen_per_char": 0.8}),
    ("3000文字で1500円", {"yen_per_char": 0.5}),
    ("【アキュラホームで建てた方限定】レビュー投稿（150文字100円）", {"yen_per_char": 0.6667}),
    ("【1000文字程度】1記事1200円からスタート！AIを活用したライティング",
     {"yen_per_char": 1.2, "unit_price_yen": 1200, "unit": "記事", "chars": 1000}),
    ("【500円｜500文字以上】普段の1日の過ごし方を教えてください", {"yen_per_char": 1.0, "amount_min_yen": 500,
                                                                   "amount_max_yen": 500, "chars": 500}),
    ("１件５０円【完全在宅・マニュアル完備♪】自宅でコピペ！簡単作業", {"unit_price_yen": 50, "unit": "件"}),
    ("【期間限定】※4000円/1件※IT・エンジニア経験者対象！", {"unit_price_yen": 4000, "unit": "件"}),
    ("►▻5000円/2件【20代限定・オンライン】", {"unit_price_yen": 2500, "unit": "件"}),
    ("☆★7000円/2件★☆オンライン限定！", {"unit_price_yen": 3500, "unit": "件"}),
    ("◇◆4000円/1件◆◇男性限定！", {"unit_price_yen": 4000, "unit": "件"}),
    ("【1品150円】", {"unit_price_yen": 150, "unit": "品"}),
    ("【主婦様向け/１件60円】海外向けECサイト", {"unit_price_yen": 60, "unit": "件"}),
    ("高額 ★1件4200円★ 脱毛・美容サロンのモニター調査", {"unit_price_yen": 4200, "unit": "件"}),
    ("【1本2500円】YouTubeショート動画編集", {"unit_price_yen": 2500, "unit": "本"}),
    ("素材収集スタッフ｜1枚15円｜少年ジャンプ作品", {"unit_price_yen": 15, "unit": "枚"}),
    ("【1件3万円】未経験でも月20万〜を目指せる", {"unit_price_yen": 30000, "unit": "件"}),
    ("【簡単！5問で100円！】恋活中、婚活中の男女", {"unit_price_yen": 100, "unit": "件"}),
    ("税込15円の報酬…【単価15円、納品数1】", {"unit_price_yen": 15, "unit": "件", "amount_min_yen": 15,
                                          "amount_max_yen": 15}),
    ("【在宅事務】平日の日中に働きたい方！｜時給1100円～1200円スタート！", {"hourly_min_yen": 1100, "hourly_max_yen": 1200}),
    ("＼長期契約の在宅事務／ママの仕事復帰歓迎！｜時給1200円～", {"hourly_min_yen": 1200, "hourly_max_yen": 1200}),
    ("法人向け架電のお仕事 時給¥2,500相当〜", {"hourly_min_yen": 2500, "hourly_max_yen": 2500}),
    ("【10分で1500円の方大多数♪】スキマ時間でカンタン撮影‼️",
     {"unit_price_yen": 1500, "unit": "件", "minutes": 10.0, "amount_min_yen": 1500, "amount_max_yen": 1500}),
    ("⭐【在宅10分!! 500円!】暮らしとお金の簡単アンケート⭐",
     {"unit_price_yen": 500, "unit": "件", "minutes": 10.0, "amount_min_yen": 500, "amount_max_yen": 500}),
    ("男性の育児休業に関する調査１（所要時間10～15分程度）", {"minutes": 15.0}),
    ("海外在住の方,英語ができる方優遇! 1件５～10分　隙間時間の有効利用", {"minutes": 10.0}),
    ("【報酬3,000円・オンラインで最大60分】", {"minutes": 60.0, "minutes_cap": True, "amount_min_yen": 3000,
                                        "amount_max_yen": 3000}),
    # the length of one unit (the mirror's demo listings; DOMAIN.md §2)
    ("筋トレに関する記事作成（2,000文字程度）", {"chars": 2000}),
    ("国内旅行に関する英日翻訳（約3,000ワード）", {"words": 3000}),
    ("English proofreading, 1,500 words", {"words": 1500}),
    ("10〜15分以内の動画", {}),  # a video's length, not the time the work takes
    ("急募★２万円★データ入力★女性限定", {"amount_min_yen": 20000, "amount_max_yen": 20000}),
    ("アパレル商品の撮影・採寸のお仕事　給料1万円から5万円", {"amount_min_yen": 10000, "amount_max_yen": 50000}),
    ("【固定5,000円＋追加手当】完全在宅のテレアポ", {"amount_min_yen": 5000, "amount_max_yen": 5000}),
    ("【1本12分程度／800円】野球関連のYouTube動画のナレーション", {"amount_min_yen": 800, "amount_max_yen": 800}),
    ("未経験でも月収30万円も可能", {}),
    ("1通話2分程度の簡単な電話受付", {}),
    ("ワーカーと相談する", {}),
]


@pytest.mark.parametrize(("text", "expected"), TEXTS, ids=[t[:24] for t, _ in TEXTS])
def test_pay_in_text(text, expected):
    assert pay_in_text(text) == TextPay(**expected)


# --- properties ------------------------------------------------------------------------------------
def _fields(pay: TextPay) -> list[float]:
    return [v for v in (pay.yen_per_char, pay.unit_price_yen, pay.hourly_min_yen, pay.hourly_max_yen,
                        pay.minutes, pay.amount_min_yen, pay.amount_max_yen) if v is not None]


PAY_WORDS = st.sampled_from(["円", "万", "文字", "字", "件", "本", "時給", "分", "~", "〜", "～", "/", "1", "5",
                             "10", "1,500", "0.8", "単価", "から", "で", "¥", "報酬", "最大", "所要時間", "月"])
PAYLIKE = st.lists(st.one_of(PAY_WORDS, st.text(max_size=3)), max_size=12).map("".join)


@given(st.one_of(st.text(), PAYLIKE))
def test_never_raises_and_never_negative(text):
    assert all(v >= 0 for v in _fields(pay_in_text(text)))


@given(PAYLIKE)
def test_min_never_above_max(text):
    pay = pay_in_text(text)
    if pay.hourly_min_yen is not None:
        assert pay.hourly_min_yen <= pay.hourly_max_yen
    if pay.amount_min_yen is not None:
        assert pay.amount_min_yen <= pay.amount_max_yen


def _wide(text: str) -> str:
    """ASCII digits, letters and punctuation as their full-width forms (１件５０円)."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@given(PAYLIKE)
def test_full_width_reads_like_half_width(text):
    assert pay_in_text(_wide(text)) == pay_in_text(text)


# --- the money parser the unit prices build on (normalize.money) --------------------------------------
PRICE_LIKE = st.lists(st.sampled_from(["円", "万", "~", "〜", "～", "/", " ", "固定", "件", "1", "5", "0", "22",
                                       "1,000", "50,000", "¥", "から", "時間"]), max_size=10).map("".join)


@given(st.one_of(st.text(), PRICE_LIKE))
def test_money_never_negative_and_min_never_above_max(text):
    shown = parse_yen_range(text)
    assert all(v is None or v >= 0 for v in (shown.min_yen, shown.max_yen, parse_yen(text)))
    if shown.min_yen is not None and shown.max_yen is not None:
        assert shown.min_yen <= shown.max_yen


@given(PRICE_LIKE)
def test_money_full_width_reads_like_half_width(text):
    assert parse_yen_range(_wide(text)) == parse_yen_range(text)
