"""`tanka top`: the best open gigs for a beginner, each with what it pays and why it ranks there.

Rows come from store.queries (read-only): open gigs that can still be taken (not every task taken
or slot filled). A profile filters them and, with its own writing speed or the conditions its
user meets (`eligible`), re-scores the gigs that changes (scoring.derive.rederive, from the stored
values). Gigs open to everyone come first, then those limited to a group the reader has not said
they belong to; each best score first. `--beginner` keeps only gigs marked beginner_ok. A gig
posted on several sites is shown once, with the best net pay and every link.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

import duckdb

from store.queries import HEAVY_COLUMNS, open_count, open_listings
from tanka.i18n import N_, _, per_hour, pgettext
from tanka.items import HourlyBasis
from tanka.output import display_width, one_line, truncate
from tanka.scoring.derive import rederive
from tanka.scoring.profiles import (
    eligible,
    listing_filter,
    profile_matcher,
    ranking_key,
    rescored_for_reader,
    scoring_config_for,
    writing_speed,
)
from tanka.scoring.reasons import decode, is_warning, kind_label, render
from tanka.scoring.score import ESTIMATE_NOTE, within, yen
from tanka.scoring.settings import ScoringSettings, benchmark_label, settings_from

TITLE_WIDTH = 64
_BASIS = {"stated": N_("stated"), "site_estimate": N_("site's estimate"), "task_minutes": N_("from time per task"),
          "unknown": ""}
# Enough candidates that dropping duplicates and profile misses still leaves `limit` gigs.
_CANDIDATES_PER_GIG, _MIN_CANDIDATES = 10, 200


def candidates(con: duckdb.DuckDBPyConnection, scoring: Mapping[str, Any], profile: Any, limit: int,
               site: str | None, kind: str | None, default_speed: float, show_marked: bool = False,
               now: datetime | None = None) -> list[dict[str, Any]]:
    """Open listings that may make the top `limit`, re-derived where the profile changes them; the
    gigs the user marked hidden, applied, won, lost or done left out unless `show_marked`, and
    those whose deadline has passed by `now`."""
    where = replace(listing_filter(profile, site=site, kind=kind), hide_marked=not show_marked, open_at=now)
    text_filters = any(profile and _has(profile, key) for key in ("keywords", "exclude_words", "categories"))
    cap = None if text_filters else max(limit * _CANDIDATES_PER_GIG, _MIN_CANDIDATES)
    speed = writing_speed(profile)
    faster = bool(speed and speed != default_speed)
    rescore = faster or bool(eligible(profile))
    heavy = set(HEAVY_COLUMNS) if rescore else set()  # re-deriving reads the raw values and the description
    if any(profile and _has(profile, key) for key in ("keywords", "exclude_words")):
        heavy.add("description")
    rows = open_listings(con, where, limit=cap, heavy=heavy)
    # Gigs the reader's settings may lift past the stored order: writing gigs at their own speed,
    # gigs limited to a group they belong to.
    more = []
    if faster:
        more += open_listings(con, replace(where, hourly_basis=HourlyBasis.WRITING_SPEED), order="yen_per_char",
                              limit=cap, heavy=heavy)
    if eligible(profile):
        more += open_listings(con, replace(where, restricted_only=True), limit=cap, heavy=heavy)
    seen = {(r["site"], r["listing_id"]) for r in rows}
    for row in more:
        if (row["site"], row["listing_id"]) not in seen:
            seen.add((row["site"], row["listing_id"]))
            rows.append(row)
    if rescore:
        rows = [rederive(r, scoring) if rescored_for_reader(r, profile, default_speed) else r for r in rows]
    return list(filter(profile_matcher(profile), rows))


def _has(profile: Any, key: str) -> bool:
    value = profile.get(key) if isinstance(profile, Mapping) else getattr(profile, key, None)
    return bool(value)


def collapse_duplicates(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per gig: the member paying best (net hourly, then score), with every member's link."""
    groups: dict[str, list[dict[str, Any]]] = {}
    out: list[dict[str, Any]] = []
    for row in rows:
        group = row.get("dup_group")
        if group is None:
            out.append({**row, "members": [row]})
        elif group in groups:
            groups[group].append(row)
        else:
            groups[group] = [row]
            out.append({"dup_group": group})
    for n, entry in enumerate(out):
        if "members" not in entry:
            members = groups[entry["dup_group"]]
            best = max(members, key=lambda r: (r.get("net_hourly_yen") or -1, r.get("score") or 0))
            out[n] = {**best, "members": sorted(members, key=lambda r: r is not best)}
    return out


def pay_headline(row: Mapping[str, Any], settings: ScoringSettings) -> str:
    """What the gig pays, net, in a few words: ¥1,716/h net (stated) · ¥86 per task …"""
    approx = "≈" if row.get("net_is_estimate") else ""
    hourly, basis = row.get("net_hourly_yen"), row.get("hourly_basis") or "unknown"
    if hourly is not None:
        if basis == "writing_speed":
            how = _("at {speed}字/h").format(speed=f"{settings.writing_speed:,.0f}")
        else:
            how = _(_BASIS[basis]) if _BASIS.get(basis) else _BASIS.get(basis, basis)
        pay = _("{yen}/h net").format(yen=approx + yen(hourly))
        return _("{pay} ({how})").format(pay=pay, how=how) if how else pay
    if row.get("expected_value_yen") is not None:
        return _("contest: {yen} expected per entry").format(yen=approx + yen(row["expected_value_yen"]))
    hours = row.get("break_even_hours")
    worth = _(", worth it {within}").format(within=within(hours)) if hours is not None else ""
    if row.get("net_unit_yen") is not None:
        return _("{yen} net per item{worth}").format(yen=approx + yen(row["net_unit_yen"]), worth=worth)
    amount = row.get("net_budget_min_yen") or row.get("net_budget_max_yen")
    if amount is not None:
        if row.get("net_budget_min_yen"):
            return _("{yen} net fixed{worth}").format(yen=approx + yen(amount), worth=worth)
        return _("up to {yen} net fixed{worth}").format(yen=approx + yen(amount), worth=worth)
    return _("pay not stated")


def _entry_lines(rank: int, entry: Mapping[str, Any], settings: ScoringSettings) -> list[str]:
    members = entry["members"]
    sites = " + ".join(dict.fromkeys(m["site"] for m in members))
    score = entry.get("score")
    head = (f"{rank:>3}. {score if score is not None else '-':>5}  {pay_headline(entry, settings)}"
            f"  ·  {kind_label(entry.get('kind'))}  ·  {sites}")
    lines = [head, "       " + truncate(entry.get("title") or _("(no title)"), TITLE_WIDTH)]
    reasons = [decode(r) for r in entry.get("score_reasons") or []]
    warnings = [render(r) for r in reasons if is_warning(r)]
    # derive() puts the pay reason first after the warnings; the headline already says it, as it
    # says ≈ for an estimated fee.
    others = [render(r) for r in reasons if not is_warning(r) and r.code != ESTIMATE_NOTE][1:4]
    if others:
        lines.append("       " + _("why: {reasons}").format(reasons=pgettext("between reasons", " · ").join(others)))
    lines += [f"       {w}" for w in warnings]
    for member in members:
        link = member.get("url") or f"{member['site']}:{member['listing_id']}"
        note = f"  ({member['site']}, {pay_headline(member, settings)})" if len(members) > 1 else ""
        lines.append(f"       {link}{note}")
    return lines


def rank_open_gigs(con: duckdb.DuckDBPyConnection, config: Any, profile: Mapping[str, Any] | None, limit: int,
                   site: str | None = None, kind: str | None = None, show_marked: bool = False,
                   now: datetime | None = None) -> list[dict[str, Any]]:
    """The best `limit` gigs open for ranking for a reader whose filters and scoring settings are
    `profile` (a [profiles.NAME] table, or any mapping with its keys: beginner_only, keywords,
    min_net_hourly_yen, show_marked …), best first, one entry per gig (its `members` are every
    posting of it); `now`: leave out gigs whose deadline has passed by then. `tanka top` and the web
    view's list both rank with this."""
    scoring = scoring_config_for(config.scoring, profile)
    default_speed = settings_from(dict(config.scoring)).writing_speed
    show_marked = show_marked or bool(profile and profile.get("show_marked"))
    rows = candidates(con, scoring, profile, max(limit, 1), site, kind, default_speed, show_marked, now)
    rows.sort(key=lambda r: (*ranking_key(r, profile), r["site"], r["listing_id"]))
    return collapse_duplicates(rows)[:max(limit, 0)]


def top_entries(con: duckdb.DuckDBPyConnection, config: Any, profile: str | None, limit: int,
                site: str | None = None, kind: str | None = None, beginner: bool = False,
                show_marked: bool = False, now: datetime | None = None) -> list[dict[str, Any]]:
    """`rank_open_gigs` for the profile named `profile`; `beginner`: beginner_ok gigs only;
    `show_marked`: also the gigs the user marked hidden, applied, won, lost or done (as does the
    profile's show_marked)."""
    chosen = config.profile(profile) if profile else None
    if beginner:
        chosen = {**(chosen or {}), "beginner_only": True}
    return rank_open_gigs(con, config, chosen, limit, site, kind, show_marked, now)


def top_table(con: duckdb.DuckDBPyConnection, config: Any, profile: str | None, limit: int,
              site: str | None, kind: str | None, beginner: bool = False, show_marked: bool = False,
              now: datetime | None = None) -> str:
    """The `tanka top` text: the best `limit` open gigs, best first; `beginner`: beginner_ok gigs only."""
    settings = settings_from(dict(scoring_config_for(config.scoring, config.profile(profile) if profile else None)))
    entries = top_entries(con, config, profile, limit, site, kind, beginner, show_marked, now)
    open_total = open_count(con)
    filters = [_("for beginners") if beginner else "",
               _("profile {name}").format(name=profile) if profile else "",
               _("site {name}").format(name=site) if site else "",
               _("kind {name}").format(name=kind_label(kind)) if kind else ""]
    header = [
        " · ".join([_("tanka top — {count} best of {total} open gigs").format(count=len(entries),
                                                                           total=f"{open_total:,}"),
                    *(f for f in filters if f)]),
        _("net = what reaches you after the site's fee (≈: the fee is not confirmed, an estimate)"),
        _("benchmark {wage}: {label}").format(wage=per_hour(settings.benchmark_yen),
                                               label=benchmark_label(settings.benchmark_label)),
        _("writing gigs at {speed}字/h (research and revision included)").format(
            speed=f"{settings.writing_speed:,.0f}"),
    ]
    rule = "─" * min(max(display_width(line) for line in header), 100)
    if not entries:
        return "\n".join([*header, rule, _("No open gigs match. Run `tanka crawl` first, or loosen the filters.")])
    body: list[str] = []
    for rank, entry in enumerate(entries, 1):
        body += [*_entry_lines(rank, entry, settings), ""]
    # Titles, reasons and links are the sites' text: each printed line stays one line, its control
    # characters (escape sequences, carriage returns, bidi overrides) shown, never obeyed.
    return "\n".join(one_line(line) for line in [*header, rule, *body]).rstrip()
