"""Which gigs an alert pass sends: new to the market, matching the profile and its alert threshold,
not put away by the user, not sent to the target before. Read-only; the ledger decides the rest."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import duckdb

from store.queries import new_listings
from tanka.alerts.settings import AlertProfile, AlertSettings
from tanka.config import Config
from tanka.items import DetailStatus, HourlyBasis
from tanka.scoring.derive import rederive
from tanka.scoring.profiles import profile_matcher, restricted_for, scoring_config_for
from tanka.scoring.settings import settings_from


def passes_threshold(row: Mapping[str, Any], profile: AlertProfile) -> bool:
    """The profile's alert threshold, and what this reader cannot take: a gig whose every task or
    slot is taken (`filled`), or one open to a group the profile's `eligible` does not name."""
    score, hourly = row.get("score"), row.get("net_hourly_yen")
    if profile.min_score and (score is None or score < profile.min_score):
        return False
    if profile.min_net_hourly_yen and (hourly is None or hourly < profile.min_net_hourly_yen):
        return False
    return not (row.get("filled") or restricted_for(row, profile.profile))


def _best_first(row: Mapping[str, Any]) -> tuple[Any, ...]:
    score, hourly = row.get("score"), row.get("net_hourly_yen")
    return (score is None, -(score or 0.0), hourly is None, -(hourly or 0.0), row["site"], row["listing_id"])


def candidates(con: duckdb.DuckDBPyConnection, config: Config, settings: AlertSettings, profile: AlertProfile,
               now: datetime) -> list[dict[str, Any]]:
    """The profile's alertable gigs stored in the last `max_age`, best first, one per dup_group."""
    rows = new_listings(con, now - settings.max_age, now, hide_marked=not profile.show_marked,
                        watched_within=settings.watch_gap)
    default_speed = settings_from(config.scoring).writing_speed
    speed = profile.profile.writing_speed
    if speed and speed != default_speed:  # the profile's own writing speed re-prices writing gigs
        scoring = scoring_config_for(config.scoring, {"writing_speed_chars_per_hour": speed})
        rows = [rederive(r, scoring) if r.get("hourly_basis") == HourlyBasis.WRITING_SPEED else r for r in rows]
        rows.sort(key=_best_first)
    chosen, groups, matches = [], set(), profile_matcher(profile.profile)
    for row in rows:
        if row.get("detail_status") == DetailStatus.DEFERRED:  # read from the list alone: not judged yet
            continue
        if not (matches(row) and passes_threshold(row, profile)):
            continue
        group = row.get("dup_group")
        if group is not None:
            if group in groups:
                continue
            groups.add(group)
        chosen.append(row)
    return chosen
