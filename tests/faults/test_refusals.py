"""403s: a refused list page stops the site's crawl; refused detail pages stop it after a few in a row."""

from __future__ import annotations

import pytest

from tanka.mirror import faults
from tests.faults.conftest import FAST, corrupt_rows, crawl_with_faults

pytestmark = pytest.mark.e2e

DETAIL = r"^/public/jobs/\d+$"
LIMIT = FAST["TANKA_MAX_DETAIL_REFUSALS"]


@pytest.fixture(scope="module")
def blocked_details(crowdworks_market, tmp_path_factory):
    return crawl_with_faults(crowdworks_market, [faults.refused(DETAIL, 403)], tmp_path_factory.mktemp("403-detail"),
                             settings={"CONCURRENT_REQUESTS": 2, "CONCURRENT_REQUESTS_PER_DOMAIN": 2})


def test_refused_detail_pages_stop_the_crawl(blocked_details):
    assert blocked_details.run["finish_reason"].startswith("blocked")


def test_the_stop_is_counted(blocked_details):
    assert blocked_details.stats.get("tanka/detail/stopped_refused") == 1


def test_not_every_detail_page_is_asked_for(blocked_details):
    # The limit, plus what was already in flight when the crawl stopped (2 at a time).
    assert LIMIT <= blocked_details.faults[0].fired <= LIMIT + 2


def test_each_refusal_is_counted_with_its_status(blocked_details):
    assert blocked_details.stats.get("tanka/detail/unavailable/http_403") == blocked_details.faults[0].fired


def test_refused_detail_pages_make_the_run_partial(blocked_details):
    assert blocked_details.run["partial"] is True


def test_a_run_stopped_by_refusals_closes_nothing(blocked_details):
    statuses = blocked_details.statuses()
    assert {statuses[i] for i in blocked_details.market.vanished} == {"open"}


def test_listings_with_refused_detail_pages_keep_their_stored_values(blocked_details):
    assert corrupt_rows(blocked_details.db) == []


# ----- a scattered 403 among readable pages does not stop the crawl ----------------------------------
@pytest.fixture(scope="module")
def scattered(crowdworks_market, tmp_path_factory):
    return crawl_with_faults(crowdworks_market, [faults.refused(DETAIL, 403, every=4)],
                             tmp_path_factory.mktemp("403-scattered"), settings={"CONCURRENT_REQUESTS_PER_DOMAIN": 1})


def test_scattered_refusals_do_not_stop_the_crawl(scattered):
    assert scattered.run["finish_reason"] == "finished"


def test_scattered_refusals_still_make_the_run_partial(scattered):
    assert (scattered.run["partial"], scattered.run["closed_unseen"]) == (True, 0)


# ----- a refused list page ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def blocked_list(crowdworks_market, tmp_path_factory):
    return crawl_with_faults(crowdworks_market, [faults.refused(r"^/public/jobs/search", 403)],
                             tmp_path_factory.mktemp("403-list"))


def test_a_refused_list_page_is_asked_once(blocked_list):
    assert blocked_list.faults[0].fired == 1


def test_a_refused_list_page_asks_for_nothing_else(blocked_list):
    assert [p for _, p, _ in blocked_list.requests if p != "/robots.txt"] == [blocked_list.requests[-1][1]]


def test_a_refused_list_page_is_counted(blocked_list):
    assert blocked_list.stats.get("tanka/list/failed/http_403") == 1


def test_a_refused_list_page_makes_the_run_partial(blocked_list):
    assert (blocked_list.run["partial"], blocked_list.run["closed_unseen"]) == (True, 0)
