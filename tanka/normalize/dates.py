"""Deadlines and posting dates, absolute or relative to the crawl time, in Asia/Tokyo."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from tanka.normalize.text import nfkc

TOKYO = ZoneInfo("Asia/Tokyo")

_REMAINING = re.compile(r"(?:あと|残り)\s*(\d+)\s*(日|時間|分)")
_JA_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日(?:\s*(\d{1,2}):(\d{2}))?")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_UNITS = {"日": "days", "時間": "hours", "分": "minutes"}


def parse_instant(value: object) -> datetime | None:
    """An ISO-8601 timestamp or date as an aware datetime (naive values are Tokyo time)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=TOKYO)
    text = str(value).strip()
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=TOKYO)


def end_of_day(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59), tzinfo=TOKYO)


def parse_deadline(value: object, crawled_at: datetime | str | None) -> datetime | None:
    """`"2026-09-17"`, `"2026年07月05日"`, `"あと6日"`, `"あと23時間"`, `"あと6分"`, `"--"` → datetime or None.

    A bare date means the end of that day in Tokyo; a remaining time counts from `crawled_at`.
    Anything else, an impossible date included, is None: never an exception.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return parse_instant(value)
    text = nfkc(str(value)).strip()
    if not text or set(text) <= set("-–—"):
        return None
    if _ISO_DATE.match(text):
        try:
            return end_of_day(date.fromisoformat(text))
        except ValueError:  # 2026-13-45
            return None
    match = _JA_DATE.search(text)
    if match:
        year, month, day, hour, minute = match.groups()
        try:
            if hour is not None:
                return datetime(int(year), int(month), int(day), int(hour), int(minute), tzinfo=TOKYO)
            return end_of_day(date(int(year), int(month), int(day)))
        except ValueError:
            return None
    match = _REMAINING.search(text)
    if match:
        base = parse_instant(crawled_at)
        if base is None:
            return None
        amount, unit = int(match.group(1)), match.group(2)
        try:
            return base.astimezone(TOKYO) + timedelta(**{_UNITS[unit]: amount})
        except OverflowError:  # あと99999999999日: past the calendar's end
            return None
    return parse_instant(text)


def parse_posted(value: object) -> datetime | None:
    """A posting date: ISO timestamp (`2026-09-03T16:41:21+09:00`) or `2026年06月28日` (start of day)."""
    if value is None:
        return None
    text = nfkc(str(value)).strip()
    match = _JA_DATE.search(text)
    if match and match.group(4) is None:
        year, month, day = (int(g) for g in match.groups()[:3])
        try:
            return datetime(year, month, day, tzinfo=TOKYO)
        except ValueError:
            return None
    if match:
        return parse_deadline(text, None)
    return parse_instant(text)


def tokyo_month(moment: datetime) -> tuple[datetime, datetime]:
    """The Tokyo calendar month holding `moment`: [its first day 00:00, the next month's first day)."""
    local = moment.astimezone(TOKYO)
    start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return start, start.replace(year=start.year + (start.month == 12), month=start.month % 12 + 1)
