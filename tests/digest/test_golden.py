"""Golden renderings of the digest, reviewed by eye in the diff.

Rewrite them after an intended change with `.venv/bin/pytest tests/digest/test_golden.py --update-golden`
(tests/conftest.py defines the option), then read the diff before committing.
"""

from pathlib import Path

import pytest

from tanka.digest import build
from tanka.digest.profile import load_profile
from tests.digest.conftest import NOW, ROWS, RUNS, settings_file, write_rows

GOLDEN = Path(__file__).with_name("golden")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    folder = tmp_path_factory.mktemp("golden")
    write_rows(folder / "tanka.duckdb", ROWS, RUNS)
    config = settings_file(folder, 25)
    return build(config, folder / "tanka.duckdb", load_profile(config, "demo"), NOW)[1]


def test_subject(golden, rendered):
    golden(GOLDEN / "digest.subject.txt", rendered.subject + "\n")


def test_text(golden, rendered):
    golden(GOLDEN / "digest.txt", rendered.text)


def test_html(golden, rendered):
    golden(GOLDEN / "digest.html", rendered.html)


def test_update_golden_is_an_option_of_the_test_run(pytestconfig):
    assert pytestconfig.getoption("--update-golden") in (True, False)
