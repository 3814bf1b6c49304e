"""A raw `Gig` → one typed row of the `listings` table (content columns only).

This is the whole normalisation step; the pipelines and `tanka rescore` both call it, so a
listing re-read from its stored raw values comes out exactly as it did during the crawl.
"""

from __future__ import annotations

import math
import re
from datetime import datetime
from typing import Any

from tanka.items import Gig, PayType, Status
from tanka.normalize.dates import parse_deadline, parse_instant, parse_posted
from tanka.normalize.money import parse_yen, parse_yen_range
from tanka.normalize.text import clean_block, clean_line, nfkc

_INT = re.compile(r"-?\d+(?:,\d{3})*(?:\.\d+)?")
_RATE = r"(\d+(?:,\d{3})*(?:\.\d+)?|\.\d+)"
_RATE_RANGE = rf"(?:{_RATE}\s*[~〜～]\s*)?{_RATE}"  # a range counts at its lower, guaranteed end
# A per-character price printed beside the main price: "0.33 円 / 文字" (Lancers cards), "0.5円/字".
_PER_CHAR = re.compile(_RATE_RANGE + r"\s*円\s*/\s*文?字")
_BARE_RATE = re.compile(r"\s*" + _RATE_RANGE + r"\s*(?:円\s*(?:/\s*文?字)?)?\s*")
# No gig pays ¥100 a character (DOMAIN.md: 0.1–5円 is the market); more is a parsing accident.
MAX_YEN_PER_CHAR = 100.0
MAX_COUNT = 2**31 - 1  # the store's INTEGER
_TRUE = {"true", "1", "yes", "y", "済", "本人確認済み", "verified"}
_FALSE = {"false", "0", "no", "n", "未", "本人確認未提出", "unverified"}


def parse_count(value: object) -> int | None:
    """`24`, `"24 人"`, `"1,588"`, `"109件"` → int; anything else → None. Never negative, never
    above MAX_COUNT."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value) if isinstance(value, float) or abs(value) <= MAX_COUNT else math.inf
    else:
        match = _INT.search(nfkc(str(value)))
        if not match:
            return None
        number = float(match.group(0).replace(",", ""))
    return int(number) if math.isfinite(number) and 0 <= number <= MAX_COUNT else None


def parse_float(value: object) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        try:
            number = float(value)
        except OverflowError:  # an int too large for a float
            return None
        return number if math.isfinite(number) else None
    match = _INT.search(nfkc(str(value)))
    number = float(match.group(0).replace(",", "")) if match else None
    return number if number is not None and math.isfinite(number) else None


def parse_yen_per_char(value: object) -> float | None:
    """A site's own price per character → yen as a float, or None; never raises.

    `"0.33"`, `0.33`, `"0.33 円 / 文字"`, `"０．５円／字"` and the rate inside a whole price display
    (`"~ 5,000 円 / 固定 0.33 円 / 文字"` → 0.33); a range (`"0.5 ~ 1.0"`) at its lower end, the one
    the client promises. Zero, negative, non-finite or implausible figures
    (above MAX_YEN_PER_CHAR) and text without a rate (`"5,000 円 / 固定"`, `"相談"`) are None.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        try:
            rate = float(value)
        except OverflowError:
            return None
    else:
        text = nfkc(str(value))
        match = _PER_CHAR.search(text) or _BARE_RATE.fullmatch(text)
        if not match:
            return None
        rate = float((match.group(1) or match.group(2)).replace(",", ""))
    return rate if math.isfinite(rate) and 0 < rate <= MAX_YEN_PER_CHAR else None


def _site_yen_per_char(gig: Gig) -> float | None:
    """The raw field; else a rate printed in the price display (rows stored before the field existed)."""
    if gig.yen_per_char not in (None, ""):
        return parse_yen_per_char(gig.yen_per_char)
    if gig.price_text and _PER_CHAR.search(nfkc(str(gig.price_text))):
        return parse_yen_per_char(gig.price_text)
    return None


def _without_rate(price_text: object) -> str | None:
    """A price display without its per-character part: the amounts and unit that remain are the price."""
    if price_text is None:
        return None
    return _PER_CHAR.sub(" ", nfkc(str(price_text))).strip()


def parse_bool(value: object) -> bool | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    text = nfkc(str(value)).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return None


def _bound(value: object) -> int | None:
    """A budget bound: 0 is how CrowdWorks writes "no bound", and unknown is never 0."""
    yen = parse_yen(value)
    return yen if yen else None


def _pay_type(raw_label: object, unit: str | None) -> PayType | None:
    if unit and "時間" in unit:
        return PayType.HOURLY
    pay_type = PayType.from_label(raw_label)
    if pay_type is None and unit == "件":
        return PayType.TASK
    return pay_type


def _money(raw: dict[str, Any], pay_type: PayType | None) -> dict[str, int | None]:
    money = {
        name: _bound(raw.get(name))
        for name in ("budget_min_yen", "budget_max_yen", "hourly_min_yen", "hourly_max_yen", "unit_price_yen")
    }
    price_text = _without_rate(raw.get("price_text"))
    if all(v is None for v in money.values()) and price_text:
        shown = parse_yen_range(price_text)
        if pay_type is PayType.HOURLY:
            money["hourly_min_yen"], money["hourly_max_yen"] = shown.min_yen, shown.max_yen
        elif pay_type in (PayType.TASK, PayType.WRITING):
            money["unit_price_yen"] = shown.max_yen
        else:
            money["budget_min_yen"], money["budget_max_yen"] = shown.min_yen, shown.max_yen
    if pay_type is PayType.COMPETITION and money["budget_max_yen"] and not money["budget_min_yen"]:
        money["budget_min_yen"] = money["budget_max_yen"]  # a prize is one amount
    for low, high in (("budget_min_yen", "budget_max_yen"), ("hourly_min_yen", "hourly_max_yen")):
        if money[low] is not None and money[high] is not None and money[low] > money[high]:
            money[low], money[high] = money[high], money[low]
    return money


def _rating(value: object) -> float | None:
    rating = parse_float(value)
    # Ratings run 1–5; CrowdWorks prints 0.0 for "no rating yet".
    return rating if rating is not None and 0 < rating <= 5 else None


def _tags(values: object) -> list[str]:
    if not values:
        return []
    cleaned = (clean_line(str(v)) for v in values)
    return list(dict.fromkeys(t for t in cleaned if t))


def normalize_gig(gig: Gig | dict[str, Any]) -> dict[str, Any]:
    """The typed content columns of one listing, plus `raw` (the values it was read from)."""
    if isinstance(gig, dict):
        gig = Gig.from_raw(gig)
    raw = gig.raw_values()
    crawled_at = parse_instant(gig.crawled_at)
    unit = parse_yen_range(_without_rate(gig.price_text)).unit if gig.price_text else None
    pay_type = _pay_type(gig.pay_type, unit)
    status = Status.from_label(gig.status) or Status.OPEN
    row: dict[str, Any] = {
        "site": gig.site,
        "listing_id": str(gig.listing_id),
        "url": gig.url,
        "title": clean_line(gig.title),
        "category": clean_line(gig.category),
        "pay_type": pay_type.value if pay_type else None,
        **_money(raw, pay_type),
        "unit_minutes": parse_float(gig.unit_minutes) or None,
        "unit_chars": parse_count(gig.unit_chars) or None,
        "yen_per_char": _site_yen_per_char(gig),
        "units": parse_count(gig.units) or None,
        "site_hourly_yen": parse_yen(gig.site_hourly_yen),
        "applicants": parse_count(gig.applicants),
        "slots": parse_count(gig.slots) or None,
        "contracts": parse_count(gig.contracts),
        "deadline": parse_deadline(gig.deadline, crawled_at),
        "posted_at": parse_posted(gig.posted_at),
        "client_id": None if gig.client_id in (None, "") else str(gig.client_id),
        "client_name": clean_line(gig.client_name),
        "client_rating": _rating(gig.client_rating),
        "client_orders": parse_count(gig.client_orders),
        "client_completion_rate": parse_float(gig.client_completion_rate),
        "client_verified": parse_bool(gig.client_verified),
        "description": clean_block(gig.description),
        "tags": _tags(gig.tags),
        "status": status.value,
        "price_basis": "unknown",
        "raw": raw,
        "crawled_at": crawled_at or datetime.now().astimezone(),
        "list_hash": gig.list_hash,
        "detail_status": str(gig.detail_status),
        "scope": gig.scope,
    }
    return row
