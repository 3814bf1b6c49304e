"""CrowdWorks job pages (`/public/jobs/<id>`): the four synthetic pages in ../shared, field by field,
and checked against the real values of the same jobs in detail_values.json.

The detail markup is inferred (no real page is public), so these tests pin the parser to it and to
the real values; a live page that disagrees shows up as `tanka/detail/unavailable/layout_changed`.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from parsel import Selector
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from spiders.base import LayoutChanged
from spiders.crowdworks import CrowdWorksSpider, description_text, detail_gig
from tanka.items import Gig
from tanka.offline import listing_rows, page_response, parse_saved_page, spider_for
from tests.conftest import shared_page, tokyo

CRAWLED_AT = tokyo(2026, 7, 2, 9, 0)
IDS = ("13249369", "13253877", "13264689", "13268480")


def _parse(listing_id: str) -> Gig:
    path = shared_page("crowdworks", f"detail_{listing_id}.html")
    return parse_saved_page("crowdworks", path, crawled_at=CRAWLED_AT)[0]


@pytest.fixture(scope="module")
def pages() -> dict[str, Gig]:
    return {i: _parse(i) for i in IDS}


@pytest.fixture(scope="module")
def rows(pages) -> dict[str, dict]:
    return {r["listing_id"]: r for r in listing_rows(list(pages.values()), now=CRAWLED_AT)}


@pytest.fixture(scope="module")
def real_values() -> dict[str, dict]:
    records = json.loads(shared_page("crowdworks", "detail_values.json").read_text(encoding="utf-8"))
    return {str(r["id"]): r for r in records}


# ----- 13268480: a fixed single amount, a client with a profile --------------------------------------
def test_listing_id_comes_from_the_canonical_link(pages):
    assert pages["13268480"].listing_id == "13268480"


def test_url(pages):
    assert pages["13268480"].url == "https://crowdworks.jp/public/jobs/13268480"


def test_title_without_the_subtitle(pages):
    assert pages["13268480"].title == "xの投稿内容作成"


def test_category_from_the_breadcrumb(pages):
    assert pages["13268480"].category == "AI営業・マーケティング支援"


def test_category_group(pages):
    assert pages["13268480"].extra["category_group"] == "AI-BPO（AI活用の業務改善）"


def test_pay_type_label(pages):
    assert pages["13268480"].pay_type == "固定報酬制"


def test_price_text(pages):
    assert pages["13268480"].price_text == "1,100円"


def test_fixed_amount_normalized(rows):
    assert (rows["13268480"]["pay_type"], rows["13268480"]["budget_max_yen"]) == ("fixed", 1100)


def test_posted_at(pages):
    assert pages["13268480"].posted_at == "2026年06月28日"


def test_deadline(pages):
    assert pages["13268480"].deadline == "2026年07月05日"


def test_deadline_normalized(rows):
    assert rows["13268480"]["deadline"] == tokyo(2026, 7, 5, 23, 59, 59)


def test_no_delivery_date(pages):
    assert "delivery_date" not in pages["13268480"].extra


def test_applicants(rows):
    assert rows["13268480"]["applicants"] == 8


def test_contracts(rows):
    assert rows["13268480"]["contracts"] == 0


def test_slots(rows):
    assert rows["13268480"]["slots"] == 1


def test_favorites(pages):
    assert pages["13268480"].extra["favorites"] == "7 人"


def test_description_line_breaks_come_from_br(pages):
    assert pages["13268480"].description.startswith(
        "https://x.com/niziusa_ol/status/2070829036260213133?s=46&t=lIv9Y-0pbue3Fh0P-xR_nA\n\n\n\nこちらのような")


def test_description_entities_are_decoded_once(pages):
    assert "&amp;" not in pages["13268480"].description


def test_description_keeps_text_that_looks_like_markup(crawler_spider):
    response = _variant("13268480", "継続依頼</td>", "継続依頼 &lt;b&gt;大事&lt;/b&gt; &amp;amp; 1 &lt; 2</td>")
    assert crawler_spider.parse_detail(response, None).description.endswith("継続依頼 <b>大事</b> &amp; 1 < 2")


def test_client_id(pages):
    assert pages["13268480"].client_id == "3161486"


def test_client_name(pages):
    assert pages["13268480"].client_name == "yami1212"


def test_client_rating(rows):
    assert rows["13268480"]["client_rating"] == 4.80093


def test_client_orders(rows):
    assert rows["13268480"]["client_orders"] == 351


def test_client_completion_rate(rows):
    assert rows["13268480"]["client_completion_rate"] == 90.0


def test_client_verified(rows):
    assert rows["13268480"]["client_verified"] is False


def test_client_rule_check(pages):
    assert pages["13268480"].extra["client_rule_checked"] is False


def test_client_profile(pages):
    assert pages["13268480"].extra["client_profile"].startswith("ウェブ制作・デザインを受注しています。")


def test_open_job_has_no_closed_status(rows):
    assert rows["13268480"]["status"] == "open"


# ----- the other three pages ---------------------------------------------------------------------------
def test_fixed_band_normalized(rows):
    row = rows["13249369"]
    assert (row["budget_min_yen"], row["budget_max_yen"]) == (500000, 1000000)


def test_hourly_label(pages):
    assert pages["13253877"].pay_type == "時間単価制"


def test_hourly_normalized(rows):
    row = rows["13253877"]
    assert (row["pay_type"], row["hourly_min_yen"], row["hourly_max_yen"]) == ("hourly", 2000, 3000)


def test_title_with_full_width_text(pages):
    assert pages["13253877"].title == \
        "【サッカー好き歓迎】AIアパレルデザイン＆AI女性モデルを活用したSNSプロモーション担当募集！"


def test_no_rating_yet_is_unknown_not_zero(rows):
    assert rows["13249369"]["client_rating"] is None


def test_zero_completion_rate_is_kept_as_shown(rows):
    assert rows["13249369"]["client_completion_rate"] == 0.0


def test_identity_verified(rows):
    assert rows["13264689"]["client_verified"] is True


def test_company_client_name(pages):
    assert pages["13264689"].client_name == "Dr.JOY株式会社"


def test_many_applicants(rows):
    assert (rows["13264689"]["applicants"], rows["13264689"]["slots"]) == (36, 2)


def test_every_page_is_a_detail_page():
    spider = spider_for("crowdworks")
    kinds = {spider.page_kind(page_response(shared_page("crowdworks", f"detail_{i}.html"),
                                            f"https://crowdworks.jp/public/jobs/{i}")) for i in IDS}
    assert kinds == {"detail"}


def test_saved_detail_file_name_gives_the_url():
    assert spider_for("crowdworks").saved_page_url(Path("detail_13249369.html")) == \
        "https://crowdworks.jp/public/jobs/13249369"


# ----- against the real values of the same jobs ----------------------------------------------------------
@pytest.mark.parametrize("listing_id", IDS)
def test_title_and_subtitle_are_the_real_heading(pages, real_values, listing_id):
    assert pages[listing_id].title + pages[listing_id].category + "の仕事の依頼" == real_values[listing_id]["title"]


@pytest.mark.parametrize("listing_id", IDS)
def test_category_is_the_real_sub_category(pages, real_values, listing_id):
    assert pages[listing_id].category == real_values[listing_id]["sub_category"]


@pytest.mark.parametrize("listing_id", IDS)
def test_group_is_the_real_category(pages, real_values, listing_id):
    assert pages[listing_id].extra["category_group"] == real_values[listing_id]["category"]


@pytest.mark.parametrize("listing_id", IDS)
def test_reward_is_the_real_reward(pages, real_values, listing_id):
    assert f"{pages[listing_id].pay_type} : {pages[listing_id].price_text}" == real_values[listing_id]["reward"]


@pytest.mark.parametrize("listing_id", IDS)
def test_dates_are_the_real_dates(pages, real_values, listing_id):
    real = real_values[listing_id]
    assert (pages[listing_id].posted_at, pages[listing_id].deadline) == (real["published_at"],
                                                                          real["application_deadline"])


@pytest.mark.parametrize(("column", "key"), [("applicants", "application_count"), ("contracts", "contract_count"),
                                             ("slots", "recruitment_count")])
@pytest.mark.parametrize("listing_id", IDS)
def test_counts_are_the_real_counts(rows, real_values, listing_id, column, key):
    assert rows[listing_id][column] == real_values[listing_id][key]


@pytest.mark.parametrize("listing_id", IDS)
def test_favorites_are_the_real_count(pages, real_values, listing_id):
    assert pages[listing_id].extra["favorites"] == f"{real_values[listing_id]['favorite_count']} 人"


@pytest.mark.parametrize("listing_id", IDS)
def test_description_is_the_real_text(pages, real_values, listing_id):
    assert pages[listing_id].description == real_values[listing_id]["description"].replace("\r\n", "\n")


@pytest.mark.parametrize(("field", "key"), [("client_id", "id"), ("client_name", "name"), ("client_rating", "rating"),
                                            ("client_orders", "jobs_posted_count"),
                                            ("client_completion_rate", "project_finished_rate"),
                                            ("client_verified", "identity_verified")])
@pytest.mark.parametrize("listing_id", IDS)
def test_client_is_the_real_client(pages, real_values, listing_id, field, key):
    expected = real_values[listing_id]["client"][key]
    assert getattr(pages[listing_id], field) == (str(expected) if field == "client_id" else expected)


@pytest.mark.parametrize("listing_id", IDS)
def test_rule_check_is_the_real_value(pages, real_values, listing_id):
    assert pages[listing_id].extra["client_rule_checked"] == real_values[listing_id]["client"]["rule_checked"]


# ----- merged into a list listing --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def merged() -> Gig:
    path = shared_page("crowdworks", "detail_13268480.html")
    listed = Gig(site="crowdworks", listing_id="13268480", url="https://crowdworks.jp/public/jobs/13268480",
                 title="xの投稿内容作成", pay_type="fixed_price_payment", budget_max_yen=1100,
                 posted_at="2026-06-28T11:02:03+09:00", description="https://x.com/...", applicants=5)
    detail = spider_for("crowdworks").parse_detail(page_response(path, listed.url), listed)
    return listed.merge(detail)


def test_merge_keeps_the_lists_exact_release_time(merged):
    assert (merged.posted_at, merged.extra["published_on"]) == ("2026-06-28T11:02:03+09:00", "2026年06月28日")


def test_merge_keeps_the_lists_payment_key(merged):
    assert (merged.pay_type, merged.extra["payment_label"]) == ("fixed_price_payment", "固定報酬制")


def test_merge_takes_the_full_description(merged):
    assert merged.description.endswith("継続依頼")


def test_merge_takes_the_current_applicants(merged):
    assert merged.applicants == "8 人"


def test_merge_adds_the_client(merged):
    assert (merged.client_rating, merged.client_orders, merged.client_verified) == (4.80093, 351, False)


# ----- pages that are not what they should be ---------------------------------------------------------------
def _variant(listing_id: str, old: str, new: str) -> HtmlResponse:
    """A synthetic page changed in memory (the shared fixture itself is never edited)."""
    text = shared_page("crowdworks", f"detail_{listing_id}.html").read_text(encoding="utf-8")
    assert old in text
    return HtmlResponse(f"https://crowdworks.jp/public/jobs/{listing_id}", body=text.replace(old, new).encode(),
                        encoding="utf-8")


@pytest.fixture
def crawler_spider() -> CrowdWorksSpider:
    crawler = get_crawler(CrowdWorksSpider, {"CROWDWORKS_BASE_URL": "https://crowdworks.jp"})
    return CrowdWorksSpider.from_crawler(crawler)


def test_a_closed_job_says_so(crawler_spider):
    response = _variant("13268480", '<section class="job_offer_summary">',
                        '<p>この仕事の募集は終了しています。</p><section class="job_offer_summary">')
    gig = crawler_spider.parse_detail(response, None)
    assert listing_rows([gig])[0]["status"] == "closed"


def test_closed_words_inside_the_description_do_not_close_it(crawler_spider):
    response = _variant("13268480", "継続依頼</td>", "前回の募集は終了しています。継続依頼</td>")
    assert crawler_spider.parse_detail(response, None).status is None


@pytest.fixture
def malformed_client(crawler_spider):
    response = _variant(
        "13268480", 'data="{&quot;userId&quot;: 3161486, &quot;userDisplayName&quot;',
        'data="{&quot;userId&quot;: 3161486, false,&quot; {&quot;userDisplayName&quot;')
    response = response.replace(body=response.body.replace(
        b"</body>", "<div class='client_name'><a href='/public/employers/3161486'>yami1212</a></div>"
                    "<p>本人確認済み</p><p>発注ルールチェック未回答</p><table><tr><td>募集実績 351 件</td>"
                    "<td>完了率 90%</td></tr></table></body>".encode()))
    return crawler_spider.parse_detail(response, None), crawler_spider.crawler.stats


def test_malformed_client_json_is_counted(malformed_client):
    assert malformed_client[1].get_value("tanka/detail/client_json_invalid") == 1


def test_malformed_client_json_falls_back_to_the_name(malformed_client):
    assert malformed_client[0].client_name == "yami1212"


def test_malformed_client_json_falls_back_to_verified(malformed_client):
    assert malformed_client[0].client_verified is True


def test_malformed_client_json_falls_back_to_rule_check(malformed_client):
    assert malformed_client[0].extra["client_rule_checked"] is False


def test_malformed_client_json_falls_back_to_orders(malformed_client):
    assert listing_rows([malformed_client[0]])[0]["client_orders"] == 351


def test_malformed_client_json_falls_back_to_completion(malformed_client):
    assert listing_rows([malformed_client[0]])[0]["client_completion_rate"] == 90.0


def test_missing_client_container_is_counted(crawler_spider):
    response = _variant("13268480", 'id="client_detail_information_container"', 'id="somewhere_else"')
    gig = crawler_spider.parse_detail(response, None)
    assert (gig.client_id, crawler_spider.crawler.stats.get_value("tanka/detail/client_missing")) == (None, 1)


def test_a_page_that_is_not_a_job_page_is_a_changed_layout(crawler_spider):
    login = HtmlResponse("https://crowdworks.jp/login", body="<html><body><h1>ログイン</h1></body></html>".encode(),
                         encoding="utf-8")
    with pytest.raises(LayoutChanged):
        crawler_spider.parse_detail(login, Gig(site="crowdworks", listing_id="1"))


def test_a_list_page_is_not_a_job_page(crawler_spider):
    response = page_response(shared_page("crowdworks", "category_16.html"), "https://crowdworks.jp/public/jobs/1")
    with pytest.raises(LayoutChanged):
        crawler_spider.parse_detail(response, None)


def test_a_job_page_without_a_title_is_a_changed_layout(crawler_spider):
    response = _variant("13268480", "<h1>", "<h2>")
    with pytest.raises(LayoutChanged):
        crawler_spider.parse_detail(response, None)


def test_login_only_listings_get_no_detail_request(crawler_spider):
    gig = Gig(site="crowdworks", listing_id="1", url="https://crowdworks.jp/public/jobs/1", tags=["limited"])
    assert (crawler_spider.detail_request(gig), gig.detail_status) == (None, "unavailable")


def test_detail_request_url(crawler_spider):
    gig = Gig(site="crowdworks", listing_id="13268480", url="https://crowdworks.jp/public/jobs/13268480")
    assert crawler_spider.detail_request(gig).url == "https://crowdworks.jp/public/jobs/13268480"


# ----- properties ------------------------------------------------------------------------------------------
_line = st.text(st.characters(categories=("L", "N", "P", "S", "Zs"), exclude_characters="\x85\u2028\u2029"),
                max_size=30)


@given(st.lists(_line, min_size=1, max_size=8))
@settings(max_examples=100, deadline=None)
def test_description_cell_gives_back_its_lines(lines):
    cell_html = "<br />\n".join(html.escape(line) for line in lines)
    cell = Selector(text=f'<table><tr><td class="confirm_outside_link">{cell_html}</td></tr></table>').css("td")[0]
    assert description_text(cell) == "\n".join(lines).strip()


@given(st.text(max_size=200))
@settings(max_examples=100, deadline=None)
def test_any_client_attribute_is_read_or_counted(data):
    page = Selector(text=f'<div id="job_offer_detail"><h1>t</h1></div>'
                         f'<div id="client_detail_information_container" data="{html.escape(data)}"></div>')
    gig, notes = detail_gig(page, "1", "https://crowdworks.jp/public/jobs/1")
    assert gig.listing_id == "1" and set(notes) <= {"client_json_invalid", "payment_missing", "description_missing"}
