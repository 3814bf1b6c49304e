"""The Lancers spider on the real saved search pages, card by card and field by field.

Each real page (../shared/fixtures/lancers, read in place, skipped when absent) is parsed once per
module with a frozen crawl time; the table below holds what every work card shows, as read from
the page, and one test per field checks it for every card. Synthetic cards in the real markup
cover what the saved pages lack (a PR repeat on one page, onsite 求人, a changed layout), and
hypothesis checks the card parser on any amount and any title. The detail page is in
test_lancers_detail.py.
"""

from __future__ import annotations

import json
from datetime import timedelta
from html import escape
from typing import Any, NamedTuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from parsel import Selector
from scrapy.http import HtmlResponse, Request

from spiders.base import LayoutChanged, fingerprint
from spiders.lancers import card_kind, parse_card, parse_search_page
from tanka import cli as tanka_cli
from tanka.items import Gig
from tanka.normalize.listing import normalize_gig
from tanka.offline import page_response, spider_for
from tests.conftest import shared_page, tokyo

CRAWLED_AT = tokyo(2026, 6, 6, 12, 0)
BASE = "https://www.lancers.jp"
URLS = {
    "search_keyword_ai.html": f"{BASE}/work/search?keyword=AI&open=1&sort=started",
    "search_category_system.html": f"{BASE}/work/search/system?open=1&sort=started",
    "cards_task_input.html": f"{BASE}/work/search/task/input?open=1&sort=started",
}
# The remaining times printed on the cards, as spans of time from the crawl.
TIME_LEFT = {"あと20日": timedelta(days=20), "あと9日": timedelta(days=9), "あと6日": timedelta(days=6),
             "あと4日": timedelta(days=4), "あと2日": timedelta(days=2), "あと1日": timedelta(days=1),
             "あと23時間": timedelta(hours=23), "あと20時間": timedelta(hours=20),
             "あと13時間": timedelta(hours=13), "あと3時間": timedelta(hours=3)}


class Card(NamedTuple):
    """What one real work card shows: raw strings where the spider keeps them, typed values after."""

    id: str
    title: str
    category: str
    category_path: str
    industry: str
    pay_type: str  # typed
    price_text: str
    money: tuple[int | None, int | None, int | None]  # budget min, budget max, unit price (typed)
    time_left: str | None
    counts: tuple[int | None, int | None, int | None]  # applicants, slots, contracts (typed)
    client: tuple[str | None, str | None, int | None, float | None, bool | None]  # id, name, orders, rating, verified
    tags: list[str]
    description_start: str


SEARCH_KEYWORD_AI = [  # 23 work cards; 11 agency ads left out
    Card("5553637", '限定公開の仕事',
         'イラスト制作', 'design/illustration', '芸能・エンターテイメント',
         'competition', '286,000 円', (286000, 286000, None), None, (2, None, None),
         (None, None, 45, 4.9, True),
         ['limited', '当選保証', '提案非公開', 'promoted', '本人確認が必要'],
         '(非公開オプションが設定されています。内'),
    Card("5549926", '限定公開の仕事',
         'ロゴ作成・デザイン', 'design/logo', '婚活・ブライダル',
         'competition', '110,000 円', (110000, 110000, None), None, (299, None, None),
         (None, None, 33, 5.0, None),
         ['limited', '当選保証', '提案非公開', '生成AI使用可', 'promoted', '初心者OK', '継続依頼あり', '提案を即決', '法人可', 'スムーズな連絡'],
         '(非公開オプションが設定されています。内'),
    Card("5550054", '（①面談アポ取得・②面談担当者募集）◆システム開発会社への「開発リソース（外注先）」の提案',
         '営業・テレアポ代行', 'salesmarketing/sale', 'IT・通信・インターネット',
         'fixed', '20,000 円 ~ 50,000 円 / 固定', (20000, 50000, None), 'あと4日', (None, 25, 0),
         ('oyatsu1234', 'ＯｙａＴＳＵ合同会社', None, None, None),
         ['初回', '適正価格'],
         '【仕事の内容】\nシステム開発やWeb制作'),
    Card("5554071", '【AIツールモニター募集】記事生成＋フォーム回答｜X投稿・ITreview投稿できる方歓迎',
         'モニター・アンケート・質問', 'task/monitor', '広告・イベント・プロモーション',
         'fixed', '~ 5,000 円 / 固定', (None, 5000, None), 'あと1日', (None, 20, 0),
         ('young-bush', '株式会社Young Bush', None, None, None),
         ['初回', '経験者優遇', '大量募集', 'スムーズな連絡'],
         '現在開発中のSEO・AI記事作成ツール「'),
    Card("5554059", 'イベントのオープンニングムービー（AI生成動画：60秒前後）の作成',
         'オープニング・エンディング動画制作', 'multimedia/op_ed_movie', 'メーカー',
         'competition', '112,200 円', (112200, 112200, None), 'あと2日', (0, None, None),
         ('col-shohei', 'COL株式会社', None, None, None),
         ['urgent', '経験者優遇', '高単価', '品質重視', 'スピード重視', 'スムーズな連絡', '提案を即決', '法人可', '納期応相談', '報酬応相談'],
         '■ 商品・サービスページのURL\n\nTO'),
    Card("5554049", 'AI・自動化実験パートナー募集｜継続案件あり',
         'ChatGPT開発', 'system/chatgpt', 'IT・通信・インターネット',
         'fixed', '20,000 円 ~ 50,000 円 / 固定', (20000, 50000, None), 'あと6日', (None, 3, 0),
         ('tunagite', '合同会社つなぎ手', 17, 4.4, None),
         ['初心者OK', '継続依頼あり', 'スムーズな連絡'],
         '私は会社経営をしています。\n\nAI、自動'),
    Card("5552094", '【急募】AI利用OK！10分強のYouTube動画制作を依頼します（台本提供します）',
         '新規動画作成・企画・相談', 'multimedia/movie', 'IT・通信・インターネット',
         'fixed', '1,000 ~ 5,000 円 / 固定', (1000, 5000, None), 'あと20時間', (None, 1, 0),
         ('killamen', 'killamen', 500, 4.9, True),
         ['継続依頼あり'],
         '【依頼概要】\n・詳しい依頼内容：\n台本を'),
    Card("5554017", '【大喜利】ボケの解説が適切かを評価してくださる方募集！',
         'データ整理・分類・カテゴリ分け', 'task/grouping', '学術・研究',
         'fixed', '~ 5,000 円 / 固定', (None, 5000, None), 'あと2日', (None, 3, 0),
         ('komachi_lab', '小町守', 362, 5.0, True),
         ['レギュラーランク以上が必要'],
         '【依頼概要】\n・依頼の背景：\n大喜利回答'),
    Card("5553972", '【ヒアリング協力依頼】スクール・学校経営者の方のマーケティング課題について',
         '調査・リサーチ', 'salesmarketing/survey_research', '大学・学校',
         'fixed', '5,000 円 ~ 10,000 円 / 固定', (5000, 10000, None), 'あと4日', (None, 3, 0),
         ('avg77', 'あき＠国内外マーケティング戦略・実行支援', 10, 5.0, True),
         [],
         '【依頼概要】\n現在、弊社では提供サービス'),
    Card("5554004", '【簡単】オリパの虎でオリパを引いて購入したことがある方、感想などを教えてください！',
         'レビュー・口コミ (クチコミ)', 'task/review', 'IT・通信・インターネット',
         'task', '33 円 / 件', (None, None, 33), 'あと6日', (5, 40, None),
         ('shouta1116', 'shouta1116', 321, 4.9, None),
         ['初心者OK', '大量募集', '品質重視'],
         '当アンケートをご覧いただきありがとうござ'),
    Card("5554007", '急募【現職ITエンジニア限定】半年以内に転職検討中の方向け30分ヒアリング／経験2年以上3,000円',
         'Webシステム開発・プログラミング', 'system/websystem', 'リサーチ・調査',
         'fixed', '1,000 ~ 5,000 円 / 固定', (1000, 5000, None), 'あと6日', (None, 5, 3),
         ('pipo007', '転職コンサル', 11, 3.5, None),
         ['urgent', '経験者優遇', '品質重視', 'スムーズな連絡'],
         '■ 依頼の目的・背景\n\n【現職ITエンジ'),
    Card("5550337", '【ペン字講師・硬筆指導経験者限定】美文字メディアの記事監修・教材チェックをお願いします',
         'リライト・校正・編集', 'writing/rewrite', 'IT・通信・インターネット',
         'fixed', '50,000 円 ~ 100,000 円 / 固定', (50000, 100000, None), 'あと4日', (None, 2, 0),
         ('katayama0602', 'WEBが学べる教育型求人：ウェブスク', 672, 4.9, True),
         ['レギュラーランク以上が必要', '経験者優遇', '品質重視', '提案を即決'],
         '■ 依頼の目的・背景\n\n美文字・ボールペ'),
    Card("5553980", '限定公開の仕事',
         'ロゴ作成・デザイン', 'design/logo', '卸売・小売',
         'competition', '93,500 円', (93500, 93500, None), None, (46, None, None),
         (None, None, 61, 5.0, None),
         ['urgent', 'limited', '当選保証', '提案非公開'],
         '(非公開オプションが設定されています。内'),
    Card("5553971", '絵馬イラストの制作 手書きイラスト・リアル調',
         'イラスト制作', 'design/illustration', 'ゲーム・アニメ・玩具',
         'fixed', '5,000 円 ~ 10,000 円 / 固定', (5000, 10000, None), 'あと4日', (None, 1, 0),
         ('ASMRknet', 'ASMRknet', 112, 4.9, None),
         ['適正価格', '大量募集', 'スムーズな連絡', '提案を即決'],
         '■ 依頼の目的/概要\n\n絵馬掛けに絵馬が'),
    Card("5553931", 'アンケート【住宅ローン組んでる方限定】組んでいる住宅ローンについて教えてください',
         'モニター・アンケート・質問', 'task/monitor', 'マスコミ・メディア',
         'task', '22 円 / 件', (None, None, 22), 'あと1日', (56, 100, None),
         ('maizensisters', 'エル', 1588, 5.0, True),
         ['大量募集'],
         '金利上昇が続く中、みんなの借入額や返済戦'),
    Card("5553927", '【男性限定】DMMオンラインクリニックでAGA治療を受けたことがある方、教えてください！',
         'レビュー・口コミ (クチコミ)', 'task/review', 'IT・通信・インターネット',
         'task', '55 円 / 件', (None, None, 55), 'あと9日', (30, 100, None),
         ('shouta1116', 'shouta1116', 321, 4.9, None),
         ['継続依頼あり', '大量募集', 'スピード重視'],
         '当アンケートをご覧いただきありがとうござ'),
    Card("5553914", 'お葬式をあげた方へのアンケート_ver121_002',
         'レビュー・口コミ (クチコミ)', 'task/review', '広告・イベント・プロモーション',
         'task', '49 円 / 件', (None, None, 49), 'あと20日', (3, 20, None),
         ('sougisha', 'sougisha', 260, 4.6, None),
         [],
         'お葬式をあげた方へのアンケート_ver1'),
    Card("5551431", '限定公開の仕事',
         'ロゴ作成・デザイン', 'design/logo', '住宅・不動産',
         'competition', '55,000 円', (55000, 55000, None), None, (197, None, None),
         (None, None, 9, 5.0, True),
         ['limited', '提案非公開', '生成AI使用可', 'promoted', '継続依頼あり', 'スムーズな連絡', '法人可'],
         '(非公開オプションが設定されています。内'),
    Card("5548938", '限定公開の仕事',
         'パッケージ・包装デザイン', 'design/package', '食品・飲料・たばこ',
         'competition', '88,000 円', (88000, 88000, None), None, (31, None, None),
         (None, None, 51, 5.0, None),
         ['limited', '提案非公開', 'promoted', '品質重視', '継続依頼あり'],
         '(非公開オプションが設定されています。内'),
    Card("5553915", '【急募・AI禁止】指定した漫画の感想を教えて下さい。',
         'レビュー・口コミ (クチコミ)', 'task/review', 'ゲーム・アニメ・玩具',
         'task', '44 円 / 件', (None, None, 44), 'あと13時間', (9, 10, None),
         ('yokokon', 'tirari', 696, 3.0, None),
         ['初心者OK', '品質重視'],
         '漫画の感想をまとめていただくお仕事です。'),
    Card("5553888", '真空圧縮バッグトラベル',
         'レスポンシブサイト制作', 'web/responsive', 'IT・通信・インターネット',
         'fixed', '200,000 円 ~ 300,000 円 / 固定', (200000, 300000, None), 'あと2日', (None, 1, 0),
         ('KazamaShuntaro', 'BPFactory', None, None, None),
         ['初回', '優良価格', '経験者優遇', '継続依頼あり', '長期', '高単価', '品質重視', '法人可'],
         '■ サイトの種類\n\n企業サイト\n\n■ 依'),
    Card("5553887", '【R-18/成人向け】AI生成美少女CG集（約30枚）のセリフ・擬音の考案＋文字入れ（写植）の募集',
         'その他 (デザイン)', 'design/otherdesign', 'IT・通信・インターネット',
         'fixed', '5,000 円 ~ 10,000 円 / 固定', (5000, 10000, None), 'あと6日', (None, 1, 0),
         ('SAI-XRAY', 'MIYA', None, None, None),
         ['初回', '生成AI使用可', '経験者優遇', '継続依頼あり', '品質重視', 'スムーズな連絡', '法人可', '納期応相談'],
         '■ 依頼の目的・概要\nダウンロード販売を'),
    Card("5553876", 'AIプロンプト設計・改善｜試行錯誤しながら精度向上できる方歓迎',
         'ChatGPT開発', 'system/chatgpt', '工業・製造',
         'fixed', '20,000 円 ~ 50,000 円 / 固定', (20000, 50000, None), 'あと4日', (None, 1, 0),
         ('poeee7', 'poeee7', 29, 5.0, None),
         ['経験者優遇', 'スピード重視', 'スムーズな連絡'],
         '## 依頼概要\n\n自社で利用するAI向け'),
]
SEARCH_CATEGORY_SYSTEM = [  # 4 work cards; 26 agency ads left out
    Card("5554049", 'AI・自動化実験パートナー募集｜継続案件あり',
         'ChatGPT開発', 'system/chatgpt', 'IT・通信・インターネット',
         'fixed', '20,000 円 ~ 50,000 円 / 固定', (20000, 50000, None), 'あと6日', (None, 3, 0),
         ('tunagite', '合同会社つなぎ手', 17, 4.4, None),
         ['初心者OK', '継続依頼あり', 'スムーズな連絡'],
         '私は会社経営をしています。\n\nAI、自動'),
    Card("5554007", '急募【現職ITエンジニア限定】半年以内に転職検討中の方向け30分ヒアリング／経験2年以上3,000円',
         'Webシステム開発・プログラミング', 'system/websystem', 'リサーチ・調査',
         'fixed', '1,000 ~ 5,000 円 / 固定', (1000, 5000, None), 'あと6日', (None, 5, 3),
         ('pipo007', '転職コンサル', 11, 3.5, None),
         ['urgent', '経験者優遇', '品質重視', 'スムーズな連絡'],
         '■ 依頼の目的・背景\n\n【現職ITエンジ'),
    Card("5553966", 'セカンドストリートオンラインのお気に入り登録が多い順に並び替えができるツール開発',
         'その他 (システム開発)', 'system/othersystem', 'IT・通信・インターネット',
         'fixed', '20,000 円 ~ 50,000 円 / 固定', (20000, 50000, None), 'あと2日', (None, 1, 0),
         ('tokuyu777', 'tokuyu777', 20, 5.0, None),
         ['経験者優遇', '品質重視', '報酬応相談'],
         'セカンドストリートオンラインにてお気に入'),
    Card("5553876", 'AIプロンプト設計・改善｜試行錯誤しながら精度向上できる方歓迎',
         'ChatGPT開発', 'system/chatgpt', '工業・製造',
         'fixed', '20,000 円 ~ 50,000 円 / 固定', (20000, 50000, None), 'あと4日', (None, 1, 0),
         ('poeee7', 'poeee7', 29, 5.0, None),
         ['経験者優遇', 'スピード重視', 'スムーズな連絡'],
         '## 依頼概要\n\n自社で利用するAI向け'),
]
CARDS_TASK_INPUT = [  # a fragment: 5 cards, CRLF in the client's text
    Card("5596677", '【隙間時間で簡単作業！】バイマで出品作業して頂ける方募集◎',
         'テキスト入力・タイピング・キーパンチ', 'task/input', 'ファッション・アパレル',
         'fixed', '20,000 円 ~ 50,000 円 / 固定', (20000, 50000, None), 'あと23時間', (None, 5, 0),
         ('toriy11', 'toriy11', 1, None, True),
         ['レギュラーランク以上が必要', '初心者OK', '経験者優遇', 'カンタン', '継続依頼あり', '大量募集', '長期', '高単価', 'スピード重視', 'スムーズな連絡', '提案を即決'],
         '■ 依頼の目的・背景\n\n初めまして。\nこ'),
    Card("5591227", '【在宅OK！業務時間問わず！初心者OK】ECサイトの画像加工およびデータ入力業務',
         'テキスト入力・タイピング・キーパンチ', 'task/input', 'ファッション・アパレル',
         'fixed', '20,000 円 ~ 50,000 円 / 固定', (20000, 50000, None), 'あと4日', (None, 2, 0),
         ('sauu_sa', 'sauu_sa', 1, None, None),
         [],
         '■ 依頼の目的・背景\n\n【依頼概要】\n現'),
    Card("5596502", '【隙間時間でお小遣い稼ぎ】バイマの出品作業をお手伝いしてくださる方大募集!!',
         'テキスト入力・タイピング・キーパンチ', 'task/input', 'IT・通信・インターネット',
         'fixed', '20,000 円 ~ 50,000 円 / 固定', (20000, 50000, None), 'あと6日', (None, 3, 0),
         ('Capri_Co', 'Capri_Co', 7, 3.6, True),
         ['レギュラーランク以上が必要', 'カンタン', '継続依頼あり', '長期'],
         '■ 依頼の目的・背景\n\n初めまして！バイ'),
    Card("5592927", 'BUYMAの出品作業をお手伝いしてくださる方を募集しています！',
         'テキスト入力・タイピング・キーパンチ', 'task/input', 'ファッション・アパレル',
         'fixed', '~ 5,000 円 / 固定', (None, 5000, None), 'あと6日', (None, 10, 0),
         ('CHSZ', 'CHSZ', 4, 5.0, None),
         ['初心者OK', '継続依頼あり', '長期', 'スムーズな連絡'],
         '◆お仕事の詳細◆\n\n初めまして！BUYM'),
    Card("5596221", '【主婦の方大歓迎♪隙間時間で簡単作業！】バイマで出品作業して頂ける方募集◎',
         'テキスト入力・タイピング・キーパンチ', 'task/input', 'ファッション・アパレル',
         'fixed', '20,000 円 ~ 50,000 円 / 固定', (20000, 50000, None), 'あと3時間', (None, 5, 0),
         ('toriy11', 'toriy11', 1, None, True),
         ['レギュラーランク以上が必要', '初心者OK', '経験者優遇', 'カンタン', '継続依頼あり', '大量募集', '長期', '高単価', 'スピード重視', 'スムーズな連絡', '提案を即決'],
         '■ 依頼の目的・背景\n\n初めまして。\nこ'),
]
PAGES = {"search_keyword_ai.html": SEARCH_KEYWORD_AI, "search_category_system.html": SEARCH_CATEGORY_SYSTEM,
         "cards_task_input.html": CARDS_TASK_INPUT}
CASES = [(name, card) for name, cards in PAGES.items() for card in cards]


@pytest.fixture(scope="module")
def spider():
    return spider_for("lancers")


@pytest.fixture(scope="module")
def parsed(spider):
    """parsed(page name) → (ListPage, {listing id: (raw Gig, typed row)}), each page parsed once."""
    cache: dict[str, Any] = {}

    def get(name: str):
        if name not in cache:
            page = spider.parse_list(page_response(shared_page("lancers", name), URLS[name]))
            for gig in page.gigs:
                gig.crawled_at = CRAWLED_AT.isoformat()
            cache[name] = page, {g.listing_id: (g, normalize_gig(g)) for g in page.gigs}
        return cache[name]

    return get


@pytest.fixture(params=CASES, ids=[f"{name.split('_')[1]}-{card.id}" for name, card in CASES])
def case(request, parsed):
    name, card = request.param
    gig, row = parsed(name)[1][card.id]
    return card, gig, row


# ----- card by card, field by field -----------------------------------------------------------------
def test_url(case):
    card, _, row = case
    assert row["url"] == f"https://www.lancers.jp/work/detail/{card.id}"


def test_title(case):
    card, _, row = case
    assert row["title"] == card.title


def test_category(case):
    card, _, row = case
    assert row["category"] == card.category


def test_category_path(case):
    card, gig, _ = case
    assert gig.extra["category_path"] == card.category_path


def test_industry(case):
    card, gig, _ = case
    assert gig.extra["industry"] == card.industry


def test_pay_type(case):
    card, _, row = case
    assert row["pay_type"] == card.pay_type


def test_price_text(case):
    card, gig, _ = case
    assert gig.price_text == card.price_text


def test_budget_min(case):
    card, _, row = case
    assert row["budget_min_yen"] == card.money[0]


def test_budget_max(case):
    card, _, row = case
    assert row["budget_max_yen"] == card.money[1]


def test_unit_price(case):
    card, _, row = case
    assert row["unit_price_yen"] == card.money[2]


def test_time_left(case):
    card, gig, _ = case
    assert gig.deadline == card.time_left


def test_deadline(case):
    card, _, row = case
    assert row["deadline"] == (CRAWLED_AT + TIME_LEFT[card.time_left] if card.time_left else None)


def test_status(case):
    _, _, row = case
    assert row["status"] == "open"


def test_applicants(case):
    card, _, row = case
    assert row["applicants"] == card.counts[0]


def test_slots(case):
    card, _, row = case
    assert row["slots"] == card.counts[1]


def test_contracts(case):
    card, _, row = case
    assert row["contracts"] == card.counts[2]


def test_client_id(case):
    card, _, row = case
    assert row["client_id"] == card.client[0]


def test_client_name(case):
    card, _, row = case
    assert row["client_name"] == card.client[1]


def test_client_orders(case):
    card, _, row = case
    assert row["client_orders"] == card.client[2]


def test_client_rating(case):
    card, _, row = case
    assert row["client_rating"] == card.client[3]


def test_client_verified(case):
    card, _, row = case
    assert row["client_verified"] is card.client[4]


def test_tags(case):
    card, _, row = case
    assert row["tags"] == card.tags


def test_description(case):
    card, _, row = case
    assert row["description"].startswith(card.description_start)


def test_description_has_lf_line_ends_only(case):
    _, _, row = case
    assert "\r" not in row["description"]


# ----- whole pages --------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(PAGES))
def test_every_work_card_in_page_order(parsed, name):
    assert [g.listing_id for g in parsed(name)[0].gigs] == [c.id for c in PAGES[name]]


@pytest.mark.parametrize(("name", "ads"), [("search_keyword_ai.html", 11), ("search_category_system.html", 26),
                                           ("cards_task_input.html", 0)])
def test_agency_ads_are_left_out_and_counted(parsed, name, ads):
    assert parsed(name)[0].skipped == ({"agency_ad": ads} if ads else {})


def test_the_sidebar_is_not_read(parsed):
    """The system page's 新着の仕事 carousel links 30 listings; only the 4 of the result list count."""
    page, _ = parsed("search_category_system.html")
    assert len(page.gigs) == 4


def test_limited_listings_are_kept_and_tagged(parsed):
    page, _ = parsed("search_keyword_ai.html")
    assert [g.listing_id for g in page.gigs if "limited" in g.tags] == ["5553637", "5549926", "5553980", "5551431",
                                                                         "5548938"]


def test_pr_cards_are_kept_and_tagged_promoted(parsed):
    page, _ = parsed("search_keyword_ai.html")
    assert [g.listing_id for g in page.gigs if "promoted" in g.tags] == ["5553637", "5549926", "5551431", "5548938"]


def test_urgent_listings_are_tagged(parsed):
    page, _ = parsed("search_keyword_ai.html")
    assert [g.listing_id for g in page.gigs if "urgent" in g.tags] == ["5554059", "5554007", "5553980"]


def test_the_new_badge_is_not_kept(parsed):
    page, _ = parsed("search_keyword_ai.html")
    assert not any("NEW" in g.tags for g in page.gigs)


def test_next_page(parsed):
    page, _ = parsed("search_keyword_ai.html")
    assert page.next_url == ("https://www.lancers.jp/work/search?keyword=AI&open=1&sort=started"
                             "&work_rank%5B0%5D=2&work_rank%5B1%5D=3&work_rank%5B2%5D=0&page=2")


def test_category_next_page(parsed):
    page, _ = parsed("search_category_system.html")
    assert page.next_url.endswith("/work/search/system?open=1&sort=started&category=0"
                                  "&work_rank%5B0%5D=2&work_rank%5B1%5D=3&work_rank%5B2%5D=0&page=2")


def test_page_number(parsed):
    assert parsed("search_keyword_ai.html")[0].page == 1


def test_a_fragment_without_pager_has_no_next_page(parsed):
    assert parsed("cards_task_input.html")[0].next_url is None


@pytest.mark.parametrize(("name", "kind"), [("search_keyword_ai.html", "list"), ("cards_task_input.html", "list"),
                                            ("detail_5552617.html", "detail")])
def test_page_kind(spider, name, kind):
    assert spider.page_kind(page_response(shared_page("lancers", name), f"{BASE}/work/search")) == kind


def test_tanka_parse_prints_exactly_the_23_listings(capsys):
    path = shared_page("lancers", "search_keyword_ai.html")
    assert tanka_cli.main(["parse", "lancers", str(path), "--crawled-at", CRAWLED_AT.isoformat()]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["listing_id"] for r in rows] == [c.id for c in SEARCH_KEYWORD_AI]


def test_tanka_parse_prints_the_right_numbers(capsys):
    path = shared_page("lancers", "search_keyword_ai.html")
    tanka_cli.main(["parse", "lancers", str(path), "--crawled-at", CRAWLED_AT.isoformat()])
    rows = [json.loads(line) for line in capsys.readouterr()[0].splitlines()]
    shown = [(r["budget_min_yen"], r["budget_max_yen"], r["unit_price_yen"], r["applicants"], r["slots"])
             for r in rows]
    assert shown == [(*c.money, *c.counts[:2]) for c in SEARCH_KEYWORD_AI]


# ----- synthetic cards in the real markup (lancers.md §3.2) ------------------------------------------------
def card(listing_id: int = 5596677, *, classes: str = "", title: str = "データ入力のお仕事", badges: str = "",
         price: str = ('<span class="p-search-job-media__number">20,000</span><span class="c-media__job-unit">円 </span>'
                       '<span class="c-media__job-unit">~</span><span class="p-search-job-media__number">50,000</span>'
                       '<span class="c-media__job-unit">円 / 固定</span>'),
         worktype: str = "project", label: str = "プロジェクト", left: str = "あと6日", root: str | None = None) -> str:
    time_left = ('<div class="p-search-job-media__time p-search-job-media__time--open"><span class="'
                 f'p-search-job-media__time-text">募集中</span><span class="p-search-job-media__time-remaining">{left}'
                 '</span></div>') if left else ""
    root = root or f'onclick="goToLjpWorkDetail({listing_id})"'
    return f"""<div {root} class="p-search-job-media c-media c-media--item {classes}">
<div class="p-search-job-media__content c-media__content"><div class="p-search-job-media__content-left">{time_left}</div>
<div class="p-search-job-media__content-right">
<a class="p-search-job-media__title c-media__title" href="/work/detail/{listing_id}"><ul class="p-search-job-media__tags">{badges}</ul>
  {escape(title)}  </a>
<ul class="p-search-job__divisions u-mt9"><li class="p-search-job__division"><a class="p-search-job__division-link"
 href="/work/search/task/input">テキスト入力・タイピング・キーパンチ</a></li><li class="p-search-job__division"> 卸売・小売 </li></ul>
<div class="u-mt9"><div class="c-media__job-stats-item"><span class="c-badge--worktype-{worktype}">
<span class="c-badge__text">{label}</span></span><span class="p-search-job-media__price">{price}</span></div></div>
<div class="c-media__description js-job-show-description">■ 依頼の目的・背景\r\n商品登録です...</div>
</div></div></div>"""


def page_of(*cards: str, pager: str = "") -> str:
    return (f'<html><body><main class="p-search__container js-search-items" data-items="[]"><div class="'
            f'p-search-job-medias p-search-job-medias--client">{"".join(cards)}</div>{pager}</main></body></html>')


def parse(html: str, url: str = f"{BASE}/work/search?open=1&sort=started"):
    return parse_search_page(Selector(text=html), url, BASE)


PR_BADGE = '<li class="p-search-job-media__tag p-search-job-media__tag--middle">PR</li>'


def test_a_pr_card_repeating_a_listing_on_the_page_is_counted_once():
    page = parse(page_of(card(1, classes=" middle", badges=PR_BADGE, left=""), card(2), card(1)))
    assert ([g.listing_id for g in page.gigs], page.skipped) == (["1", "2"], {"pr_duplicate": 1})


def test_the_merged_repeat_keeps_the_regular_cards_time_left_and_the_pr_tag():
    gig = parse(page_of(card(1, classes=" middle", badges=PR_BADGE, left=""), card(1, left="あと3時間"))).gigs[0]
    assert (gig.deadline, "promoted" in gig.tags) == ("あと3時間", True)


def test_a_pr_repeat_of_an_earlier_page_is_dropped_within_one_crawl(spider):
    scoped = spider_for("lancers")
    url = f"{BASE}/work/search?open=1&sort=started"

    def response(html: str, page: int) -> HtmlResponse:
        request = Request(f"{url}&page={page}", meta={"scope": "lancers:new", "page": page})
        return HtmlResponse(request.url, body=html.encode(), encoding="utf-8", request=request)

    first = scoped.parse_list(response(page_of(card(9, classes=" top", badges=PR_BADGE, left=""), card(8)), 1))
    second = scoped.parse_list(response(page_of(card(9), card(7)), 2))
    assert ([g.listing_id for g in first.gigs + second.gigs], second.skipped) == (["9", "8", "7"],
                                                                                 {"pr_duplicate": 1})


def test_onsite_jobs_are_left_out_and_counted():
    onsite = card(10731, root='onclick="goToLjpJobDetail(10731)"', price='<span class="c-media__job-unit">¥ 50万 〜 60万</span>',
                  worktype="recruit", label="求人").replace("/work/detail/10731", "/onsite/job/10731")
    page = parse(page_of(onsite, card(2)))
    assert ([g.listing_id for g in page.gigs], page.skipped) == (["2"], {"onsite_job": 1})


def test_an_agency_ad_is_never_a_work_card():
    ad = card(3, root='data-external-modal="ltop" data-external-modal-url="https://tech-agent.lancers.jp/project/x/"')
    assert card_kind(Selector(text=ad).css("div.p-search-job-media")[0]) == "agency_ad"


def test_a_card_of_unknown_kind_is_counted():
    page = parse(page_of(card(1), card(2, root='data-kind="new-widget"')))
    assert ([g.listing_id for g in page.gigs], page.skipped) == (["1"], {"unknown": 1})


def test_a_work_card_without_its_title_link_is_counted_not_guessed():
    broken = card(4).replace("p-search-job-media__title", "p-search-job-media__heading")
    page = parse(page_of(card(1), broken))
    assert ([g.listing_id for g in page.gigs], page.skipped) == (["1"], {"malformed_card": 1})


def test_a_page_of_cards_none_of_which_is_known_is_a_changed_layout():
    with pytest.raises(LayoutChanged):
        parse(page_of(card(1, root='data-kind="x"'), card(2, root='data-kind="y"')))


def test_a_page_without_cards_or_result_list_is_a_changed_layout():
    with pytest.raises(LayoutChanged, match="no job card"):
        parse("<html><body><div class='c-media'>メンテナンス中</div></body></html>")


def test_the_login_form_means_refused():
    with pytest.raises(LayoutChanged, match="login"):
        parse('<html><body><form id="login_form"><input id="UserEmail"></form></body></html>',
              url=f"{BASE}/user/login?ref=work_search")


def test_an_empty_result_list_is_an_empty_page():
    page = parse(page_of())
    assert (page.gigs, page.next_url, page.skipped) == ([], None, {})


def test_a_disabled_next_link_ends_the_set():
    pager = ('<nav class="c-pager u-mt5"><div class="c-pager__sub"><span class="c-pager__item c-pager__item--next '
             'is-disabled"><a href="/work/search?page=3">次へ</a></span></div></nav>')
    assert parse(page_of(card(1), pager=pager)).next_url is None


def test_a_card_without_a_badge_has_no_pay_type_rather_than_a_guess():
    gig = parse_card(Selector(text=card(1).replace("c-badge--worktype-project", "c-badge")).css("div")[0], BASE)
    assert gig.pay_type is None


@pytest.mark.parametrize(("kind", "value", "url"), [
    ("new", None, f"{BASE}/work/search?open=1&sort=started"),
    ("category", "task/input", f"{BASE}/work/search/task/input?open=1&sort=started"),
    ("category", "task/analysis/statistics", f"{BASE}/work/search/task/analysis/statistics?open=1&sort=started"),
    ("keyword", "データ入力", f"{BASE}/work/search?keyword=%E3%83%87%E3%83%BC%E3%82%BF%E5%85%A5%E5%8A%9B&open=1&sort=started"),
])
def test_list_url(spider, kind, value, url):
    assert spider.list_url(kind, value) == url


@pytest.mark.parametrize(("kind", "value"), [("category", "../admin"), ("category", None), ("keyword", None),
                                             ("recent", None)])
def test_an_unknown_listing_set_is_refused(spider, kind, value):
    with pytest.raises(ValueError):
        spider.list_url(kind, value)


def test_no_detail_request_for_a_limited_listing(spider):
    assert spider.detail_request(Gig(site="lancers", listing_id="1", url=f"{BASE}/work/detail/1",
                                     tags=["limited"])) is None


def test_the_detail_request_goes_to_the_listing_page(spider):
    request = spider.detail_request(Gig(site="lancers", listing_id="5552617", url=f"{BASE}/work/detail/5552617"))
    assert request.url == f"{BASE}/work/detail/5552617"


def hash_of(html: str, spider) -> str:
    return fingerprint(parse_card(Selector(text=html).css("div.p-search-job-media")[0], BASE), spider.unhashed_fields)


def test_time_passing_does_not_change_a_listing(spider):
    assert hash_of(card(1, left="あと6日"), spider) == hash_of(card(1, left="あと5日"), spider)


def test_a_new_price_changes_a_listing(spider):
    cheaper = card(1).replace("50,000", "40,000")
    assert hash_of(card(1), spider) != hash_of(cheaper, spider)


# ----- properties ---------------------------------------------------------------------------------------
def number(amount: int) -> str:
    return f'<span class="p-search-job-media__number">{amount:,}</span>'


def unit(text: str) -> str:
    return f'<span class="c-media__job-unit">{text}</span>'


def typed(html: str) -> dict[str, Any]:
    gig = parse_card(Selector(text=html).css("div.p-search-job-media")[0], BASE)
    gig.crawled_at = CRAWLED_AT.isoformat()
    return normalize_gig(gig)


amounts = st.integers(min_value=1, max_value=10**8)


@given(amounts, amounts)
def test_a_project_band_parses_back_to_its_bounds(a, b):
    low, high = sorted((a, b))
    row = typed(card(price=number(low) + unit("円 ") + unit("~") + number(high) + unit("円 / 固定")))
    assert (row["pay_type"], row["budget_min_yen"], row["budget_max_yen"]) == ("fixed", low, high)


@given(amounts)
def test_an_upper_bound_alone_has_no_lower_bound(high):
    row = typed(card(price=unit("~") + number(high) + unit("円 / 固定")))
    assert (row["budget_min_yen"], row["budget_max_yen"]) == (None, high)


@given(amounts)
def test_a_task_price_is_a_unit_price(amount):
    row = typed(card(price=number(amount) + unit("円 / 件"), worktype="task", label="タスク"))
    assert (row["pay_type"], row["unit_price_yen"], row["budget_max_yen"]) == ("task", amount, None)


@given(amounts)
def test_a_competition_prize_is_both_bounds(amount):
    row = typed(card(price=number(amount) + unit("円"), worktype="competition", label="コンペ"))
    assert (row["pay_type"], row["budget_min_yen"], row["budget_max_yen"]) == ("competition", amount, amount)


@settings(max_examples=200)
@given(st.text(alphabet=st.characters(exclude_categories=("Cs", "Cc")), max_size=60))
def test_a_title_reads_back_with_its_whitespace_collapsed(title):
    gig = parse_card(Selector(text=card(title=title)).css("div.p-search-job-media")[0], BASE)
    assert gig.title == (" ".join(title.split()) or None)


@given(st.text(max_size=300))
def test_any_text_is_a_page_or_a_changed_layout_never_a_crash(text):
    try:
        page = parse(text)
    except LayoutChanged:
        return
    assert page.gigs == []


def test_a_price_unit_never_seen_is_logged_and_kept_raw(caplog):
    hourly = card(price=number(1500) + unit("円 / 時間"))
    row = typed(hourly)
    assert ("時間" in caplog.text, row["pay_type"], row["hourly_min_yen"]) == (True, "hourly", 1500)
