"""Lancers' list and detail extraction (spiders/lancers.py) rewritten with BeautifulSoup + html.parser.

The benchmark's baseline: the same selectors, the same fields, the same values (tests/bench prove
it on mirror pages); only the HTML library differs.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

from bench.bs4_common import direct_text, joined, subtree_text
from bench.bs4_common import soup as bs4_soup
from spiders import lancers
from spiders import lancers_selectors as css
from spiders.base import LayoutChanged, ListPage
from tanka.items import Gig, Status
from tanka.normalize.text import html_to_text

_BR = re.compile(r"<br\s*/?>[ \t]*(?:\r\n|\n|\r)?", re.IGNORECASE)


def _bare(selector: str) -> str:
    """A parsel selector ending in ::text, as the element selector BeautifulSoup takes."""
    return selector.removesuffix("::text")


def _has_class(tag: Tag, name: str) -> bool:
    return name in (tag.get("class") or [])


def _error_page(soup: BeautifulSoup) -> None:
    for div in soup.find_all("div", class_=True):
        status = css.ERROR_STATUS.search(" ".join(div.get("class") or []))
        if status:
            reason = "not_found" if status.group(1) in ("404", "410") else "error_page"
            raise LayoutChanged(f"Lancers answered with its error page ({status.group(1)})", reason=reason)


def parse_list(url: str, body: bytes, base_urls: Mapping[str, str]) -> ListPage:
    base_url = base_urls["LANCERS_BASE_URL"]
    soup = bs4_soup(body)
    if urlsplit(url).path.startswith(css.LOGIN_PATH) or soup.select_one(css.LOGIN_FORM):
        raise LayoutChanged("Lancers answered with its login form")
    _error_page(soup)
    if soup.select_one(css.DETAIL_ROOT):
        raise LayoutChanged("a job detail page where a search page was expected")
    lists = soup.select(css.CARD_LIST)
    if lists:
        cards = [c for box in lists for c in box.select(css.CARD)]
    else:
        cards = [c for c in soup.find_all("div", class_=css.CARD_CLASS)
                 if not any(_has_class(p, css.SIDEBAR) for p in c.parents if isinstance(p, Tag))]
    if not cards and not soup.select_one(css.RESULT_CONTAINER):
        raise LayoutChanged("no job card and no search result list")
    gigs: dict[str, Gig] = {}
    skipped: Counter[str] = Counter()
    for card in cards:
        kind = _card_kind(card)
        if kind != "work":
            skipped[kind] += 1
            continue
        try:
            gig = _card(card, base_url)
        except LayoutChanged:
            skipped["malformed_card"] += 1
            continue
        if gig.listing_id in gigs:
            promoted = lancers.PROMOTED in {*gig.tags, *gigs[gig.listing_id].tags}
            skipped["pr_duplicate" if promoted else "repeated"] += 1
            gigs[gig.listing_id] = lancers._combine(gigs[gig.listing_id], gig)
        else:
            gigs[gig.listing_id] = gig
    return ListPage(list(gigs.values()), next_url=_next_url(soup, url), page=_current_page(soup), skipped=skipped)


def _card_kind(card: Tag) -> str:
    onclick = card.get("onclick", "")
    if card.get(css.AGENCY_ATTRIBUTE) is not None:
        return "agency_ad"
    if css.ONSITE_ONCLICK.search(onclick) or card.select_one(f"a[href*='{css.ONSITE_LINK}']"):
        return "onsite_job"
    return "work" if css.WORK_ONCLICK.search(onclick) else "unknown"


def _next_url(soup: BeautifulSoup, url: str) -> str | None:
    following = soup.select(css.PAGER_NEXT)
    if not following or css.DISABLED_CLASS in (following[0].get("class") or []):
        return None
    link = next((a for span in following for a in span.select("a") if a.get("href") is not None), None)
    return urljoin(url, link["href"]) if link and link["href"] else None


def _current_page(soup: BeautifulSoup) -> int | None:
    links = soup.select(_bare(css.PAGER_CURRENT))
    texts = [t for a in links for t in direct_text(a)][:1]
    text = joined(texts)
    return int(text) if text and text.isdigit() else None


def _card(card: Tag, base_url: str) -> Gig:
    listing_id = css.WORK_ONCLICK.search(card.get("onclick", "")).group(1)
    title_link = card.select(css.TITLE_LINK)
    if not title_link:
        raise LayoutChanged(f"work card {listing_id} has no title link")
    gig = Gig(site=lancers.SITE, listing_id=listing_id, url=f"{base_url}/work/detail/{listing_id}",
              title=joined(direct_text(title_link[0])))
    classes = set(card.get("class") or [])
    gig.tags = [*_badges(title_link[0], classes, gig.title), *_features(card)]
    _divisions(card, gig)
    gig.pay_type = _work_type(card)
    gig.price_text = joined([t for el in card.select(css.PRICE) for t in subtree_text(el)])
    per_char = lancers._YEN_PER_CHAR.search(gig.price_text or "")
    gig.yen_per_char = per_char.group(1) if per_char else None
    gig.status = joined([t for el in card.select(_bare(css.TIME_TEXT)) for t in direct_text(el)])
    gig.deadline = joined([t for el in card.select(_bare(css.TIME_REMAINING))
                           for t in direct_text(el)])
    _counts(card, gig)
    _client(card, gig)
    described = card.select(css.DESCRIPTION) or [d for d in card.select("div.c-media__description")
                                                  if d.find("ul") is None]
    description = "".join(t for el in described[:1] for t in subtree_text(el)).strip()
    gig.description = description or None
    return gig


def _badges(title_link: Tag, classes: set[str], title: str | None) -> list[str]:
    tags: list[str | None] = []
    for badge in title_link.select(css.TITLE_TAG):
        text = joined(subtree_text(badge))
        kind = css.TITLE_TAG_KIND.search(" ".join(badge.get("class") or []))
        if kind and kind.group(1) in lancers.BADGE_MARKERS:
            tags.append(lancers.BADGE_MARKERS[kind.group(1)])
        elif text in lancers.BADGE_TEXT_MARKERS:
            tags.append(lancers.BADGE_TEXT_MARKERS[text])
        else:
            tags.append(text)
    if classes & css.PR_CLASSES:
        tags.append(lancers.PROMOTED)
    if css.URGENT_CLASS in classes:
        tags.append(lancers.URGENT)
    if title == lancers.LIMITED_TITLE:
        tags.append(lancers.LIMITED)
    return [t for t in dict.fromkeys(tags) if t]


def _features(card: Tag) -> list[str]:
    return [t for t in (joined(subtree_text(li)) for li in card.select(css.FEATURE_TAG)) if t]


def _divisions(card: Tag, gig: Gig) -> None:
    for division in card.select(css.DIVISION):
        link = division.select(css.DIVISION_LINK)
        if link:
            gig.category = joined([t for a in link for t in subtree_text(a)])
            path = css.CATEGORY_PATH.search(link[0].get("href", ""))
            if path:
                gig.extra["category_path"] = path.group(1)
        elif joined(subtree_text(division)):
            gig.extra["industry"] = joined(subtree_text(division))


def _work_type(card: Tag) -> str | None:
    badge = card.select(css.WORK_TYPE_BADGE)
    if not badge:
        return None
    text = joined([t for b in badge for el in b.select(_bare(css.WORK_TYPE_TEXT)) for t in direct_text(el)])
    suffix = css.WORK_TYPE_CLASS.search(" ".join(badge[0].get("class") or []))
    return text or (suffix.group(1) if suffix else None)


def _counts(card: Tag, gig: Gig) -> None:
    for em in card.select(css.COUNT):
        first = em.find("span", recursive=False)
        label = joined(subtree_text(first)) if first else None
        numbers = [t.strip() for el in em.select(_bare(css.COUNT_NUMBER))
                   for t in direct_text(el)]
        fields = lancers.COUNT_FIELDS.get(label or "")
        if fields is None:
            gig.extra.setdefault("counts", {})[label or "?"] = " / ".join(numbers)
            continue
        for name, number in zip(fields, numbers, strict=False):
            if name:
                setattr(gig, name, number)


def _client(card: Tag, gig: Gig) -> None:
    link = card.select(css.CLIENT_LINK)
    if link:
        gig.client_name = joined([t for a in link for t in subtree_text(a)])
        path = css.CLIENT_PATH.search(link[0].get("href", ""))
        gig.client_id = path.group(1) if path else None
    for note in card.select(css.CLIENT_SUBNOTE):
        label = joined(direct_text(note))
        value = joined([t for strong in note.select("strong") for t in direct_text(strong)])
        if label in lancers.SUBNOTE_FIELDS:
            setattr(gig, lancers.SUBNOTE_FIELDS[label], value)
        elif label:
            gig.extra.setdefault("client_notes", {})[label] = value
    gig.client_verified = True if card.select_one(css.CLIENT_VERIFIED) else None


# ----- detail page ---------------------------------------------------------------------------------
def parse_detail(url: str, body: bytes, base_urls: Mapping[str, str]) -> Gig:
    base_url = base_urls["LANCERS_BASE_URL"]
    soup = bs4_soup(body)
    title_tag = soup.find("title")
    title = joined(direct_text(title_tag)[:1]) if title_tag else None
    if (urlsplit(url).path.startswith(css.LOGIN_PATH) or soup.select_one(css.LOGIN_FORM)
            or css.RESTRICTED_TITLE in (title or "")):
        raise LayoutChanged("the detail page needs a login")
    _error_page(soup)
    root = soup.select_one(css.DETAIL_ROOT)
    if root is None:
        raise LayoutChanged("not a Lancers detail page")
    listing_id = _detail_id(soup, url)
    out = Gig(site=lancers.SITE, listing_id=listing_id, url=f"{base_url}/work/detail/{listing_id}")
    og_title = soup.select_one("meta[property='og:title']")
    out.title = joined([og_title.get("content", "") if og_title else ""]) or _heading_title(root)
    _breadcrumb(root, out)
    _heading(root, out)
    _summary(root, out)
    _detail_tags(root, out)
    _schedule(root, out)
    _proposal_status(root, out)
    _client_box(root, out)
    _definitions(root, out)
    if out.description is None and out.applicants is None and out.slots is None and not out.extra.get("detail_budget"):
        raise LayoutChanged("the detail page shows neither 依頼概要 nor the summary table")
    return out


def _detail_id(soup: BeautifulSoup, url: str) -> str:
    canonical = soup.select_one("link[rel=canonical]")
    og_url = soup.select_one("meta[property='og:url']")
    for candidate in (canonical.get("href") if canonical else None, og_url.get("content") if og_url else None, url):
        match = css.DETAIL_ID.search(candidate or "")
        if match:
            return match.group(1)
    raise LayoutChanged("no /work/detail/<id>")


def _heading_title(root: Tag) -> str | None:
    heading = joined([t for h in root.select(css.HEADING) for t in direct_text(h)])
    return heading.removesuffix("の仕事").strip() or None if heading else None


def _breadcrumb(root: Tag, out: Gig) -> None:
    crumbs = []
    for link in root.select(css.BREADCRUMB_LINK):
        path = css.CATEGORY_PATH.search(link.get("href", ""))
        name = joined(subtree_text(link))
        if path and name:
            crumbs.append((name.removesuffix("の仕事"), path.group(1)))
    if crumbs:
        out.category = crumbs[-1][0]
        out.extra["category_path"] = crumbs[-1][1]
        out.extra["category_breadcrumb"] = [name for name, _ in crumbs]


def _heading(root: Tag, out: Gig) -> None:
    heading = root.select(css.HEADING)[:1]
    sub = joined([t for h in heading for el in h.select(css.HEADING_SUB) for t in subtree_text(el)])
    inner = sub.strip("[] ") if sub else ""
    industry = inner.rpartition("/")[2].strip() if "の仕事" in inner and "/" in inner else inner
    if industry:
        out.extra["industry"] = industry
    badges = (joined([t]) for h in heading for el in h.select(_bare(css.HEADING_BADGE)) for t in direct_text(el))
    out.tags = [t for t in dict.fromkeys(lancers.BADGE_TEXT_MARKERS.get(b, b) for b in badges if b) if t]


def _summary(root: Tag, out: Gig) -> None:
    for column in root.select(css.SUMMARY_COLUMN):
        if css.SUMMARY_PRICE_COLUMN in (column.get("class") or []):
            _price_column(column, out)
            continue
        label = joined([t for p in column.select(css.SUMMARY_LABEL) for t in subtree_text(p)])
        value = joined([t for p in column.select(css.SUMMARY_VALUE) for t in subtree_text(p)])
        rest = joined([t for p in column.find_all("p")
                       if "c-text" not in " ".join(p.get("class") or [])
                       and "c-heading" not in " ".join(p.get("class") or []) for t in subtree_text(p)])
        recruiting = lancers._RECRUITING.search(rest or "")
        if recruiting:
            out.slots = recruiting.group(1)
        if label in lancers.SUMMARY_FIELDS:
            setattr(out, lancers.SUMMARY_FIELDS[label], value)
        elif label == "作業数" and value:
            done, _, total = value.partition("/")
            out.applicants, out.slots = done.strip() or None, total.strip() or None
        elif label == "募集期間":
            out.extra["recruiting_period"] = value
        elif label == "募集締切まで":
            out.extra["time_left"] = value
        elif label:
            out.extra.setdefault("summary", {})[label] = value


def _price_column(column: Tag, out: Gig) -> None:
    badge = column.select(css.WORK_TYPE_BADGE_DETAIL)
    if badge:
        text = joined([t for el in badge[0].select(_bare(css.WORK_TYPE_TEXT)) for t in direct_text(el)])
        suffix = css.WORK_TYPE_CLASS.search(" ".join(badge[0].get("class") or []))
        out.pay_type = text or (suffix.group(1) if suffix else None)
    price = joined([t for el in column.select(css.SUMMARY_PRICE) for t in subtree_text(el)])
    if price:
        out.extra["detail_budget"] = price
        per_char = lancers._YEN_PER_CHAR.search(price)
        out.yen_per_char = per_char.group(1) if per_char else None
        out.price_text = price


def _detail_tags(root: Tag, out: Gig) -> None:
    for item in root.select(css.DETAIL_TAG):
        text = joined(subtree_text(item))
        if not text:
            continue
        number = lancers.LISTING_NUMBER.search(text)
        if number and number.group(1) != out.listing_id:
            raise LayoutChanged("the page shows another listing", reason="other_listing")
        if number:
            continue
        if Status.from_label(text):
            out.status = text
        else:
            out.extra.setdefault("detail_tags", []).append(text)


def _schedule(root: Tag, out: Gig) -> None:
    for item in root.select(css.SCHEDULE_ITEM):
        label = (joined([t for el in item.select(_bare(css.SCHEDULE_TITLE)) for t in direct_text(el)]) or "")
        label = label.rstrip("：:").strip()
        value = joined([t for el in item.select(_bare(css.SCHEDULE_TEXT)) for t in direct_text(el)])
        if label in lancers.SCHEDULE_FIELDS:
            setattr(out, lancers.SCHEDULE_FIELDS[label], value)
        elif label in lancers.SCHEDULE_EXTRA:
            out.extra[lancers.SCHEDULE_EXTRA[label]] = value
        elif label:
            out.extra.setdefault("schedule", {})[label] = value


def _proposal_status(root: Tag, out: Gig) -> None:
    for line in root.select(css.PROPOSAL_STATUS):
        label = joined(direct_text(line)[:1])
        number = joined([t for el in line.select(_bare(css.PROPOSAL_STATUS_NUMBER)) for t in direct_text(el)])
        if not label or number is None:
            continue
        if label in lancers.PROPOSAL_STATUS_FIELDS:
            name = lancers.PROPOSAL_STATUS_FIELDS[label]
            if getattr(out, name) is None:
                setattr(out, name, number)
        elif label in lancers.PROPOSAL_STATUS_EXTRA:
            out.extra[lancers.PROPOSAL_STATUS_EXTRA[label]] = number
        else:
            out.extra.setdefault("proposal_status", {})[label] = number


def _texts(element: Tag, selector: str) -> str | None:
    """parsel's `sel.css("a::text")` (direct text) or `sel.css("a ::text")` (all text), joined."""
    if selector.endswith(" ::text"):
        return joined([t for el in element.select(selector.removesuffix(" ::text")) for t in subtree_text(el)])
    return joined([t for el in element.select(_bare(selector)) for t in direct_text(el)])


def _client_box(root: Tag, out: Gig) -> None:
    box = root.select(css.CLIENT_BOX)[:1]
    link = [a for b in box for a in b.select(css.CLIENT_BOX_NAME)][:1] or root.select(css.CLIENT_SUB_HEADING_NAME)[:1]
    if link:
        path = css.CLIENT_PATH.search(link[0].get("href", ""))
        out.client_id = path.group(1) if path else None
        name = joined(subtree_text(link[0]))
        if name and out.client_id:
            name = re.sub(lancers._CLIENT_ID_SUFFIX.format(re.escape(out.client_id)), "", name) or name
        out.client_name = name
    checks = [label for b in box for check in b.select(css.CLIENT_CHECK) if check.select_one(css.CLIENT_CHECK_DONE)
              for label in [_texts(check, css.CLIENT_CHECK_LABEL)] if label]
    if checks:
        out.extra["client_checks"] = checks
    if "本人確認" in checks:
        out.client_verified = True
    for column in (c for b in box for c in b.select(css.CLIENT_FEEDBACK_COLUMN)):
        title = _texts(column, css.CLIENT_FEEDBACK_TITLE)
        if title == "評価":
            out.extra["client_feedback"] = {"good": _texts(column, css.CLIENT_FEEDBACK_GOOD),
                                            "bad": _texts(column, css.CLIENT_FEEDBACK_BAD)}
        elif title == "発注率":
            out.client_completion_rate = _texts(column, css.CLIENT_ORDER_RATE)
            out.client_orders = _texts(column, css.CLIENT_POSTED)
            out.extra["client_awarded"] = _texts(column, css.CLIENT_AWARDED)
        elif title:
            out.extra.setdefault("client_box", {})[title] = joined(subtree_text(column))


def _definitions(root: Tag, out: Gig) -> None:
    description, addenda = None, []
    for definition in root.select(css.DEFINITION):
        terms = definition.select(css.DEFINITION_TERM)
        label = joined([t for term in terms for t in subtree_text(term)])
        cell = definition.select_one(css.DEFINITION_TEXT)
        text = html_to_text(_BR.sub("\n", str(cell))) if cell is not None else None
        if label == "依頼主の業種":
            out.extra["industry"] = text
        elif label == "提示した予算":
            out.extra["detail_budget"] = text
            out.price_text = joined([text or ""])
        elif label == "依頼概要":
            description = text
        elif label and label.startswith(lancers.ADDENDUM_PREFIX) and text:
            addenda.append((label, text))
        elif not label and terms and css.ADDENDUM_TERM_CLASS in (terms[0].get("class") or []) and text:
            addenda.append((css.ADDENDUM_LABEL, text))
        elif label and text:
            out.extra.setdefault("detail_fields", {})[label] = text
    parts = [description, *(f"【{label}】\n{text}" for label, text in addenda)]
    out.description = "\n\n".join(p for p in parts if p) or None
