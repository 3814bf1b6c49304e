"""Shufti (シュフティ): the guest job-list JSON API, and job pages rendered in headless Chromium.

app.shufti.jp is a single-page app: a plain GET returns an empty shell. Listings come from the
guest API on internal.shufti.jp (20 jobs a page, newest first); a job's description exists only
on its rendered page (`h1`, `div.job-description`), so new or changed listings get one browser
visit through scrapy-playwright, and nothing else does. See ../shared/docs/sites/shufti.md.

Live crawls are off unless the setting SHUFTI_ENABLED is true (settings.py says why).
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import re
from collections import Counter
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import quote, urlencode, urlsplit

import scrapy
from lxml import etree, html
from parsel.csstranslator import HTMLTranslator
from parsel.selector import create_root_node
from playwright.async_api import Page
from playwright.async_api import TimeoutError as PlaywrightTimeoutError
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from scrapy.settings import BaseSettings
from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler
from scrapy_playwright.page import PageMethod
from twisted.python.failure import Failure

from spiders import shufti_selectors as sel
from spiders.base import LayoutChanged, ListingSpider, ListPage
from tanka.i18n import N_
from tanka.items import Gig
from tanka.scoring.fees import FeeRule, FeeSchedule

log = logging.getLogger(__name__)
SITE = "shufti"

PLAYWRIGHT_HANDLER = "spiders.shufti.PageReusingScrapyPlaywrightDownloadHandler"
DEFAULT_RENDER_TIMEOUT_MS = 15_000
DEFAULT_PAGE_REUSE = 1  # uses of one browser page (SHUFTI_PAGE_REUSE); 1 = a fresh page per job
DEFAULT_BROWSER_IDLE_SECONDS = 30.0  # SHUFTI_BROWSER_IDLE_SECONDS: close the browser after this long unused

_AMOUNT = re.compile(r"^(\d{1,15}|\d{1,3}(?:,\d{3}){1,4})(?:\.(\d{1,6}))?$")
# Beyond this a number is no amount (and no longer exact as a float).
MAX_AMOUNT = 2**53
_BLOCK_TAGS = frozenset({"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "tr", "table", "section", "article",
                         "header", "footer", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "hr"})


class UnparseableNumber(ValueError):
    """A money or wage field of the API that is not a number: the job is rejected, not guessed."""


# ----- the list API (pure) --------------------------------------------------------------------------
def parse_amount(value: object, field: str) -> int | float | None:
    """`"1000"` → 1000, `400` → 400, `None` → None; anything that is not a plain amount raises."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise UnparseableNumber(f"{field} is {value!r}")
    if isinstance(value, int):
        if not 0 <= value <= MAX_AMOUNT:
            raise UnparseableNumber(f"{field} is not an amount: {value!r}")
        return value
    if isinstance(value, float):
        if not math.isfinite(value) or not 0 <= value <= MAX_AMOUNT:
            raise UnparseableNumber(f"{field} is {value!r}")
        return int(value) if value.is_integer() else value
    if isinstance(value, str):
        match = _AMOUNT.match(value.strip())
        if match:
            whole = int(match.group(1).replace(",", ""))
            fraction = match.group(2)
            return whole if not fraction or not fraction.strip("0") else float(f"{whole}.{fraction}")
    raise UnparseableNumber(f"{field} is not a number: {value!r}")


def whole_units(price: float | None, unit_price: float | None) -> int | None:
    """Items per worker, price ÷ unit price, when it is a whole number (it always was in real data)."""
    if not price or not unit_price:
        return None
    units = price / unit_price
    return int(units) if units.is_integer() else None


def job_url(app_base: str, listing_id: object) -> str:
    return app_base.rstrip("/") + sel.JOB_PATH.format(id=listing_id)


def job_gig(job: dict[str, Any], app_base: str) -> Gig:
    """One `data[]` entry of the guest API as a raw Gig. Raises UnparseableNumber, KeyError, TypeError."""
    listing_id = job["id"]
    if isinstance(listing_id, bool) or not str(listing_id).isdigit():
        raise TypeError(f"job id {listing_id!r} is not a number")
    attrs: dict[str, Any] = job["attributes"]
    if not isinstance(attrs.get("name"), str | None):
        raise TypeError(f"job name {attrs.get('name')!r} is not text")
    price = parse_amount(attrs.get("price"), "price")
    unit_price = parse_amount(attrs.get("unit_price"), "unit_price")
    hourly = parse_amount(attrs.get("job_hourly_wage"), "job_hourly_wage")
    job_tags = attrs.get("job_tags") or []
    tags = [str(t["name"]) for t in job_tags if isinstance(t, dict) and t.get("name")]
    if attrs.get("limited") is True:
        tags.append(sel.LIMITED_TAG)
    if attrs.get("continuous_order") is True:
        tags.append(sel.CONTINUOUS_ORDER_TAG)
    extra = {
        "view_count": attrs.get("view_count"),
        "client_hourly_wage": attrs.get("client_hourly_wage"),
        "limited": attrs.get("limited"),
        "continuous_order": attrs.get("continuous_order"),
        "remaining_count": attrs.get("remaining_count"),
        "job_tag_ids": [t.get("id") for t in job_tags if isinstance(t, dict)],
    }
    job_type = attrs.get("type")
    client_id = attrs.get("client_id")
    return Gig(
        site=SITE,
        listing_id=str(listing_id),
        url=job_url(app_base, listing_id),
        title=attrs.get("name"),
        pay_type=None if job_type is None else str(job_type),  # 1 = プロジェクト, 2 = タスク (PayType synonyms)
        budget_min_yen=price,  # `price` is what one worker earns for the whole job
        budget_max_yen=price,
        unit_price_yen=unit_price,
        units=whole_units(price, unit_price),
        site_hourly_yen=hourly,
        # Shufti does not state minutes per item; its 想定時給 implies them (500円 at 3000円/h → 10 min).
        unit_minutes=round(unit_price * 60 / hourly, 2) if unit_price and hourly else None,
        deadline=attrs.get("period"),  # あと7日 / あと11時間 / -- (none): read against crawled_at
        client_id=None if client_id is None else str(client_id),
        client_name=attrs.get("client_name"),
        tags=list(dict.fromkeys(tags)),
        extra={k: v for k, v in extra.items() if v is not None},
    )


def parse_jobs(payload: object, app_base: str) -> ListPage:
    """A decoded guest-API page → ListPage. Raises LayoutChanged when it is not that API's shape."""
    if not isinstance(payload, dict) or not isinstance(payload.get("data"), list) \
            or not isinstance(payload.get("meta"), dict):
        raise LayoutChanged("not a guest jobs page: expected an object with `data` (list) and `meta`")
    meta = payload["meta"]
    try:
        current, last = int(meta["current_page"]), int(meta["last_page"])
    except (KeyError, TypeError, ValueError) as error:
        raise LayoutChanged(f"`meta` has no usable current_page/last_page: {meta!r}") from error
    gigs: list[Gig] = []
    skipped: Counter[str] = Counter()
    for job in payload["data"]:
        job_id = job.get("id") if isinstance(job, dict) else None
        try:
            gigs.append(job_gig(job, app_base))
        except UnparseableNumber as error:
            skipped["unparseable_price"] += 1
            log.warning("shufti job %s rejected: %s", job_id, error)
        except (KeyError, TypeError, AttributeError) as error:
            skipped["malformed_job"] += 1
            log.warning("shufti job %s rejected: malformed entry (%s: %s)", job_id, type(error).__name__, error)
    if payload["data"] and not gigs and skipped["malformed_job"] == len(payload["data"]):
        raise LayoutChanged("no entry of `data` has the job shape (id, attributes)")
    # Follow `links.next` only while meta says there is a next page; the links' parameter order
    # varies (self is alphabetical), so they are never compared as strings.
    links = payload.get("links") if isinstance(payload.get("links"), dict) else {}
    next_url = links.get("next") if current < last else None
    return ListPage(gigs=gigs, next_url=next_url or None, page=current, total_pages=last, skipped=skipped)


# ----- the rendered job page (pure) -------------------------------------------------------------------
def block_text(element: Any) -> str:
    """An element's text with its line breaks: `<br>` and block elements end lines, scripts are skipped."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        tag = node.tag.lower() if isinstance(node.tag, str) else None
        if tag == "br":
            parts.append("\n")
        elif tag is not None and tag not in ("script", "style", "template"):
            block = tag in _BLOCK_TAGS
            if block:
                parts.append("\n")
            parts.append(node.text or "")
            for child in node:
                walk(child)
                parts.append(child.tail or "")
            if block:
                parts.append("\n")

    walk(element)
    return "".join(parts).strip()


# Compiled once: a job page is small, and parsel's per-call CSS translation cost as much as the parse.
_TITLE_XPATH = etree.XPath(HTMLTranslator().css_to_xpath(sel.TITLE))
_DESCRIPTION_XPATH = etree.XPath(HTMLTranslator().css_to_xpath(sel.DESCRIPTION))
_PARSER = html.HTMLParser(recover=True, remove_comments=True)


def parse_job_page(response: Response, listing_id: str, app_base: str) -> Gig:
    """Title and description of a rendered job page; LayoutChanged when neither is there."""
    # The lxml tree alone, from one parser made once: a Scrapy Selector would also work out the
    # page's base URL, unused here, and parsel makes a parser per page.
    text = response.text
    root = html.document_fromstring(text, parser=_PARSER) if text.strip() else create_root_node(text, html.HTMLParser)
    heading = _TITLE_XPATH(root)
    description = _DESCRIPTION_XPATH(root)
    if not heading and not description:
        raise LayoutChanged(f"no {sel.TITLE} and no {sel.DESCRIPTION}: the page did not render its job")
    title = " ".join(" ".join(heading[0].xpath("descendant-or-self::text()")).split()) if heading else None
    text = block_text(description[0]) if description else None
    return Gig(site=SITE, listing_id=listing_id, url=job_url(app_base, listing_id),
               title=title or None, description=text or None)


def listing_id_from_url(url: str) -> str | None:
    match = sel.JOB_PATH_ID.search(url)
    return match.group(1) if match else None


def skip_heavy_resources(request: Any) -> bool:
    """PLAYWRIGHT_ABORT_REQUEST: images, media and fonts are not needed to read the text."""
    return request.resource_type in ("image", "media", "font")


class PageReusingScrapyPlaywrightDownloadHandler(ScrapyPlaywrightDownloadHandler):
    """scrapy-playwright's handler, able to keep a browser page for the next job page.

    A new page per request costs Chromium a new renderer process and target. With the setting
    SHUFTI_PAGE_REUSE = N > 1, a page whose request ended well goes back to an idle pool and the
    next request navigates it instead (a full page load: no script state survives it), which
    cut the mirror's job pages from ~210 to ~125 ms of CPU each and ~1.6× the pages/s; a page
    whose request failed is closed, and a page is retired after N uses, since its renderer's
    memory grows with every load. The default, 1, is scrapy-playwright's own behaviour (one page
    per job page). Pages never exceed PLAYWRIGHT_MAX_PAGES_PER_CONTEXT, so the handler's own
    per-context limit never waits.

    The browser — Playwright's node driver and Chromium, ~600 MB together — starts only when the
    first job page is asked for (a crawl or poll with no new listing never starts it), and closes
    once no job page has been asked for SHUFTI_BROWSER_IDLE_SECONDS (30 s; 0 = keep it open); the
    next job page starts it again.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.page_reuse = max(1, crawler.settings.getint("SHUFTI_PAGE_REUSE", DEFAULT_PAGE_REUSE))
        self.idle_seconds = crawler.settings.getfloat("SHUFTI_BROWSER_IDLE_SECONDS", DEFAULT_BROWSER_IDLE_SECONDS)
        self._idle: dict[str, list[Page]] = {}
        self._live: dict[str, int] = {}  # pages open per context
        self._uses: dict[Page, int] = {}
        self._changed = asyncio.Event()  # a page went idle or closed: waiting requests look again
        self._running = False  # the driver is started
        self._busy = 0  # job pages being fetched now
        self._idle_timer: asyncio.TimerHandle | None = None
        self._start_lock = asyncio.Lock()

    async def _maybe_launch_in_thread(self) -> None:
        """Not at the engine's start: at the first job page (`_ensure_running`)."""

    def _engine_started(self) -> Any:
        from twisted.internet.defer import succeed

        return succeed(None)

    async def _ensure_running(self) -> None:
        async with self._start_lock:
            if not self._running:
                await self._launch()
                self._running = True
                self.stats.inc_value("tanka/browser/started")

    def _arm_idle_timer(self) -> None:
        if self._idle_timer is not None:
            self._idle_timer.cancel()
            self._idle_timer = None
        if self.idle_seconds > 0 and self._busy == 0 and self._running:
            loop = asyncio.get_running_loop()
            self._idle_timer = loop.call_later(self.idle_seconds, lambda: loop.create_task(self._close_if_idle()))

    async def _close_if_idle(self) -> None:
        async with self._start_lock:
            if self._busy or not self._running:
                return
            for pages in self._idle.values():
                for page in pages:
                    if not page.is_closed():
                        await page.close()
            self._idle.clear()
            self._uses.clear()
            await self._close()
            if hasattr(self, "browser"):
                del self.browser  # the next job page launches a new one
            self.browser_provider = None  # type: ignore[assignment]
            self._running = False
            self.stats.inc_value("tanka/browser/closed_idle")
            log.info("Shufti: no job page for %.0f s; browser closed until the next one", self.idle_seconds)

    async def _download_request(self, request: scrapy.Request, spider: scrapy.Spider | None = None) -> Response:
        self._busy += 1
        if self._idle_timer is not None:
            self._idle_timer.cancel()
            self._idle_timer = None
        try:
            await self._ensure_running()
            return await super()._download_request(request, spider)
        finally:
            self._busy -= 1
            self._arm_idle_timer()

    async def _create_page(self, request: scrapy.Request, spider: scrapy.Spider) -> Page:
        name = request.meta.setdefault("playwright_context", "default")
        idle = self._idle.setdefault(name, [])
        while True:
            while idle:
                page = idle.pop()
                if not page.is_closed():
                    await page.unroute("**")  # the previous request's route handler
                    return page
            if self._live.get(name, 0) < self.config.max_pages_per_context:
                self._live[name] = self._live.get(name, 0) + 1
                try:
                    page = await super()._create_page(request, spider)
                except Exception:
                    self._forget(name)
                    raise
                page.on("close", lambda *_: self._forget(name))
                return page
            self._changed.clear()
            await self._changed.wait()

    def _forget(self, context: str) -> None:
        self._live[context] -= 1
        self._changed.set()

    async def _download_request_with_page(self, request: scrapy.Request, page: Page,
                                          spider: scrapy.Spider) -> Response:
        if request.meta.get("playwright_include_page"):  # the callback owns the page
            return await super()._download_request_with_page(request, page, spider)
        request.meta["playwright_include_page"] = True  # so that the parent leaves it open
        try:
            response = await super()._download_request_with_page(request, page, spider)
        except Exception:
            self._uses.pop(page, None)
            if not page.is_closed():
                await page.close()
                self.stats.inc_value("playwright/page_count/closed")
            raise
        finally:
            request.meta["playwright_include_page"] = False
            request.meta.pop("playwright_page", None)
        uses = self._uses.pop(page, 0) + 1
        if uses >= self.page_reuse:
            await page.close()
            self.stats.inc_value("playwright/page_count/closed")
        else:
            self._uses[page] = uses
            self._idle.setdefault(request.meta["playwright_context"], []).append(page)
            self._changed.set()
        return response


class ApiHeadersMiddleware:
    """The headers the app's own calls to the guest API carry (as a public client sends them).

    Only guest-API requests get them; the User-Agent stays tanka's own.
    """

    def __init__(self, app_base: str) -> None:
        self.headers = {"Accept": "application/json", "Origin": app_base, "Referer": app_base + "/"}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ApiHeadersMiddleware:
        return cls(crawler.settings.get("SHUFTI_APP_BASE_URL").rstrip("/"))

    def process_request(self, request: scrapy.Request, spider: Any = None) -> None:
        if request.meta.get("playwright") or not urlsplit(request.url).path.startswith(sel.JOBS_PATH):
            return
        for name, value in self.headers.items():
            request.headers[name] = value


# ----- the spider -------------------------------------------------------------------------------------
SOURCES = "hakentobaito.com/shufti, heirnet.org (third party; no official page)"
FEES_PAGE = "https://help.shufti.jp/support/solutions/articles/158000411223 (as recorded 2026-09-16)"
# No official figure: a provisional 11% (10% + tax) of the listed amount, and no tax added, since
# nobody knows whether Shufti's prices include it. Shufti's net figures are estimates (≈).
FEES = FeeSchedule(
    rules=(FeeRule(SITE, "rate", 0.11, None, SOURCES + ": 10% (税込11%)", False),
           FeeRule(SITE, "payout_fee_yen", 330, date(2025, 11, 5), FEES_PAGE, False)),
    adds_tax=False,
)


class ShuftiSpider(ListingSpider):
    """Shufti listings from the guest API; descriptions from job pages rendered by Chromium.

    Lists (`-a lists=…`): `new`, `tag:<id | slug | name>` (`tag:1`, `tag:beginner`, `tag:初心者歓迎`),
    `keyword:<word>`.
    """

    name = SITE
    label = N_("Shufti")  # translated where shown (tanka.sites.label)
    base_urls: ClassVar[dict[str, str]] = {"SHUFTI_API_BASE_URL": "https://internal.shufti.jp",
                                           "SHUFTI_APP_BASE_URL": "https://app.shufti.jp"}
    base_url_setting = "SHUFTI_API_BASE_URL"
    fees = FEES
    # Shufti's terms (利用規約 第18条) restrict secondary use of its content: a plain `tanka crawl`
    # leaves it out until the user names it (and sets TANKA_SHUFTI_ENABLED=1).
    crawl_by_default = False
    browser_settings: ClassVar[tuple[str, ...]] = ("SHUFTI_APP_BASE_URL",)  # job pages render in the browser
    stop_when_unchanged = True
    login_paths: ClassVar[tuple[str, ...]] = ("/login", "/users/login")
    list_kinds: ClassVar[dict[str, str | None]] = {"new": None, "tag": "初心者歓迎", "keyword": "データ入力"}
    # Change with time or with the client's other jobs, not with the job itself.
    unhashed_fields: ClassVar[tuple[str, ...]] = (
        "deadline", "extra.view_count", "extra.client_hourly_wage", "extra.remaining_count")
    custom_settings: ClassVar[dict[str, Any]] = {
        "PLAYWRIGHT_ABORT_REQUEST": "spiders.shufti.skip_heavy_resources",
        # Live pace (the mirror overrides it on the command line): one request at a time, ≥ 5 s apart.
        "DOWNLOAD_DELAY": 5,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
    }

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        # The browser is for this spider only, and only requests with meta["playwright"] use it;
        # the API requests go through Scrapy's own HTTP handler. Installed for the job pages'
        # scheme alone: each installed handler starts its own Playwright driver (~120 MB).
        scheme = urlsplit(settings.get("SHUFTI_APP_BASE_URL") or "https://").scheme or "https"
        settings.set("DOWNLOAD_HANDLERS", {scheme: PLAYWRIGHT_HANDLER}, priority="spider")
        # Added to the project's middlewares, not replacing them as custom_settings would.
        settings.set_in_component_priority_dict("DOWNLOADER_MIDDLEWARES", ApiHeadersMiddleware, 560)

    @property
    def app_base_url(self) -> str:
        return self.settings.get("SHUFTI_APP_BASE_URL").rstrip("/")

    @property
    def render_timeout_ms(self) -> int:
        return self.settings.getint("SHUFTI_RENDER_TIMEOUT_MS", DEFAULT_RENDER_TIMEOUT_MS)

    # ----- listing sets -------------------------------------------------------------------------------
    def list_url(self, kind: str, value: str | None) -> str:
        query = [("page", "1"), *sel.BASE_QUERY]
        if kind == "new" and value is None:
            pass
        elif kind == "tag" and value:
            query.append(("job_tag_id", str(sel.tag_id(value))))
        elif kind == "keyword" and value and value.strip():
            query.append(("keyword", value.strip()))
        else:
            raise ValueError(f"unknown listing set {kind}:{value or ''} (use new, tag:<id|slug|name>, keyword:<word>)")
        return f"{self.base_url}{sel.JOBS_PATH}?{urlencode(query, quote_via=quote)}"

    def scope_name(self, list_name: str) -> str:
        kind, _, value = list_name.partition(":")
        if kind == "tag":
            try:  # tag:1, tag:beginner and tag:初心者歓迎 are one listing set
                return f"{self.name}:tag:{sel.JOB_TAGS[sel.tag_id(value)][1]}"
            except KeyError:
                pass
        return super().scope_name(list_name)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if not self.settings.getbool("SHUFTI_ENABLED"):
            log.warning("Shufti crawl refused: SHUFTI_ENABLED is off. Shufti's terms restrict secondary "
                        "use of its content; set TANKA_SHUFTI_ENABLED=1 only once you have decided your "
                        "use is allowed (the replay mirror is always allowed).")
            self.crawler.stats.set_value("tanka/shufti_disabled", 1)
            raise self.stop("shufti_disabled", "not crawled: Shufti is off until you turn it on. Its terms limit "
                            "what may be done with its listings; if your use is allowed, set "
                            "TANKA_SHUFTI_ENABLED=1 (README, \"Responsible use\")")
        async for request in super().start():
            yield request

    def parse_list(self, response: Response) -> ListPage:
        try:
            # The text, not the bytes: decoded as the page really is (middlewares.EncodingMiddleware).
            payload = json.loads(response.text if isinstance(response, TextResponse) else response.body)
        except ValueError as error:
            raise LayoutChanged(f"the guest API did not answer JSON: {error}") from None
        page = parse_jobs(payload, self.app_base_url)
        if getattr(self, "crawler", None) is not None:
            odd = sum(1 for g in page.gigs if g.unit_price_yen and g.budget_max_yen and g.units is None)
            if odd:
                self.crawler.stats.inc_value("tanka/list/units_not_whole", odd)
        if page.next_url:
            page.next_url = response.urljoin(page.next_url)
        return page

    # ----- job pages (browser) ------------------------------------------------------------------------
    def detail_request(self, gig: Gig) -> scrapy.Request | None:
        # Without playwright_include_page, scrapy-playwright closes each page itself once its
        # content is read, and also when goto or the wait fails (handler.py,
        # _download_request_with_page / _download_request_with_retry), and closes its contexts
        # when the crawl ends; our callbacks never hold a page, so none can leak. The number of
        # pages open at once is capped by PLAYWRIGHT_MAX_CONTEXTS × PLAYWRIGHT_MAX_PAGES_PER_CONTEXT.
        return scrapy.Request(gig.url or job_url(self.app_base_url, gig.listing_id), dont_filter=True, meta={
            "playwright": True,
            "playwright_page_methods": [
                PageMethod("wait_for_selector", sel.DESCRIPTION, timeout=self.render_timeout_ms),
            ],
            # A cached answer would skip the browser and the wait (scrapy-playwright issue #96).
            "dont_cache": True,
        })

    def parse_detail(self, response: Response, gig: Gig | None) -> Gig:
        listing_id = gig.listing_id if gig is not None else listing_id_from_url(response.url)
        if listing_id is None:
            raise LayoutChanged(f"{response.url} is not a job page (/jobs/view/<id>)")
        return parse_job_page(response, listing_id, self.app_base_url)

    def detail_failure_reason(self, failure: Failure) -> str:
        if failure.check(PlaywrightTimeoutError):
            # The page never drew its content within SHUFTI_RENDER_TIMEOUT_MS.
            return "not_rendered"
        return super().detail_failure_reason(failure)

    # ----- saved pages (`tanka parse`) ------------------------------------------------------------------
    def page_kind(self, response: Response) -> str | None:
        if not isinstance(response, TextResponse):
            return None
        if response.body.lstrip()[:1] == b"{":
            try:
                payload = json.loads(response.body)
            except ValueError:
                return None
            return "list" if isinstance(payload, dict) and "data" in payload and "meta" in payload else None
        if response.css(sel.TITLE) and response.css(sel.DESCRIPTION):
            return "detail"
        return None  # the app's shell before its scripts ran

    def saved_page_url(self, path: Path) -> str:
        match = sel.SAVED_JOB_FILE.match(Path(path).name)
        if match:
            return job_url(self.app_base_url, match.group(1))
        return self.base_url + sel.JOBS_PATH
