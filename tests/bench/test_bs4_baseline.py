"""The parse benchmark compares like with like: the BeautifulSoup baseline extracts exactly the
values each spider extracts, from the same mirror pages (list pages and detail pages)."""

from __future__ import annotations

import pytest

from bench.pages import PageMaker
from bench.parse import bs4_list_page, bs4_parsers, response, spiders, tanka_parsers
from tanka.sites import site_names


@pytest.fixture(scope="module")
def maker() -> PageMaker:
    return PageMaker(400)


@pytest.fixture(scope="module")
def by_site():
    return spiders()


@pytest.mark.parametrize("site", site_names())
def test_list_pages_give_the_same_listings(site, maker, by_site):
    tanka_list, _ = tanka_parsers(by_site[site])
    bs4_list, _ = bs4_parsers(site)
    for page in maker.list_pages(site, 3):
        ours = [g.raw_values() for g in tanka_list(page)]
        assert ours, page.url
        assert [g.raw_values() for g in bs4_list(page)] == ours


@pytest.mark.parametrize("site", site_names())
def test_detail_pages_give_the_same_values(site, maker, by_site):
    _, tanka_detail = tanka_parsers(by_site[site])
    _, bs4_detail = bs4_parsers(site)
    pages = maker.detail_pages(site, 40)
    assert pages
    for page in pages:
        ours = tanka_detail(page).raw_values()
        assert ours.get("description"), page.url
        assert bs4_detail(page).raw_values() == ours, page.url


def test_list_page_next_links_match(maker, by_site):
    for site in site_names():
        page = maker.list_pages(site, 1)[0]
        ours = by_site[site].parse_list(response(page)).next_url
        assert ours and bs4_list_page(site, page).next_url == ours
