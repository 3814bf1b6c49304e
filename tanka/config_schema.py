"""The settings file's schema: every section and key tanka reads, its type and its range.

`tanka.config.load_config` checks the user's file against it once, when it is read: a value of the
wrong type or out of range is a ConfigError naming the key and the file; an unknown key or section
is a warning naming it (and the nearest known key). Nothing else in tanka re-checks a setting.

Adding a setting (issue authors, read this):

1. give it its default, with a comment, in defaults.toml (beside this file);
2. declare it here, in its section of `SCHEMA`: ``"my_key": Number(minimum=0)``, ``Text(choices=…)``,
   ``Flag()``, ``Words()`` …; a profile key goes in `PROFILE`, a new section in `SCHEMA`.
   A key that needs more than a type and a range gets ``check=`` (a function returning what is
   wrong, or None).

tests/unit/test_config.py fails when defaults.toml holds a key this schema does not declare, or a
default its own rule refuses.

Names that depend on what is installed (sites, each site's fee rules and listing-set kinds) come
from the site registry (tanka/sites.py), never from a list kept here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tanka.i18n import N_, _
from tanka.output import did_you_mean

Choices = tuple[str, ...] | Callable[[], Iterable[str]]
Check = Callable[[Any], str | None]


def _choices(choices: Choices | None) -> tuple[str, ...]:
    if choices is None:
        return ()
    return tuple(choices() if callable(choices) else choices)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


@dataclass(frozen=True)
class Rule:
    """One key's value: what it must be (`describe`) and what is wrong with a value (`problem`)."""

    check: Check | None = None

    def describe(self) -> str:
        raise NotImplementedError

    def problem(self, value: Any) -> str | None:
        """What is wrong with `value` ("must be …, not …"), or None when it is fine."""
        if not self.fits(value):
            return _("must be {what}, not {value!r}").format(what=self.describe(), value=value)
        return self.check(value) if self.check else None

    def fits(self, value: Any) -> bool:
        raise NotImplementedError


@dataclass(frozen=True)
class Number(Rule):
    """A number (`whole`: a whole number) within the given bounds."""

    minimum: float | None = None
    above: float | None = None  # strictly greater than
    maximum: float | None = None
    below: float | None = None  # strictly less than
    whole: bool = False
    unit: str = ""

    def describe(self) -> str:
        bounds = [f"≥ {self.minimum:g}" if self.minimum is not None else "",
                  f"> {self.above:g}" if self.above is not None else "",
                  f"≤ {self.maximum:g}" if self.maximum is not None else "",
                  f"< {self.below:g}" if self.below is not None else ""]
        limits = _(" and ").join(b for b in bounds if b)
        if self.unit:  # only seconds so far
            template = _("a whole number of seconds {limits}") if self.whole else _("a number of seconds {limits}")
        else:
            template = _("a whole number {limits}") if self.whole else _("a number {limits}")
        return template.format(limits=limits).strip()

    def fits(self, value: Any) -> bool:
        if not _is_number(value) or (self.whole and not float(value).is_integer()):
            return False
        return not ((self.minimum is not None and value < self.minimum)
                    or (self.above is not None and value <= self.above)
                    or (self.maximum is not None and value > self.maximum)
                    or (self.below is not None and value >= self.below))


@dataclass(frozen=True)
class Flag(Rule):
    def describe(self) -> str:
        return _("true or false")

    def fits(self, value: Any) -> bool:
        return isinstance(value, bool)


@dataclass(frozen=True)
class Text(Rule):
    """A one-line string, one of `choices` when given."""

    choices: Choices | None = None

    def describe(self) -> str:
        options = _choices(self.choices)
        if options:
            return _("one of {options}").format(options=", ".join(repr(o) for o in options))
        return _("a text on one line")

    def fits(self, value: Any) -> bool:
        if not isinstance(value, str) or "\n" in value or "\r" in value:
            return False
        options = _choices(self.choices)
        return not options or value in options

    def problem(self, value: Any) -> str | None:
        problem = super().problem(value)
        if problem and isinstance(value, str) and self.choices:
            problem += did_you_mean(value, _choices(self.choices))
        return problem


@dataclass(frozen=True)
class Words(Rule):
    """A list of one-line strings (`single`: one string is taken as a list of it), each one of
    `choices` when given."""

    choices: Choices | None = None
    single: bool = False

    def describe(self) -> str:
        options = _choices(self.choices)
        if options:
            listed = _("a list of {options}").format(options=", ".join(repr(o) for o in options))
        else:
            listed = _("a list of texts")
        return _("a text or {listed}").format(listed=listed) if self.single else listed

    def fits(self, value: Any) -> bool:
        if isinstance(value, str) and self.single:
            value = [value]
        return isinstance(value, list) and all(isinstance(v, str) and "\n" not in v and "\r" not in v
                                               for v in value)

    def problem(self, value: Any) -> str | None:
        problem = super().problem(value)
        if problem:
            return problem
        options = _choices(self.choices)
        for item in [value] if isinstance(value, str) else value:
            if options and item not in options:
                return _("has {item!r}, which is not one of {options}{hint}").format(
                    item=item, options=", ".join(options), hint=did_you_mean(item, options))
        return None


@dataclass(frozen=True)
class Section:
    """A table: its `keys`; `dynamic` keys known only at run time (each site's fee rules); and
    `any_key`, the rule of every other key (a table of named tables, such as [profiles.NAME]),
    whose names `names` lists when they are not free."""

    keys: Mapping[str, Rule | Section] = field(default_factory=dict)
    dynamic: Callable[[], Mapping[str, Rule]] | None = None
    any_key: Rule | Section | None = None
    names: Choices | None = None
    describe_any: str = ""  # what the free keys are, for an error ("a [profiles.NAME] section")
    or_value: Rule | None = None  # a value allowed instead of the table ([schedule] crawl = "every 1h")

    def rule(self, key: str) -> Rule | Section | None:
        if key in self.keys:
            return self.keys[key]
        dynamic = self.dynamic() if self.dynamic else {}
        if key in dynamic:
            return dynamic[key]
        if self.any_key is not None and (self.names is None or key in _choices(self.names)):
            return self.any_key
        return None

    def known(self) -> list[str]:
        return [*self.keys, *(self.dynamic() if self.dynamic else {}), *_choices(self.names)]


# ----- checks that need more than a type --------------------------------------------------------------------
def _time_zone(value: str) -> str | None:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        return _("must be a time zone such as 'Asia/Tokyo', not {value!r}").format(value=value)
    return None


def _clock_time_or_schedule(value: str) -> str | None:
    """A send_time / crawl time: "HH:MM", a crontab line or "every 30m" (the scheduler reads it)."""
    text = value.strip()
    if ":" in text and " " not in text:
        try:
            time.fromisoformat(text)
        except ValueError:
            return _("must be a time such as '07:30', a crontab line or 'every 12h', not {value!r}").format(value=value)
    return None if text else _("must not be empty")


SECURITY_MODES = ("none", "starttls", "ssl")  # [smtp] security (tanka/digest/send.py)


def _security(value: str) -> str | None:
    if value.strip().lower() in SECURITY_MODES:
        return None
    return _("must be one of {options}, not {value!r}{hint}").format(
        options=", ".join(SECURITY_MODES), value=value, hint=did_you_mean(value, SECURITY_MODES))


def _site_names() -> list[str]:
    from tanka.sites import site_names

    return site_names()


def _list_names(site: str) -> Check:
    def check(value: list[str]) -> str | None:
        from tanka.sites import list_problem

        return next((p for p in (list_problem(site, name) for name in value) if p), None)

    return check


def _crawl_lists() -> dict[str, Rule]:
    return {site: Words(check=_list_names(site)) for site in _site_names()}


def _fee_keys() -> dict[str, Rule]:
    """[fees] keys: each registered site's rules as `<site>_<rule>` (`<site>_fee_rate` for its
    `rate`), its fee-base choice, and the consumption tax."""
    from tanka.sites import registry

    keys: dict[str, Rule] = {"consumption_tax_rate": Number(minimum=0, below=1)}
    for site in registry():
        if site.fees is None:
            continue
        for fee in site.fees.rules:
            rate = fee.name.endswith("rate")
            rule = Number(minimum=0, below=1) if rate else Number(minimum=0)
            keys[f"{site.name}_{fee.name}"] = rule
            if fee.name == "rate":
                keys[f"{site.name}_fee_rate"] = rule
        if site.fees.fee_base_setting:
            keys[site.fees.fee_base_setting] = Text(choices=("pre_tax", "tax_incl"))
    return keys


# ----- the schema -------------------------------------------------------------------------------------------------
POSITIVE = Number(above=0)
LANGUAGE_CHOICES = ("auto", "ja", "en")  # auto: --lang, TANKA_LANG, else the machine's locale

PROFILE = Section({
    "recipient": Words(single=True),
    "recipients": Words(single=True),
    "send_time": Text(check=_clock_time_or_schedule),
    "enabled": Flag(),
    "limit": Number(minimum=1, whole=True),
    "beginner_only": Flag(),
    "categories": Words(single=True),
    "min_net_hourly_yen": Number(minimum=0),
    "keywords": Words(single=True),
    "exclude_words": Words(single=True),
    "sites": Words(single=True, choices=_site_names),
    "writing_speed_chars_per_hour": POSITIVE,
    "first_window_hours": POSITIVE,
    "unsubscribe": Text(),
    "eligible": Words(single=True),
    "language": Text(choices=LANGUAGE_CHOICES),
    "monthly_goal_yen": POSITIVE,
    "show_marked": Flag(),
    "alert": Flag(),
    "alert_min_score": Number(minimum=0, maximum=100),
    "alert_min_net_hourly_yen": Number(minimum=0),
})

SCHEMA = Section({
    "crawl": Section({
        "sites": Words(choices=_site_names),
        "max_pages": Number(minimum=0, whole=True),
        "lists": Section(dynamic=_crawl_lists),
    }),
    "schedule": Section({
        "timezone": Text(check=_time_zone),
        "crawl_timeout": Number(above=0, unit="seconds"),
        "stop_grace": Number(minimum=0, unit="seconds"),
        "log_file": Text(),
        "crawl": Section(any_key=Text(check=_clock_time_or_schedule), names=lambda: ["default", *_site_names()],
                         or_value=Text(check=_clock_time_or_schedule)),
    }),
    "scoring": Section({
        "writing_speed_chars_per_hour": POSITIVE,
        "benchmark_wage_yen": POSITIVE,
        "benchmark_wage_label": Text(),
        "monthly_goal_yen": POSITIVE,
        "contest_hours_per_entry": POSITIVE,
    }),
    "fees": Section(dynamic=_fee_keys),
    "smtp": Section({
        "host": Text(),
        "port": Number(minimum=0, maximum=65535, whole=True),
        "security": Text(check=_security),
        "user": Text(),
        "password": Text(),
        "from": Text(),
        "timeout": Number(above=0, unit="seconds"),
        "ca_file": Text(),
        "helo": Text(),
    }),
    "ui": Section({
        "language": Text(choices=LANGUAGE_CHOICES),
    }),
    "alerts": Section({
        "urls": Words(single=True),
        "email": Flag(),
        "poll": Text(check=_clock_time_or_schedule),
        "poll_max_pages": Number(minimum=1, whole=True),
        "poll_timeout": Number(above=0, unit="seconds"),
        "max_age_minutes": Number(above=0),
        "watch_gap_minutes": Number(above=0),
    }),
    "profiles": Section(any_key=PROFILE, describe_any=N_("a table of [profiles.NAME] sections")),
})


# ----- checking ------------------------------------------------------------------------------------------------
@dataclass
class Findings:
    errors: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


def _name(path: tuple[str, ...], key: str | None = None) -> str:
    section = f"[{'.'.join(path)}]" if path else ""
    return " ".join(p for p in (section, key) if p)


def check(data: Mapping[str, Any], schema: Section = SCHEMA) -> Findings:
    """What is wrong in a settings file's `data` (errors), and the keys it has that tanka does not
    read (unknown), each named like "[schedule] crawl_timeout must be …"."""
    found = Findings()
    _check_section(data, schema, (), found)
    return found


def _check_section(data: Mapping[str, Any], section: Section, path: tuple[str, ...], found: Findings) -> None:
    for key, value in data.items():
        rule = section.rule(key)
        if rule is None:
            name = f"[{'.'.join((*path, key))}]" if isinstance(value, Mapping) else _name(path, key)
            found.unknown.append(name + did_you_mean(key, section.known()))
        elif isinstance(rule, Section):
            if isinstance(value, Mapping):
                _check_section(value, rule, (*path, key), found)
            elif rule.or_value is not None:
                if (problem := rule.or_value.problem(value)) is not None:
                    found.errors.append(_("{key} {problem}").format(key=_name(path, key), problem=problem))
            else:
                what = _(rule.describe_any) if rule.describe_any else \
                    _("a [{section}] section").format(section=".".join((*path, key)))
                problem = _("must be {what}, not {value!r}").format(what=what, value=value)
                found.errors.append(_("{key} {problem}").format(key=_name(path, key), problem=problem))
        else:
            problem = rule.problem(value)
            if problem:
                found.errors.append(_("{key} {problem}").format(key=_name(path, key), problem=problem))
