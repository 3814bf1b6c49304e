"""Golden renderings of the digest, reviewed by eye in the diff.

Rewrite them after an intended change with `TANKA_UPDATE_GOLDEN=1 .venv/bin/pytest tests/digest/test_golden.py`
(or `--update-golden`, where the project's conftest defines it), then read the diff before committing.
"""

import os
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


def check(request, name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("TANKA_UPDATE_GOLDEN") or request.config.getoption("--update-golden", default=False):
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.is_file(), f"no golden file {path}: run with TANKA_UPDATE_GOLDEN=1 and read it"
    assert actual == path.read_text(encoding="utf-8")


def test_subject(request, rendered):
    check(request, "digest.subject.txt", rendered.subject + "\n")


def test_text(request, rendered):
    check(request, "digest.txt", rendered.text)


def test_html(request, rendered):
    check(request, "digest.html", rendered.html)
