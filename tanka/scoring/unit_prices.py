"""Pay that clients write into titles and descriptions: 文字単価, per-item prices, hourly wages, minutes.

Real examples (../shared/docs/sites/*.md): `【1文字1.5円～】`, `文字単価0.8円〜`, `3000文字で1500円`,
`１件５０円`, `※4000円/1件※`, `►▻5000円/2件`, `【1品150円】`, `【1本2500円】`, `1記事1200円`,
`時給1100円～1200円スタート！`, `時給¥2,500相当〜`, `【10分で1500円の方大多数♪】`, `所要時間10～15分程度`,
`1件５～10分`. Text is NFKC-folded first, so full-width digits, commas and every tilde read the same.
Every function is pure, never raises on any text, and never returns a negative amount.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tanka.normalize.text import TILDES, nfkc

_TILDE = re.compile("[" + re.escape(TILDES) + "]|から")


def _num(name: str) -> str:
    """An amount (1,500 / 1.5 / 1500) with an optional 万, captured as <name> and <name>_man."""
    return rf"(?P<{name}>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)\s*(?P<{name}_man>万)?"


_ONE = r"(?:1|一|ひと)"
# What one unit of work is called: 1件, 1本, 1記事, 1品, 1枚 …
_UNIT = r"(?P<unit>件|本|記事|品|枚|個|点|投稿|回答|問|タスク|作業|商品|動画|出品|登録|名)"
_CHARS = r"(?:文字|字)"

_PER_CHAR = [
    re.compile(_ONE + r"\s*文字\s*(?:あたり|当たり|につき)?\s*[:=]?\s*" + _num("yen") + r"\s*円"),
    re.compile(r"文字単価\s*(?:は|:)?\s*(?:約)?\s*" + _num("yen") + r"\s*円"),
    re.compile(_num("yen") + r"\s*円\s*/\s*(?:1\s*)?文字"),
]
_PRICE_FOR_CHARS = [
    # 3000文字で1500円, 150文字100円
    re.compile(_num("chars") + r"\s*" + _CHARS + r"\s*(?:以上|程度|前後)?\s*(?:で|あたり|につき|/|\||:)?\s*"
               + _num("yen") + r"\s*円"),
    # 【500円｜500文字以上】
    re.compile(_num("yen") + r"\s*円\s*[/|:・]\s*" + _num("chars") + r"\s*" + _CHARS),
]
_ARTICLE_CHARS = re.compile(_num("chars") + r"\s*" + _CHARS + r"\s*(?:程度|前後|以上|~)")
_PER_ARTICLE = re.compile(_ONE + r"\s*記事\s*(?:あたり|当たり|につき)?\s*" + _num("yen") + r"\s*円")

_PER_UNIT = [
    # 1件50円, 【1品150円】, 1本3,500円, 1件3万円, 1件あたり50円
    re.compile(_ONE + r"\s*" + _UNIT + r"\s*(?:あたり|当たり|につき)?\s*[:=]?\s*(?:約)?\s*" + _num("yen") + r"\s*円"),
    # 4000円/1件, 500円/件, 5000円/2件
    re.compile(_num("yen") + r"\s*円\s*/\s*(?P<count>\d*)\s*" + _UNIT),
    # 5問で100円: one answer sheet
    re.compile(r"\d+\s*問\s*で\s*" + _num("yen") + r"\s*円"),
    # 単価15円, 作業単価50円 (not 文字単価)
    re.compile(r"(?<!文字)単価\s*(?:は|:)?\s*" + _num("yen") + r"\s*円"),
]
_HOURLY = re.compile(r"(?:時給|時間単価|時間給)\s*(?:は|:)?\s*(?:¥\s*)?" + _num("low") + r"\s*円?"
                     r"(?:\s*(?:相当|以上|スタート))?(?:\s*~\s*(?:¥\s*)?" + _num("high") + r"\s*円)?")
# A price for a stated time: 10分で1500円, 在宅10分!! 500円!
_PRICE_FOR_MINUTES = re.compile(r"(?P<a>\d+)\s*分\s*(?:で|!+)\s*" + _num("yen") + r"\s*円")
# A lump amount ("報酬3,000円", "２万円", "1万円~5万円"), unless it is a monthly / daily income claim.
# An amount right after these is a rate or a per-unit price (1件50円, 時給1100円), or an income claim.
_NOT_A_LUMP_BEFORE = re.compile(r"時給|単価|時間給|文字|月収|年収|日給|月給|月|[件本品枚個点問]|記事|投稿|回答")
_NOT_A_LUMP_AFTER = re.compile(r"\s*/|\s*相当")
_AMOUNT = re.compile(r"(?<![月年日収給])(?:¥\s*)?" + _num("low") + r"\s*円(?:\s*~\s*(?:¥\s*)?" + _num("high") + r"\s*円)?")
_MINUTES = [
    re.compile(r"(?P<a>\d+)\s*分\s*で\s*(?:完了|終わ|\d)"),  # 10分で1500円, 5分で完了
    re.compile(r"(?:所要時間|作業時間|回答時間)\s*(?:は)?\s*(?:約|最大)?\s*(?P<a>\d+)(?:\s*~\s*(?P<b>\d+))?\s*分"),
    re.compile(r"最大\s*(?P<a>\d+)\s*分"),
    re.compile(r"(?P<a>\d+)\s*分\s*!+\s*\d[\d,]*\s*円"),  # 在宅10分!! 500円!
    # 1件5~10分 (not 1本12分: that is how long a video is)
    re.compile(_ONE + r"\s*(?:件|問|回答|タスク|作業)\s*(?:約)?\s*(?P<a>\d+)(?:\s*~\s*(?P<b>\d+))?\s*分"),
]

# The length of one unit of writing or translation: （2,000文字程度）, 約3,000ワード, 1,500 words.
_LENGTH_WORDS = re.compile(_num("words") + r"\s*(?:ワード|words?|語)(?![A-Za-z])", re.IGNORECASE)
_ANCHOR_WORDS = re.compile(r"ワード|word|語", re.IGNORECASE)

MAX_YEN_PER_CHAR = 30.0  # above this a "文字" match is not a 文字単価 (a title, a count, a typo)


@dataclass(frozen=True)
class TextPay:
    """Pay read from one text; None = not stated there."""

    yen_per_char: float | None = None
    unit_price_yen: int | None = None
    unit: str | None = None  # 件, 本, 記事 … (what one unit is called)
    hourly_min_yen: int | None = None
    hourly_max_yen: int | None = None
    minutes: float | None = None  # minutes one unit takes, as the client says (the longest if a range)
    minutes_cap: bool = False  # the minutes are an upper bound (最大60分)
    chars: int | None = None  # the length of one article, as stated (2,000文字程度)
    words: int | None = None  # the length of one translation, as stated (約3,000ワード)
    amount_min_yen: int | None = None  # a lump amount the text names (報酬3,000円, 1万円~5万円)
    amount_max_yen: int | None = None

    @property
    def is_empty(self) -> bool:
        return all(v is None for v in (self.yen_per_char, self.unit_price_yen, self.hourly_min_yen, self.minutes,
                                       self.amount_max_yen, self.chars, self.words))


# Every pattern above needs one of these characters; only text around them is searched.
_ANCHORS = re.compile("[円分字給¥価語]|ワード|word", re.IGNORECASE)
_BEFORE, _AFTER = 40, 30
_DIGIT = re.compile(r"\d")
_GAP = "\x00"  # joins windows; no pattern matches across it


def _windows(text: str) -> str:
    spans: list[list[int]] = []
    for match in _ANCHORS.finditer(text):
        start, end = max(0, match.start() - _BEFORE), match.end() + _AFTER
        if spans and start <= spans[-1][1]:
            spans[-1][1] = end
        else:
            spans.append([start, end])
    return _GAP.join(text[start:end] for start, end in spans)


def prepare(text: str | None, folded: bool = False) -> str:
    """The parts of NFKC-folded text that can state pay, every tilde (and から) as "~"."""
    if not text:
        return ""
    return _TILDE.sub("~", _windows(str(text) if folded else nfkc(str(text))))


def _amount(match: re.Match[str], name: str) -> float | None:
    text = match.group(name)
    if not text:
        return None
    try:
        value = float(text.replace(",", ""))
    except ValueError:
        return None
    return value * 10_000 if match.group(f"{name}_man") else value


def _yen(match: re.Match[str], name: str) -> int | None:
    value = _amount(match, name)
    return None if value is None or value <= 0 else round(value)


def _plausible(yen: float | None, chars: float | None) -> float | None:
    if not yen or not chars or chars <= 0:
        return None
    rate = yen / chars
    return round(rate, 4) if 0 < rate <= MAX_YEN_PER_CHAR else None


def yen_per_char(text: str) -> float | None:
    """文字単価 in yen, from `1文字1.5円`, `文字単価0.8円`, `3000文字で1500円`, `1000文字程度 … 1記事1200円`."""
    if "字" not in text or "円" not in text:
        return None
    for pattern in _PER_CHAR:
        match = pattern.search(text)
        if match and (rate := _plausible(_amount(match, "yen"), 1.0)):
            return rate
    for pattern in _PRICE_FOR_CHARS:
        match = pattern.search(text)
        if match and (rate := _plausible(_amount(match, "yen"), _amount(match, "chars"))):
            return rate
    article, length = _PER_ARTICLE.search(text), _ARTICLE_CHARS.search(text)
    if article and length:
        return _plausible(_amount(article, "yen"), _amount(length, "chars"))
    return None


def unit_price(text: str) -> tuple[int | None, str | None]:
    """(yen per unit, the unit's name) from `1件50円`, `4000円/1件`, `5000円/2件`, `【1品150円】` …"""
    if "円" not in text:
        return None, None
    timed = _PRICE_FOR_MINUTES.search(text)
    if timed and (yen := _yen(timed, "yen")):
        return yen, "件"
    for pattern in _PER_UNIT:
        match = pattern.search(text)
        if not match:
            continue
        yen = _yen(match, "yen")
        groups = match.groupdict()
        count = int(groups["count"]) if groups.get("count") else 1
        if yen and count > 0:
            return round(yen / count), groups.get("unit") or "件"
    return None, None


def hourly(text: str) -> tuple[int | None, int | None]:
    """(lowest, highest) hourly wage from `時給1100円~1200円`, `時給¥2,500相当~`, `時給1200円~`."""
    if "時" not in text:
        return None, None
    match = _HOURLY.search(text)
    if not match:
        return None, None
    low, high = _yen(match, "low"), _yen(match, "high")
    if low is None:
        return None, None
    high = high or low
    return min(low, high), max(low, high)


def minutes(text: str) -> tuple[float | None, bool]:
    """(minutes one unit takes as the client writes it, whether that is an upper bound): the longer
    end of a range (`10~15分` → 15); `最大60分` is an upper bound."""
    if "分" not in text:
        return None, False
    for pattern in _MINUTES:
        match = pattern.search(text)
        if not match:
            continue
        values = [int(v) for v in (match.group("a"), match.groupdict().get("b")) if v]
        values = [v for v in values if 0 < v <= 24 * 60]
        if values:
            return float(max(values)), "最大" in match.group(0)
    return None, False


def length(text: str) -> tuple[int | None, int | None]:
    """(characters, words) one unit of writing or translation is said to be: `2,000文字程度`, `約3,000ワード`."""
    chars = _ARTICLE_CHARS.search(text) if "字" in text else None
    words = _LENGTH_WORDS.search(text) if _ANCHOR_WORDS.search(text) else None
    return (_yen(chars, "chars") if chars else None), (_yen(words, "words") if words else None)


def amount(text: str) -> tuple[int | None, int | None]:
    """The first lump amount or range in yen that is not an hourly wage, a rate or an income claim."""
    if "円" not in text:
        return None, None
    for match in _AMOUNT.finditer(text):
        before = text[max(0, match.start() - 4):match.start()]
        after = text[match.end():match.end() + 3]
        if _NOT_A_LUMP_BEFORE.search(before) or _NOT_A_LUMP_AFTER.match(after):
            continue
        low, high = _yen(match, "low"), _yen(match, "high")
        if low:
            return min(low, high or low), max(low, high or low)
    return None, None


def pay_in_text(text: str | None, folded: bool = False) -> TextPay:
    """Everything pay-like one text states (`folded`: the text is already NFKC). Never raises."""
    prepared = prepare(text, folded)
    if not prepared or not _DIGIT.search(prepared):
        return TextPay()
    price, unit = unit_price(prepared)
    low, high = hourly(prepared)
    lump_low, lump_high = amount(prepared)
    minutes_stated, cap = minutes(prepared)
    chars, words = length(prepared)
    return TextPay(yen_per_char=yen_per_char(prepared), unit_price_yen=price, unit=unit,
                   hourly_min_yen=low, hourly_max_yen=high, minutes=minutes_stated, minutes_cap=cap,
                   chars=chars, words=words, amount_min_yen=lump_low, amount_max_yen=lump_high)
