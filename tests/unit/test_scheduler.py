"""scheduler.py: jobs set deliberately, one at a time, in Tokyo time."""

from pathlib import Path

import pytest

import scheduler
from config import load_config


@pytest.fixture
def config(tmp_path):
    path = tmp_path / "tanka.toml"
    path.write_text(
        '[crawl]\nsites = ["crowdworks", "lancers"]\nmax_pages = 2\n'
        '[crawl.lists]\nlancers = ["new", "category:task/input"]\n'
        '[schedule]\ncrawl = "7 6 * * *"\n'
        '[profiles.morning]\nrecipient = "a@example.com"\nsend_time = "07:30"\n',
        encoding="utf-8",
    )
    return load_config(path)


def test_jobs_are_set_deliberately(config, tmp_path):
    sched = scheduler.build_scheduler(config, tmp_path / "t.duckdb")
    jobs = {job.id: job for job in sched.get_jobs()}
    assert set(jobs) >= {"crawl", "digest-morning", "digest-demo"}
    for job in jobs.values():
        assert (job.coalesce, job.max_instances, job.misfire_grace_time) == (True, 1, 1800)


def test_crawl_runs_off_the_hour_in_tokyo(config, tmp_path):
    crawl = scheduler.build_scheduler(config, tmp_path / "t.duckdb").get_job("crawl")
    assert str(crawl.trigger.timezone) == "Asia/Tokyo"
    assert str(crawl.trigger.fields[6]) == "7"  # minute
    assert str(crawl.trigger.fields[5]) == "6"  # hour


def test_the_digest_is_sent_at_the_profile_time(config, tmp_path):
    job = scheduler.build_scheduler(config, tmp_path / "t.duckdb").get_job("digest-morning")
    assert (str(job.trigger.fields[5]), str(job.trigger.fields[6])) == ("7", "30")


def test_one_worker_so_jobs_never_overlap(config, tmp_path):
    sched = scheduler.build_scheduler(config, tmp_path / "t.duckdb")
    assert sched._executors["default"]._pool._max_workers == 1


def test_jobs_are_module_level_functions(config, tmp_path):
    for job in scheduler.build_scheduler(config, tmp_path / "t.duckdb").get_jobs():
        assert job.func.__module__ == "scheduler"
        assert "." not in job.func.__qualname__


def test_crawl_job_crawls_each_site_in_turn_with_its_lists(config, monkeypatch, tmp_path):
    calls = []

    def fake(site, db_path, **kwargs):
        calls.append((site, kwargs["spider_args"]))
        return scheduler.CrawlResult(site, 0, 0.1, Path("x.log"), run={"finish_reason": "finished"})

    monkeypatch.setattr(scheduler, "run_site_crawl", fake)
    results = scheduler.crawl_job(str(config.path), str(tmp_path / "t.duckdb"))
    assert [r.site for r in results] == ["crowdworks", "lancers"]
    assert calls[1] == ("lancers", {"lists": "new,category:task/input", "max_pages": 2})


def test_the_crawl_command_is_a_scrapy_subprocess(tmp_path):
    cmd = scheduler.crawl_command("lancers", tmp_path / "t.duckdb", {"DOWNLOAD_DELAY": 0}, {"max_pages": 1})
    assert cmd[1:5] == ["-m", "scrapy", "crawl", "lancers"]
    assert f"TANKA_DB={tmp_path / 't.duckdb'}" in cmd
    assert cmd[-2:] == ["-a", "max_pages=1"]


def test_a_run_summary_says_when_something_went_wrong():
    result = scheduler.CrawlResult("lancers", 0, 3.0, Path("l.log"),
                                   run={"finish_reason": "blocked", "errors": 2, "items": 5})
    assert not result.ok
    assert "PROBLEM (blocked, 2 errors" in result.summary()
