"""Japanese and English output: every user-facing string goes through `_()` / `ngettext()`.

Messages are written in English in the code (the gettext msgid) and translated by gettext
catalogs, domain "tanka": tanka/locale/<lang>/LC_MESSAGES/tanka.po, managed with Babel (Makefile:
i18n-extract, i18n-update, i18n-compile; README, "Development"). The compiled .mo files are built,
not committed: by the package build (tanka/build_catalogs.py, so every wheel and `pip install .` has them), by
`make setup` / `make i18n-compile`, and, in a source checkout whose .mo is missing or older than its
.po, compiled in memory from the .po when first needed. A message a catalog lacks shows in English.

The language is chosen once per command (`set_language`), from the first of: `--lang`, the
TANKA_LANG environment variable, `[ui] language` in the settings file, and the machine's locale
(Japanese when the locale is Japanese, else English). A digest uses its profile's `language`
unless --lang names one. Strings formatted for people — dates, yen, hours — come from the helpers
at the end of this module, in the current language.
"""

from __future__ import annotations

import contextvars
import functools
import gettext
import io
import locale
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

DOMAIN = "tanka"
LOCALE_DIR = Path(__file__).with_name("locale")
LANGUAGES = ("ja", "en")
DEFAULT = "en"

# The command's language (set once; every thread sees it, the crawl progress reader's and the
# scheduler's job threads included) and, inside `using`, a block's own (this thread or task only).
_chosen = DEFAULT
_current: contextvars.ContextVar[str | None] = contextvars.ContextVar("tanka_language", default=None)


# ----- catalogs ---------------------------------------------------------------------------------------------
def catalog_path(language: str, locale_dir: Path = LOCALE_DIR) -> Path:
    """tanka/locale/<language>/LC_MESSAGES/tanka.po (the .mo beside it)."""
    return locale_dir / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def compiled(po: Path) -> bytes:
    """The .mo bytes of a .po file (fuzzy entries left out, as `pybabel compile` does)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as handle:
        catalog = read_po(handle, domain=DOMAIN)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def compile_catalogs(locale_dir: Path = LOCALE_DIR, out_dir: Path | None = None) -> list[Path]:
    """Write every catalog's .mo (into `out_dir`, same layout, else beside its .po); returns them."""
    written = []
    for language in LANGUAGES:
        po = catalog_path(language, locale_dir)
        if po.is_file():
            mo = catalog_path(language, out_dir or locale_dir).with_suffix(".mo")
            mo.parent.mkdir(parents=True, exist_ok=True)
            mo.write_bytes(compiled(po))
            written.append(mo)
    return written


@functools.cache
def translations(language: str) -> gettext.NullTranslations:
    po = catalog_path(language)
    mo = po.with_suffix(".mo")
    if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    if po.is_file():  # a source checkout: the .po is newer than its .mo, or was never compiled
        return gettext.GNUTranslations(io.BytesIO(compiled(po)))
    return gettext.NullTranslations()


# ----- choosing the language --------------------------------------------------------------------------------
def normalize(language: str | None) -> str | None:
    """"ja", "ja_JP.UTF-8", "JA" → "ja"; "en_US" → "en"; anything else ("auto", "") → None."""
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
    """The language of everything from here on, in every thread."""
    global _chosen
    _chosen = normalize(language) or DEFAULT
    _current.set(None)


def language() -> str:
    return _current.get() or _chosen


@contextmanager
def using(lang: str | None) -> Iterator[str]:
    """Render in `lang` inside the block (a digest in its profile's language); None: as now."""
    token = _current.set(normalize(lang) or language())
    try:
        yield _current.get() or _chosen
    finally:
        _current.reset(token)


# ----- translating ------------------------------------------------------------------------------------------
def _(message: str) -> str:
    if not isinstance(message, str) or not message:  # argparse passes None and "" through gettext too
        return message
    return translations(language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(language()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """`message` translated as it is meant in `context` (the same English, other Japanese)."""
    return translations(language()).pgettext(context, message)


def N_(message: str) -> str:
    """Mark a message for the catalogs where it is defined; `_()` translates it where it is shown."""
    return message


def install_jinja(environment: Any) -> Any:
    """Jinja2's i18n extension on `environment`, translating in the language current at render time
    (`{% trans %}…{% endtrans %}` and `_()` in templates)."""
    environment.add_extension("jinja2.ext.i18n")
    environment.install_gettext_callables(gettext=_, ngettext=ngettext, newstyle=True)
    return environment


# argparse's own words ("usage:", "options", its errors) go through gettext's global domain; tanka
# routes them through its catalogs (`translate_argparse`). Listed here so that extraction finds them.
ARGPARSE_MESSAGES = (
    N_("usage: "), N_("options"), N_("positional arguments"), N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"), N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"), N_("not allowed with argument %s"), N_("one of the arguments %s is required"),
    N_("expected one argument"), N_("expected at most one argument"), N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"), N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"), N_("ignored explicit argument %r"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"), N_("%(prog)s: error: %(message)s\n"),
)


def translate_argparse() -> None:
    """argparse's help headings and errors in the current language."""
    import argparse

    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]


# ----- dates and numbers for people ---------------------------------------------------------------------------
def _babel_locale() -> str:
    return "ja_JP" if language() == "ja" else "en_US"


def day_label(moment: date) -> str:
    """12月7日(月) / Mon, Dec 7."""
    from babel.dates import format_skeleton

    return format_skeleton("MMMEd", moment, locale=_babel_locale())


def short_day(moment: date) -> str:
    """12/7(月) / Mon, 12/7."""
    from babel.dates import format_skeleton

    return format_skeleton("MEd", moment, locale=_babel_locale())


def moment_label(moment: datetime) -> str:
    """12月7日(月) 07:30 / Mon, Dec 7 07:30 (the clock as it is: the caller chose the time zone)."""
    return f"{day_label(moment)} {moment:%H:%M}"


def number(value: float, digits: int = 0) -> str:
    """1,716 (or 1,716.5 with `digits`): the same grouping in both languages."""
    return f"{value:,.{digits}f}" if digits else f"{round(value):,}"


def yen(amount: float) -> str:
    """¥1,716."""
    return f"¥{round(amount):,}"


def per_hour(amount: float) -> str:
    """¥1,716/時 / ¥1,716/h."""
    return _("{yen}/h").format(yen=yen(amount))


def hours(value: float) -> str:
    """3.5時間 / 3.5 h; 45分 / 45 min under an hour."""
    if value < 1:
        return _("{minutes} min").format(minutes=f"{max(value * 60, 1):.0f}")
    return _("{hours} h").format(hours=f"{value:.1f}" if value < 10 else f"{value:,.0f}")
