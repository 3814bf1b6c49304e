"""The digest as a subject line, a plain-text part and an HTML part (CSS inlined for mail clients).

Both templates get the same presented data (digest.present). The HTML environment escapes every
value (autoescape); the text one does not need to, because every listing string was flattened
to one line before it got here. Both render in the current language (tanka.i18n, the profile's):
their words through Jinja2's i18n extension, dates and amounts through the filters below.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import css_inline
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from tanka.digest.build import Digest
from tanka.digest.present import one_line, per_hour, yen
from tanka.i18n import _, install_jinja, language, ngettext
from tanka.i18n import day_label as _day_label
from tanka.i18n import moment_label as _moment_label

TEMPLATES = Path(__file__).with_name("templates")
_INLINER = css_inline.CSSInliner(load_remote_stylesheets=False)


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def day_label(moment: datetime) -> str:
    """Sat, Nov 28 / 11月28日(土)."""
    return _day_label(moment)


def moment_label(moment: datetime) -> str:
    return _moment_label(moment)


def hours_label(hours: float | None) -> str:
    if hours is None:
        return _("unknown")
    return _("{hours} h").format(hours=f"{hours:.1f}" if hours < 10 else f"{hours:,.0f}")


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined,
                      autoescape=select_autoescape(enabled_extensions=("html.j2",), default=False),
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(yen=yen, per_hour=per_hour, hours=hours_label, day=day_label, moment=moment_label,
                       number=lambda value: f"{value:,.0f}")
    return install_jinja(env)


ENV = _environment()


def subject(digest: Digest) -> str:
    """One line: the day, how many picks, the best net hourly pay, the top pick's title."""
    head = f"tanka {day_label(digest.now)}"
    if digest.broken_sites:
        head += " " + _("⚠ crawl problems")
    if not digest.gigs:
        return one_line(_("{head}: no new gigs match {profile!r}").format(head=head, profile=digest.profile.name), 150)
    count = ngettext("{n} new gig", "{n} new gigs", len(digest.gigs)).format(n=len(digest.gigs))
    best = _(", best {rate}").format(rate=per_hour(digest.goal.best_rate)) if digest.goal.best_rate else ""
    return one_line(_("{head}: {count}{best} — {title}").format(head=head, count=count, best=best,
                                                                title=one_line(digest.gigs[0].title, 40)), 150)


def counts_line(digest: Digest) -> str:
    """"7 new open gigs, 7 matching profile "demo", the best 6 below." """
    values = {"n": digest.new_total, "matched": digest.matched, "profile": digest.profile.name,
              "shown": len(digest.gigs)}
    if digest.gigs:
        return ngettext('{n} new open gig, {matched} matching profile "{profile}", the best {shown} below.',
                        '{n} new open gigs, {matched} matching profile "{profile}", the best {shown} below.',
                        digest.new_total).format(**values)
    return ngettext('{n} new open gig, {matched} matching profile "{profile}".',
                    '{n} new open gigs, {matched} matching profile "{profile}".', digest.new_total).format(**values)


def month_line(digest: Digest) -> str:
    """This month so far: what the gigs taken earned against the goal, and what is left."""
    goal = digest.goal
    return ngettext("This month so far: {earned} earned from {n} gig taken ({share}% of the goal); {left} to go.",
                    "This month so far: {earned} earned from {n} gigs taken ({share}% of the goal); {left} to go.",
                    goal.taken).format(earned=yen(goal.earned_yen), n=goal.taken, share=int(goal.share * 100),
                                       left=yen(goal.left_yen))


def glossary(digest: Digest) -> list[tuple[str, str]]:
    """The footer's 用語集: each figure the digest shows, what it means and what a good value is."""
    wage = per_hour(digest.benchmark.wage_yen)
    return [
        (_("Net hourly (手取り時給)"),
         _("what reaches you per hour of work after the site's fee. Compare it with the minimum wage, {wage}: "
           "at or above it is fair pay; under half of it is practice at best.").format(wage=wage)),
        (_("Score (おすすめ度)"),
         _("0–100, how worth applying for the gig is: pay counts most, then how much it can add toward your "
           "monthly goal, the client's record, competition, beginner fit and freshness; warning signs take "
           "points off. Around 50 is a gig paying about the minimum wage with nothing wrong: read its reasons "
           "and decide; 65 or more is a good gig, worth applying for; under 35, skip it.")),
        (_("Break-even (作業時間の目安)"),
         _("for a fixed price: finish within this time and you earn at least the minimum wage.")),
        (_("Per character (文字単価)"),
         _("writing pay divided by the characters asked for. Beginners start around 0.5–1円/字; under 0.2円/字 "
           "is far below the market.")),
        (_("Fee (手数料)"),
         _("what the site keeps from each payment: CrowdWorks 20% of a contract up to 10万円 (plus tax on the "
           "fee), Lancers 16.5%, Shufti about 11%. Every amount “after the fee” has it taken off already; ≈ marks "
           "a fee the site does not confirm.")),
        (_("Warnings (⚠)"),
         _("signs of a scam or a bad deal: contact outside the site, paying first, pay in “experience”. "
           "Never move to LINE or pay anything before a contract on the site.")),
    ]


def render(digest: Digest, *, unsubscribe_hint: str) -> Rendered:
    context = {"d": digest, "subject": subject(digest), "unsubscribe_hint": unsubscribe_hint, "lang": language(),
               "glossary": glossary(digest), "counts_line": counts_line(digest),
               "month_line": month_line(digest)}
    text = ENV.get_template("digest.txt.j2").render(context)
    html = _INLINER.inline(ENV.get_template("digest.html.j2").render(context))
    return Rendered(subject=context["subject"], text=text, html=html)
