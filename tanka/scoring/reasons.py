"""Score reasons and risk-flag labels as language-neutral codes with values, rendered in the
reader's language.

A `Reason` is a code (`pay.hourly`, `flag.upfront_payment` …) and the values it needs (numbers,
words quoted from the listing, other reasons). `TEMPLATES` is the one table that turns codes into
text: every reason and every risk-flag label the scoring produces is written there, in English,
and nowhere else; the gettext catalogs (tanka/i18n.py) translate each template as a whole, so a
translation may reorder the fields and changes no scoring code.

`listings.score_reasons` stores each reason as one JSON object, its code and its values
(`encode`; docs/DATA.md describes the format); `render` / `reason_text` turn it into text in the
current language when it is shown, so switching language needs no rescore. A stored text that is
not such an object (a row written before migration 0007 whose words matched no template) is shown
as it is.

Template fields are `{name}` or `{name:spec}`; the specs are tanka's own, not Python's:

* `yen` — ¥1,234 (rounded to the yen);       * `n` — 1,234 (a count or a whole number);
* `g` — a number as short as it is (0.33, 15); * `within` — hours as "within 38.27 h" / "within 5 min";
* `plural:order` — "1 order" / "12 orders" (ngettext, so each language counts its own way);
* `kind` — a kind of work (data_entry → "data entry"); `source` — where a figure was read (title …).
A missing or None value renders as nothing; a Reason value renders as its own template; a list
renders joined with " · " (in Japanese "・").
"""

from __future__ import annotations

import functools
import json
import re
import string
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tanka.i18n import N_, _, ngettext


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
    "flag.off_platform_contact": N_("asks to move contact off the platform before the contract"),
    "flag.external_tool": N_("uses an outside chat tool (fine after the order, never before)"),
    "flag.upfront_payment": N_("asks you to pay or buy something first"),
    "flag.work_before_escrow": N_("wants work before escrow (仮払い) or an unpaid test"),
    "flag.pay_in_experience": N_("pays in 'experience' (実績作り) at a far-below-market rate"),
    "flag.mlm": N_("MLM / network business (権利収入)"),
    "flag.signup_harvest": N_("asks you to sign up for something (account, app, card, mailing list)"),
    "flag.off_platform_payment": N_("proposes direct trade or payment outside the platform"),
    "flag.unreliable_client": N_("the client completed under half of its 10+ orders"),
    "flag.reviews_or_likes": N_("reviews / likes / follows may break other sites' rules"),
    "flag.income_promise": N_("promises big income — too good to be true?"),
    "flag.survey_as_project": N_("a tiny survey posted as a project (contact harvesting)"),
    "flag.below_market": N_("pays a small fraction of the market rate"),
    "flag.unclear_unit_pay": N_("tiny budget with many slots: the real per-item pay is not stated"),
    "flag.pay_not_stated": N_("pay not stated (negotiable)"),
    "flag.contest_gamble": N_("contest: paid only if you win (a gamble)"),
    "flag.not_a_gig": N_("an agency / placement ad, not a gig"),
    # a warning line in the reasons: "⚠ " + the flag's label, with its numbers where it has them
    "warning": N_("⚠ {flag}"),
    "warning.unreliable_client": N_("⚠ the client completed {rate:g}% of {orders:plural:order}: under half"),
    "warning.below_market_chars": N_("⚠ {rate:g}円/字 is a small fraction of the market (beginners start at 0.5円/字)"),
    "warning.below_market_hourly": N_("⚠ about {net:yen}/h: under a quarter of the minimum wage"),
    # --- pay ----------------------------------------------------------------------------------------
    "pay.hourly": N_("{approx}{net:yen}/h net ({basis}){band}"),
    "pay.band.red": N_(" — under half the minimum wage"),
    "pay.band.amber": N_(" — practice-level pay"),
    "basis.stated": N_("時給 {gross}円{where}"),
    "basis.stated.where": N_(", from the {source:source}"),
    "basis.site_estimate": N_("the site's own estimate of {claimed:g} min a unit, counted as {minutes:g} min"),
    "basis.site_estimate.plain": N_("the site's own estimate"),
    "basis.writing_speed": N_("{rate:g}円/字 at {speed:n}字/h"),
    "basis.claimed": N_("{price:n}円 per {unit}; {who} {claimed:g} min, counted as {minutes:g} min"),
    "claim.site": N_("the listing estimates"),
    "claim.client": N_("the client says"),
    "owner.site": N_("the listing's own estimate"),
    "owner.client": N_("the client's own word"),
    "basis.capped": N_("{price:n}円 for at most {claimed:g} min, counted as {minutes:g} min"),
    "basis.volume": N_("{price:n}円 for {volume}, about {minutes:g} min"),
    "volume.words": N_("{words:n} words at {speed:n} words/h"),
    "volume.chars": N_("{chars:n}字 at {speed:n}字/h"),
    "time.note.overhead": N_("the time is {who}, not a measurement: tanka adds {overhead:g} min a unit to find, read "
                          "and submit it, and counts at least {floor:g} min for {kind:kind} work"),
    "time.note.volume": N_("the time is {who}, not a measurement: {volume} takes about {minutes:g} min"),
    "time.note.screening": N_("screening survey: about {share:g}% of attempts end early and unpaid"),
    "pay.contest": N_("contest: expected {approx}{value:yen} net per entry ({entries} entries so far) — "
                   "you are paid only if you win"),
    "pay.fixed": N_("{up_to}{approx}{amount:yen} net {what}: worth it if done {hours:within}"),
    "pay.fixed.at_most": N_("{up_to}{approx}{amount:yen} net {what}: at most {best:yen}/h even at {minutes:g} min "
                            "({kind:kind} work)"),
    "pay.up_to": N_("up to "),
    "pay.per_unit": N_("per {unit}"),
    "pay.fixed_price": N_("fixed"),
    "pay.not_stated": N_("pay not stated: ask before you apply"),
    "estimate_note": N_("≈ fee not confirmed by the site: net is an estimate"),
    # --- volume: what the gig can add toward the monthly goal ---------------------------------------
    "volume.one_per_person": N_("one answer per person: adds {amount:yen} net"),
    "volume.units": N_("{units:n} {unit} for one worker: up to {amount:yen} net"),
    "volume.units_left": N_("{units:n} tasks left: up to {amount:yen} net"),
    "volume.pool": N_("a shared pool with no per-person limit, counted as {hours:g} h ({units:n} tasks): up to "
                   "{amount:yen} net"),
    "volume.budget": N_("the whole job pays {amount:yen} net"),
    "volume.hours": N_("{hours:g} h a month at this rate: about {amount:yen} net"),
    "volume.articles": N_("{units:plural:article}: {amount:yen} net"),
    "volume.contest": N_("one entry is worth {amount:yen} on average"),
    # --- the client ----------------------------------------------------------------------------------
    "client": N_("client {notes}"),
    "client.rating": N_("★{rating:.1f}"),
    "client.orders": N_("{orders:plural:order}"),
    "client.completion": N_("{rate:.0f}% completed"),
    "client.verified": N_("verified"),
    "client.unverified": N_("not verified (本人確認)"),
    # --- competition and availability ----------------------------------------------------------------
    "competition.tasks_done": N_("all tasks taken"),
    "competition.tasks_left": N_("{left:n} of {slots:n} tasks left"),
    "competition.slots_filled": N_("all {slots} slots filled"),
    "competition.per_slot": N_("{applicants:plural:applicant} for {open:plural:open slot}"),
    "competition.applicants": N_("{applicants:n} applicants"),
    "filled.tasks": N_("not open: every task is taken"),
    "filled.slots": N_("not open: every slot is filled"),
    # --- eligibility -----------------------------------------------------------------------------------
    "restricted": N_("only for some people: {conditions}"),
    "restricted.met": N_("open to you: {conditions} (your profile's eligible)"),
    # --- beginners --------------------------------------------------------------------------------------
    "beginner.word": N_("{word}"),
    "beginner.experienced_only": N_("for experienced workers ({word})"),
    "beginner.rank_required": N_("needs a rank ({word})"),
    "beginner.identity_required": N_("needs 本人確認 (ID check) first"),
    "beginner.task_format": N_("task format: no application, start right away"),
    "beginner.not_ok": N_("not for beginners: {why}"),
    "why.experience": N_("asks for experience ({condition})"),
    "why.qualification": N_("needs a qualification ({condition})"),
    "why.rank": N_("needs a rank on the site ({word})"),
    "why.experienced_words": N_("written for experienced workers ({word})"),
    "why.warning": N_("it carries a warning sign (see ⚠)"),
    "why.not_a_gig": N_("it is an agency ad, not a gig"),
    "why.no_welcome": N_("it does not say beginners are welcome"),
    # --- freshness ----------------------------------------------------------------------------------------
    "fresh.today": N_("posted today"),
    "fresh.days": N_("posted {days:plural:day} ago"),
    "fresh.deadline_passed": N_("deadline passed"),
    "fresh.closes_in": N_("closes in {hours:.0f} h"),
    # --- failures -----------------------------------------------------------------------------------------
    "unscored": N_("could not be scored (see the crawl log)"),
}

# Words the specs put in, each a message of the catalogs (literal ngettext calls, so that extraction
# finds each singular with its plural).
PLURALS: dict[str, Callable[[int], str]] = {
    "order": lambda n: ngettext("{n} order", "{n} orders", n),
    "applicant": lambda n: ngettext("{n} applicant", "{n} applicants", n),
    "open slot": lambda n: ngettext("{n} open slot", "{n} open slots", n),
    "day": lambda n: ngettext("{n} day", "{n} days", n),
    "article": lambda n: ngettext("{n} article", "{n} articles", n),
}
KIND_LABELS: dict[str, str] = {
    "writing": N_("writing"), "data_entry": N_("data entry"), "survey": N_("survey"), "design": N_("design"),
    "development": N_("development"), "translation": N_("translation"), "video": N_("video"),
    "admin": N_("admin"), "marketing": N_("marketing"), "photo": N_("photo"), "other": N_("other"),
}
SOURCE_LABELS: dict[str, str] = {"title": N_("title"), "description": N_("description"),
                                 "structured": N_("listing's own field")}
LIST_SEPARATOR = N_(" · ")
TEXT = "text"  # the code of a stored text that is not a reason code (shown as it is)


def kind_label(kind: str | None) -> str:
    """A kind of work in the current language ("data entry" / 「データ入力」); unknown as it is."""
    label = KIND_LABELS.get(kind or "other")
    return _(label) if label else str(kind)


def within(hours: float) -> str:
    """"within 38.27 h", or in minutes under an hour: "within 1 min" (in the current language)."""
    if hours < 1:
        return _("within {minutes} min").format(minutes=f"{max(hours * 60, 1):.0f}")
    return _("within {hours} h").format(hours=f"{hours:g}")


def _yen(amount: float) -> str:
    return f"¥{round(amount):,}"


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
            return _(LIST_SEPARATOR).join(render(v) if isinstance(v, Reason) else str(v) for v in value)
        if format_spec == "yen":
            return _yen(value)
        if format_spec == "n":
            return _number(value)
        if format_spec == "g":
            return f"{value:g}"
        if format_spec == "within":
            return within(value)
        if format_spec == "kind":
            return kind_label(value)
        if format_spec == "source":
            label = SOURCE_LABELS.get(str(value))
            return _(label) if label else str(value)
        if format_spec.startswith("plural:"):
            noun = format_spec.removeprefix("plural:")
            words = PLURALS.get(noun)
            text = words(int(value)) if words else "{n} " + noun + "s" * (value != 1)
            return text.format(n=_number(value))
        return super().format_field(value, format_spec)


_FORMATTER = _Formatter()


def render(item: Reason) -> str:
    """The text of one reason, in the current language (tanka.i18n)."""
    if item.code == TEXT:
        return str(item.values.get("text") or "")
    template = TEMPLATES.get(item.code)
    if template is None:  # a code from a newer tanka: say what it is rather than nothing
        return item.code
    return _FORMATTER.vformat(_(template), (), dict(item.values))


def flag_label(flag: str) -> str:
    """The short label of a risk flag code, in the current language; an unknown code as it is."""
    template = TEMPLATES.get(f"flag.{flag}")
    return _(template) if template is not None else flag


# ----- the stored form ------------------------------------------------------------------------------------------
def _plain(value: Any) -> Any:
    if isinstance(value, Reason):
        return {"code": value.code, **{k: _plain(v) for k, v in value.values.items() if v is not None}}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def encode(item: Reason) -> str:
    """One reason as stored in listings.score_reasons: a JSON object, its `code` and its values
    (a value that is a reason is an object of the same form)."""
    return json.dumps(_plain(item), ensure_ascii=False, separators=(",", ":"))


def _revived(value: Any) -> Any:
    if isinstance(value, dict) and isinstance(value.get("code"), str):
        return Reason(value["code"], {k: _revived(v) for k, v in value.items() if k != "code"})
    if isinstance(value, list):
        return [_revived(v) for v in value]
    return value


def decode(stored: Any) -> Reason:
    """A stored reason back as a Reason; a text that is not one is kept as text (code "text")."""
    if isinstance(stored, Reason):
        return stored
    text = str(stored)
    if text.startswith("{"):
        try:
            found = _revived(json.loads(text))
        except ValueError:
            found = None
        if isinstance(found, Reason):
            return found
    return Reason(TEXT, {"text": text})


def reason_text(stored: Any) -> str:
    """A stored reason as text in the current language."""
    return render(decode(stored))


def reason_texts(stored: Iterable[Any] | None) -> list[str]:
    """listings.score_reasons as text in the current language."""
    return [reason_text(item) for item in stored or []]


def is_warning(item: Reason) -> bool:
    """A warning line (⚠ and a risk flag's label)."""
    if item.code == TEXT:  # stored before migration 0007
        return str(item.values.get("text") or "").startswith("⚠")
    return item.code == "warning" or item.code.startswith("warning.")


# ----- reading back the English text stored before migration 0007 --------------------------------------------------
_NUMBER = r"-?\d[\d,]*(?:\.\d+)?(?:e[+-]?\d+)?"
# Fields that hold another reason, and the codes it can be.
_NESTED: dict[str, tuple[str, ...]] = {
    "basis": ("basis.",), "band": ("pay.band.",), "where": ("basis.stated.where",), "who": ("claim.", "owner."),
    "volume": ("volume.words", "volume.chars"), "what": ("pay.per_unit", "pay.fixed_price"), "up_to": ("pay.up_to",),
    "flag": ("flag.",), "why": ("why.",), "notes": ("client.",),
}
_NESTED_ONLY = ("basis.", "pay.band.", "claim.", "owner.", "volume.words", "volume.chars", "pay.per_unit",
                "pay.fixed_price", "pay.up_to", "flag.", "why.", "client.", "beginner.word")


def _field_pattern(name: str, spec: str) -> str:
    if name == "approx":
        return "≈?"
    if spec == "yen":
        return "¥" + _NUMBER
    if spec in ("n", "g") or spec.endswith("f"):
        return _NUMBER
    if spec == "within":
        return rf"within {_NUMBER} (?:h|min)"
    if spec.startswith("plural:"):
        return rf"{_NUMBER} {re.escape(spec.removeprefix('plural:'))}s?"
    return ".*?"


@functools.cache
def _english_pattern(code: str) -> tuple[re.Pattern[str], tuple[tuple[str, str], ...]]:
    parts, fields = [], []
    for literal, name, spec, _conversion in string.Formatter().parse(TEMPLATES[code]):
        parts.append(re.escape(literal))
        if name is not None:
            group = f"f{len(fields)}"
            fields.append((name, spec or ""))
            parts.append(f"(?P<{group}>{_field_pattern(name, spec or '')})")
    return re.compile("".join(parts), re.S), tuple(fields)


def _number_from(text: str) -> float | int:
    value = float(text.replace(",", ""))
    return int(value) if value.is_integer() and "." not in text else value


def _value_from(name: str, spec: str, text: str) -> Any:
    if text == "":
        return None
    if spec == "yen":
        return _number_from(text[1:])
    if spec in ("n", "g") or spec.endswith("f"):
        return _number_from(text)
    if spec == "within":
        number, unit = text.removeprefix("within ").split(" ")
        return _number_from(number) / 60 if unit == "min" else _number_from(number)
    if spec.startswith("plural:"):
        return _number_from(text.split(" ")[0])
    if name in _NESTED:
        items = text.split(" · ") if name == "notes" else [text]
        found = [_parse_english(item, _NESTED[name]) for item in items]
        if all(f is not None for f in found):
            return found if name == "notes" else found[0]
        if name != "basis":  # only the basis may be a plain word
            raise ValueError(text)
    if name == "conditions":
        return text.split(" · ")
    return text


def _parse_english(text: str, prefixes: tuple[str, ...] | None) -> Reason | None:
    for code in TEMPLATES:
        if prefixes is None and (code.startswith(_NESTED_ONLY) or code == "warning"):
            continue
        if prefixes is not None and not code.startswith(prefixes):
            continue
        pattern, fields = _english_pattern(code)
        match = pattern.fullmatch(text)
        if match is None:
            continue
        try:
            values = {name: _value_from(name, spec, match[f"f{n}"]) for n, (name, spec) in enumerate(fields)}
        except ValueError:
            continue
        candidate = Reason(code, values)
        if render(candidate) == text:
            return candidate
    return None


@functools.cache
def from_english(text: str) -> Reason:
    """The reason whose English rendering is `text` (the stored form before migration 0007), else the
    text kept as it is. Rendered in English, the result is always `text` again. Call it with English
    as the current language."""
    if text.startswith("⚠ "):
        found = _parse_english(text, ("warning",))
        if found is not None:
            return found
    return _parse_english(text, None) or Reason(TEXT, {"text": text})
