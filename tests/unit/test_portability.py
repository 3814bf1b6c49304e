"""Windows and macOS code paths. Windows cannot run here: its branches are exercised by simulating
the platform (README, "Development", says what is and is not tested on which system)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import psutil
import pytest

from store import digests
from store.locks import AlreadyRunning, crawl_lock, scheduler_lock
from tanka import crawl

ROOT = Path(__file__).resolve().parents[2]
PROJECT_PACKAGES = ("tanka", "spiders", "pipelines", "store")
UNIX_ONLY = {"fcntl", "termios", "tty", "pty", "pwd", "grp", "resource", "syslog", "crypt", "posix", "readline"}


def project_modules() -> list[Path]:
    return [ROOT / "scheduler.py", *(p for pkg in PROJECT_PACKAGES for p in sorted((ROOT / pkg).rglob("*.py")))]


def module_level_imports(path: Path) -> set[str]:
    """Top-level names imported when the module is imported (not inside functions)."""
    names = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", project_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_imports_a_unix_only_module(path):
    assert not module_level_imports(path) & UNIX_ONLY


# ----- stopping a crawl ------------------------------------------------------------------------------------
def test_on_windows_a_crawl_gets_a_process_group_of_its_own(monkeypatch):
    monkeypatch.setattr(crawl, "WINDOWS", True)
    assert crawl.process_group_options() == {"creationflags": 0x200}  # CREATE_NEW_PROCESS_GROUP


def test_elsewhere_a_crawl_gets_a_session_of_its_own(monkeypatch):
    monkeypatch.setattr(crawl, "WINDOWS", False)
    assert crawl.process_group_options() == {"start_new_session": True}


def test_on_windows_the_clean_stop_is_ctrl_break_to_the_group(monkeypatch):
    monkeypatch.setattr(crawl, "WINDOWS", True)
    sent = []
    crawl.send_stop_signal(SimpleNamespace(send_signal=sent.append, pid=1234))
    assert sent == [1]  # signal.CTRL_BREAK_EVENT, which Scrapy handles as SIGBREAK


def test_on_windows_a_crawl_that_ignores_the_stop_is_killed_with_its_children(monkeypatch):
    monkeypatch.setattr(crawl, "WINDOWS", True)
    killed = []

    class Stubborn:
        pid = 4321

        def send_signal(self, sig):
            pass

        def wait(self, timeout=None):
            if timeout is not None:
                raise subprocess.TimeoutExpired("scrapy", timeout)

    monkeypatch.setattr(crawl, "kill_tree", killed.append)
    crawl.stop_crawl(Stubborn(), grace=0.01)
    assert killed == [4321]


STUBBORN = textwrap.dedent("""
    import signal, subprocess, sys, time
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    child = subprocess.Popen([sys.executable, "-c", "import signal, time; signal.signal(signal.SIGINT, signal.SIG_IGN); time.sleep(60)"])
    print(child.pid, flush=True)
    time.sleep(60)
""")


def test_a_crawl_that_ignores_the_stop_is_killed_with_the_processes_it_started():
    process = subprocess.Popen([sys.executable, "-c", STUBBORN], stdout=subprocess.PIPE, text=True,
                               **crawl.process_group_options())
    child = int(process.stdout.readline())
    crawl.stop_crawl(process, grace=0.5)
    assert process.returncode is not None
    assert not psutil.pid_exists(child) or psutil.Process(child).status() == psutil.STATUS_ZOMBIE


# ----- locks -------------------------------------------------------------------------------------------------
def test_a_second_holder_is_refused_with_the_first_ones_pid_and_name(tmp_path):
    db = tmp_path / "t.duckdb"
    with scheduler_lock(db).acquire(by="tanka schedule"), \
            pytest.raises(AlreadyRunning, match=r"pid \d+ \(tanka schedule\) since .* JST holds"):
        scheduler_lock(db).acquire()


def test_a_released_lock_can_be_taken_again_and_forgets_its_holder(tmp_path):
    lock = crawl_lock(tmp_path / "t.duckdb", "lancers").acquire(by="tanka crawl")
    lock.release()
    assert not lock.holder_path.exists()
    crawl_lock(tmp_path / "t.duckdb", "lancers").check()


HOLD = textwrap.dedent("""
    import sys, time
    from store.locks import crawl_lock
    lock = crawl_lock(sys.argv[1], "lancers").acquire(by="a killed crawl")
    print("held", flush=True)
    time.sleep(60)
""")


def test_a_lock_dies_with_its_process_even_on_kill(tmp_path):
    db = tmp_path / "t.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(db)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert holder.stdout.readline().strip() == "held"
    with pytest.raises(AlreadyRunning, match="a killed crawl"):
        crawl_lock(db, "lancers").check()
    holder.kill()
    holder.wait()
    crawl_lock(db, "lancers").check()  # free again, though its holder file was never removed
    assert json.loads(crawl_lock(db, "lancers").holder_path.read_text())["by"] == "a killed crawl"


# ----- the digest ledger's "is the sender alive?" ---------------------------------------------------------------
def test_a_dead_sender_is_not_alive_and_no_process_is_signalled():
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    now = datetime.now(UTC)
    import socket

    assert digests._alive(socket.gethostname(), dead.pid, now, now) is False


def test_a_live_sender_is_alive_and_survives_the_question():
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        import socket

        now = datetime.now(UTC)
        assert digests._alive(socket.gethostname(), sleeper.pid, now - timedelta(seconds=1), now) is True
        time.sleep(0.1)
        assert sleeper.poll() is None
    finally:
        sleeper.kill()
        sleeper.wait()
