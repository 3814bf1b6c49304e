"""The Lancers detail page (/work/detail/<id>) in both real layouts, field by field.

The anonymous client view (detail_5552617.html) is parsed once on its own (as `tanka parse` does,
id from the canonical URL) and once merged into the card values the crawl would hold, to show that
what the page lacks (client, deadline) never wipes what the card showed. The newer lancer view
(detail_5534856_2026-04.html) adds dates, 提案状況 and the client box, and holds related-job cards
of other listings that must never be read; it is merged into its own real card from
search_web_lp_2026-04.html.
"""

from __future__ import annotations

import json

import pytest
from parsel import Selector

from spiders.base import LayoutChanged
from spiders.lancers import parse_detail_page
from tanka import cli as tanka_cli
from tanka.items import Gig
from tanka.normalize.listing import normalize_gig
from tanka.offline import page_response, parse_saved_page, spider_for
from tests.conftest import shared_page, tokyo

CRAWLED_AT = tokyo(2026, 6, 5, 12, 0)
BASE = "https://www.lancers.jp"
URL = f"{BASE}/work/detail/5552617"


@pytest.fixture(scope="module")
def detail():
    """(raw Gig, typed row) of the page parsed on its own."""
    gig = spider_for("lancers").parse_detail(page_response(shared_page("lancers", "detail_5552617.html"), URL), None)
    gig.crawled_at = CRAWLED_AT.isoformat()
    return gig, normalize_gig(gig)


def card_gig() -> Gig:
    return Gig(site="lancers", listing_id="5552617", url=URL, title="【急募】EC運用業務のAIエージェント構築依頼",
               category="AIチャットボット開発", pay_type="プロジェクト", price_text="300,000 円 ~ 500,000 円 / 固定",
               deadline="あと2日", client_id="ecagent", client_name="EC運用代行の会社", client_orders="12",
               client_rating="4.8", client_verified=True, slots="1", contracts="0",
               description="【依頼概要】\n・依頼の背景：\nECサイトの運営効率を...", tags=["urgent"],
               extra={"category_path": "system/chatbot", "industry": "IT・通信・インターネット"},
               crawled_at=CRAWLED_AT.isoformat())


@pytest.fixture(scope="module")
def merged():
    """The typed row of the card values with the detail page merged in, as the crawl stores it."""
    response = page_response(shared_page("lancers", "detail_5552617.html"), URL)
    gig = card_gig()
    gig.merge(spider_for("lancers").parse_detail(response, gig))
    return normalize_gig(gig)


def test_listing_id(detail):
    assert detail[0].listing_id == "5552617"


def test_url(detail):
    assert detail[1]["url"] == URL


def test_title(detail):
    assert detail[1]["title"] == "【急募】EC運用業務のAIエージェント構築依頼"


def test_category(detail):
    assert detail[1]["category"] == "AIチャットボット開発"


def test_category_path(detail):
    assert detail[0].extra["category_path"] == "system/chatbot"


def test_category_breadcrumb(detail):
    assert detail[0].extra["category_breadcrumb"] == ["AI・システム開発・運用", "生成AI・機械学習・ChatGPT",
                                                      "AIチャットボット開発"]


def test_industry(detail):
    assert detail[0].extra["industry"] == "IT・通信・インターネット"


def test_applicants(detail):
    assert (detail[0].applicants, detail[1]["applicants"]) == ("109件", 109)


def test_slots(detail):
    assert detail[1]["slots"] == 1


def test_contracts(detail):
    assert detail[1]["contracts"] == 0


def test_recruiting_period(detail):
    assert detail[0].extra["recruiting_period"] == "7日間"


def test_price_text_comes_from_the_budget_when_no_card_is_known(detail):
    assert detail[0].price_text == "300,000円 ~ 500,000円"


def test_budget_min(detail):
    assert detail[1]["budget_min_yen"] == 300000


def test_budget_max(detail):
    assert detail[1]["budget_max_yen"] == 500000


def test_description_is_the_full_text(detail):
    text = detail[1]["description"]
    assert (text.startswith("【依頼概要】\n・依頼の背景：\nECサイトの運営効率を向上させるため"),
            "【依頼したい業務範囲】\n要件定義\n設計\n開発\nテスト\nリリース・導入" in text) == (True, True)


def test_description_keeps_the_text_added_after_publication(detail):
    assert detail[1]["description"].endswith(
        "【依頼公開後の追記内容】\nセキュリティ・リスク管理の観点から、以下の知識・経験をお持ちの方を希望します。\n\n"
        "認証・認可・API管理など、セキュアな設計・実装経験\n個人情報・機密データの取り扱いに関するリテラシー\n"
        "マルチテナント・SaaS構成の開発経験\n\nAIエージェントを用いたシステム開発経験のある方を歓迎します。\n"
        "契約時はNDA締結をお願いします。詳細は打ち合わせにてご説明します。")


def test_description_has_single_line_breaks_for_br(detail):
    assert "\n\n\n" not in detail[1]["description"]


@pytest.mark.parametrize("name", ["client_id", "client_name", "client_rating", "client_orders", "client_verified",
                                  "deadline", "pay_type"])
def test_what_the_page_does_not_show_stays_unset(detail, name):
    assert getattr(detail[0], name) is None


def test_tanka_parse_reads_the_page_on_its_own():
    gigs = parse_saved_page("lancers", shared_page("lancers", "detail_5552617.html"), crawled_at=CRAWLED_AT)
    assert [(g.listing_id, g.detail_status) for g in gigs] == [("5552617", "fetched")]


# ----- merged into the card's values ------------------------------------------------------------------
@pytest.mark.parametrize(("name", "value"), [
    ("client_id", "ecagent"), ("client_name", "EC運用代行の会社"), ("client_orders", 12), ("client_rating", 4.8),
    ("client_verified", True), ("deadline", tokyo(2026, 6, 7, 12, 0)), ("pay_type", "fixed"),
])
def test_the_card_values_the_page_lacks_survive(merged, name, value):
    assert merged[name] == value


def test_merged_applicants_come_from_the_page(merged):
    assert merged["applicants"] == 109


def test_merged_description_is_the_full_one(merged):
    assert merged["description"].endswith("詳細は打ち合わせにてご説明します。")


def test_the_card_price_is_kept_over_the_detail_budget():
    response = page_response(shared_page("lancers", "detail_5552617.html"), URL)
    assert spider_for("lancers").parse_detail(response, card_gig()).price_text is None


def test_merged_tags_keep_the_cards(merged):
    assert merged["tags"] == ["urgent"]


# ----- pages that are not a detail page ----------------------------------------------------------------
def parse(html: str, url: str = URL) -> Gig:
    return parse_detail_page(Selector(text=html), url, BASE, None)


def test_the_login_form_is_not_a_detail_page():
    with pytest.raises(LayoutChanged, match="login"):
        parse('<html><body><form id="login_form"></form></body></html>', url=f"{BASE}/user/login")


def test_a_restricted_listing_is_not_read():
    with pytest.raises(LayoutChanged, match="閲覧制限"):
        parse("<html><head><title>閲覧制限 | ランサーズ</title></head><body></body></html>")


def test_another_layout_is_a_changed_layout():
    with pytest.raises(LayoutChanged, match="p-work-detail-client"):
        parse("<html><body><h1 class='c-heading c-heading--lv1'>仕事</h1></body></html>")


def test_a_page_without_its_id_is_refused():
    with pytest.raises(LayoutChanged, match="/work/detail/"):
        parse('<html><body><div class="l-base p-work-detail-client"></div></body></html>', url=f"{BASE}/x")


def test_a_task_summary_gives_units_done_and_on_offer():
    html = ('<html><head><link rel="canonical" href="https://www.lancers.jp/work/detail/7"></head><body>'
            '<div class="l-base p-work-detail-client"><div class="c-2016-tableSummary"><div class="tableSummary__col '
            'tableSummary__col--worksNum"><p class="c-text">作業数</p><p class="c-heading">56 / 100件</p></div>'
            '</div></div></body></html>')
    gig = parse(html)
    assert (gig.listing_id, gig.applicants, gig.slots) == ("7", "56", "100件")


# ----- the newer layout (detail_5534856_2026-04.html, a logged-in view) ------------------------------------------
# Saved about 2026-04-29 01:00: its 募集締切まで reads 6日と20時間 before 2026年05月05日 21:02.
NEWER_CRAWLED_AT = tokyo(2026, 4, 29, 1, 0)
NEWER_URL = f"{BASE}/work/detail/5534856"
NEWER = "detail_5534856_2026-04.html"


@pytest.fixture(scope="module")
def newer():
    """(raw Gig, typed row) of the newer-layout page parsed on its own."""
    gig = spider_for("lancers").parse_detail(page_response(shared_page("lancers", NEWER), NEWER_URL), None)
    gig.crawled_at = NEWER_CRAWLED_AT.isoformat()
    return gig, normalize_gig(gig)


@pytest.mark.parametrize(("name", "value"), [
    ("listing_id", "5534856"), ("url", NEWER_URL), ("title", "【急募】女性向けナイトブラのLP制作（デザイン＋コーディング）"),
    ("category", "レスポンシブサイト制作"), ("pay_type", "fixed"), ("budget_min_yen", 10000), ("budget_max_yen", 20000),
    ("unit_price_yen", None), ("yen_per_char", None), ("applicants", 22), ("slots", 1), ("contracts", 0),
    ("deadline", tokyo(2026, 5, 5, 21, 2)), ("posted_at", tokyo(2026, 4, 28)), ("client_id", "OYAKUDACHIHOMPO"),
    ("client_name", "おやくだち本舗"), ("client_orders", 4), ("client_completion_rate", 100.0),
    ("client_verified", True), ("client_rating", None), ("status", "open"), ("tags", []),
])
def test_newer_layout_field(newer, name, value):
    assert newer[1][name] == value


@pytest.mark.parametrize(("name", "value"), [
    ("pay_type", "プロジェクト"), ("price_text", "10,000 円 ~ 20,000 円"), ("applicants", "22 件"),
    ("contracts", "0 件"), ("deadline", "2026年05月05日 21:02"), ("posted_at", "2026年04月28日"),
    ("client_completion_rate", "100%"), ("status", "募集中"),
])
def test_newer_layout_raw_value(newer, name, value):
    assert getattr(newer[0], name) == value


@pytest.mark.parametrize(("name", "value"), [
    ("category_path", "web/responsive"),
    ("category_breadcrumb", ["Web制作・Webデザイン", "ウェブサイト制作・デザイン", "レスポンシブサイト制作"]),
    ("industry", "広告・イベント・プロモーション"), ("detail_budget", "10,000 円 ~ 20,000 円"),
    ("time_left", "6日と20時間"), ("delivery_date", "2026年05月15日"), ("view_count", "119"), ("favorites", "6"),
    ("in_progress", "0"), ("completed", "0"), ("detail_tags", ["源泉徴収されない"]),
    ("client_checks", ["本人確認", "機密保持確認", "電話確認", "ランサーズチェック"]),
    ("client_feedback", {"good": "2", "bad": "0"}), ("client_awarded", "4"),
])
def test_newer_layout_extra(newer, name, value):
    assert newer[0].extra[name] == value


def test_newer_layout_description_starts_with_the_request(newer):
    assert newer[1]["description"].startswith("【依頼概要】\n\n・依頼の背景：\n新しく発売する女性向けナイトブラのプロモーション")


def test_newer_layout_description_keeps_the_dated_addendum(newer):
    text = newer[1]["description"]
    assert text[text.index("【追記"):].startswith(
        "【追記 2026年04月28日 20:05】\n新たに販売する女性向けナイトブラ「Under60 Make Bura®」のランディングページ（LP）制作")


def test_newer_layout_description_ends_with_the_addendum(newer):
    assert newer[1]["description"].endswith("ご不明な点がございましたら、お気軽にご質問ください。\nたくさんのご提案をお待ちしております！")


def test_newer_layout_related_cards_leave_no_trace(newer):
    """The page also holds cards of 5534793, 5532823 and 5534737: none of their text is this listing's."""
    text = newer[1]["description"] + str(newer[0].raw_values())
    assert [t for t in ("5534793", "【オンラインレクチャー依頼】", "amadeus_1234", "株式会社LIV", "適正価格") if t in text] == []


def test_tanka_parse_prints_the_newer_pages_own_listing_only(capsys):
    path = shared_page("lancers", NEWER)
    assert tanka_cli.main(["parse", "lancers", str(path), "--crawled-at", NEWER_CRAWLED_AT.isoformat()]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["listing_id"], r["title"]) for r in rows] == [("5534856", "【急募】女性向けナイトブラのLP制作（デザイン＋コーディング）")]


def test_a_saved_detail_file_is_read_at_its_own_address():
    assert spider_for("lancers").saved_page_url(shared_page("lancers", NEWER)) == NEWER_URL


@pytest.fixture(scope="module")
def newer_merged():
    """The real card of 5534856 (search_web_lp_2026-04.html) with the real detail page merged in."""
    spider = spider_for("lancers")
    cards = spider.parse_list(page_response(shared_page("lancers", "search_web_lp_2026-04.html"),
                                            f"{BASE}/work/search/web/lp?open=1"))
    card = next(g for g in cards.gigs if g.listing_id == "5534856")
    card.crawled_at = NEWER_CRAWLED_AT.isoformat()
    card.merge(spider.parse_detail(page_response(shared_page("lancers", NEWER), NEWER_URL), card))
    return normalize_gig(card)


@pytest.mark.parametrize(("name", "value"), [
    ("client_rating", 5.0), ("client_orders", 4), ("client_name", "おやくだち本舗"), ("client_verified", True),
    ("client_completion_rate", 100.0), ("deadline", tokyo(2026, 5, 5, 21, 2)), ("applicants", 22), ("slots", 1),
    ("budget_min_yen", 10000), ("budget_max_yen", 20000), ("tags", ["適正価格"]), ("pay_type", "fixed"),
])
def test_newer_layout_merged_into_its_real_card(newer_merged, name, value):
    assert newer_merged[name] == value


def test_the_card_price_text_is_kept_over_the_newer_detail_budget(newer_merged):
    assert newer_merged["raw"]["price_text"] == "10,000 円 ~ 20,000 円 / 固定"


def test_a_page_showing_another_listing_number_is_refused():
    response = page_response(shared_page("lancers", NEWER), f"{BASE}/work/detail/5534857")
    gig = Gig(site="lancers", listing_id="5534857", url=f"{BASE}/work/detail/5534857")
    with pytest.raises(LayoutChanged) as error:
        spider_for("lancers").parse_detail(response, gig)
    assert error.value.reason == "other_listing"


def test_a_detail_root_with_nothing_in_it_is_a_changed_layout():
    with pytest.raises(LayoutChanged, match="neither 依頼概要 nor the summary"):
        parse('<html><head><link rel="canonical" href="https://www.lancers.jp/work/detail/7"></head><body>'
              '<div class="l-base p-work-detail-lancer"><h1 class="c-heading c-heading--lv1">仕事</h1></div></body></html>')


def test_a_rate_in_the_detail_budget_is_read():
    html = ('<html><head><link rel="canonical" href="https://www.lancers.jp/work/detail/7"></head><body>'
            '<div class="l-base p-work-detail-lancer"><div class="c-2016-tableSummary"><div class="tableSummary__col '
            'tableSummary__col--compensation"><div class="c-text"><span class="price-number">~ 5,000</span>'
            '<span class="price-unit">円</span> <span class="price-number">0.33</span>'
            '<span class="price-unit">円 / 文字</span></div></div></div></div></body></html>')
    assert parse(html).yen_per_char == "0.33"
