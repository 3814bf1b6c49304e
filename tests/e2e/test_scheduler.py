"""The scheduler run as users run it (`python scheduler.py`), on a seconds-level schedule, crawling the
replay mirror: runs are recorded, a second scheduler is refused, SIGTERM mid-crawl leaves a
consistent database that the next start carries on from, and `tanka status` judges health."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tanka.mirror import faults
from tests.conftest import ROOT, crawl_mirror, query

pytestmark = pytest.mark.e2e


def write_config(tmp_path: Path, *, every: str = "every 2s", stop_grace: int = 30) -> Path:
    path = tmp_path / "tanka.toml"
    path.write_text(
        '[crawl]\nsites = ["crowdworks"]\nmax_pages = 0\n'
        f'[schedule]\nstop_grace = {stop_grace}\ncrawl_timeout = 120\n'
        f'[schedule.crawl]\ncrowdworks = "{every}"\n'
        '[profiles.demo]\nenabled = false\n',
        encoding="utf-8",
    )
    return path


def mirror_state(tmp_path: Path, mirror: Any) -> Path:
    path = tmp_path / "mirror.json"
    path.write_text(json.dumps(mirror.state()), encoding="utf-8")
    return path


def scheduler_args(tmp_path: Path, mirror: Any, db: Path, **config: Any) -> list[str]:
    """`python scheduler.py` options: a settings file, the database, the running mirror."""
    return ["--config", str(write_config(tmp_path, **config)), "--db", str(db), "--mirror-state",
            str(mirror_state(tmp_path, mirror))]


class Daemon:
    """`python scheduler.py …` in its own process group, its log lines collected."""

    def __init__(self, tmp_path: Path, *args: str) -> None:
        self.log_path = tmp_path / f"scheduler-{time.monotonic_ns()}.log"
        self.log_file = self.log_path.open("w", encoding="utf-8")
        env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "tanka.settings", "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen([sys.executable, str(ROOT / "scheduler.py"), *args], cwd=ROOT, env=env,
                                        stdout=self.log_file, stderr=subprocess.STDOUT, start_new_session=True)

    @property
    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8")

    def wait_for(self, text: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.log:
            if self.process.poll() is not None:
                raise AssertionError(f"the scheduler exited ({self.process.returncode}):\n{self.log}")
            if time.monotonic() > deadline:
                raise AssertionError(f"no {text!r} within {timeout} s:\n{self.log}")
            time.sleep(0.2)

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 120) -> int:
        self.process.send_signal(sig)
        return self.process.wait(timeout=timeout)

    def close(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.log_file.close()


@pytest.fixture
def daemon(tmp_path: Path) -> Iterator[Callable[..., Daemon]]:
    started: list[Daemon] = []

    def start(*args: str) -> Daemon:
        started.append(Daemon(tmp_path, *args))
        return started[-1]

    yield start
    for one in started:
        one.close()


def test_scheduled_crawls_are_recorded(start_mirror, daemon, tmp_path):
    mirror = start_mirror(listings=120, sites=["crowdworks"])
    db = tmp_path / "t.duckdb"
    run = daemon(*scheduler_args(tmp_path, mirror, db))
    run.wait_for("run=2] tanka.scheduler: crawl finished")
    assert run.stop() == 0
    open_now = mirror.state()["open_listings"]["crowdworks"]
    runs = query(db, "SELECT finish_reason, items FROM crawl_runs ORDER BY run_id")
    assert runs[:2] == [("finished", open_now), ("finished", open_now)]


def test_log_lines_name_the_site_and_run(start_mirror, daemon, tmp_path):
    mirror = start_mirror(listings=60, sites=["crowdworks"])
    db = tmp_path / "t.duckdb"
    run = daemon(*scheduler_args(tmp_path, mirror, db))
    run.wait_for("health ok")
    run.stop()
    rotating = (tmp_path / "logs" / "tanka.log").read_text(encoding="utf-8")
    assert "INFO [crowdworks run=1] tanka.scheduler: crawl finished: crowdworks: " in rotating


def test_a_second_scheduler_refuses_to_start(start_mirror, daemon, tmp_path):
    mirror = start_mirror(listings=30, sites=["crowdworks"])
    args = scheduler_args(tmp_path, mirror, tmp_path / "t.duckdb", every="every 1h")
    first = daemon(*args)
    first.wait_for("scheduler started")
    second = daemon(*args)
    assert second.process.wait(timeout=60) == 1
    assert f"a tanka scheduler for this database is already running: pid {first.process.pid}" in second.log


def test_a_manual_crawl_of_a_site_being_crawled_is_refused(start_mirror, tmp_path):
    from store.locks import AlreadyRunning, crawl_lock

    mirror = start_mirror(listings=30, sites=["crowdworks"])
    db = tmp_path / "t.duckdb"
    with crawl_lock(db, "crowdworks").acquire(by="tanka schedule"), \
            pytest.raises(AlreadyRunning, match="a crowdworks crawl into this database is already running"):
        crawl_mirror("crowdworks", mirror, db)


def test_sigterm_mid_crawl_exits_cleanly_and_the_next_start_carries_on(start_mirror, daemon, tmp_path):
    mirror = start_mirror(listings=1500, sites=["crowdworks"])
    db = tmp_path / "t.duckdb"
    args = scheduler_args(tmp_path, mirror, db, every="every 1s", stop_grace=0)
    first = daemon(*args)
    first.wait_for("crawl started")
    time.sleep(3)  # well into the crawl: batches stored, detail pages in flight
    assert first.stop() == 0
    assert query(db, "SELECT finish_reason FROM crawl_runs") == [("shutdown",)]
    stored = query(db, "SELECT count(*), count(*) FILTER (WHERE status = 'open') FROM listings")[0]
    open_now = mirror.state()["open_listings"]["crowdworks"]
    assert 0 < stored[0] < open_now and stored[0] == stored[1]  # nothing closed by the stopped run
    second = daemon(*args)
    second.wait_for("run=2] tanka.scheduler: crawl finished")
    second.stop()
    assert query(db, "SELECT finish_reason, closed_unseen FROM crawl_runs WHERE run_id = 2") == [("finished", 0)]
    assert query(db, "SELECT count(*) FROM listings WHERE status = 'open'") == [(open_now,)]


def status(db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tanka", "status", "--db", str(db)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def test_status_reports_a_site_whose_layout_changed_as_failing(start_mirror, tmp_path):
    db = tmp_path / "t.duckdb"
    crawl_mirror("crowdworks", start_mirror(listings=120, sites=["crowdworks"]), db)
    assert status(db).returncode == 0
    changed = start_mirror(listings=120, sites=["crowdworks"], day=1,
                           faults=[faults.layout_changed(r"^/public/jobs", "crowdworks")])
    crawl_mirror("crowdworks", changed, db)
    result = status(db)
    assert result.returncode == 1
    assert "crowdworks  FAILING" in result.stdout
    assert "the list page layout looks changed" in result.stdout


def test_reads_work_while_a_crawl_writes(start_mirror, tmp_path):
    from tanka.crawl import MIRROR_PACE, crawl_command

    mirror = start_mirror(listings=600, sites=["crowdworks"])
    db = tmp_path / "t.duckdb"
    crawl_mirror("crowdworks", start_mirror(listings=10, sites=["crowdworks"]), db)  # tables exist
    cmd = crawl_command("crowdworks", db, {**mirror.base_urls, **MIRROR_PACE, "TANKA_STORE_BATCH": 20},
                        {"max_pages": 0})
    crawl = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             env={**os.environ, "SCRAPY_SETTINGS_MODULE": "tanka.settings"})
    counts, failures = [], []
    while crawl.poll() is None:
        result = subprocess.run([sys.executable, "-m", "tanka", "sql", "--db", str(db), "--csv",
                                 "SELECT count(*) FROM listings"], cwd=ROOT, capture_output=True, text=True)
        if result.returncode:
            failures.append(result.stderr)
        else:
            counts.append(int(result.stdout.split()[-1]))
    assert crawl.returncode == 0
    assert failures == []
    assert any(10 < n < 610 for n in counts)  # a read that landed mid-crawl
    assert counts == sorted(counts)


def test_the_whole_product_runs_unattended(start_mirror, daemon, tmp_path, monkeypatch):
    """Crawls on a schedule, health judged after each, the digest mailed once for the day."""
    from tests.digest.conftest import start_smtp

    for name in ("TANKA_SMTP_HOST", "TANKA_SMTP_PORT", "TANKA_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    smtp = start_smtp()
    try:
        mirror = start_mirror(listings=80, sites=["crowdworks", "lancers"])
        config = tmp_path / "tanka.toml"
        config.write_text(
            '[crawl]\nsites = ["crowdworks", "lancers"]\nmax_pages = 0\n'
            '[schedule.crawl]\ncrowdworks = "every 3s"\nlancers = "every 4s"\n'
            f'[smtp]\nhost = "127.0.0.1"\nport = {smtp.port}\nhelo = "tanka.test"\n'
            '[profiles.demo]\nrecipient = "hanako@example.com"\nsend_time = "every 20s"\n',
            encoding="utf-8")
        db = tmp_path / "t.duckdb"
        run = daemon("--config", str(config), "--db", str(db), "--mirror-state", str(mirror_state(tmp_path, mirror)))
        run.wait_for("digest demo: done", timeout=180)
        run.stop()
    finally:
        smtp.controller.stop()
    assert [m["To"] for m in smtp.inbox.messages] == ["hanako@example.com"]
    assert "Crawl health" in smtp.inbox.messages[0].get_body(("plain",)).get_content()
    assert "[crowdworks run=" in run.log and "health ok" in run.log
    assert "[lancers run=" in run.log


def test_two_sites_crawled_at_once_share_the_database(start_mirror, tmp_path):
    """A manual crawl of one site while the scheduler crawls another: both write in short turns."""
    import threading

    mirror = start_mirror(listings=150, sites=["crowdworks", "lancers"])
    db = tmp_path / "t.duckdb"
    results = {}

    def crawl(site):
        from tanka.crawl import MIRROR_PACE, run_site_crawl

        results[site] = run_site_crawl(site, db, settings={**mirror.base_urls, **MIRROR_PACE, "TANKA_STORE_BATCH": 10},
                                       spider_args={"max_pages": 0}, timeout=240, log_dir=tmp_path / "logs")

    threads = [threading.Thread(target=crawl, args=(site,)) for site in ("crowdworks", "lancers")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {site: r.run.get("finish_reason") for site, r in results.items()} == {
        "crowdworks": "finished", "lancers": "finished"}
    stored = dict(query(db, "SELECT site, count(*) FROM listings GROUP BY site"))
    assert stored == {site: mirror.state()["open_listings"][site] for site in ("crowdworks", "lancers")}
