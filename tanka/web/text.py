"""The small words and numbers of the web pages, in the language of the request (tanka.i18n)."""

from __future__ import annotations

from datetime import date, datetime

from tanka.digest.present import KIND_LABELS, yen
from tanka.i18n import _
from tanka.normalize.dates import TOKYO


def yen_text(amount: float | None) -> str:
    return yen(amount)


def per_char_text(amount: float | None) -> str:
    return "—" if amount is None else _("¥{amount}/char").format(amount=f"{amount:.2f}")


def moment(value: datetime | None) -> str:
    """2026-12-07 14:03, Tokyo time: the same in both languages."""
    return "" if value is None else f"{value.astimezone(TOKYO):%Y-%m-%d %H:%M}"


def short_day(value: date | datetime) -> str:
    """12/7."""
    if isinstance(value, datetime):
        value = value.astimezone(TOKYO)
    return f"{value.month}/{value.day}"


def kind_label(kind: str | None) -> str:
    return _(KIND_LABELS.get(kind or "other", kind or "other"))


def pay_type_label(pay_type: str | None) -> str:
    labels = {"hourly": _("hourly wage"), "task": _("per task"), "writing": _("per article (writing)"),
              "fixed": _("fixed price"), "competition": _("contest (paid only if chosen)")}
    return labels.get(pay_type or "", _("not stated"))


def state_label(state: str | None) -> str:
    labels = {"applied": _("applied"), "saved": _("saved"), "hidden": _("hidden"), "won": _("won"),
              "lost": _("lost"), "done": _("done")}
    return labels.get(state or "", state or "")
