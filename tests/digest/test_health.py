"""Crawl health: a site whose last crawl failed or looked broken is named."""

from datetime import timedelta

from digest.health import crawl_health
from store import open_store
from tests.digest.conftest import NOW, write_rows


def health(tmp_path, runs, sites=("crowdworks",)):
    path = tmp_path / "runs.duckdb"
    write_rows(path, [], runs)
    with open_store(path) as con:
        return {h.site: h for h in crawl_health(con, list(sites), NOW)}


def test_a_clean_run_is_ok(tmp_path):
    site = health(tmp_path, [("crowdworks", 6, "finished", 300, 0, {})])["crowdworks"]
    assert (site.ok, site.summary) == (True, "last crawl 11/28 01:30: OK (300 listings)")


def test_zero_items_is_broken(tmp_path):
    assert not health(tmp_path, [("crowdworks", 6, "finished", 0, 0, {})])["crowdworks"].ok


def test_errors_are_broken(tmp_path):
    assert "4 errors" in health(tmp_path, [("crowdworks", 6, "finished", 300, 4, {})])["crowdworks"].summary


def test_a_run_closed_by_an_error_is_broken(tmp_path):
    summary = health(tmp_path, [("crowdworks", 6, "shutdown", 300, 0, {})])["crowdworks"].summary
    assert "it ended abnormally (shutdown)" in summary


def test_a_sharp_drop_is_broken(tmp_path):
    runs = [("crowdworks", 30, "finished", 300, 0, {}), ("crowdworks", 6, "finished", 100, 0, {})]
    assert "listings dropped sharply (300 → 100)" in health(tmp_path, runs)["crowdworks"].summary


def test_a_small_dip_is_fine(tmp_path):
    runs = [("crowdworks", 30, "finished", 300, 0, {}), ("crowdworks", 6, "finished", 240, 0, {})]
    assert health(tmp_path, runs)["crowdworks"].ok


def test_a_changed_layout_is_broken(tmp_path):
    runs = [("crowdworks", 6, "finished", 300, 0, {"tanka/list/layout_changed": 2})]
    assert "layout looks changed" in health(tmp_path, runs)["crowdworks"].summary


def test_a_run_that_never_ended_is_broken(tmp_path):
    assert "never finished (interrupted)" in health(tmp_path, [("crowdworks", 6, None, 0, 0, {})])["crowdworks"].summary


def test_a_run_in_progress_is_judged_by_the_one_before(tmp_path):
    runs = [("crowdworks", 30, "finished", 300, 0, {}), ("crowdworks", 0.2, None, 0, 0, {})]
    site = health(tmp_path, runs)["crowdworks"]
    assert (site.ok, site.summary.endswith(" (a crawl is running now)")) == (True, True)


def test_a_stale_site_is_named(tmp_path):
    site = health(tmp_path, [("crowdworks", 24 * 3, "finished", 300, 0, {})])["crowdworks"]
    assert "no crawl since then" in site.summary


def test_a_configured_site_never_crawled_is_named(tmp_path):
    site = health(tmp_path, [], sites=("lancers",))["lancers"]
    assert (site.ok, site.summary) == (False, "never crawled")


def test_problems_come_first(tmp_path):
    runs = [("crowdworks", 6, "finished", 300, 0, {}), ("lancers", 6, "finished", 0, 0, {})]
    path = tmp_path / "order.duckdb"
    write_rows(path, [], runs)
    with open_store(path) as con:
        assert [h.site for h in crawl_health(con, [], NOW - timedelta(minutes=0))] == ["lancers", "crowdworks"]
