"""The small words and numbers of the web pages, in the language of the request (tanka.i18n).

Amounts, kinds of work and dates are the digest's and `top`'s own helpers; only what no other
output says (a pay type in words, a mark's state, a moment to the minute) is written here."""

from __future__ import annotations

from datetime import datetime

from tanka.digest.present import per_char, yen
from tanka.i18n import N_, _
from tanka.normalize.dates import TOKYO
from tanka.scoring.reasons import kind_label

__all__ = ["kind_label", "listing_status_label", "moment", "pay_type_label", "per_char_text", "state_label", "yen_text"]

PAY_TYPES = {"hourly": N_("hourly wage"), "task": N_("per task"), "writing": N_("per article (writing)"),
             "fixed": N_("fixed price"), "competition": N_("contest (paid only if chosen)")}
STATES = {"applied": N_("applied"), "saved": N_("saved"), "hidden": N_("hidden"), "won": N_("won"),
          "lost": N_("lost"), "done": N_("done")}
LISTING_STATUSES = {"open": N_("open"), "closed": N_("closed")}


def yen_text(amount: float | None) -> str:
    return "—" if amount is None else yen(amount)


def per_char_text(amount: float | None) -> str:
    return "—" if amount is None else per_char(amount)


def moment(value: datetime | None) -> str:
    """2026-12-07 14:03, Tokyo time: the same in both languages."""
    return "" if value is None else f"{value.astimezone(TOKYO):%Y-%m-%d %H:%M}"


def pay_type_label(pay_type: str | None) -> str:
    return _(PAY_TYPES[pay_type]) if pay_type in PAY_TYPES else _("not stated")


def listing_status_label(status: str | None) -> str:
    return _(LISTING_STATUSES[status]) if status in LISTING_STATUSES else str(status or "")


def state_label(state: str | None) -> str:
    return _(STATES[state]) if state in STATES else str(state or "")
