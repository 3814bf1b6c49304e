"""Which gigs a profile wants. One function, so the scoring package's own filter can replace it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from digest.profile import Profile
from normalize.text import matchable

# Words the sites use for gigs a beginner can take (tags, titles, descriptions).
BEGINNER_MARKERS = ("初心者", "未経験", "スキル不要", "経験不問", "マニュアルあり", "マニュアル有")


def _folded(*parts: object) -> str:
    return matchable(*(str(p) for p in parts if p)).casefold()


def _any_in(words: tuple[str, ...], text: str) -> bool:
    return any(_folded(word) in text for word in words)


def matches_profile(row: Mapping[str, Any], profile: Profile) -> bool:
    """True when a listing row (a `listings` dict) passes every filter of the profile."""
    if profile.sites and row.get("site") not in profile.sites:
        return False
    if profile.categories:
        wanted = {_folded(c) for c in profile.categories}
        category = _folded(row.get("category"))
        if _folded(row.get("kind")) not in wanted and not any(c in category for c in wanted):
            return False
    if profile.min_net_hourly_yen > 0:
        hourly = row.get("net_hourly_yen")
        if hourly is None or hourly < profile.min_net_hourly_yen:
            return False
    text = _folded(row.get("title"), row.get("description"))
    if profile.keywords and not _any_in(profile.keywords, text):
        return False
    if profile.exclude_words and _any_in(profile.exclude_words, text):
        return False
    return not profile.beginner_only or _beginner_ok(row, text)


def _beginner_ok(row: Mapping[str, Any], text: str) -> bool:
    """The scoring's verdict (beginner_ok); for rows it has not scored, the sites' own beginner words."""
    if row.get("beginner_ok") is not None:
        return bool(row["beginner_ok"])
    return _any_in(BEGINNER_MARKERS, text + "\n" + _folded(" ".join(row.get("tags") or [])))
