"""An alert as a subject, a plain-text body (apprise services and the mail's text part) and HTML
(the mail's HTML part): the gigs of one pass, best first, each with what it pays net and its link."""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any

from tanka.config import Config
from tanka.digest.present import GigView, per_hour, present
from tanka.digest.render import Rendered
from tanka.i18n import _, language, ngettext
from tanka.scoring.settings import settings_from


def views(rows: list[dict[str, Any]], config: Config, now: datetime, writing_speed: float | None) -> list[GigView]:
    scoring = settings_from(config.scoring)
    return [present(r, now=now, benchmark=scoring.benchmark_yen, writing_speed=writing_speed or scoring.writing_speed)
            for r in rows]


def subject(gigs: list[GigView], profile: str) -> str:
    head = ngettext("tanka: {n} new gig for {profile}", "tanka: {n} new gigs for {profile}", len(gigs)).format(
        n=len(gigs), profile=profile)
    rates = [g.net_hourly for g in gigs if g.net_hourly]
    best = _(" — best {rate} net").format(rate=per_hour(max(rates))) if rates else ""
    return f"{head}{best}: {gigs[0].title}" if gigs else head


def _facts(gig: GigView) -> list[str]:
    score = _("score {score}").format(score=gig.score) if gig.score is not None else _("not scored")
    pay = gig.net_hourly_text if gig.net_hourly is not None else (gig.net_price or gig.price)
    lines = [f"{gig.band_label} · {pay} · {score}", f"{gig.site_label} · {gig.price} · {gig.deadline}",
             gig.competition]
    lines += [f"⚠ {flag}" for flag in gig.flags]
    return [line for line in lines if line]


def text(gigs: list[GigView]) -> str:
    blocks = []
    for n, gig in enumerate(gigs, 1):
        blocks.append("\n".join([f"{n}. {gig.title}", *(f"   {line}" for line in _facts(gig)),
                                 f"   {gig.url or ''}", f"   {gig.site}:{gig.listing_id}"]).rstrip()
                      .replace("\n   \n", "\n"))
    blocks.append(_("Mark a gig so it is not shown again: tanka mark SITE:ID applied|saved|hidden"))
    return "\n\n".join(blocks) + "\n"


def html(gigs: list[GigView], title: str) -> str:
    items = []
    for gig in gigs:
        name = escape(gig.title)
        link = f'<a href="{escape(gig.url)}">{name}</a>' if gig.url else name
        facts = "".join(f"<div>{escape(line)}</div>" for line in _facts(gig))
        items.append(f'<li style="margin-bottom:12px"><div style="font-weight:bold">{link}</div>{facts}'
                     f'<div style="color:#666">{escape(gig.site)}:{escape(gig.listing_id)}</div></li>')
    hint = escape(_("Mark a gig so it is not shown again: tanka mark SITE:ID applied|saved|hidden"))
    return (f'<!doctype html><html lang="{language()}"><head><meta charset="utf-8"><title>{escape(title)}</title></head>'
            f'<body style="font-family:sans-serif"><h1 style="font-size:18px">{escape(title)}</h1>'
            f'<ol>{"".join(items)}</ol><p style="color:#666">{hint}</p></body></html>\n')


def render(gigs: list[GigView], profile: str) -> Rendered:
    title = subject(gigs, profile)
    return Rendered(subject=title, text=text(gigs), html=html(gigs, title))
