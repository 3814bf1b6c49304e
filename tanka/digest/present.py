"""One listing row as the digest shows it: display strings only, every one safe to print.

The digest only reads what the store holds: net amounts, net hourly pay, bands, reasons and flags
come from the scoring (docs/DATA.md, "Derived"); a row not scored yet says so instead of guessing.
Titles and other listing text are third-party: they are flattened to one line here (no line break
survives, so no text line or mail header can be forged with one) and the HTML template escapes them.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from tanka.scoring.risk import LABELS as FLAG_LABELS
from tanka.scoring.score import PENALTIES, WATCH_OUT_MIN_PENALTY
from tanka.sites import is_site_url
from tanka.sites import label as site_label

PAY_GROUPS = {  # pay_type → section title; this order breaks ties between sections
    "hourly": "Hourly work",
    "task": "Tasks (paid per item)",
    "writing": "Writing (paid per article)",
    "fixed": "Fixed-price projects",
    "competition": "Contests",
    None: "Other",
}
BASIS_LABELS = {
    "stated": "from the stated hourly wage",
    "site_estimate": "from the site's own hourly estimate",
    "task_minutes": "from the site's minutes per task",
    "writing_speed": "assuming you write {speed:,} characters an hour",
}
KIND_LABELS = {
    "writing": "writing", "data_entry": "data entry", "survey": "survey", "design": "design",
    "development": "development", "translation": "translation", "video": "video", "admin": "admin",
    "marketing": "marketing", "photo": "photo", "other": "other",
}
BANDS = ((1.5, "highlight"), (1.0, "green"), (0.5, "amber"), (0.0, "red"))
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")  # not %a: that follows the machine's locale
_INVISIBLE = {"Cc", "Cf", "Zl", "Zp", "Co", "Cs", "Cn"}


def one_line(text: object, limit: int = 200) -> str:
    """Display text on one line: controls and line breaks become spaces, runs collapse, long text is cut."""
    if text is None:
        return ""
    chars = (" " if unicodedata.category(c) in _INVISIBLE or c.isspace() else c for c in str(text))
    out = " ".join("".join(chars).split())
    return out if len(out) <= limit else out[: limit - 1].rstrip() + "…"


def safe_url(url: object) -> str | None:
    """The listing URL when it is a plain http(s) address on one of the sites' hosts (or the replay
    mirror's, in the demo), else None: no javascript:, no spaces, no link to anywhere else."""
    if not isinstance(url, str) or any(c.isspace() or unicodedata.category(c) == "Cc" for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return url if is_site_url(url) else None


def plain_url(url: object) -> str:
    """A URL that is not linked, as text no mail client turns into a link ("https[:]//evil[.]example/…")."""
    text = one_line(url, 120)
    return text.replace("://", "[:]//").replace(".", "[.]") if text else ""


def yen(amount: float | None) -> str:
    if amount is None:
        return "unknown"
    if amount >= 100 or float(amount).is_integer():
        return f"¥{round(amount):,}"
    return "¥" + f"{amount:,.2f}".rstrip("0").rstrip(".")


def yen_range(low: float | None, high: float | None) -> str | None:
    if low is None and high is None:
        return None
    if low is None:
        return f"up to {yen(high)}"
    if high is None:
        return f"from {yen(low)}"
    return yen(low) if high == low else f"{yen(low)}–{round(high):,}"


def per_char(amount: float) -> str:
    return f"¥{amount:.2f}/char"


@dataclass
class GigView:
    site: str
    site_label: str
    listing_id: str
    url: str | None  # linked: on the site's own host
    title: str
    group: str
    kind_label: str | None
    price: str
    net_price: str | None
    net_hourly: float | None
    net_hourly_text: str
    hourly_basis: str  # where the hourly figure comes from; "" when it is unknown
    band: str  # highlight | green | amber | red | unknown
    band_label: str
    break_even: str | None
    score: int | None
    reasons: list[str] = field(default_factory=list)
    competition: str = ""
    client: str = ""
    deadline: str = ""
    flags: list[str] = field(default_factory=list)
    other_url: str = ""  # a stored address on no site's host: shown as text (plain_url), never linked


def band(net_hourly: float | None, benchmark: float, stored: str | None = None) -> tuple[str, str]:
    """DOMAIN §4 bands of net yen per hour against the benchmark wage (the stored pay_band wins)."""
    if net_hourly is None or benchmark <= 0:
        return "unknown", "hourly pay unknown"
    ratio = net_hourly / benchmark
    key = stored or next(name for floor, name in BANDS if ratio >= floor)
    times = f"{math.floor(ratio * 10) / 10:.1f}× minimum wage"  # rounded down: 0.96 must not read 1.0×
    return key, {"highlight": f"★ {times}", "green": times, "amber": f"practice only ({times})",
                 "red": f"not worth it ({times})"}.get(key, times)


def price_text(row: Mapping[str, Any]) -> str:
    """What the listing offers, before the fee."""
    pay = row.get("pay_type")
    if pay == "hourly":
        wage = yen_range(row.get("hourly_min_yen"), row.get("hourly_max_yen"))
        return f"{wage} an hour" if wage else "hourly, wage not stated"
    unit, chars, ypc = row.get("unit_price_yen"), row.get("unit_chars"), row.get("yen_per_char")
    if pay == "task" and unit is not None:
        minutes = row.get("unit_minutes")
        return f"{yen(unit)} per task" + (f" (about {minutes:g} min each)" if minutes else "")
    if pay == "writing" and unit is not None:
        detail = ", ".join(p for p in (f"{chars:,} chars" if chars else "", per_char(ypc) if ypc else "") if p)
        return f"{yen(unit)} per article" + (f" ({detail})" if detail else "")
    budget = yen_range(row.get("budget_min_yen"), row.get("budget_max_yen"))
    text = (f"prize {budget}" if pay == "competition" else f"fixed {budget}") if budget else "pay not stated"
    if ypc:
        text += f" ({per_char(ypc)})"
    elif unit is not None:
        text += f" ({yen(unit)} per item)"
    return text


def net_price_text(row: Mapping[str, Any]) -> str | None:
    """The scoring's after-fee amount in the unit the gig pays by; ≈ when the site's fee is unconfirmed."""
    about = "≈" if row.get("net_is_estimate") else ""
    unit, net_unit = row.get("unit_price_yen"), row.get("net_unit_yen")
    if net_unit is not None:
        what = "article" if row.get("pay_type") == "writing" else "task" if row.get("pay_type") == "task" else "item"
        ypc = row.get("yen_per_char")
        chars = f", {per_char(ypc * net_unit / unit)}" if ypc and unit else ""
        return f"{about}{yen(net_unit)} per {what} after the fee{chars}"
    budget = yen_range(row.get("net_budget_min_yen"), row.get("net_budget_max_yen"))
    if budget is None:
        return None
    text = f"{about}{budget} after the fee"
    expected = row.get("expected_value_yen")
    if row.get("pay_type") == "competition" and expected is not None:
        text += f"; {about}{yen(expected)} per entry on average (paid only if you win)"
    return text


def competition_text(row: Mapping[str, Any]) -> str:
    applicants, slots, contracts = row.get("applicants"), row.get("slots"), row.get("contracts")
    if row.get("pay_type") == "task":
        if applicants is None:
            return f"{slots:,} items on offer" if slots else "progress unknown"
        return f"{applicants:,} of {slots:,} items done" if slots else f"{applicants:,} items done"
    if applicants is None and slots is None:
        return "applicants unknown"
    people = "applicants unknown" if applicants is None else f"{applicants:,} applicant{'s' * (applicants != 1)}"
    parts = [people + (f" for {slots:,} place{'s' * (slots != 1)}" if slots else "")]
    if slots and applicants is not None:
        parts.append(f"{applicants / slots:.1f} per place")
    if contracts:
        parts.append(f"{contracts:,} hired")
    return " · ".join(parts)


def client_text(row: Mapping[str, Any]) -> str:
    rating, orders = row.get("client_rating"), row.get("client_orders")
    rate, verified = row.get("client_completion_rate"), row.get("client_verified")
    parts = [one_line(row.get("client_name"), 40)]
    parts.append("not rated yet" if rating is None else f"rated {rating:.1f}/5")
    if orders is not None:
        parts.append(f"{orders:,} order{'s' * (orders != 1)}")
    if rate is not None:
        parts.append(f"{rate:.0f}% completed")
    if verified is not None:
        parts.append("identity verified" if verified else "identity NOT verified")
    return " · ".join(p for p in parts if p)


def deadline_text(deadline: datetime | None, now: datetime) -> str:
    if deadline is None:
        return "no deadline shown"
    local = deadline.astimezone(now.tzinfo)
    days = (local.date() - now.date()).days
    left = "today" if days <= 0 else "tomorrow" if days == 1 else f"in {days} days"
    return f"closes {left} ({WEEKDAYS[local.weekday()]} {local.month}/{local.day} {local:%H:%M})"


def break_even_text(hours: float | None) -> str | None:
    if hours is None:
        return None
    span = f"{round(hours * 60)} min" if hours < 1 else f"{hours:.1f} h" if hours < 10 else f"{hours:.0f} h"
    return f"worth it if done within {span}"


def flag_text(flag: object) -> str:
    return one_line(FLAG_LABELS.get(str(flag), flag), 100)


@dataclass
class WatchOut:
    """A flagged gig the digest left out, and why (its warning labels)."""

    site_label: str
    title: str
    url: str | None
    why: list[str]


def watch_out(row: Mapping[str, Any]) -> WatchOut:
    """The "Watch out" line of a left-out flagged gig (digest.build chooses which)."""
    flags = [f for f in row.get("risk_flags") or [] if PENALTIES.get(str(f), 0) >= WATCH_OUT_MIN_PENALTY]
    return WatchOut(site_label=site_label(row["site"]), title=one_line(row.get("title"), 120) or "(no title)",
                    url=safe_url(row.get("url")), why=[flag_text(f) for f in flags])


def present(row: Mapping[str, Any], *, now: datetime, benchmark: float, writing_speed: float) -> GigView:
    """The display form of one `listings` row (a dict with its column names)."""
    hourly = row.get("net_hourly_yen")
    band_key, band_label = band(hourly, benchmark, row.get("pay_band"))
    score = row.get("score")
    basis = BASIS_LABELS.get(row.get("hourly_basis") or "", "hourly pay unknown")
    return GigView(
        site=row["site"],
        site_label=site_label(row["site"]),
        listing_id=str(row["listing_id"]),
        url=safe_url(row.get("url")),
        title=one_line(row.get("title"), 120) or "(no title)",
        group=PAY_GROUPS.get(row.get("pay_type"), PAY_GROUPS[None]),
        kind_label=KIND_LABELS.get(row.get("kind") or ""),
        price=price_text(row),
        net_price=net_price_text(row),
        net_hourly=hourly,
        net_hourly_text="unknown" if hourly is None else ("≈" if row.get("net_is_estimate") else "") + f"{yen(hourly)}/h",
        hourly_basis=basis.format(speed=round(writing_speed)) if hourly is not None else "",
        band=band_key,
        band_label=band_label,
        break_even=break_even_text(row.get("break_even_hours")),
        score=None if score is None else round(score),
        reasons=[one_line(r, 160) for r in row.get("score_reasons") or [] if one_line(r)],
        competition=competition_text(row),
        client=client_text(row),
        deadline=deadline_text(row.get("deadline"), now),
        flags=[flag_text(f) for f in row.get("risk_flags") or [] if one_line(f)],
        other_url="" if safe_url(row.get("url")) else plain_url(row.get("url")),
    )
