"""tanka as users install it: a wheel with exactly five top-level names and its data files, that
works outside the checkout, and crawls from a folder holding files named like tanka's own."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT, query

pytestmark = pytest.mark.slow  # builds a wheel and installs it in a fresh venv

SOURCES = ("pyproject.toml", "MANIFEST.in", "babel.cfg", "README.md", "scheduler.py", "scrapy.cfg", "tanka",
           "spiders", "pipelines", "store")
TOP_LEVEL = {"tanka", "spiders", "pipelines", "store", "scheduler.py"}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`pip wheel --no-deps .` of a copy of the sources (the checkout itself stays clean)."""
    src = tmp_path_factory.mktemp("src")
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            # no compiled catalog is copied: the build must make them (tanka/build_catalogs.py)
            shutil.copytree(path, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo"))
        else:
            shutil.copy2(path, src / name)
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
                    "-w", str(out), str(src)], check=True, capture_output=True, text=True)
    (built,) = out.glob("tanka-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel unpacked into a folder of its own: what an install puts in site-packages."""
    site = tmp_path_factory.mktemp("site-packages")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    return site


def test_the_wheel_installs_exactly_five_top_level_names(wheel):
    with zipfile.ZipFile(wheel) as archive:
        tops = {name.split("/")[0] for name in archive.namelist()}
    assert {t for t in tops if not t.endswith(".dist-info")} == TOP_LEVEL


@pytest.mark.parametrize("data", ["tanka/defaults.toml", "tanka/digest/templates/digest.html.j2",
                                  "tanka/digest/templates/digest.txt.j2", "store/migrations/0001_listings.sql",
                                  "store/migrations/0007_reason_codes.py", "tanka/locale/ja/LC_MESSAGES/tanka.mo",
                                  "tanka/locale/en/LC_MESSAGES/tanka.mo", "tanka/web/templates/base.html.j2",
                                  "tanka/web/templates/_results.html.j2", "tanka/web/static/htmx.min.js",
                                  "tanka/web/static/htmx.LICENSE", "tanka/web/static/tanka.css"])
def test_the_wheel_holds_its_data_files(wheel, data):
    with zipfile.ZipFile(wheel) as archive:
        assert data in archive.namelist()


def test_the_wheel_holds_no_tests_benchmarks_or_docs(wheel):
    with zipfile.ZipFile(wheel) as archive:
        assert not [n for n in archive.namelist() if n.split("/")[0] in ("tests", "bench", "docs")]


def test_the_console_script_is_tanka_cli_main(wheel):
    with zipfile.ZipFile(wheel) as archive:
        entry_points = next(n for n in archive.namelist() if n.endswith("entry_points.txt"))
        assert "tanka = tanka.cli:main" in archive.read(entry_points).decode()


def run_installed(site: Path, cwd: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    """`tanka ARGV` from the unpacked wheel, run in `cwd`, with nothing of the checkout on sys.path."""
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import tanka; "
            "assert tanka.__file__.startswith(sys.argv[1]), tanka.__file__; "
            "from tanka.cli import main; sys.exit(main(sys.argv[2:]))")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "TANKA_CONFIG", "SCRAPY_SETTINGS_MODULE")}
    return subprocess.run([sys.executable, "-P", "-c", code, str(site), *argv], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_installed_outside_the_checkout_tanka_net_works(installed, tmp_path):
    result = run_installed(installed, tmp_path, "net", "crowdworks", "10000")
    assert (result.returncode, result.stdout.strip()) == (0, "8580"), result.stderr


def test_installed_outside_the_checkout_tanka_speaks_japanese(installed, tmp_path):
    """The wheel's compiled catalogs are found (it holds no .po to fall back on)."""
    result = run_installed(installed, tmp_path, "schedule", "--list", "--lang", "ja", "--db", str(tmp_path / "x.duckdb"))
    assert result.returncode == 0, result.stderr
    assert "2時間ごと（毎時07分）" in result.stdout and "crowdworks の収集" in result.stdout


def test_installed_outside_the_checkout_the_web_view_serves_its_pages(installed, tmp_path):
    """Its templates and vendored htmx are found in the installed package."""
    code = """import sys
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from starlette.testclient import TestClient
from store import open_store
from tanka.config import load_config
from tanka.web import Web, create_app
db = Path(sys.argv[2])
with open_store(db):
    pass
client = TestClient(create_app(Web(db, load_config(None), language="ja")), base_url="http://127.0.0.1")
print(client.get("/").status_code, client.get("/static/htmx.min.js").status_code, "案件一覧" in client.get("/market").text)
"""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "TANKA_CONFIG", "SCRAPY_SETTINGS_MODULE")}
    result = subprocess.run([sys.executable, "-P", "-c", code, str(installed), str(tmp_path / "x.duckdb")],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert result.stdout.split() == ["200", "200", "True"], result.stderr[-2000:]


def test_the_wheel_ships_compiled_catalogs_only(wheel):
    with zipfile.ZipFile(wheel) as archive:
        assert not [n for n in archive.namelist() if n.endswith(".po")]


def test_installed_outside_the_checkout_the_settings_load(installed, tmp_path):
    result = run_installed(installed, tmp_path, "schedule", "--list", "--db", str(tmp_path / "x.duckdb"))
    assert result.returncode == 0, result.stderr
    assert "crawl crowdworks" in result.stdout


A_TRAP = "raise SystemExit('the current folder was imported: {name}')\n"


@pytest.mark.e2e
def test_a_crawl_from_a_folder_with_its_own_settings_py_and_logs_stores_listings(tmp_path):
    """`cd ~/gigs && tanka crawl crowdworks --mirror --db ./x.duckdb`: the folder's settings.py,
    logs/ and scrapy.cfg are the user's, never imported or read by the crawl."""
    home = tmp_path / "gigs"
    (home / "logs").mkdir(parents=True)
    (home / "logs" / "__init__.py").write_text(A_TRAP.format(name="logs"))
    (home / "settings.py").write_text(A_TRAP.format(name="settings.py") + "open('EXECUTED', 'w').close()\n")
    (home / "items.py").write_text(A_TRAP.format(name="items.py"))
    (home / "scrapy.cfg").write_text("[settings]\ndefault = settings\n")
    tanka = Path(sys.executable).with_name("tanka")
    env = {k: v for k, v in os.environ.items() if k not in ("SCRAPY_SETTINGS_MODULE", "TANKA_CONFIG")}
    result = subprocess.run([str(tanka), "crawl", "crowdworks", "--mirror", "--listings", "60", "--max-pages", "1",
                             "--db", "./x.duckdb"], cwd=home, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert query(home / "x.duckdb", "SELECT count(*) FROM listings WHERE site = 'crowdworks'")[0][0] > 0
    assert not (home / "EXECUTED").exists()
