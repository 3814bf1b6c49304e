"""Yen amounts and ranges as the three sites print them.

Accepts numbers from JSON (`7.0`, `"1000"`) and display strings with commas, full-width digits,
万 units, a leading ¥ and any tilde (`~ 〜 ～`). Never returns a negative amount nor one above
MAX_YEN (no gig pays that: it is a parsing accident, and the store's BIGINT must hold it), never
raises, and a range always has min ≤ max.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from tanka.normalize.text import TILDES, nfkc

_NUMBER = r"(\d+(?:,\d{3})*(?:\.\d+)?)"
_AMOUNT = re.compile(_NUMBER + r"\s*(万)?")
_TILDE = re.compile("[" + re.escape(TILDES) + "]")
_UNIT = re.compile(r"/\s*([^\s/]+)")
MAX_YEN = 10**10  # ¥10,000,000,000


def _to_number(text: str) -> float | None:
    try:
        number = float(text.replace(",", ""))
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _whole_yen(number: float) -> int | None:
    return round(number) if 0 <= number <= MAX_YEN else None


def _prepared(text: str) -> str:
    return _TILDE.sub("~", nfkc(text)).replace("円", " 円 ")


def parse_yen(value: object) -> int | None:
    """One amount in whole yen: `"1,000円"` → 1000, `"１万円"` → 10000, `7.0` → 7. Else None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):  # compared as an int: a huge one does not fit a float
        return value if 0 <= value <= MAX_YEN else None
    if isinstance(value, float):
        return _whole_yen(value) if math.isfinite(value) else None
    match = _AMOUNT.search(_prepared(str(value)))
    if not match:
        return None
    number = _to_number(match.group(1))
    if number is None:
        return None
    if match.group(2):
        number *= 10_000
    return _whole_yen(number)


@dataclass(frozen=True)
class YenRange:
    """A parsed price display: bounds in yen (None = open) and the unit after the slash."""

    min_yen: int | None
    max_yen: int | None
    unit: str | None = None  # 固定, 件, 月, 時間 … as printed after "/"

    @property
    def is_empty(self) -> bool:
        return self.min_yen is None and self.max_yen is None


def parse_yen_range(text: object) -> YenRange:
    """`"20,000 円 ~ 50,000 円 / 固定"` → YenRange(20000, 50000, "固定").

    `"~ 5,000 円"` has no lower bound, `"1,000,000円 〜"` no upper bound, a single amount is both
    bounds (a prize, a per-item price). Text without digits (「ワーカーと相談する」) is empty.
    """
    if text is None:
        return YenRange(None, None)
    prepared = _prepared(str(text))
    unit_match = _UNIT.search(prepared)
    unit = unit_match.group(1) if unit_match else None
    body = prepared[: unit_match.start()] if unit_match else prepared
    if "~" in body:
        left, _, right = body.partition("~")
        low, high = parse_yen(left), parse_yen(right)
    else:
        low = high = parse_yen(body)
    if low is not None and high is not None and low > high:
        low, high = high, low
    return YenRange(low, high, unit)


def format_yen(amount: int) -> str:
    """1234567 → "1,234,567円" (the inverse of parse_yen for display)."""
    return f"{amount:,}円"
