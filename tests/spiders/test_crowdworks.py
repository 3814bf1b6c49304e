"""CrowdWorks list, category and search pages: the real saved pages, field by field.

Each real page is parsed once per module with a frozen crawl time; then one assertion per field.
Real pages are read in place from ../shared/fixtures (skipped when absent). Job pages are in
test_crowdworks_detail.py.
"""

from __future__ import annotations

import contextlib
import io
import json
from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from parsel import Selector
from scrapy.http import HtmlResponse, TextResponse

from spiders.base import LayoutChanged
from spiders.crowdworks import decode_container, entry_gig, parse_list_payload
from tanka import cli as tanka_cli
from tanka.items import Gig
from tanka.offline import listing_rows, page_response, parse_saved_page, spider_for
from tests.conftest import shared_page, tokyo

CRAWLED_AT = tokyo(2026, 9, 4, 9, 0)
BASE = "https://crowdworks.jp"


def by_id(gigs: list[Gig]) -> dict[str, Gig]:
    return {g.listing_id: g for g in gigs}


def rows_by_id(gigs: list[Gig]) -> dict[str, dict]:
    return {r["listing_id"]: r for r in listing_rows(gigs, now=CRAWLED_AT)}


@pytest.fixture(scope="module")
def spider():
    return spider_for("crowdworks")


# ----- category_16.html: HTML・CSSコーディング, 14 listings on one page ----------------------------------
@pytest.fixture(scope="module")
def category16():
    path = shared_page("crowdworks", "category_16.html")
    spider = spider_for("crowdworks")
    response = page_response(path, f"{BASE}/public/jobs/category/16?hide_expired=true&order=new")
    page = spider.parse_list(response)
    for gig in page.gigs:
        gig.crawled_at = CRAWLED_AT.isoformat()
    return page, by_id(page.gigs), rows_by_id(page.gigs)


def test_category16_has_all_14_listings_in_page_order(category16):
    page, _, _ = category16
    assert [g.listing_id for g in page.gigs] == [
        "13426523", "13423822", "13423789", "13423748", "13423714", "13423464", "13420344",
        "13235890", "13406574", "13406328", "13405410", "13402553", "13401485", "13418147"]


def test_category16_is_one_page(category16):
    page, _, _ = category16
    assert (page.page, page.total_pages, page.next_url) == (1, 1, None)


def test_category16_skips_nothing(category16):
    assert category16[0].skipped == {}


def test_category16_title(category16):
    assert category16[1]["13426523"].title == "ウェブサイトの新規コーディング"


def test_category16_url(category16):
    assert category16[1]["13426523"].url == "https://crowdworks.jp/public/jobs/13426523"


def test_category16_pay_type(category16):
    assert {g.pay_type for g in category16[1].values()} == {"fixed_price_payment"}


def test_category16_normalized_pay_type(category16):
    assert {r["pay_type"] for r in category16[2].values()} == {"fixed"}


def test_category16_budget_min(category16):
    assert category16[1]["13426523"].budget_min_yen == 100000


def test_category16_budget_max(category16):
    assert category16[1]["13426523"].budget_max_yen == 150000


def test_category16_band_budgets(category16):
    gigs = category16[1]
    assert [(gigs[i].budget_min_yen, gigs[i].budget_max_yen) for i in ("13423822", "13423789", "13406328")] == \
           [(30000, 50000), (10000, 30000), (150000, 200000)]


def test_category16_negotiable_budget_has_no_bounds(category16):
    row = category16[2]["13423464"]
    assert (row["budget_min_yen"], row["budget_max_yen"]) == (None, None)


def test_category16_single_amount_is_an_upper_bound(category16):
    row = category16[2]["13420344"]
    assert (row["budget_min_yen"], row["budget_max_yen"]) == (None, 33000)


def test_category16_applicants(category16):
    assert category16[1]["13235890"].applicants == 339


def test_category16_slots(category16):
    assert category16[1]["13420344"].slots == 3


def test_category16_contracts(category16):
    assert category16[1]["13405410"].contracts == 1


def test_category16_deadline(category16):
    assert category16[1]["13426523"].deadline == "2026-09-17"


def test_category16_normalized_deadline_is_end_of_day_tokyo(category16):
    assert category16[2]["13426523"]["deadline"] == tokyo(2026, 9, 17, 23, 59, 59)


def test_category16_posted_at(category16):
    assert category16[1]["13426523"].posted_at == "2026-09-03T16:41:21+09:00"


def test_category16_client_id(category16):
    assert category16[1]["13426523"].client_id == "3108232"


def test_category16_client_name(category16):
    assert category16[1]["13423464"].client_name == "NORTH inc."


def test_category16_client_verified_is_not_on_list_pages(category16):
    assert {g.client_verified for g in category16[1].values()} == {None}


def test_category16_certified_client_stays_in_extra(category16):
    assert category16[1]["13235890"].extra["client_certified"] is True


def test_category16_category_name_from_the_id(category16):
    assert category16[1]["13426523"].category == "HTML・CSSコーディング"


def test_category16_category_id(category16):
    assert category16[1]["13426523"].extra["category_id"] == 16


def test_category16_skills(category16):
    assert category16[1]["13420344"].extra["skills"] == ["HTML", "CSS", "JavaScript", "JavaScript (jQuery)",
                                                         "CMS・WordPress"]


def test_category16_description_is_the_digest(category16):
    description = category16[1]["13426523"].description
    assert description.startswith("新規ウェブサイトのコーディングを依頼できる方を募集します。\r\n")
    assert len(description) == 120 and description.endswith("...")


def test_category16_normalized_description_has_lf_line_ends(category16):
    assert "\r" not in category16[2]["13426523"]["description"]


def test_category16_status(category16):
    assert {r["status"] for r in category16[2].values()} == {"open"}


def test_category16_no_tags(category16):
    assert [g.tags for g in category16[1].values()] == [[]] * 14


# ----- search_ruby.html: keyword search, mostly CrowdWorks' own agency -------------------------------
@pytest.fixture(scope="module")
def ruby():
    path = shared_page("crowdworks", "search_ruby.html")
    gigs = parse_saved_page("crowdworks", path, f"{BASE}/public/jobs/search?hide_expired=true&order=new"
                            "&search%5Bkeywords%5D=Ruby", crawled_at=CRAWLED_AT)
    return by_id(gigs), rows_by_id(gigs)


def test_ruby_count(ruby):
    assert len(ruby[0]) == 14


def test_ruby_agency_listings_are_kept_and_tagged(ruby):
    agency = sorted(i for i, g in ruby[0].items() if "agency" in g.tags)
    assert len(agency) == 11 and "12939938" in agency and "13409237" not in agency


def test_ruby_title(ruby):
    assert ruby[0]["13429135"].title == "⭐【Ruby】電子書籍アプリ開発業務案件⭐"


def test_ruby_open_ended_budget(ruby):
    row = ruby[1]["13422647"]
    assert (row["budget_min_yen"], row["budget_max_yen"]) == (1000000, None)


def test_ruby_hourly_pay_type(ruby):
    assert ruby[1]["13397777"]["pay_type"] == "hourly"


def test_ruby_hourly_min(ruby):
    assert ruby[0]["13397777"].hourly_min_yen == 1500


def test_ruby_hourly_max(ruby):
    assert ruby[0]["13397777"].hourly_max_yen == 2000


def test_ruby_hourly_has_no_budget(ruby):
    row = ruby[1]["13397777"]
    assert (row["budget_min_yen"], row["budget_max_yen"]) == (None, None)


def test_ruby_skills(ruby):
    assert ruby[0]["13397777"].extra["skills"] == ["Ruby on Rails", "vue.js"]


def test_ruby_agent_slots(ruby):
    assert ruby[0]["12939938"].slots == 10


def test_ruby_agent_applicants(ruby):
    assert ruby[0]["12939938"].applicants == 115


def test_ruby_unknown_category_has_no_name(ruby):
    assert (ruby[0]["13429135"].category, ruby[0]["13429135"].extra["category_id"]) == (None, 25)


# ----- jobs_new.json: the decoded container of /public/jobs?order=new, every payment type ------------
@pytest.fixture(scope="module")
def jobs_new():
    path = shared_page("crowdworks", "jobs_new.json")
    spider = spider_for("crowdworks")
    response = page_response(path, f"{BASE}/public/jobs/search?hide_expired=true&order=new")
    page = spider.parse_list(response)
    for gig in page.gigs:
        gig.crawled_at = CRAWLED_AT.isoformat()
    return page, by_id(page.gigs), rows_by_id(page.gigs), spider.page_kind(response)


def test_jobs_new_is_a_list_page(jobs_new):
    assert jobs_new[3] == "list"


def test_jobs_new_keeps_50_listings_and_7_pr_slots(jobs_new):
    assert len(jobs_new[0].gigs) == 57


def test_jobs_new_has_no_pr_repeats(jobs_new):
    assert jobs_new[0].skipped == {}


def test_jobs_new_next_page(jobs_new):
    page = jobs_new[0]
    assert (page.page, page.total_pages, page.next_url) == (
        1, 7209, f"{BASE}/public/jobs/search?hide_expired=true&order=new&page=2")


def test_jobs_new_pr_slots_are_promoted(jobs_new):
    slots = sorted((g.extra["pr_slot"], g.listing_id) for g in jobs_new[1].values() if "promoted" in g.tags)
    assert slots == [("diamond", "13063985"), ("diamond", "13070719"), ("diamond", "13082481"),
                     ("gold", "13065032"), ("gold", "13072898"), ("platinum", "13072187"),
                     ("platinum", "13074787")]


def test_jobs_new_pay_types(jobs_new):
    counts: dict[str, int] = {}
    for row in jobs_new[2].values():
        counts[row["pay_type"]] = counts.get(row["pay_type"], 0) + 1
    assert counts == {"fixed": 39, "hourly": 5, "task": 7, "writing": 5, "competition": 1}


def test_writing_unit_price(jobs_new):
    assert jobs_new[2]["13086634"]["unit_price_yen"] == 600


def test_writing_unit_chars(jobs_new):
    assert jobs_new[2]["13086634"]["unit_chars"] == 500


def test_writing_min_chars_in_extra(jobs_new):
    assert jobs_new[1]["13086634"].extra["min_article_chars"] == 500


def test_writing_slots(jobs_new):
    assert jobs_new[2]["13086634"]["slots"] == 3


def test_writing_genre(jobs_new):
    assert jobs_new[1]["13086634"].extra["genre"] == "sport"


def test_writing_has_no_budget(jobs_new):
    row = jobs_new[2]["13071459"]
    assert (row["pay_type"], row["unit_price_yen"], row["unit_chars"], row["budget_max_yen"]) == \
           ("writing", 2500, 1800, None)


def test_task_unit_price(jobs_new):
    assert jobs_new[2]["13086610"]["unit_price_yen"] == 7


def test_task_unit_minutes(jobs_new):
    assert jobs_new[2]["13086610"]["unit_minutes"] == 19.0


def test_task_units_done_are_the_applicants(jobs_new):
    assert jobs_new[2]["13086610"]["applicants"] == 8


def test_task_units_on_offer_are_the_slots(jobs_new):
    assert jobs_new[2]["13086610"]["slots"] == 47


def test_task_units_on_offer(jobs_new):
    assert jobs_new[2]["13086610"]["units"] == 47


def test_task_has_no_contracts(jobs_new):
    assert jobs_new[2]["13086610"]["contracts"] is None


def test_hourly_bounds(jobs_new):
    row = jobs_new[2]["13086589"]
    assert (row["pay_type"], row["hourly_min_yen"], row["hourly_max_yen"]) == ("hourly", 2000, 3000)


def test_hourly_slots(jobs_new):
    assert jobs_new[2]["13086589"]["slots"] == 10


def test_competition_prize(jobs_new):
    row = jobs_new[2]["13086615"]
    assert (row["pay_type"], row["budget_min_yen"], row["budget_max_yen"]) == ("competition", 6600, 6600)


def test_competition_entries_are_the_applicants(jobs_new):
    assert jobs_new[2]["13086615"]["applicants"] == 0


def test_fixed_zero_minimum_means_no_lower_bound(jobs_new):
    row = jobs_new[2]["13086632"]
    assert (row["budget_min_yen"], row["budget_max_yen"]) == (None, 5000)


def test_fixed_tiny_budget_with_many_slots(jobs_new):
    row = jobs_new[2]["13086561"]
    assert (row["budget_max_yen"], row["slots"]) == (1, 1000)


def test_fixed_band(jobs_new):
    row = jobs_new[2]["13086633"]
    assert (row["budget_min_yen"], row["budget_max_yen"]) == (400000, 500000)


def test_pr_task_values(jobs_new):
    row = jobs_new[2]["13074787"]
    assert (row["unit_price_yen"], row["unit_minutes"], row["applicants"], row["slots"]) == (110, 2.0, 247, 350)


def test_pr_hourly_values(jobs_new):
    row = jobs_new[2]["13072898"]
    assert (row["hourly_min_yen"], row["hourly_max_yen"], row["tags"]) == (1000, 2000, ["promoted"])


def test_certified_client_flag(jobs_new):
    assert jobs_new[1]["13086566"].extra["client_certified"] is True


def test_deadline(jobs_new):
    assert jobs_new[1]["13086589"].deadline == "2026-05-11"


def test_posted_at(jobs_new):
    assert jobs_new[2]["13086589"]["posted_at"] == tokyo(2026, 4, 27, 9, 42, 50)


def test_login_required_flag_is_kept(jobs_new):
    assert {g.extra["login_required"] for g in jobs_new[1].values()} == {False}


# ----- shapes the real pages do not show: synthetic payloads built here ----------------------------
def _entry(listing_id: int, payment: dict | None = None, **offer) -> dict:
    return {"job_offer": {"id": listing_id, "title": f"案件{listing_id}", "description_digest": "説明",
                          "category_id": 249, "genre": None, "skills": [], "options": [],
                          "status": "released", "expired_on": "2026-12-01",
                          "last_released_at": "2026-11-20T10:00:00+09:00", "is_login_required": False, **offer},
            "payment": payment or {"fixed_price_payment": {"min_budget": 5000.0, "max_budget": 10000.0}},
            "entry": {"project_entry": {"num_contracts": 0, "project_contract_hope_number": 1,
                                        "num_application_conditions": 3}},
            "client": {"user_id": 1, "username": "client", "user_picture_url": "",
                       "is_employer_certification": False}}


def _payload(offers: list, page: dict | None = None, **slots) -> dict:
    return {"isMobile": False, "showSurvey": False, "isBeginner": False,
            "searchResult": {"job_offers": offers, "pr_diamond": [], "pr_platinum": [], "pr_gold": [],
                             "recommendation": [], "watchlists": [],
                             "page": page or {"current_page": 1, "total_page": 1, "offset": 0,
                                              "size": len(offers), "total_entries": len(offers)},
                             **slots}}


def test_a_pr_slot_repeating_a_listing_is_counted_and_marks_it_promoted():
    page = parse_list_payload(_payload([_entry(1), _entry(2)], pr_gold=[_entry(2), _entry(3)]), f"{BASE}/public/jobs")
    assert ([g.listing_id for g in page.gigs], page.skipped["pr_duplicate"], by_id(page.gigs)["2"].tags) == \
           (["1", "2", "3"], 1, ["promoted"])


def test_urgent_option_becomes_a_tag():
    assert entry_gig(_entry(1, options=["urgent"]), BASE).tags == ["urgent"]


def test_login_only_listing_is_tagged_limited():
    assert entry_gig(_entry(1, is_login_required=True), BASE).tags == ["limited"]


def test_an_entry_with_a_text_amount_is_rejected_and_counted():
    bad = _entry(2, {"fixed_price_payment": {"min_budget": "5,000", "max_budget": 10000.0}})
    page = parse_list_payload(_payload([_entry(1), bad]), f"{BASE}/public/jobs")
    assert ([g.listing_id for g in page.gigs], page.skipped["unparseable_entry"]) == (["1"], 1)


def test_an_unknown_payment_kind_keeps_the_listing_and_its_raw_payment():
    gig = entry_gig(_entry(1, None) | {"payment": {"monthly_payment": {"monthly_fee": 30000}}}, BASE)
    assert (gig.pay_type, gig.extra["payment"]) == ("monthly_payment", {"monthly_payment": {"monthly_fee": 30000}})


def test_an_unknown_payment_kind_is_not_given_a_pay_type():
    gig = entry_gig(_entry(1, None) | {"payment": {"monthly_payment": {}}}, BASE)
    assert listing_rows([gig])[0]["pay_type"] is None


def test_next_page_keeps_the_query():
    page = parse_list_payload(_payload([_entry(1)], {"current_page": 2, "total_page": 13, "offset": 50,
                                                     "size": 50, "total_entries": 606}),
                              f"{BASE}/public/jobs/category/249?hide_expired=true&order=new&page=2")
    assert page.next_url == f"{BASE}/public/jobs/category/249?hide_expired=true&order=new&page=3"


def test_the_last_page_has_no_next_page():
    page = parse_list_payload(_payload([_entry(1)], {"current_page": 13, "total_page": 13, "offset": 600,
                                                     "size": 6, "total_entries": 606}), f"{BASE}/public/jobs")
    assert page.next_url is None


@pytest.mark.parametrize("body", [
    "<html><body><p>大変申し訳ありませんが、ページを正しく表示できませんでした。</p></body></html>",
    '<html><body><vue-container data="{&quot;searchResult&quot;:{}}"></vue-container></body></html>',
    '<html><body><div id="vue-container" data="{&quot;isMobile&quot;:false}"></div></body></html>',
    '<html><body><div id="vue-container" data="{not json"></div></body></html>',
    '<html><body><div id="vue-container" data="{&quot;searchResult&quot;:{&quot;job_offers&quot;:[]}}">'
    "</div></body></html>",
], ids=["no-container", "tag-not-id", "no-searchResult", "not-json", "no-page-object"])
def test_a_page_without_the_result_set_is_a_changed_layout(spider, body):
    response = HtmlResponse(f"{BASE}/public/jobs", body=body.encode(), encoding="utf-8")
    with pytest.raises(LayoutChanged):
        spider.parse_list(response)


def test_a_page_without_the_container_is_no_known_kind(spider):
    response = HtmlResponse(f"{BASE}/public/jobs", body=b"<html><body>maintenance</body></html>", encoding="utf-8")
    assert spider.page_kind(response) is None


def test_a_json_body_without_a_result_set_is_no_known_kind(spider):
    response = TextResponse(f"{BASE}/x.json", body=b'{"errors": ["unauthorized"]}', encoding="utf-8")
    assert spider.page_kind(response) is None


def test_a_json_array_is_no_known_kind_and_no_crash(spider):
    response = TextResponse(f"{BASE}/x.json", body=b'[{"title": "x"}]', encoding="utf-8")
    assert spider.page_kind(response) is None


# ----- listing sets ------------------------------------------------------------------------------------
def test_new_list_url(spider):
    assert spider.list_url("new", None) == f"{BASE}/public/jobs/search?hide_expired=true&order=new"


def test_category_list_url(spider):
    assert spider.list_url("category", "249") == f"{BASE}/public/jobs/category/249?hide_expired=true&order=new"


def test_keyword_list_url_is_the_real_search_url(spider):
    assert spider.list_url("keyword", "Ruby") == \
           f"{BASE}/public/jobs/search?hide_expired=true&order=new&search%5Bkeywords%5D=Ruby"


def test_keyword_list_url_encodes_japanese(spider):
    assert spider.list_url("keyword", "データ入力").endswith(
        "search%5Bkeywords%5D=%E3%83%87%E3%83%BC%E3%82%BF%E5%85%A5%E5%8A%9B")


@pytest.mark.parametrize(("kind", "value"), [("weekly", None), ("category", "html"), ("keyword", " "),
                                             ("new", "x"), ("category", None)])
def test_unknown_listing_sets_are_refused(spider, kind, value):
    with pytest.raises(ValueError):
        spider.list_url(kind, value)


def test_live_crawls_are_polite():
    from spiders.crowdworks import CrowdWorksSpider

    polite = CrowdWorksSpider.custom_settings
    assert (polite["DOWNLOAD_DELAY"] >= 10, polite["CONCURRENT_REQUESTS_PER_DOMAIN"],
            polite["RANDOMIZE_DOWNLOAD_DELAY"]) == (True, 1, False)


# ----- `tanka parse` -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def parsed_by_cli():
    path = shared_page("crowdworks", "category_16.html")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = tanka_cli.main(["parse", "crowdworks", str(path), "--crawled-at", CRAWLED_AT.isoformat()])
    return code, out.getvalue(), err.getvalue()


def test_cli_parse_exits_0(parsed_by_cli):
    assert parsed_by_cli[0] == 0


def test_cli_parse_prints_exactly_one_json_object_per_listing(parsed_by_cli):
    lines = parsed_by_cli[1].splitlines()
    assert [json.loads(line)["listing_id"] for line in lines] == [
        "13426523", "13423822", "13423789", "13423748", "13423714", "13423464", "13420344",
        "13235890", "13406574", "13406328", "13405410", "13402553", "13401485", "13418147"]


def test_cli_parse_numbers(parsed_by_cli):
    first = json.loads(parsed_by_cli[1].splitlines()[0])
    assert (first["site"], first["pay_type"], first["budget_min_yen"], first["budget_max_yen"], first["applicants"],
            first["slots"], first["deadline"]) == ("crowdworks", "fixed", 100000, 150000, 27, 2,
                                                   "2026-09-17T23:59:59+09:00")


def test_cli_parse_negotiable_listing(parsed_by_cli):
    rows = {json.loads(line)["listing_id"]: json.loads(line) for line in parsed_by_cli[1].splitlines()}
    assert (rows["13423464"]["budget_min_yen"], rows["13423464"]["budget_max_yen"]) == (None, None)


def test_cli_parse_page_capsys(capsys):
    path = shared_page("crowdworks", "category_16.html")
    assert tanka_cli.main(["parse", "crowdworks", str(path), "--crawled-at", CRAWLED_AT.isoformat()]) == 0
    out = capsys.readouterr().out
    assert len([json.loads(line) for line in out.splitlines()]) == 14


def test_cli_parse_reads_the_bare_json(capsys):
    path = shared_page("crowdworks", "jobs_new.json")
    assert tanka_cli.main(["parse", "crowdworks", str(path), "--crawled-at", CRAWLED_AT.isoformat()]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 57


# ----- properties --------------------------------------------------------------------------------------
_json = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**9) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20)


@given(st.dictionaries(st.text(max_size=12), _json, max_size=5))
@settings(max_examples=100, deadline=None)
def test_any_payload_is_parsed_or_refused_as_a_changed_layout(payload):
    try:
        page = parse_list_payload(payload, f"{BASE}/public/jobs")
    except LayoutChanged:
        return
    assert all(isinstance(g, Gig) for g in page.gigs)


@given(st.fixed_dictionaries({"job_offers": st.lists(_json, max_size=4), "pr_gold": _json,
                              "page": st.fixed_dictionaries({"current_page": st.integers(0, 5),
                                                             "total_page": st.integers(0, 5)})}))
@settings(max_examples=100, deadline=None)
def test_broken_entries_are_counted_never_raised(result):
    page = parse_list_payload({"searchResult": result}, f"{BASE}/public/jobs")
    pr_gold = result["pr_gold"] if isinstance(result["pr_gold"], list) else []
    accounted = len(page.gigs) + sum(page.skipped[k] for k in ("unparseable_entry", "pr_duplicate", "duplicate"))
    assert accounted == len(result["job_offers"]) + len(pr_gold)


_amount = st.none() | st.floats(0, 10**8, allow_nan=False) | st.integers(0, 10**8)


@given(_amount, _amount)
@settings(max_examples=100, deadline=None)
def test_fixed_bounds_normalize_to_an_ordered_range_or_unknown(low, high):
    gig = entry_gig(_entry(1, {"fixed_price_payment": {"min_budget": low, "max_budget": high}}), BASE)
    row = listing_rows([gig], now=CRAWLED_AT)[0]
    lo, hi = row["budget_min_yen"], row["budget_max_yen"]
    assert lo is None or hi is None or lo <= hi
    assert lo != 0 and hi != 0  # 0 is "no bound", never an amount


@given(st.text(min_size=1, max_size=40))
@settings(max_examples=100, deadline=None)
def test_the_attribute_decodes_back_to_the_json(text):
    payload = {"searchResult": {"title": text}}
    attribute = (json.dumps(payload, ensure_ascii=False).replace("&", "\\u0026").replace("<", "\\u003c")
                 .replace('"', "&quot;"))
    data = Selector(text=f'<div id="vue-container" data="{attribute}"></div>').css("#vue-container::attr(data)").get()
    assert decode_container(data) == payload


def test_frozen_clock_stamps_every_listing():
    gigs = parse_saved_page("crowdworks", shared_page("crowdworks", "category_16.html"),
                            crawled_at=datetime(2026, 9, 4, 0, 0, tzinfo=CRAWLED_AT.tzinfo))
    assert {g.crawled_at for g in gigs} == {"2026-09-04T00:00:00+09:00"}
