"""CrowdWorks (クラウドワークス): list pages whose whole result set is JSON in one attribute, and
server-rendered job pages.

A list, category or search page holds no job cards: `div#vue-container[data]` carries the result
set (50 a page, plus paid PR slots) as HTML-escaped JSON, so a plain GET is enough and the JSON is
parsed, never a rendered DOM. A job page (`/public/jobs/<id>`) adds the full description, the
application counts, and the client's rating, order history, completion rate and identity check.
See ../shared/docs/sites/crowdworks.md; brittle names live in spiders/crowdworks_selectors.py.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlencode, urljoin

import scrapy
from lxml import etree, html
from parsel.csstranslator import HTMLTranslator
from parsel.selector import create_root_node
from scrapy.http import Response, TextResponse
from w3lib.url import add_or_replace_parameter

from spiders import crowdworks_selectors as sel
from spiders.base import LayoutChanged, ListingSpider, ListPage
from tanka.i18n import N_
from tanka.items import DetailStatus, Gig, PayType
from tanka.scoring.fees import FeeRule, FeeSchedule

log = logging.getLogger(__name__)
SITE = "crowdworks"

_LEADING_NEWLINE = re.compile(r"^[ \t]*\r?\n")
_BLOCKS = frozenset({"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"})


class UnparseableEntry(ValueError):
    """A list entry whose numbers are not numbers: rejected and counted, never guessed."""


# ----- list pages (pure) --------------------------------------------------------------------------
def decode_container(data: str) -> dict[str, Any]:
    """The container's `data` attribute (already HTML-unescaped by the parser) → the JSON object."""
    try:
        payload = json.loads(data)
    except ValueError as error:
        raise LayoutChanged(f"#vue-container[data] is not JSON: {error}") from None
    if not isinstance(payload, dict):
        raise LayoutChanged("#vue-container[data] is not a JSON object")
    return payload


def _is_json(response: TextResponse) -> bool:
    return response.text.lstrip().startswith(("{", "["))


def list_payload(response: Response) -> dict[str, Any]:
    """The result-set JSON of a list page, or of a saved JSON body (the decoded container alone)."""
    if not isinstance(response, TextResponse):
        raise LayoutChanged("not a text page")
    if _is_json(response):
        return decode_container(response.text)
    data = response.css(sel.LIST_CONTAINER_DATA).get()
    if data is None:
        raise LayoutChanged("no #vue-container[data] on the page")
    return decode_container(data)


# Beyond this a JSON number is no count or amount (and no longer exact as a float).
MAX_NUMBER = 2**53


def _number(value: object, name: str) -> int | float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise UnparseableEntry(f"{name} is not an amount: {value!r}")
    if isinstance(value, int):  # compared as an int: a huge one does not fit a float
        if not 0 <= value <= MAX_NUMBER:
            raise UnparseableEntry(f"{name} is not an amount: {value!r}")
        return value
    if not math.isfinite(value) or not 0 <= value <= MAX_NUMBER:
        raise UnparseableEntry(f"{name} is not an amount: {value!r}")
    return int(value) if value.is_integer() else value


def _payment_fields(key: str, values: dict[str, Any]) -> dict[str, Any]:
    """Gig fields from the one `payment` entry (amounts raw: normalize turns 0/None into "no bound")."""
    def n(name: str) -> int | float | None:
        return _number(values.get(name), f"{key}.{name}")

    if key == sel.FIXED:
        return {"budget_min_yen": n("min_budget"), "budget_max_yen": n("max_budget")}
    if key == sel.HOURLY:
        return {"hourly_min_yen": n("min_hourly_wage"), "hourly_max_yen": n("max_hourly_wage")}
    if key == sel.TASK:
        return {"unit_price_yen": n("task_price"), "unit_minutes": n("estimated_work_minutes")}
    if key == sel.WRITING:
        return {"unit_price_yen": n("article_price"), "unit_chars": n("max_articles_length"),
                "extra": {"min_article_chars": n("min_articles_length")}}
    if key == sel.COMPETITION:
        return {"budget_max_yen": n("competition_price")}
    return {"extra": {"payment": {key: values}}}


def _entry_fields(key: str, values: dict[str, Any]) -> dict[str, Any]:
    def n(name: str) -> int | float | None:
        return _number(values.get(name), f"{key}.{name}")

    if key == sel.PROJECT_ENTRY:
        return {"contracts": n("num_contracts"), "slots": n("project_contract_hope_number"),
                "applicants": n("num_application_conditions")}
    if key == sel.TASK_ENTRY:
        # Tasks count units, not people: units done so far, and units on offer.
        tasks = n("num_tasks")
        return {"applicants": n("num_completed_tasks"), "slots": tasks, "units": tasks}
    if key == sel.COMPETITION_ENTRY:
        return {"applicants": n("num_proposal_products")}
    return {"extra": {"entry": {key: values}}}


def _one_key(container: object, name: str) -> tuple[str, dict[str, Any]]:
    if not isinstance(container, dict) or len(container) != 1:
        raise UnparseableEntry(f"{name} should hold exactly one key: {container!r}")
    key, values = next(iter(container.items()))
    if not isinstance(values, dict):
        raise UnparseableEntry(f"{name}.{key} is not an object: {values!r}")
    return key, values


def entry_gig(entry: dict[str, Any], page_url: str, pr_slot: str | None = None) -> Gig:
    """One entry of `job_offers` or a PR slot → a raw Gig. Raises UnparseableEntry, KeyError, TypeError."""
    offer, client = entry["job_offer"], entry.get("client") or {}
    listing_id = offer["id"]
    if isinstance(listing_id, bool) or not str(listing_id).isdigit():
        raise UnparseableEntry(f"job id {listing_id!r} is not a number")
    pay_key, pay_values = _one_key(entry.get("payment"), "payment")
    entry_key, entry_values = _one_key(entry.get("entry"), "entry")
    fields = _payment_fields(pay_key, pay_values)
    entry_fields = _entry_fields(entry_key, entry_values)
    extra: dict[str, Any] = {**fields.pop("extra", {}), **entry_fields.pop("extra", {})}
    fields.update(entry_fields)

    options = offer.get("options") or []
    if not isinstance(options, list):
        raise UnparseableEntry(f"options is not a list: {options!r}")
    username = client.get("username")
    tags = [tag for tag, present in (
        ("promoted", pr_slot is not None),
        ("urgent", "urgent" in options),
        ("limited", offer.get("is_login_required") is True),
        ("agency", username in sel.AGENCY_CLIENTS),
    ) if present]
    category_id = offer.get("category_id")
    extra.update({
        "category_id": category_id,
        "genre": offer.get("genre"),
        "skills": [s.get("name") for s in offer.get("skills") or [] if isinstance(s, dict)],
        "options": [o for o in options if o != "urgent"],
        # 認定クライアント: a badge CrowdWorks awards, not an identity check (that is on the job page).
        "client_certified": client.get("is_employer_certification"),
        "login_required": offer.get("is_login_required"),
        "pr_slot": pr_slot,
    })
    user_id = client.get("user_id")
    return Gig(
        site=SITE,
        listing_id=str(listing_id),
        url=_job_url(page_url, listing_id),
        title=offer.get("title"),
        category=sel.CATEGORY_NAMES.get(category_id) if isinstance(category_id, int) else None,
        pay_type=pay_key,  # the payment key; items.PayType knows it
        deadline=offer.get("expired_on"),
        posted_at=offer.get("last_released_at"),
        client_id=None if user_id is None else str(user_id),
        client_name=username,
        description=offer.get("description_digest"),
        tags=tags,
        status=offer.get("status"),
        extra={k: v for k, v in extra.items() if v not in (None, [], {})},
        **fields,
    )


def _job_url(page_url: str, listing_id: object) -> str:
    return urljoin(page_url, sel.JOB_PATH.format(id=listing_id))


def parse_list_payload(payload: dict[str, Any], page_url: str) -> ListPage:
    """The decoded container of one list page → its listings and the next page's URL."""
    result = payload.get(sel.RESULT_KEY)
    if not isinstance(result, dict):
        raise LayoutChanged(f"no `{sel.RESULT_KEY}` object in the list JSON")
    offers, page = result.get(sel.MAIN_LIST), result.get("page")
    if not isinstance(offers, list):
        raise LayoutChanged(f"`{sel.RESULT_KEY}.{sel.MAIN_LIST}` is not a list")
    try:
        current, total = int(page["current_page"]), int(page["total_page"])
    except (KeyError, TypeError, ValueError):
        # Without the page object the set could never be known complete: refuse the page.
        raise LayoutChanged(f"`{sel.RESULT_KEY}.page` has no usable current_page/total_page: {page!r}") from None
    gigs: dict[str, Gig] = {}
    skipped: Counter[str] = Counter()
    sources: list[tuple[Any, str | None]] = [(entry, None) for entry in offers]
    for slot in sel.PR_SLOTS:
        entries = result.get(slot) or []
        if not isinstance(entries, list):
            skipped["unparseable_pr_slot"] += 1
            log.warning("crowdworks %s on %s is not a list: %r", slot, page_url, entries)
            continue
        sources += [(entry, slot.removeprefix("pr_")) for entry in entries]
    for entry, pr_slot in sources:
        try:
            gig = entry_gig(entry, page_url, pr_slot)
        except (UnparseableEntry, KeyError, TypeError, AttributeError) as error:
            skipped["unparseable_entry"] += 1
            log.warning("crowdworks entry on %s rejected: %s", page_url, error)
            continue
        known = gigs.get(gig.listing_id)
        if known is None:
            gigs[gig.listing_id] = gig
        elif pr_slot is not None:
            # A paid slot repeating a listing of the page: one listing, marked as promoted.
            skipped["pr_duplicate"] += 1
            known.tags = list(dict.fromkeys([*known.tags, "promoted"]))
            known.extra.setdefault("pr_slot", pr_slot)
        else:
            skipped["duplicate"] += 1
    next_url = add_or_replace_parameter(page_url, sel.PAGE_PARAM, str(current + 1)) if current < total else None
    return ListPage(list(gigs.values()), next_url=next_url, page=current, total_pages=total, skipped=skipped)


# ----- detail pages (pure) ------------------------------------------------------------------------
# Compiled once, run on a bare lxml tree: a job page is small, and parsel's per-call overhead (a
# Selector per node, a CSS translation per call) cost as much as lxml's parse (BENCHMARKS.md).
def _xpath(css: str) -> etree.XPath:
    return etree.XPath(HTMLTranslator().css_to_xpath(css))


_WRAPPER = _xpath(sel.DETAIL_WRAPPER)
_TITLE = _xpath(sel.TITLE)
_SUBTITLE = _xpath(sel.TITLE_SUBTITLE)
_TITLE_TEXT = etree.XPath(
    ".//text()[not(ancestor::span[contains(concat(' ', normalize-space(@class), ' '), ' subtitle ')])]")
_CRUMBS = _xpath(sel.BREADCRUMB_LINKS)
_SUMMARY_ROWS = _xpath(sel.SUMMARY_ROWS)
_STATUS_ROWS = _xpath(sel.STATUS_ROWS)
_DESCRIPTION = _xpath(sel.DESCRIPTION)
_CLIENT_DATA = _xpath(sel.CLIENT_DATA)
_CLIENT_NAME = _xpath(sel.CLIENT_NAME_FALLBACK)
_CANONICAL = _xpath(sel.CANONICAL)
_BODY_TEXT = etree.XPath("//body//text()")
_CLOSED = etree.XPath("//body//text()[contains(., $text)]"
                      "[not(ancestor::td[contains(@class, 'confirm_outside_link')])]")


def _root(page: Any) -> Any:
    """The lxml element of a parsel Selector, or the element itself."""
    return getattr(page, "root", page)


def _string(node: Any) -> str:
    return "".join(node.itertext()) if isinstance(node.tag, str) else str(node)


def _text(node: Any) -> str:
    return " ".join(_string(node).split())


def _rows(rows: list[Any]) -> list[tuple[str, str]]:
    out = []
    for row in rows:
        th, td = row.find(".//th"), row.find(".//td")
        if th is not None and td is not None:
            out.append((_text(th), _string(td).strip()))
    return out


def description_text(cell: Any) -> str:
    """The description cell as text: <br> are the line breaks, source newlines after them are not."""
    return _element_text(_root(cell)).strip()


def _element_text(element: Any) -> str:
    parts = [element.text or ""]
    for child in element:
        tail = child.tail or ""
        if child.tag == "br":
            parts.append("\n")
            tail = _LEADING_NEWLINE.sub("", tail, count=1)
        elif isinstance(child.tag, str):  # not a comment or processing instruction
            parts.append(_element_text(child))
            if child.tag in _BLOCKS:
                parts.append("\n")
        parts.append(tail)
    return "".join(parts)


def _title(root: Any) -> tuple[str, str | None]:
    heading = _TITLE(root)
    if not heading:
        raise LayoutChanged(f"no job title ({sel.TITLE})")
    subtitle = _SUBTITLE(heading[0])
    title = " ".join("".join(_TITLE_TEXT(heading[0])).split())
    category = _text(subtitle[0]).removesuffix(sel.SUBTITLE_SUFFIX) if subtitle else None
    return title, category or None


def _breadcrumb(root: Any) -> dict[str, str]:
    found = {}
    for link in _CRUMBS(root):
        href, name = link.get("href", ""), _text(link).removesuffix(sel.BREADCRUMB_SUFFIX)
        if sel.CATEGORY_LINK in href:
            found["category"] = name
            found["category_path"] = href
        elif sel.GROUP_LINK in href:
            found["group"] = name
    return found


def client_fields(page: Any, notes: list[str]) -> dict[str, Any]:
    """The client's facts from the JSON container, or from the visible texts when it is malformed."""
    root = _root(page)
    data = _CLIENT_DATA(root)
    if not data:
        notes.append("client_missing")
        return {}
    try:
        client = json.loads(str(data[0]))
        if not isinstance(client, dict):
            raise ValueError("not an object")
    except ValueError:
        notes.append("client_json_invalid")
        return _client_from_texts(root)
    user_id = client.get("userId")
    extra = {
        "client_rule_checked": client.get("isEmployerRuleCheckSucceeded"),
        "client_certified": client.get("isCertifiedEmployer"),
        "client_official": client.get("isOfficiallyRecognizedAccount"),
        "client_thanks": client.get("userThanksCount"),
        "client_resigned": client.get("isResigned"),
        "client_profile": client.get("companyProfileDescription"),
    }
    return {
        "client_id": None if user_id is None else str(user_id),
        "client_name": client.get("userDisplayName"),
        "client_rating": client.get("averageScore"),  # 0.0 = no rating yet; normalize makes it NULL
        "client_orders": client.get("jobOfferAchievementCount"),
        "client_completion_rate": client.get("projectFinishedRate"),
        "client_verified": client.get("isIdentityVerified"),
        "extra": {k: v for k, v in extra.items() if v is not None},
    }


def _client_from_texts(root: Any) -> dict[str, Any]:
    text = " ".join(str(t) for t in _BODY_TEXT(root))
    names = _CLIENT_NAME(root)
    fields: dict[str, Any] = {"client_name": str(names[0]) if names else None, "extra": {}}
    for label, value in sel.VERIFIED_TEXTS.items():
        if label in text:
            fields["client_verified"] = value
    for label, value in sel.RULE_CHECK_TEXTS.items():
        if label in text:
            fields["extra"]["client_rule_checked"] = value
    if match := sel.ORDERS_TEXT.search(text):
        fields["client_orders"] = match.group(1)
    if match := sel.COMPLETION_TEXT.search(text):
        fields["client_completion_rate"] = match.group(1)
    return {k: v for k, v in fields.items() if v is not None}


def detail_gig(page: Any, listing_id: str, url: str) -> tuple[Gig, list[str]]:
    """Everything a job page shows (a parsel Selector or an lxml root), as a raw Gig, plus notes on
    what was odd (for the crawl stats)."""
    root = _root(page)
    if not _WRAPPER(root):
        raise LayoutChanged(f"not a job page: no {sel.DETAIL_WRAPPER}")
    notes: list[str] = []
    title, subtitle_category = _title(root)
    crumbs = _breadcrumb(root)
    gig = Gig(site=SITE, listing_id=listing_id, url=url, title=title,
              category=crumbs.get("category") or subtitle_category)
    extra: dict[str, Any] = {"category_group": crumbs.get("group"), "category_path": crumbs.get("category_path")}
    other: dict[str, str] = {}
    for label, value in _rows(_SUMMARY_ROWS(root)):
        if label == sel.POSTED_LABEL:
            gig.posted_at = value
        elif label == sel.DEADLINE_LABEL:
            gig.deadline = value
        elif label == sel.DELIVERY_LABEL:
            extra["delivery_date"] = None if value.strip("-– ") == "" else value
        elif PayType.from_label(label) is not None and gig.pay_type is None:
            gig.pay_type, gig.price_text = label, value
        else:
            other[label] = value
    if gig.pay_type is None:
        notes.append("payment_missing")
    for label, value in _rows(_STATUS_ROWS(root)):
        if label in sel.STATUS_FIELDS:
            setattr(gig, sel.STATUS_FIELDS[label], value)
        elif label == sel.FAVORITES_LABEL:
            extra["favorites"] = value
        else:
            other[label] = value
    cell = _DESCRIPTION(root)
    if cell:
        gig.description = description_text(cell[0])
    else:
        notes.append("description_missing")
    client = client_fields(root, notes)
    extra.update(client.pop("extra", {}))
    for name, value in client.items():
        setattr(gig, name, value)
    if _CLOSED(root, text=sel.CLOSED_TEXT):
        gig.status = "募集終了"
    if other:
        extra["detail_rows"] = other
    gig.extra = {k: v for k, v in extra.items() if v not in (None, "", {})}
    return gig, notes


def detail_listing_id(page: Any, url: str) -> str | None:
    canonical = _CANONICAL(_root(page))
    for candidate in (str(canonical[0]) if canonical else None, url):
        match = sel.JOB_PATH_ID.search(candidate or "")
        if match:
            return match.group(1)
    return None


# ----- the spider ---------------------------------------------------------------------------------
FEE_PAGE = "https://crowdworks.jp/pages/guides/employee/fee"
# Tiers on the tax-inclusive contract amount, plus tax on the fee; the task format a flat 20%.
# C = 10,000円 → T 11,000 − (2,200 + 220) = 8,580円 (the fee page's own example).
FEES = FeeSchedule(
    rules=(
        FeeRule(SITE, "tier1_rate", 0.20, None, FEE_PAGE + " (10万円以下の部分)", True),
        FeeRule(SITE, "tier1_limit_yen", 100_000, None, FEE_PAGE, True),
        FeeRule(SITE, "tier2_rate", 0.10, None, FEE_PAGE + " (10万円超20万円以下の部分)", True),
        FeeRule(SITE, "tier2_limit_yen", 200_000, None, FEE_PAGE, True),
        FeeRule(SITE, "tier3_rate", 0.05, None, FEE_PAGE + " (20万円超の部分)", True),
        FeeRule(SITE, "task_rate", 0.20, date(2017, 6, 1),
                FEE_PAGE + " (タスク形式); free 2015-10 → 2017-06-01, crowdworks.co.jp/news/0007152", True),
    ),
    tiers=(("tier1_rate", "tier1_limit_yen"), ("tier2_rate", "tier2_limit_yen"), ("tier3_rate", None)),
    pay_type_rates={"task": "task_rate"},
    fee_on_total=True,
)


class CrowdWorksSpider(ListingSpider):
    name = SITE
    label = N_("CrowdWorks")  # translated where shown (tanka.sites.label)
    base_urls: ClassVar[dict[str, str]] = {"CROWDWORKS_BASE_URL": "https://crowdworks.jp"}
    base_url_setting = "CROWDWORKS_BASE_URL"
    fees = FEES
    # Counts that grow every day without the listing itself changing: no reason to fetch its page
    # again (the list JSON already carries them, and snapshots still record every change).
    unhashed_fields: ClassVar[tuple[str, ...]] = ("applicants", "contracts")
    # The list shows a 120-character digest; the job page the whole text.
    detail_fields: ClassVar[tuple[str, ...]] = ("description",)
    login_paths: ClassVar[tuple[str, ...]] = ("/login",)
    list_kinds: ClassVar[dict[str, str | None]] = {"new": None, "category": "249", "keyword": "データ入力"}
    # One request at a time, 10 s apart: the strictest Crawl-delay in crowdworks.jp/robots.txt (§9).
    custom_settings: ClassVar[dict[str, Any]] = {
        "DOWNLOAD_DELAY": 10,
        "RANDOMIZE_DOWNLOAD_DELAY": False,
        "AUTOTHROTTLE_START_DELAY": 10,
        "CONCURRENT_REQUESTS": 1,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
    }

    def list_url(self, kind: str, value: str | None) -> str:
        query = list(sel.LIST_QUERY)
        if kind == "new" and not value:
            path = sel.SEARCH_PATH
        elif kind == "category" and value and value.isdigit():
            path = sel.CATEGORY_PATH.format(id=value)
        elif kind == "keyword" and value and value.strip():
            path = sel.SEARCH_PATH
            query.append((sel.KEYWORD_PARAM, value.strip()))
        else:
            raise ValueError(f"unknown CrowdWorks listing set {kind!r}:{value!r} "
                             "(use new, category:<number> or keyword:<word>)")
        return f"{self.base_url}{path}?{urlencode(query)}"

    def parse_list(self, response: Response) -> ListPage:
        return parse_list_payload(list_payload(response), response.url)

    def detail_request(self, gig: Gig) -> scrapy.Request | None:
        if "limited" in gig.tags:
            # Login-only listings: the page would be a login form. Keep the list values.
            self._note("detail/unavailable/login_required")
            gig.detail_status = DetailStatus.UNAVAILABLE
            return None
        return scrapy.Request(gig.url or _job_url(self.base_url + "/", gig.listing_id))

    def parse_detail(self, response: Response, gig: Gig | None) -> Gig:
        if not isinstance(response, TextResponse) or _is_json(response):
            raise LayoutChanged("not a job page: not HTML")
        # The lxml tree alone: a Scrapy Selector would also work out the page's base URL, unused here.
        page = create_root_node(response.text, html.HTMLParser)
        listing_id = gig.listing_id if gig else detail_listing_id(page, response.url)
        if listing_id is None:
            raise LayoutChanged("no job id in the canonical link or the URL")
        detail, notes = detail_gig(page, listing_id, gig.url if gig and gig.url else response.url)
        for note in notes:
            self._note(f"detail/{note}")
            log.warning("crowdworks job %s: %s", listing_id, note.replace("_", " "))
        if gig is not None:
            # The list knows the finer values: the exact release time and the pay format
            # (記事単価 and タスク listings may show a generic label on the job page).
            if gig.posted_at and detail.posted_at:
                detail.extra["published_on"] = detail.posted_at
                detail.posted_at = None
            if gig.pay_type:
                detail.extra["payment_label"] = detail.pay_type
                detail.pay_type = None
        return detail

    def page_kind(self, response: Response) -> str | None:
        if not isinstance(response, TextResponse):
            return None
        try:
            payload = list_payload(response)
        except LayoutChanged:
            payload = None
        if payload is not None and isinstance(payload.get(sel.RESULT_KEY), dict):
            return "list"
        if _is_json(response):
            return None
        return "detail" if response.css(sel.DETAIL_WRAPPER) else None

    def saved_page_url(self, path: Path) -> str:
        match = sel.SAVED_DETAIL_FILE.match(Path(path).name)
        if match:
            return self.base_url + sel.JOB_PATH.format(id=match.group(1))
        return self.base_url + sel.JOBS_PATH

    def _note(self, key: str) -> None:
        crawler = getattr(self, "crawler", None)
        if crawler is not None and crawler.stats is not None:
            crawler.stats.inc_value(f"tanka/{key}")
