"""Volume: how much one worker can earn from a gig toward the monthly goal (`earnable_net_yen`).

credible net ¥/h × the hours of such work the gig offers one worker, which comes to:

* per-unit work (tasks, Shufti items, per-item prices): units open to one worker × net pay per unit ×
  the share of attempts that is paid. A survey or a review is one unit per person; otherwise a
  stated per-person limit (お一人様5件まで), the units one worker is given (Shufti), or the units left;
* a fixed project: its net budget (the lower bound when it has one);
* per-article writing: the stated articles (月10記事) or one article;
* a continuing hourly contract: one month of its stated hours (週10時間, 1日3時間×週3日);
* a contest: one entry's expected value.
None when nothing says how much work there is (unknown is neutral in the score).
Also `filled`: every task taken or every slot filled — not open for ranking.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tanka.scoring.hourly import Pay
from tanka.scoring.reasons import Reason, reason

WEEKS_PER_MONTH = 365.25 / 12 / 7
# Work days a week when only hours a day are stated (1日3時間～): a side job's usual three.
DEFAULT_DAYS_PER_WEEK = 3

_NUMBER = r"(\d{1,4})"
_PER_PERSON = re.compile(r"(?:お?一人|お?1人|1名)(?:様)?\s*(?:あたり|当たり|につき)?\s*(?:最大|上限)?\s*" + _NUMBER
                         + r"\s*(?:件|回|本|記事|タスク|作業|点|個)\s*(?:まで|迄|が上限|を上限)")
_ONE_EACH = re.compile(r"(?:お?一人|お?1人|1名)(?:様)?\s*(?:1|一)\s*(?:回|件)(?:のみ|限り|まで)")
_HOURS_WEEK = re.compile(r"週\s*" + _NUMBER + r"\s*時間")
_HOURS_MONTH = re.compile(r"月\s*" + _NUMBER + r"\s*時間")
_HOURS_DAY = re.compile(r"(?:1日|一日)\s*" + _NUMBER + r"\s*時間")
_DAYS_WEEK = re.compile(r"週\s*" + _NUMBER + r"\s*日")
_UNITS_MONTH = re.compile(r"月\s*(?:に)?\s*" + _NUMBER + r"\s*(?:記事|本|件)")
_UNITS_WEEK = re.compile(r"週\s*(?:に)?\s*" + _NUMBER + r"\s*(?:記事|本|件)")
MAX_HOURS_A_MONTH = 200  # beyond this a number is no side job's hours (週40時間 is full time)
# An open pool of tasks with no per-person limit is shared with every other worker: one worker is
# counted on at most this many hours of it (a few evenings; inferred — no site publishes a share).
POOL_HOURS_PER_WORKER = 10


@dataclass(frozen=True)
class Volume:
    earnable_net_yen: int | None
    reason: Reason | None
    filled: bool
    filled_reason: Reason | None = None


def _count(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return int(value) if 0 <= value < 2**31 else None


def _first_int(pattern: re.Pattern[str], text: str) -> int | None:
    match = pattern.search(text)
    return int(match.group(1)) if match and int(match.group(1)) > 0 else None


def hours_a_month(text: str) -> float | None:
    """Hours a month a continuing contract states: 週15時間～, 月40時間, 1日3時間 × 週3日."""
    week, month, day = _first_int(_HOURS_WEEK, text), _first_int(_HOURS_MONTH, text), _first_int(_HOURS_DAY, text)
    if week:
        hours = week * WEEKS_PER_MONTH
    elif month:
        hours = float(month)
    elif day:
        hours = day * (_first_int(_DAYS_WEEK, text) or DEFAULT_DAYS_PER_WEEK) * WEEKS_PER_MONTH
    else:
        return None
    return round(hours, 1) if 0 < hours <= MAX_HOURS_A_MONTH else None


def units_a_month(text: str) -> int | None:
    """Articles or items a month a continuing contract states: 月10記事, 週2本."""
    month, week = _first_int(_UNITS_MONTH, text), _first_int(_UNITS_WEEK, text)
    if month:
        return month
    return round(week * WEEKS_PER_MONTH) if week else None


def per_person_limit(text: str) -> int | None:
    """Units one worker may do, as stated: お一人様5件まで, 1人1回のみ."""
    if _ONE_EACH.search(text):
        return 1
    return _first_int(_PER_PERSON, text)


def filled(row: Mapping[str, Any], pay: Pay) -> Reason | None:
    """Why the gig is no longer open for ranking (every task taken, every slot filled), else None."""
    slots, done, contracts = _count(row.get("slots")), _count(row.get("applicants")), _count(row.get("contracts"))
    if pay.pay_type == "task":
        if slots and done is not None and done >= slots:
            return reason("filled.tasks")
        return None
    if pay.pay_type != "competition" and slots and contracts is not None and contracts >= slots:
        return reason("filled.slots")
    return None


def _units(row: Mapping[str, Any], pay: Pay, text: str) -> tuple[int | None, str]:
    """(units open to one worker, how that was read)."""
    limit = per_person_limit(text)
    if pay.kind == "survey":  # one answer per person, unless a larger limit is stated
        return (limit or 1), "one_per_person" if (limit or 1) == 1 else "units"
    if limit:
        return limit, "units"
    units = _count(row.get("units"))
    if row.get("site") == "shufti" and units:  # Shufti: units given to each worker (price ÷ unit price)
        return units, "units"
    slots, done = _count(row.get("slots")), _count(row.get("applicants"))
    if pay.pay_type == "task" and slots:
        left = max(slots - (done or 0), 0)
        minutes = pay.minutes or pay.floor_minutes
        if minutes and left > POOL_HOURS_PER_WORKER * 60 / minutes:
            return int(POOL_HOURS_PER_WORKER * 60 / minutes), "pool"
        return left, "units_left"
    return None, ""


def earnable(row: Mapping[str, Any], pay: Pay, text: str) -> Volume:
    """What the gig can add toward the monthly goal, net, for one worker. `text`: NFKC title + description."""
    stop = filled(row, pay)
    amount, why = _earnable(row, pay, text)
    if stop is not None:
        amount = 0
    return Volume(earnable_net_yen=None if amount is None else round(amount), reason=why,
                  filled=stop is not None, filled_reason=stop)


def _earnable(row: Mapping[str, Any], pay: Pay, text: str) -> tuple[float | None, Reason | None]:
    if pay.pay_type == "competition":
        value = pay.expected_value_yen
        return (value, reason("volume.contest", amount=value)) if value is not None else (None, None)
    if pay.hourly_basis == "stated":
        hours = hours_a_month(text)
        if hours is None or pay.net_hourly_yen is None:
            return None, None
        amount = pay.net_hourly_yen * hours
        return amount, reason("volume.hours", hours=hours, amount=amount)
    if pay.pay_type == "writing" and pay.net_unit_yen:
        articles = units_a_month(text) or 1
        amount = pay.net_unit_yen * articles
        return amount, reason("volume.articles", units=articles, amount=amount)
    budget = pay.net_budget_min_yen or pay.net_budget_max_yen
    if pay.net_unit_yen and (pay.pay_type == "task" or row.get("site") == "shufti" or not budget):
        units, how = _units(row, pay, text)
        if units is not None:
            amount = units * pay.net_unit_yen * pay.paid_share
            if how == "one_per_person":
                return amount, reason("volume.one_per_person", amount=amount)
            if how == "units_left":
                return amount, reason("volume.units_left", units=units, amount=amount)
            if how == "pool":
                return amount, reason("volume.pool", units=units, hours=POOL_HOURS_PER_WORKER, amount=amount)
            return amount, reason("volume.units", units=units, unit=pay.unit or "件", amount=amount)
    if budget:
        return budget, reason("volume.budget", amount=budget)
    return None, None
