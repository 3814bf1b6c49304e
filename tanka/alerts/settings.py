"""Alert settings: [alerts] (where alerts go, how often sites are polled) and each profile's own
alert keys, read from the settings file and checked.

    [alerts]
    urls = ["ntfy://ntfy.sh/${TANKA_NTFY_TOPIC}"]   # apprise URLs; ${NAME} = environment variable NAME
    email = true              # also mail each alerting profile's recipients through [smtp]
    poll = "every 12m"        # each site's quick poll (staggered per site)
    poll_max_pages = 2        # list pages a poll reads at most per listing set
    poll_timeout = 300        # seconds a poll may run
    max_age_minutes = 120     # older gigs are left to the digest (failed alerts are retried until then)
    watch_gap_minutes = 150   # a gig is news only if a run of its site ended this shortly before

    [profiles.hanako]
    alert = true                   # alert this profile's new matches
    alert_min_score = 60           # … scoring at least this
    alert_min_net_hourly_yen = 0   # … and paying at least this net an hour (0: no minimum)
    show_marked = false            # true: alerts and the digest also show gigs you marked
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from tanka.config import Config, ConfigError
from tanka.digest.profile import Profile, load_profile
from tanka.i18n import _

DEFAULT_MIN_SCORE = 60.0
_VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True)
class AlertSettings:
    urls: tuple[str, ...]  # as written: secrets stay ${NAME} here and in the ledger
    email: bool
    poll: str
    poll_max_pages: int
    poll_timeout: float
    max_age: timedelta
    watch_gap: timedelta


@dataclass(frozen=True)
class AlertProfile:
    name: str
    profile: Profile  # the digest profile: recipients and filters
    min_score: float
    min_net_hourly_yen: float
    show_marked: bool


def _positive(section: dict[str, Any], key: str, default: float, where: str) -> float:
    value = section.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ConfigError(_("{where}: {key} must be a number ≥ 0, not {value!r}").format(
            where=where, key=key, value=value))
    return float(value)


def alert_settings(config: Config) -> AlertSettings:
    section = config.section("alerts")
    where = f"[alerts] in {config.path or 'defaults.toml'}"
    urls = section.get("urls") or []
    if isinstance(urls, str):
        urls = [urls]
    if not isinstance(urls, list) or not all(isinstance(u, str) and u.strip() for u in urls):
        raise ConfigError(_("{where}: urls must be a list of apprise URLs").format(where=where))
    return AlertSettings(
        urls=tuple(u.strip() for u in urls), email=bool(section.get("email", True)),
        poll=str(section.get("poll") or "every 12m"),
        poll_max_pages=int(_positive(section, "poll_max_pages", 2, where)) or 1,
        poll_timeout=_positive(section, "poll_timeout", 300, where) or 300,
        max_age=timedelta(minutes=_positive(section, "max_age_minutes", 120, where)),
        watch_gap=timedelta(minutes=_positive(section, "watch_gap_minutes", 150, where)),
    )


def is_alerting(section: dict[str, Any]) -> bool:
    return bool(section.get("alert", False)) and section.get("enabled", True) is not False


def alerting_profiles(config: Config) -> list[str]:
    """The profiles with alert = true (and not enabled = false), in the settings' order."""
    return [name for name, section in config.profiles.items() if isinstance(section, dict) and is_alerting(section)]


def load_alert_profile(config: Config, name: str) -> AlertProfile:
    section = config.profile(name)
    where = f"[profiles.{name}] in {config.path or 'defaults.toml'}"
    return AlertProfile(
        name=name, profile=load_profile(config, name),
        min_score=_positive(section, "alert_min_score", DEFAULT_MIN_SCORE, where),
        min_net_hourly_yen=_positive(section, "alert_min_net_hourly_yen", 0, where),
        show_marked=bool(section.get("show_marked", False)),
    )


def resolve(url: str, environ: dict[str, str] | None = None) -> tuple[str, list[str]]:
    """The URL with each ${NAME} replaced by the environment variable; and the values put in (secrets
    to keep out of messages). A variable that is not set is a ConfigError naming it."""
    environ = dict(os.environ) if environ is None else environ
    secrets: list[str] = []

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if not environ.get(name):
            raise ConfigError(_("[alerts] urls: the environment variable {name} is not set").format(name=name))
        secrets.append(environ[name])
        return environ[name]

    return _VARIABLE.sub(value, url), secrets
