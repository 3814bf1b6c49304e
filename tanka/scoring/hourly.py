"""What a listing really pays: unit prices, net amounts after the fee, net hourly pay and its basis.

Structured fields come first (hourly ranges, task price and minutes, article price and length,
Shufti's unit price and 想定時給); the title, then the description, fill what they leave open.
The net hourly figure says where it comes from (`hourly_basis`):

* stated         the listing states an hourly wage (its lower end: what a beginner will be offered)
* site_estimate  Shufti's own 想定時給
* task_minutes   price per unit × 60 ÷ minutes per unit (the site's estimate, or the client's words)
* writing_speed  文字単価 × the user's writing speed
* unknown        nothing says how long the work takes: fixed projects get break_even_hours instead
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tanka.items import HourlyBasis
from tanka.scoring import fees as fee_rules
from tanka.scoring.fees import is_estimate, schedule_for
from tanka.scoring.settings import ScoringSettings
from tanka.scoring.unit_prices import TextPay, pay_in_text

# A fixed price up to this much, with a duration in the title, is taken as pay for that duration.
ONE_SITTING_MAX_YEN = 30_000


@dataclass
class Pay:
    """Every pay figure of one listing, gross and net. None = not known."""

    site: str
    pay_type: str | None
    yen_per_char: float | None = None
    unit_price_yen: int | None = None
    unit: str | None = None
    unit_price_source: str | None = None  # structured | title | description
    unit_from_text: bool = False  # the unit price was read from the title/description
    minutes: float | None = None
    minutes_source: str | None = None  # structured | title | description
    site_minutes: float | None = None  # the site's estimate when the client's words replaced it
    hourly_min_yen: int | None = None
    hourly_max_yen: int | None = None
    budget_min_yen: int | None = None
    budget_max_yen: int | None = None
    budget_source: str | None = None
    net_unit_yen: int | None = None
    net_budget_min_yen: int | None = None
    net_budget_max_yen: int | None = None
    net_hourly_yen: float | None = None
    net_hourly_max_yen: float | None = None
    hourly_basis: str = HourlyBasis.UNKNOWN.value
    break_even_hours: float | None = None
    expected_value_yen: int | None = None
    entries: int | None = None
    net_is_estimate: bool = False

    @property
    def stated(self) -> bool:
        return any(v is not None for v in (self.unit_price_yen, self.hourly_min_yen, self.budget_max_yen,
                                           self.budget_min_yen, self.yen_per_char))


def _structured(row: Mapping[str, Any], name: str) -> bool:
    """Was the column set from a structured field (not from derive's own text reading)?"""
    raw = row.get("raw")
    if not isinstance(raw, Mapping) or not raw:
        return row.get(name) is not None
    if raw.get(name) not in (None, ""):
        return True
    # normalize reads a task's or an article's price from the price display (22 円 / 件)
    return name == "unit_price_yen" and bool(raw.get("price_text")) and row.get(name) is not None \
        and row.get("pay_type") in ("task", "writing")


def _first(title: TextPay, description: TextPay, attr: str) -> tuple[Any, str | None]:
    for source, found in (("title", title), ("description", description)):
        value = getattr(found, attr)
        if value is not None:
            return value, source
    return None, None


def _positive(value: Any) -> float | None:
    """A finite amount above zero, else None (unknown is never 0)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 1e13 else None  # also rejects nan and inf


def _whole(value: float | None) -> int | None:
    return None if value is None else round(value)


def net_amount(site: str, amount: int, pay_type: str | None, fees: Mapping[str, Any]) -> int:
    """The site's fee applied; a site with no fee rule yet keeps its gross amount (an estimate)."""
    return fee_rules.net_amount(site, amount, pay_type, fees) if schedule_for(site) else amount


def net_value(site: str, amount: float, pay_type: str | None, fees: Mapping[str, Any]) -> float:
    return fee_rules.net_value(site, amount, pay_type, fees) if schedule_for(site) else float(amount)


def compute_pay(row: Mapping[str, Any], settings: ScoringSettings, title: str | None = None,
                description: str | None = None) -> Pay:
    """Pay figures of one row. `title`/`description`: the row's texts already NFKC-folded (optional)."""
    site, pay_type = str(row.get("site") or ""), row.get("pay_type")
    fee_type = "task" if pay_type == "task" else None
    fees = settings.fees
    pay = Pay(site=site, pay_type=pay_type, net_is_estimate=is_estimate(site))
    title_pay = pay_in_text(title, folded=True) if title is not None else pay_in_text(row.get("title"))
    description_pay = pay_in_text(description, folded=True) if description is not None \
        else pay_in_text(row.get("description"))

    # --- gross figures: structured first, then the title, then the description ---------------------
    unit_chars = _positive(row.get("unit_chars"))
    structured_price = _positive(row.get("unit_price_yen"))
    if structured_price and _structured(row, "unit_price_yen"):
        pay.unit_price_yen, pay.unit_price_source = round(structured_price), "structured"
        pay.unit = "記事" if pay_type == "writing" else "件"
    else:
        price, pay.unit_price_source = _first(title_pay, description_pay, "unit_price_yen")
        if price:
            pay.unit_price_yen, pay.unit_from_text = price, True
            pay.unit = title_pay.unit if pay.unit_price_source == "title" else description_pay.unit
    if pay_type == "writing" and pay.unit_price_yen and unit_chars:
        pay.yen_per_char = round(pay.unit_price_yen / unit_chars, 4)
    else:
        pay.yen_per_char, source = _first(title_pay, description_pay, "yen_per_char")
        pay.unit_price_source = pay.unit_price_source or source
    hourly_min, hourly_max = _positive(row.get("hourly_min_yen")), _positive(row.get("hourly_max_yen"))
    if hourly_min or hourly_max:
        pay.hourly_min_yen, pay.hourly_max_yen = _whole(hourly_min or hourly_max), _whole(hourly_max or hourly_min)
        hourly_source = "structured"
    else:
        pay.hourly_min_yen, hourly_source = _first(title_pay, description_pay, "hourly_min_yen")
        pay.hourly_max_yen = (title_pay if hourly_source == "title" else description_pay).hourly_max_yen \
            if hourly_source else None
    budget_min, budget_max = _positive(row.get("budget_min_yen")), _positive(row.get("budget_max_yen"))
    if budget_min or budget_max:
        pay.budget_min_yen, pay.budget_max_yen, pay.budget_source = _whole(budget_min), _whole(budget_max), "structured"
    elif pay_type in (None, "fixed", "competition"):
        pay.budget_max_yen, pay.budget_source = _first(title_pay, description_pay, "amount_max_yen")
        if pay.budget_max_yen:
            pay.budget_min_yen = (title_pay if pay.budget_source == "title" else description_pay).amount_min_yen
    site_minutes = _positive(row.get("unit_minutes"))
    text_minutes, text_minutes_source = _first(title_pay, description_pay, "minutes")

    # --- net amounts -------------------------------------------------------------------------------
    if pay.unit_price_yen:
        pay.net_unit_yen = net_amount(site, pay.unit_price_yen, fee_type, fees)
    if pay.budget_min_yen:
        pay.net_budget_min_yen = net_amount(site, pay.budget_min_yen, fee_type, fees)
    if pay.budget_max_yen:
        pay.net_budget_max_yen = net_amount(site, pay.budget_max_yen, fee_type, fees)

    # --- net hourly, by basis ----------------------------------------------------------------------
    site_hourly = _positive(row.get("site_hourly_yen"))
    if pay.hourly_min_yen:
        pay.hourly_basis = HourlyBasis.STATED.value
        pay.unit_price_source = pay.unit_price_source or hourly_source
        pay.net_hourly_yen = net_value(site, pay.hourly_min_yen, fee_type, fees)
        if pay.hourly_max_yen and pay.hourly_max_yen > pay.hourly_min_yen:
            pay.net_hourly_max_yen = net_value(site, pay.hourly_max_yen, fee_type, fees)
    elif site_hourly:
        pay.hourly_basis = HourlyBasis.SITE_ESTIMATE.value
        pay.net_hourly_yen = net_value(site, site_hourly, fee_type, fees)
        pay.minutes, pay.minutes_source = site_minutes, "structured" if site_minutes else None
    elif pay.unit_price_yen and (site_minutes or text_minutes):
        # The client's own words about the time win when they say it takes longer than the site's estimate.
        if text_minutes and (not site_minutes or text_minutes > site_minutes):
            pay.minutes, pay.minutes_source, pay.site_minutes = text_minutes, text_minutes_source, site_minutes
        else:
            pay.minutes, pay.minutes_source = site_minutes, "structured"
        pay.hourly_basis = HourlyBasis.TASK_MINUTES.value
        pay.net_hourly_yen = net_value(site, pay.unit_price_yen, fee_type, fees) * 60 / pay.minutes
    elif pay.yen_per_char:
        pay.hourly_basis = HourlyBasis.WRITING_SPEED.value
        pay.net_hourly_yen = net_value(site, pay.yen_per_char * settings.writing_speed, fee_type, fees)
    elif text_minutes and pay.budget_max_yen and pay.budget_max_yen <= ONE_SITTING_MAX_YEN:
        # 「報酬3,000円・オンラインで最大60分」: one small amount for one sitting of stated length
        pay.minutes, pay.minutes_source = text_minutes, text_minutes_source
        pay.hourly_basis = HourlyBasis.TASK_MINUTES.value
        pay.net_hourly_yen = net_value(site, pay.budget_max_yen, fee_type, fees) * 60 / text_minutes

    # --- contests and fixed projects ---------------------------------------------------------------
    if pay_type == "competition":
        prize = pay.net_budget_max_yen or pay.net_budget_min_yen
        entries = _positive(row.get("applicants"))
        pay.entries = int(entries) if entries else 0 if row.get("applicants") == 0 else None
        if prize:
            pay.expected_value_yen = round(prize / ((pay.entries or 0) + 1))
    if pay.net_hourly_yen is None:
        per_contract = pay.expected_value_yen or pay.net_unit_yen or pay.net_budget_min_yen or pay.net_budget_max_yen
        if per_contract:
            pay.break_even_hours = round(per_contract / settings.benchmark_yen, 2)
    if pay.net_hourly_yen is not None:
        pay.net_hourly_yen = round(pay.net_hourly_yen, 1)
    return pay
