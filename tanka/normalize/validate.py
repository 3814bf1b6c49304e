"""Check a typed listing row against the data contract: what is missing, what cannot be true.

A value the store could not hold or that cannot be true (a count past INTEGER, ¥10¹¹, a lone
surrogate in a text) is stored as unknown and counted as `tanka/field/<column>/invalid`, so that
one bad listing never breaks the batch it is written in. A row without a site or id is dropped,
counted as `tanka/rejected/no_listing_id` (pipelines/validate.py does the counting).
"""

from __future__ import annotations

import re
from typing import Any

from tanka.items import PayType, Status

# Missing these is worth counting: the listing is stored, but it is less useful.
EXPECTED = ("url", "title", "pay_type", "deadline", "client_name")
# A listing shows its pay as text ("相談", "5,000円") or amounts; none of them means "price" is missing.
PRICE_FIELDS = ("price_text", "budget_min_yen", "budget_max_yen", "hourly_min_yen", "hourly_max_yen",
                "unit_price_yen", "site_hourly_yen")
_RANGES = {
    "client_rating": (0, 5),
    "client_completion_rate": (0, 100),
}
_PAIRS = (("budget_min_yen", "budget_max_yen"), ("hourly_min_yen", "hourly_max_yen"))
# INTEGER columns (store/migrations/0001_listings.sql) and the largest amount a gig can pay.
_COUNTS = ("unit_chars", "units", "applicants", "slots", "contracts", "client_orders")
_INT32_MAX = 2**31 - 1
MAX_YEN = 10**10
_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_surrogates(value: Any) -> Any:
    """Lone surrogates (from a JSON `\\ud800` escape) cannot be written as UTF-8: replaced by U+FFFD."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_without_surrogates(v) for v in value]
    if isinstance(value, dict):
        return {_without_surrogates(k): _without_surrogates(v) for k, v in value.items()}
    return value


def _has_surrogate(value: Any) -> bool:
    """A regex search per text, not a JSON dump of every field: this runs for every listing."""
    if isinstance(value, str):
        return _SURROGATE.search(value) is not None
    if isinstance(value, list):
        return any(_has_surrogate(v) for v in value)
    if isinstance(value, dict):
        return any(_has_surrogate(k) or _has_surrogate(v) for k, v in value.items())
    return False


def _text_problems(row: dict[str, Any]) -> list[str]:
    invalid = []
    for name, value in row.items():
        if isinstance(value, str | list | dict) and _has_surrogate(value):
            invalid.append(name)
            row[name] = _without_surrogates(value)
    return invalid


def problems(row: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(missing fields, invalid fields) of one row. Invalid values are set to None in place."""
    missing = [name for name in EXPECTED if row.get(name) in (None, "")]
    if all(row.get(name) in (None, "") for name in PRICE_FIELDS):
        missing.append("price")
    invalid = []
    if row.get("pay_type") is not None and PayType.from_label(row["pay_type"]) is None:
        invalid.append("pay_type")
        row["pay_type"] = None
    if Status.from_label(row.get("status")) is None:
        invalid.append("status")
        row["status"] = Status.OPEN.value
    for name, (low, high) in _RANGES.items():
        value = row.get(name)
        if value is not None and not low <= value <= high:
            invalid.append(name)
            row[name] = None
    for name, value in row.items():
        if name.endswith("_yen") and isinstance(value, int | float) and not 0 <= value <= MAX_YEN:
            invalid.append(name)
            row[name] = None
    for name in _COUNTS:
        value = row.get(name)
        if isinstance(value, int | float) and not 0 <= value <= _INT32_MAX:
            invalid.append(name)
            row[name] = None
    invalid += _text_problems(row)
    for low, high in _PAIRS:
        if row.get(low) is not None and row.get(high) is not None and row[low] > row[high]:
            invalid.append(low)
            row[low] = None
    return missing, invalid
