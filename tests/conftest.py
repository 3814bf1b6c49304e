"""Shared test helpers: real pages from ../shared (skipped when absent), databases, the mirror."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tanka.normalize.dates import TOKYO

os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "tanka.settings")
# Tests never depend on the machine's language: English unless a test names another (--lang, using()).
# Subprocesses (the CLI, crawls) inherit it.
os.environ["TANKA_LANG"] = "en"

ROOT = Path(__file__).resolve().parents[1]
SHARED_FIXTURES = ROOT.parent / "shared" / "fixtures"
# The mirror's calendar in tests starts today (Tokyo): a crawl subprocess runs on the real clock,
# and a market dated in the past would have every deadline passed (and every listing closed).
MIRROR_START: date = datetime.now(TOKYO).date()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite the golden files from this run's output (then read the diff)")


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Any:
    """golden(path, actual): compare with the golden file, or rewrite it under --update-golden."""
    def check(path: Path, actual: str) -> None:
        if request.config.getoption("--update-golden"):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
        assert path.is_file(), f"no golden file {path}: run pytest --update-golden and read the diff"
        assert actual == path.read_text(encoding="utf-8")

    return check


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Each test starts in English, whatever an earlier in-process command chose."""
    from tanka.i18n import set_language

    set_language("en")
    yield
    set_language("en")


def shared_page(site: str, name: str) -> Path:
    """A real saved page from ../shared/fixtures; the test is skipped when it is not there."""
    path = SHARED_FIXTURES / site / name
    if not path.is_file():
        pytest.skip(f"real page {site}/{name} not available: ../shared/fixtures is absent in this checkout")
    return path


def tokyo(*args: int) -> datetime:
    return datetime(*args, tzinfo=TOKYO)


def frozen_datetime(at: datetime) -> type[datetime]:
    """A datetime class whose now() is `at`: monkeypatch a module's `datetime` with it."""

    class Frozen(datetime):
        @classmethod
        def now(cls, tz: Any = None) -> datetime:  # type: ignore[override]
            return at if tz is None else at.astimezone(tz)

    return Frozen


@pytest.fixture
def cli_clock(monkeypatch: pytest.MonkeyPatch) -> Any:
    """cli_clock(at): the reading commands (`tanka top`, `tanka status`) see `at` as now."""
    from tanka.cli import query

    def freeze(at: datetime) -> None:
        monkeypatch.setattr(query, "datetime", frozen_datetime(at))

    return freeze


@pytest.fixture
def memory_db() -> Iterator[duckdb.DuckDBPyConnection]:
    from store.migrations import migrate

    con = duckdb.connect(":memory:")
    con.execute("SET TimeZone = 'Asia/Tokyo'")
    migrate(con)
    yield con
    con.close()


@pytest.fixture
def start_mirror() -> Iterator[Any]:
    """start_mirror(listings=…, seed=…, sites=[…], faults=[…]) → a running Mirror, stopped after the test."""
    from tanka.mirror.server import Mirror

    started = []

    def start(**kwargs: Any) -> Mirror:
        kwargs.setdefault("start_date", MIRROR_START)
        mirror = Mirror(**kwargs).start()
        started.append(mirror)
        return mirror

    yield start
    for mirror in started:
        mirror.stop()


def crawl_mirror(site: str, mirror: Any, db_path: Path, timeout: float = 240, **spider_args: Any) -> Any:
    """Crawl the running mirror with a real `scrapy crawl` subprocess into `db_path`."""
    from tanka.crawl import MIRROR_PACE, run_site_crawl

    spider_args.setdefault("max_pages", 0)
    return run_site_crawl(site, db_path, settings={**mirror.base_urls, **MIRROR_PACE},
                          spider_args=spider_args, timeout=timeout, log_dir=db_path.parent / "logs")


def query(db_path: Path, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    from store import connect

    con = connect(db_path, read_only=True)
    try:
        return con.execute(sql, params or None).fetchall()
    finally:
        con.close()


@pytest.fixture(autouse=True)
def _crawl_subprocesses_are_e2e(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A test that starts a crawl subprocess must be marked e2e: the fast lane (`make test-fast`,
    -m "not e2e and not browser") never waits for one."""
    if request.node.get_closest_marker("e2e"):
        return
    from tanka.crawl import CHILDREN

    def refuse(site: str, cmd: list[str], **popen: Any) -> Any:
        raise AssertionError(f"{request.node.nodeid} starts a {site} crawl subprocess: mark it e2e")

    monkeypatch.setattr(CHILDREN, "start", refuse)
