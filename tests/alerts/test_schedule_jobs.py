"""The scheduler's poll jobs: one per site an alerting profile watches; a poll skips its turn while
the site's crawl runs, a crawl waits for a running poll; an alert pass follows both."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import scheduler
from tanka.config import load_config
from tanka.crawl import CrawlResult


def config_file(tmp_path: Path, profiles: str) -> Path:
    path = tmp_path / "tanka.toml"
    path.write_text('[crawl]\nsites = ["crowdworks", "lancers"]\n[alerts]\npoll = "every 10m"\n' + profiles,
                    encoding="utf-8")
    return path


def test_polls_are_scheduled_for_the_sites_alerting_profiles_watch(tmp_path: Path) -> None:
    quiet = load_config(config_file(tmp_path, '[profiles.demo]\nrecipient = "a@example.com"\n'))
    names = [job.name for job in scheduler.build_scheduler(quiet, tmp_path / "t.duckdb").get_jobs()]
    assert not any(name.startswith("poll") for name in names)
    watching = load_config(config_file(tmp_path, '[profiles.demo]\nrecipient = "a@example.com"\nalert = true\n'
                                                 'sites = ["lancers", "shufti"]\n'))
    names = [job.name for job in scheduler.build_scheduler(watching, tmp_path / "t.duckdb").get_jobs()]
    assert [n for n in names if n.startswith("poll")] == ["poll lancers"]


def test_a_poll_skips_while_the_crawl_runs_and_a_crawl_waits_for_a_poll(tmp_path: Path, monkeypatch) -> None:
    config = config_file(tmp_path, '[profiles.demo]\nrecipient = "a@example.com"\nalert = true\n')
    calls: list[tuple[str, dict]] = []
    release = threading.Event()

    def fake(site, db_path, **kwargs):
        calls.append((site, kwargs["spider_args"]))
        release.wait(10)
        return CrawlResult(site, 0, 0.1, Path("x.log"), run={"finish_reason": "finished"})

    alerts = []
    monkeypatch.setattr(scheduler, "run_site_crawl", fake)
    monkeypatch.setattr(scheduler, "_log_health", lambda *args: None)
    monkeypatch.setattr(scheduler, "alert_job", lambda *args: alerts.append(args))
    db = str(tmp_path / "t.duckdb")
    crawl = threading.Thread(target=scheduler.crawl_site_job, args=(str(config), db, "crowdworks"))
    crawl.start()
    while not calls:
        time.sleep(0.01)
    assert scheduler.poll_site_job(str(config), db, "crowdworks") is None  # skipped: the crawl runs
    release.set()
    crawl.join(10)
    assert len(calls) == 1 and len(alerts) == 1
    release.clear()
    poll = threading.Thread(target=scheduler.poll_site_job, args=(str(config), db, "crowdworks"))
    poll.start()
    while len(calls) < 2:
        time.sleep(0.01)
    assert calls[1][1]["poll"] == 1 and calls[1][1]["max_pages"] == 2
    crawl = threading.Thread(target=scheduler.crawl_site_job, args=(str(config), db, "crowdworks"))
    crawl.start()
    time.sleep(0.3)
    assert len(calls) == 2  # the crawl waits for the poll
    release.set()
    poll.join(10)
    crawl.join(10)
    assert [args.get("poll") for _, args in calls] == [None, 1, None] and len(alerts) == 3
