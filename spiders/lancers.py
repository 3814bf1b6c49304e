"""Lancers: the public work search and the anonymous detail pages (../shared/docs/sites/lancers.md).

Listing sets (``-a lists=…`` or the LANCERS_LISTS setting), all open work, newest first:

* ``new`` — ``/work/search?open=1&sort=started``
* ``category:<path>`` — ``/work/search/<path>?open=1&sort=started`` (``writing``, ``task/input`` …)
* ``keyword:<word>`` — ``/work/search?keyword=<word>&open=1&sort=started``

What becomes of each card of the result list (the 新着の仕事 sidebar is never read):

* a work card (``goToLjpWorkDetail``) → one `Gig`;
* an agency job ad (``data-external-modal``) or an onsite 求人 (``goToLjpJobDetail``) → not a gig,
  counted as ``tanka/list/skipped/agency_ad`` / ``onsite_job``;
* a PR card repeating a listing already read on the page, or earlier in the same crawl of the set,
  → one gig tagged ``promoted``, the repeat counted as ``skipped/pr_duplicate``.

Decisions:

* 限定公開 listings are kept with what the card shows, placeholder title 「限定公開の仕事」
  included, and tagged ``limited``: filter on the tag, not the title. Their detail page needs a
  login, so it is not requested.
* Title badges become tanka's markers (急募 → ``urgent``, 限定公開 → ``limited``, PR → ``promoted``);
  提案非公開, 当選保証, 生成AI使用可, 初回 … are kept as printed; NEW is dropped (it only says the
  listing is young, and it goes away without the listing changing).
* Counts, client figures and the remaining time change without the listing changing: they are
  left out of the fingerprint, so they neither trigger a detail fetch nor stop the early stop.
  They are still stored on every sighting.
* A card that prints the site's own 文字単価 beside the budget (``~ 5,000 円 / 固定 0.33 円 / 文字``)
  gives it as ``yen_per_char`` ("0.33"); ``price_text`` keeps the whole display.
* A detail page is read in either layout (the anonymous client view, or the newer lancer view
  with dates, 提案状況 and the client box) and yields its own listing only: the related-job cards
  the newer layout holds are other listings and are never read.
* Lancers' error page (the 404 "お探しのページへたどり着く事ができませんでした") is a failure with
  reason ``not_found`` (other error statuses: ``error_page``), never an empty result: the listing
  set is left incomplete.
"""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import quote, urljoin, urlsplit

import scrapy
from lxml import html
from parsel import Selector, SelectorList
from scrapy.http import Response, TextResponse

from spiders import lancers_selectors as css
from spiders.base import LayoutChanged, ListingSpider, ListPage
from tanka.i18n import N_
from tanka.items import Gig, Status
from tanka.normalize.text import html_to_text
from tanka.scoring.fees import FeeRule, FeeSchedule

log = logging.getLogger(__name__)
SITE = "lancers"

PROMOTED, URGENT, LIMITED = "promoted", "urgent", "limited"
LIMITED_TITLE = "限定公開の仕事"
# Title badges by class suffix (and by text, should the class change): None = not kept.
BADGE_MARKERS: dict[str, str | None] = {"new": None, "hurry": URGENT, "limited": LIMITED, "top": PROMOTED,
                                        "middle": PROMOTED}
BADGE_TEXT_MARKERS: dict[str, str | None] = {"NEW": None, "急募": URGENT, "限定公開": LIMITED, "PR": PROMOTED}
# Card counts: label → (field of the first number, field of the second).
COUNT_FIELDS = {"当選者数": ("contracts", None), "募集人数": ("slots", None), "提案数": ("applicants", None),
                "作業数": ("applicants", "slots")}
SUBNOTE_FIELDS = {"発注": "client_orders", "評価": "client_rating"}
# Detail page: the 見積もり募集の結果 columns.
SUMMARY_FIELDS = {"提案数": "applicants", "当選人数": "contracts", "当選者数": "contracts"}
# Detail page, newer layout: the 提案状況 counts, the schedule, the client's feedback.
PROPOSAL_STATUS_FIELDS = {"提案数": "applicants"}
PROPOSAL_STATUS_EXTRA = {"閲覧数": "view_count", "お気に入り": "favorites", "進行中": "in_progress",
                         "完了数": "completed"}
SCHEDULE_FIELDS = {"開始": "posted_at", "締切": "deadline"}
SCHEDULE_EXTRA = {"希望納期": "delivery_date"}
LISTING_NUMBER = re.compile(r"依頼番号\s*[:：]\s*(\d+)")
ADDENDUM_PREFIX = "追記"  # newer layout: "追記 <date>" terms
# Units after the slash seen on real work cards (fixed project, per task item, the site's own
# 文字単価 beside a budget); 時間 and 月 exist as payment methods but were never seen on a card.
KNOWN_PRICE_UNITS = {"固定", "件", "文字"}
_PRICE_UNIT = re.compile(r"/\s*([^\s/\d]+)")
_YEN_PER_CHAR = re.compile(r"((?:\d[\d,]*(?:\.\d+)?\s*[~〜～]\s*)?\d[\d,]*(?:\.\d+)?)\s*円\s*/\s*文字")
_CLIENT_ID_SUFFIX = r"\s*[(（]\s*{}\s*[)）]\s*$"
_RECRUITING = re.compile(r"募集人数\s*([\d,]+)\s*人")
_BR = re.compile(r"<br\s*/?>[ \t]*(?:\r\n|\n|\r)?", re.IGNORECASE)
SAVED_DETAIL_FILE = re.compile(r"detail_(\d+)")


NOTICE, FAQ = "https://info.lancers.jp/28688", "https://www.lancers.jp/faq/A1034/945"
# 15% of the pre-tax amount plus tax on the fee (16.5%): 10,000円 → 11,000 − 1,650 = 9,350円 (FAQ).
# Whether the 15% is of the pre-tax or the tax-inclusive amount is an open question (DOMAIN.md
# §1.3): `lancers_fee_base = "tax_incl"` in [fees] gives a blog's reading, 9,185円.
FEES = FeeSchedule(
    rules=(FeeRule(SITE, "rate", 0.15, date(2022, 10, 1), f"{NOTICE} (一律16.5%(税込)); {FAQ} (税抜の15%, 税込16.5%)",
                   True),),
    fee_base_setting="lancers_fee_base",
)


class LancersSpider(ListingSpider):
    name = SITE
    label = N_("Lancers")  # translated where shown (tanka.sites.label)
    base_urls: ClassVar[dict[str, str]] = {"LANCERS_BASE_URL": "https://www.lancers.jp"}
    base_url_setting = "LANCERS_BASE_URL"
    fees = FEES
    stop_when_unchanged = True
    unhashed_fields = ("deadline", "applicants", "contracts", "client_orders", "client_rating")
    detail_fields = ("description",)  # the card's text is cut at about 100 characters
    login_paths = (css.LOGIN_PATH,)
    list_kinds: ClassVar[dict[str, str | None]] = {"new": None, "category": "task/input", "keyword": "データ入力"}
    # lancers.md §7: logged out, one request at a time, at least 5 s apart (the mirror overrides this).
    custom_settings: ClassVar[dict[str, Any]] = {
        "DOWNLOAD_DELAY": 5, "AUTOTHROTTLE_START_DELAY": 5,
        "CONCURRENT_REQUESTS": 1, "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._read: dict[str, dict[str, bool]] = {}  # scope → listing id → read from a PR card

    def list_url(self, kind: str, value: str | None) -> str:
        query = "open=1&sort=started"
        if kind == "new" and not value:
            return f"{self.base_url}/work/search?{query}"
        if kind == "category" and value and re.fullmatch(r"[a-z0-9_]+(/[a-z0-9_]+){0,2}", value):
            return f"{self.base_url}/work/search/{value}?{query}"
        if kind == "keyword" and value:
            return f"{self.base_url}/work/search?keyword={quote(value)}&{query}"
        raise ValueError("Lancers listing sets are new, category:<path like task/input>, keyword:<word>")

    def parse_list(self, response: Response) -> ListPage:
        page = parse_search_page(page_selector(response.text), response.url, self.base_url)
        scope = response.meta.get("scope") if response.request is not None else None
        if scope:
            self._drop_repeats(page, scope)
        return page

    def _drop_repeats(self, page: ListPage, scope: str) -> None:
        """A PR card shows on page 1 a listing that also sits, unpromoted, on a later page.

        Dropped here rather than by the base spider's repeat check, so that the repeat (hashed
        without its PR tag) neither keeps its page from counting as unchanged nor loses its name.
        """
        read = self._read.setdefault(scope, {})
        kept = []
        for gig in page.gigs:
            if gig.listing_id in read:
                promoted = read[gig.listing_id] or PROMOTED in gig.tags
                page.skipped["pr_duplicate" if promoted else "repeated"] += 1
                continue
            read[gig.listing_id] = PROMOTED in gig.tags
            kept.append(gig)
        page.gigs = kept

    def detail_request(self, gig: Gig) -> scrapy.Request | None:
        if LIMITED in gig.tags or not gig.url:
            return None
        return scrapy.Request(gig.url)

    def parse_detail(self, response: Response, gig: Gig | None) -> Gig:
        return parse_detail_page(page_selector(response.text), response.url, self.base_url, gig)

    def page_kind(self, response: Response) -> str | None:
        if not isinstance(response, TextResponse):
            return None
        sel = Selector(text=response.text)
        if error_page(sel):  # read as what was asked for, so that parsing says what went wrong
            return "detail" if css.DETAIL_ID.search(urlsplit(response.url).path) else "list"
        if sel.css(css.DETAIL_ROOT):  # before the cards: the newer detail layout holds related-job cards
            return "detail"
        if sel.css(css.CARD) or sel.css(css.RESULT_CONTAINER):
            return "list"
        return None

    def saved_page_url(self, path: Path) -> str:
        match = SAVED_DETAIL_FILE.match(Path(path).name)
        if match:
            return f"{self.base_url}/work/detail/{match.group(1)}"
        return self.base_url + "/work/search"


# One HTML parser, made once: parsel's Selector(text=…) makes a parser per page, which cost as much as
# reading a small page (BENCHMARKS.md).
_PARSER = html.HTMLParser(recover=True)


def page_selector(text: str) -> Selector:
    """A page as a parsel Selector, parsed by the shared parser."""
    body = text.strip().replace("\x00", "")
    if not body:
        return Selector(text=text)
    return Selector(root=html.document_fromstring(body, parser=_PARSER), type="html")


# ----- search pages ----------------------------------------------------------------------------------
def _text(parts: list[str] | SelectorList) -> str | None:
    """Text nodes joined, whitespace collapsed; None when empty."""
    if isinstance(parts, SelectorList):
        parts = parts.getall()
    joined = " ".join(" ".join(parts).split())
    return joined or None


def _refused(sel: Selector, url: str) -> bool:
    return urlsplit(url).path.startswith(css.LOGIN_PATH) or bool(sel.css(css.LOGIN_FORM))


def _error_root(sel: Selector) -> tuple[Selector, str] | None:
    for candidate in sel.xpath(css.ERROR_ROOT):
        status = css.ERROR_STATUS.search(candidate.attrib.get("class", ""))
        if status:
            return candidate, status.group(1)
    return None


def _error_reason(status: str) -> str:
    return "not_found" if status in ("404", "410") else "error_page"


def error_page(sel: Selector) -> tuple[str, str] | None:
    """(reason, status) when the page is Lancers' error page: ("not_found", "404"); else None."""
    found = _error_root(sel)
    return (_error_reason(found[1]), found[1]) if found else None


def _raise_if_error_page(sel: Selector, url: str) -> None:
    found = _error_root(sel)
    if found:
        root, status = found
        heading = _text(root.css(css.ERROR_HEADING)) or ""
        raise LayoutChanged(f"Lancers answered {url} with its error page ({status} {heading})".strip(),
                            reason=_error_reason(status))


def result_cards(sel: Selector) -> SelectorList:
    """The cards of the result list only: never the sidebar, which reuses the card classes."""
    lists = sel.css(css.CARD_LIST)
    if lists:
        return lists.css(css.CARD)
    return sel.xpath(f"//div[contains(concat(' ', normalize-space(@class), ' '), ' {css.CARD_CLASS} ')]"
                     f"[not(ancestor::div[contains(@class, '{css.SIDEBAR}')])]")


def _declared_items(sel: Selector) -> int:
    """How many items the result list's `data-items` names (0 when absent or unreadable)."""
    try:
        items = json.loads(sel.css(css.RESULT_CONTAINER).attrib.get("data-items", "[]"))
    except ValueError:
        return 0
    return len(items) if isinstance(items, list) else 0


def card_kind(card: Selector) -> str:
    """"work", "agency_ad", "onsite_job" or "unknown"."""
    onclick = card.attrib.get("onclick", "")
    if card.attrib.get(css.AGENCY_ATTRIBUTE) is not None:
        return "agency_ad"
    if css.ONSITE_ONCLICK.search(onclick) or card.css(f"a[href*='{css.ONSITE_LINK}']"):
        return "onsite_job"
    if css.WORK_ONCLICK.search(onclick):
        return "work"
    return "unknown"


def parse_search_page(sel: Selector, url: str, base_url: str) -> ListPage:
    """Every work listing of one search page, the next page, and the cards left out (pure)."""
    if _refused(sel, url):
        raise LayoutChanged("Lancers answered with its login form: the anonymous request was refused",
                            reason="login_redirect")
    _raise_if_error_page(sel, url)
    if sel.css(css.DETAIL_ROOT):
        # Its related-job cards are not a result list: reading them would store other listings.
        raise LayoutChanged(f"a job detail page where a search page was expected ({url})")
    cards = result_cards(sel)
    if not cards and not sel.css(css.RESULT_CONTAINER):
        raise LayoutChanged("no job card and no search result list (main[data-items]) on the page")
    if not cards and _declared_items(sel):
        # The result list names its items, but none is a card we know: not an empty result.
        raise LayoutChanged(f"main[data-items] lists {_declared_items(sel)} items but the page has no card")
    gigs: dict[str, Gig] = {}
    skipped: Counter[str] = Counter()
    for card in cards:
        kind = card_kind(card)
        if kind != "work":
            skipped[kind] += 1
            if kind == "unknown":
                log.warning("%s: a card of unknown kind (class %r) was left out", url, card.attrib.get("class"))
            continue
        try:
            gig = parse_card(card, base_url)
        except LayoutChanged as error:
            skipped["malformed_card"] += 1
            log.warning("%s: a work card was left out: %s", url, error)
            continue
        if gig.listing_id in gigs:
            skipped["pr_duplicate" if PROMOTED in {*gig.tags, *gigs[gig.listing_id].tags} else "repeated"] += 1
            gigs[gig.listing_id] = _combine(gigs[gig.listing_id], gig)
        else:
            gigs[gig.listing_id] = gig
    if cards and not gigs and skipped["unknown"] + skipped["malformed_card"] == len(cards):
        raise LayoutChanged(f"none of the {len(cards)} cards is a work card, an agency ad or an onsite job")
    return ListPage(list(gigs.values()), next_url=_next_url(sel, url), page=_current_page(sel), skipped=skipped)


def _combine(first: Gig, second: Gig) -> Gig:
    """A listing shown twice on one page: keep the regular card (PR cards hide the time left)."""
    base, other = (second, first) if PROMOTED in first.tags and PROMOTED not in second.tags else (first, second)
    base.tags = list(dict.fromkeys([*base.tags, *other.tags]))
    return base


def _next_url(sel: Selector, url: str) -> str | None:
    following = sel.css(css.PAGER_NEXT)
    if not following or css.DISABLED_CLASS in following[0].attrib.get("class", "").split():
        return None
    href = following.css("a::attr(href)").get()
    return urljoin(url, href) if href else None


def _current_page(sel: Selector) -> int | None:
    text = _text(sel.css(css.PAGER_CURRENT).getall()[:1])
    return int(text) if text and text.isdigit() else None


def parse_card(card: Selector, base_url: str) -> Gig:
    """One work card → a raw Gig (values as printed)."""
    listing_id = css.WORK_ONCLICK.search(card.attrib.get("onclick", "")).group(1)
    title_link = card.css(css.TITLE_LINK)
    if not title_link:
        raise LayoutChanged(f"work card {listing_id} has no title link ({css.TITLE_LINK})")
    gig = Gig(site=SITE, listing_id=listing_id, url=f"{base_url}/work/detail/{listing_id}",
              title=_text(title_link[0].xpath("./text()")))
    classes = set(card.attrib.get("class", "").split())
    gig.tags = [*_badge_tags(title_link[0], classes, gig.title), *_feature_tags(card)]
    _read_divisions(card, gig)
    gig.pay_type = _work_type(card)
    gig.price_text = _text(card.css(f"{css.PRICE} ::text"))
    _read_price_units(gig)
    gig.status = _text(card.css(css.TIME_TEXT))
    gig.deadline = _text(card.css(css.TIME_REMAINING))
    _read_counts(card, gig)
    _read_client(card, gig)
    described = card.css(css.DESCRIPTION) or card.xpath(css.DESCRIPTION_PLAIN)
    description = "".join(described[:1].css("::text").getall()).strip()
    gig.description = description or None
    return gig


def _read_price_units(gig: Gig) -> None:
    """The site's own 文字単価, and a warning for any unit never seen on a real card."""
    text = gig.price_text or ""
    per_char = _YEN_PER_CHAR.search(text)
    gig.yen_per_char = per_char.group(1) if per_char else None
    for unit in _PRICE_UNIT.findall(text):
        if unit not in KNOWN_PRICE_UNITS:
            log.warning("lancers %s: price unit %r never seen on a real card (%r); check how it is read",
                        gig.listing_id, unit, text)


def _badge_tags(title_link: Selector, classes: set[str], title: str | None) -> list[str]:
    tags: list[str | None] = []
    for badge in title_link.css(css.TITLE_TAG):
        text = _text(badge.css("::text"))
        kind = css.TITLE_TAG_KIND.search(badge.attrib.get("class", ""))
        if kind and kind.group(1) in BADGE_MARKERS:
            tags.append(BADGE_MARKERS[kind.group(1)])
        elif text in BADGE_TEXT_MARKERS:
            tags.append(BADGE_TEXT_MARKERS[text])
        else:
            tags.append(text)
    if classes & css.PR_CLASSES:
        tags.append(PROMOTED)
    if css.URGENT_CLASS in classes:
        tags.append(URGENT)
    if title == LIMITED_TITLE:
        tags.append(LIMITED)
    return [t for t in dict.fromkeys(tags) if t]


def _feature_tags(card: Selector) -> list[str]:
    """初心者OK, 継続依頼あり … and the requirements (本人確認が必要, レギュラーランク以上が必要)."""
    return [t for t in (_text(li.css("::text")) for li in card.css(css.FEATURE_TAG)) if t]


def _read_divisions(card: Selector, gig: Gig) -> None:
    for division in card.css(css.DIVISION):
        link = division.css(css.DIVISION_LINK)
        if link:
            gig.category = _text(link.css("::text"))
            path = css.CATEGORY_PATH.search(link.attrib.get("href", ""))
            if path:
                gig.extra["category_path"] = path.group(1)
        elif _text(division.css("::text")):
            gig.extra["industry"] = _text(division.css("::text"))


def _work_type(card: Selector) -> str | None:
    badge = card.css(css.WORK_TYPE_BADGE)
    if not badge:
        return None
    text = _text(badge.css(css.WORK_TYPE_TEXT))
    suffix = css.WORK_TYPE_CLASS.search(badge[0].attrib.get("class", ""))
    return text or (suffix.group(1) if suffix else None)


def _read_counts(card: Selector, gig: Gig) -> None:
    for em in card.css(css.COUNT):
        label = _text(em.xpath("./span[1]//text()"))
        numbers = [n.strip() for n in em.css(css.COUNT_NUMBER).getall()]
        fields = COUNT_FIELDS.get(label or "")
        if fields is None:
            gig.extra.setdefault("counts", {})[label or "?"] = " / ".join(numbers)
            log.info("lancers %s: unknown count %r kept in extra.counts", gig.listing_id, label)
            continue
        for name, number in zip(fields, numbers, strict=False):
            if name:
                setattr(gig, name, number)


def _read_client(card: Selector, gig: Gig) -> None:
    link = card.css(css.CLIENT_LINK)
    if link:
        gig.client_name = _text(link.css("::text"))
        path = css.CLIENT_PATH.search(link.attrib.get("href", ""))
        gig.client_id = path.group(1) if path else None
    for note in card.css(css.CLIENT_SUBNOTE):
        label = _text(note.xpath("./text()"))
        value = _text(note.css("strong::text"))
        if label in SUBNOTE_FIELDS:
            setattr(gig, SUBNOTE_FIELDS[label], value)
        elif label:
            gig.extra.setdefault("client_notes", {})[label] = value
    # The badge's absence does not prove the client unverified: unknown stays None.
    gig.client_verified = True if card.css(css.CLIENT_VERIFIED) else None


# ----- detail page -----------------------------------------------------------------------------------
def detail_id(sel: Selector, url: str) -> str:
    for candidate in (sel.css(css.CANONICAL).get(), sel.css(css.OG_URL).get(), url):
        match = css.DETAIL_ID.search(candidate or "")
        if match:
            return match.group(1)
    raise LayoutChanged("no /work/detail/<id> in the page's canonical URL, og:url or address")


def _block_text(fragment: str | None) -> str | None:
    """A description cell: <br> ends a line, and the newline the markup puts after it is not another."""
    return html_to_text(_BR.sub("\n", fragment)) if fragment else None


def parse_detail_page(sel: Selector, url: str, base_url: str, gig: Gig | None) -> Gig:
    """What a detail page adds to its listing, in either layout (pure).

    The anonymous client view shows full text, counts, industry and budget, but no client and no
    dates: those stay unset so the card's values stand. The newer lancer view adds the dates
    (開始, 締切 as an absolute time), 提案状況 (閲覧数 …) and the client box (name, checks, 発注率).
    Only the page's own listing is read, never the related-job cards the newer layout also holds.
    """
    if _refused(sel, url):
        raise LayoutChanged("the detail page is the login form", reason="login_redirect")
    if css.RESTRICTED_TITLE in (sel.css("title::text").get() or ""):
        raise LayoutChanged("the detail page needs a login (閲覧制限)", reason="login_required")
    _raise_if_error_page(sel, url)
    roots = sel.css(css.DETAIL_ROOT)
    if not roots:
        raise LayoutChanged(f"not a Lancers detail page (no {css.DETAIL_ROOT})")
    root = roots[0]
    listing_id = gig.listing_id if gig else detail_id(sel, url)
    card_price = gig.price_text if gig else None
    out = Gig(site=SITE, listing_id=listing_id, url=f"{base_url}/work/detail/{listing_id}")
    out.title = _text([sel.css(css.OG_TITLE).get() or ""]) or _heading_title(root)
    _read_breadcrumb(root, out)
    _read_heading(root, out)
    _read_summary(root, out, card_price)
    _read_detail_tags(root, out)
    _read_schedule(root, out)
    _read_proposal_status(root, out)
    _read_client_box(root, out)
    _read_definitions(root, out, card_price)
    if out.description is None and out.applicants is None and out.slots is None and not out.extra.get("detail_budget"):
        raise LayoutChanged(f"detail page {listing_id} shows neither 依頼概要 nor the summary table it should")
    return out


def _heading_title(root: Selector) -> str | None:
    heading = _text(root.css(css.HEADING).xpath("./text()"))
    return heading.removesuffix("の仕事").strip() or None if heading else None


def _read_breadcrumb(root: Selector, out: Gig) -> None:
    crumbs = []
    for link in root.css(css.BREADCRUMB_LINK):
        path = css.CATEGORY_PATH.search(link.attrib.get("href", ""))
        name = _text(link.css("::text"))
        if path and name:
            crumbs.append((name.removesuffix("の仕事"), path.group(1)))
    if crumbs:
        out.category = crumbs[-1][0]
        out.extra["category_path"] = crumbs[-1][1]
        out.extra["category_breadcrumb"] = [name for name, _ in crumbs]


def _read_heading(root: Selector, out: Gig) -> None:
    """The industry in the heading's brackets (`[IT・通信・インターネット]`, newer layout `[<category>
    の仕事 / <industry>]`) and the heading's badges (NEW is dropped, 急募 → urgent)."""
    heading = root.css(css.HEADING)[:1]
    sub = _text(heading.css(f"{css.HEADING_SUB} ::text"))
    inner = sub.strip("[] ") if sub else ""
    industry = inner.rpartition("/")[2].strip() if "の仕事" in inner and "/" in inner else inner
    if industry:
        out.extra["industry"] = industry
    badges = (_text([t]) for t in heading.css(css.HEADING_BADGE).getall())
    out.tags = [t for t in dict.fromkeys(BADGE_TEXT_MARKERS.get(b, b) for b in badges if b) if t]


def _read_summary(root: Selector, out: Gig, card_price: str | None) -> None:
    for column in root.css(css.SUMMARY_COLUMN):
        if css.SUMMARY_PRICE_COLUMN in column.attrib.get("class", "").split():
            _read_price_column(column, out, card_price)
            continue
        label = _text(column.css(f"{css.SUMMARY_LABEL} ::text"))
        value = _text(column.css(f"{css.SUMMARY_VALUE} ::text"))
        rest = _text(column.xpath(".//p[not(contains(@class, 'c-text')) and not(contains(@class, 'c-heading'))]"
                                  "//text()"))
        recruiting = _RECRUITING.search(rest or "")
        if recruiting:
            out.slots = recruiting.group(1)
        if label in SUMMARY_FIELDS:
            setattr(out, SUMMARY_FIELDS[label], value)
        elif label == "作業数" and value:
            done, _, total = value.partition("/")
            out.applicants, out.slots = done.strip() or None, total.strip() or None
        elif label == "募集期間":
            out.extra["recruiting_period"] = value
        elif label == "募集締切まで":  # newer layout: 6日と20時間 (the absolute 締切 is in the schedule)
            out.extra["time_left"] = value
        elif label:
            out.extra.setdefault("summary", {})[label] = value


def _read_price_column(column: Selector, out: Gig, card_price: str | None) -> None:
    """Newer layout: the work-type badge and the budget (`10,000円 ~ 20,000円`)."""
    badge = column.css(css.WORK_TYPE_BADGE_DETAIL)
    if badge:
        suffix = css.WORK_TYPE_CLASS.search(badge[0].attrib.get("class", ""))
        out.pay_type = _text(badge.css(css.WORK_TYPE_TEXT)) or (suffix.group(1) if suffix else None)
    price = _text(column.css(f"{css.SUMMARY_PRICE} ::text"))
    if price:
        out.extra["detail_budget"] = price
        per_char = _YEN_PER_CHAR.search(price)
        out.yen_per_char = per_char.group(1) if per_char else None
        if not card_price:
            out.price_text = price


def _read_detail_tags(root: Selector, out: Gig) -> None:
    """依頼番号 (must be this listing), the status (募集中 …) and the rest (源泉徴収されない …)."""
    for item in root.css(css.DETAIL_TAG):
        text = _text(item.css("::text"))
        if not text:
            continue
        number = LISTING_NUMBER.search(text)
        if number and number.group(1) != out.listing_id:
            raise LayoutChanged(f"the page asked for listing {out.listing_id} shows listing {number.group(1)}",
                                reason="other_listing")
        if number:
            continue
        if Status.from_label(text):
            out.status = text
        else:
            out.extra.setdefault("detail_tags", []).append(text)


def _read_schedule(root: Selector, out: Gig) -> None:
    """Newer layout: 開始： (posted), 締切： (deadline, `2026年05月05日 21:02`), 希望納期：."""
    for item in root.css(css.SCHEDULE_ITEM):
        label = (_text(item.css(css.SCHEDULE_TITLE)) or "").rstrip("：:").strip()
        value = _text(item.css(css.SCHEDULE_TEXT))
        if label in SCHEDULE_FIELDS:
            setattr(out, SCHEDULE_FIELDS[label], value)
        elif label in SCHEDULE_EXTRA:
            out.extra[SCHEDULE_EXTRA[label]] = value
        elif label:
            out.extra.setdefault("schedule", {})[label] = value


def _read_proposal_status(root: Selector, out: Gig) -> None:
    """Newer layout, 提案状況: 提案数 22件, お気に入り 6人, 閲覧数 119回, 進行中 0人, 完了数 0人."""
    for line in root.css(css.PROPOSAL_STATUS):
        label = _text(line.xpath("./text()")[:1])
        number = _text(line.css(css.PROPOSAL_STATUS_NUMBER))
        if not label or number is None:
            continue
        if label in PROPOSAL_STATUS_FIELDS:
            name = PROPOSAL_STATUS_FIELDS[label]
            if getattr(out, name) is None:
                setattr(out, name, number)
        elif label in PROPOSAL_STATUS_EXTRA:
            out.extra[PROPOSAL_STATUS_EXTRA[label]] = number
        else:
            out.extra.setdefault("proposal_status", {})[label] = number


def _read_client_box(root: Selector, out: Gig) -> None:
    """Newer layout: the client's name and id, checks (本人確認 …), feedback and 発注率 (awarded / posted)."""
    box = root.css(css.CLIENT_BOX)[:1]
    link = box.css(css.CLIENT_BOX_NAME)[:1] or root.css(css.CLIENT_SUB_HEADING_NAME)[:1]
    if link:
        path = css.CLIENT_PATH.search(link[0].attrib.get("href", ""))
        out.client_id = path.group(1) if path else None
        name = _text(link.css("::text"))
        if name and out.client_id:  # "おやくだち本舗 (OYAKUDACHIHOMPO)": the card shows the name alone
            name = re.sub(_CLIENT_ID_SUFFIX.format(re.escape(out.client_id)), "", name) or name
        out.client_name = name
    checks = [label for check in box.css(css.CLIENT_CHECK) if check.css(css.CLIENT_CHECK_DONE)
              for label in [_text(check.css(css.CLIENT_CHECK_LABEL))] if label]
    if checks:
        out.extra["client_checks"] = checks
    if "本人確認" in checks:  # an unchecked item proves nothing: unknown stays None
        out.client_verified = True
    for column in box.css(css.CLIENT_FEEDBACK_COLUMN):
        title = _text(column.css(css.CLIENT_FEEDBACK_TITLE))
        if title == "評価":  # 👍 / 👎 counts, not the 1–5 rating the cards show
            out.extra["client_feedback"] = {"good": _text(column.css(css.CLIENT_FEEDBACK_GOOD)),
                                            "bad": _text(column.css(css.CLIENT_FEEDBACK_BAD))}
        elif title == "発注率":
            out.client_completion_rate = _text(column.css(css.CLIENT_ORDER_RATE))
            # The rate is awarded ÷ posted: the posted jobs are the orders it is a share of.
            out.client_orders = _text(column.css(css.CLIENT_POSTED))
            out.extra["client_awarded"] = _text(column.css(css.CLIENT_AWARDED))
        elif title:
            out.extra.setdefault("client_box", {})[title] = _text(column.css("::text"))


def _read_definitions(root: Selector, out: Gig, card_price: str | None) -> None:
    description, addenda = None, []
    for definition in root.css(css.DEFINITION):
        term = definition.css(css.DEFINITION_TERM)
        label = _text(term.css("::text"))
        cell = definition.css(css.DEFINITION_TEXT).get()
        text = _block_text(cell)
        if label == "依頼主の業種":
            out.extra["industry"] = text
        elif label == "提示した予算":
            out.extra["detail_budget"] = text
            if not card_price:
                out.price_text = _text([text or ""])
        elif label == "依頼概要":
            description = text
        elif label and label.startswith(ADDENDUM_PREFIX) and text:  # newer layout: 追記 2026年04月28日 20:05
            addenda.append((label, text))
        elif not label and css.ADDENDUM_TERM_CLASS in term.attrib.get("class", "").split() and text:
            addenda.append((css.ADDENDUM_LABEL, text))
        elif label and text:
            out.extra.setdefault("detail_fields", {})[label] = text
    parts = [description, *(f"【{label}】\n{text}" for label, text in addenda)]
    out.description = "\n\n".join(p for p in parts if p) or None
