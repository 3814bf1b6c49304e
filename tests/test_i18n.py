"""Japanese and English: the catalogs are complete and current, the language is chosen as documented,
and the machinery (argparse, Jinja2, compiled catalogs) speaks the chosen language.

The catalogs are checked against a fresh extraction from the code (babel.cfg), as `make i18n-update`
would make it: a message in the code but not in a catalog is missing; a message in a catalog the code
no longer has is stale. Fix either with `make i18n`, translate tanka/locale/ja/LC_MESSAGES/tanka.po,
then `make i18n-compile` (README, "Development").
"""

from __future__ import annotations

import ast
import re
import string
import subprocess
import sys

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from tanka import i18n
from tanka.cli import main
from tests.conftest import ROOT

LANGUAGES = ("ja", "en")


@pytest.fixture(scope="module")
def extracted() -> set[tuple[str | None, str]]:
    """(context, msgid) of every message the code and templates use."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = set()
    for _filename, _line, message, _comments, context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=DEFAULT_KEYWORDS):
        found.add((context, message[0] if isinstance(message, tuple) else message))
    return found


def catalog(language: str):
    with i18n.catalog_path(language).open("rb") as handle:
        return read_po(handle, locale=language, domain=i18n.DOMAIN)


def messages(language: str) -> list:
    return [m for m in catalog(language) if m.id]


def key(message) -> tuple[str | None, str]:
    return message.context, message.id[0] if isinstance(message.id, tuple) else message.id


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_message_is_missing_from_the_catalog(extracted, language):
    assert sorted(extracted - {key(m) for m in messages(language)}, key=str) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_message_in_the_catalog_is_stale(extracted, language):
    assert sorted({key(m) for m in messages(language)} - extracted, key=str) == []
    assert list(catalog(language).obsolete) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_reviewed(language):
    def empty(m) -> bool:
        return not all(m.string) if isinstance(m.string, tuple) else not m.string

    assert [m.id for m in messages(language) if empty(m)] == []
    assert [m.id for m in messages(language) if m.fuzzy] == []


def fields(text: str) -> set[str]:
    """The names a message formats: {name} / {name:spec} and %(name)s."""
    names = {name.split(".")[0].split("[")[0].split("!")[0]
             for _literal, name, _spec, _conversion in string.Formatter().parse(text) if name}
    return names | set(re.findall(r"%\((\w+)\)", text))


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_translation_fills_in_the_same_values(language):
    wrong = []
    for m in messages(language):
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        wanted = set().union(*(fields(i) for i in ids)) - {"n", "num"}  # a plural's count may go unsaid
        for text in strings:
            if fields(text) - {"n", "num"} != wanted or text.count("%s") != ids[0].count("%s"):
                wrong.append((m.id, text))
    assert wrong == []


# Messages that read the same in both languages: a mark and a value, or Japanese already.
SAME_IN_BOTH = {"⚠ {flag}", "時給 {gross}円{where}", "★{rating:.1f}", "{orders:plural:order}", "{word}"}


def test_no_japanese_translation_is_the_english_left_as_it_is():
    def same(m) -> bool:
        return m.string == m.id if isinstance(m.id, str) else m.string[0] in m.id

    assert [m.id for m in messages("ja") if same(m) and m.id not in SAME_IN_BOTH] == []


def test_the_catalogs_compile():
    for language in LANGUAGES:
        assert i18n.compiled(i18n.catalog_path(language)).startswith(b"\xde\x12\x04\x95")


def test_a_catalog_older_than_its_po_is_compiled_from_the_po(tmp_path, monkeypatch):
    folder = tmp_path / "locale"
    po = i18n.catalog_path("ja", folder)
    po.parent.mkdir(parents=True)
    po.write_bytes(i18n.catalog_path("ja").read_bytes())
    monkeypatch.setattr(i18n, "LOCALE_DIR", folder)
    i18n.translations.cache_clear()
    try:
        assert not po.with_suffix(".mo").exists()
        assert i18n.translations("ja").gettext("Net hourly") == "手取り時給"
    finally:
        i18n.translations.cache_clear()


def test_no_function_hides_the_translation_function():
    """`_, x = …` in a function that also calls `_()` makes `_` a local: the call then fails."""
    clashes = []
    for path in [ROOT / "scheduler.py", *(p for d in ("tanka", "store", "spiders", "pipelines")
                                          for p in (ROOT / d).rglob("*.py"))]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        scopes = [tree, *(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef))]
        for scope in scopes:
            body = scope.body if scope is tree else [scope]
            nodes = [n for part in body for n in ast.walk(part)]
            if scope is tree:  # module level: only statements outside functions
                nodes = [n for part in body if not isinstance(part, ast.FunctionDef | ast.AsyncFunctionDef
                                                              | ast.ClassDef) for n in ast.walk(part)]
            stores = any(isinstance(n, ast.Name) and n.id == "_" and isinstance(n.ctx, ast.Store) for n in nodes)
            calls = any(isinstance(n, ast.Call) and getattr(n.func, "id", None) == "_" for n in ast.walk(
                scope)) if scope is not tree else "from tanka.i18n import" in path.read_text(encoding="utf-8")
            if stores and calls:
                clashes.append(f"{path.relative_to(ROOT)}:{getattr(scope, 'lineno', 0)}")
    assert clashes == []


# ----- choosing the language ------------------------------------------------------------------------------
@pytest.fixture
def no_language_in_the_environment(monkeypatch):
    for name in ("TANKA_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize(("option", "env", "setting", "locale", "chosen"), [
    ("en", "ja", "ja", "ja_JP.UTF-8", "en"),     # --lang first
    (None, "ja", "en", "en_US.UTF-8", "ja"),     # then TANKA_LANG
    (None, None, "ja", "en_US.UTF-8", "ja"),     # then [ui] language
    (None, None, "auto", "ja_JP.UTF-8", "ja"),   # then the machine's locale: Japanese
    (None, None, None, "C.UTF-8", "en"),         # anything else: English
    (None, "fr", "auto", "ja_JP.eucJP", "ja"),   # an unknown language counts as unset
])
def test_choose_language(monkeypatch, no_language_in_the_environment, option, env, setting, locale, chosen):
    if env:
        monkeypatch.setenv("TANKA_LANG", env)
    monkeypatch.setenv("LANG", locale)
    assert i18n.choose_language(option, setting) == chosen


def test_the_settings_files_ui_language_is_used(tmp_path, capsys, no_language_in_the_environment):
    settings = tmp_path / "tanka.toml"
    settings.write_text('[ui]\nlanguage = "ja"\n', encoding="utf-8")
    assert main(["net", "crowdworks", "-5", "--config", str(settings)]) == 2
    assert "使い方" not in capsys.readouterr().err  # a usage error: one line, in Japanese
    assert main(["top", "--config", str(settings), "--db", str(tmp_path / "none.duckdb")]) == 1
    assert "データベースがありません" in capsys.readouterr().err


def test_a_bad_ui_language_is_a_settings_error(tmp_path, capsys):
    settings = tmp_path / "tanka.toml"
    settings.write_text('[ui]\nlanguage = "jp"\n', encoding="utf-8")
    assert main(["schedule", "--list", "--config", str(settings), "--db", str(tmp_path / "x.duckdb")]) == 1
    assert "[ui] language must be one of 'auto', 'ja', 'en', not 'jp'" in capsys.readouterr().err


@pytest.mark.parametrize(("argv", "words"), [
    (["--lang", "ja", "--help"], ["使い方: tanka", "オプション:", "いま応募できるおすすめの案件"]),
    (["top", "--lang", "ja", "--help"], ["使い方: tanka top", "表示する件数（既定 20）"]),
    (["--help"], ["usage: tanka", "the best open gigs, with the reasons"]),
])
def test_help_is_in_the_chosen_language(capsys, argv, words):
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert [w for w in words if w not in out] == []


def test_argparse_errors_are_in_the_chosen_language(capsys):
    assert main(["top", "--lang", "ja", "--limit", "0"]) == 2
    assert capsys.readouterr().err.strip() == ("tanka top: 引数 --limit：1以上にしてください（いまは 0）"
                                               "（tanka top --help を参照）")


def test_the_scheduler_script_takes_the_language_too():
    result = subprocess.run([sys.executable, str(ROOT / "scheduler.py"), "--lang", "ja", "--help"],
                            capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0 and "収集とダイジェストのスケジュールを実行する" in result.stdout


def test_using_switches_the_language_only_inside_the_block():
    i18n.set_language("en")
    with i18n.using("ja"):
        assert i18n._("Net hourly") == "手取り時給"
    assert i18n._("Net hourly") == "Net hourly"


def test_dates_and_amounts_per_language():
    from datetime import date

    with i18n.using("ja"):
        assert (i18n.day_label(date(2026, 12, 7)), i18n.per_hour(1716.4)) == ("12月7日(月)", "¥1,716/時")
    with i18n.using("en"):
        assert (i18n.day_label(date(2026, 12, 7)), i18n.per_hour(1716.4)) == ("Mon, Dec 7", "¥1,716/h")


def test_other_threads_speak_the_commands_language():
    """The crawl's progress lines are printed by a reader thread; the scheduler's jobs run in a pool."""
    import threading

    i18n.set_language("ja")
    seen = []
    thread = threading.Thread(target=lambda: seen.append(i18n._("Net hourly")))
    thread.start()
    thread.join()
    i18n.set_language("en")
    assert seen == ["手取り時給"]
