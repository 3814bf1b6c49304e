"""Japanese and English output: every user-facing string goes through `_()` / `ngettext()`.

Messages are written in English in the code (the gettext msgid) and translated by gettext
catalogs, domain "tanka", in tanka/locale/<lang>/LC_MESSAGES/tanka.mo, which Babel compiles from
the .po files (Makefile: i18n-extract, i18n-update, i18n-compile). A language without a catalog
shows the English text.

The language is chosen once per command (`set_language`), from the first of: `--lang`, the
TANKA_LANG environment variable, `[ui] language` in the settings file, and the machine's locale
(Japanese when the locale is Japanese, else English). A digest uses its profile's `language`.
"""

from __future__ import annotations

import contextvars
import functools
import gettext
import locale
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

DOMAIN = "tanka"
LOCALE_DIR = Path(__file__).with_name("locale")
LANGUAGES = ("ja", "en")
DEFAULT = "en"

_current: contextvars.ContextVar[str] = contextvars.ContextVar("tanka_language", default=DEFAULT)


@functools.cache
def translations(language: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[language], fallback=True)


def normalize(language: str | None) -> str | None:
    """"ja", "ja_JP.UTF-8", "JA" → "ja"; "en_US" → "en"; anything else → None."""
    if not language:
        return None
    code = str(language).strip().lower().replace("-", "_").split(".")[0].split("_")[0]
    return code if code in LANGUAGES else None


def system_language() -> str:
    """Japanese when the machine's locale is Japanese, else English."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(name)
        if value:
            return "ja" if normalize(value.split(":")[0]) == "ja" else DEFAULT
    try:
        current = locale.getlocale()[0]
    except ValueError:
        current = None
    return "ja" if normalize(current) == "ja" else DEFAULT


def choose_language(option: str | None = None, setting: str | None = None) -> str:
    """--lang, else TANKA_LANG, else the settings file's [ui] language, else the machine's locale."""
    for candidate in (option, os.environ.get("TANKA_LANG"), setting):
        chosen = normalize(candidate)
        if chosen:
            return chosen
    return system_language()


def set_language(language: str) -> None:
    _current.set(normalize(language) or DEFAULT)


def language() -> str:
    return _current.get()


@contextmanager
def using(language: str | None) -> Iterator[str]:
    """Render in `language` inside the block (a digest in its profile's language)."""
    token = _current.set(normalize(language) or _current.get())
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def _(message: str) -> str:
    return translations(language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(language()).ngettext(singular, plural, n)


def install_jinja(environment: Any) -> Any:
    """Jinja2's i18n extension on `environment`, translating in the language current at render time
    (`{% trans %}…{% endtrans %}` and `_()` in templates)."""
    environment.add_extension("jinja2.ext.i18n")
    environment.install_gettext_callables(gettext=_, ngettext=ngettext, newstyle=True)
    return environment
