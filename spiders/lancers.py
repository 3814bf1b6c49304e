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
from parsel import Selector, SelectorList
from scrapy.http import Response, TextResponse

from spiders import lancers_selectors as css
from spiders.base import LayoutChanged, ListingSpider, ListPage
from tanka.items import Gig
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
# Units after the slash seen on real work cards (fixed project, per task item); 時間 and 月 exist
# as payment methods but were never seen on a card.
KNOWN_PRICE_UNITS = {"固定", "件"}
_PRICE_UNIT = re.compile(r"/\s*(\S+)")
_RECRUITING = re.compile(r"募集人数\s*([\d,]+)\s*人")
_BR = re.compile(r"<br\s*/?>[ \t]*(?:\r\n|\n|\r)?", re.IGNORECASE)


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
    label = "Lancers"
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
        page = parse_search_page(Selector(text=response.text), response.url, self.base_url)
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
        return parse_detail_page(Selector(text=response.text), response.url, self.base_url, gig)

    def page_kind(self, response: Response) -> str | None:
        if not isinstance(response, TextResponse):
            return None
        sel = Selector(text=response.text)
        if sel.css(css.DETAIL_ROOT):
            return "detail"
        if sel.css(css.CARD) or sel.css(css.RESULT_CONTAINER):
            return "list"
        return None

    def saved_page_url(self, path: Path) -> str:
        return self.base_url + "/work/search"


# ----- search pages ----------------------------------------------------------------------------------
def _text(parts: list[str] | SelectorList) -> str | None:
    """Text nodes joined, whitespace collapsed; None when empty."""
    if isinstance(parts, SelectorList):
        parts = parts.getall()
    joined = " ".join(" ".join(parts).split())
    return joined or None


def _refused(sel: Selector, url: str) -> bool:
    return urlsplit(url).path.startswith(css.LOGIN_PATH) or bool(sel.css(css.LOGIN_FORM))


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
    unit = _PRICE_UNIT.search(gig.price_text or "")
    if unit and unit.group(1) not in KNOWN_PRICE_UNITS:
        log.warning("lancers %s: price unit %r never seen on a real card (%r); check how it is read",
                    listing_id, unit.group(1), gig.price_text)
    gig.status = _text(card.css(css.TIME_TEXT))
    gig.deadline = _text(card.css(css.TIME_REMAINING))
    _read_counts(card, gig)
    _read_client(card, gig)
    description = "".join(card.css(f"{css.DESCRIPTION} ::text").getall()).strip()
    gig.description = description or None
    return gig


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
    """What the anonymous detail page adds: full text, counts, industry, breadcrumb (pure).

    The page shows no client and no deadline; those fields stay unset so the card's values stand.
    """
    if _refused(sel, url):
        raise LayoutChanged("the detail page is the login form", reason="login_redirect")
    if css.RESTRICTED_TITLE in (sel.css("title::text").get() or ""):
        raise LayoutChanged("the detail page needs a login (閲覧制限)", reason="login_required")
    if not sel.css(css.DETAIL_ROOT):
        raise LayoutChanged(f"not an anonymous Lancers detail page (no {css.DETAIL_ROOT})")
    listing_id = gig.listing_id if gig else detail_id(sel, url)
    out = Gig(site=SITE, listing_id=listing_id, url=f"{base_url}/work/detail/{listing_id}")
    out.title = _text([sel.css(css.OG_TITLE).get() or ""]) or _heading_title(sel)
    _read_breadcrumb(sel, out)
    _read_summary(sel, out)
    _read_definitions(sel, out, card_price=gig.price_text if gig else None)
    return out


def _heading_title(sel: Selector) -> str | None:
    heading = _text(sel.css(css.HEADING).xpath("./text()"))
    return heading.removesuffix("の仕事").strip() or None if heading else None


def _read_breadcrumb(sel: Selector, out: Gig) -> None:
    crumbs = []
    for link in sel.css(css.BREADCRUMB_LINK):
        path = css.CATEGORY_PATH.search(link.attrib.get("href", ""))
        name = _text(link.css("::text"))
        if path and name:
            crumbs.append((name.removesuffix("の仕事"), path.group(1)))
    if crumbs:
        out.category = crumbs[-1][0]
        out.extra["category_path"] = crumbs[-1][1]
        out.extra["category_breadcrumb"] = [name for name, _ in crumbs]


def _read_summary(sel: Selector, out: Gig) -> None:
    for column in sel.css(css.SUMMARY_COLUMN):
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
        elif label:
            out.extra.setdefault("summary", {})[label] = value


def _read_definitions(sel: Selector, out: Gig, card_price: str | None) -> None:
    description, addenda = None, []
    for definition in sel.css(css.DEFINITION):
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
        elif not label and css.ADDENDUM_TERM_CLASS in term.attrib.get("class", "").split() and text:
            addenda.append(text)
        elif label and text:
            out.extra.setdefault("detail_fields", {})[label] = text
    parts = [description, *(f"【{css.ADDENDUM_LABEL}】\n{a}" for a in addenda)]
    out.description = "\n\n".join(p for p in parts if p) or None
