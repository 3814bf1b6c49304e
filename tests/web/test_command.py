"""`tanka web` as a command: it serves on 127.0.0.1, stops cleanly on SIGTERM, warns on another
interface, and says in one line when the port is taken or there is no database."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import urllib.request

import pytest

from tanka import cli as tanka_cli
from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM")


def start(*argv: str) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen([sys.executable, "-m", "tanka", "web", *argv], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, cwd=ROOT, env={**os.environ, "TANKA_LANG": "en"})
    line = process.stdout.readline()
    return process, line


def stop(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=30)
    return process.returncode, out, err


def test_serves_on_loopback_and_stops_cleanly(web_db):
    process, line = start("--db", str(web_db), "--port", "0")
    try:
        url = re.search(r"http://127\.0\.0\.1:\d+/", line).group(0)
        with urllib.request.urlopen(url, timeout=30) as response:
            assert response.status == 200 and b"<html lang=\"en\">" in response.read()
    finally:
        code, out, err = stop(process)
    assert (code, err) == (0, "")
    assert out.strip() == "tanka web: stopped"


def test_another_interface_is_served_with_a_warning(web_db):
    process, line = start("--db", str(web_db), "--port", "0", "--host", "0.0.0.0")
    code, _out, err = stop(process)
    assert code == 0 and "serving http://127.0.0.1:" in line
    assert err.startswith("tanka web: warning: serving on 0.0.0.0, not only on this computer")


def test_a_taken_port_is_one_line(web_db, capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = tanka_cli.main(["web", "--db", str(web_db), "--port", str(port)])
    err = capsys.readouterr().err
    assert code != 0 and err.count("\n") == 1 and f"cannot serve on 127.0.0.1:{port}" in err


def test_no_database_is_one_line(tmp_path, capsys):
    code = tanka_cli.main(["web", "--db", str(tmp_path / "none.duckdb")])
    err = capsys.readouterr().err
    assert code != 0 and err.count("\n") == 1 and "no database at" in err


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_as_soon_as_it_starts_is_clean(web_db, stop_signal):
    """A signal before uvicorn has taken over the signals (a service manager stopping at once) still
    stops it cleanly; a handler that raised there left the event loop running."""
    process = subprocess.Popen([sys.executable, "-m", "tanka", "web", "--db", str(web_db), "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                               env={**os.environ, "TANKA_LANG": "en"})
    process.stdout.readline()
    process.send_signal(stop_signal)
    out, err = process.communicate(timeout=30)
    assert (process.returncode, out.strip(), err) == (0, "tanka web: stopped", "")
