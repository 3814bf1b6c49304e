"""One line per failure, and it says why (issue 17, part 7): a site that cannot be reached is given
up on at its first failure and the summary says so; a Shufti crawl without the opt-in says how to
turn it on; a digest that cannot be sent prints one line."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tanka.cli import main
from tanka.crawl import run_site_crawl
from tests.conftest import ROOT

pytestmark = pytest.mark.e2e

NOWHERE = "tanka-test.invalid"  # RFC 2606: never resolves


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def offline(tmp_path_factory):
    """A crowdworks crawl at the live pace (delays, retries) against a host that does not resolve."""
    db = tmp_path_factory.mktemp("offline") / "tanka.duckdb"
    return run_site_crawl("crowdworks", db, settings={"CROWDWORKS_BASE_URL": f"https://{NOWHERE}"},
                          spider_args={"max_pages": 1}, timeout=120, log_dir=db.parent / "logs")


def test_an_unresolvable_site_says_why_in_one_line(offline):
    assert offline.summary() == (f"crowdworks: cannot reach {NOWHERE} (DNS lookup failed): are you online? "
                                 f"(log: {offline.log_path})")


def test_an_unresolvable_site_is_given_up_at_the_first_failure(offline):
    stats = json.loads(offline.run["stats"])
    assert (stats.get("tanka/unreachable/dns_lookup_failed"), stats.get("retry/count"),
            stats.get("tanka/list/failed/dns_lookup_failed")) == (1, None, 1)


def test_an_unreachable_site_stops_the_crawl(offline):
    assert (offline.run["finish_reason"], offline.ok) == ("unreachable", False)


def test_a_refused_connection_says_so(tmp_path):
    db = tmp_path / "tanka.duckdb"
    result = run_site_crawl("lancers", db, settings={"LANCERS_BASE_URL": f"http://127.0.0.1:{closed_port()}",
                                                     "DOWNLOAD_DELAY": 0},
                            spider_args={"max_pages": 1}, timeout=120, log_dir=tmp_path / "logs")
    assert result.summary().startswith("lancers: cannot reach 127.0.0.1 (connection refused): ")


def test_the_crawl_command_prints_the_reason_and_exits_1(tmp_path, capsys):
    state = tmp_path / "mirror.json"
    state.write_text(json.dumps({"base_urls": {"CROWDWORKS_BASE_URL": f"http://{NOWHERE}"}}), encoding="utf-8")
    code = main(["crawl", "crowdworks", "--mirror-state", str(state), "--db", str(tmp_path / "t.duckdb")])
    assert (code, capsys.readouterr().out.startswith(f"crowdworks: cannot reach {NOWHERE} (DNS lookup failed)")) == (
        1, True)


def test_shufti_without_the_opt_in_says_how_to_turn_it_on(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("TANKA_SHUFTI_ENABLED", raising=False)
    code = main(["crawl", "shufti", "--db", str(tmp_path / "t.duckdb")])
    out = capsys.readouterr().out
    assert (code, "TANKA_SHUFTI_ENABLED=1" in out, 'README, "Responsible use"' in out) == (1, True, True)


def test_a_failed_digest_send_is_one_line(tmp_path):
    from tests.digest.conftest import listing, write_rows

    db = tmp_path / "tanka.duckdb"
    write_rows(db, [listing("1")], [("crowdworks", 1, "finished", 1, 0, {})])
    config = tmp_path / "tanka.toml"
    config.write_text("", encoding="utf-8")
    env = {**os.environ, "TANKA_SMTP_HOST": "127.0.0.1", "TANKA_SMTP_PORT": str(closed_port()),
           "TANKA_CONFIG": str(config)}
    done = subprocess.run([sys.executable, "-m", "tanka", "digest", "--db", str(db), "--profile", "demo", "--send"],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    lines = done.stderr.splitlines()
    assert (done.returncode, len(lines), lines[0].startswith("tanka: digest 'demo' not sent")) == (1, 1, True)


def test_the_log_path_exists(offline):
    assert Path(offline.log_path).is_file()
