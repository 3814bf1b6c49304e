"""The user's settings file (TOML), layered over the built-in defaults.toml.

The file is checked once, here, against the schema of tanka/config_schema.py: a wrong type or an
out-of-range value is a ConfigError naming the key and the file, an unknown key a warning.
"""

from __future__ import annotations

import logging
import os
import tomllib
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from tanka.i18n import _

DEFAULTS = Path(__file__).with_name("defaults.toml")
SEARCH_PATH = (Path("tanka.toml"), Path.home() / ".config" / "tanka" / "tanka.toml")

log = logging.getLogger(__name__)
_warned: set[tuple[str, str]] = set()  # (file, key): each unknown key is named once per process


class ConfigError(ValueError):
    """The settings file is missing, unreadable or inconsistent."""


@dataclass
class Config:
    path: Path | None
    data: dict[str, Any] = field(default_factory=dict)

    def section(self, name: str) -> dict[str, Any]:
        return dict(self.data.get(name) or {})

    @property
    def scoring(self) -> dict[str, Any]:
        return {**self.section("scoring"), "fees": self.section("fees")}

    @property
    def crawl_timeout(self) -> timedelta:
        """How long a crawl subprocess may run ([schedule] crawl_timeout, seconds)."""
        return timedelta(seconds=float(self.section("schedule").get("crawl_timeout", 3600)))

    @property
    def profiles(self) -> dict[str, dict[str, Any]]:
        return self.section("profiles")

    def profile(self, name: str) -> dict[str, Any]:
        profiles = self.profiles
        if name not in profiles:
            known = ", ".join(sorted(profiles)) or _("none")
            raise ConfigError(_("no profile {name!r} in {path} (profiles: {known})").format(
                name=name, path=self.path or DEFAULTS, known=known))
        return profiles[name]


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as error:
        raise ConfigError(_("cannot read settings file {path}: {error}").format(path=path, error=error.strerror)) from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(_("settings file {path} is not valid TOML: {error}").format(path=path, error=error)) from None


def find_config(path: str | os.PathLike[str] | None = None) -> Path | None:
    if path:
        return Path(path)
    if os.environ.get("TANKA_CONFIG"):
        return Path(os.environ["TANKA_CONFIG"])
    return next((p for p in SEARCH_PATH if p.is_file()), None)


def ui_language(path: str | os.PathLike[str] | None = None) -> str | None:
    """The settings file's [ui] language as written (None when unset or unreadable): read before the
    command line is parsed, so that its help and errors are in that language; the file is checked
    properly when the command loads it."""
    found = find_config(path)
    if found is None or not found.is_file():
        return None
    try:
        ui = _read(found).get("ui")
    except ConfigError:
        return None
    value = ui.get("language") if isinstance(ui, dict) else None
    return value if isinstance(value, str) else None


def validate(data: dict[str, Any], path: Path) -> None:
    """Check a settings file's values against the schema: the first problem is a ConfigError
    (naming the key and the file); unknown keys are warned about."""
    from tanka.config_schema import check

    found = check(data)
    for unknown in found.unknown:
        if (str(path), unknown) not in _warned:
            _warned.add((str(path), unknown))
            log.warning(_("%s: unknown setting %s, ignored"), path, unknown)
    if found.errors:
        more = _(" (and {count} more)").format(count=len(found.errors) - 1) if len(found.errors) > 1 else ""
        raise ConfigError(f"{path}: {found.errors[0]}{more}")


def load_config(path: str | os.PathLike[str] | None = None) -> Config:
    found = find_config(path)
    data = _read(DEFAULTS)
    if found is not None:
        own = _read(found)
        validate(own, found)
        data = _merge(data, own)
    return Config(found, data)
