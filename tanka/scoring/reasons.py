"""Score reasons and risk-flag labels as language-neutral codes with values, and their English text.

A `Reason` is a code (`pay.hourly`, `flag.upfront_payment` …) and the values it needs (numbers,
words quoted from the listing, other reasons). `TEMPLATES` is the one table that turns codes into
English: every reason and every risk-flag label the scoring produces is written there and nowhere
else, so a translation (issue 14) adds one more table and changes no scoring code.

For now derive() stores the rendered English (`render`) in `listings.score_reasons`, as before.

Template fields are `{name}` or `{name:spec}`; the specs are tanka's own, not Python's:

* `yen` — ¥1,234 (rounded to the yen);       * `n` — 1,234 (a count or a whole number);
* `g` — a number as short as it is (0.33, 15); * `within` — hours as "within 38.27 h" / "within 5 min";
* `plural:order` — "1 order" / "12 orders".
A missing or None value renders as nothing; a Reason value renders as its own template; a list
of reasons renders joined with " · ".
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Reason:
    code: str
    values: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return render(self)


def reason(code: str, **values: Any) -> Reason:
    return Reason(code, values)


TEMPLATES: dict[str, str] = {
    # --- risk flags (labels; the code after "flag." is what listings.risk_flags stores) -----------
    "flag.off_platform_contact": "asks to move contact off the platform before the contract",
    "flag.external_tool": "uses an outside chat tool (fine after the order, never before)",
    "flag.upfront_payment": "asks you to pay or buy something first",
    "flag.work_before_escrow": "wants work before escrow (仮払い) or an unpaid test",
    "flag.pay_in_experience": "pays in 'experience' (実績作り) at a far-below-market rate",
    "flag.mlm": "MLM / network business (権利収入)",
    "flag.signup_harvest": "asks you to sign up for something (account, app, card, mailing list)",
    "flag.off_platform_payment": "proposes direct trade or payment outside the platform",
    "flag.unreliable_client": "the client completed under half of its 10+ orders",
    "flag.reviews_or_likes": "reviews / likes / follows may break other sites' rules",
    "flag.income_promise": "promises big income — too good to be true?",
    "flag.survey_as_project": "a tiny survey posted as a project (contact harvesting)",
    "flag.below_market": "pays a small fraction of the market rate",
    "flag.unclear_unit_pay": "tiny budget with many slots: the real per-item pay is not stated",
    "flag.pay_not_stated": "pay not stated (negotiable)",
    "flag.contest_gamble": "contest: paid only if you win (a gamble)",
    "flag.not_a_gig": "an agency / placement ad, not a gig",
    # a warning line in the reasons: "⚠ " + the flag's label, with its numbers where it has them
    "warning": "⚠ {flag}",
    "warning.unreliable_client": "⚠ the client completed {rate:g}% of {orders:plural:order}: under half",
    "warning.below_market_chars": "⚠ {rate:g}円/字 is a small fraction of the market (beginners start at 0.5円/字)",
    "warning.below_market_hourly": "⚠ about {net:yen}/h: under a quarter of the minimum wage",
    # --- pay ----------------------------------------------------------------------------------------
    "pay.hourly": "{approx}{net:yen}/h net ({basis}){band}",
    "pay.band.red": " — under half the minimum wage",
    "pay.band.amber": " — practice-level pay",
    "basis.stated": "時給 {gross}円{where}",
    "basis.stated.where": ", from the {source}",
    "basis.site_estimate": "the site's own estimate of {claimed:g} min a unit, counted as {minutes:g} min",
    "basis.site_estimate.plain": "the site's own estimate",
    "basis.writing_speed": "{rate:g}円/字 at {speed:n}字/h",
    "basis.claimed": "{price:n}円 per {unit}; {who} {claimed:g} min, counted as {minutes:g} min",
    "claim.site": "the listing estimates",
    "claim.client": "the client says",
    "owner.site": "the listing's own estimate",
    "owner.client": "the client's own word",
    "basis.capped": "{price:n}円 for at most {claimed:g} min, counted as {minutes:g} min",
    "basis.volume": "{price:n}円 for {volume}, about {minutes:g} min",
    "volume.words": "{words:n} words at {speed:n} words/h",
    "volume.chars": "{chars:n}字 at {speed:n}字/h",
    "time.note.overhead": "the time is {who}, not a measurement: tanka adds {overhead:g} min a unit to find, read "
                          "and submit it, and counts at least {floor:g} min for {kind} work",
    "time.note.volume": "the time is {who}, not a measurement: {volume} takes about {minutes:g} min",
    "time.note.screening": "screening survey: about {share:g}% of attempts end early and unpaid",
    "pay.contest": "contest: expected {approx}{value:yen} net per entry ({entries} entries so far) — "
                   "you are paid only if you win",
    "pay.fixed": "{up_to}{approx}{amount:yen} net {what}: worth it if done {hours:within}",
    "pay.fixed.at_most": "{up_to}{approx}{amount:yen} net {what}: at most {best:yen}/h even at {minutes:g} min "
                         "({kind} work)",
    "pay.up_to": "up to ",
    "pay.per_unit": "per {unit}",
    "pay.fixed_price": "fixed",
    "pay.not_stated": "pay not stated: ask before you apply",
    "estimate_note": "≈ fee not confirmed by the site: net is an estimate",
    # --- volume: what the gig can add toward the monthly goal ---------------------------------------
    "volume.one_per_person": "one answer per person: adds {amount:yen} net",
    "volume.units": "{units:n} {unit} for one worker: up to {amount:yen} net",
    "volume.units_left": "{units:n} tasks left: up to {amount:yen} net",
    "volume.pool": "a shared pool with no per-person limit, counted as {hours:g} h ({units:n} tasks): up to "
                   "{amount:yen} net",
    "volume.budget": "the whole job pays {amount:yen} net",
    "volume.hours": "{hours:g} h a month at this rate: about {amount:yen} net",
    "volume.articles": "{units:plural:article}: {amount:yen} net",
    "volume.contest": "one entry is worth {amount:yen} on average",
    # --- the client ----------------------------------------------------------------------------------
    "client": "client {notes}",
    "client.rating": "★{rating:.1f}",
    "client.orders": "{orders:plural:order}",
    "client.completion": "{rate:.0f}% completed",
    "client.verified": "verified",
    "client.unverified": "not verified (本人確認)",
    # --- competition and availability ----------------------------------------------------------------
    "competition.tasks_done": "all tasks taken",
    "competition.tasks_left": "{left:n} of {slots:n} tasks left",
    "competition.slots_filled": "all {slots} slots filled",
    "competition.per_slot": "{applicants:plural:applicant} for {open:n} open slot{open_s}",
    "competition.applicants": "{applicants:n} applicants",
    "filled.tasks": "not open: every task is taken",
    "filled.slots": "not open: every slot is filled",
    # --- eligibility -----------------------------------------------------------------------------------
    "restricted": "only for some people: {conditions}",
    "restricted.met": "open to you: {conditions} (your profile's eligible)",
    # --- beginners --------------------------------------------------------------------------------------
    "beginner.word": "{word}",
    "beginner.experienced_only": "for experienced workers ({word})",
    "beginner.rank_required": "needs a rank ({word})",
    "beginner.identity_required": "needs 本人確認 (ID check) first",
    "beginner.task_format": "task format: no application, start right away",
    "beginner.not_ok": "not for beginners: {why}",
    "why.experience": "asks for experience ({condition})",
    "why.qualification": "needs a qualification ({condition})",
    "why.rank": "needs a rank on the site ({word})",
    "why.experienced_words": "written for experienced workers ({word})",
    "why.warning": "it carries a warning sign (see ⚠)",
    "why.not_a_gig": "it is an agency ad, not a gig",
    "why.no_welcome": "it does not say beginners are welcome",
    # --- freshness ----------------------------------------------------------------------------------------
    "fresh.today": "posted today",
    "fresh.days": "posted {days:plural:day} ago",
    "fresh.deadline_passed": "deadline passed",
    "fresh.closes_in": "closes in {hours:.0f} h",
    # --- failures -----------------------------------------------------------------------------------------
    "unscored": "could not be scored (see the crawl log)",
}


def _yen(amount: float) -> str:
    return f"¥{round(amount):,}"


def within(hours: float) -> str:
    """"within 38.27 h", or in minutes under an hour: "within 1 min"."""
    return f"within {max(hours * 60, 1):.0f} min" if hours < 1 else f"within {hours:g} h"


def _number(value: float) -> str:
    return f"{round(value):,}" if isinstance(value, float) else f"{value:,}"


class _Formatter(string.Formatter):
    def get_value(self, key: int | str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Any:
        return kwargs.get(str(key))

    def format_field(self, value: Any, format_spec: str) -> str:
        if value is None:
            return ""
        if isinstance(value, Reason):
            return render(value)
        if isinstance(value, list | tuple):
            return " · ".join(render(v) if isinstance(v, Reason) else str(v) for v in value)
        if format_spec == "yen":
            return _yen(value)
        if format_spec == "n":
            return _number(value)
        if format_spec == "g":
            return f"{value:g}"
        if format_spec == "within":
            return within(value)
        if format_spec.startswith("plural:"):
            noun = format_spec.removeprefix("plural:")
            return f"{_number(value)} {noun}{'s' * (value != 1)}"
        return super().format_field(value, format_spec)


_FORMATTER = _Formatter()


def render(item: Reason) -> str:
    """The English text of one reason."""
    return _FORMATTER.vformat(TEMPLATES[item.code], (), dict(item.values))


def flag_label(flag: str) -> str:
    """The short label of a risk flag code; an unknown code is shown as it is."""
    template = TEMPLATES.get(f"flag.{flag}")
    return template if template is not None else flag
