"""Each site's page parsers on damaged pages, real (../shared/fixtures) and mirror-rendered.

A parser may refuse a page only with what the base spider catches (LayoutChanged, ValueError,
KeyError, TypeError: the page is counted, the crawl goes on); a page it reads gives listings
plus, for every entry it left out, a counted reason; and every listing it gives normalizes,
validates and scores without an exception.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from parsel import Selector
from scrapy.http import HtmlResponse, TextResponse

from spiders import crowdworks_selectors as cw_sel
from spiders.base import LayoutChanged, ListPage
from spiders.crowdworks import CrowdWorksSpider, list_payload
from spiders.lancers import parse_detail_page, parse_search_page, result_cards
from spiders.shufti import parse_job_page, parse_jobs
from tanka.items import Gig
from tanka.normalize.listing import normalize_gig
from tanka.normalize.validate import problems
from tanka.scoring import derive
from tests.fuzz.mutations import FUZZ, mutated_json, mutated_text
from tests.fuzz.pages import BASE_URLS, load, sources

CAUGHT = (LayoutChanged, ValueError, KeyError, TypeError)  # spiders/base.py catches these
CW, LANCERS = BASE_URLS["CROWDWORKS_BASE_URL"], BASE_URLS["LANCERS_BASE_URL"]
SHUFTI_API, SHUFTI_APP = BASE_URLS["SHUFTI_API_BASE_URL"], BASE_URLS["SHUFTI_APP_BASE_URL"]


def html(url: str, text: str) -> HtmlResponse:
    return HtmlResponse(url, body=text.encode("utf-8"), encoding="utf-8")


def parse_or_refuse(parse: Callable[[], Any]) -> Any:
    """The parser's result, or None when it refused the page the way the crawl expects."""
    try:
        return parse()
    except CAUGHT:
        return None


def processed(gigs: list[Gig]) -> None:
    """What the pipelines do with each listing: none of it may raise."""
    for gig in gigs:
        gig.crawled_at = datetime.now(UTC).isoformat()
        row = normalize_gig(gig)
        problems(row)
        row.update(derive(row))


# ----- CrowdWorks -------------------------------------------------------------------------------------------
def crowdworks_entries(response: TextResponse) -> int | None:
    """How many entries the page's JSON holds (offers and PR slots), counted as the parser counts them."""
    try:
        result = list_payload(response)[cw_sel.RESULT_KEY]
        offers = result[cw_sel.MAIN_LIST]
    except (*CAUGHT, IndexError):
        return None
    if not isinstance(offers, list):
        return None
    slots = [result.get(slot) or [] for slot in cw_sel.PR_SLOTS]
    return len(offers) + sum(len(s) if isinstance(s, list) else 1 for s in slots)


def check_crowdworks_list(text: str) -> None:
    response = html(CW + "/public/jobs/search?order=new", text)
    page: ListPage | None = parse_or_refuse(lambda: CrowdWorksSpider().parse_list(response))
    if page is None:
        return
    assert len(page.gigs) + sum(page.skipped.values()) == crowdworks_entries(response)
    processed(page.gigs)


@pytest.mark.parametrize(("origin", "what"), sources("crowdworks_list"))
@FUZZ
@given(data=st.data())
def test_crowdworks_list_pages_damaged(origin, what, data):
    check_crowdworks_list(data.draw(mutated_text(load(origin, what))))


@pytest.mark.parametrize(("origin", "what"), sources("crowdworks_list"))
@FUZZ
@given(data=st.data())
def test_crowdworks_list_json_with_odd_values(origin, what, data):
    payload = list_payload(html(CW + "/public/jobs/search", load(origin, what)))
    mutated = data.draw(mutated_json(payload, under=(cw_sel.RESULT_KEY,)))
    check_crowdworks_list(json.dumps(mutated, ensure_ascii=False))


@pytest.mark.parametrize(("origin", "what"), sources("crowdworks_detail"))
@FUZZ
@given(data=st.data())
def test_crowdworks_detail_pages_damaged(origin, what, data):
    text = data.draw(mutated_text(load(origin, what)))
    gig = parse_or_refuse(lambda: CrowdWorksSpider().parse_detail(html(CW + "/public/jobs/13249369", text), None))
    processed([gig] if gig is not None else [])


# ----- Lancers ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("origin", "what"), sources("lancers_list"))
@FUZZ
@given(data=st.data())
def test_lancers_list_pages_damaged(origin, what, data):
    text = data.draw(mutated_text(load(origin, what)))
    selector = Selector(text=text)
    page = parse_or_refuse(lambda: parse_search_page(selector, LANCERS + "/work/search", LANCERS))
    if page is None:
        return
    assert len(page.gigs) + sum(page.skipped.values()) == len(result_cards(selector))
    processed(page.gigs)


@pytest.mark.parametrize(("origin", "what"), sources("lancers_detail"))
@FUZZ
@given(data=st.data())
def test_lancers_detail_pages_damaged(origin, what, data):
    text = data.draw(mutated_text(load(origin, what)))
    gig = parse_or_refuse(lambda: parse_detail_page(Selector(text=text), LANCERS + "/work/detail/5552617",
                                                    LANCERS, None))
    processed([gig] if gig is not None else [])


# ----- Shufti -------------------------------------------------------------------------------------------------
def check_shufti_payload(payload: Any) -> None:
    page = parse_or_refuse(lambda: parse_jobs(payload, SHUFTI_APP))
    if page is None:
        return
    assert len(page.gigs) + sum(page.skipped.values()) == len(payload["data"])
    processed(page.gigs)


@pytest.mark.parametrize(("origin", "what"), sources("shufti_list"))
@FUZZ
@given(data=st.data())
def test_shufti_api_pages_damaged(origin, what, data):
    text = data.draw(mutated_text(load(origin, what)))
    payload = parse_or_refuse(lambda: json.loads(text))
    if payload is not None:
        check_shufti_payload(payload)


@pytest.mark.parametrize(("origin", "what"), sources("shufti_list"))
@FUZZ
@given(data=st.data())
def test_shufti_api_json_with_odd_values(origin, what, data):
    check_shufti_payload(data.draw(mutated_json(json.loads(load(origin, what)), under=("data",))))


@FUZZ
@given(title=st.text(max_size=40), description=st.text(max_size=200), extra=mutated_text(
    '<html><body><main><h1>タイトル</h1><div class="job-description">本文<br>二行目</div></main></body></html>'))
def test_shufti_job_pages_damaged(title, description, extra):
    for text in (extra, f"<h1>{title}</h1><div class='job-description'>{description}</div>"):
        response = html(SHUFTI_APP + "/jobs/view/386001", text)
        gig = parse_or_refuse(lambda response=response: parse_job_page(response, "386001", SHUFTI_APP))
        processed([gig] if gig is not None else [])
