"""Downloader middlewares for the faults a live site throws at a crawler.

* `RetryAfterMiddleware` — 429 and 503: wait as the server asks (Retry-After) or, for a 503
  without one, back off exponentially; slow the whole host meanwhile (Scrapy retries 429 at once
  and ignores Retry-After).
* `LoginRedirectMiddleware` — a redirect to the site's login page is a refusal, not a page.
* `SiteHostsMiddleware` — requests and redirects stay on the spider's own site: a redirect to any
  other host is refused (`offsite_redirect`) before anything of that host is fetched.
* `UnreachableHostMiddleware` — a host whose name does not resolve or that refuses connections
  is given up on at once (no retries, no waiting out download delays): `tanka crawl` offline
  says so in seconds.
* `TruncatedPageMiddleware` — a page cut short (fewer bytes than its Content-Length, HTML without
  its closing tag, JSON that does not parse) is refused as `truncated`, never parsed.
* `EncodingMiddleware` — a page whose bytes do not decode as it says (a Shift_JIS page sent as
  UTF-8) is decoded as what it really is, or refused; never parsed into mojibake.

A refusal raises `PageRefused` (an IgnoreRequest): the request's errback gets it, and its `reason`
is what the spider counts (`tanka/list/failed/<reason>`, `tanka/detail/unavailable/<reason>`).
"""

from __future__ import annotations

import asyncio
import codecs
import email.utils
import json
import logging
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse

from tanka.sites import host_allowed

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


def _spider_hosts(crawler: Crawler) -> tuple[str, ...] | None:
    """The hosts the crawling spider may request (spiders/base.py `site_hosts`); None: any."""
    spider = getattr(crawler, "spider", None)
    site_hosts = getattr(spider, "site_hosts", None)
    return tuple(site_hosts()) if callable(site_hosts) else None


class SiteHostsMiddleware:
    """Every request, and every redirect, stays on the spider's own site.

    First in the chain (before robots.txt is asked for): a redirect to another host comes back here
    as a new request and is refused — neither the page nor that host's robots.txt is fetched. It
    counts as ``tanka/http/offsite_redirect`` and fails the page with reason ``offsite_redirect``.
    A page a browser reached on another host (it followed the redirect itself) is refused too.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self._hosts: tuple[str, ...] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SiteHostsMiddleware:
        return cls(crawler)

    def _allowed(self, url: str) -> bool:
        if self._hosts is None:
            self._hosts = _spider_hosts(self.crawler)
        return self._hosts is None or host_allowed(urlsplit(url).hostname, self._hosts)

    def _refuse(self, reason: str, url: str, came_from: str | None) -> PageRefused:
        self.stats.inc_value(f"tanka/http/{reason}")
        where = f" (redirected from {came_from})" if came_from else ""
        log.warning("refused %s: not on this site's hosts%s", url, where)
        return PageRefused(reason, f"{url} is not on this site's hosts{where}")

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        if self._allowed(request.url):
            return
        came_from = (request.meta.get("redirect_urls") or [None])[-1]
        raise self._refuse("offsite_redirect" if came_from else "offsite_request", request.url, came_from)

    def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Response:
        if not self._allowed(response.url):
            raise self._refuse("offsite_redirect", response.url, request.url)
        return response


# Download errors that mean "this host cannot be reached at all" → the reason counted.
UNREACHABLE_ERRORS = {
    "CannotResolveHostError": "dns_lookup_failed", "DNSLookupError": "dns_lookup_failed",
    "DownloadConnectionRefusedError": "connection_refused", "ConnectionRefusedError": "connection_refused",
    "NoRouteError": "no_route",
}


class UnreachableHostMiddleware:
    """A host that cannot be reached is given up on at its first failure.

    Its name does not resolve (offline, or a typo in a base URL), it refuses connections, or there
    is no route to it: retrying every page two more times, each after the download delay, only
    makes an offline `tanka crawl` take a minute to say nothing useful. After the first such
    failure every request to that host fails at once (PageRefused with the same reason), and the
    spider stops with "cannot reach <host>" (spiders/base.py).

    Placed after RobotsTxtMiddleware and just above RetryMiddleware (550), it sees a download error
    before the retry does.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.down: dict[str, str] = {}  # host → reason

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> UnreachableHostMiddleware:
        return cls(crawler)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        host = urlsplit(request.url).hostname or ""
        if host in self.down:
            raise PageRefused(self.down[host], f"{host} cannot be reached ({self.down[host]})")

    def process_exception(self, request: Request, exception: Exception, spider: Spider | None = None) -> None:
        reason = next((UNREACHABLE_ERRORS[type(e).__name__] for e in _causes(exception)
                       if type(e).__name__ in UNREACHABLE_ERRORS), None)
        if reason is None:
            return
        host = urlsplit(request.url).hostname or ""
        if host not in self.down:
            self.down[host] = reason
            self.stats.inc_value(f"tanka/unreachable/{reason}")
            log.error("cannot reach %s (%s): giving up on it for this crawl", host, reason)
        raise PageRefused(reason, f"{host} cannot be reached ({reason}): {exception}")


def _causes(error: BaseException) -> list[BaseException]:
    """The error and the errors it was raised from."""
    out: list[BaseException] = []
    while error is not None and error not in out:
        out.append(error)
        error = error.__cause__ or error.__context__  # type: ignore[assignment]
    return out


def page_cut_short(body: bytes, content_type: str = "", encoding: str | None = None) -> bool:
    """A body that ends mid-way: JSON that does not parse, or an HTML page without its closing tag."""
    head = body[:2048].lstrip().lower()
    if "json" in content_type.lower() or head[:1] in (b"{", b"["):
        try:
            json.loads(body.decode(encoding or "utf-8", errors="replace"))
        except (ValueError, LookupError):
            return True
        return False
    tail = body[-4096:].lower()
    if b"<html" in head:
        return b"</html>" not in tail
    if b"<body" in head:
        return b"</body>" not in tail
    return False


class TruncatedPageMiddleware:
    """Refuse a page cut short (`truncated`): one that arrived with fewer bytes than its
    Content-Length (Scrapy marks it `dataloss` when DOWNLOAD_FAIL_ON_DATALOSS is off; when it is on,
    the download fails with ResponseDataLossError, counted as `truncated` too), an HTML page without
    its closing tag, or a JSON body that does not parse. Half a page parses into half the listings,
    or a description cut mid-sentence stored as if whole; refused, the listing keeps what is stored.

    After decompression (590) and before EncodingMiddleware (570): a multi-byte character cut in
    two is a cut page, not a page in a wrong encoding.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TruncatedPageMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Response:
        if request.meta.get("playwright") or not 200 <= response.status < 300 or request.method == "HEAD":
            return response
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
        encoding = response.encoding if isinstance(response, TextResponse) else None
        if "dataloss" in response.flags or page_cut_short(response.body, content_type, encoding):
            self.stats.inc_value("tanka/http/truncated")
            raise PageRefused("truncated", f"{response.url} is cut short ({len(response.body):,} bytes)")
        return response
