"""Downloader middleware: honour Retry-After on 429/503 (Scrapy retries 429 at once and ignores it)."""

from __future__ import annotations

import asyncio
import email.utils
import logging
from datetime import UTC, datetime

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response

log = logging.getLogger(__name__)


def retry_after_seconds(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """`Retry-After: 120` or an HTTP date → seconds to wait; None when absent or unreadable."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class RetryAfterMiddleware:
    """Wait as long as the server asks (up to TANKA_MAX_RETRY_AFTER), then try once more.

    A second refusal, or a wait longer than allowed, passes the response on: the spider counts
    it, and for list pages stops the crawl instead of hammering the site.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.max_wait = crawler.settings.getfloat("TANKA_MAX_RETRY_AFTER", 300)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        return cls(crawler)

    async def process_response(self, request: Request, response: Response, spider: Spider | None = None
                               ) -> Request | Response:
        if response.status not in (429, 503) or request.meta.get("tanka_retried_after"):
            return response
        wait = retry_after_seconds(response.headers.get("Retry-After"))
        if wait is None and response.status == 503:
            wait = 10.0
        if wait is None or wait > self.max_wait:
            self.stats.inc_value(f"tanka/http/{response.status}/gave_up")
            return response
        self.stats.inc_value(f"tanka/http/{response.status}/waited")
        log.warning("%s answered %d; waiting %.0f s as asked (Retry-After)", request.url, response.status, wait)
        await asyncio.sleep(wait)
        retry = request.replace(dont_filter=True)
        retry.meta["tanka_retried_after"] = True
        return retry
