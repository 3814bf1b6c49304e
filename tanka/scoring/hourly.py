"""What a listing really pays: unit prices, net amounts after the fee, net hourly pay and its basis.

Structured fields come first (hourly ranges, task price and minutes, article price and length,
Lancers' own per-character price, Shufti's unit price and 想定時給); the title, then the
description, fill what they leave open. The net hourly figure says where it comes from
(`hourly_basis`), strongest first:

* stated         the listing states an hourly wage (its lower end: what a beginner will be offered)
* site_estimate  Shufti's own 想定時給, read as minutes per unit and discounted as a claim
* task_minutes   price per unit × 60 ÷ credible minutes per unit (a claim discounted: scoring.effort),
                 or the time the stated volume takes (3,000 words of translation)
* writing_speed  文字単価 × the user's writing speed
* unknown        nothing says how long the work takes: fixed projects get break_even_hours instead
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tanka.items import HourlyBasis
from tanka.scoring import effort as effort_model
from tanka.scoring import fees as fee_rules
from tanka.scoring.effort import Effort
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
    kind: str | None = None
    yen_per_char: float | None = None
    unit_price_yen: int | None = None
    unit: str | None = None
    unit_price_source: str | None = None  # structured | title | description
    unit_from_text: bool = False  # the unit price was read from the title/description
    minutes: float | None = None  # credible minutes per paid unit (effort.minutes) when the hourly rests on time
    minutes_source: str | None = None  # structured | title | description | volume
    effort: Effort | None = None  # how the minutes were reached (the claim, the floor, screen-outs)
    volume_chars: int | None = None  # the stated length of one unit (2,000文字程度) …
    volume_words: int | None = None  # … or of one translation (約3,000ワード)
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
    best_hourly_yen: float | None = None  # no time stated: the net hourly if a unit took only its floor
    floor_minutes: float | None = None  # … that floor
    expected_value_yen: int | None = None
    entries: int | None = None
    net_is_estimate: bool = False
    screened: bool = False  # a survey that screens respondents: part of the attempts end unpaid

    @property
    def stated(self) -> bool:
        return any(v is not None for v in (self.unit_price_yen, self.hourly_min_yen, self.budget_max_yen,
                                           self.budget_min_yen, self.yen_per_char))

    @property
    def paid_share(self) -> float:
        return self.effort.paid_share if self.effort else 1.0


@dataclass(frozen=True)
class _Texts:
    """Pay read from the title and the description (NFKC-folded), and both texts."""

    title: TextPay
    description: TextPay
    folded: str

    def first(self, attr: str) -> tuple[Any, str | None]:
        for source, found in (("title", self.title), ("description", self.description)):
            value = getattr(found, attr)
            if value is not None:
                return value, source
        return None, None

    def of(self, source: str | None) -> TextPay:
        return self.title if source == "title" else self.description


def _structured(row: Mapping[str, Any], name: str) -> bool:
    """Was the column set from a structured field (not from derive's own text reading)?"""
    raw = row.get("raw")
    if not isinstance(raw, Mapping) or not raw:
        return row.get(name) is not None and name != "yen_per_char"
    if raw.get(name) not in (None, ""):
        return True
    if name == "yen_per_char":  # normalize reads the site's rate from the price display (0.33 円 / 文字)
        return row.get(name) is not None and "文字" in str(raw.get("price_text") or "")
    # normalize reads a task's or an article's price from the price display (22 円 / 件)
    return name == "unit_price_yen" and bool(raw.get("price_text")) and row.get(name) is not None \
        and row.get("pay_type") in ("task", "writing")


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
                description: str | None = None, kind: str | None = None) -> Pay:
    """Pay figures of one row. `title`/`description`: the row's texts already NFKC-folded (optional);
    `kind`: the row's kind of work (taxonomy.classify), which sets the floor of credible minutes."""
    texts = _read_texts(row, title, description)
    pay = Pay(site=str(row.get("site") or ""), pay_type=row.get("pay_type"), kind=kind,
              net_is_estimate=is_estimate(str(row.get("site") or "")))
    _gross_figures(pay, row, texts)
    _net_amounts(pay, settings)
    _net_hourly(pay, row, texts, settings)
    _contests_and_fixed(pay, row, settings)
    if pay.net_hourly_yen is not None:
        pay.net_hourly_yen = round(pay.net_hourly_yen, 1)
    return pay


def _read_texts(row: Mapping[str, Any], title: str | None, description: str | None) -> _Texts:
    title_pay = pay_in_text(title, folded=True) if title is not None else pay_in_text(row.get("title"))
    description_pay = pay_in_text(description, folded=True) if description is not None \
        else pay_in_text(row.get("description"))
    return _Texts(title_pay, description_pay, f"{title or ''}\n{description or ''}")


# --- gross figures: structured first, then the title, then the description -------------------------------
def _gross_figures(pay: Pay, row: Mapping[str, Any], texts: _Texts) -> None:
    _unit_price(pay, row, texts)
    _per_char(pay, row, texts)
    _hourly_range(pay, row, texts)
    _budget(pay, row, texts)
    pay.volume_chars = texts.first("chars")[0]
    pay.volume_words = texts.first("words")[0]


def _unit_price(pay: Pay, row: Mapping[str, Any], texts: _Texts) -> None:
    structured_price = _positive(row.get("unit_price_yen"))
    if structured_price and _structured(row, "unit_price_yen"):
        pay.unit_price_yen, pay.unit_price_source = round(structured_price), "structured"
        pay.unit = "記事" if pay.pay_type == "writing" else "件"
        return
    price, pay.unit_price_source = texts.first("unit_price_yen")
    if price:
        pay.unit_price_yen, pay.unit_from_text = price, True
        pay.unit = texts.of(pay.unit_price_source).unit


def _per_char(pay: Pay, row: Mapping[str, Any], texts: _Texts) -> None:
    """文字単価: the site's own figure (Lancers' 「0.33 円 / 文字」) beats any guess from the text."""
    unit_chars = _positive(row.get("unit_chars"))
    site_rate = _positive(row.get("yen_per_char"))
    if site_rate and _structured(row, "yen_per_char"):
        pay.yen_per_char, pay.unit_price_source = round(site_rate, 4), "structured"
    elif pay.pay_type == "writing" and pay.unit_price_yen and unit_chars:
        pay.yen_per_char = round(pay.unit_price_yen / unit_chars, 4)
    else:
        pay.yen_per_char, source = texts.first("yen_per_char")
        pay.unit_price_source = pay.unit_price_source or source
        chars = texts.first("chars")[0]
        if pay.yen_per_char is None and pay.kind == "writing" and pay.unit_price_yen and chars:
            # 「記事作成（2,000文字程度）」 at 7円 a task: the article's price over its stated length
            pay.yen_per_char = round(pay.unit_price_yen / chars, 4)


def _hourly_range(pay: Pay, row: Mapping[str, Any], texts: _Texts) -> None:
    hourly_min, hourly_max = _positive(row.get("hourly_min_yen")), _positive(row.get("hourly_max_yen"))
    if hourly_min or hourly_max:
        pay.hourly_min_yen, pay.hourly_max_yen = _whole(hourly_min or hourly_max), _whole(hourly_max or hourly_min)
        pay.unit_price_source = pay.unit_price_source or "structured"
        return
    pay.hourly_min_yen, source = texts.first("hourly_min_yen")
    if source:
        pay.hourly_max_yen = texts.of(source).hourly_max_yen
        if pay.unit_price_source is None:
            pay.unit_price_source = source


def _budget(pay: Pay, row: Mapping[str, Any], texts: _Texts) -> None:
    budget_min, budget_max = _positive(row.get("budget_min_yen")), _positive(row.get("budget_max_yen"))
    if budget_min or budget_max:
        pay.budget_min_yen, pay.budget_max_yen, pay.budget_source = _whole(budget_min), _whole(budget_max), "structured"
    elif pay.pay_type in (None, "fixed", "competition"):
        pay.budget_max_yen, pay.budget_source = texts.first("amount_max_yen")
        if pay.budget_max_yen:
            pay.budget_min_yen = texts.of(pay.budget_source).amount_min_yen


# --- net amounts ----------------------------------------------------------------------------------------------
def _fee_type(pay: Pay) -> str | None:
    return "task" if pay.pay_type == "task" else None


def _net_amounts(pay: Pay, settings: ScoringSettings) -> None:
    fee_type, fees = _fee_type(pay), settings.fees
    if pay.unit_price_yen:
        pay.net_unit_yen = net_amount(pay.site, pay.unit_price_yen, fee_type, fees)
    if pay.budget_min_yen:
        pay.net_budget_min_yen = net_amount(pay.site, pay.budget_min_yen, fee_type, fees)
    if pay.budget_max_yen:
        pay.net_budget_max_yen = net_amount(pay.site, pay.budget_max_yen, fee_type, fees)


# --- net hourly, by basis ------------------------------------------------------------------------------------
def _net_hourly(pay: Pay, row: Mapping[str, Any], texts: _Texts, settings: ScoringSettings) -> None:
    for basis in (_stated, _site_estimate, _task_minutes, _writing_speed, _one_sitting, _by_volume):
        if basis(pay, row, texts, settings):
            return


def _stated(pay: Pay, row: Mapping[str, Any], texts: _Texts, settings: ScoringSettings) -> bool:
    """A stated hourly wage is the strongest basis: no discount, its lower end."""
    if not pay.hourly_min_yen:
        return False
    pay.hourly_basis = HourlyBasis.STATED.value
    pay.net_hourly_yen = net_value(pay.site, pay.hourly_min_yen, _fee_type(pay), settings.fees)
    if pay.hourly_max_yen and pay.hourly_max_yen > pay.hourly_min_yen:
        pay.net_hourly_max_yen = net_value(pay.site, pay.hourly_max_yen, _fee_type(pay), settings.fees)
    return True


def _effort(pay: Pay, claimed: float | None, who: str | None, texts: _Texts, settings: ScoringSettings,
            cap: bool = False) -> Effort:
    volume = effort_model.volume_minutes(pay.kind, pay.volume_chars, pay.volume_words, settings.writing_speed)
    screened = pay.kind == "survey" and effort_model.screens_respondents(texts.folded)
    return effort_model.credible(claimed, who, kind=pay.kind, cap=cap, volume=volume, screened=screened)


def _per_credible_hour(pay: Pay, amount: float, found: Effort, settings: ScoringSettings) -> float:
    pay.effort, pay.minutes, pay.screened = found, found.minutes, found.screened
    return net_value(pay.site, amount, _fee_type(pay), settings.fees) * 60 / found.minutes


def _site_estimate(pay: Pay, row: Mapping[str, Any], texts: _Texts, settings: ScoringSettings) -> bool:
    """Shufti's 想定時給 comes from the client's own time estimate: read as minutes per unit, discounted."""
    site_hourly = _positive(row.get("site_hourly_yen"))
    if not site_hourly:
        return False
    pay.hourly_basis = HourlyBasis.SITE_ESTIMATE.value
    site_minutes = _positive(row.get("unit_minutes"))
    if pay.unit_price_yen and not site_minutes:  # 500円 at 3,000円/h: 10 minutes a unit
        site_minutes = round(pay.unit_price_yen * 60 / site_hourly, 2)
    if pay.unit_price_yen and site_minutes:
        found = _effort(pay, site_minutes, "site", texts, settings)
        pay.minutes_source = "structured"
        pay.net_hourly_yen = _per_credible_hour(pay, pay.unit_price_yen, found, settings)
    else:  # no unit to stretch: only the claim factor applies
        pay.net_hourly_yen = net_value(pay.site, site_hourly, _fee_type(pay), settings.fees) \
            / effort_model.CLAIM_FACTOR
    return True


def _task_minutes(pay: Pay, row: Mapping[str, Any], texts: _Texts, settings: ScoringSettings) -> bool:
    site_minutes = _positive(row.get("unit_minutes"))
    text_minutes, text_source = texts.first("minutes")
    if not (pay.unit_price_yen and (site_minutes or text_minutes)):
        return False
    # The client's own words about the time win when they say it takes longer than the site's estimate.
    if text_minutes and (not site_minutes or text_minutes > site_minutes):
        claimed, pay.minutes_source, who = text_minutes, text_source, "client"
        cap = texts.of(text_source).minutes_cap
    else:
        claimed, pay.minutes_source, who, cap = site_minutes, "structured", "site", False
    found = _effort(pay, claimed, who, texts, settings, cap=cap)
    pay.hourly_basis = HourlyBasis.TASK_MINUTES.value
    pay.net_hourly_yen = _per_credible_hour(pay, pay.unit_price_yen, found, settings)
    return True


def _writing_speed(pay: Pay, row: Mapping[str, Any], texts: _Texts, settings: ScoringSettings) -> bool:
    if not pay.yen_per_char:
        return False
    pay.hourly_basis = HourlyBasis.WRITING_SPEED.value
    pay.net_hourly_yen = net_value(pay.site, pay.yen_per_char * settings.writing_speed, _fee_type(pay), settings.fees)
    return True


def _one_sitting(pay: Pay, row: Mapping[str, Any], texts: _Texts, settings: ScoringSettings) -> bool:
    """「報酬3,000円・オンラインで最大60分」: one small amount for one sitting of stated length."""
    text_minutes, source = texts.first("minutes")
    if not (text_minutes and pay.budget_max_yen and pay.budget_max_yen <= ONE_SITTING_MAX_YEN):
        return False
    found = _effort(pay, text_minutes, "client", texts, settings, cap=texts.of(source).minutes_cap)
    pay.minutes_source = source
    pay.hourly_basis = HourlyBasis.TASK_MINUTES.value
    pay.net_hourly_yen = _per_credible_hour(pay, pay.budget_max_yen, found, settings)
    return True


def _by_volume(pay: Pay, row: Mapping[str, Any], texts: _Texts, settings: ScoringSettings) -> bool:
    """No time stated, but a volume: 3,000 words of translation for a unit price or a fixed price."""
    minutes = effort_model.volume_minutes(pay.kind, None, pay.volume_words, settings.writing_speed)
    amount = pay.unit_price_yen or pay.budget_min_yen or pay.budget_max_yen  # a beginner is offered the bottom
    if not (minutes and amount):
        return False
    pay.minutes_source = "volume"
    pay.hourly_basis = HourlyBasis.TASK_MINUTES.value
    pay.net_hourly_yen = _per_credible_hour(pay, amount, _effort(pay, None, None, texts, settings), settings)
    return True


# --- contests and fixed projects ------------------------------------------------------------------------------
def _contests_and_fixed(pay: Pay, row: Mapping[str, Any], settings: ScoringSettings) -> None:
    if pay.pay_type == "competition":
        prize = pay.net_budget_max_yen or pay.net_budget_min_yen
        entries = _positive(row.get("applicants"))
        pay.entries = int(entries) if entries else 0 if row.get("applicants") == 0 else None
        if prize:
            pay.expected_value_yen = round(prize / ((pay.entries or 0) + 1))
    if pay.net_hourly_yen is not None:
        return
    per_contract = pay.expected_value_yen or pay.net_unit_yen or pay.net_budget_min_yen or pay.net_budget_max_yen
    if per_contract:
        pay.break_even_hours = round(per_contract / settings.benchmark_yen, 2)
        # The least a unit of this kind of work takes bounds what it can pay per hour.
        volume = effort_model.volume_minutes(pay.kind, pay.volume_chars, pay.volume_words, settings.writing_speed)
        pay.floor_minutes = effort_model.floor_minutes(pay.kind, volume)
        pay.best_hourly_yen = round(per_contract * 60 / pay.floor_minutes, 1)
