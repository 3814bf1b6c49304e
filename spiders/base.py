"""The base class of every tanka spider.

A site spider only extracts raw values; this class walks the listing sets, pages, detail pages
and bookkeeping the same way for every site. The site's facts, read by the site registry (tanka/sites.py) — nothing outside the spider file
lists a site:

``name``
    The site: "crowdworks", "lancers" or "shufti" (also the file name and the ``site`` value).
``label``
    How people write the site's name ("CrowdWorks").
``base_urls``
    Setting name → the live site's URL, for every host the spider reads (``{"CROWDWORKS_BASE_URL":
    "https://crowdworks.jp"}``). The settings are the defaults of those names, so tests and the
    demo point the spider at the replay mirror with ``-s CROWDWORKS_BASE_URL=http://127.0.0.1:…``.
``base_url_setting``
    Which of them serves the listing pages.
``fees``
    The site's worker fee as a `tanka.scoring.fees.FeeSchedule` of dated, sourced rule rows.
``default_lists``
    Listing sets crawled when the user names none (``("new",)``).
``list_kinds``
    The kinds of listing set `list_url` takes, each with an example value (None: the kind takes
    none): ``{"new": None, "category": "249", "keyword": "データ入力"}``. `--lists`, [crawl.lists]
    and their typos are checked against it before a crawl starts.
``crawl_by_default``
    Whether a plain `tanka crawl` (no [crawl] sites) and the scheduler include the site.
``browser_settings``
    The base-URL settings whose pages only show their content after JavaScript runs (read
    through Chromium); empty for most sites.

Hooks a site implements:

``list_url(kind, value) -> str``
    The first page of one listing set, from the ``lists`` spider argument / ``<SITE>_LISTS``
    setting: ``new`` (all open listings, newest first), ``category:<id>``, ``keyword:<word>`` …
``parse_list(response) -> ListPage``
    Every listing of one list page as a raw `Gig`, plus the next page. Raises `LayoutChanged`
    when the page is not the list it should be. Must not touch the network or the store.
``detail_request(gig) -> Request | None``
    The detail-page request for a listing, or None when the site has none worth fetching.
``parse_detail(response, gig) -> Gig``
    A `Gig` with what the detail page adds (merged into the list values by this class). `gig`
    is None when a saved detail page is parsed on its own (`tanka parse`): take the id from the page.
``page_kind(response) -> "list" | "detail" | None``
    What a saved page is, for `tanka parse` (None: not a page of this site, or not rendered).
``saved_page_url(path) -> str``
    The URL a saved page is taken to come from when `tanka parse` is given no --url.
``detail_failure_reason(failure) -> str``
    A short name for why a detail page failed, counted as ``tanka/detail/unavailable/<name>``
    (default: `failure_reason`: ``http_<status>``, ``timeout``, ``connection_lost`` …).
``login_paths``
    Paths of the site's login page: a redirect there refuses the page (middlewares.py).
``unhashed_fields``
    Raw fields that change without the listing changing (a relative "あと6日", a view count):
    left out of the fingerprint that decides whether a listing changed.
``stop_when_unchanged``
    Stop walking a set at a page whose listings are all known and unchanged (newest-first lists).
``detail_fields``
    Raw fields the detail page gives in full where the list shows a digest (a truncated
    description): left off a listing whose detail is not fetched again, so that the stored
    detail value is not overwritten by the list's digest.

Spider arguments (``-a``): ``lists=new,keyword:Ruby``, ``max_pages=N`` (0 = no limit), ``full=1``
(walk every page even when nothing changed), ``poll=1`` (a quick poll, below).

A quick poll (``poll=1``, run by the scheduler for alerts) reads the first page(s) of each listing
set, newest first, and stops at the first page that holds no new listing, or at
TANKA_POLL_MAX_PAGES (default 2). It fetches detail pages only for new listings that an alerting
profile could want, TANKA_POLL_MAX_DETAILS (default 7) at most: the object TANKA_POLL_FILTER names
is called with the settings file, the site and the database, and returns a test of a raw `Gig`
(tanka.alerts.prefilter). Every other listing it sees is
stored from the list alone as ``deferred``, without its fingerprint, so that the next full crawl
fetches its detail page.

Faults (docs/DATA.md, "Crawl statistics"): a list page that fails — refused, timed out, reset,
cut short, redirected to the login page or off the site, in an undecodable encoding, or not the
layout the parser knows — is counted as ``tanka/list/failed/<reason>`` and leaves its listing set
incomplete; a refusal or a login redirect stops the site's crawl. A detail page that fails keeps
the list values (and, for a listing already stored, the stored detail values: nothing of a cut or
missing page overwrites them), is counted as ``tanka/detail/unavailable/<reason>`` (and
``tanka/detail/failed``), and TANKA_MAX_DETAIL_REFUSALS refusals in a row stop the site's crawl.
A host that cannot be reached (``dns_lookup_failed``, ``connection_refused``, ``no_route``) stops
the crawl at once. A listing a parser rejected is counted as ``tanka/rejected/<reason>``. Any of
these makes the run partial (store/runs.py): it closes no listing.

A crawl stopped for a reason the user can act on says so with `stop(reason, message)`: the
message goes to the ``tanka/stop_message`` stat, and `tanka crawl` prints it as the run's summary
("cannot reach crowdworks.jp (DNS lookup failed): are you online?").
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import CloseSpider, IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.settings import BaseSettings
from scrapy.utils.misc import load_object
from twisted.python.failure import Failure

from tanka.i18n import N_, _
from tanka.items import DETAIL_NOT_FAILED, DetailStatus, Gig
from tanka.middlewares import PageRefused, page_cut_short
from tanka.scoring.fees import FeeSchedule

log = logging.getLogger(__name__)

# List pages answering these mean "we are blocked or unwelcome": stop, do not hammer.
BLOCKING_STATUSES = {401, 403, 429, 503}
# Failure reasons that are the site refusing us (a list page: stop; detail pages: stop after N in a row).
REFUSALS = frozenset({*(f"http_{status}" for status in BLOCKING_STATUSES), "login_redirect"})
# ListPage.skipped reasons that are listings rejected (not cards left out on purpose).
REJECTED = frozenset({"unparseable_entry", "unparseable_pr_slot", "malformed_card", "unknown",
                      "unparseable_price", "malformed_job"})
# Download errors by class name → the reason counted.
_ERROR_REASONS = {
    "DownloadTimeoutError": "timeout", "TimeoutError": "timeout", "TCPTimedOutError": "timeout",
    "DownloadFailedError": "connection_lost", "ConnectionLost": "connection_lost",
    "ConnectionDone": "connection_lost", "ResponseFailed": "connection_lost",
    "ResponseNeverReceived": "connection_lost", "ConnectionResetError": "connection_lost",
    "ResponseDataLossError": "truncated", "DownloadConnectionRefusedError": "connection_refused",
    "ConnectionRefusedError": "connection_refused", "CannotResolveHostError": "dns_lookup_failed",
    "DNSLookupError": "dns_lookup_failed", "NoRouteError": "no_route",
}
# Failure reasons that mean the site's host cannot be reached at all: the crawl stops at once.
UNREACHABLE = {"dns_lookup_failed": (N_("DNS lookup failed"), N_("are you online?")),
               "no_route": (N_("no route to the host"), N_("are you online?")),
               "connection_refused": (N_("connection refused"), N_("is the site down, or a firewall in the way?"))}


class LayoutChanged(ValueError):
    """The page does not have the structure the parser knows: counted, logged, never guessed.

    `reason` names the kind of problem in the crawl stats: ``layout_changed``, ``truncated``
    (the body ends mid-way), ``login_redirect`` (the page is the login form), ``not_found`` /
    ``error_page`` (the site's own error page answered in place of the page).
    """

    def __init__(self, message: str, reason: str = "layout_changed") -> None:
        super().__init__(message)
        self.reason = reason


def failure_reason(failure: Failure) -> str:
    """A short name for why a download failed: ``http_<status>``, ``timeout``, ``connection_lost``,
    ``truncated``, ``login_redirect``, ``offsite_redirect``, ``bad_encoding``, ``robots_forbidden``,
    ``dns_lookup_failed`` … or the error's class."""
    value = failure.value
    if isinstance(value, PageRefused):
        return value.reason
    status = getattr(getattr(value, "response", None), "status", None)
    if status:
        return f"http_{status}"
    if isinstance(value, IgnoreRequest) and "robots" in str(value).lower():
        return "robots_forbidden"
    name = type(value).__name__
    return _ERROR_REASONS.get(name, name)


def looks_truncated(response: Response) -> bool:
    """A body that ends mid-way: JSON that does not parse, or HTML without its closing tag."""
    if not isinstance(response, TextResponse):
        return False
    content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
    return page_cut_short(response.body, content_type, response.encoding)


def parse_failure_reason(response: Response, error: Exception) -> str:
    reason = getattr(error, "reason", None) if isinstance(error, LayoutChanged) else None
    if isinstance(error, UnicodeDecodeError):
        return "bad_encoding"
    if reason in (None, "layout_changed") and looks_truncated(response):
        return "truncated"
    return reason or "layout_changed"


@dataclass
class ListPage:
    gigs: list[Gig]
    next_url: str | None = None
    page: int | None = None
    total_pages: int | None = None
    skipped: Counter[str] = field(default_factory=Counter)  # reason → cards left out on purpose


@dataclass
class _ScopeState:
    pages: int = 0
    complete: bool = False
    failed: bool = False


def fingerprint(gig: Gig, unhashed: tuple[str, ...] = ()) -> str:
    """A stable hash of what a list page shows about a listing."""
    values = gig.raw_values()
    for name in ("crawled_at", *unhashed):
        head, _, tail = name.partition(".")
        if tail and isinstance(values.get(head), dict):
            values[head] = {k: v for k, v in values[head].items() if k != tail}
        else:
            values.pop(name, None)
    payload = json.dumps(values, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha1(payload.encode("utf-8")).hexdigest()[:20]


class ListingSpider(scrapy.Spider):
    label: ClassVar[str] = ""
    base_urls: ClassVar[dict[str, str]] = {}
    base_url_setting: ClassVar[str] = ""
    fees: ClassVar[FeeSchedule | None] = None
    crawl_by_default: ClassVar[bool] = True
    browser_settings: ClassVar[tuple[str, ...]] = ()
    unhashed_fields: ClassVar[tuple[str, ...]] = ()
    stop_when_unchanged: ClassVar[bool] = False
    detail_fields: ClassVar[tuple[str, ...]] = ()
    default_lists: ClassVar[tuple[str, ...]] = ("new",)
    list_kinds: ClassVar[dict[str, str | None]] = {"new": None}
    login_paths: ClassVar[tuple[str, ...]] = ()

    def __init__(self, lists: str | None = None, max_pages: str | int | None = None,
                 full: str | bool | None = None, poll: str | bool | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._lists_arg = lists
        self._max_pages_arg = max_pages
        self._full_arg = full
        self.poll = str(poll).lower() in ("1", "true", "yes") if poll is not None else False
        self.wants_detail: Any = None  # a poll's test of a new listing (TANKA_POLL_FILTER)
        self.known: dict[str, str | None] = {}
        self.scopes: dict[str, _ScopeState] = {}
        self._detail_requested: set[str] = set()
        self._listed: set[tuple[str | None, str]] = set()  # (scope, listing_id) yielded this run
        self._refused_in_row = 0  # detail pages refused since the last one read
        self._stopping = False

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        for name, url in cls.base_urls.items():  # the live site unless a setting points elsewhere
            settings.set(name, url, priority="default")

    # ----- configuration --------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return self.settings.get(self.base_url_setting).rstrip("/")

    def site_hosts(self) -> tuple[str, ...]:
        """The hosts this spider may request (middlewares.SiteHostsMiddleware): its site's live
        hosts, and the hosts its base-URL settings point at now (the replay mirror's 127.0.0.1)."""
        urls = [*self.base_urls.values(), *(str(self.settings.get(name) or "") for name in self.base_urls)]
        return tuple(dict.fromkeys(host for host in (urlsplit(url).hostname for url in urls) if host))

    @property
    def max_pages(self) -> int:
        value = self._max_pages_arg
        if value is None and self.poll:
            value = self.settings.getint("TANKA_POLL_MAX_PAGES", 2)
        if value is None:
            value = self.settings.getint(f"{self.name.upper()}_MAX_PAGES",
                                         self.settings.getint("TANKA_MAX_PAGES", 0))
        return int(value)

    @property
    def full_crawl(self) -> bool:
        if self._full_arg is not None:
            return str(self._full_arg).lower() in ("1", "true", "yes")
        return self.settings.getbool("TANKA_FULL_CRAWL")

    def list_names(self) -> list[str]:
        if self._lists_arg:
            return [s.strip() for s in str(self._lists_arg).split(",") if s.strip()]
        configured = self.settings.getlist(f"{self.name.upper()}_LISTS")
        return configured or list(self.default_lists)

    def scope_name(self, list_name: str) -> str:
        return f"{self.name}:{list_name}"

    # ----- hooks ------------------------------------------------------------------------------
    def list_url(self, kind: str, value: str | None) -> str:
        raise NotImplementedError

    def parse_list(self, response: Response) -> ListPage:
        raise NotImplementedError

    def detail_request(self, gig: Gig) -> scrapy.Request | None:
        return None

    def parse_detail(self, response: Response, gig: Gig | None) -> Gig:
        raise NotImplementedError

    def page_kind(self, response: Response) -> str | None:
        raise NotImplementedError

    def saved_page_url(self, path: Path) -> str:
        return self.base_url + "/"

    # ----- crawl ------------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[scrapy.Request]:
        loader = self.settings.get("TANKA_KNOWN_LOADER")
        if loader:
            self.known = load_object(loader)(self.settings.get("TANKA_DB"), self.name)
        self.crawler.stats.set_value("tanka/known_listings", len(self.known))
        if self.poll:
            self.crawler.stats.set_value("tanka/poll", 1)
            chooser = self.settings.get("TANKA_POLL_FILTER")
            if chooser:
                self.wants_detail = load_object(chooser)(self.settings.get("TANKA_CONFIG"), self.name,
                                                         self.settings.get("TANKA_DB"))
        for list_name in self.list_names():
            kind, _, value = list_name.partition(":")
            try:
                url = self.list_url(kind, value or None)
            except (KeyError, ValueError) as error:
                log.error("unknown listing set %r for %s: %s", list_name, self.name, error)
                self.crawler.stats.inc_value("tanka/errors/unknown_list")
                continue
            scope = self.scope_name(list_name)
            self.scopes[scope] = _ScopeState()
            yield scrapy.Request(url, callback=self._on_list_page, errback=self._on_list_error,
                                 meta={"scope": scope, "page": 1}, dont_filter=True)

    def complete_scopes(self) -> list[str]:
        return [name for name, state in self.scopes.items() if state.complete and not state.failed]

    def _count(self, key: str, n: int = 1) -> None:
        self.crawler.stats.inc_value(f"tanka/{key}", n)

    def stop(self, reason: str, message: str) -> CloseSpider:
        """Stop the crawl with `reason` (its finish reason), telling the user `message` (one line,
        what happened and what to do). Raise what it returns."""
        self.crawler.stats.set_value("tanka/stop_message", message)
        self._stopping = True
        return CloseSpider(reason)

    def _unreachable(self, url: str, reason: str) -> CloseSpider | None:
        if reason not in UNREACHABLE or self._stopping:
            return None
        what, hint = UNREACHABLE[reason]
        host = urlsplit(url).hostname or url
        log.error("cannot reach %s (%s): stopping this crawl", host, what)
        # The user reads this (tanka crawl's summary): in the command's language (TANKA_LANG of the crawl).
        return self.stop("unreachable", _("cannot reach {host} ({what}): {hint}").format(host=host, what=_(what),
                                                                                        hint=_(hint)))

    def _keep_stored_details(self, gig: Gig) -> None:
        """A stored listing whose detail page failed keeps its stored detail values: the list
        page's digest of them (a cut description) must not overwrite them."""
        if gig.listing_id in self.known:
            for name in self.detail_fields:
                setattr(gig, name, None)

    def is_unchanged(self, gig: Gig) -> bool:
        return gig.listing_id in self.known and self.known[gig.listing_id] == gig.list_hash

    def _on_list_page(self, response: Response) -> Iterator[Any]:
        scope, page_no = response.meta["scope"], response.meta["page"]
        state = self.scopes[scope]
        try:
            page = self.parse_list(response)
        except (LayoutChanged, ValueError, KeyError, TypeError) as error:
            state.failed = True
            reason = parse_failure_reason(response, error)
            self._count(f"list/failed/{reason}")
            if reason == "layout_changed":
                self._count("list/layout_changed")
            log.error("%s page %d (%s) could not be parsed (%s), this listing set stops here: %s",
                      scope, page_no, response.url, reason, error)
            if reason in REFUSALS:
                raise CloseSpider(f"blocked: {response.url} answered with the login page") from None
            return
        state.pages += 1
        self._count("list/pages")
        for reason, n in page.skipped.items():
            self._count(f"list/skipped/{reason}", n)
            if reason in REJECTED:
                self._count(f"rejected/{reason}", n)
        crawled_at = datetime.now(UTC).isoformat()
        unchanged = 0
        # New to the store and not already read on an earlier page of this set (a paid slot repeats
        # a listing on every page): a poll stops at the first page without one.
        new_here = sum(1 for gig in page.gigs
                       if gig.listing_id not in self.known and (scope, gig.listing_id) not in self._listed)
        for gig in page.gigs:
            gig.crawled_at = crawled_at
            gig.scope = scope
            gig.list_hash = fingerprint(gig, self.unhashed_fields)
            yield from self._listing(gig)
            unchanged += self.is_unchanged(gig)
        all_unchanged = bool(page.gigs) and unchanged == len(page.gigs)
        if not page.next_url:
            state.complete = True
        elif self.poll and not new_here:
            self._count("list/stopped_nothing_new")
            log.info("%s: page %d holds no new listing; the poll stops here", scope, page_no)
        elif self.max_pages and page_no >= self.max_pages:
            self._count("list/stopped_at_page_limit")
            log.info("%s: stopping at the page limit (%d)", scope, self.max_pages)
        elif self.stop_when_unchanged and all_unchanged and not self.full_crawl:
            self._count("list/stopped_unchanged")
            log.info("%s: page %d holds only known, unchanged listings; stopping early", scope, page_no)
        else:
            yield response.follow(page.next_url, callback=self._on_list_page, errback=self._on_list_error,
                                  meta={"scope": scope, "page": page_no + 1}, dont_filter=True)

    def _listing(self, gig: Gig) -> Iterator[Any]:
        if (gig.scope, gig.listing_id) in self._listed:
            # Seen on an earlier page of this set (a PR slot on every page, a listing that moved
            # down a page): a second copy would reach the dedupe pipeline before the first one's
            # detail page answers, and the copy with the detail values would be the one dropped.
            self._count("list/skipped/repeat")
            return
        self._listed.add((gig.scope, gig.listing_id))
        if gig.listing_id not in self.known:
            self._count("seen/new")
        elif self.is_unchanged(gig):
            self._count("seen/unchanged")
        else:
            self._count("seen/changed")
        if self.poll and not self.is_unchanged(gig) and gig.listing_id not in self._detail_requested \
                and not self._poll_wants(gig):
            yield self._deferred(gig)
            return
        if self.is_unchanged(gig) or gig.listing_id in self._detail_requested:
            self._count("detail/skipped_unchanged")
            gig.detail_status = DetailStatus.SKIPPED
            for name in self.detail_fields:
                setattr(gig, name, None)
            yield gig
            return
        request = self.detail_request(gig)
        if request is None:
            yield gig
            return
        self._detail_requested.add(gig.listing_id)
        yield request.replace(callback=self._on_detail, errback=self._on_detail_error,
                              cb_kwargs={"gig": gig}, dont_filter=True)

    def _poll_wants(self, gig: Gig) -> bool:
        """A poll fetches the detail page of a new listing an alerting profile could want, and no other."""
        if gig.listing_id in self.known:
            return False  # changed, not new: the next full crawl reads it
        if self.wants_detail is not None and not self.wants_detail(gig):
            return False
        if len(self._detail_requested) >= self.settings.getint("TANKA_POLL_MAX_DETAILS", 7):
            self._count("detail/deferred_over_limit")  # alerted after the next full crawl reads them
            return False
        return True

    def _deferred(self, gig: Gig) -> Gig:
        """A listing a poll stores from the list alone; without its fingerprint, so that the next
        full crawl sees it as changed and fetches its detail page."""
        self._count("detail/deferred")
        gig.detail_status = DetailStatus.DEFERRED
        gig.list_hash = None
        if gig.listing_id in self.known:  # the stored full text must not give way to the list's digest
            for name in self.detail_fields:
                setattr(gig, name, None)
        return gig

    def _on_detail(self, response: Response, gig: Gig) -> Iterator[Gig]:
        try:
            detail = self.parse_detail(response, gig)
        except (LayoutChanged, ValueError, KeyError, TypeError) as error:
            reason = parse_failure_reason(response, error)
            self._count(f"detail/unavailable/{reason}")
            self._count("detail/failed")
            log.error("detail page %s could not be parsed (%s); keeping the list values: %s",
                      response.url, reason, error)
            gig.detail_status = DetailStatus.UNAVAILABLE
            self._keep_stored_details(gig)
            yield gig
            self._refused(reason)
            return
        self._refused_in_row = 0
        gig.merge(detail)
        gig.detail_status = DetailStatus.FETCHED
        self._count("detail/fetched")
        yield gig

    def detail_failure_reason(self, failure: Failure) -> str:
        return failure_reason(failure)

    def _on_detail_error(self, failure: Failure) -> Iterator[Gig]:
        gig: Gig = failure.request.cb_kwargs["gig"]
        reason = self.detail_failure_reason(failure)
        self._count(f"detail/unavailable/{reason}")
        if reason not in DETAIL_NOT_FAILED:
            self._count("detail/failed")
        log.warning("detail page %s unavailable (%s); keeping the list values", failure.request.url, reason)
        gig.detail_status = DetailStatus.UNAVAILABLE
        self._keep_stored_details(gig)
        yield gig
        stop = self._unreachable(failure.request.url, reason)
        if stop is not None:
            raise stop
        self._refused(reason)

    def _refused(self, reason: str) -> None:
        """Count a detail page the site refused; stop the site's crawl after too many in a row."""
        if reason not in REFUSALS:
            return
        self._refused_in_row += 1
        limit = self.settings.getint("TANKA_MAX_DETAIL_REFUSALS", 5)
        if limit and self._refused_in_row >= limit and not self._stopping:
            self._stopping = True
            self._count("detail/stopped_refused")
            log.error("%s refused %d detail pages in a row (%s): stopping this crawl instead of asking "
                      "for every other one", self.name, self._refused_in_row, reason)
            raise CloseSpider(f"blocked: {self._refused_in_row} detail pages refused in a row ({reason})")

    def _on_list_error(self, failure: Failure) -> None:
        scope = failure.request.meta.get("scope")
        if scope in self.scopes:
            self.scopes[scope].failed = True
        reason = failure_reason(failure)
        self._count(f"list/failed/{reason}")
        log.error("list page %s failed (%s); the set %s is incomplete", failure.request.url, reason, scope)
        stop = self._unreachable(failure.request.url, reason)
        if stop is not None:
            raise stop
        if reason in REFUSALS:
            raise CloseSpider(f"blocked: {failure.request.url} answered {reason.removeprefix('http_')}")
