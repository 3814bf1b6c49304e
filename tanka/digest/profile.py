"""A digest profile: who gets it, which gigs it wants, how many. Read from [profiles.NAME].

    [profiles.demo]
    recipient = "花子 <hanako@example.com>"   # or a list of addresses
    send_time = "07:30"                       # Tokyo time, used by `tanka schedule`
    limit = 12                                # gigs per digest
    beginner_only = false                     # only gigs the scoring marks beginner_ok
    categories = []                           # kinds (writing, data_entry …) or site category words
    min_net_hourly_yen = 0                    # > 0: drop gigs below it, and gigs whose hourly is unknown
    keywords = []                             # any of them in title or description
    exclude_words = []                        # none of them in title or description
    sites = []                                # crowdworks, lancers, shufti; empty = all
    writing_speed_chars_per_hour = 600        # your speed: writing gigs' hourly pay is worked out with it
    eligible = ["女性", "子育て中"]            # conditions you meet: gigs limited to them rank as open to all
    first_window_hours = 24                   # the first digest looks back this far
    monthly_goal_yen = 100000                 # the month's goal the digest measures earnings against
    show_marked = false                       # true: also gigs marked hidden, applied, won, lost, done
    unsubscribe = ""                          # List-Unsubscribe target; default mailto: the sender
    language = "ja"                           # the digest's language: ja, en, or auto (the command's)
"""

from __future__ import annotations

from dataclasses import dataclass
from email.headerregistry import Address
from email.utils import getaddresses
from typing import Any

from tanka.config import Config, ConfigError
from tanka.i18n import _, normalize


@dataclass(frozen=True)
class Profile:
    name: str
    recipients: tuple[str, ...]
    send_time: str | None = None
    limit: int = 12
    beginner_only: bool = False
    categories: tuple[str, ...] = ()
    min_net_hourly_yen: float = 0.0
    keywords: tuple[str, ...] = ()
    exclude_words: tuple[str, ...] = ()
    sites: tuple[str, ...] = ()
    first_window_hours: float = 24.0
    unsubscribe: str | None = None
    writing_speed: float | None = None  # 字/h; None = the [scoring] setting
    monthly_goal_yen: int | None = None  # None = [scoring] monthly_goal_yen
    show_marked: bool = False  # also show gigs the user marked hidden, applied, won, lost or done
    eligible: tuple[str, ...] = ()  # conditions the user meets (女性, 子育て中 …)
    language: str | None = None  # "ja" / "en"; None: the command's language (--lang, TANKA_LANG, [ui], locale)


def _words(section: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = section.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(_("{where}: {key} must be a list of strings").format(where=where, key=key))
    return tuple(v.strip() for v in value if v.strip())


def _number(section: dict[str, Any], key: str, default: float, where: str) -> float:
    value = section.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ConfigError(_("{where}: {key} must be a number ≥ 0, not {value!r}").format(where=where, key=key,
                                                                                        value=value))
    return float(value)


def _recipients(section: dict[str, Any], where: str) -> tuple[str, ...]:
    value = section.get("recipient") or section.get("recipients") or []
    raw = [value] if isinstance(value, str) else value
    if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
        raise ConfigError(_("{where}: recipient must be an address or a list of addresses").format(where=where))
    out = []
    for text in raw:
        if "\r" in text or "\n" in text:
            raise ConfigError(_("{where}: recipient {text!r} contains a line break").format(where=where, text=text))
        for name, address in getaddresses([text]):
            if "@" not in address:
                raise ConfigError(_("{where}: recipient {text!r} is not an e-mail address").format(where=where,
                                                                                                   text=text))
            out.append(str(Address(display_name=name, addr_spec=address)))
    return tuple(out)


def load_profile(config: Config, name: str) -> Profile:
    """The profile `name` from the settings, checked; ConfigError names the bad key."""
    section = config.profile(name)
    where = _("[profiles.{name}] in {path}").format(name=name, path=config.path or "defaults.toml")
    limit = section.get("limit", 12)
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise ConfigError(_("{where}: limit must be a whole number ≥ 1, not {value!r}").format(where=where,
                                                                                              value=limit))
    unsubscribe = section.get("unsubscribe") or None
    if unsubscribe is not None and (not isinstance(unsubscribe, str) or "\n" in unsubscribe or "\r" in unsubscribe):
        raise ConfigError(_("{where}: unsubscribe must be one URL or mailto: address").format(where=where))
    return Profile(
        name=name,
        recipients=_recipients(section, where),
        send_time=section.get("send_time") or None,
        limit=limit,
        beginner_only=bool(section.get("beginner_only", False)),
        categories=_words(section, "categories", where),
        min_net_hourly_yen=_number(section, "min_net_hourly_yen", 0, where),
        keywords=_words(section, "keywords", where),
        exclude_words=_words(section, "exclude_words", where),
        sites=_words(section, "sites", where),
        first_window_hours=_number(section, "first_window_hours", 24, where),
        unsubscribe=unsubscribe,
        writing_speed=_number(section, "writing_speed_chars_per_hour", 0, where) or None,
        monthly_goal_yen=int(_number(section, "monthly_goal_yen", 0, where)) or None,
        show_marked=bool(section.get("show_marked", False)),
        eligible=_words(section, "eligible", where),
        language=normalize(section.get("language")),
    )
