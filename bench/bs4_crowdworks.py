"""CrowdWorks' list and job-page extraction (spiders/crowdworks.py) with BeautifulSoup + html.parser.

The list page's listings are JSON in one attribute: BeautifulSoup finds the attribute, and the JSON
is mapped to fields by the spider's own pure function (the same code either way: no HTML is
involved there). The job page is read with BeautifulSoup throughout.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString

from bench.bs4_common import soup as bs4_soup
from bench.bs4_common import subtree_text
from spiders import crowdworks as cw
from spiders import crowdworks_selectors as sel
from spiders.base import LayoutChanged, ListPage
from tanka.items import Gig, PayType


def parse_list(url: str, body: bytes, base_urls: Mapping[str, str]) -> ListPage:
    if body.lstrip()[:1] == b"{":
        return cw.parse_list_payload(cw.decode_container(body.decode("utf-8")), url)
    container = bs4_soup(body).find(id="vue-container")
    data = container.get("data") if container else None
    if data is None:
        raise LayoutChanged("no #vue-container[data] on the page")
    return cw.parse_list_payload(cw.decode_container(data), url)


def _text(tag: Tag) -> str:
    return " ".join("".join(subtree_text(tag)).split())


def _rows(soup: BeautifulSoup, selector: str) -> list[tuple[str, str]]:
    rows = []
    for row in soup.select(selector):
        th, td = row.select("th"), row.select("td")
        if th and td:
            rows.append((_text(th[0]), "".join(subtree_text(td[0])).strip()))
    return rows


def _element_text(element: Tag) -> str:
    """spiders.crowdworks._element_text over a BeautifulSoup tree."""
    parts: list[str] = []
    after_br = False
    for child in element.children:
        if isinstance(child, NavigableString):
            if isinstance(child, PreformattedString):  # a comment: skipped, as lxml skips it
                continue
            text = str(child)
            parts.append(cw._LEADING_NEWLINE.sub("", text, count=1) if after_br else text)
        elif child.name == "br":
            parts.append("\n")
            after_br = True
            continue
        else:
            parts.append(_element_text(child))
            if child.name in cw._BLOCKS:
                parts.append("\n")
        after_br = False
    return "".join(parts)


def _title(soup: BeautifulSoup) -> tuple[str, str | None]:
    heading = soup.select_one(sel.TITLE)
    if heading is None:
        raise LayoutChanged(f"no job title ({sel.TITLE})")
    subtitle = heading.select_one(sel.TITLE_SUBTITLE)
    outside = [str(s) for s in heading.strings
               if not any(p.name == "span" and "subtitle" in (p.get("class") or []) for p in s.parents)]
    title = " ".join("".join(outside).split())
    category = _text(subtitle).removesuffix(sel.SUBTITLE_SUFFIX) if subtitle else None
    return title, category or None


def _breadcrumb(soup: BeautifulSoup) -> dict[str, str]:
    found = {}
    for link in soup.select(sel.BREADCRUMB_LINKS):
        href, name = link.get("href", ""), _text(link).removesuffix(sel.BREADCRUMB_SUFFIX)
        if sel.CATEGORY_LINK in href:
            found["category"] = name
            found["category_path"] = href
        elif sel.GROUP_LINK in href:
            found["group"] = name
    return found


def _client(soup: BeautifulSoup) -> dict[str, Any]:
    container = soup.select_one("#client_detail_information_container")
    data = container.get("data") if container else None
    if data is None:
        return {}
    try:
        client = json.loads(data)
        if not isinstance(client, dict):
            raise ValueError("not an object")
    except ValueError:
        return {}  # the spider reads the visible texts here; mirror pages never need it
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
        "client_rating": client.get("averageScore"),
        "client_orders": client.get("jobOfferAchievementCount"),
        "client_completion_rate": client.get("projectFinishedRate"),
        "client_verified": client.get("isIdentityVerified"),
        "extra": {k: v for k, v in extra.items() if v is not None},
    }


def _closed(soup: BeautifulSoup) -> bool:
    body = soup.body or soup
    for text in body.find_all(string=lambda s: sel.CLOSED_TEXT in s):
        if not any(p.name == "td" and "confirm_outside_link" in " ".join(p.get("class") or [])
                   for p in text.parents):
            return True
    return False


def parse_detail(url: str, body: bytes, base_urls: Mapping[str, str]) -> Gig:
    soup = bs4_soup(body)
    if not soup.select_one(sel.DETAIL_WRAPPER):
        raise LayoutChanged(f"not a job page: no {sel.DETAIL_WRAPPER}")
    canonical = soup.select_one("link[rel=canonical]")
    listing_id = None
    for candidate in (canonical.get("href") if canonical else None, url):
        match = sel.JOB_PATH_ID.search(candidate or "")
        if match:
            listing_id = match.group(1)
            break
    if listing_id is None:
        raise LayoutChanged("no job id in the canonical link or the URL")
    title, subtitle_category = _title(soup)
    crumbs = _breadcrumb(soup)
    gig = Gig(site=cw.SITE, listing_id=listing_id, url=url, title=title,
              category=crumbs.get("category") or subtitle_category)
    extra: dict[str, Any] = {"category_group": crumbs.get("group"), "category_path": crumbs.get("category_path")}
    other: dict[str, str] = {}
    for label, value in _rows(soup, sel.SUMMARY_ROWS):
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
    for label, value in _rows(soup, sel.STATUS_ROWS):
        if label in sel.STATUS_FIELDS:
            setattr(gig, sel.STATUS_FIELDS[label], value)
        elif label == sel.FAVORITES_LABEL:
            extra["favorites"] = value
        else:
            other[label] = value
    cell = soup.select_one(sel.DESCRIPTION)
    if cell is not None:
        gig.description = _element_text(cell).strip()
    client = _client(soup)
    extra.update(client.pop("extra", {}))
    for name, value in client.items():
        setattr(gig, name, value)
    if _closed(soup):
        gig.status = "募集終了"
    if other:
        extra["detail_rows"] = other
    gig.extra = {k: v for k, v in extra.items() if v not in (None, "", {})}
    return gig

