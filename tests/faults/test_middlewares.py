"""The fault middlewares on their own: back-off waits, login redirects, the true encoding of a page."""

from __future__ import annotations

import asyncio

import pytest
from scrapy.http import HtmlResponse, Request, Response
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from tanka.middlewares import (
    EncodingMiddleware,
    LoginRedirectMiddleware,
    PageRefused,
    RetryAfterMiddleware,
    true_encoding,
)

TEXT = "クラウドワークスの仕事です。データ入力〜1文字1円、あと6日"


def crawler(**settings):
    made = get_crawler(settings_dict={"TANKA_BACKOFF_BASE": 0.0, **settings})
    made.stats = MemoryStatsCollector(made)
    return made


def respond(mw, status, meta=None, headers=None):
    request = Request("https://example.com/list", meta=meta or {})
    return asyncio.run(mw.process_response(request, Response(request.url, status=status, headers=headers or {},
                                                             request=request)))


@pytest.mark.parametrize("attempts", [0, 1, 2])
def test_a_503_is_retried_while_attempts_remain(attempts):
    result = respond(RetryAfterMiddleware(crawler()), 503, meta={"tanka_backoff_attempts": attempts})
    assert isinstance(result, Request) and result.meta["tanka_backoff_attempts"] == attempts + 1


def test_a_503_past_the_retries_is_passed_on():
    assert respond(RetryAfterMiddleware(crawler()), 503, meta={"tanka_backoff_attempts": 3}).status == 503


@pytest.mark.parametrize(("attempts", "wait"), [(0, 10.0), (1, 20.0), (2, 40.0), (5, 300.0)])
def test_the_back_off_doubles_up_to_its_maximum(attempts, wait):
    mw = RetryAfterMiddleware(crawler(TANKA_BACKOFF_BASE=10, TANKA_BACKOFF_RETRIES=9))
    assert mw._wait(Response("https://example.com", status=503), attempts) == wait


def test_a_503_with_retry_after_waits_what_it_says():
    mw = RetryAfterMiddleware(crawler(TANKA_BACKOFF_BASE=10))
    assert mw._wait(Response("https://example.com", status=503, headers={"Retry-After": "3"}), 0) == 3.0


def login_mw(paths=("/login",)):
    made = crawler()
    made.spider = type("S", (), {"login_paths": paths})()
    return LoginRedirectMiddleware(made)


def test_a_redirect_to_the_login_page_is_refused():
    request = Request("https://crowdworks.jp/public/jobs/search")
    response = Response(request.url, status=302, headers={"Location": "/login?return_to=%2F"}, request=request)
    with pytest.raises(PageRefused) as refused:
        login_mw().process_response(request, response)
    assert refused.value.reason == "login_redirect"


def test_another_redirect_is_left_to_follow():
    request = Request("https://crowdworks.jp/public/jobs")
    response = Response(request.url, status=301, headers={"Location": "/public/jobs/search"}, request=request)
    assert login_mw().process_response(request, response) is response


def test_a_page_reached_through_redirects_at_the_login_path_is_refused():
    request = Request("https://www.lancers.jp/work/search", meta={"redirect_urls": ["https://www.lancers.jp/x"]})
    response = Response("https://www.lancers.jp/user/login", status=200, request=request)
    with pytest.raises(PageRefused):
        login_mw(("/user/login",)).process_response(request, response)


@pytest.mark.parametrize(("body", "declared", "expected"), [
    (TEXT.encode("utf-8"), "utf-8", "utf-8"),
    (TEXT.encode("shift_jis"), "shift_jis", "shift_jis"),
    (TEXT.encode("shift_jis"), "utf-8", "cp932"),
    (TEXT.encode("euc_jp"), "utf-8", "euc_jp"),
    (TEXT.encode("euc_jp"), "cp1252", "euc_jp"),
    (TEXT.encode("utf-8"), "cp1252", "utf-8"),
    (b"plain ascii", "cp1252", "cp1252"),
])
def test_the_true_encoding_is_found(body, declared, expected):
    assert true_encoding(body, declared) == expected


def test_utf8_with_broken_bytes_has_no_true_encoding():
    body = TEXT.encode("utf-8")
    assert true_encoding(body[:10] + b"\xff" + body[10:], "utf-8") is None


def test_a_page_sent_with_the_wrong_charset_is_decoded_as_what_it_is():
    mw = EncodingMiddleware(crawler())
    request = Request("https://crowdworks.jp/")
    page = f"<html><head><meta charset='utf-8'></head><body>{TEXT}</body></html>".encode("euc_jp")
    response = HtmlResponse(request.url, body=page, headers={"Content-Type": "text/html; charset=utf-8"},
                            request=request)
    assert TEXT in mw.process_response(request, response).text
