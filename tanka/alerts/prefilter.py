"""A quick poll's choice of detail pages: only new listings that an alerting profile could want.

The poll sees a new listing's list values only. They are normalized and scored as a crawl would
(the score of a list-only row), and the listing is left without its detail page only when no
alerting profile could want it whatever the page adds:

* a profile for other sites, or one of whose exclude_words is in the title or the list's text
  (the list shows the start of the description, so the word is in the whole one too);
* a known net hourly pay below the profile's minimum (the pay is on the list on every site);
* a list-only score more than DETAIL_SCORE_GAIN below alert_min_score. A detail page adds the
  client's record (trust, 20 points at most, from neutral 10), the whole description (beginner
  words, 12 points at most; risk words only lower a score) and application counts (competition):
  tests/alerts/test_prefilter.py checks the gain on the mirror's pages of every site.

Anything uncertain — no pay figure, no score — is fetched. And nothing is fetched when no run of
the site ended within [alerts] watch_gap_minutes: after a site's first crawl or a long pause every
listing looks new, and none of them is alerted (tanka.alerts.choose), so none needs its page now.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb

from store import DatabaseLocked, connect
from store.queries import last_finished_at
from tanka.alerts.settings import AlertProfile, alert_settings, alerting_profiles, load_alert_profile
from tanka.config import load_config
from tanka.items import Gig
from tanka.normalize.listing import normalize_gig
from tanka.normalize.text import nfkc
from tanka.scoring import derive

# Points a listing's score may gain once its detail page is read (see the module docstring).
DETAIL_SCORE_GAIN = 25.0


def _folded(*parts: object) -> str:
    return nfkc("\n".join(str(p) for p in parts if p)).casefold()


def could_want(row: dict[str, Any], profile: AlertProfile) -> bool:
    """False only when the profile cannot want the listing, whatever its detail page says."""
    wanted = profile.profile
    if wanted.sites and row.get("site") not in wanted.sites:
        return False
    if wanted.exclude_words:
        text = _folded(row.get("title"), row.get("description"))
        if any(_folded(word) in text for word in wanted.exclude_words):
            return False
    hourly = row.get("net_hourly_yen")
    minimum = max(profile.min_net_hourly_yen, wanted.min_net_hourly_yen)
    if minimum and hourly is not None and hourly < minimum and row.get("hourly_basis") != "writing_speed":
        return False
    score = row.get("score")
    return not (profile.min_score and score is not None and score + DETAIL_SCORE_GAIN < profile.min_score)


def _watched(db_path: str | None, site: str, gap: timedelta) -> bool:
    """Whether a run of the site ended within `gap` (else this poll's listings are not news)."""
    if not db_path or not Path(db_path).exists():
        return False
    try:
        con = connect(db_path, read_only=True, wait_seconds=30)
    except (DatabaseLocked, FileNotFoundError):
        return True  # unsure: fetch as if watched
    try:
        last = last_finished_at(con, site)
    except duckdb.Error:
        return False
    finally:
        con.close()
    return last is not None and datetime.now(UTC) - last <= gap


def poll_filter(config_path: str | None, site: str, db_path: str | None = None) -> Callable[[Gig], bool]:
    """TANKA_POLL_FILTER: the test a poll of `site` applies to a new listing's list values."""
    config = load_config(config_path)
    profiles = [load_alert_profile(config, name) for name in alerting_profiles(config)]
    profiles = [p for p in profiles if not p.profile.sites or site in p.profile.sites]
    if profiles and db_path is not None and not _watched(db_path, site, alert_settings(config).watch_gap):
        profiles = []
    scoring = config.scoring

    def wants(gig: Gig) -> bool:
        if not profiles:
            return False
        row = normalize_gig(gig)
        row.update(derive(row, scoring))
        return any(could_want(row, p) for p in profiles)

    return wants
