"""The score (0–100) and the reasons behind it. Every weight and threshold lives in this file.

score = Σ WEIGHTS[part] × part(listing)  (each part 0–1, weights add up to 100)
        − PENALTIES[flag] for every risk flag, then CAPS.
Parts: net pay against the benchmark wage, client trust, competition, beginner fit, freshness.
Unknown is neutral (0.5), never bad: a client with no record yet is not a bad client.
docs/SCORING.md explains each part with these numbers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise
from typing import Any

from tanka.normalize.dates import parse_instant
from tanka.scoring.hourly import Pay
from tanka.scoring.risk import LABELS
from tanka.scoring.settings import ScoringSettings
from tanka.scoring.textmatch import Gated

WEIGHTS: dict[str, float] = {"pay": 45, "trust": 20, "competition": 15, "beginner": 12, "freshness": 8}
# Points taken off per risk flag. Scam signals cost enough to sink any listing below a clean one.
PENALTIES: dict[str, float] = {
    "off_platform_contact": 40, "upfront_payment": 50, "work_before_escrow": 35, "pay_in_experience": 30,
    "mlm": 50, "signup_harvest": 35, "off_platform_payment": 40, "survey_as_project": 30,
    "income_promise": 15, "reviews_or_likes": 8, "unclear_unit_pay": 10, "pay_not_stated": 5,
    "external_tool": 3, "contest_gamble": 5, "not_a_gig": 0,
}
CAPS: dict[str, float] = {"not_a_gig": 10}  # an agency ad is not a gig: never above this
NEUTRAL = 0.5
ESTIMATE_NOTE = "≈ fee not confirmed by the site: net is an estimate"

# Net hourly ÷ benchmark → pay part, linear between the points.
PAY_CURVE: tuple[tuple[float, float], ...] = ((0, 0), (0.25, 0.1), (0.5, 0.3), (1.0, 0.65), (1.5, 0.85), (2.5, 1.0))
PAY_FIXED_UNKNOWN_HOURS = 0.45  # a fixed price with no hours: cannot judge, a little below "fair"
PAY_NOT_STATED = 0.2  # 「ワーカーと相談」: unclear terms, but not 0円
# A contest's expected value counts the entries so far, and more will come: on pay alone a contest
# never ranks above a fixed price whose hours are unknown.
PAY_CONTEST_MAX = PAY_FIXED_UNKNOWN_HOURS
# Benchmark multiples that name a band (../shared/docs/DOMAIN.md §4).
BANDS: tuple[tuple[float, str], ...] = ((1.5, "highlight"), (1.0, "green"), (0.5, "amber"), (0.0, "red"))

TRUST = {
    "rating": ((4.8, 0.2), (4.5, 0.12), (4.0, 0.05), (3.5, -0.05), (0.0, -0.2)),  # (at least, change)
    "orders": ((50, 0.15), (10, 0.08), (2, 0.02), (0, -0.03)),
    "completion": ((90, 0.1), (70, 0.0), (50, -0.1), (0, -0.2)),
    "verified": 0.1, "unverified": -0.05,
}
# Applicants per open slot → competition part.
COMPETITION_CURVE: tuple[tuple[float, float], ...] = ((0, 1.0), (1, 0.95), (3, 0.7), (10, 0.35), (30, 0.1), (100, 0.02))
SLOTS_FILLED = 0.15
TASKS_LEFT = 0.85
TASKS_DONE = 0.05
# Contest entries → competition part (each entry is a rival).
CONTEST_CURVE: tuple[tuple[float, float], ...] = ((0, 0.8), (5, 0.5), (20, 0.25), (100, 0.05), (300, 0.0))

BEGINNER = {"welcome": 0.25, "manual": 0.1, "task_format": 0.1, "easy": 0.05,
            "experienced_only": -0.4, "experience_preferred": -0.1, "rank_required": -0.2,
            "identity_required": -0.08, "nda_required": -0.03}
BEGINNER_WORDS: dict[str, list[str]] = {
    "welcome": [r"初心者(?:さん|の方|様)?(?:大?歓迎|OK|ok|可|向け)", r"未経験(?:者|の方)?(?:さん)?(?:大?歓迎|OK|ok|可|から)",
                "経験不問", "スキル不要", "資格不要", "誰でもOK", "どなたでも"],
    "manual": [r"マニュアル(?:あり|有|完備|付き|をお渡し|をご用意)", "研修あり", "サポート完備",
               r"丁寧に(?:サポート|指導|お教え)"],
    "easy": ["簡単", "カンタン", "かんたん"],
    "experienced_only": [r"経験者(?:限定|のみ|求む|募集)", r"経験\d+年以上", r"実務経験(?:必須|がある方のみ)", "即戦力",
                         "上級者", r"プロ(?:限定|の方のみ)", r"現職.{0,8}限定"],
    "experience_preferred": [r"経験者(?:優遇|歓迎)"],
    "rank_required": [r"(?:レギュラー|シルバー|ゴールド|プラチナ)ランク以上", r"認定ランサー(?:限定|のみ)"],
    "identity_required": [r"本人確認(?:が)?(?:必要|必須|済みの方)"],
    "nda_required": ["秘密保持確認が必要", "ランサーズチェックが必要"],
}
_BEGINNER_RE = {name: Gated(patterns) for name, patterns in BEGINNER_WORDS.items()}
# Freshness: age in days → part; a deadline this close halves it.
AGE_CURVE: tuple[tuple[float, float], ...] = ((0, 1.0), (1, 1.0), (3, 0.8), (7, 0.55), (14, 0.35), (30, 0.15), (60, 0.05))
AGE_UNKNOWN = 0.6
CLOSING_SOON_HOURS = 6


@dataclass
class Verdict:
    score: float
    reasons: list[str]
    beginner_ok: bool
    pay_band: str | None
    parts: dict[str, float] = field(default_factory=dict)


def curve(points: Sequence[tuple[float, float]], x: float) -> float:
    """Piecewise-linear interpolation, flat beyond both ends."""
    if x <= points[0][0]:
        return points[0][1]
    for (x0, y0), (x1, y1) in pairwise(points):
        if x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return points[-1][1]


def yen(amount: float) -> str:
    return f"¥{round(amount):,}"


def within(hours: float) -> str:
    """"within 38.27 h", or in minutes under an hour: "within 1 min"."""
    return f"within {max(hours * 60, 1):.0f} min" if hours < 1 else f"within {hours:g} h"


def _step(table: Sequence[tuple[float, float]], value: float) -> float:
    return next((change for floor, change in table if value >= floor), 0.0)


def pay_band(pay: Pay, settings: ScoringSettings) -> str | None:
    if pay.net_hourly_yen is None:
        return None
    ratio = pay.net_hourly_yen / settings.benchmark_yen
    return next(name for floor, name in BANDS if ratio >= floor)


def pay_part(pay: Pay, settings: ScoringSettings) -> tuple[float, str]:
    """(part, reason) for the net pay."""
    bench = settings.benchmark_yen
    estimate = "≈" if pay.net_is_estimate else ""
    if pay.net_hourly_yen is not None:
        ratio = pay.net_hourly_yen / bench
        band = {"red": " — under half the minimum wage", "amber": " — practice-level pay"}.get(
            pay_band(pay, settings) or "", "")
        return curve(PAY_CURVE, ratio), f"{estimate}{yen(pay.net_hourly_yen)}/h net ({_basis_note(pay, settings)}){band}"
    if pay.expected_value_yen is not None:
        ratio = pay.expected_value_yen / settings.contest_hours / bench
        return (min(curve(PAY_CURVE, ratio), PAY_CONTEST_MAX),
                f"contest: expected {estimate}{yen(pay.expected_value_yen)} net per entry "
                f"({pay.entries or 0} entries so far) — you are paid only if you win")
    amount = pay.net_unit_yen or pay.net_budget_min_yen or pay.net_budget_max_yen
    if amount and pay.break_even_hours is not None:
        what = f"per {pay.unit}" if pay.net_unit_yen else "fixed"
        up_to = "up to " if not pay.net_unit_yen and not pay.net_budget_min_yen else ""
        return PAY_FIXED_UNKNOWN_HOURS, (f"{up_to}{estimate}{yen(amount)} net {what}: worth it if done "
                                         f"{within(pay.break_even_hours)}")
    return PAY_NOT_STATED, "pay not stated: ask before you apply"


def _basis_note(pay: Pay, settings: ScoringSettings) -> str:
    if pay.hourly_basis == "stated":
        gross = f"{pay.hourly_min_yen:,}" + (f"–{pay.hourly_max_yen:,}" if pay.hourly_max_yen and
                                              pay.hourly_max_yen > (pay.hourly_min_yen or 0) else "")
        where = "" if pay.unit_price_source in (None, "structured") else f", from the {pay.unit_price_source}"
        return f"時給 {gross}円{where}"
    if pay.hourly_basis == "site_estimate":
        return "the site's own estimate"
    if pay.hourly_basis == "writing_speed":
        return f"{pay.yen_per_char:g}円/字 at {settings.writing_speed:,.0f}字/h"
    if pay.hourly_basis == "task_minutes":
        unit = pay.unit_price_yen or pay.budget_max_yen
        note = f"{unit:,}円 per {pay.unit or '件'} in {pay.minutes:g} min"
        if pay.site_minutes:
            note += f"; the client says {pay.minutes:g} min, the site {pay.site_minutes:g}"
        elif pay.minutes_source in ("title", "description"):
            note += f", time from the {pay.minutes_source}"
        return note
    return pay.hourly_basis


def number(value: Any, high: float = 1e9) -> float | None:
    """A finite number from 0 to `high`, else None: bad input is unknown, and unknown is neutral."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if 0 <= value <= high else None  # nan fails both comparisons


def _count(value: Any) -> int | None:
    found = number(value)
    return None if found is None else int(found)


def trust_part(row: Mapping[str, Any]) -> tuple[float, str | None]:
    part, notes = NEUTRAL, []
    rating, orders = number(row.get("client_rating"), 5), _count(row.get("client_orders"))
    completion, verified = number(row.get("client_completion_rate"), 100), row.get("client_verified")
    if rating is not None:
        part += _step(TRUST["rating"], rating)
        notes.append(f"★{rating:.1f}")
    if orders is not None:
        part += _step(TRUST["orders"], orders)
        notes.append(f"{orders:,} order{'s' * (orders != 1)}")
    if completion is not None and (orders or 0) > 0:
        part += _step(TRUST["completion"], completion)
        notes.append(f"{completion:.0f}% completed")
    if verified is True:
        part += TRUST["verified"]
        notes.append("verified")
    elif verified is False:
        part += TRUST["unverified"]
        notes.append("not verified (本人確認)")
    reason = "client " + " · ".join(notes) if notes else None
    return min(max(part, 0.0), 1.0), reason


def competition_part(row: Mapping[str, Any], pay: Pay) -> tuple[float, str | None]:
    applicants, slots, contracts = _count(row.get("applicants")), _count(row.get("slots")), _count(row.get("contracts")) or 0
    if pay.pay_type == "competition":
        entries = pay.entries or 0
        return curve(CONTEST_CURVE, entries), None  # the pay reason names the entries
    if pay.pay_type == "task":
        if isinstance(slots, int) and isinstance(applicants, int):
            left = slots - applicants
            if left <= 0:
                return TASKS_DONE, "all tasks taken"
            return TASKS_LEFT, f"{left:,} of {slots:,} tasks left"
        return TASKS_LEFT, None
    if isinstance(slots, int) and slots > 0:
        open_slots = slots - contracts
        if open_slots <= 0:
            return SLOTS_FILLED, f"all {slots} slots filled"
        if isinstance(applicants, int):
            part = curve(COMPETITION_CURVE, applicants / open_slots)
            return part, f"{applicants:,} applicant{'s' * (applicants != 1)} for {open_slots:,} open slot{'s' * (open_slots != 1)}"
    if isinstance(applicants, int):
        return curve(COMPETITION_CURVE, applicants), f"{applicants:,} applicants"
    return NEUTRAL, None


def beginner_part(row: Mapping[str, Any], text: str, pay: Pay) -> tuple[float, list[str], bool]:
    """(part, reasons, beginner_ok). `text` is NFKC title + description + tags."""
    part, reasons = NEUTRAL, []
    hits = {name: pattern.search(text) for name, pattern in _BEGINNER_RE.items()}
    for name, match in hits.items():
        if match and not (name == "easy" and hits["welcome"]):
            part += BEGINNER[name]
            if name != "easy":
                reasons.append(_BEGINNER_REASONS[name].format(match.group(0)))
    if pay.pay_type == "task":
        part += BEGINNER["task_format"]
        reasons.append("task format: no application, start right away")
    ok = bool(hits["welcome"] or pay.pay_type == "task") and not hits["experienced_only"] and not hits["rank_required"]
    return min(max(part, 0.0), 1.0), reasons, ok


_BEGINNER_REASONS = {
    "welcome": "{}", "manual": "{}", "easy": "{}",
    "experienced_only": "for experienced workers ({})", "experience_preferred": "{}",
    "rank_required": "needs a rank ({})", "identity_required": "needs 本人確認 (ID check) first",
    "nda_required": "{}",
}


def freshness_part(row: Mapping[str, Any], now: datetime | None) -> tuple[float, str | None]:
    if now is None:
        return AGE_UNKNOWN, None
    posted, deadline = parse_instant(row.get("posted_at")), parse_instant(row.get("deadline"))
    part, reason = AGE_UNKNOWN, None
    if posted is not None:
        days = max((now - posted).total_seconds() / 86400, 0.0)
        part = curve(AGE_CURVE, days)
        reason = "posted today" if days < 1 else f"posted {days:.0f} day{'s' * (round(days) != 1)} ago"
    if deadline is not None:
        hours = (deadline - now).total_seconds() / 3600
        if hours < 0:
            return 0.0, "deadline passed"
        if hours < CLOSING_SOON_HOURS:
            return part / 2, f"closes in {max(hours, 0.1):.0f} h"
    return part, reason


def judge(row: Mapping[str, Any], pay: Pay, flags: list[str], text: str, settings: ScoringSettings,
          now: datetime | None) -> Verdict:
    pay_value, pay_reason = pay_part(pay, settings)
    trust_value, trust_reason = trust_part(row)
    competition_value, competition_reason = competition_part(row, pay)
    beginner_value, beginner_reasons, beginner_ok = beginner_part(row, text, pay)
    fresh_value, fresh_reason = freshness_part(row, now)
    parts = {"pay": pay_value, "trust": trust_value, "competition": competition_value,
             "beginner": beginner_value, "freshness": fresh_value}
    total = sum(WEIGHTS[name] * value for name, value in parts.items())
    total -= sum(PENALTIES.get(flag, 0) for flag in flags)
    for flag in flags:
        if flag in CAPS:
            total = min(total, CAPS[flag])
    severe = any(PENALTIES.get(flag, 0) >= 30 for flag in flags)
    reasons = [f"⚠ {LABELS.get(flag, flag)}" for flag in flags if flag != "contest_gamble"]
    reasons += [r for r in (pay_reason, trust_reason, competition_reason) if r]
    reasons += beginner_reasons
    if fresh_reason:
        reasons.append(fresh_reason)
    if pay.net_is_estimate:
        reasons.append(ESTIMATE_NOTE)
    return Verdict(score=round(min(max(total, 0.0), 100.0), 1), reasons=reasons,
                   beginner_ok=beginner_ok and not severe and "not_a_gig" not in flags,
                   pay_band=pay_band(pay, settings), parts=parts)
