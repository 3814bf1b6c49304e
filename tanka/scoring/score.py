"""The score (0–100) and the reasons behind it. Every weight and threshold lives in this file.

score = Σ WEIGHTS[part] × part(listing)  (each part 0–1, weights add up to 100)
        − PENALTIES[flag] for every risk flag − RESTRICTED_PENALTY for a gig open to a group only,
        then CAPS.
Parts: net pay against the benchmark wage, volume (what one worker can earn from it toward the
monthly goal), client trust, competition, beginner fit, freshness. Unknown is neutral (0.5), never
bad: a client with no record yet is not a bad client. docs/SCORING.md explains each part with
these numbers. Reasons are codes with values (scoring.reasons), stored as such and rendered when shown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise
from typing import Any

from tanka.normalize.dates import parse_instant
from tanka.scoring import effort as effort_model
from tanka.scoring.eligibility import Restriction
from tanka.scoring.hourly import Pay
from tanka.scoring.reasons import Reason, encode, reason, within
from tanka.scoring.risk import FLAG_ORDER
from tanka.scoring.settings import ScoringSettings
from tanka.scoring.textmatch import Gated
from tanka.scoring.volume import Volume

WEIGHTS: dict[str, float] = {"pay": 40, "volume": 15, "trust": 15, "competition": 12, "beginner": 10,
                             "freshness": 8}
# Points taken off per risk flag. Scam signals cost enough to sink any listing below a clean one.
PENALTIES: dict[str, float] = {
    "off_platform_contact": 40, "upfront_payment": 50, "work_before_escrow": 35, "pay_in_experience": 30,
    "mlm": 50, "signup_harvest": 35, "off_platform_payment": 40, "unreliable_client": 15, "survey_as_project": 30,
    "income_promise": 15, "reviews_or_likes": 8, "below_market": 10, "unclear_unit_pay": 10, "pay_not_stated": 5,
    "external_tool": 3, "contest_gamble": 5, "not_a_gig": 0,
}
CAPS: dict[str, float] = {"not_a_gig": 10}  # an agency ad is not a gig: never above this
# Flags that earn a gig the digest left out a line under "Watch out": scam signals and a client who
# does not finish its orders (milder ones — below-market pay, unclear unit pay — stay in its reasons).
WATCH_OUT_MIN_PENALTY = 15
# A gig open only to a group the user has not said they belong to (profile `eligible`).
RESTRICTED_PENALTY = 15
NEUTRAL = 0.5
ESTIMATE_NOTE = "estimate_note"  # the code of the note "≈ fee not confirmed by the site"

# Net hourly ÷ benchmark → pay part, linear between the points.
PAY_CURVE: tuple[tuple[float, float], ...] = ((0, 0), (0.25, 0.1), (0.5, 0.3), (1.0, 0.65), (1.5, 0.85), (2.5, 1.0))
PAY_FIXED_UNKNOWN_HOURS = 0.45  # a fixed price with no hours: cannot judge, a little below "fair"
PAY_NOT_STATED = 0.2  # 「ワーカーと相談」: unclear terms, but not 0円
# A contest's expected value counts the entries so far, and more will come: on pay alone a contest
# never ranks above a fixed price whose hours are unknown.
PAY_CONTEST_MAX = PAY_FIXED_UNKNOWN_HOURS
# Benchmark multiples that name a band (../shared/docs/DOMAIN.md §4).
BANDS: tuple[tuple[float, str], ...] = ((1.5, "highlight"), (1.0, "green"), (0.5, "amber"), (0.0, "red"))

# Earnable net yen ÷ the monthly goal → volume part: a one-off 50円 task adds nothing toward ¥100,000.
VOLUME_CURVE: tuple[tuple[float, float], ...] = ((0, 0), (0.005, 0.1), (0.03, 0.35), (0.1, 0.6), (0.3, 0.85), (1.0, 1.0))

TRUST = {
    "rating": ((4.8, 0.2), (4.5, 0.12), (4.0, 0.05), (3.5, -0.05), (0.0, -0.2)),  # (at least, change)
    "orders": ((50, 0.15), (10, 0.08), (2, 0.02), (0, -0.03)),
    "completion": ((90, 0.1), (70, 0.0), (50, -0.1), (0, -0.2)),
    "verified": 0.1, "unverified": -0.05,
}
# A client who completed under this % of at least this many orders is a risk (flag unreliable_client),
# and its trust part is held at most at UNRELIABLE_TRUST_MAX however many orders it has.
UNRELIABLE_COMPLETION_BELOW, UNRELIABLE_MIN_ORDERS, UNRELIABLE_TRUST_MAX = 50, 10, 0.2
# Far below the market: 文字単価 under this (guides tell beginners to skip anything under 0.5円/字) …
BELOW_MARKET_YEN_PER_CHAR = 0.2
# … or a time-based net hourly under this share of the benchmark (≈ ¥280/h at ¥1,121).
BELOW_MARKET_SHARE = 0.25

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
                "経験不問", "スキル不要", "資格不要", "誰でもOK", "どなたでも",
                # 「初めての方でもカンタンに作業出来る」「実務経験がなくても大丈夫！」「特別な専門知識は不要です」
                r"初めての方(?:でも|も)?\s*(?:大?歓迎|OK|安心|大丈夫|カンタン|簡単|でき|出来)",
                r"(?:実務)?経験(?:が)?(?:なくても|無くても|なしでも|のない方でも|がない方でも)",
                r"(?:専門知識|専門的な知識|特別なスキル|特別な経験|特別な知識)(?:は|も)?(?:一切)?(?:不要|いりません|必要ありません)",
                # who it is for: people without a professional background (ママさん歓迎, 主婦の方大歓迎)
                r"(?:主婦|主夫|ママ|パパ|学生|シニア)(?:さん|の方|様)?(?:も)?\s*大?歓迎"],
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
    reasons: list[str]  # listings.score_reasons: each reason encoded (scoring.reasons.encode)
    beginner_ok: bool
    pay_band: str | None
    flags: list[str] = field(default_factory=list)  # every risk flag, the text's and the scoring's own
    codes: list[Reason] = field(default_factory=list)  # the same reasons, language-neutral
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


__all__ = ["ESTIMATE_NOTE", "Verdict", "judge", "within", "yen"]


def _step(table: Sequence[tuple[float, float]], value: float) -> float:
    return next((change for floor, change in table if value >= floor), 0.0)


def pay_band(pay: Pay, settings: ScoringSettings) -> str | None:
    if pay.net_hourly_yen is None:
        return None
    ratio = pay.net_hourly_yen / settings.benchmark_yen
    return next(name for floor, name in BANDS if ratio >= floor)


# --- pay ------------------------------------------------------------------------------------------------
def pay_part(pay: Pay, settings: ScoringSettings) -> tuple[float, Reason]:
    """(part, reason) for the net pay."""
    bench = settings.benchmark_yen
    approx = "≈" if pay.net_is_estimate else None
    if pay.net_hourly_yen is not None:
        band = {"red": reason("pay.band.red"), "amber": reason("pay.band.amber")}.get(pay_band(pay, settings) or "")
        return curve(PAY_CURVE, pay.net_hourly_yen / bench), reason(
            "pay.hourly", approx=approx, net=pay.net_hourly_yen, basis=basis_reason(pay, settings), band=band)
    if pay.expected_value_yen is not None:
        ratio = pay.expected_value_yen / settings.contest_hours / bench
        return (min(curve(PAY_CURVE, ratio), PAY_CONTEST_MAX),
                reason("pay.contest", approx=approx, value=pay.expected_value_yen, entries=pay.entries or 0))
    amount = pay.net_unit_yen or pay.net_budget_min_yen or pay.net_budget_max_yen
    if amount and pay.break_even_hours is not None:
        what = reason("pay.per_unit", unit=pay.unit) if pay.net_unit_yen else reason("pay.fixed_price")
        up_to = reason("pay.up_to") if not pay.net_unit_yen and not pay.net_budget_min_yen else None
        best = pay.best_hourly_yen
        if best is not None and best < bench:
            # Even done at the least time such work takes, it pays under the benchmark.
            return min(curve(PAY_CURVE, best / bench), PAY_FIXED_UNKNOWN_HOURS), reason(
                "pay.fixed.at_most", up_to=up_to, approx=approx, amount=amount, what=what, best=best,
                minutes=pay.floor_minutes, kind=pay.kind or "other")
        return PAY_FIXED_UNKNOWN_HOURS, reason("pay.fixed", up_to=up_to, approx=approx, amount=amount, what=what,
                                               hours=pay.break_even_hours)
    return PAY_NOT_STATED, reason("pay.not_stated")


def basis_reason(pay: Pay, settings: ScoringSettings) -> Reason | str:
    if pay.hourly_basis == "stated":
        gross = f"{pay.hourly_min_yen:,}" + (f"–{pay.hourly_max_yen:,}" if pay.hourly_max_yen and
                                              pay.hourly_max_yen > (pay.hourly_min_yen or 0) else "")
        where = None if pay.unit_price_source in (None, "structured") else \
            reason("basis.stated.where", source=pay.unit_price_source)
        return reason("basis.stated", gross=gross, where=where)
    if pay.hourly_basis == "site_estimate":
        if pay.effort is None or pay.effort.claimed is None:
            return reason("basis.site_estimate.plain")
        return reason("basis.site_estimate", claimed=pay.effort.claimed, minutes=pay.minutes)
    if pay.hourly_basis == "writing_speed":
        return reason("basis.writing_speed", rate=pay.yen_per_char, speed=settings.writing_speed)
    if pay.hourly_basis == "task_minutes":
        return _time_basis(pay, settings)
    return pay.hourly_basis


def _time_basis(pay: Pay, settings: ScoringSettings) -> Reason:
    price = pay.unit_price_yen or pay.budget_max_yen
    unit = pay.unit or "件"
    found = pay.effort
    if found is None or found.claimed is None:
        volume = reason("volume.words", words=pay.volume_words, speed=effort_model.TRANSLATION_WORDS_PER_HOUR) \
            if pay.volume_words else None
        return reason("basis.volume", price=price, volume=volume, minutes=pay.minutes)
    if found.cap:
        return reason("basis.capped", price=price, claimed=found.claimed, minutes=pay.minutes)
    who = reason("claim.site") if found.who == "site" else reason("claim.client")
    return reason("basis.claimed", price=price, unit=unit, who=who, claimed=found.claimed, minutes=pay.minutes)


def time_notes(pay: Pay, settings: ScoringSettings) -> list[Reason]:
    """When the hourly figure rests on someone's time estimate: whose, and what tanka made of it."""
    model = effort_model
    found = pay.effort
    if found is None or found.claimed is None:
        return []
    who = reason("owner.site") if found.who == "site" else reason("owner.client")
    notes = []
    volume = model.volume_minutes(pay.kind, pay.volume_chars, pay.volume_words, settings.writing_speed)
    if volume and found.floor and found.floor >= volume:
        described = reason("volume.words", words=pay.volume_words, speed=model.TRANSLATION_WORDS_PER_HOUR) \
            if pay.kind == "translation" and pay.volume_words else \
            reason("volume.chars", chars=pay.volume_chars, speed=settings.writing_speed)
        notes.append(reason("time.note.volume", who=who, volume=described, minutes=round(volume)))
    else:
        notes.append(reason("time.note.overhead", who=who, overhead=model.OVERHEAD_MINUTES,
                            floor=model.floor_minutes(pay.kind), kind=pay.kind or "other"))
    if found.screened:
        notes.append(reason("time.note.screening", share=round(model.SCREENED_OUT_SHARE * 100)))
    return notes


# --- volume -----------------------------------------------------------------------------------------------
def volume_part(volume: Volume, settings: ScoringSettings) -> tuple[float, Reason | None]:
    if volume.filled:
        return 0.0, volume.filled_reason
    if volume.earnable_net_yen is None:
        return NEUTRAL, None
    return curve(VOLUME_CURVE, volume.earnable_net_yen / settings.monthly_goal_yen), volume.reason


# --- the client -------------------------------------------------------------------------------------------
def number(value: Any, high: float = 1e9) -> float | None:
    """A finite number from 0 to `high`, else None: bad input is unknown, and unknown is neutral."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if 0 <= value <= high else None  # nan fails both comparisons


def _count(value: Any) -> int | None:
    found = number(value)
    return None if found is None else int(found)


def unreliable_client(row: Mapping[str, Any]) -> bool:
    """Completed under half of 10 or more orders (0% included). Unknown is not unreliable."""
    completion, orders = number(row.get("client_completion_rate"), 100), _count(row.get("client_orders"))
    return completion is not None and orders is not None and orders >= UNRELIABLE_MIN_ORDERS \
        and completion < UNRELIABLE_COMPLETION_BELOW


def trust_part(row: Mapping[str, Any]) -> tuple[float, Reason | None]:
    part, notes = NEUTRAL, []
    rating, orders = number(row.get("client_rating"), 5), _count(row.get("client_orders"))
    completion, verified = number(row.get("client_completion_rate"), 100), row.get("client_verified")
    if rating is not None:
        part += _step(TRUST["rating"], rating)
        notes.append(reason("client.rating", rating=rating))
    if orders is not None:
        part += _step(TRUST["orders"], orders)
        notes.append(reason("client.orders", orders=orders))
    if completion is not None and (orders or 0) > 0:
        part += _step(TRUST["completion"], completion)
        notes.append(reason("client.completion", rate=completion))
    if verified is True:
        part += TRUST["verified"]
        notes.append(reason("client.verified"))
    elif verified is False:
        part += TRUST["unverified"]
        notes.append(reason("client.unverified"))
    if unreliable_client(row):
        part = min(part, UNRELIABLE_TRUST_MAX)
    return min(max(part, 0.0), 1.0), reason("client", notes=notes) if notes else None


# --- competition ------------------------------------------------------------------------------------------
def competition_part(row: Mapping[str, Any], pay: Pay) -> tuple[float, Reason | None]:
    applicants, slots, contracts = _count(row.get("applicants")), _count(row.get("slots")), _count(row.get("contracts")) or 0
    if pay.pay_type == "competition":
        entries = pay.entries or 0
        return curve(CONTEST_CURVE, entries), None  # the pay reason names the entries
    if pay.pay_type == "task":
        if isinstance(slots, int) and isinstance(applicants, int):
            left = slots - applicants
            if left <= 0:
                return TASKS_DONE, reason("competition.tasks_done")
            return TASKS_LEFT, reason("competition.tasks_left", left=left, slots=slots)
        return TASKS_LEFT, None
    if isinstance(slots, int) and slots > 0:
        open_slots = slots - contracts
        if open_slots <= 0:
            return SLOTS_FILLED, reason("competition.slots_filled", slots=slots)
        if isinstance(applicants, int):
            part = curve(COMPETITION_CURVE, applicants / open_slots)
            return part, reason("competition.per_slot", applicants=applicants, open=open_slots)
    if isinstance(applicants, int):
        return curve(COMPETITION_CURVE, applicants), reason("competition.applicants", applicants=applicants)
    return NEUTRAL, None


# --- beginners --------------------------------------------------------------------------------------------
_BEGINNER_REASONS = {"welcome": "beginner.word", "manual": "beginner.word", "easy": "beginner.word",
                     "experienced_only": "beginner.experienced_only", "experience_preferred": "beginner.word",
                     "rank_required": "beginner.rank_required", "identity_required": "beginner.identity_required",
                     "nda_required": "beginner.word"}


@dataclass(frozen=True)
class BeginnerFit:
    part: float
    reasons: list[Reason]
    ok: bool
    why_not: Reason | None  # why the gig is not for beginners (None when it is)


def beginner_part(text: str, pay: Pay, restrictions: Sequence[Restriction], flags: Sequence[str]) -> BeginnerFit:
    """Beginner fit. `text` is NFKC title + description + tags; `restrictions` the gig's conditions."""
    part, reasons = NEUTRAL, []
    hits = {name: pattern.search(text) for name, pattern in _BEGINNER_RE.items()}
    for name, match in hits.items():
        if match and not (name == "easy" and hits["welcome"]):
            part += BEGINNER[name]
            if name != "easy":
                reasons.append(reason(_BEGINNER_REASONS[name], word=match.group(0)))
    needs = next((r for r in restrictions if not r.for_beginners), None)
    if needs is not None and not hits["experienced_only"]:
        part += BEGINNER["experienced_only"]
    if pay.pay_type == "task":
        part += BEGINNER["task_format"]
        reasons.append(reason("beginner.task_format"))
    why_not = _why_not_for_beginners(hits, needs, pay, flags)
    return BeginnerFit(min(max(part, 0.0), 1.0), reasons, why_not is None, why_not)


def _why_not_for_beginners(hits: Mapping[str, Any], needs: Restriction | None, pay: Pay,
                           flags: Sequence[str]) -> Reason | None:
    if "not_a_gig" in flags:
        return reason("why.not_a_gig")
    if needs is not None:
        code = "why.qualification" if needs.kind == "qualification" else "why.experience"
        return reason(code, condition=needs.condition)
    if hits["experienced_only"]:
        return reason("why.experienced_words", word=hits["experienced_only"].group(0))
    if hits["rank_required"]:
        return reason("why.rank", word=hits["rank_required"].group(0))
    if any(PENALTIES.get(flag, 0) >= 30 for flag in flags):
        return reason("why.warning")
    if not (hits["welcome"] or pay.pay_type == "task"):
        return reason("why.no_welcome")
    return None


# --- freshness --------------------------------------------------------------------------------------------
def freshness_part(row: Mapping[str, Any], now: datetime | None) -> tuple[float, Reason | None]:
    if now is None:
        return AGE_UNKNOWN, None
    posted, deadline = parse_instant(row.get("posted_at")), parse_instant(row.get("deadline"))
    part, why = AGE_UNKNOWN, None
    if posted is not None:
        days = max((now - posted).total_seconds() / 86400, 0.0)
        part = curve(AGE_CURVE, days)
        why = reason("fresh.today") if days < 1 else reason("fresh.days", days=round(days))
    if deadline is not None:
        hours = (deadline - now).total_seconds() / 3600
        if hours < 0:
            return 0.0, reason("fresh.deadline_passed")
        if hours < CLOSING_SOON_HOURS:
            return part / 2, reason("fresh.closes_in", hours=max(hours, 0.1))
    return part, why


# --- flags the scoring itself raises -------------------------------------------------------------------------
def scoring_flags(row: Mapping[str, Any], pay: Pay, settings: ScoringSettings) -> list[str]:
    """unreliable_client (completion) and below_market (a small fraction of the market rate)."""
    flags = []
    if unreliable_client(row):
        flags.append("unreliable_client")
    if pay.hourly_basis == "writing_speed":
        low = pay.yen_per_char is not None and pay.yen_per_char < BELOW_MARKET_YEN_PER_CHAR
    else:
        hourly = pay.net_hourly_yen if pay.net_hourly_yen is not None else pay.best_hourly_yen
        low = hourly is not None and pay.pay_type != "competition" \
            and hourly < BELOW_MARKET_SHARE * settings.benchmark_yen
    if low:
        flags.append("below_market")
    return flags


def _warning(flag: str, row: Mapping[str, Any], pay: Pay) -> Reason:
    if flag == "unreliable_client":
        return reason("warning.unreliable_client", rate=number(row.get("client_completion_rate"), 100),
                      orders=_count(row.get("client_orders")))
    if flag == "below_market" and pay.hourly_basis == "writing_speed":
        return reason("warning.below_market_chars", rate=pay.yen_per_char)
    if flag == "below_market":
        hourly = pay.net_hourly_yen if pay.net_hourly_yen is not None else pay.best_hourly_yen
        return reason("warning.below_market_hourly", net=hourly)
    return reason("warning", flag=reason(f"flag.{flag}"))


# --- the verdict ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Listing:
    """What judge() needs beyond the row: pay, volume, text flags and the gig's conditions."""

    pay: Pay
    volume: Volume
    flags: list[str]
    text: str  # NFKC title + description + tags
    restrictions: list[Restriction]  # every condition on who may take it
    unmet: list[Restriction]  # … of which the user has not said they meet


def judge(row: Mapping[str, Any], listing: Listing, settings: ScoringSettings, now: datetime | None) -> Verdict:
    pay = listing.pay
    flags = sorted(dict.fromkeys([*listing.flags, *scoring_flags(row, pay, settings)]), key=FLAG_ORDER.index)
    pay_value, pay_reason = pay_part(pay, settings)
    volume_value, volume_reason = volume_part(listing.volume, settings)
    trust_value, trust_reason = trust_part(row)
    competition_value, competition_reason = competition_part(row, pay)
    fit = beginner_part(listing.text, pay, listing.restrictions, flags)
    fresh_value, fresh_reason = freshness_part(row, now)
    parts = {"pay": pay_value, "volume": volume_value, "trust": trust_value, "competition": competition_value,
             "beginner": fit.part, "freshness": fresh_value}
    total = sum(WEIGHTS[name] * value for name, value in parts.items())
    total -= sum(PENALTIES.get(flag, 0) for flag in flags)
    if listing.unmet:
        total -= RESTRICTED_PENALTY
    for flag in flags:
        if flag in CAPS:
            total = min(total, CAPS[flag])
    codes = [_warning(flag, row, pay) for flag in flags if flag != "contest_gamble"]
    codes.append(pay_reason)
    if listing.unmet:
        codes.append(reason("restricted", conditions=[r.condition for r in listing.unmet]))
    elif listing.restrictions:
        codes.append(reason("restricted.met", conditions=[r.condition for r in listing.restrictions]))
    # A requirement or a warning is said at once; a gig that merely does not welcome beginners, last.
    not_for_beginners = reason("beginner.not_ok", why=fit.why_not) if fit.why_not is not None else None
    if not_for_beginners is not None and fit.why_not.code != "why.no_welcome":
        codes.append(not_for_beginners)
    codes += time_notes(pay, settings)
    codes += [r for r in (volume_reason, trust_reason, competition_reason) if r]
    codes += fit.reasons
    if not_for_beginners is not None and fit.why_not.code == "why.no_welcome":
        codes.append(not_for_beginners)
    if fresh_reason:
        codes.append(fresh_reason)
    if pay.net_is_estimate:
        codes.append(reason("estimate_note"))
    return Verdict(score=round(min(max(total, 0.0), 100.0), 1), reasons=[encode(c) for c in codes],
                   beginner_ok=fit.ok, pay_band=pay_band(pay, settings), flags=flags, codes=codes, parts=parts)
