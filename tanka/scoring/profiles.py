"""A user profile ([profiles.NAME] in the settings) as a filter and a scoring override.

    [profiles.hanako]
    beginner_only = true                  # only beginner_ok listings (see docs/SCORING.md)
    categories = ["writing", "data_entry"] # kinds, or words of the site's own category
    min_net_hourly_yen = 900              # > 0: drop listings below it, and those with no hourly figure
    keywords = ["在宅"]                    # any of them in the title or description
    exclude_words = ["テレアポ"]           # none of them
    sites = ["crowdworks", "shufti"]      # empty: all
    writing_speed_chars_per_hour = 600    # re-ranks writing gigs at this speed
    eligible = ["女性", "子育て中"]        # conditions you meet: gigs limited to them rank as open to all

`matches_profile(row, profile)` works on a `listings` row (a dict) and accepts the profile as the
TOML table or as any object with those attributes (digest.profile.Profile). `listing_filter`
gives the part SQL can check exactly, for store.queries. `ranking_key` is the order `tanka top`
and the digest share: gigs open to this reader first (a gig limited to a group the reader has not
said they belong to ranks below every gig open to all), then by score.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from store.queries import ListingFilter
from tanka.items import HourlyBasis
from tanka.normalize.text import nfkc
from tanka.scoring.eligibility import unmet_conditions


def _get(profile: Any, key: str, default: Any = None) -> Any:
    if profile is None:
        return default
    value = profile.get(key, default) if isinstance(profile, Mapping) else getattr(profile, key, default)
    return default if value is None else value


def _words(profile: Any, key: str) -> tuple[str, ...]:
    value = _get(profile, key, ())
    if isinstance(value, str):
        value = [value]
    return tuple(str(v).strip() for v in value if str(v).strip())


def _folded(*parts: object) -> str:
    return nfkc("\n".join(str(p) for p in parts if p)).casefold()


def writing_speed(profile: Any) -> float | None:
    """The profile's writing speed (字/h), or None to keep the settings' speed."""
    value = _get(profile, "writing_speed_chars_per_hour")
    try:
        speed = float(value) if value is not None else None
    except (TypeError, ValueError):
        return None
    return speed if speed and speed > 0 else None


def eligible(profile: Any) -> tuple[str, ...]:
    """Conditions the profile's user meets (`eligible = ["女性", "子育て中"]`)."""
    return _words(profile, "eligible")


def scoring_config_for(scoring: Mapping[str, Any] | None, profile: Any) -> dict[str, Any]:
    """The [scoring] settings as this profile sees them (its own writing speed, its eligible)."""
    out = dict(scoring or {})
    speed = writing_speed(profile)
    if speed:
        out["writing_speed_chars_per_hour"] = speed
    if eligible(profile):
        out["eligible"] = list(eligible(profile))
    return out


def restricted_for(row: Mapping[str, Any], profile: Any) -> bool:
    """The gig is open to a group only, and the reader has not said they belong to it."""
    return reader_restriction(profile)(row)


def ranking_key(row: Mapping[str, Any], profile: Any) -> tuple[bool, float]:
    """Gigs open to this reader first, then the best score."""
    return restricted_for(row, profile), -(row.get("score") or 0.0)


def rescored_for_reader(row: Mapping[str, Any], profile: Any, default_speed: float) -> bool:
    """Does the reader's profile change this row's score (its own writing speed, conditions it meets)?"""
    speed = writing_speed(profile)
    if speed and speed != default_speed and row.get("hourly_basis") == HourlyBasis.WRITING_SPEED:
        return True
    conditions = row.get("restrictions") or []
    return bool(eligible(profile)) and bool(row.get("restricted")) and \
        len(unmet_conditions([str(c) for c in conditions], eligible(profile))) < len(conditions)


def profile_matcher(profile: Any) -> Callable[[Mapping[str, Any]], bool]:
    """matches_profile for many rows: the profile is read and its words folded once, not per row
    (a digest checks every one of a day's ~25,000 new gigs)."""
    if profile is None:
        return lambda row: True
    sites = frozenset(_words(profile, "sites"))
    wanted = frozenset(_folded(c) for c in _words(profile, "categories"))
    minimum = float(_get(profile, "min_net_hourly_yen", 0) or 0)
    beginner_only = bool(_get(profile, "beginner_only", False))
    keywords = tuple(_folded(w) for w in _words(profile, "keywords"))
    excluded = tuple(_folded(w) for w in _words(profile, "exclude_words"))

    def matches(row: Mapping[str, Any]) -> bool:
        if sites and row.get("site") not in sites:
            return False
        if beginner_only and not row.get("beginner_ok"):
            return False
        if minimum > 0:
            hourly = row.get("net_hourly_yen")
            if hourly is None or hourly < minimum:
                return False
        if wanted and _folded(row.get("kind")) not in wanted:
            category = _folded(row.get("category"))
            if not any(c in category for c in wanted):
                return False
        if keywords or excluded:
            text = _folded(row.get("title"), row.get("description"))
            if keywords and not any(word in text for word in keywords):
                return False
            if any(word in text for word in excluded):
                return False
        return True

    return matches


def matches_profile(row: Mapping[str, Any], profile: Any) -> bool:
    """True when a listing row passes every filter of the profile (None: no filter)."""
    return profile_matcher(profile)(row)


def reader_restriction(profile: Any) -> Callable[[Mapping[str, Any]], bool]:
    """restricted_for for many rows, the profile's conditions read once."""
    met = eligible(profile)

    def restricted(row: Mapping[str, Any]) -> bool:
        conditions = row.get("restrictions")
        if not conditions:
            return bool(row.get("restricted"))
        return bool(unmet_conditions([str(c) for c in conditions], met))

    return restricted


def listing_filter(profile: Any, site: str | None = None, kind: str | None = None) -> ListingFilter:
    """The part of a profile's filters (plus `tanka top --site/--kind`) that SQL checks exactly:
    sites, kinds (categories that are all kinds) and beginner_only. The rest — keywords, exclusions,
    category words (NFKC folding) and min_net_hourly_yen (checked after writing gigs are re-scored
    at the profile's speed) — is matches_profile's."""
    from tanka.scoring.taxonomy import KINDS

    sites = _words(profile, "sites")
    if site:
        sites = tuple(s for s in sites if s == site) if sites else (site,)
        sites = sites or ("",)  # the profile and --site disagree: nothing matches
    categories = _words(profile, "categories")
    kinds = categories if categories and all(c in KINDS for c in categories) else ()
    if kind:
        kinds = tuple(k for k in kinds if k == kind) if kinds else (kind,)
        kinds = kinds or ("",)
    return ListingFilter(sites=sites, kinds=kinds, beginner_only=bool(_get(profile, "beginner_only", False)))
