"""Downloader middlewares for the faults a live site throws at a crawler.

* `RetryAfterMiddleware` — 429 and 503: wait as the server asks (Retry-After) or, for a 503
  without one, back off exponentially; slow the whole host meanwhile (Scrapy retries 429 at once
  and ignores Retry-After).
* `LoginRedirectMiddleware` — a redirect to the site's login page is a refusal, not a page.
* `EncodingMiddleware` — a page whose bytes do not decode as it says (a Shift_JIS page sent as
  UTF-8) is decoded as what it really is, or refused; never parsed into mojibake.

A refusal raises `PageRefused` (an IgnoreRequest): the request's errback gets it, and its `reason`
is what the spider counts (`tanka/list/failed/<reason>`, `tanka/detail/unavailable/<reason>`).
"""

from __future__ import annotations

import asyncio
import codecs
import email.utils
import logging
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse

log = logging.getLogger(__name__)


class PageRefused(IgnoreRequest):
    """The site answered, but not with the page: counted under `reason`, never parsed."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


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
    """Wait as long as the server asks (up to TANKA_MAX_RETRY_AFTER), then try again.

    A 429 is retried TANKA_RETRY_AFTER_TIMES (1) times, and only when it says how long to wait.
    A 503 is retried up to TANKA_BACKOFF_RETRIES (3) times, after its Retry-After or else after
    TANKA_BACKOFF_BASE × 2ⁿ seconds (10, 20, 40 …, at most TANKA_BACKOFF_MAX). Meanwhile the
    host's download slot waits as long between requests, so a burst of refusals slows the whole
    crawl rather than being hammered by the other requests in flight; each page answered 2xx
    halves that delay again, down to the configured one.

    A refusal past those retries, or a wait longer than allowed, passes the response on: the
    spider counts it, and for list pages stops the crawl.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        settings = crawler.settings
        self.max_wait = settings.getfloat("TANKA_MAX_RETRY_AFTER", 300)
        self.retry_after_times = settings.getint("TANKA_RETRY_AFTER_TIMES", 1)
        self.backoff_retries = settings.getint("TANKA_BACKOFF_RETRIES", 3)
        self.backoff_base = settings.getfloat("TANKA_BACKOFF_BASE", 10.0)
        self.backoff_max = settings.getfloat("TANKA_BACKOFF_MAX", 300.0)
        self.base_delay = settings.getfloat("DOWNLOAD_DELAY", 0.0)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        return cls(crawler)

    def _slot(self, request: Request) -> Any:
        try:
            downloader = self.crawler.engine.downloader
        except (AttributeError, RuntimeError):  # no engine yet (a middleware tested on its own)
            return None
        if downloader is None:
            return None
        return downloader.slots.get(downloader.get_slot_key(request))

    def _slow_host(self, request: Request, wait: float) -> None:
        slot = self._slot(request)
        if slot is not None and slot.delay < wait:
            slot.delay = wait
            self.stats.max_value("tanka/backoff/max_delay_s", round(wait, 3))

    def _recover(self, request: Request) -> None:
        slot = self._slot(request)
        if slot is not None and slot.delay > self.base_delay:
            slot.delay = max(self.base_delay, slot.delay / 2)

    def _wait(self, response: Response, attempts: int) -> float | None:
        asked = retry_after_seconds(response.headers.get("Retry-After"))
        if response.status == 429:
            return asked if attempts < self.retry_after_times else None
        if attempts >= self.backoff_retries:
            return None
        backoff = min(self.backoff_max, self.backoff_base * 2 ** attempts)
        return backoff if asked is None else asked

    async def process_response(self, request: Request, response: Response, spider: Spider | None = None
                               ) -> Request | Response:
        if response.status not in (429, 503):
            if 200 <= response.status < 300:
                self._recover(request)
            return response
        attempts = request.meta.get("tanka_backoff_attempts", 1 if request.meta.get("tanka_retried_after") else 0)
        wait = self._wait(response, attempts)
        if wait is None or wait > self.max_wait:
            self.stats.inc_value(f"tanka/http/{response.status}/gave_up")
            return response
        self.stats.inc_value(f"tanka/http/{response.status}/waited")
        log.warning("%s answered %d; waiting %.1f s before asking again (attempt %d)",
                    request.url, response.status, wait, attempts + 1)
        self._slow_host(request, wait)
        await asyncio.sleep(wait)
        retry = request.replace(dont_filter=True)
        retry.meta["tanka_retried_after"] = True
        retry.meta["tanka_backoff_attempts"] = attempts + 1
        return retry


def _spider_login_paths(crawler: Crawler) -> tuple[str, ...]:
    return tuple(getattr(getattr(crawler, "spider", None), "login_paths", ()) or ())


class LoginRedirectMiddleware:
    """A redirect to the site's login page (the spider's `login_paths`) refuses the page.

    Placed before RedirectMiddleware (a higher number), it sees the 3xx itself and never
    fetches the login page; a page that reached the login page some other way is refused too.
    Without this, a login page would parse as an empty list and "complete" its listing set.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LoginRedirectMiddleware:
        return cls(crawler)

    def _is_login(self, url: str) -> bool:
        path = urlsplit(url).path.rstrip("/") or "/"
        return any(path == p.rstrip("/") for p in _spider_login_paths(self.crawler))

    def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Response:
        target = None
        if 300 <= response.status < 400 and response.headers.get("Location"):
            target = urljoin(request.url, response.headers["Location"].decode("latin-1"))
        elif request.meta.get("redirect_urls"):
            target = response.url
        if target and self._is_login(target):
            self.stats.inc_value("tanka/http/login_redirect")
            raise PageRefused("login_redirect", f"{request.url} redirects to the login page {target}")
        return response


# Encodings a Japanese site's page may truly be in; tried in this order when a page does not
# decode as declared (EUC-JP before Shift_JIS: EUC-JP bytes often also pass as Shift_JIS).
JAPANESE_ENCODINGS = ("utf-8", "euc_jp", "cp932")
_TRUSTED = {codecs.lookup(name).name for name in (*JAPANESE_ENCODINGS, "shift_jis", "iso2022_jp", "utf-16")}


def _mostly_utf8(body: bytes) -> bool:
    """A UTF-8 page with a few broken bytes (not a page in another encoding): most of its
    non-ASCII characters still decode."""
    text = body.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    return broken < 0.5 * sum(1 for char in text if not char.isascii())


def true_encoding(body: bytes, declared: str | None) -> str | None:
    """The encoding `body` really is in: `declared` when that is a Japanese-capable encoding the
    bytes decode in, else the first of JAPANESE_ENCODINGS they decode in. None when none fits, or
    when the page is UTF-8 with broken bytes (any other reading of it would be mojibake)."""
    if body.isascii():
        return declared or "utf-8"
    names = [declared] if declared and codecs.lookup(declared).name in _TRUSTED else []
    for name in (*names, *JAPANESE_ENCODINGS):
        if name != "utf-8" and name not in names and _mostly_utf8(body):
            return None
        try:
            body.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        return name
    return None


class EncodingMiddleware:
    """Decode each text page in the encoding its bytes are really in, or refuse it (`bad_encoding`)."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> EncodingMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Response:
        if not isinstance(response, TextResponse) or request.meta.get("playwright") or response.status >= 300:
            return response
        declared = response.encoding
        actual = true_encoding(response.body, declared)
        if actual is None:
            self.stats.inc_value("tanka/encoding/undecodable")
            raise PageRefused("bad_encoding", f"{response.url} does not decode as {declared} or any Japanese encoding")
        if codecs.lookup(actual).name != codecs.lookup(declared).name:
            self.stats.inc_value(f"tanka/encoding/repaired/{codecs.lookup(actual).name}")
            log.warning("%s is declared %s but is %s; decoded as %s", response.url, declared, actual, actual)
            return response.replace(encoding=actual)
        return response
