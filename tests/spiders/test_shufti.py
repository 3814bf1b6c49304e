"""The Shufti spider offline: the real guest API page job by job, bad input, job pages, `tanka parse`.

The real page (../shared/fixtures/shufti/guest_jobs_tag1_p1.json) is parsed once, with the clock
frozen at a crawl time; each field has its own test. Self-contained tests use the mirror's
synthetic API pages and job pages, which follow the real formats.
"""

from __future__ import annotations

import ast
import html
import json
import logging
from datetime import date, timedelta
from urllib.parse import parse_qs

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scrapy.exceptions import CloseSpider
from scrapy.http import HtmlResponse, Request, TextResponse
from scrapy.utils.test import get_crawler

from spiders import shufti_selectors as sel
from spiders.base import LayoutChanged, _ScopeState
from spiders.shufti import (
    ApiHeadersMiddleware,
    ShuftiSpider,
    UnparseableNumber,
    block_text,
    parse_amount,
    parse_jobs,
)
from tanka import cli as tanka_cli
from tanka.items import Gig
from tanka.mirror.server import MirrorRequest
from tanka.mirror.sites import shufti as mirror_shufti
from tanka.mirror.world import World
from tanka.offline import listing_rows, page_response, parse_saved_page, project_settings, spider_for
from tests.conftest import shared_page, tokyo

CRAWLED_AT = tokyo(2026, 9, 4, 9, 0)
APP = "https://app.shufti.jp"
API = "https://internal.shufti.jp"


# ----- the real guest API page, parsed once -----------------------------------------------------------
@pytest.fixture(scope="module")
def real_page():
    return shared_page("shufti", "guest_jobs_tag1_p1.json")


@pytest.fixture(scope="module")
def gigs(real_page) -> dict[str, Gig]:
    return {g.listing_id: g for g in parse_saved_page("shufti", real_page, crawled_at=CRAWLED_AT)}


@pytest.fixture(scope="module")
def rows(gigs) -> dict[str, dict]:
    return {r["listing_id"]: r for r in listing_rows(list(gigs.values()), now=CRAWLED_AT)}


def test_twenty_jobs(gigs):
    assert len(gigs) == 20


def test_ids_in_page_order(real_page):
    ids = [g.listing_id for g in parse_saved_page("shufti", real_page, crawled_at=CRAWLED_AT)]
    assert ids[:4] == ["386479", "386141", "382763", "360596"]


def test_title(gigs):
    assert gigs["386479"].title == "【完全在宅・未経験OK】商品のリサーチ・価格チェック♪長期継続あり"


def test_title_keeps_emoji_and_zwj(rows):
    assert rows["386457"]["title"].endswith("最大1500円（最低500円保証・営業ナシ🙅‍♀️）")


def test_url(gigs):
    assert gigs["386479"].url == "https://app.shufti.jp/jobs/view/386479"


def test_pay_type_raw(gigs):
    assert gigs["386479"].pay_type == "1"


def test_pay_type(rows):
    assert rows["386479"]["pay_type"] == "fixed"


def test_budget_min(rows):
    assert rows["386479"]["budget_min_yen"] == 1000


def test_budget_max(rows):
    assert rows["386479"]["budget_max_yen"] == 1000


def test_unit_price(rows):
    assert rows["386479"]["unit_price_yen"] == 100


def test_units(rows):
    assert rows["386479"]["units"] == 10


def test_units_of_a_one_item_job(rows):
    assert rows["386141"]["units"] == 1


def test_site_hourly(rows):
    assert rows["386479"]["site_hourly_yen"] == 400


def test_unit_minutes(rows):
    assert rows["386479"]["unit_minutes"] == 15.0  # 100円 at 400円/h


def test_unit_minutes_of_a_ten_minute_job(rows):
    assert rows["379448"]["unit_minutes"] == 10.0  # 「在宅10分!! 500円!」 at 3000円/h


def test_very_low_wage_is_kept(rows):
    assert (rows["385148"]["unit_price_yen"], rows["385148"]["site_hourly_yen"], rows["385148"]["units"]) == (5, 20, 100)


def test_deadline_in_days(rows):
    assert rows["386479"]["deadline"] == CRAWLED_AT + timedelta(days=7)


def test_deadline_in_hours(rows):
    assert rows["386153"]["deadline"] == CRAWLED_AT + timedelta(hours=11)


def test_deadline_raw_is_kept(gigs):
    assert gigs["386153"].deadline == "あと11時間"


def test_tags(rows):
    assert rows["386479"]["tags"] == ["初心者歓迎", "マニュアルあり", "スキル不要", "継続発注あり"]


def test_no_continuous_order_tag_when_false(rows):
    assert "継続発注あり" not in rows["379448"]["tags"]


def test_limited(rows):
    assert "limited" in rows["386049"]["tags"]


def test_not_limited(rows):
    assert "limited" not in rows["386479"]["tags"]


def test_view_count(gigs):
    assert gigs["379448"].extra["view_count"] == 13961


def test_client_hourly_wage(gigs):
    assert gigs["386479"].extra["client_hourly_wage"] == 394


def test_client_hourly_wage_null_is_left_out(gigs):
    assert "client_hourly_wage" not in gigs["386425"].extra


def test_continuous_order_raw(gigs):
    assert gigs["379448"].extra["continuous_order"] is False


def test_client_id(rows):
    assert rows["386479"]["client_id"] == "654350"


def test_client_name(rows):
    assert rows["386425"]["client_name"] == "稲葉＠Web集客"


def test_description_is_not_in_the_api(rows):
    assert rows["386479"]["description"] is None


def test_status(rows):
    assert rows["386479"]["status"] == "open"


# (id, price, unit_price, job_hourly_wage, period) of all 20 jobs, as the API sent them.
ALL_JOBS = [
    ("386479", 1000, 100, 400, "あと7日"), ("386141", 1200, 1200, 1200, "あと14日"),
    ("382763", 4000, 4000, 4000, "あと4日"), ("360596", 5000, 50, 1000, "あと3日"),
    ("379448", 500, 500, 3000, "あと5日"), ("386437", 10500, 30, 360, "あと12日"),
    ("386425", 5000, 5000, 1000, "あと9日"), ("386457", 1500, 500, 3000, "あと13日"),
    ("349621", 21000, 4200, 4200, "あと2日"), ("383990", 5000, 2500, 2500, "あと4日"),
    ("382938", 4000, 4000, 4000, "あと3日"), ("386153", 8000, 40, 300, "あと11時間"),
    ("386477", 15000, 150, 1800, "あと2日"), ("383666", 250, 50, 600, "あと1日"),
    ("386478", 18000, 120, 1028, "あと13日"), ("375865", 5000, 50, 600, "あと5日"),
    ("377450", 5000, 50, 600, "あと5日"), ("386113", 7500, 250, 3000, "あと13日"),
    ("386049", 9000, 60, 450, "あと13日"), ("385148", 500, 5, 20, "あと1日"),
]


@pytest.mark.parametrize(("listing_id", "price", "unit_price", "hourly", "period"), ALL_JOBS)
def test_every_job(gigs, rows, listing_id, price, unit_price, hourly, period):
    gig, row = gigs[listing_id], rows[listing_id]
    assert (row["budget_max_yen"], row["unit_price_yen"], row["units"], row["site_hourly_yen"], gig.deadline,
            row["unit_minutes"]) == (price, unit_price, price // unit_price, hourly, period,
                                     round(unit_price * 60 / hourly, 2))


def test_next_page(real_page):
    page = spider_for("shufti").parse_list(page_response(real_page, API + sel.JOBS_PATH))
    assert page.next_url.endswith("&job_tag_id=1&page=2")


def test_page_numbers(real_page):
    page = parse_jobs(json.loads(real_page.read_bytes()), APP)
    assert (page.page, page.total_pages) == (1, 260)


# ----- synthetic API pages from the mirror ---------------------------------------------------------
WORLD = World(3, 60, date(2026, 11, 2), kinds={"shufti": mirror_shufti.SITE.kinds},
              id_base={"shufti": mirror_shufti.SITE.id_base})


def _mirror_body(query: str = "page=1") -> str:
    request = MirrorRequest(mirror_shufti.API, sel.JOBS_PATH, parse_qs(query), WORLD, 0,
                            {mirror_shufti.API: API, mirror_shufti.APP: APP})
    return mirror_shufti.guest_jobs(request).body


def _payload(jobs: int = 5, **meta: int) -> dict:
    """A guest-API page from the mirror's synthetic world (the real shape and serialisation)."""
    payload = json.loads(_mirror_body())
    payload["data"] = payload["data"][:jobs]
    payload["meta"].update(meta)
    return payload


# ----- the mirror speaks the real format -------------------------------------------------------------
def _shape(value: object) -> object:
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shape(value[0])] if value else []
    return type(value).__name__


def test_the_mirror_api_has_the_real_shape(real_page):
    real, mirrored = json.loads(real_page.read_bytes()), _payload()
    # A job with tags and a client wage, like the real first job (null and [] hide the shape).
    job = next(j for j in mirrored["data"]
               if j["attributes"]["job_tags"] and j["attributes"]["client_hourly_wage"] is not None)
    assert (_shape(job), list(mirrored), list(mirrored["links"]), list(mirrored["meta"])) == (
        _shape(real["data"][0]), list(real), list(real["links"]), list(real["meta"]))


def test_the_mirror_api_is_serialised_like_php(real_page):
    real, mirrored = real_page.read_text(encoding="utf-8"), _mirror_body()
    assert [line[:24] for line in mirrored.splitlines()[:4]] == [line[:24] for line in real.splitlines()[:4]]
    assert (mirrored.isascii(), "\\/" in mirrored, "http://" in mirrored) == (True, True, False)


def test_the_mirror_pages_link_forward_and_back():
    query = "page=2&sort=start_date%7Cdesc&recruiting=all&continuous_order=all"
    links = json.loads(_mirror_body(query))["links"]
    assert (links["self"], links["prev"], links["next"]) == (
        API + sel.JOBS_PATH + "?continuous_order=all&page=2&recruiting=all&sort=start_date%7Cdesc",
        API + sel.JOBS_PATH + "?sort=start_date%7Cdesc&recruiting=all&continuous_order=all&page=1",
        API + sel.JOBS_PATH + "?sort=start_date%7Cdesc&recruiting=all&continuous_order=all&page=3")


def test_the_mirror_last_page_has_no_next():
    meta = json.loads(_mirror_body())["meta"]
    last = json.loads(_mirror_body(f"page={meta['last_page']}"))
    assert (last["links"]["next"], len(last["data"])) == (None, meta["total"] - 20 * (meta["last_page"] - 1))


def test_the_mirror_filters_by_tag():
    jobs = json.loads(_mirror_body("page=1&job_tag_id=9"))["data"]
    assert jobs and all(9 in [t["id"] for t in j["attributes"]["job_tags"]] for j in jobs)


def test_the_mirror_filters_by_keyword():
    jobs = json.loads(_mirror_body("page=1&keyword=%E3%82%A2%E3%83%B3%E3%82%B1%E3%83%BC%E3%83%88"))["data"]
    texts = [j["attributes"]["name"] + WORLD.find("shufti", j["id"], 0).description for j in jobs]
    assert texts and all("アンケート" in t for t in texts)


# ----- bad input ------------------------------------------------------------------------------------
@pytest.mark.parametrize("garbage", ["応相談", "1000円", "", "-5", "1e3", None, True, [1000]])
def test_a_job_with_an_unparseable_price_is_rejected(garbage):
    payload = _payload()
    payload["data"][2]["attributes"]["price"] = garbage
    if garbage is None:  # unknown, not garbage: kept with no budget
        assert parse_jobs(payload, APP).gigs[2].budget_max_yen is None
        return
    page = parse_jobs(payload, APP)
    assert (len(page.gigs), page.skipped["unparseable_price"]) == (4, 1)


def test_a_rejected_job_is_logged_with_its_id(caplog):
    payload = _payload()
    payload["data"][1]["attributes"]["unit_price"] = "未定"
    with caplog.at_level(logging.WARNING, logger="spiders.shufti"):
        parse_jobs(payload, APP)
    assert f"shufti job {payload['data'][1]['id']} rejected" in caplog.text


def test_a_rejected_job_is_counted_in_the_crawl_stats():
    payload = _payload()
    payload["data"][0]["attributes"]["job_hourly_wage"] = "時給不明"
    spider = _spider()
    response = TextResponse(API + sel.JOBS_PATH + "?page=1", body=json.dumps(payload).encode(),
                            request=Request(API + sel.JOBS_PATH, meta={"scope": "shufti:new", "page": 1}))
    spider.scopes["shufti:new"] = _ScopeState()
    list(spider._on_list_page(response))
    assert spider.crawler.stats.get_value("tanka/list/skipped/unparseable_price") == 1


def test_a_malformed_job_is_skipped():
    payload = _payload()
    del payload["data"][3]["attributes"]
    page = parse_jobs(payload, APP)
    assert (len(page.gigs), page.skipped["malformed_job"]) == (4, 1)


def test_a_page_of_only_malformed_jobs_is_a_changed_layout():
    payload = _payload(jobs=2)
    payload["data"] = [{"id": 1}, {"id": 2}]
    with pytest.raises(LayoutChanged):
        parse_jobs(payload, APP)


@pytest.mark.parametrize("payload", [[], {"data": []}, {"meta": {}}, {"data": {}, "meta": {}},
                                     {"data": [], "meta": {"current_page": "x", "last_page": 2}}])
def test_not_the_api_shape_is_a_changed_layout(payload):
    with pytest.raises(LayoutChanged):
        parse_jobs(payload, APP)


def test_an_html_answer_is_a_changed_layout():
    response = HtmlResponse(API + sel.JOBS_PATH, body=b"<html><body>Service Unavailable</body></html>")
    with pytest.raises(LayoutChanged):
        spider_for("shufti").parse_list(response)


def test_no_next_page_on_the_last_page_even_with_a_next_link():
    payload = _payload(current_page=3, last_page=3)
    payload["links"]["next"] = API + sel.JOBS_PATH + "?page=4"
    assert parse_jobs(payload, APP).next_url is None


def test_units_are_left_unknown_when_the_price_does_not_divide():
    payload = _payload(jobs=1)
    payload["data"][0]["attributes"].update(price="1000", unit_price="300")
    assert parse_jobs(payload, APP).gigs[0].units is None


def test_a_job_of_type_two_is_a_task():
    payload = _payload(jobs=1)
    payload["data"][0]["attributes"]["type"] = 2
    row = listing_rows(parse_jobs(payload, APP).gigs)[0]
    assert row["pay_type"] == "task"


def test_a_period_of_dashes_has_no_deadline():
    payload = _payload(jobs=1)
    payload["data"][0]["attributes"]["period"] = "--"
    gig = parse_jobs(payload, APP).gigs[0]
    gig.crawled_at = CRAWLED_AT.isoformat()
    assert listing_rows([gig])[0]["deadline"] is None


# ----- amounts (property tests) -----------------------------------------------------------------------
@given(st.integers(min_value=0, max_value=10**12))
def test_an_amount_string_parses_back_to_itself(amount):
    assert parse_amount(str(amount), "price") == amount


@given(st.integers(min_value=1000, max_value=10**12))
def test_thousands_separators_are_read(amount):
    assert parse_amount(f"{amount:,}", "price") == amount


@given(st.one_of(st.text(), st.integers(), st.floats(), st.none(), st.booleans()))
def test_parse_amount_returns_a_non_negative_number_or_rejects(value):
    try:
        result = parse_amount(value, "price")
    except UnparseableNumber:
        return
    assert result is None or result >= 0


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                    max_leaves=20)


@given(st.fixed_dictionaries({"data": st.lists(JSON | st.fixed_dictionaries(
    {"id": JSON, "attributes": st.dictionaries(st.sampled_from(["name", "type", "price", "unit_price", "period",
                                                                "job_hourly_wage", "job_tags", "limited"]), JSON)}),
    max_size=4), "meta": JSON, "links": JSON}))
def test_any_json_gives_listings_or_a_changed_layout(payload):
    try:
        page = parse_jobs(payload, APP)
    except LayoutChanged:
        return
    assert len(page.gigs) + sum(page.skipped.values()) == len(payload["data"])


# ----- listing sets -------------------------------------------------------------------------------------
def _spider(**settings) -> ShuftiSpider:
    values = {**project_settings().copy_to_dict(), "SHUFTI_ENABLED": True, "TANKA_KNOWN_LOADER": None,
              "TWISTED_REACTOR_ENABLED": False, **settings}  # no reactor: nothing is downloaded
    crawler = get_crawler(ShuftiSpider, values)
    return ShuftiSpider.from_crawler(crawler)


def test_new_list_url():
    assert _spider().list_url("new", None) == (
        "https://internal.shufti.jp/api/v1/guest/jobs?page=1&sort=start_date%7Cdesc&recruiting=all&continuous_order=all")


@pytest.mark.parametrize("value", ["1", "beginner", "初心者歓迎"])
def test_tag_list_url(value):
    assert _spider().list_url("tag", value).endswith("&continuous_order=all&job_tag_id=1")


def test_keyword_list_url():
    assert _spider().list_url("keyword", "データ入力").endswith(
        "&keyword=%E3%83%87%E3%83%BC%E3%82%BF%E5%85%A5%E5%8A%9B")


@pytest.mark.parametrize(("kind", "value"), [("tag", "3"), ("tag", "nosuchtag"), ("category", "1"),
                                             ("keyword", None), ("new", "x")])
def test_unknown_list_sets_are_refused(kind, value):
    with pytest.raises((KeyError, ValueError)):
        _spider().list_url(kind, value)


def test_one_scope_per_tag_however_it_is_named():
    spider = _spider()
    assert {spider.scope_name(n) for n in ("tag:9", "tag:data_entry", "tag:データ入力")} == {"shufti:tag:data_entry"}


# ----- requests: API without the browser, job pages with it --------------------------------------------
async def _start_requests(spider):
    return [r async for r in spider.start()]


def test_api_requests_do_not_use_the_browser():
    import asyncio

    requests = asyncio.run(_start_requests(_spider()))
    assert [r.meta.get("playwright") for r in requests] == [None]


def test_job_page_requests_use_the_browser_and_wait_for_the_description():
    spider = _spider(SHUFTI_RENDER_TIMEOUT_MS=1234)
    request = spider.detail_request(Gig(site="shufti", listing_id="386479", url=APP + "/jobs/view/386479"))
    method = request.meta["playwright_page_methods"][0]
    assert (request.meta["playwright"], method.method, method.args, method.kwargs) == (
        True, "wait_for_selector", ("div.job-description",), {"timeout": 1234})


def test_a_disabled_spider_crawls_nothing_and_says_why(caplog):
    import asyncio

    with caplog.at_level(logging.WARNING), pytest.raises(CloseSpider) as stopped:
        asyncio.run(_start_requests(_spider(SHUFTI_ENABLED=False)))
    assert (stopped.value.reason, "SHUFTI_ENABLED is off" in caplog.text) == ("shufti_disabled", True)


def test_only_the_shufti_spider_installs_the_browser_handler():
    handlers = project_settings().getdict("DOWNLOAD_HANDLERS")
    assert "playwright" not in json.dumps(handlers)


def test_the_shufti_spider_installs_the_browser_handler():
    assert "ScrapyPlaywrightDownloadHandler" in _spider().settings.getdict("DOWNLOAD_HANDLERS")["https"]


def test_the_project_middlewares_are_kept():
    middlewares = _spider().settings.getdict("DOWNLOADER_MIDDLEWARES")
    assert {"tanka.middlewares.RetryAfterMiddleware", ApiHeadersMiddleware} <= set(middlewares)


def test_live_pace_is_polite():
    settings = _spider().settings
    assert (settings.getfloat("DOWNLOAD_DELAY") >= 5, settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN")) == (True, 1)


def test_api_requests_carry_the_app_headers():
    request = Request(API + sel.JOBS_PATH + "?page=1")
    ApiHeadersMiddleware(APP).process_request(request)
    assert (request.headers[b"Accept"], request.headers[b"Origin"]) == (b"application/json", APP.encode())


def test_job_pages_do_not_get_the_api_headers():
    request = Request(APP + "/jobs/view/1", meta={"playwright": True})
    ApiHeadersMiddleware(APP).process_request(request)
    assert b"Origin" not in request.headers


# ----- job pages -----------------------------------------------------------------------------------------
RENDERED = """<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>シュフティ</title></head>
<body><div id="app"><main><h1>【在宅】名刺の<span>データ入力</span>作業</h1>
<div class="job-description">■ 作業内容<br>名刺の入力です。
<p>1件50円</p><p>よろしくお願いいたします。</p><script>var x = 1;</script></div></main></div></body></html>"""


def _html(body: str, listing_id: str = "386001") -> HtmlResponse:
    return HtmlResponse(f"{APP}/jobs/view/{listing_id}", body=body.encode("utf-8"), encoding="utf-8")


@pytest.fixture(scope="module")
def detail() -> Gig:
    return spider_for("shufti").parse_detail(_html(RENDERED), None)


def test_detail_title(detail):
    assert detail.title == "【在宅】名刺の データ入力 作業"


def test_detail_description_keeps_line_breaks(detail):
    assert detail.description.split("\n") == ["■ 作業内容", "名刺の入力です。", "", "1件50円", "",
                                              "よろしくお願いいたします。"]


def test_detail_id_from_the_url(detail):
    assert detail.listing_id == "386001"


def test_detail_page_kind():
    assert spider_for("shufti").page_kind(_html(RENDERED)) == "detail"


def test_the_unrendered_shell_is_no_page():
    assert spider_for("shufti").page_kind(_html(mirror_shufti.APP_SHELL)) is None


def test_the_unrendered_shell_cannot_be_parsed():
    with pytest.raises(LayoutChanged):
        spider_for("shufti").parse_detail(_html(mirror_shufti.APP_SHELL), None)


def test_the_synthetic_fixture_is_not_read_before_it_renders():
    # Its job sits in <script id="job-data"> only to drive its script: the real site has no such JSON.
    path = shared_page("shufti", "view_386479.html")
    assert parse_saved_page("shufti", path, crawled_at=CRAWLED_AT) == []


def test_saved_job_page_url():
    assert spider_for("shufti").saved_page_url(shared_page("shufti", "view_386479.html")) == APP + "/jobs/view/386479"


def test_block_text_skips_comments_and_styles():
    response = _html('<div class="job-description">a<!-- c --><style>p{}</style>b<br/>c</div>')
    assert block_text(response.css("div.job-description")[0].root) == "ab\nc"


def _rendered_records() -> list[dict[str, str]]:
    path = shared_page("shufti", "rendered_jobs_2025-04.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    return [ast.literal_eval(line.split("Job data: ", 1)[1]) for line in lines if "Job data: " in line]


def test_real_titles_and_descriptions_read_back():
    """The text a scraper read from 41 rendered pages, put back into h1 / div.job-description."""
    for record in _rendered_records():
        if record["title"] == "No Title Found":
            continue
        body = (f"<html><body><h1>{html.escape(record['title'])}</h1>"
                f"<div class=\"job-description\">{html.escape(record['description'])}</div></body></html>")
        gig = spider_for("shufti").parse_detail(_html(body, record["id"]), None)
        assert (gig.listing_id, gig.title, gig.description) == (
            record["id"], " ".join(record["title"].split()), record["description"].strip())


def test_real_pages_that_did_not_render_are_unavailable():
    unrendered = [r for r in _rendered_records() if r["title"] == "No Title Found"]
    assert [r["id"] for r in unrendered] == ["370923", "356259"]
    for record in unrendered:
        with pytest.raises(LayoutChanged):
            spider_for("shufti").parse_detail(_html("<html><body><div id='app'></div></body></html>", record["id"]), None)


# ----- tanka parse ---------------------------------------------------------------------------------------
def test_tanka_parse_prints_the_twenty_jobs(real_page, capsys):
    code = tanka_cli.main(["parse", "shufti", str(real_page), "--crawled-at", CRAWLED_AT.isoformat()])
    lines = capsys.readouterr().out.splitlines()
    first = json.loads(lines[0])
    assert (code, len(lines), first["listing_id"], first["budget_max_yen"], first["unit_price_yen"], first["units"],
            first["site_hourly_yen"], first["deadline"]) == (0, 20, "386479", 1000, 100, 10, 400,
                                                             "2026-09-11T09:00:00+09:00")


def test_tanka_parse_reads_a_saved_rendered_job_page(tmp_path, capsys):
    page = tmp_path / "view_386001.html"
    page.write_text(RENDERED, encoding="utf-8")
    code = tanka_cli.main(["parse", "shufti", str(page), "--crawled-at", CRAWLED_AT.isoformat()])
    row = json.loads(capsys.readouterr().out)
    assert (code, row["listing_id"], row["url"], row["description"].splitlines()[0]) == (
        0, "386001", APP + "/jobs/view/386001", "■ 作業内容")


def test_tanka_parse_says_why_an_unrendered_page_gives_nothing(capsys):
    code = tanka_cli.main(["parse", "shufti", str(shared_page("shufti", "view_386479.html"))])
    captured = capsys.readouterr()
    assert (code, captured.out, "after JavaScript runs" in captured.err) == (0, "", True)
