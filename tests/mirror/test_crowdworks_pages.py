"""The mirror's CrowdWorks pages have the real pages' structure, and the spider reads them.

Structure is compared with the real saved pages in ../shared (skipped when absent): the same JSON
keys at every level, the same attribute escaping, the same payment and entry vocabularies.
"""

from __future__ import annotations

import json
import re
from datetime import date
from urllib.parse import parse_qs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from parsel import Selector
from protego import Protego
from scrapy.http import HtmlResponse

from spiders.crowdworks import decode_container
from tanka.mirror.server import MirrorRequest
from tanka.mirror.sites.crowdworks import SITE, container_attribute
from tanka.mirror.world import World
from tanka.offline import listing_rows, spider_for
from tests.conftest import shared_page

START = date(2026, 11, 2)
BASE = "http://127.0.0.1:8001"
SETTING = "CROWDWORKS_BASE_URL"


@pytest.fixture(scope="module")
def world() -> World:
    return World(1, 120, START, kinds={"crowdworks": SITE.kinds}, id_base={"crowdworks": SITE.id_base})


def get(world: World, target: str, day: int = 0):
    path, _, query = target.partition("?")
    request = MirrorRequest(SETTING, path, parse_qs(query, keep_blank_values=True), world, day, {SETTING: BASE})
    return SITE.hosts[SETTING](request)


def response(world: World, target: str, day: int = 0) -> HtmlResponse:
    page = get(world, target, day)
    assert page.status == 200
    return HtmlResponse(BASE + target, body=page.body.encode(), encoding="utf-8")


def container(body: str) -> dict:
    return decode_container(Selector(text=body).css("#vue-container::attr(data)").get())


@pytest.fixture(scope="module")
def spider():
    return spider_for("crowdworks")


@pytest.fixture(scope="module")
def first_page(world, spider):
    page = get(world, "/public/jobs/search?hide_expired=true&order=new")
    return page.body, container(page.body), spider.parse_list(HtmlResponse(
        BASE + "/public/jobs/search?hide_expired=true&order=new", body=page.body.encode(), encoding="utf-8"))


@pytest.fixture(scope="module")
def real_pages() -> list[tuple[str, dict]]:
    found = []
    for name in ("category_16.html", "search_ruby.html"):
        body = shared_page("crowdworks", name).read_text(encoding="utf-8")
        found.append((body, container(body)))
    found.append(("", json.loads(shared_page("crowdworks", "jobs_new.json").read_text(encoding="utf-8"))))
    return found


def _entries(payload: dict) -> list[dict]:
    result = payload["searchResult"]
    return [e for key in ("job_offers", "pr_diamond", "pr_platinum", "pr_gold") for e in result[key]]


def _keys(payloads: list[dict], pick) -> set[str]:
    return {k for p in payloads for e in _entries(p) for k in pick(e)}


# ----- structure, compared with the real pages -----------------------------------------------------------
def test_top_level_keys_are_the_real_ones(first_page, real_pages):
    assert list(first_page[1]) == list(real_pages[0][1])


def test_result_keys_are_the_real_ones(first_page, real_pages):
    assert list(first_page[1]["searchResult"]) == list(real_pages[0][1]["searchResult"])


def test_page_keys_are_the_real_ones(first_page, real_pages):
    assert list(first_page[1]["searchResult"]["page"]) == list(real_pages[0][1]["searchResult"]["page"])


@pytest.mark.parametrize("part", ["job_offer", "client"])
def test_entry_keys_are_the_real_ones(first_page, real_pages, part):
    assert _keys([first_page[1]], lambda e: e[part]) == _keys([p for _, p in real_pages], lambda e: e[part])


@pytest.mark.parametrize("part", ["payment", "entry"])
def test_payment_and_entry_kinds_are_the_real_ones(first_page, real_pages, part):
    assert _keys([first_page[1]], lambda e: e[part]) == _keys([p for _, p in real_pages], lambda e: e[part])


def test_fields_of_each_payment_kind_are_the_real_ones(first_page, real_pages):
    def fields(payloads):
        return {(kind, tuple(values)) for p in payloads for e in _entries(p) for kind, values in e["payment"].items()}

    assert fields([first_page[1]]) <= fields([p for _, p in real_pages])


def test_amounts_have_the_real_json_types(first_page, real_pages):
    def types(payloads):
        return {(kind, name, type(v).__name__) for p in payloads for e in _entries(p)
                for kind, values in e["payment"].items() for name, v in values.items() if v is not None}

    assert types([first_page[1]]) <= types([p for _, p in real_pages])


def _entities(body: str) -> set[str]:
    attribute = re.search(r'id="vue-container" data="([^"]*)"', body).group(1)
    return set(re.findall(r"&#?\w+;", attribute))


def test_the_attribute_escapes_only_quotes_like_the_real_page(first_page, real_pages):
    assert _entities(first_page[0]) == _entities(real_pages[0][0]) == {"&quot;"}


def test_ampersands_are_json_escapes_like_the_real_page(first_page, real_pages):
    assert "\\u0026" in first_page[0] and "\\u0026" in real_pages[0][0]


def test_one_container_per_page_like_the_real_page(first_page, real_pages):
    counts = [(body.count('id="vue-container"'), body.count('data="{')) for body in (first_page[0], real_pages[0][0])]
    assert counts == [(1, 1), (1, 1)]


def test_line_breaks_stay_json_escapes(first_page):
    assert "\\r\\n" in first_page[0] and "\r\n" not in re.search(r'data="([^"]*)"', first_page[0]).group(1)


def test_digest_is_117_characters_and_dots(first_page):
    digests = {len(e["job_offer"]["description_digest"]) for e in _entries(first_page[1])}
    assert digests == {120}


def test_same_spider_reads_real_and_mirror_pages(first_page, real_pages, spider):
    real = spider.parse_list(HtmlResponse("https://crowdworks.jp/public/jobs/category/16",
                                          body=real_pages[0][0].encode(), encoding="utf-8"))
    assert (len(real.gigs), len(first_page[2].gigs) >= 50) == (14, True)


# ----- paging, PR slots, filters -------------------------------------------------------------------------
def test_fifty_listings_a_page(first_page):
    assert len(first_page[1]["searchResult"]["job_offers"]) == 50


def test_page_object(first_page, world):
    total = len(world.open_gigs("crowdworks", 0))
    assert first_page[1]["searchResult"]["page"] == {"current_page": 1, "total_page": -(-total // 50), "offset": 0,
                                                     "size": 50, "total_entries": total}


def test_spider_finds_the_next_page(first_page):
    assert first_page[2].next_url == BASE + "/public/jobs/search?hide_expired=true&order=new&page=2"


def test_a_pr_slot_repeats_a_listing_of_page_one(first_page):
    assert first_page[2].skipped["pr_duplicate"] >= 1


def test_promoted_listings_are_tagged(first_page, world):
    promoted = {str(g.id) for g in world.open_gigs("crowdworks", 0) if g.promoted}
    assert {g.listing_id for g in first_page[2].gigs if "promoted" in g.tags} == promoted


def test_the_last_page_is_short(world, spider):
    total = len(world.open_gigs("crowdworks", 0))
    last = -(-total // 50)
    page = spider.parse_list(response(world, f"/public/jobs/search?hide_expired=true&order=new&page={last}"))
    assert (page.next_url, len([g for g in page.gigs if "promoted" not in g.tags]) <= 50) == (None, True)


def test_a_page_past_the_end_is_empty(world):
    payload = container(get(world, "/public/jobs/search?hide_expired=true&order=new&page=99").body)
    assert payload["searchResult"]["job_offers"] == []


def test_all_pages_together_hold_every_open_listing(world, spider):
    seen, url = set(), "/public/jobs/search?hide_expired=true&order=new"
    while url:
        page = spider.parse_list(response(world, url))
        seen |= {g.listing_id for g in page.gigs}
        url = page.next_url.removeprefix(BASE) if page.next_url else None
    assert seen == {str(g.id) for g in world.open_gigs("crowdworks", 0)}


def test_a_parent_category_lists_its_children(world, spider):
    page = spider.parse_list(response(world, "/public/jobs/category/249?hide_expired=true&order=new"))
    assert page.gigs and {g.extra["category_id"] for g in page.gigs} <= {52, 54, 55}


def test_a_category_page_lists_only_that_category(world, spider):
    page = spider.parse_list(response(world, "/public/jobs/category/226?hide_expired=true&order=new"))
    assert page.gigs and {(g.extra["category_id"], g.category) for g in page.gigs} == {(226, "システム開発")}


def test_filtered_pages_have_no_pr_slots(world):
    result = container(get(world, "/public/jobs/category/249?hide_expired=true&order=new").body)["searchResult"]
    assert (result["pr_diamond"], result["pr_platinum"], result["pr_gold"]) == ([], [], [])


def test_keyword_search_matches_title_or_description(world, spider):
    page = spider.parse_list(response(world, "/public/jobs/search?hide_expired=true&order=new"
                                             "&search%5Bkeywords%5D=%E8%A8%98%E4%BA%8B"))
    texts = {g.listing_id: (g.title, world.find("crowdworks", int(g.listing_id), 0).description) for g in page.gigs}
    assert texts and all("記事" in title or "記事" in description for title, description in texts.values())


def test_search_canonical_is_double_escaped_like_the_real_page(world):
    body = get(world, "/public/jobs/search?hide_expired=true&order=new&search%5Bkeywords%5D=Ruby").body
    assert '?hide_expired=true&amp;amp;order=new&amp;amp;search%5Bkeywords%5D=Ruby"' in body


def test_every_pay_kind_is_served(first_page, world, spider):
    page = spider.parse_list(response(world, "/public/jobs/search?hide_expired=true&order=new&page=2"))
    kinds = {r["pay_type"] for r in listing_rows(first_page[2].gigs + page.gigs)}
    assert kinds == {"fixed", "hourly", "task", "writing", "competition"}


def test_agency_listings_are_served(world, spider):
    gigs = [g for n in (1, 2, 3)
            for g in spider.parse_list(response(world, f"/public/jobs/search?hide_expired=true&order=new&page={n}")).gigs]
    assert any("agency" in g.tags for g in gigs)


# ----- job pages ------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def detail(world, spider):
    gig = next(g for g in world.open_gigs("crowdworks", 0) if g.kind == "fixed" and not g.limited
               and g.client.rating and g.category != "development")
    page = spider.parse_detail(response(world, f"/public/jobs/{gig.id}"), None)
    return gig, page, listing_rows([page])[0]


def test_detail_is_a_detail_page(world, spider, detail):
    assert spider.page_kind(response(world, f"/public/jobs/{detail[0].id}")) == "detail"


def test_detail_id_from_the_canonical_link(detail):
    assert detail[1].listing_id == str(detail[0].id)


def test_detail_title(detail):
    assert detail[1].title == detail[0].title


def test_detail_description(detail):
    assert detail[1].description == detail[0].description.replace("\r\n", "\n")


def test_detail_applicants(detail):
    assert detail[2]["applicants"] == detail[0].applicants


def test_detail_slots(detail):
    assert detail[2]["slots"] == detail[0].slots


def test_detail_deadline(detail):
    assert detail[2]["deadline"].date() == detail[0].deadline


def test_detail_client(detail):
    client = detail[0].client
    assert (detail[2]["client_name"], detail[2]["client_rating"], detail[2]["client_orders"],
            detail[2]["client_verified"]) == (client.name, client.rating, client.orders, client.verified)


def test_detail_budget(detail):
    gig, row = detail[0], detail[2]
    assert row["budget_max_yen"] == gig.budget_max


@pytest.mark.parametrize("kind", ["hourly", "task", "writing", "competition"])
def test_detail_pages_of_every_kind_parse(world, spider, kind):
    gig = next(g for g in world.open_gigs("crowdworks", 0) if g.kind == kind and not g.limited)
    row = listing_rows([spider.parse_detail(response(world, f"/public/jobs/{gig.id}"), None)])[0]
    assert row["pay_type"] == kind


def test_a_closed_listing_says_so(world, spider):
    gone = next(g for g in world.open_gigs("crowdworks", 0) if world.find("crowdworks", g.id, 3) is None
                and not g.limited)
    page = spider.parse_detail(response(world, f"/public/jobs/{gone.id}", day=3), None)
    assert listing_rows([page])[0]["status"] == "closed"


def test_an_unknown_job_is_404(world):
    assert get(world, "/public/jobs/99999999").status == 404


def test_a_login_only_job_redirects_to_the_login_page(world):
    limited = next(g for g in world.open_gigs("crowdworks", 0) if g.limited)
    page = get(world, f"/public/jobs/{limited.id}")
    assert (page.status, page.headers["Location"].startswith("/login")) == (302, True)


def test_the_login_page_is_not_a_job_page(world, spider):
    assert spider.page_kind(response(world, "/login")) is None


# ----- robots.txt -----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def robots() -> Protego:
    return Protego.parse(SITE.robots[SETTING])


@pytest.mark.parametrize("path", ["/public/jobs/search?hide_expired=true&order=new", "/public/jobs/category/16",
                                  "/public/jobs/13426523"])
def test_robots_allows_the_listing_pages(robots, path):
    assert robots.can_fetch(BASE + path, "tanka/0.1")


@pytest.mark.parametrize("path", ["/api/v2/jobs", "/attachments/1.png", "/internal/x"])
def test_robots_disallows_the_private_paths(robots, path):
    assert not robots.can_fetch(BASE + path, "tanka/0.1")


def test_robots_keeps_the_public_api_open(robots):
    assert robots.can_fetch(BASE + "/api/v3/public/x", "tanka/0.1")


def test_robots_blocks_baidu(robots):
    assert not robots.can_fetch(BASE + "/public/jobs", "Baiduspider")


# ----- encoding, as a property -------------------------------------------------------------------------------
_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=25)


@given(st.dictionaries(st.text(max_size=8), _json, max_size=5))
@settings(max_examples=100, deadline=None)
def test_the_container_attribute_decodes_back_to_the_payload(payload):
    body = f'<div id="vue-container" data="{container_attribute(payload)}"></div>'
    assert container(body) == payload


@given(st.text())
@settings(max_examples=100, deadline=None)
def test_the_container_attribute_holds_no_raw_markup(text):
    attribute = container_attribute({"t": text})
    assert not set("<>&\"'") & set(re.sub(r"&(quot|#39);", "", attribute))
