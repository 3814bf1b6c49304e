"""RetryAfterMiddleware: wait as long as the server asks, once, within a limit."""

import asyncio
from datetime import UTC, datetime

import pytest
from scrapy.http import Request, Response
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from tanka.middlewares import RetryAfterMiddleware, retry_after_seconds


@pytest.mark.parametrize(
    ("value", "expected"),
    [(b"120", 120.0), ("0", 0.0), (None, None), (b"soon", None),
     ("Sat, 28 Nov 2026 12:00:30 GMT", 30.0), ("Sat, 28 Nov 2026 11:00:00 GMT", 0.0)],
)
def test_retry_after_seconds(value, expected):
    assert retry_after_seconds(value, now=datetime(2026, 11, 28, 12, 0, tzinfo=UTC)) == expected


def middleware(max_wait: float = 5) -> RetryAfterMiddleware:
    crawler = get_crawler(settings_dict={"TANKA_MAX_RETRY_AFTER": max_wait})
    crawler.stats = MemoryStatsCollector(crawler)
    return RetryAfterMiddleware(crawler)


def respond(mw, status, headers=None, meta=None):
    request = Request("https://example.com/list", meta=meta or {})
    response = Response(request.url, status=status, headers=headers or {}, request=request)
    return asyncio.run(mw.process_response(request, response))


def test_a_429_with_a_short_retry_after_is_retried_once():
    mw = middleware()
    result = respond(mw, 429, {"Retry-After": "0"})
    assert isinstance(result, Request)
    assert result.meta["tanka_retried_after"] is True
    assert mw.stats.get_value("tanka/http/429/waited") == 1


def test_a_second_429_is_passed_on():
    result = respond(middleware(), 429, {"Retry-After": "0"}, meta={"tanka_retried_after": True})
    assert isinstance(result, Response)


def test_a_wait_longer_than_allowed_is_passed_on_and_counted():
    mw = middleware(max_wait=5)
    result = respond(mw, 429, {"Retry-After": "3600"})
    assert isinstance(result, Response)
    assert mw.stats.get_value("tanka/http/429/gave_up") == 1


def test_a_429_without_retry_after_is_passed_on():
    assert isinstance(respond(middleware(), 429), Response)


def test_other_statuses_pass_through():
    assert respond(middleware(), 200).status == 200
