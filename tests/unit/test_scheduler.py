"""scheduler.py: jobs set deliberately, per site, in Tokyo time."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

import scheduler
from tanka.config import ConfigError, load_config
from tanka.crawl import CrawlResult, crawl_command


@pytest.fixture
def config(tmp_path):
    path = tmp_path / "tanka.toml"
    path.write_text(
        '[crawl]\nsites = ["crowdworks", "lancers"]\nmax_pages = 2\n'
        '[crawl.lists]\nlancers = ["new", "category:task/input"]\n'
        '[schedule.crawl]\ncrowdworks = "7 6 * * *"\nlancers = "every 90m"\n'
        '[profiles.morning]\nrecipient = "a@example.com"\nsend_time = "07:30"\n',
        encoding="utf-8",
    )
    return load_config(path)


def jobs(config, tmp_path, **kwargs):
    return {job.id: job for job in scheduler.build_scheduler(config, tmp_path / "t.duckdb", **kwargs).get_jobs()}


def test_each_site_has_its_own_crawl_job(config, tmp_path):
    assert set(jobs(config, tmp_path)) == {"crawl-crowdworks", "crawl-lancers", "digest-morning", "digest-demo"}


def test_jobs_are_set_deliberately(config, tmp_path):
    for job in jobs(config, tmp_path).values():
        assert (job.coalesce, job.max_instances, job.misfire_grace_time) == (True, 1, 1800)


def test_crawl_runs_off_the_hour_in_tokyo(config, tmp_path):
    crawl = jobs(config, tmp_path)["crawl-crowdworks"]
    assert str(crawl.trigger.timezone) == "Asia/Tokyo"
    assert (str(crawl.trigger.fields[5]), str(crawl.trigger.fields[6])) == ("6", "7")  # hour, minute


def test_a_site_can_be_crawled_every_so_often(config, tmp_path):
    assert jobs(config, tmp_path)["crawl-lancers"].trigger.interval.total_seconds() == 90 * 60


def test_by_default_sites_are_crawled_every_two_hours_staggered(tmp_path):
    crawls = [j for j in jobs(load_config(None), tmp_path, sites=["crowdworks", "lancers", "shufti"]).values()
              if j.id.startswith("crawl-")]
    assert {str(j.trigger.fields[5]) for j in crawls} == {"*/2"}
    assert sorted(str(j.trigger.fields[6]) for j in crawls) == ["27", "47", "7"]


def test_the_digest_is_sent_at_the_profile_time(config, tmp_path):
    job = jobs(config, tmp_path)["digest-morning"]
    assert (str(job.trigger.fields[5]), str(job.trigger.fields[6])) == ("7", "30")


def test_crawls_and_digests_have_workers_of_their_own(config, tmp_path):
    sched = scheduler.build_scheduler(config, tmp_path / "t.duckdb")
    assert sched._executors["default"]._pool._max_workers == 4


def test_jobs_are_module_level_functions(config, tmp_path):
    for job in jobs(config, tmp_path).values():
        assert job.func.__module__ == "scheduler"
        assert "." not in job.func.__qualname__


@pytest.mark.parametrize(("spec", "kind"), [
    ("7 */2 * * *", CronTrigger), ("*/5 * * * * *", CronTrigger), ("07:30", CronTrigger),
    ("every 5s", IntervalTrigger), ("every 2 h", IntervalTrigger),
])
def test_schedules_are_written_four_ways(spec, kind):
    assert isinstance(scheduler.trigger_for(spec, "Asia/Tokyo", "test"), kind)


@pytest.mark.parametrize("spec", ["sometimes", "99 * * * *", "every fortnight"])
def test_a_bad_schedule_is_a_clear_error(spec):
    with pytest.raises(ConfigError, match=r"test: .* (not a valid schedule|is not a schedule)"):
        scheduler.trigger_for(spec, "Asia/Tokyo", "test")


def test_one_string_schedules_every_site_alike(tmp_path):
    path = tmp_path / "t.toml"
    path.write_text('[schedule]\ncrawl = "every 1h"\n', encoding="utf-8")
    assert scheduler.crawl_triggers(load_config(path), ["crowdworks", "shufti"]) == {
        "crowdworks": "every 1h", "shufti": "every 1h"}


def test_the_job_list_shows_the_next_run_in_tokyo(config, tmp_path):
    sched = scheduler.build_scheduler(config, tmp_path / "t.duckdb")
    table = dict((name, upcoming) for name, _, upcoming in
                 scheduler.job_table(sched, now=datetime(2026, 11, 28, 12, 0, tzinfo=UTC)))
    assert table["crawl crowdworks"] == "Sun, Nov 29 06:07 JST"


def test_crawl_job_crawls_each_site_in_turn_with_its_lists(config, monkeypatch, tmp_path):
    calls = []

    def fake(site, db_path, **kwargs):
        calls.append((site, kwargs["spider_args"], kwargs["started_by"]))
        return CrawlResult(site, 0, 0.1, Path("x.log"), run={"finish_reason": "finished"})

    monkeypatch.setattr(scheduler, "run_site_crawl", fake)
    monkeypatch.setattr(scheduler, "_log_health", lambda *args: None)
    results = scheduler.crawl_job(str(config.path), str(tmp_path / "t.duckdb"))
    assert [r.site for r in results] == ["crowdworks", "lancers"]
    assert calls[1] == ("lancers", {"lists": "new,category:task/input", "max_pages": 2}, "tanka schedule")


def test_the_crawl_command_is_a_scrapy_subprocess_that_ignores_the_current_folder(tmp_path):
    cmd = crawl_command("lancers", tmp_path / "t.duckdb", {"DOWNLOAD_DELAY": 0}, {"max_pages": 1})
    assert cmd[1:6] == ["-P", "-m", "scrapy", "crawl", "lancers"]
    assert f"TANKA_DB={tmp_path / 't.duckdb'}" in cmd
    assert cmd[-2:] == ["-a", "max_pages=1"]


def test_a_run_summary_says_when_something_went_wrong():
    result = CrawlResult("lancers", 0, 3.0, Path("l.log"),
                                   run={"finish_reason": "blocked", "errors": 2, "items": 5})
    assert not result.ok
    assert "PROBLEM: blocked; 2 errors (log: l.log)" in result.summary()


class FakeScheduler:
    def __init__(self):
        self.added = []

    def add_job(self, func, trigger, **kwargs):
        self.added.append((func, trigger, kwargs))


def test_a_failed_digest_is_tried_again_later(monkeypatch, tmp_path):
    from tanka import digest

    fake = FakeScheduler()
    monkeypatch.setattr(digest, "run_digest", lambda *args, **kwargs: 1)
    monkeypatch.setattr(scheduler, "_running_scheduler", fake)
    assert scheduler.digest_job(None, str(tmp_path / "t.duckdb"), "demo") == 1
    func, trigger, kwargs = fake.added[0]
    assert (func, trigger, kwargs["args"][2:], kwargs["id"]) == (scheduler.digest_job, "date", ["demo", 2],
                                                                   "digest-demo-retry")


def test_a_digest_stops_retrying_after_three_attempts(monkeypatch, tmp_path):
    from tanka import digest

    fake = FakeScheduler()
    monkeypatch.setattr(digest, "run_digest", lambda *args, **kwargs: 1)
    monkeypatch.setattr(scheduler, "_running_scheduler", fake)
    scheduler.digest_job(None, str(tmp_path / "t.duckdb"), "demo", attempt=4)
    assert fake.added == []
