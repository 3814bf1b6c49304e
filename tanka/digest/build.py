"""The digest's content, read from DuckDB (read-only): new matching gigs, the goal line, crawl health.

"New" means first seen after the profile's last delivered digest stopped (its content_until in
the ledger, looking back an OVERLAP further for rows stored late, minus gigs already sent); the
first digest of a profile looks back `first_window_hours`. Only gigs still open for ranking (not
every task taken or slot filled) with a deadline ahead count. Picks are the gigs open to the reader
first (a gig limited to a group the profile has not said it belongs to comes after every gig open
to all), each by score, then net hourly pay; one per dup_group. The digest also names, under
"Watch out", the flagged gigs it left out and why. Every figure of the subject and the goal line
comes from the picks shown.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

import duckdb

from store.digests import delivered_keys, last_sent_until
from store.health import SiteHealth, crawl_health
from store.marks import MonthEarned, month_earned
from store.queries import CHOOSING_COLUMNS, listings_by_ref, new_listings
from tanka.config import Config
from tanka.digest.present import PAY_GROUPS, GigView, WatchOut, present, watch_out
from tanka.digest.profile import Profile
from tanka.i18n import _
from tanka.normalize.dates import tokyo_month
from tanka.scoring.derive import rederive
from tanka.scoring.profiles import (
    profile_matcher,
    reader_restriction,
    rescored_for_reader,
    scoring_config_for,
)
from tanka.scoring.score import PENALTIES, WATCH_OUT_MIN_PENALTY
from tanka.scoring.settings import benchmark_label, settings_from
from tanka.sites import default_crawl_sites

SERIOUS_FLAGS = tuple(flag for flag, penalty in PENALTIES.items() if penalty >= WATCH_OUT_MIN_PENALTY)
WATCH_OUT_LIMIT = 5  # left-out flagged gigs named under "Watch out"
WEEKS_PER_MONTH = 365.25 / 12 / 7
# Safety margin against clock skew between the processes that stamp rows and build digests: look
# back this much further than the last digest, minus the gigs it already sent.
OVERLAP = timedelta(minutes=30)


@dataclass(frozen=True)
class Benchmark:
    """The yardsticks the scores used (scoring.settings), printed in every digest."""

    wage_yen: float
    label: str
    writing_speed: float
    goal_yen: int

    @classmethod
    def from_config(cls, config: Config, profile: Profile) -> Benchmark:
        scoring = settings_from(config.scoring)
        return cls(wage_yen=scoring.benchmark_yen, label=benchmark_label(scoring.benchmark_label),
                   writing_speed=profile.writing_speed or scoring.writing_speed,
                   goal_yen=profile.monthly_goal_yen or int(config.scoring.get("monthly_goal_yen") or 100_000))


@dataclass(frozen=True)
class GoalPath:
    """The month so far (what the user marked earned, gigs taken) and the hours what is left of the
    goal takes at the picks' net hourly rates."""

    goal_yen: int
    counted: int  # picks whose net hourly pay is known
    median_rate: float | None
    best_rate: float | None
    benchmark_rate: float
    earned_yen: int = 0  # this Tokyo month, from `tanka mark … --earned`
    taken: int = 0  # gigs marked won or done this month

    @property
    def left_yen(self) -> int:
        return max(self.goal_yen - self.earned_yen, 0)

    @property
    def share(self) -> float:
        return self.earned_yen / self.goal_yen if self.goal_yen else 0.0

    def hours(self, rate: float | None) -> float | None:
        return None if not rate or rate <= 0 else self.left_yen / rate

    def weekly(self, rate: float | None) -> float | None:
        hours = self.hours(rate)
        return None if hours is None else hours / WEEKS_PER_MONTH


@dataclass
class Digest:
    profile: Profile
    now: datetime
    since: datetime
    first: bool  # no digest of this profile was delivered before
    new_total: int  # new open gigs, before the profile's filters
    matched: int  # … of which match the profile
    gigs: list[GigView]
    groups: list[tuple[str, list[GigView]]]
    goal: GoalPath
    health: list[SiteHealth]
    benchmark: Benchmark
    watch_out: list[WatchOut] = field(default_factory=list)  # flagged gigs left out, and why

    @property
    def keys(self) -> list[str]:
        """'site:listing_id' of every gig in the digest, as the ledger records them."""
        return [f"{g.site}:{g.listing_id}" for g in self.gigs]

    @property
    def broken_sites(self) -> list[SiteHealth]:
        return [h for h in self.health if not h.ok]


def _best_first(row: dict[str, Any]) -> tuple[Any, ...]:
    """store.queries.new_listings' order, for rows re-scored in Python."""
    score, hourly = row.get("score"), row.get("net_hourly_yen")
    return (score is None, -(score or 0.0), hourly is None, -(hourly or 0.0),
            -row["first_seen_at"].timestamp(), row["site"], row["listing_id"])


def reader(profile: Profile) -> dict[str, Any]:
    """The profile's own scoring settings, as scoring.profiles reads them."""
    return {"writing_speed_chars_per_hour": profile.writing_speed, "eligible": list(profile.eligible)}


def rescores(profile: Profile, config: Config) -> bool:
    """Does the profile score some gigs differently (its own writing speed, conditions it meets)?"""
    speed = profile.writing_speed
    return bool(speed and speed != settings_from(config.scoring).writing_speed) or bool(profile.eligible)


def for_reader(rows: list[dict[str, Any]], config: Config, profile: Profile) -> list[dict[str, Any]]:
    """Rows the profile scores differently (writing gigs at its speed, gigs limited to a group it belongs
    to) re-scored with its settings; re-ordered."""
    scoring = scoring_config_for(config.scoring, reader(profile))
    default_speed = settings_from(config.scoring).writing_speed
    rescored = [rederive(row, scoring) if rescored_for_reader(row, reader(profile), default_speed) else row
                for row in rows]
    return sorted(rescored, key=_best_first)


def open_to_reader_first(rows: list[dict[str, Any]], profile: Profile) -> list[dict[str, Any]]:
    """Gigs limited to a group the profile has not said it belongs to after all the others (stable)."""
    return sorted(rows, key=reader_restriction(reader(profile)))


def pick(rows: list[dict[str, Any]], profile: Profile) -> tuple[list[dict[str, Any]], int]:
    """The best `profile.limit` matching rows (rows come best first), one per dup_group; and the match count."""
    matching = list(filter(profile_matcher(profile), rows))
    picked, groups = [], set()
    for row in matching:
        group = row.get("dup_group")
        if group is not None:
            if group in groups:
                continue
            groups.add(group)
        picked.append(row)
        if len(picked) == profile.limit:
            break
    return picked, len(matching)


def _watch_flags(row: dict[str, Any]) -> list[str]:
    return [f for f in row.get("risk_flags") or [] if f in SERIOUS_FLAGS]


def left_out(rows: list[dict[str, Any]], picked: list[dict[str, Any]], profile: Profile) -> list[dict[str, Any]]:
    """The flagged gigs the profile would otherwise have seen (its filters but beginner_only, which
    the flags themselves fail), left out of the picks: most serious first, at most WATCH_OUT_LIMIT."""
    shown = {(r["site"], r["listing_id"]) for r in picked}
    wanted = profile_matcher(replace(profile, beginner_only=False))
    flagged = [r for r in rows if r.get("risk_flags") and _watch_flags(r) and (r["site"], r["listing_id"]) not in shown
               and wanted(r)]
    flagged.sort(key=lambda r: -max(PENALTIES.get(f, 0) for f in _watch_flags(r)))  # stable: best score first
    return flagged[:WATCH_OUT_LIMIT]


def group_by_pay(gigs: list[GigView]) -> list[tuple[str, list[GigView]]]:
    """Sections by kind of pay; the section holding the best gig comes first."""
    groups: dict[str, list[GigView]] = {}
    for gig in gigs:
        groups.setdefault(gig.group, []).append(gig)
    order = [_(title) for title in PAY_GROUPS.values()]  # the titles as present() wrote them
    return sorted(groups.items(), key=lambda item: (gigs.index(item[1][0]), order.index(item[0])))


def goal_path(gigs: list[GigView], benchmark: Benchmark, month: MonthEarned | None = None) -> GoalPath:
    rates = [g.net_hourly for g in gigs if g.net_hourly and g.net_hourly > 0]
    return GoalPath(goal_yen=benchmark.goal_yen, counted=len(rates),
                    median_rate=statistics.median(rates) if rates else None,
                    best_rate=max(rates) if rates else None, benchmark_rate=benchmark.wage_yen,
                    earned_yen=month.earned_yen if month else 0, taken=month.taken if month else 0)


def build_digest(con: duckdb.DuckDBPyConnection, config: Config, profile: Profile, now: datetime) -> Digest:
    """Everything the digest shows, from one read-only connection."""
    last = last_sent_until(con, profile.name)
    since = last or now - timedelta(hours=profile.first_window_hours)
    rescore = rescores(profile, config)
    start = since - OVERLAP if last else since
    if rescore:  # the order changes with the profile's own settings: every row is read and re-scored
        rows = new_listings(con, start, now, hide_marked=not profile.show_marked)
    else:
        text = ("title", "description") if profile.keywords or profile.exclude_words else ()
        rows = new_listings(con, start, now, columns=(*CHOOSING_COLUMNS, *text), hide_marked=not profile.show_marked,
                            serious_flags=SERIOUS_FLAGS)
    if last:
        shown = delivered_keys(con, profile.name, since - OVERLAP)
        rows = [r for r in rows if f"{r['site']}:{r['listing_id']}" not in shown]
    benchmark = Benchmark.from_config(config, profile)
    if rescore:
        rows = for_reader(rows, config, profile)
    rows = open_to_reader_first(rows, profile)
    picked, matched = pick(rows, profile)
    flagged = left_out(rows, picked, profile)
    if not rescore:
        whole = listings_by_ref(con, [row["row_ref"] for row in (*picked, *flagged)])  # one read for both
        picked, flagged = whole[:len(picked)], whole[len(picked):]
    gigs = [present(r, now=now, benchmark=benchmark.wage_yen, writing_speed=benchmark.writing_speed) for r in picked]
    sites = [*default_crawl_sites(config), *profile.sites]
    timeout = config.crawl_timeout
    return Digest(profile=profile, now=now, since=since, first=last is None, new_total=len(rows),
                  matched=matched, gigs=gigs, groups=group_by_pay(gigs),
                  goal=goal_path(gigs, benchmark, month_earned(con, *tokyo_month(now))),
                  health=crawl_health(con, sites, now, running_timeout=timeout), benchmark=benchmark,
                  watch_out=[watch_out(r) for r in flagged])
