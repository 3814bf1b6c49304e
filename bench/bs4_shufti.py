"""Shufti's extraction (spiders/shufti.py) with BeautifulSoup + html.parser.

The list is the guest API's JSON: no HTML, so it is read by the spider's own pure function either
way. The rendered job page (`h1`, `div.job-description`) is read with BeautifulSoup.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from bs4 import NavigableString, Tag
from bs4.element import PreformattedString

from bench.bs4_common import soup as bs4_soup
from bench.bs4_common import subtree_text
from spiders import shufti
from spiders import shufti_selectors as sel
from spiders.base import LayoutChanged, ListPage
from tanka.items import Gig


def parse_list(url: str, body: bytes, base_urls: Mapping[str, str]) -> ListPage:
    app_base = base_urls["SHUFTI_APP_BASE_URL"]
    from urllib.parse import urljoin

    page = shufti.parse_jobs(json.loads(body), app_base)
    if page.next_url:
        page.next_url = urljoin(url, page.next_url)
    return page


def _block_text(element: Tag) -> str:
    """spiders.shufti.block_text over a BeautifulSoup tree."""
    parts: list[str] = []

    def walk(node: Tag) -> None:
        tag = node.name.lower()
        if tag == "br":
            parts.append("\n")
        elif tag not in ("script", "style", "template"):
            block = tag in shufti._BLOCK_TAGS
            if block:
                parts.append("\n")
            for child in node.children:
                if isinstance(child, Tag):
                    walk(child)
                elif isinstance(child, NavigableString) and not isinstance(child, PreformattedString):
                    parts.append(str(child))
            if block:
                parts.append("\n")

    walk(element)
    return "".join(parts).strip()


def parse_detail(url: str, body: bytes, base_urls: Mapping[str, str]) -> Gig:
    app_base = base_urls["SHUFTI_APP_BASE_URL"]
    listing_id = shufti.listing_id_from_url(url)
    if listing_id is None:
        raise LayoutChanged(f"{url} is not a job page")
    soup = bs4_soup(body)
    heading = soup.select(sel.TITLE)
    description = soup.select(sel.DESCRIPTION)
    if not heading and not description:
        raise LayoutChanged("the page did not render its job")
    title = " ".join(" ".join(subtree_text(heading[0])).split()) if heading else None
    text = _block_text(description[0]) if description else None
    return Gig(site=shufti.SITE, listing_id=listing_id, url=shufti.job_url(app_base, listing_id),
               title=title or None, description=text or None)
