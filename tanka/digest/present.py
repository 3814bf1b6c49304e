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

from tanka.i18n import N_, _, ngettext, short_day
from tanka.scoring.reasons import flag_label, kind_label, reason_text
from tanka.scoring.score import PENALTIES, WATCH_OUT_MIN_PENALTY
from tanka.sites import is_site_url
from tanka.sites import label as site_label

# Every text here is in the language current when the digest is built (tanka.i18n: the profile's).
PAY_GROUPS = {  # pay_type → section title; this order breaks ties between sections
    "hourly": N_("Hourly work"),
    "task": N_("Tasks (paid per item)"),
    "writing": N_("Writing (paid per article)"),
    "fixed": N_("Fixed-price projects"),
    "competition": N_("Contests"),
    None: N_("Other"),
}
BASIS_LABELS = {
    "stated": N_("from the stated hourly wage"),
    "site_estimate": N_("from the site's own hourly estimate"),
    "task_minutes": N_("from the site's minutes per task"),
    "writing_speed": N_("assuming you write {speed} characters an hour"),
}
BANDS = ((1.5, "highlight"), (1.0, "green"), (0.5, "amber"), (0.0, "red"))
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
        return _("unknown")
    if amount >= 100 or float(amount).is_integer():
        return f"¥{round(amount):,}"
    return "¥" + f"{amount:,.2f}".rstrip("0").rstrip(".")


def per_hour(amount: float | None) -> str:
    """¥1,287/h / ¥1,287/時."""
    return _("{yen}/h").format(yen=yen(amount)) if amount is not None else _("unknown")


def yen_range(low: float | None, high: float | None) -> str | None:
    if low is None and high is None:
        return None
    if low is None:
        return _("up to {yen}").format(yen=yen(high))
    if high is None:
        return _("from {yen}").format(yen=yen(low))
    return yen(low) if high == low else f"{yen(low)}–{round(high):,}"


def per_char(amount: float) -> str:
    """¥1.20/char / 1.20円/字."""
    return _("¥{amount}/char").format(amount=f"{amount:.2f}")


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
        return "unknown", _("hourly pay unknown")
    ratio = net_hourly / benchmark
    key = stored or next(name for floor, name in BANDS if ratio >= floor)
    # rounded down: 0.96 must not read 1.0×
    times = _("{times}× minimum wage").format(times=f"{math.floor(ratio * 10) / 10:.1f}")
    labels = {"highlight": "★ {times}", "green": "{times}", "amber": _("practice only ({times})"),
              "red": _("not worth it ({times})")}
    return key, labels.get(key, "{times}").format(times=times)


def price_text(row: Mapping[str, Any]) -> str:
    """What the listing offers, before the fee."""
    pay = row.get("pay_type")
    if pay == "hourly":
        wage = yen_range(row.get("hourly_min_yen"), row.get("hourly_max_yen"))
        return _("{wage} an hour").format(wage=wage) if wage else _("hourly, wage not stated")
    unit, chars, ypc = row.get("unit_price_yen"), row.get("unit_chars"), row.get("yen_per_char")
    if pay == "task" and unit is not None:
        minutes = row.get("unit_minutes")
        text = _("{yen} per task").format(yen=yen(unit))
        return text + (_(" (about {minutes} min each)").format(minutes=f"{minutes:g}") if minutes else "")
    if pay == "writing" and unit is not None:
        detail = _(", ").join(p for p in (_("{chars} chars").format(chars=f"{chars:,}") if chars else "",
                                          per_char(ypc) if ypc else "") if p)
        return _("{yen} per article").format(yen=yen(unit)) + (_(" ({details})").format(details=detail) if detail else "")
    budget = yen_range(row.get("budget_min_yen"), row.get("budget_max_yen"))
    if budget:
        text = (_("prize {budget}") if pay == "competition" else _("fixed {budget}")).format(budget=budget)
    else:
        text = _("pay not stated")
    if ypc:
        text += _(" ({details})").format(details=per_char(ypc))
    elif unit is not None:
        text += _(" ({details})").format(details=_("{yen} per item").format(yen=yen(unit)))
    return text


def net_price_text(row: Mapping[str, Any]) -> str | None:
    """The scoring's after-fee amount in the unit the gig pays by; ≈ when the site's fee is unconfirmed."""
    about = "≈" if row.get("net_is_estimate") else ""
    unit, net_unit = row.get("unit_price_yen"), row.get("net_unit_yen")
    if net_unit is not None:
        template = {"writing": _("{yen} per article after the fee"), "task": _("{yen} per task after the fee")}.get(
            row.get("pay_type") or "", _("{yen} per item after the fee"))
        ypc = row.get("yen_per_char")
        chars = _(", ") + per_char(ypc * net_unit / unit) if ypc and unit else ""
        return template.format(yen=about + yen(net_unit)) + chars
    budget = yen_range(row.get("net_budget_min_yen"), row.get("net_budget_max_yen"))
    if budget is None:
        return None
    text = _("{amount} after the fee").format(amount=about + budget)
    expected = row.get("expected_value_yen")
    if row.get("pay_type") == "competition" and expected is not None:
        text += _("; {yen} per entry on average (paid only if you win)").format(yen=about + yen(expected))
    return text


def competition_text(row: Mapping[str, Any]) -> str:
    applicants, slots, contracts = row.get("applicants"), row.get("slots"), row.get("contracts")
    if row.get("pay_type") == "task":
        if applicants is None:
            return _("{n} items on offer").format(n=f"{slots:,}") if slots else _("progress unknown")
        if slots:
            return _("{done} of {slots} items done").format(done=f"{applicants:,}", slots=f"{slots:,}")
        return _("{done} items done").format(done=f"{applicants:,}")
    if applicants is None and slots is None:
        return _("applicants unknown")
    if applicants is None:
        people = _("applicants unknown")
    else:
        people = ngettext("{n} applicant", "{n} applicants", applicants).format(n=f"{applicants:,}")
    if slots:
        people += ngettext(" for {n} place", " for {n} places", slots).format(n=f"{slots:,}")
    parts = [people]
    if slots and applicants is not None:
        parts.append(_("{ratio} per place").format(ratio=f"{applicants / slots:.1f}"))
    if contracts:
        parts.append(_("{n} hired").format(n=f"{contracts:,}"))
    return _(" · ").join(parts)


def client_text(row: Mapping[str, Any]) -> str:
    rating, orders = row.get("client_rating"), row.get("client_orders")
    rate, verified = row.get("client_completion_rate"), row.get("client_verified")
    parts = [one_line(row.get("client_name"), 40)]
    parts.append(_("not rated yet") if rating is None else _("rated {rating}/5").format(rating=f"{rating:.1f}"))
    if orders is not None:
        parts.append(ngettext("{n} order", "{n} orders", orders).format(n=f"{orders:,}"))
    if rate is not None:
        parts.append(_("{rate}% completed").format(rate=f"{rate:.0f}"))
    if verified is not None:
        parts.append(_("identity verified") if verified else _("identity NOT verified"))
    return _(" · ").join(p for p in parts if p)


def deadline_text(deadline: datetime | None, now: datetime) -> str:
    if deadline is None:
        return _("no deadline shown")
    local = deadline.astimezone(now.tzinfo)
    days = (local.date() - now.date()).days
    when = f"{short_day(local)} {local:%H:%M}"
    if days <= 0:
        return _("closes today ({when})").format(when=when)
    if days == 1:
        return _("closes tomorrow ({when})").format(when=when)
    return ngettext("closes in {n} day ({when})", "closes in {n} days ({when})", days).format(n=days, when=when)


def break_even_text(hours: float | None) -> str | None:
    if hours is None:
        return None
    if hours < 1:
        span = _("{minutes} min").format(minutes=round(hours * 60))
    else:
        span = _("{hours} h").format(hours=f"{hours:.1f}" if hours < 10 else f"{hours:.0f}")
    return _("worth it if done within {span}").format(span=span)


def flag_text(flag: object) -> str:
    return one_line(flag_label(str(flag)), 100)


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
    return WatchOut(site_label=site_label(row["site"]), title=one_line(row.get("title"), 120) or _("(no title)"),
                    url=safe_url(row.get("url")), why=[flag_text(f) for f in flags])


def present(row: Mapping[str, Any], *, now: datetime, benchmark: float, writing_speed: float) -> GigView:
    """The display form of one `listings` row (a dict with its column names)."""
    hourly = row.get("net_hourly_yen")
    band_key, band_label = band(hourly, benchmark, row.get("pay_band"))
    score = row.get("score")
    basis = _(BASIS_LABELS.get(row.get("hourly_basis") or "", N_("hourly pay unknown")))
    return GigView(
        site=row["site"],
        site_label=site_label(row["site"]),
        listing_id=str(row["listing_id"]),
        url=safe_url(row.get("url")),
        title=one_line(row.get("title"), 120) or _("(no title)"),
        group=_(PAY_GROUPS.get(row.get("pay_type"), PAY_GROUPS[None])),
        kind_label=kind_label(row.get("kind")) if row.get("kind") else None,
        price=price_text(row),
        net_price=net_price_text(row),
        net_hourly=hourly,
        net_hourly_text=_("unknown") if hourly is None else ("≈" if row.get("net_is_estimate") else "") + per_hour(hourly),
        hourly_basis=basis.format(speed=f"{round(writing_speed):,}") if hourly is not None else "",
        band=band_key,
        band_label=band_label,
        break_even=break_even_text(row.get("break_even_hours")),
        score=None if score is None else round(score),
        reasons=[text for text in (one_line(reason_text(r), 160) for r in row.get("score_reasons") or []) if text],
        competition=competition_text(row),
        client=client_text(row),
        deadline=deadline_text(row.get("deadline"), now),
        flags=[flag_text(f) for f in row.get("risk_flags") or [] if one_line(f)],
        other_url="" if safe_url(row.get("url")) else plain_url(row.get("url")),
    )
