"""429 with Retry-After, 503 bursts: wait as asked, back off, and stop when the site keeps refusing."""

from __future__ import annotations

import itertools

import pytest

from tanka.mirror import faults
from tests.faults.conftest import corrupt_rows, crawl_with_faults

pytestmark = pytest.mark.e2e

LIST = r"^/public/jobs/search"
DETAIL = r"^/public/jobs/\d+$"


# ----- a 429 with Retry-After, once: honoured, and the crawl completes ------------------------------------
@pytest.fixture(scope="module")
def honoured(crowdworks_market, tmp_path_factory):
    fault = faults.too_many_requests(LIST, retry_after=1, times=1)
    return crawl_with_faults(crowdworks_market, [fault], tmp_path_factory.mktemp("429-once"))


def test_a_429_is_counted_as_waited(honoured):
    assert honoured.stats.get("tanka/http/429/waited") == 1


def test_the_retry_waits_the_retry_after(honoured):
    first, retry = honoured.faults[0].seen_at[:2]
    assert retry - first >= 1.0


def test_a_honoured_429_leaves_the_run_complete(honoured):
    run = honoured.run
    assert (run["finish_reason"], run["partial"], run["complete_scopes"]) == ("finished", False, ["crowdworks:new"])


def test_a_complete_run_closes_the_vanished_listings(honoured):
    statuses = honoured.statuses()
    assert honoured.market.vanished and {statuses[i] for i in honoured.market.vanished} == {"closed"}


# ----- 429s that do not stop: the crawl stops instead ---------------------------------------------------------
@pytest.fixture(scope="module")
def refused(crowdworks_market, tmp_path_factory):
    fault = faults.too_many_requests(LIST, retry_after=1, times=None)
    return crawl_with_faults(crowdworks_market, [fault], tmp_path_factory.mktemp("429-always"))


def test_repeated_429s_are_counted_with_their_status(refused):
    assert refused.stats.get("tanka/list/failed/http_429") == 1


def test_repeated_429s_are_asked_only_twice(refused):
    assert refused.faults[0].fired == 2


def test_repeated_429s_stop_the_crawl(refused):
    assert refused.run["finish_reason"].startswith("blocked")


def test_repeated_429s_make_the_run_partial(refused):
    assert refused.run["partial"] is True


def test_a_refused_run_closes_nothing(refused):
    statuses = refused.statuses()
    assert {statuses[i] for i in refused.market.vanished} == {"open"}


def test_a_refused_run_keeps_the_stored_rows(refused):
    assert set(refused.statuses()) == refused.market.open_before


# ----- a burst of 503s: growing waits, then the page --------------------------------------------------------
@pytest.fixture(scope="module")
def burst(crowdworks_market, tmp_path_factory):
    fault = faults.unavailable(LIST, times=3)
    return crawl_with_faults(crowdworks_market, [fault], tmp_path_factory.mktemp("503-burst"))


def test_each_503_of_a_burst_is_waited_out(burst):
    assert burst.stats.get("tanka/http/503/waited") == 3


def test_the_waits_grow_exponentially(burst):
    at = burst.faults[0].fired_at
    gaps = [b - a for a, b in itertools.pairwise(at)]
    assert gaps[0] >= 0.2 and gaps[1] >= 0.4 and gaps[1] > gaps[0]


def test_the_host_is_slowed_down_meanwhile(burst):
    assert burst.stats.get("tanka/backoff/max_delay_s") == pytest.approx(0.8)


def test_a_burst_that_passes_leaves_the_run_complete(burst):
    assert (burst.run["partial"], burst.run["complete_scopes"]) == (False, ["crowdworks:new"])


# ----- 503s on detail pages, several in flight at once ---------------------------------------------------
@pytest.fixture(scope="module")
def detail_burst(crowdworks_market, tmp_path_factory):
    fault = faults.unavailable(DETAIL, times=6)
    return crawl_with_faults(crowdworks_market, [fault], tmp_path_factory.mktemp("503-detail"))


def test_detail_pages_of_a_burst_are_fetched_after_waiting(detail_burst):
    assert detail_burst.stats.get("tanka/http/503/waited") == 6


def test_no_detail_page_is_lost_to_a_burst(detail_burst):
    assert not [k for k in detail_burst.stats if k.startswith("tanka/detail/unavailable/http")]


# ----- 503s that never end ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def down(crowdworks_market, tmp_path_factory):
    fault = faults.unavailable(LIST, times=None)
    return crawl_with_faults(crowdworks_market, [fault], tmp_path_factory.mktemp("503-down"))


def test_a_site_that_stays_down_is_asked_a_bounded_number_of_times(down):
    assert down.faults[0].fired == 4  # the request and TANKA_BACKOFF_RETRIES (3) retries


def test_a_site_that_stays_down_is_counted(down):
    assert down.stats.get("tanka/list/failed/http_503") == 1


def test_a_site_that_stays_down_makes_the_run_partial(down):
    assert (down.run["partial"], down.run["closed_unseen"]) == (True, 0)


def test_nothing_stored_is_corrupt_after_refusals(refused, down):
    assert corrupt_rows(refused.db) + corrupt_rows(down.db) == []
