"""A crawl stays on its site (issue 17, part 2): the mirror's `offsite@PATTERN` fault answers 302 to
the same path on a second local host; the crawler refuses it, counts it and fetches nothing there —
neither the page nor that host's robots.txt."""

from __future__ import annotations

import pytest

from tanka.mirror.faults import from_spec
from tanka.mirror.server import OFFSITE
from tests.conftest import query
from tests.faults.conftest import corrupt_rows, crawl_with_faults

pytestmark = pytest.mark.e2e

LANCERS_DETAIL = r"^/work/detail/\d+[13579]$"
LANCERS_PAGE_2 = r"^/work/search\?.*page=2"


def offsite_requests(outcome):
    return [path for setting, path, _ in outcome.requests if setting == OFFSITE]


@pytest.fixture(scope="module")
def offsite_details(lancers_market, tmp_path_factory):
    """Every other detail page redirects off the site; the crawl starts from an empty database."""
    return crawl_with_faults(lancers_market, from_spec(f"offsite@{LANCERS_DETAIL}"),
                             tmp_path_factory.mktemp("offsite-detail"), start_empty=True)


def test_the_fault_redirects_to_another_host(offsite_details):
    assert offsite_details.faults[0].fired >= 3


def test_an_offsite_redirect_is_counted(offsite_details):
    stats = offsite_details.stats
    fired = offsite_details.faults[0].fired
    assert (stats.get("tanka/http/offsite_redirect"), stats.get("tanka/detail/unavailable/offsite_redirect")) == (
        fired, fired)


def test_nothing_is_fetched_from_the_other_host(offsite_details):
    assert offsite_requests(offsite_details) == []


def test_the_listings_of_redirected_details_are_stored_from_their_list_values(offsite_details):
    redirected = {path.rsplit("/", 1)[1] for _, path, status in offsite_details.requests if status == 302}
    stored = dict(query(offsite_details.db, "SELECT listing_id, detail_status FROM listings"))
    assert redirected and {stored.get(i) for i in redirected} == {"unavailable"}


def test_nothing_stored_is_corrupt_after_offsite_redirects(offsite_details):
    assert corrupt_rows(offsite_details.db) == []


def test_offsite_redirects_make_the_run_partial(offsite_details):
    assert offsite_details.run["partial"] is True


def test_the_summary_says_what_was_refused(offsite_details):
    assert "detail pages failed (offsite_redirect)" in offsite_details.result.summary()


@pytest.fixture(scope="module")
def offsite_list(lancers_market, tmp_path_factory):
    return crawl_with_faults(lancers_market, from_spec(f"offsite@{LANCERS_PAGE_2}"),
                             tmp_path_factory.mktemp("offsite-list"))


def test_a_list_page_redirected_off_the_site_fails_its_set(offsite_list):
    assert (offsite_list.stats.get("tanka/list/failed/offsite_redirect"), offsite_list.run["complete_scopes"]) == (
        1, [])


def test_a_list_page_redirected_off_the_site_fetches_nothing_there(offsite_list):
    assert offsite_requests(offsite_list) == []


def test_a_list_page_redirected_off_the_site_closes_nothing(offsite_list):
    statuses = offsite_list.statuses()
    assert offsite_list.run["closed_unseen"] == 0 and {statuses[i] for i in offsite_list.market.vanished} == {"open"}
