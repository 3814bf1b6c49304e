"""The digest as a subject line, a plain-text part and an HTML part (CSS inlined for mail clients).

Both templates get the same presented data (digest.present). The HTML environment escapes every
value (autoescape); the text one does not need to, because every listing string was flattened
to one line before it got here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import css_inline
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from tanka.digest.build import Digest
from tanka.digest.present import WEEKDAYS, one_line, yen

TEMPLATES = Path(__file__).with_name("templates")
_INLINER = css_inline.CSSInliner(load_remote_stylesheets=False)


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def day_label(moment: datetime) -> str:
    return f"{WEEKDAYS[moment.weekday()]} {moment.month}/{moment.day}"


def moment_label(moment: datetime) -> str:
    return f"{day_label(moment)} {moment:%H:%M}"


def hours_label(hours: float | None) -> str:
    if hours is None:
        return "unknown"
    return f"{hours:.1f} h" if hours < 10 else f"{hours:,.0f} h"


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined,
                      autoescape=select_autoescape(enabled_extensions=("html.j2",), default=False),
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(yen=yen, hours=hours_label, day=day_label, moment=moment_label)
    return env


ENV = _environment()


def subject(digest: Digest) -> str:
    """One line: the day, how many picks, the best net hourly pay, the top pick's title."""
    head = f"tanka {day_label(digest.now)}"
    if digest.broken_sites:
        head += " ⚠ crawl problems"
    if not digest.gigs:
        return one_line(f"{head}: no new gigs match {digest.profile.name!r}", 150)
    count = f"{len(digest.gigs)} new gig{'s' * (len(digest.gigs) != 1)}"
    best = f", best {yen(digest.goal.best_rate)}/h" if digest.goal.best_rate else ""
    return one_line(f"{head}: {count}{best} — {one_line(digest.gigs[0].title, 40)}", 150)


def render(digest: Digest, *, unsubscribe_hint: str) -> Rendered:
    context = {"d": digest, "subject": subject(digest), "unsubscribe_hint": unsubscribe_hint}
    text = ENV.get_template("digest.txt.j2").render(context)
    html = _INLINER.inline(ENV.get_template("digest.html.j2").render(context))
    return Rendered(subject=context["subject"], text=text, html=html)
