"""Timeouts and connection resets: retried, then counted; the run is partial; nothing is closed."""

from __future__ import annotations

import pytest

from tanka.mirror import faults
from tests.faults.conftest import corrupt_rows, crawl_with_faults

pytestmark = pytest.mark.e2e

LIST_PAGE_2 = r"^/public/jobs/search\?.*page=2"
DETAIL = r"^/public/jobs/\d+$"


@pytest.fixture(scope="module")
def slow_list(crowdworks_market, tmp_path_factory):
    return crawl_with_faults(crowdworks_market, [faults.timeout(LIST_PAGE_2, seconds=3)],
                             tmp_path_factory.mktemp("timeout-list"))


def test_a_list_page_that_never_answers_in_time_is_retried(slow_list):
    assert slow_list.faults[0].fired == 2  # RETRY_TIMES = 1


def test_a_list_timeout_is_counted(slow_list):
    assert slow_list.stats.get("tanka/list/failed/timeout") == 1


def test_a_list_timeout_leaves_the_set_incomplete(slow_list):
    assert (slow_list.run["complete_scopes"], slow_list.run["partial"]) == ([], True)


def test_a_list_timeout_closes_nothing(slow_list):
    statuses = slow_list.statuses()
    assert {statuses[i] for i in slow_list.market.vanished} == {"open"}


def test_the_listings_of_the_pages_read_are_stored(slow_list):
    assert slow_list.stats.get("tanka/list/pages") == 1 and slow_list.run["items"] > 0


@pytest.fixture(scope="module")
def one_timeout(crowdworks_market, tmp_path_factory):
    return crawl_with_faults(crowdworks_market, [faults.timeout(LIST_PAGE_2, seconds=3, times=1)],
                             tmp_path_factory.mktemp("timeout-once"))


def test_a_timeout_that_passes_is_survived(one_timeout):
    run = one_timeout.run
    assert (run["finish_reason"], run["partial"], run["complete_scopes"]) == ("finished", False, ["crowdworks:new"])


def test_a_survived_timeout_is_counted_by_the_retry(one_timeout):
    assert sum(v for k, v in one_timeout.stats.items() if k.startswith("retry/reason_count/")) == 1


@pytest.fixture(scope="module")
def reset_details(crowdworks_market, tmp_path_factory):
    return crawl_with_faults(crowdworks_market, [faults.connection_reset(r"^/public/jobs/\d+5$")],
                             tmp_path_factory.mktemp("reset-detail"))


def test_a_reset_detail_page_is_counted(reset_details):
    assert reset_details.stats.get("tanka/detail/unavailable/connection_lost", 0) >= 1


def test_a_reset_detail_page_keeps_the_listing(reset_details):
    assert set(reset_details.statuses()) == reset_details.market.open_before | reset_details.market.open_now


def test_reset_detail_pages_make_the_run_partial(reset_details):
    assert (reset_details.run["partial"], reset_details.run["closed_unseen"]) == (True, 0)


def test_nothing_stored_is_corrupt_after_resets(reset_details):
    assert corrupt_rows(reset_details.db) == []


@pytest.fixture(scope="module")
def reset_list(lancers_market, tmp_path_factory):
    return crawl_with_faults(lancers_market, [faults.connection_reset(r"^/work/search\?", times=1)],
                             tmp_path_factory.mktemp("reset-list"))


def test_a_reset_that_passes_is_survived(reset_list):
    assert (reset_list.run["finish_reason"], reset_list.run["partial"]) == ("finished", False)
