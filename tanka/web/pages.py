"""What each page of the web view shows, read from one short connection: plain data for the templates.

The ranking is `tanka top`'s (tanka.scoring.top.rank_open_gigs) and each gig is presented as the
digest presents it (tanka.digest.present.present): the list, `top`, the digest and alerts say the
same thing about a gig. Every text from a listing reaches the templates as a plain string, and
Jinja2 escapes it there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import duckdb

from store import alerts as alert_ledger
from store import digests as digest_ledger
from store.health import crawl_health
from store.market import distributions, market_kinds, new_per_day
from store.marks import STATES, TAKEN, mark_history, month_earned, my_gigs, states_of
from store.queries import (
    client_listings,
    client_record,
    duplicate_postings,
    listing_history,
    listing_row,
    open_count,
    recent_runs_table,
    site_counts,
)
from tanka.config import Config
from tanka.digest.present import GigView, present, safe_url
from tanka.i18n import _
from tanka.i18n import short_day as day_of_week
from tanka.mine import goal_yen
from tanka.normalize.dates import TOKYO, tokyo_month
from tanka.scoring.profiles import writing_speed
from tanka.scoring.settings import ScoringSettings, benchmark_label, settings_from
from tanka.scoring.taxonomy import KINDS
from tanka.scoring.top import pay_headline, rank_open_gigs
from tanka.sites import default_crawl_sites, site_names
from tanka.sites import label as site_label
from tanka.status import health_state, run_row  # the words `tanka status` shows
from tanka.web import charts
from tanka.web.text import (
    kind_label,
    listing_status_label,
    moment,
    pay_type_label,
    per_char_text,
    state_label,
    yen_text,
)

PER_PAGE = 20
MARKET_DAYS = (30, 90)
MIN_SPREAD = 3  # fewer gigs than this make no distribution


def short_day(value: date | datetime) -> str:
    """12/7(月) / Mon, 12/7, of a Tokyo day."""
    return day_of_week(value.astimezone(TOKYO).date() if isinstance(value, datetime) else value)


class NotFound(LookupError):
    """No such page (an unknown site, a listing not stored)."""


def reader_settings(config: Config, profile: Mapping[str, Any] | None) -> ScoringSettings:
    """The scoring settings as the reader sees them (a profile's own writing speed)."""
    scoring = dict(config.scoring)
    speed = writing_speed(profile)
    if speed:
        scoring["writing_speed_chars_per_hour"] = speed
    return settings_from(scoring)


# ----- /: the ranked list ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class GigFilters:
    """The list's filters, as the query string gives them; anything not understood is left out."""

    profile: str | None = None
    site: str | None = None
    kind: str | None = None
    beginner: bool = False
    min_hourly: int | None = None
    keywords: str = ""
    show_marked: bool = False
    page: int = 1

    @classmethod
    def from_query(cls, params: Mapping[str, str], config: Config, default_profile: str | None) -> GigFilters:
        profile = params.get("profile", default_profile or "") or None
        return cls(
            profile=profile if profile in config.profiles else None,
            site=params.get("site") if params.get("site") in site_names() else None,
            kind=params.get("kind") if params.get("kind") in KINDS else None,
            beginner=params.get("beginner") in ("1", "on", "true"),
            min_hourly=_whole(params.get("min_hourly")),
            keywords=" ".join(str(params.get("keywords") or "").split())[:200],
            show_marked=params.get("show_marked") in ("1", "on", "true"),
            page=max(_whole(params.get("page")) or 1, 1),
        )

    def reader(self, config: Config) -> dict[str, Any]:
        """The profile the list is ranked for: the chosen profile's table with this form's filters on top."""
        chosen = dict(config.profile(self.profile)) if self.profile else {}
        if self.beginner:
            chosen["beginner_only"] = True
        if self.min_hourly:
            chosen["min_net_hourly_yen"] = self.min_hourly
        if self.keywords:  # the form's words replace the profile's (any of them, in the title or description)
            chosen["keywords"] = self.keywords.split()
        return chosen

    def query(self, **changes: Any) -> str:
        """The query string of these filters (with `changes`), defaults left out."""
        values = replace(self, **changes)
        pairs = [("profile", values.profile or ""), ("site", values.site or ""), ("kind", values.kind or ""),
                 ("beginner", "1" if values.beginner else ""), ("min_hourly", values.min_hourly or ""),
                 ("keywords", values.keywords), ("show_marked", "1" if values.show_marked else ""),
                 ("page", values.page if values.page > 1 else "")]
        return urlencode([(k, v) for k, v in pairs if v])


def _whole(text: object) -> int | None:
    try:
        value = int(str(text).strip().replace(",", ""))
    except ValueError:
        return None
    return value if 0 <= value < 10**9 else None


@dataclass
class ListedGig:
    view: GigView
    headline: str
    kind: str | None
    postings: list[tuple[str, str | None]]  # (site label, link) of every posting of the gig
    state: str | None  # the user's mark, when the list shows marked gigs


@dataclass
class GigList:
    filters: GigFilters
    gigs: list[ListedGig]
    first: int  # the rank of the first gig on this page
    more: bool  # a next page exists
    open_total: int
    settings: ScoringSettings


def gig_list(con: duckdb.DuckDBPyConnection, config: Config, filters: GigFilters, now: datetime) -> GigList:
    reader = filters.reader(config)
    settings = reader_settings(config, reader)
    wanted = filters.page * PER_PAGE
    entries = rank_open_gigs(con, config, reader or None, wanted + 1, filters.site, filters.kind,
                             filters.show_marked, now)
    page = entries[wanted - PER_PAGE:wanted]
    marks = states_of(con, [(e["site"], e["listing_id"]) for e in page]) if filters.show_marked else {}
    gigs = [ListedGig(view=present(e, now=now, benchmark=settings.benchmark_yen, writing_speed=settings.writing_speed),
                      headline=pay_headline(e, settings), kind=e.get("kind"),
                      postings=[(site_label(m["site"]), safe_url(m.get("url"))) for m in e["members"]],
                      state=marks.get((e["site"], e["listing_id"])))
            for e in page]
    return GigList(filters=filters, gigs=gigs, first=wanted - PER_PAGE + 1, more=len(entries) > wanted,
                   open_total=open_count(con), settings=settings)


# ----- /gig/<site>/<id>: one gig ---------------------------------------------------------------------------------
@dataclass
class GigPage:
    site: str
    listing_id: str
    view: GigView
    headline: str
    facts: list[tuple[str, str]]
    description: str
    status: str
    open: bool
    pay_chart: Any
    applicants_chart: Any
    applicants_label: str
    history: list[dict[str, Any]]
    client: dict[str, Any] | None
    client_gigs: list[dict[str, Any]]
    postings: list[dict[str, Any]]
    marks: list[dict[str, Any]]
    state: str | None
    states: tuple[str, ...] = STATES
    taken: tuple[str, ...] = TAKEN
    error: str = ""
    note: str = ""
    earned: str = ""
    done: str = ""  # what the last mark did, in words


def _status_text(row: Mapping[str, Any]) -> str:
    if row.get("status") != "open":
        closed = row.get("closed_at")
        return _("closed {when}").format(when=moment(closed)) if closed else _("closed")
    if row.get("filled"):
        return _("open, but every task is taken or every place filled")
    return _("open")


def _facts(row: Mapping[str, Any], view: GigView, settings: ScoringSettings) -> list[tuple[str, str]]:
    restrictions = [str(r) for r in row.get("restrictions") or []]
    earnable = row.get("earnable_net_yen")
    facts = [
        (_("Site"), f"{view.site_label} ({row['site']}:{row['listing_id']})"),
        (_("Kind of work"), kind_label(row.get("kind")) + (f" · {row['category']}" if row.get("category") else "")),
        (_("Pay type"), pay_type_label(row.get("pay_type"))),
        (_("Offered"), view.price),
        (_("After the fee"), view.net_price or _("not known")),
        (_("Net hourly"), view.net_hourly_text if view.net_hourly is None else
         f"{view.net_hourly_text} · {view.band_label}" + (f" ({view.hourly_basis})" if view.hourly_basis else "")),
        (_("Break-even"), view.break_even or ""),
        (_("One worker can earn"), _("about {yen} net").format(yen=yen_text(earnable)) if earnable else ""),
        (_("Competition"), view.competition),
        (_("Deadline"), view.deadline),
        (_("Posted"), moment(row.get("posted_at")) if row.get("posted_at") else _("not shown by the site")),
        (_("Client"), view.client),
        (_("Open only to"), ", ".join(restrictions)),
        (_("Tags"), ", ".join(str(t) for t in row.get("tags") or [])),
        (_("Score"), _("{score} of 100").format(score=view.score) if view.score is not None else _("not scored yet")),
        (_("Seen by tanka"), _("first {first}, last {last}").format(first=moment(row.get("first_seen_at")),
                                                                      last=moment(row.get("last_seen_at")))),
    ]
    return [(name, value) for name, value in facts if value]


def gig_page(con: duckdb.DuckDBPyConnection, config: Config, site: str, listing_id: str, now: datetime,
             profile: Mapping[str, Any] | None = None) -> GigPage:
    if site not in site_names():
        raise NotFound(site)
    row = listing_row(con, site, listing_id)
    if row is None:
        raise NotFound(f"{site}:{listing_id}")
    settings = reader_settings(config, profile)
    view = present(row, now=now, benchmark=settings.benchmark_yen, writing_speed=settings.writing_speed)
    history = listing_history(con, site, listing_id)
    marks = mark_history(con, site, listing_id)
    pay_label = _("Pay over time")
    applicants_label = _("Applicants over time") if row.get("pay_type") != "task" else _("Items done over time")
    return GigPage(
        site=site, listing_id=listing_id, view=view, headline=pay_headline(row, settings),
        facts=_facts(row, view, settings), description=str(row.get("description") or ""),
        status=_status_text(row), open=row.get("status") == "open",
        pay_chart=charts.history_chart([(h["seen_at"], h["pay_yen"]) for h in history], yen_text, pay_label, now,
                                       short_day),
        applicants_chart=charts.history_chart([(h["seen_at"], h["applicants"]) for h in history],
                                              lambda v: f"{v:,.0f}", applicants_label, now, short_day),
        applicants_label=applicants_label,
        history=[h | {"status": listing_status_label(h.get("status"))} for h in history],
        client=client_record(con, site, row.get("client_id"), row.get("client_name")),
        client_gigs=[g for g in client_listings(con, site, row.get("client_id"), row.get("client_name"))
                     if g["listing_id"] != listing_id],
        postings=[p | {"link": safe_url(p.get("url"))} for p in duplicate_postings(con, row.get("dup_group"))
                  if (p["site"], p["listing_id"]) != (site, listing_id)],
        marks=marks, state=marks[-1]["state"] if marks else None,
    )


# ----- /market ------------------------------------------------------------------------------------------------------
@dataclass
class SpreadTable:
    measure: str
    title: str
    explain: str
    chart: Any
    rows: list[dict[str, Any]]
    below_label: str = ""


@dataclass
class MarketPage:
    days: int
    kind: str | None
    site: str | None
    kinds: list[tuple[str, int]]
    total: int
    spreads: list[SpreadTable]
    per_day: Any
    per_day_rows: list[tuple[str, list[int]]]
    series: list[str]
    settings: ScoringSettings
    benchmark_label: str  # what the minimum wage is, in the current language
    choices: tuple[int, ...] = MARKET_DAYS


def _spread_rows(found: list[Any], kind: str | None, site: str | None) -> list[Any]:
    """The rows a chart shows: one per kind over every site; a chosen kind's or site's rows per site."""
    if kind:
        return found
    if site:
        return [d for d in found if d.site is not None]
    return [d for d in found if d.site is None]


def _row_label(d: Any) -> str:
    return f"{kind_label(d.kind)} · {site_label(d.site)}" if d.site else \
        _("{kind} · all sites").format(kind=kind_label(d.kind))


def market_page(con: duckdb.DuckDBPyConnection, config: Config, days: int, kind: str | None, site: str | None,
                now: datetime) -> MarketPage:
    days = days if days in MARKET_DAYS else MARKET_DAYS[0]
    kind = kind if kind in KINDS else None
    site = site if site in site_names() else None
    settings = reader_settings(config, None)
    since = now - timedelta(days=days)
    wage = settings.benchmark_yen
    per_char_wage = wage / settings.writing_speed
    measures = [
        ("net_hourly_yen", _("Net pay per hour"),
         _("What an hour of the work pays after the site's fee (stated wages, the sites' own estimates, minutes "
           "per task, and writing at {speed}字/h).").format(speed=f"{settings.writing_speed:,.0f}"),
         yen_text, (wage, _("minimum wage {wage}/h").format(wage=yen_text(wage))), wage),
        ("yen_per_char", _("Pay per character (文字単価)"),
         _("Writing gigs' price per character, before the fee. The line is the rate that pays the minimum wage "
           "when you write {speed}字/h.").format(speed=f"{settings.writing_speed:,.0f}"),
         per_char_text, (per_char_wage, _("minimum wage at {speed}字/h").format(
             speed=f"{settings.writing_speed:,.0f}")), per_char_wage),
        ("net_unit_yen", _("Pay per item, after the fee"),
         _("What one task or one article pays after the site's fee."), yen_text, None, None),
    ]
    spreads = []
    for measure, title, explain, fmt, line, below in measures:
        found = distributions(con, measure, since, kind=kind, site=site, below=below, min_count=MIN_SPREAD)
        shown = _spread_rows(found, kind, site)
        rows = [charts.SpreadRow(label=_row_label(d), note=_("{n} gigs · median {median}").format(
            n=f"{d.count:,}", median=fmt(d.median)), p10=d.p10, p25=d.p25, median=d.median, p75=d.p75, p90=d.p90,
            total=d.site is None and bool(kind)) for d in shown]
        chart = charts.spread_chart(rows, fmt, title, line) if rows else None
        table = [{"label": _row_label(d), "count": d.count, "p25": fmt(d.p25), "median": fmt(d.median),
                  "p75": fmt(d.p75), "below": f"{d.below / d.count:.0%}" if below else ""} for d in found]
        spreads.append(SpreadTable(measure, title, explain, chart, table,
                                   _("below the line") if below else ""))
    first = (now - timedelta(days=days - 1)).astimezone(TOKYO).date()
    counts = new_per_day(con, since, kind=kind, site=site)
    last = max([now.astimezone(TOKYO).date(), *(day for day, _site, _n in counts)])
    series = sorted({name for _day, name, _n in counts}, key=lambda s: site_names().index(s)
                    if s in site_names() else 99)
    labels = [site_label(s) for s in series]
    per_day = charts.per_day_chart([(day, site_label(name), n) for day, name, n in counts], labels, first, last,
                                   _("New gigs per day"), short_day)
    by_day: dict[Any, dict[str, int]] = {}
    for day, name, n in counts:
        by_day.setdefault(day, {})[name] = n
    per_day_rows = [(short_day(day), [by_day[day].get(s, 0) for s in series]) for day in sorted(by_day, reverse=True)]
    kinds = market_kinds(con, since)
    return MarketPage(days=days, kind=kind, site=site, kinds=kinds, total=sum(n for _k, n in kinds),
                      spreads=spreads, per_day=per_day, per_day_rows=per_day_rows, series=labels, settings=settings,
                      benchmark_label=benchmark_label(settings.benchmark_label))


# ----- /status ------------------------------------------------------------------------------------------------------
@dataclass
class StatusPage:
    health: list[Any]
    run_columns: list[str]
    runs: list[tuple[Any, ...]]
    counts: list[tuple[str, int, int]]
    digests: list[dict[str, Any]]
    alerts: list[dict[str, Any]]


def target_text(target: str) -> str:
    """An alert target as the page shows it: "email", or a URL's scheme only (a URL may hold a token)."""
    scheme, sep, _rest = str(target).partition("://")
    return f"{scheme}://…" if sep else str(target)


def status_page(con: duckdb.DuckDBPyConnection, config: Config, now: datetime) -> StatusPage:
    health = crawl_health(con, default_crawl_sites(config), now, running_timeout=config.crawl_timeout)
    columns, runs = recent_runs_table(con, 3)
    health = [replace(h, state=health_state(h.state, h.failing)) for h in health]
    alerts = [a | {"target": target_text(a["target"])} for a in alert_ledger.recent(con, 20)]
    return StatusPage(health=health, run_columns=[_(c) for c in columns], runs=[run_row(r) for r in runs],
                      counts=[(site_label(s), n_open, n) for s, n_open, n in site_counts(con)],
                      digests=digest_ledger.recent(con, 20), alerts=alerts)


# ----- /mine --------------------------------------------------------------------------------------------------------
@dataclass
class MinePage:
    gigs: list[dict[str, Any]]
    goal: int
    earned: int
    taken: int
    share: float
    left: int
    state: str | None
    states: tuple[str, ...] = STATES
    counts: dict[str, int] = field(default_factory=dict)


def mine_page(con: duckdb.DuckDBPyConnection, config: Config, profile: str | None, state: str | None,
              now: datetime) -> MinePage:
    state = state if state in STATES else None
    every = my_gigs(con)
    counts: dict[str, int] = {}
    for gig in every:
        counts[gig["state"]] = counts.get(gig["state"], 0) + 1
    month = month_earned(con, *tokyo_month(now))
    goal = goal_yen(config, profile)
    gigs = [g | {"link": safe_url(g.get("url")), "state_label": state_label(g["state"])}
            for g in every if state is None or g["state"] == state]
    return MinePage(gigs=gigs, goal=goal, earned=month.earned_yen, taken=month.taken,
                    share=month.earned_yen / goal if goal else 0.0, left=max(goal - month.earned_yen, 0),
                    state=state, counts=counts)
