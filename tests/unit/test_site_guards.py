"""Middlewares that keep a crawl on its site and refuse what cannot be read (issue 17, parts 2, 3, 7):
SiteHostsMiddleware, UnreachableHostMiddleware, TruncatedPageMiddleware, and the host rules."""

from __future__ import annotations

import pytest
from scrapy.exceptions import CannotResolveHostError
from scrapy.http import HtmlResponse, Request, TextResponse
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler
from twisted.internet.error import ConnectionRefusedError as TwistedConnectionRefused
from twisted.internet.error import DNSLookupError

from spiders.base import looks_truncated
from spiders.lancers import LancersSpider
from tanka.middlewares import (
    PageRefused,
    SiteHostsMiddleware,
    TruncatedPageMiddleware,
    UnreachableHostMiddleware,
    page_cut_short,
)
from tanka.sites import host_allowed, is_site_url


def crawler(**settings):
    made = get_crawler(LancersSpider, settings_dict=settings)
    made.stats = MemoryStatsCollector(made)
    made.spider = LancersSpider.from_crawler(made)
    return made


# ----- which hosts belong to a site ------------------------------------------------------------------------
@pytest.mark.parametrize(("host", "allowed"), [
    ("www.lancers.jp", True), ("lancers.jp", True), ("img.lancers.jp", True), ("WWW.LANCERS.JP.", True),
    ("lancers.jp.evil.example", False), ("evillancers.jp", False), ("crowdworks.jp", False), (None, False),
])
def test_a_site_is_its_hosts_and_their_domain(host, allowed):
    assert host_allowed(host, ["www.lancers.jp"]) is allowed


def test_an_ip_address_matches_only_itself():
    assert (host_allowed("127.0.0.1", ["127.0.0.1"]), host_allowed("127.0.0.2", ["127.0.0.1"])) == (True, False)


def test_the_spider_may_request_its_live_host_and_the_mirror_it_is_pointed_at():
    spider = crawler(LANCERS_BASE_URL="http://127.0.0.1:8123").spider
    assert spider.site_hosts() == ("www.lancers.jp", "127.0.0.1")


@pytest.mark.parametrize(("url", "linked"), [
    ("https://crowdworks.jp/public/jobs/1", True), ("https://www.lancers.jp/work/detail/2", True),
    ("https://app.shufti.jp/jobs/3", True), ("http://127.0.0.1:8000/work/detail/4", True),
    ("https://evil.example/jobs/1", False), ("https://crowdworks.jp.evil.example/", False),
    ("javascript:alert(1)", False), ("ftp://crowdworks.jp/x", False), ("https://[::1", False), (None, False),
])
def test_only_the_sites_and_the_mirror_are_linked(url, linked):
    assert is_site_url(url) is linked


# ----- off-site requests and redirects ------------------------------------------------------------------------
def test_a_request_on_the_site_passes():
    mw = SiteHostsMiddleware(crawler())
    assert mw.process_request(Request("https://www.lancers.jp/work/detail/1")) is None


def test_a_redirect_off_the_site_is_refused_before_it_is_fetched():
    made = crawler()
    redirected = Request("https://elsewhere.example/work/detail/1",
                         meta={"redirect_urls": ["https://www.lancers.jp/work/detail/1"]})
    with pytest.raises(PageRefused) as refused:
        SiteHostsMiddleware(made).process_request(redirected)
    assert (refused.value.reason, made.stats.get_value("tanka/http/offsite_redirect")) == ("offsite_redirect", 1)


def test_a_request_off_the_site_is_refused():
    with pytest.raises(PageRefused) as refused:
        SiteHostsMiddleware(crawler()).process_request(Request("https://elsewhere.example/"))
    assert refused.value.reason == "offsite_request"


def test_a_page_a_browser_reached_off_the_site_is_refused():
    request = Request("https://www.lancers.jp/work/detail/1")
    response = HtmlResponse("https://elsewhere.example/landing", body=b"<html></html>", request=request)
    with pytest.raises(PageRefused):
        SiteHostsMiddleware(crawler()).process_response(request, response)


# ----- unreachable hosts ---------------------------------------------------------------------------------------
def test_a_host_that_does_not_resolve_is_given_up_at_once():
    mw = UnreachableHostMiddleware(crawler())
    with pytest.raises(PageRefused) as refused:
        mw.process_exception(Request("https://www.lancers.jp/robots.txt"), CannotResolveHostError("no such host"))
    assert refused.value.reason == "dns_lookup_failed"


def test_every_later_request_to_that_host_fails_without_a_download():
    mw = UnreachableHostMiddleware(crawler())
    with pytest.raises(PageRefused):
        mw.process_exception(Request("https://www.lancers.jp/robots.txt"), DNSLookupError("offline"))
    with pytest.raises(PageRefused) as refused:
        mw.process_request(Request("https://www.lancers.jp/work/search"))
    assert refused.value.reason == "dns_lookup_failed"


def test_a_refused_connection_is_unreachable_too():
    mw = UnreachableHostMiddleware(crawler())
    with pytest.raises(PageRefused) as refused:
        mw.process_exception(Request("http://127.0.0.1:9/"), TwistedConnectionRefused())
    assert refused.value.reason == "connection_refused"


def test_a_timeout_is_left_to_the_retries():
    mw = UnreachableHostMiddleware(crawler())
    assert mw.process_exception(Request("https://www.lancers.jp/"), TimeoutError()) is None


# ----- pages cut short --------------------------------------------------------------------------------------------
PAGE = "<!DOCTYPE html><html><head><meta charset='utf-8'></head><body><p>仕事の説明です</p></body></html>".encode()


@pytest.mark.parametrize(("body", "content_type", "cut"), [
    (PAGE, "text/html", False),
    (PAGE[: len(PAGE) // 2], "text/html", True),
    (PAGE[:-8], "text/html", True),
    (b'{"data": [{"id": 1}]}', "application/json", False),
    (b'{"data": [{"id": 1}', "application/json", True),
    ('{"title": "データ入力"}'.encode()[:-5], "application/json", True),  # cut inside a character
    (b"User-agent: *\nDisallow:", "text/plain", False),
])
def test_a_cut_page_is_recognised(body, content_type, cut):
    assert page_cut_short(body, content_type) is cut


def respond(body, status=200, flags=None, content_type=b"text/html; charset=utf-8"):
    made = crawler()
    request = Request("https://www.lancers.jp/work/detail/1")
    response = HtmlResponse(request.url, body=body, status=status, request=request, flags=flags,
                            headers={"Content-Type": content_type})
    return made, TruncatedPageMiddleware(made).process_response(request, response)


def test_a_cut_page_is_refused_as_truncated():
    with pytest.raises(PageRefused) as refused:
        respond(PAGE[: len(PAGE) // 2])
    assert refused.value.reason == "truncated"


def test_a_body_shorter_than_its_content_length_is_truncated():
    with pytest.raises(PageRefused) as refused:
        respond(PAGE, flags=["dataloss"])
    assert refused.value.reason == "truncated"


def test_a_whole_page_passes():
    assert respond(PAGE)[1].body == PAGE


def test_an_error_page_is_left_to_the_spider():
    assert respond(b"<html><body>gone", status=404)[1].status == 404


def test_a_saved_page_cut_mid_character_is_truncated_not_bad_encoding():
    response = TextResponse("https://www.lancers.jp/work/detail/1", body=PAGE[:75],
                            headers={"Content-Type": "text/html; charset=utf-8"})
    assert looks_truncated(response)


# ----- listing-set kinds: declared by each spider, and each one its list_url takes --------------------------------
def _sites():
    from tanka.sites import registry

    return registry()


@pytest.mark.parametrize("site", _sites(), ids=lambda s: s.name)
def test_every_declared_listing_set_kind_is_one_the_spider_takes(site):
    made = get_crawler(site.spider, settings_dict={})
    spider = site.spider.from_crawler(made)
    urls = [spider.list_url(kind, example) for kind, example in site.list_kinds.items()]
    assert len(urls) == len(site.list_kinds) and "new" in site.list_kinds


@pytest.mark.parametrize("site", _sites(), ids=lambda s: s.name)
def test_every_declared_listing_set_passes_the_typo_check(site):
    from tanka.sites import list_problem

    names = [kind if example is None else f"{kind}:{example}" for kind, example in site.list_kinds.items()]
    assert [list_problem(site.name, name) for name in names] == [None] * len(names)
