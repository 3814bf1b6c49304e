"""Running a spider's parsing on a saved page, with no network and no store.

Used by `tanka parse` and by the tests: a saved page becomes a Scrapy response, the site's
spider extracts raw `Gig`s from it, and the same normalize → validate → derive steps as a crawl
turn them into `listings` rows.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy.http import HtmlResponse, Request, Response, TextResponse
from scrapy.settings import Settings
from scrapy.utils.project import get_project_settings

from spiders.base import ListingSpider
from tanka.items import Gig
from tanka.normalize.listing import normalize_gig
from tanka.normalize.validate import problems
from tanka.scoring import derive
from tanka.sites import site as site_info


def project_settings() -> Settings:
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "tanka.settings")
    return get_project_settings()


def spider_for(site: str, settings: Settings | None = None) -> ListingSpider:
    """A spider of `site` outside any crawl, with its settings (its own base URLs among them)."""
    cls = site_info(site).spider  # UnknownSite for a name no spider declares
    settings = (settings or project_settings()).copy()
    cls.update_settings(settings)
    spider = cls()
    spider.settings = settings
    return spider


def page_response(path: str | os.PathLike[str], url: str, **meta: Any) -> Response:
    """A saved page as the response Scrapy would have given for `url` (City Scrapers' file_response)."""
    body = Path(path).read_bytes()
    request = Request(url, meta=meta)
    stripped = body.lstrip()[:1]
    if str(path).endswith(".json") or stripped in (b"{", b"["):
        return TextResponse(url, body=body, encoding="utf-8", request=request,
                            headers={"Content-Type": "application/json"})
    return HtmlResponse(url, body=body, encoding="utf-8", request=request)


def parse_saved_page(site: str, path: str | os.PathLike[str], url: str | None = None,
                     crawled_at: datetime | None = None) -> list[Gig]:
    """Every listing on a saved page of `site` (list HTML, list JSON or a detail page)."""
    spider = spider_for(site)
    response = page_response(path, url or spider.saved_page_url(Path(path)))
    stamp = (crawled_at or datetime.now(UTC)).isoformat()
    kind = spider.page_kind(response)
    if kind == "list":
        gigs = spider.parse_list(response).gigs
    elif kind == "detail":
        gigs = [spider.parse_detail(response, None)]
        for gig in gigs:
            gig.detail_status = "fetched"
    else:
        gigs = []
    for gig in gigs:
        gig.crawled_at = stamp
    return gigs


def listing_rows(gigs: list[Gig], scoring_config: Any = None, now: datetime | None = None) -> list[dict[str, Any]]:
    """Typed, validated and scored rows, as the crawl pipelines would store them."""
    rows = []
    for gig in gigs:
        row = normalize_gig(gig)
        problems(row)
        row.update(derive(row, scoring_config, now))
        row["first_seen_at"] = row["last_seen_at"] = row["crawled_at"]
        rows.append(row)
    return rows
