"""The Lancers detail page (/work/detail/<id>, logged-out view): the real saved page, field by field.

The page is parsed once on its own (as `tanka parse` does, id from the canonical URL) and once
merged into the card values the crawl would hold, to show that what the page lacks (client,
deadline) never wipes what the card showed.
"""

from __future__ import annotations

import pytest
from parsel import Selector

from spiders.base import LayoutChanged
from spiders.lancers import parse_detail_page
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
