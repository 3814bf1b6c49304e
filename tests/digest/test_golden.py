"""Golden renderings of the digest in Japanese and English, reviewed by eye in the diff.

Rewrite them after an intended change with `.venv/bin/pytest tests/digest/test_golden.py --update-golden`
(tests/conftest.py defines the option), then read the diff before committing.
"""

from pathlib import Path

import pytest

from tanka.digest import build
from tanka.digest.profile import load_profile
from tanka.i18n import using
from tests.digest.conftest import NOW, ROWS, RUNS, settings_file, write_rows

GOLDEN = Path(__file__).with_name("golden")
LANGUAGES = ("en", "ja")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    folder = tmp_path_factory.mktemp("golden")
    write_rows(folder / "tanka.duckdb", ROWS, RUNS)
    config = settings_file(folder, 25)
    out = {}
    for language in LANGUAGES:
        with using(language):
            out[language] = build(config, folder / "tanka.duckdb", load_profile(config, "demo"), NOW)[1]
    return out


def golden_file(name: str, language: str) -> Path:
    return GOLDEN / (name if language == "en" else name.replace("digest.", f"digest.{language}."))


@pytest.mark.parametrize("language", LANGUAGES)
def test_subject(golden, rendered, language):
    golden(golden_file("digest.subject.txt", language), rendered[language].subject + "\n")


@pytest.mark.parametrize("language", LANGUAGES)
def test_text(golden, rendered, language):
    golden(golden_file("digest.txt", language), rendered[language].text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_html(golden, rendered, language):
    golden(golden_file("digest.html", language), rendered[language].html)


@pytest.mark.parametrize(("language", "attribute"), [("en", '<html lang="en">'), ("ja", '<html lang="ja">')])
def test_the_html_says_its_language(rendered, language, attribute):
    assert attribute in rendered[language].html


def test_the_japanese_digest_is_japanese(rendered):
    text = rendered["ja"].text
    for heading in ("月¥100,000への道のり", "時間単価の仕事", "収集の状態", "用語集（数字の見かた）", "手取り時給：¥1,287/時",
                    "おすすめ度 82", "12/1(火) 07:30", "初心者歓迎"):
        assert heading in text
    assert rendered["ja"].subject.startswith("tanka 11月28日(土) ⚠ 収集に問題あり：新着6件、最高 ¥1,287/時")


def test_update_golden_is_an_option_of_the_test_run(pytestconfig):
    assert pytestconfig.getoption("--update-golden") in (True, False)
