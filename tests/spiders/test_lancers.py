"""The Lancers spider on the real saved search pages, card by card and field by field.

Each real page (../shared/fixtures/lancers, read in place, skipped when absent) is parsed once per
module with a frozen crawl time (the day it was saved); the tables below hold what every work card
shows, as read from the page, and one test per field checks it for every card. The pages span
2026-06 anonymous searches and 2025-12 / 2026-04 logged-in views (cards without a description,
the site's own 文字単価, contests with bare 円 prizes, agency ads in bulk). Lancers' error page is a
failure, never an empty result. Synthetic cards in the real markup cover what the saved pages lack
(a PR repeat on one page, onsite 求人, a changed layout), and hypothesis checks the card parser on
any amount and any title. The detail pages are in test_lancers_detail.py.
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
from scrapy.utils.test import get_crawler

from spiders.base import LayoutChanged, _ScopeState, fingerprint, parse_failure_reason
from spiders.lancers import LancersSpider, card_kind, parse_card, parse_search_page
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
    "search_type_project_2025-12.html": f"{BASE}/work/search?type%5B%5D=project&open=1",
    "search_type_competition_2025-12.html": f"{BASE}/work/search?type%5B%5D=competition&open=1",
    "search_category_system_development_2025-12.html": f"{BASE}/work/search/system/development?open=1",
    "search_web_lp_2026-04.html": f"{BASE}/work/search/web/lp?open=1",
}
# When each page was saved (the fixtures README); the cards' remaining times count from it.
CRAWLED = {"search_type_project_2025-12.html": tokyo(2025, 12, 13, 12, 0),
           "search_type_competition_2025-12.html": tokyo(2025, 12, 13, 12, 0),
           "search_category_system_development_2025-12.html": tokyo(2025, 12, 13, 12, 0),
           "search_web_lp_2026-04.html": tokyo(2026, 4, 28, 12, 0)}
# The remaining times printed on the cards, as spans of time from the crawl.
TIME_LEFT = {"あと20日": timedelta(days=20), "あと16日": timedelta(days=16), "あと13日": timedelta(days=13),
             "あと10日": timedelta(days=10), "あと9日": timedelta(days=9), "あと6日": timedelta(days=6),
             "あと5日": timedelta(days=5), "あと4日": timedelta(days=4), "あと3日": timedelta(days=3),
             "あと2日": timedelta(days=2), "あと1日": timedelta(days=1),
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
    description_start: str | None  # None: the card shows no text (logged-in views without show_description)
    yen_per_char: float | None = None  # the site's own 文字単価, printed beside the budget


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
SEARCH_TYPE_PROJECT = [  # logged in, 2025-12: 33 project cards; 2 print the site's 文字単価 beside the budget
    Card('5451212', 'オープンシェルフの商品監修依頼',
         'プロダクトデザイン・CADデザイン', 'design/3dmodeling', '家具・インテリア',
         'fixed', '50,000 円 ~ 100,000 円 / 固定', (50000, 100000, None), 'あと2日', (None, 1, 0),
         ('marusakujapan', 'marusakujapan', 12, 5.0, None),
         ['生成AI使用可', 'promoted', '優良価格', '大量募集', '長期', '品質重視'],
         None),
    Card('5358738', 'スキマ時間・無理なく安定して作業したい方【未経験OK・継続依頼】動画編集者・映像編集者｜副業兼業OK',
         'ショート動画編集・短尺動画制作', 'multimedia/short_ad_movie', '芸能・エンターテイメント',
         'fixed', '20,000 円 ~ 50,000 円 / 固定', (20000, 50000, None), 'あと13日', (None, 15, 0),
         ('AGDS', '株式会社デジタルスタジオ', 15, 5.0, None),
         ['promoted'],
         None),
    Card('5452903', '【急募】インパクトあるロゴデザイン文字の制作',
         'ロゴ作成・デザイン', 'design/logo', '住宅・不動産',
         'fixed', '10,000 円 ~ 20,000 円 / 固定', (10000, 20000, None), 'あと4日', (None, 2, 0),
         ('seiwa3100', 'seiwa.sn', None, None, None),
         ['生成AI使用可', '市場価格と相違', '提案を即決'],
         None),
    Card('5388271', '【カナダ カルガリー ・エドモントン 在住の日本人の方】かけもち歓迎 商品の受取・発送さん募集',
         'ポスティング・DM・発送作業', 'task/posting', 'ファッション・アパレル',
         'fixed', '5,000 円 ~ 10,000 円 / 固定', (5000, 10000, None), 'あと6日', (None, 2, 0),
         ('cherie_lc', 'and_C', None, None, None),
         [],
         None),
    Card('5452123', '【急募】転職エージェント（面接対策や企業紹介）のYouTube動画編集者募集',
         'YouTube動画編集・加工', 'multimedia/youtube', '人材紹介・人材派遣',
         'fixed', '10,000 円 ~ 20,000 円 / 固定', (10000, 20000, None), 'あと2日', (None, 1, 0),
         ('shar', '株式会社Get Light', None, None, None),
         ['品質重視', 'スピード重視', 'スムーズな連絡', '提案を即決', '法人可', '納期応相談', '報酬応相談', '継続依頼あり', '長期'],
         None),
    Card('5452713', '【デザイナー募集】月額契約でバナー制作をお願いします！',
         'バナー作成・デザイン', 'web/banner', '広告・イベント・プロモーション',
         'fixed', '200,000 円 ~ 300,000 円 / 固定', (200000, 300000, None), 'あと6日', (None, 1, 0),
         ('eagle1515', '株式会社イーグル', 1, 5.0, None),
         ['スピード重視', 'スムーズな連絡', '経験者優遇', '継続依頼あり', '大量募集', '長期'],
         None),
    Card('5452813', '【美容サロン】簡易的な英語同意書作成の依頼',
         '英語翻訳・英文翻訳', 'translation/english', '美容室・サロン',
         'fixed', '~ 5,000 円 / 固定', (None, 5000, None), 'あと1日', (None, 1, 0),
         ('Purimo', 'Ber', 2, None, None),
         ['優良価格'],
         None),
    Card('5452811', '漫画やアニメのキャラクター紹介orネタバレ記事（初心者歓迎！）【固定報酬450円/3000文字以上】',
         'キャラクターアニメーション制作', 'multimedia/character_movie', 'ゲーム・アニメ・玩具',
         'fixed', '1,000 ~ 5,000 円 / 固定 0.15 円 / 文字', (1000, 5000, None), 'あと2日', (None, 1, 0),
         ('yuuublog', 'yuuublog', 3002, 4.9, True),
         ['市場価格と相違'],
         None, yen_per_char=0.15),
    Card('5452837', '【クリエイター募集】Instagramフィード投稿作成パートナー求む！',
         'SNSサムネイル・画像作成', 'web/sns_image_creation', 'IT・通信・インターネット',
         'fixed', '10,000 円 ~ 20,000 円 / 固定', (10000, 20000, None), 'あと4日', (None, 3, 0),
         ('SNS_1589', 'SNS@こう', 2, 5.0, None),
         [],
         None),
    Card('5452899', '【急募】全国で軽貨物ドライバーを大募集！',
         'ポスティング・DM・発送作業', 'task/posting', '流通・運輸・交通',
         'fixed', '50,000 円 ~ 100,000 円 / 固定', (50000, 100000, None), 'あと4日', (None, 1, 0),
         ('worldstandard1987', 'worldstandard1987', None, None, None),
         [],
         None),
    Card('5452886', '【急募！1本1.5万円】野球系の長尺動画の作成',
         '新規動画作成・企画・相談', 'multimedia/movie', 'IT・通信・インターネット',
         'fixed', '10,000 円 ~ 20,000 円 / 固定', (10000, 20000, None), 'あと2日', (None, 3, 0),
         ('mototsune-penguin', 'PENGUIN', 55, 4.6, None),
         ['レギュラーランク以上が必要', '経験者優遇', '継続依頼あり', '品質重視'],
         None),
    Card('5452890', '【月10万】地方競馬の予想を毎日できる方募集！凄腕予想家を希望！',
         'その他 (ライティング)', 'writing/otherwriting', '芸能・エンターテイメント',
         'fixed', '50,000 円 ~ 100,000 円 / 固定', (50000, 100000, None), 'あと6日', (None, 1, 0),
         ('infoceo777', 'infoceo', 12, 4.7, None),
         ['優良価格'],
         None),
    Card('5452888', '【月10万】中央競馬の予想を毎週できる方募集！凄腕予想家を希望！',
         'その他 (ライティング)', 'writing/otherwriting', 'IT・通信・インターネット',
         'fixed', '~ 5,000 円 / 固定', (None, 5000, None), 'あと6日', (None, 1, 0),
         ('infoceo777', 'infoceo', 12, 4.7, None),
         ['優良価格'],
         None),
    Card('5425365', '【初心者の主婦の方歓迎！】記事を作成しながらライティング技術を学べます!',
         '記事作成・ブログ記事・体験談', 'writing/blog', '医療・医薬',
         'fixed', '~ 5,000 円 / 固定 0.33 円 / 文字', (None, 5000, None), 'あと4日', (None, 6, 4),
         ('dnbr', 'chnk048', 175, 4.9, True),
         ['適正価格', '本人確認が必要', 'ランサーズチェックが必要', '評価＋以上が必要', 'レギュラーランク以上が必要', '初心者OK', 'スピード重視'],
         None, yen_per_char=0.33),
    Card('5444555', '「何か現状に満足してない...」20代会社員の不安に寄り添う Instagram投稿作成！',
         'SNS作成・ソーシャルメディア運用', 'web/facebook', 'IT・通信・インターネット',
         'fixed', '50,000 円 ~ 100,000 円 / 固定', (50000, 100000, None), 'あと2日', (None, 3, 0),
         ('noma-namado', 'ノマ 1231', None, 1.0, True),
         ['秘密保持確認が必要', 'レギュラーランク以上が必要'],
         None),
    Card('5424140', '【SEO内部対策ができる方を募集します（業務委託・副業歓迎）】',
         'SEO内部対策', 'salesmarketing/seo_internal_measures', 'IT・通信・インターネット',
         'fixed', '10,000 円 ~ 20,000 円 / 固定', (10000, 20000, None), 'あと6日', (None, 10, 0),
         ('hirokindesu', 'SEO歴20年｜内部対策', 104, 4.9, True),
         ['適正価格', '経験者優遇', '継続依頼あり', '大量募集', '長期', '品質重視', 'スピード重視', 'スムーズな連絡', '提案を即決', '法人可', '納期応相談'],
         None),
    Card('5452894', '【急募】8分程度のYouTube動画画像収集・挿入作業',
         'YouTube動画編集・加工', 'multimedia/youtube', '広告・イベント・プロモーション',
         'fixed', '1,000 ~ 5,000 円 / 固定', (1000, 5000, None), 'あと4日', (None, 3, 0),
         ('sugiura-8', 'AXIS_映像クリエイター', None, None, None),
         [],
         None),
    Card('5450539', '女性限定 ebay 再出品 完全在宅 主婦歓迎 マニュアル完備 サポート充実',
         'チケット代行・出品代行・予約代行', 'task/ticket', '卸売・小売',
         'fixed', '10,000 円 ~ 20,000 円 / 固定', (10000, 20000, None), 'あと4日', (None, 4, 2),
         ('filer2017', '株式会社フィレル', 6, 4.4, True),
         ['promoted', 'レギュラーランク以上が必要', '初心者OK', 'カンタン', '継続依頼あり', '長期', 'スムーズな連絡'],
         None),
    Card('5452855', '【急募】Googleリスティング広告運用のプロを探しています！',
         'リスティング・ディスプレイ広告運用', 'salesmarketing/listing', 'IT・通信・インターネット',
         'fixed', '50,000 円 ~ 100,000 円 / 固定', (50000, 100000, None), 'あと4日', (None, 1, 0),
         ('Mechanism', 'メカニ', 274, 4.8, True),
         ['適正価格', 'レギュラーランク以上が必要'],
         None),
    Card('5452865', 'ステップフォーム型LP制作（HTML＋CSS＋JS＋GAS）',
         'レスポンシブサイト制作', 'web/responsive', '建築・工務店',
         'fixed', '100,000 円 ~ 200,000 円 / 固定', (100000, 200000, None), 'あと1日', (None, 1, 0),
         ('mm-corp7', '株式会社インハイ', 495, 4.9, True),
         ['適正価格'],
         None),
    Card('5452867', '同人漫画のシナリオ作成',
         'シナリオ作成・脚本制作・小説作成', 'writing/scenario', 'IT・通信・インターネット',
         'fixed', '~ 5,000 円 / 固定', (None, 5000, None), 'あと3日', (None, 2, 0),
         ('shimasang', 'アドマン', 70, 5.0, True),
         ['市場価格と相違', '本人確認が必要', 'ランサーズチェックが必要', '評価＋以上が必要', '経験者優遇', '継続依頼あり', '法人可', '納期応相談'],
         None),
    Card('5452880', 'YouTubeチャンネルの動画編集業務をお願いできる会社、チームを募集します',
         'YouTube動画編集・加工', 'multimedia/youtube', '芸能・エンターテイメント',
         'fixed', '200,000 円 ~ 300,000 円 / 固定', (200000, 300000, None), 'あと6日', (None, 20, 0),
         ('Chei-co', 'P.V.P', None, 1.0, None),
         ['継続依頼あり', '大量募集', '長期', 'スピード重視', 'スムーズな連絡', '法人可'],
         None),
    Card('5452892', '【継続案件/1本7000円】YouTube用の動画編集できる方',
         'YouTube動画編集・加工', 'multimedia/youtube', 'IT・通信・インターネット',
         'fixed', '50,000 円 ~ 100,000 円 / 固定', (50000, 100000, None), 'あと6日', (None, 1, 0),
         ('infoceo777', 'infoceo', 12, 4.7, None),
         [],
         None),
    Card('5452885', '【日給13,000円】展示会ブース営業（1/20 東京ビッグサイト｜AIコンサル事業）',
         '広告・PR・パブリシティ・宣伝', 'salesmarketing/ads', 'IT・通信・インターネット',
         'fixed', '10,000 円 ~ 20,000 円 / 固定', (10000, 20000, None), 'あと6日', (None, 1, 0),
         ('taka12321', 'Taka', 2, 2.6, None),
         ['適正価格', '初心者OK', '経験者優遇'],
         None),
    Card('5452736', '【継続】インフルエンサーのSNS投稿確認・報告業務',
         '秘書・オンラインアシスタント', 'business/assistant', '広告・イベント・プロモーション',
         'fixed', '1,000 ~ 5,000 円 / 固定', (1000, 5000, None), 'あと4日', (None, 3, 0),
         ('life_n', 'life_n', 1, 5.0, None),
         ['初心者OK', 'スムーズな連絡', '納期応相談', 'カンタン', '継続依頼あり', '長期', '高単価'],
         None),
    Card('5452737', 'YouTube登録７万人超の動画編集のお仕事！チャンネルを編集して本気で学びたい方限定で募集します！',
         'YouTube動画編集・加工', 'multimedia/youtube', 'スポーツ・フィットネス',
         'fixed', '20,000 円 ~ 50,000 円 / 固定', (20000, 50000, None), 'あと4日', (None, 1, 0),
         ('tomokin001', 'tomokin001', 846, 4.9, None),
         ['経験者優遇'],
         None),
    Card('5452758', 'ショップにテンプレメール送信（1件/5円）',
         'その他 (タスク・作業)', 'task/othertask', '卸売・小売',
         'fixed', '5,000 円 ~ 10,000 円 / 固定', (5000, 10000, None), 'あと6日', (None, 2, 0),
         ('ouyi', 'かえで', None, 1.0, None),
         ['初心者OK', '長期'],
         None),
    Card('5452749', '【急募】ファッションサイトの出品代行募集',
         'チケット代行・出品代行・予約代行', 'task/ticket', 'ファッション・アパレル',
         'fixed', '5,000 円 ~ 10,000 円 / 固定', (5000, 10000, None), 'あと4日', (None, 5, 0),
         ('ouyi', 'かえで', None, 1.0, None),
         [],
         None),
    Card('5452742', 'FigmaでのLPデザイン(素材、ワイヤーフレーム支給)',
         'レスポンシブサイト制作', 'web/responsive', 'IT・通信・インターネット',
         'fixed', '20,000 円 ~ 50,000 円 / 固定', (20000, 50000, None), 'あと2日', (None, 1, 0),
         ('take_maruw', '株式会社キャンテック', 21, 4.0, None),
         ['市場価格と相違'],
         None),
    Card('5452760', '【急募】佐川急便の出荷伝票作成をお手伝いください！',
         '伝票整理', 'task/sorting', '卸売・小売',
         'fixed', '~ 5,000 円 / 固定', (None, 5000, None), 'あと5日', (None, 1, 0),
         ('taiyo9978', '大洋商事株式会社', None, None, None),
         ['3回目', '経験者優遇', '継続依頼あり', '品質重視', 'スムーズな連絡'],
         None),
    Card('5452764', '急募！※未経験可【ビジネス系】動画の編集、サムネイル作成（カット、テロップ、SE、BGM等）',
         'YouTube動画編集・加工', 'multimedia/youtube', 'IT・通信・インターネット',
         'fixed', '1,000 ~ 5,000 円 / 固定', (1000, 5000, None), 'あと2日', (None, 1, 0),
         ('taros0303', 'taros0303', 75, 5.0, None),
         ['初心者OK', '経験者優遇', 'カンタン', '継続依頼あり', '大量募集', '長期'],
         None),
    Card('5452779', '【急募】福岡在住の方限定！梱包発送作業をお任せします',
         'ポスティング・DM・発送作業', 'task/posting', '卸売・小売',
         'fixed', '~ 5,000 円 / 固定', (None, 5000, None), 'あと6日', (None, 2, 0),
         ('meeeeiiiii', 'mei', 1, 5.0, None),
         ['3回目', '初心者OK', '長期'],
         None),
    Card('5440426', 'PCでOK！リサーチ作業で隙間時間を収益化♪育児中も安心！サポート付きです＾＾！',
         '海外調査・コンサルティング', 'salesmarketing/overseas', 'IT・通信・インターネット',
         'fixed', '~ 5,000 円 / 固定', (None, 5000, None), 'あと4日', (None, 2, 0),
         ('Lucky070710', 'Lucky', 7, 4.4, True),
         ['レギュラーランク以上が必要', '初心者OK', '経験者優遇', 'カンタン', '継続依頼あり', '長期'],
         None),
]

SEARCH_TYPE_COMPETITION = [  # logged in, 2025-12: 35 contest cards, prizes as bare 円; 限定公開 9, 当選保証 17
    Card('5394404', '［たった４枚のイラストで参加］柔道着に貼り付けるボーイスカウトの「勲章」のようなワッペンのデザイン',
         'イラスト制作', 'design/illustration', 'スポーツ・フィットネス',
         'competition', '148,610 円', (148610, 148610, None), 'あと13日', (104, None, None),
         ('TKmusic', 'TKmusic', 737, 4.8, None),
         ['urgent', '提案非公開', 'promoted'],
         None),
    Card('5406528', '１ページのみ！子供向けWEBデザイン教室！デザインセンスがわかれば良いので最小限のボリュームで参加',
         'Web (ウェブ) デザイン', 'web/webdesign', '資格・習い事',
         'competition', '441,430 円', (441430, 441430, None), 'あと16日', (100, None, None),
         ('TKmusic', 'TKmusic', 737, 4.8, None),
         ['promoted'],
         None),
    Card('5452810', '新たなお茶ブランドの第1弾商品パッケージ',
         'パッケージ・包装デザイン', 'design/package', '食品・飲料・たばこ',
         'competition', '66,000 円', (66000, 66000, None), 'あと13日', (0, None, None),
         ('tori1982', '株式会社やまのおかげ屋', 7, 5.0, None),
         ['提案非公開', '生成AI使用可', '経験者優遇', '品質重視', '法人可', '納期応相談'],
         None),
    Card('5452891', 'Bar 「DIME」のロゴ',
         'ロゴ作成・デザイン', 'design/logo', '店舗（飲食店・居酒屋など）',
         'competition', '27,500 円', (27500, 27500, None), 'あと4日', (3, None, None),
         ('marudemi1027', '株式会社 TMS', None, None, None),
         ['当選保証', '提案非公開', '生成AI使用可', '初心者OK', '経験者優遇', '品質重視', 'スピード重視', '提案を即決'],
         None),
    Card('5452896', '電子書籍「40年間満席のピアノの先生が教える～生徒も先生もしあわせになる教室運営の法則」の表紙',
         '装丁・ブックデザイン', 'design/book', '美術・工芸・音楽',
         'competition', '38,500 円', (38500, 38500, None), 'あと4日', (1, None, None),
         ('yukiyo26', '柴田 幸代', None, None, None),
         ['当選保証', '提案非公開', '生成AI使用可', '初心者OK', 'スムーズな連絡'],
         None),
    Card('5452727', '中学3年生対象の模擬試験「高専模試〈理科〉」の監修（校閲）',
         'リライト・校正・編集', 'writing/rewrite', '塾・予備校',
         'competition', '16,500 円', (16500, 16500, None), 'あと13日', (0, None, None),
         ('know_star', '株式会社ナレッジスター', 5, 4.6, True),
         ['当選保証', '提案非公開', '生成AI使用可', '品質重視', '継続依頼あり', '長期', '経験者優遇', '高単価'],
         None),
    Card('5452877', 'kindle書籍の表紙デザイン',
         '装丁・ブックデザイン', 'design/book', '介護・福祉',
         'competition', '31,900 円', (31900, 31900, None), 'あと6日', (2, None, None),
         ('shinhiroki', 'シンヒロキ', None, None, None),
         ['当選保証', '生成AI使用可', '初心者OK'],
         None),
    Card('5452684', 'コラーゲン粉末サプリの商品名',
         'ネーミング・名前募集', 'writing/naming', 'メーカー',
         'competition', '55,000 円', (55000, 55000, None), 'あと3日', (105, None, None),
         ('arakieri', 'ヘルスケア/スキンケア商品企画', 5, 5.0, None),
         ['limited', '当選保証', '提案非公開', '初心者OK', '大量募集', '高単価', 'スピード重視', 'スムーズな連絡'],
         None),
    Card('5452815', 'コラーゲン粉末サプリのパッケージ',
         'パッケージ・包装デザイン', 'design/package', 'メーカー',
         'competition', '149,600 円', (149600, 149600, None), 'あと3日', (0, None, None),
         ('arakieri', 'ヘルスケア/スキンケア商品企画', 5, 5.0, None),
         ['limited', '提案非公開', '経験者優遇', '大量募集', '高単価', '品質重視', 'スピード重視', 'スムーズな連絡', '法人可'],
         None),
    Card('5452753', '骨髄バンクポスターデザイン',
         'ポスターデザイン・作成', 'design/poster', '広告・イベント・プロモーション',
         'competition', '55,000 円', (55000, 55000, None), 'あと6日', (0, None, None),
         ('starhad', 'starhad', None, None, None),
         ['当選保証', '提案非公開', '生成AI使用可', '初心者OK', '経験者優遇', '品質重視', 'スピード重視', '法人可'],
         None),
    Card('5452670', 'ネイルブランドのロゴ',
         'ロゴ作成・デザイン', 'design/logo', '美容室・サロン',
         'competition', '27,500 円', (27500, 27500, None), 'あと20日', (15, None, None),
         ('an_lite', 'an_lite', 1, 5.0, None),
         ['limited', '提案非公開'],
         None),
    Card('5452674', 'CM ナレーション（D社様）',
         '声優・ナレーション・朗読', 'multimedia/narration', '広告・イベント・プロモーション',
         'competition', '3,300 円', (3300, 3300, None), 'あと6日', (3, None, None),
         ('takano0123', '高野 翔太', 208, 4.8, None),
         ['当選保証', '提案非公開'],
         None),
    Card('5452640', '買取専門店 天神屋のロゴ作成',
         'ロゴ作成・デザイン', 'design/logo', '卸売・小売',
         'competition', '27,500 円', (27500, 27500, None), 'あと4日', (20, None, None),
         ('botan01', '株式会社Botan', None, None, None),
         ['当選保証', '提案非公開', '生成AI使用可', '初心者OK', '法人可', '品質重視', 'スピード重視', '経験者優遇', '継続依頼あり', 'スムーズな連絡', '提案を即決', '大量募集'],
         None),
    Card('5452598', '測定器メーカーのマスコットキャラクター',
         'キャラクターデザイン・制作・募集', 'design/charactor', '工業・製造',
         'competition', '68,750 円', (68750, 68750, None), 'あと13日', (13, None, None),
         ('RSK001', '新潟理研測範(株)', 11, 5.0, None),
         ['limited', '提案非公開', '生成AI使用可'],
         None),
    Card('5452493', '【バナー制作コンペ】Meta広告「基本設定ガイド」「チェックリスト」',
         'バナー作成・デザイン', 'web/banner', 'IT・通信・インターネット',
         'competition', '22,000 円', (22000, 22000, None), 'あと6日', (0, None, None),
         ('yasu090816', 'YAS', 689, 4.3, None),
         ['提案非公開'],
         None),
    Card('5452489', '農泊協議会ロゴマークの制作依頼',
         'ロゴ作成・デザイン', 'design/logo', '旅行・観光・グルメ',
         'competition', '55,000 円', (55000, 55000, None), 'あと13日', (21, None, None),
         ('Shimabara-BD', 'Design1954', 82, 5.0, True),
         ['提案非公開', '生成AI使用可'],
         None),
    Card('5452467', 'CM ナレーション（SA病院様）',
         '声優・ナレーション・朗読', 'multimedia/narration', '広告・イベント・プロモーション',
         'competition', '3,300 円', (3300, 3300, None), 'あと6日', (3, None, None),
         ('takano0123', '高野 翔太', 208, 4.8, None),
         ['当選保証', '提案非公開'],
         None),
    Card('5441326', '会社のロゴやtシャツのデザインなどに使いたい',
         'ロゴ作成・デザイン', 'design/logo', '農林・水産・鉱業',
         'competition', '41,250 円', (41250, 41250, None), 'あと4日', (75, None, None),
         ('user_910', '林業屋さん', 4, 5.0, None),
         ['limited', '当選保証', '提案非公開', 'promoted'],
         None),
    Card('5452418', '自動車用品卸売業 株式会社SKYcreationの 名刺デザイン',
         '名刺作成・カードデザイン・印刷', 'design/card', '卸売・小売',
         'competition', '16,500 円', (16500, 16500, None), 'あと4日', (3, None, None),
         ('sakata0810', 'sakata0810', 23, 5.0, None),
         ['limited', '当選保証', '生成AI使用可'],
         None),
    Card('5452413', '株式会社天羽のロゴ',
         'ロゴ作成・デザイン', 'design/logo', 'コンサルティング・シンクタンク',
         'competition', '55,000 円', (55000, 55000, None), 'あと6日', (52, None, None),
         ('amenoha', '天羽', None, None, None),
         ['提案非公開'],
         None),
    Card('5452377', '銀座高級サロンの店内解説PR動画作成依頼（英語、中国語ナレーション付き）',
         '商品紹介動画・サービス紹介動画', 'multimedia/product_video', '美術・工芸・音楽',
         'competition', '66,000 円', (66000, 66000, None), 'あと6日', (0, None, None),
         ('DaisakuHonda', '本田', 33, 4.9, True),
         ['urgent', 'limited', '当選保証', '提案非公開', '本人確認が必要', 'ランサーズチェックが必要', '経験者優遇', '継続依頼あり', '品質重視', 'スピード重視', '納期応相談', '提案を即決', 'スムーズな連絡'],
         None),
    Card('5452331', 'ドーナツ専門店「O-chan Donuts stand」のロゴ',
         'ロゴ作成・デザイン', 'design/logo', '卸売・小売',
         'competition', '55,000 円', (55000, 55000, None), 'あと6日', (57, None, None),
         ('gp-staff', 'ジーピースタッフ株式会社', 31, 4.7, None),
         ['limited', '提案非公開', 'スピード重視', 'スムーズな連絡'],
         None),
    Card('5451728', 'デジタルマーケティング会社「UDX」のロゴ作成',
         'ロゴ作成・デザイン', 'design/logo', 'IT・通信・インターネット',
         'competition', '55,000 円', (55000, 55000, None), 'あと3日', (72, None, None),
         ('provedigital', '福岡デジタル', 227, 4.5, None),
         ['提案非公開', '生成AI使用可'],
         None),
    Card('5452289', '新規開業の動物病院のロゴ作成',
         'ロゴ作成・デザイン', 'design/logo', '医療・医薬',
         'competition', '55,000 円', (55000, 55000, None), 'あと13日', (35, None, None),
         ('aoahp', 'あお', None, None, None),
         ['提案非公開', '経験者優遇', '品質重視', 'スムーズな連絡'],
         None),
    Card('5452262', '馬のカレンダーのデザイン',
         'チラシ作成・フライヤー・ビラデザイン', 'design/handbill', 'スポーツ・フィットネス',
         'competition', '55,000 円', (55000, 55000, None), 'あと4日', (0, None, None),
         ('umaumauma1223', 'UMAUMA', 3, 2.8, None),
         ['提案非公開'],
         None),
    Card('5452172', '脳神経外科クリニック「ばんば脳神経外科クリニック」のロゴとクリニック名',
         'ロゴ作成・デザイン', 'design/logo', '医療・医薬',
         'competition', '41,250 円', (41250, 41250, None), 'あと5日', (44, None, None),
         ('ybamba', '馬塲 庸平', None, None, None),
         ['提案非公開'],
         None),
    Card('5452136', 'NAKAMORIコーポレーションのサイトデザイン案',
         'その他 (デザイン)', 'design/otherdesign', '広告・イベント・プロモーション',
         'competition', '88,000 円', (88000, 88000, None), 'あと3日', (0, None, None),
         ('5da9650e9bd87', '5da9650e9bd87', 15, 5.0, None),
         ['limited', '当選保証', '提案非公開', '経験者優遇', '品質重視', '提案を即決', '継続依頼あり', 'スムーズな連絡'],
         None),
    Card('5452091', '2026年 新春キャンペーン',
         'POPデザイン', 'design/pop', '自動車・バイク',
         'competition', '33,000 円', (33000, 33000, None), 'あと10日', (0, None, None),
         ('jplanning', 'jplanning', 23, 4.5, None),
         ['当選保証', '提案非公開', '生成AI使用可'],
         None),
    Card('5451886', 'ラウンジスナック「Heaven」のロゴ',
         'ロゴ作成・デザイン', 'design/logo', '店舗（飲食店・居酒屋など）',
         'competition', '27,500 円', (27500, 27500, None), 'あと3日', (47, None, None),
         ('marudemi1027', '株式会社 TMS', None, None, None),
         ['提案非公開', '生成AI使用可', '初心者OK', 'スピード重視', 'スムーズな連絡', '大量募集', '提案を即決'],
         None),
    Card('5428882', '株式会社ニチリン 高校生向け看板デザイン',
         '看板・のぼりデザイン', 'design/signboard', 'メーカー',
         'competition', '55,000 円', (55000, 55000, None), 'あと5日', (4, None, None),
         ('HRUser', 'ニチリン', None, None, None),
         ['提案非公開', '生成AI使用可'],
         None),
    Card('5451815', '新規開院する歯科クリニックのロゴ制作',
         'ロゴ作成・デザイン', 'design/logo', '医療・医薬',
         'competition', '33,000 円', (33000, 33000, None), 'あと5日', (42, None, None),
         ('heroinnovation', 'イノベーマン', 1556, 4.7, None),
         ['当選保証', '提案非公開', 'スムーズな連絡', '品質重視'],
         None),
    Card('5451809', '新規開院する眼科クリニックのロゴマーク制作',
         'ロゴ作成・デザイン', 'design/logo', '医療・医薬',
         'competition', '33,000 円', (33000, 33000, None), 'あと5日', (54, None, None),
         ('heroinnovation', 'イノベーマン', 1556, 4.7, None),
         ['当選保証', '生成AI使用可', '初心者OK', '経験者優遇', '大量募集'],
         None),
    Card('5451758', '【当選確約/人気案件】新規開院する泌尿器科・内科のロゴ作成',
         'ロゴ作成・デザイン', 'design/logo', '医療・医薬',
         'competition', '33,000 円', (33000, 33000, None), 'あと10日', (24, None, None),
         ('heroinnovation', 'イノベーマン', 1556, 4.7, None),
         ['当選保証'],
         None),
    Card('5442648', '少し変わった要素がある、日本土産になる富士山デザインのTシャツ',
         'イラスト制作', 'design/illustration', 'メーカー',
         'competition', '33,000 円', (33000, 33000, None), 'あと5日', (45, None, None),
         ('GoodZoo', 'Good Zoo', 71, 5.0, True),
         ['注目', '提案非公開', '生成AI使用可', 'promoted', '初心者OK', '品質重視', '法人可'],
         None),
    Card('5442349', '小学校低学年に向けたカードゲーム、土管コネクト、のLPデザイン',
         'ランディングページ (LP) 制作', 'web/lp', '卸売・小売',
         'competition', '110,000 円', (110000, 110000, None), 'あと1日', (6, None, None),
         ('boukuri', '株式会社JPjoy', 165, 5.0, None),
         ['promoted'],
         None),
]

SEARCH_SYSTEM_DEVELOPMENT = [  # logged in, 2025-12: 2 work cards; 29 agency ads left out
    Card('5450323', '【GCP・Django】アプリ開発の技術指導・コードレビューをお願いできるエンジニアの方を募集！',
         'Webシステム開発・プログラミング', 'system/websystem', 'コンサルティング・シンクタンク',
         'fixed', '20,000 円 ~ 50,000 円 / 固定', (20000, 50000, None), 'あと1日', (None, 2, 0),
         ('cenobi', '株式会社Cenobi', 2, 5.0, None),
         ['3回目', '注目', 'limited', 'promoted', '経験者優遇', '継続依頼あり', '長期', 'スピード重視', 'スムーズな連絡'],
         None),
    Card('5453068', '【急募】中央競馬・地方競馬AI開発！期待値高い馬券自動購入プログラム(競馬AI経験者なら良いです)',
         'Webシステム開発・プログラミング', 'system/websystem', '官公庁・自治体',
         'fixed', '300,000 円 ~ 500,000 円 / 固定', (300000, 500000, None), 'あと4日', (None, 1, 0),
         ('shiro46shiro', 'shiro', 8, 4.5, None),
         [],
         None),
]

SEARCH_WEB_LP = [  # logged in, 2026-04: 4 work cards; 26 agency ads left out
    Card('5534856', '【急募】女性向けナイトブラのLP制作（デザイン＋コーディング）',
         'レスポンシブサイト制作', 'web/responsive', '広告・イベント・プロモーション',
         'fixed', '10,000 円 ~ 20,000 円 / 固定', (10000, 20000, None), 'あと6日', (None, 1, 0),
         ('OYAKUDACHIHOMPO', 'おやくだち本舗', 4, 5.0, True),
         ['適正価格'],
         None),
    Card('5534793', '【オンラインレクチャー依頼】AIを活用したLP制作〜本番反映までを実演形式で教えてください',
         'レスポンシブサイト制作', 'web/responsive', 'IT・通信・インターネット',
         'fixed', '50,000 円 ~ 100,000 円 / 固定', (50000, 100000, None), 'あと2日', (None, 1, 0),
         ('amadeus_1234', 'web_slknb', 13, 4.4, None),
         ['適正価格'],
         None),
    Card('5532823', '【急募】LPデザイン制作・コーディングのフリーランスを探しています！',
         'レスポンシブサイト制作', 'web/responsive', '芸能・エンターテイメント',
         'fixed', '200,000 円 ~ 300,000 円 / 固定', (200000, 300000, None), 'あと6日', (None, 3, 0),
         ('LIV_saito', '株式会社LIV', None, None, None),
         ['優良価格', '品質重視', 'スムーズな連絡', '法人可'],
         None),
    Card('5534737', '【音楽好き必見】エンタメLPページ制作とSEO設計を依頼！',
         'レスポンシブサイト制作', 'web/responsive', '芸能・エンターテイメント',
         'fixed', '100,000 円 ~ 200,000 円 / 固定', (100000, 200000, None), 'あと6日', (None, 1, 0),
         ('bsp_yama', '株式会社バックステージプロジェクト', 2, 5.0, True),
         ['優良価格', '本人確認が必要', '秘密保持確認が必要', 'ランサーズチェックが必要', '評価＋以上が必要', 'レギュラーランク以上が必要', '品質重視', '経験者優遇'],
         None),
]
PAGES = {"search_keyword_ai.html": SEARCH_KEYWORD_AI, "search_category_system.html": SEARCH_CATEGORY_SYSTEM,
         "cards_task_input.html": CARDS_TASK_INPUT, "search_type_project_2025-12.html": SEARCH_TYPE_PROJECT,
         "search_type_competition_2025-12.html": SEARCH_TYPE_COMPETITION,
         "search_category_system_development_2025-12.html": SEARCH_SYSTEM_DEVELOPMENT,
         "search_web_lp_2026-04.html": SEARCH_WEB_LP}
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
                gig.crawled_at = CRAWLED.get(name, CRAWLED_AT).isoformat()
            cache[name] = page, {g.listing_id: (g, normalize_gig(g)) for g in page.gigs}
        return cache[name]

    return get


@pytest.fixture(params=CASES, ids=[f"{name.removesuffix('.html')}-{card.id}" for name, card in CASES])
def case(request, parsed):
    name, card = request.param
    gig, row = parsed(name)[1][card.id]
    return card, gig, row, CRAWLED.get(name, CRAWLED_AT)


# ----- card by card, field by field -----------------------------------------------------------------
def test_url(case):
    card, _, row, _ = case
    assert row["url"] == f"https://www.lancers.jp/work/detail/{card.id}"


def test_title(case):
    card, _, row, _ = case
    assert row["title"] == card.title


def test_category(case):
    card, _, row, _ = case
    assert row["category"] == card.category


def test_category_path(case):
    card, gig, _, _ = case
    assert gig.extra["category_path"] == card.category_path


def test_industry(case):
    card, gig, _, _ = case
    assert gig.extra["industry"] == card.industry


def test_pay_type(case):
    card, _, row, _ = case
    assert row["pay_type"] == card.pay_type


def test_price_text(case):
    card, gig, _, _ = case
    assert gig.price_text == card.price_text


def test_budget_min(case):
    card, _, row, _ = case
    assert row["budget_min_yen"] == card.money[0]


def test_budget_max(case):
    card, _, row, _ = case
    assert row["budget_max_yen"] == card.money[1]


def test_unit_price(case):
    card, _, row, _ = case
    assert row["unit_price_yen"] == card.money[2]


def test_yen_per_char_as_printed(case):
    card, gig, _, _ = case
    assert gig.yen_per_char == (f"{card.yen_per_char:g}" if card.yen_per_char else None)


def test_yen_per_char(case):
    card, _, row, _ = case
    assert row["yen_per_char"] == card.yen_per_char


def test_time_left(case):
    card, gig, _, _ = case
    assert gig.deadline == card.time_left


def test_deadline(case):
    card, _, row, crawled_at = case
    assert row["deadline"] == (crawled_at + TIME_LEFT[card.time_left] if card.time_left else None)


def test_status(case):
    _, _, row, _ = case
    assert row["status"] == "open"


def test_applicants(case):
    card, _, row, _ = case
    assert row["applicants"] == card.counts[0]


def test_slots(case):
    card, _, row, _ = case
    assert row["slots"] == card.counts[1]


def test_contracts(case):
    card, _, row, _ = case
    assert row["contracts"] == card.counts[2]


def test_client_id(case):
    card, _, row, _ = case
    assert row["client_id"] == card.client[0]


def test_client_name(case):
    card, _, row, _ = case
    assert row["client_name"] == card.client[1]


def test_client_orders(case):
    card, _, row, _ = case
    assert row["client_orders"] == card.client[2]


def test_client_rating(case):
    card, _, row, _ = case
    assert row["client_rating"] == card.client[3]


def test_client_verified(case):
    card, _, row, _ = case
    assert row["client_verified"] is card.client[4]


def test_tags(case):
    card, _, row, _ = case
    assert row["tags"] == card.tags


def test_description(case):
    card, _, row, _ = case
    if card.description_start is None:
        assert row["description"] is None
    else:
        assert row["description"].startswith(card.description_start)


def test_description_has_lf_line_ends_only(case):
    _, _, row, _ = case
    assert "\r" not in (row["description"] or "")


# ----- whole pages --------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(PAGES))
def test_every_work_card_in_page_order(parsed, name):
    assert [g.listing_id for g in parsed(name)[0].gigs] == [c.id for c in PAGES[name]]


@pytest.mark.parametrize(("name", "ads"), [("search_keyword_ai.html", 11), ("search_category_system.html", 26),
                                           ("cards_task_input.html", 0), ("search_type_project_2025-12.html", 0),
                                           ("search_type_competition_2025-12.html", 0),
                                           ("search_category_system_development_2025-12.html", 29),
                                           ("search_web_lp_2026-04.html", 26)])
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


# ----- the logged-in pages of 2025-12 and 2026-04 ------------------------------------------------------------
def test_the_limited_contests_are_kept_and_tagged(parsed):
    page, _ = parsed("search_type_competition_2025-12.html")
    assert [g.listing_id for g in page.gigs if "limited" in g.tags] == [
        "5452684", "5452815", "5452670", "5452598", "5441326", "5452418", "5452377", "5452331", "5452136"]


def test_award_guaranteed_contests_keep_their_badge(parsed):
    page, _ = parsed("search_type_competition_2025-12.html")
    assert sum("当選保証" in g.tags for g in page.gigs) == 17


def test_only_the_cards_that_print_a_rate_have_one(parsed):
    page, _ = parsed("search_type_project_2025-12.html")
    assert [(g.listing_id, g.yen_per_char) for g in page.gigs if g.yen_per_char] == [("5452811", "0.15"),
                                                                                      ("5425365", "0.33")]


def test_a_rate_beside_the_budget_leaves_the_budget_alone(parsed):
    _, rows = parsed("search_type_project_2025-12.html")
    row = rows["5425365"][1]
    assert (row["budget_min_yen"], row["budget_max_yen"], row["unit_price_yen"]) == (None, 5000, None)


def test_logged_in_cards_without_text_have_no_description(parsed):
    page, _ = parsed("search_web_lp_2026-04.html")
    assert [g.description for g in page.gigs] == [None] * 4


def test_logged_in_next_page(parsed):
    page, _ = parsed("search_web_lp_2026-04.html")
    assert page.next_url == ("https://www.lancers.jp/work/search/web/lp?open=1&category=0&work_rank%5B0%5D=0"
                             "&work_rank%5B1%5D=1&work_rank%5B2%5D=2&work_rank%5B3%5D=3&show_description=0&page=2")


@pytest.mark.parametrize(("name", "kind", "url"), [
    ("detail_5534856_2026-04.html", "detail", f"{BASE}/work/search"),
    ("error_404_2026-04.html", "list", f"{BASE}/work/search/ad"),
    ("error_404_2026-04.html", "detail", f"{BASE}/work/detail/5534856"),
    ("search_type_project_2025-12.html", "list", f"{BASE}/work/search"),
])
def test_page_kind_of_the_newer_pages(spider, name, kind, url):
    """A detail page holding related-job cards is a detail page; an error page is what was asked for."""
    assert spider.page_kind(page_response(shared_page("lancers", name), url)) == kind


def test_a_detail_page_is_never_read_as_a_search_result(spider):
    response = page_response(shared_page("lancers", "detail_5534856_2026-04.html"), f"{BASE}/work/search")
    with pytest.raises(LayoutChanged, match="detail page"):
        spider.parse_list(response)


# ----- Lancers' error page --------------------------------------------------------------------------------------
ERROR_URL = f"{BASE}/work/search/ad"


def error_page(url: str = ERROR_URL, **meta: Any) -> HtmlResponse:
    return page_response(shared_page("lancers", "error_404_2026-04.html"), url, **meta)


def test_the_error_page_is_not_an_empty_result(spider):
    with pytest.raises(LayoutChanged) as error:
        spider.parse_list(error_page())
    assert error.value.reason == "not_found"


def test_the_error_page_says_what_it_is(spider):
    with pytest.raises(LayoutChanged, match=r"error page \(404 お探しのページへたどり着く事ができませんでした。\)"):
        spider.parse_list(error_page())


def test_the_error_page_is_the_failure_reason(spider):
    response = error_page()
    with pytest.raises(LayoutChanged) as error:
        spider.parse_list(response)
    assert parse_failure_reason(response, error.value) == "not_found"


def test_the_error_page_at_a_detail_address_is_not_found(spider):
    with pytest.raises(LayoutChanged) as error:
        spider.parse_detail(error_page(f"{BASE}/work/detail/5534856"), None)
    assert error.value.reason == "not_found"


@pytest.fixture
def crawled_error_page():
    """The error page answering a listing set's first page, through the base spider's bookkeeping."""
    spider = LancersSpider.from_crawler(get_crawler(LancersSpider, {"LANCERS_BASE_URL": BASE}))
    scope = "lancers:category:ad"
    spider.scopes[scope] = _ScopeState()  # what start() sets up for each listing set
    items = list(spider._on_list_page(error_page(scope=scope, page=1)))
    return spider, items


def test_an_error_page_yields_nothing(crawled_error_page):
    assert crawled_error_page[1] == []


def test_an_error_page_is_counted(crawled_error_page):
    assert crawled_error_page[0].crawler.stats.get_value("tanka/list/failed/not_found") == 1


def test_an_error_page_leaves_its_set_incomplete(crawled_error_page):
    assert crawled_error_page[0].complete_scopes() == []


def test_tanka_parse_says_the_error_page_in_one_line(capsys):
    path = shared_page("lancers", "error_404_2026-04.html")
    code = tanka_cli.main(["parse", "lancers", str(path)])
    out, err = capsys.readouterr()
    assert (code, out, len(err.splitlines()), "not_found" in err) == (1, "", 1, True)


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


rates = st.decimals(min_value="0.01", max_value="20", places=2).map(lambda d: f"{d.normalize():f}")


@given(amounts, rates)
def test_a_rate_beside_a_band_is_read_and_the_band_kept(high, rate):
    row = typed(card(price=unit("~") + number(high) + unit("円 / 固定") +
                     f'<span class="p-search-job-media__number">{rate}</span>' + unit("円 / 文字")))
    assert (row["budget_min_yen"], row["budget_max_yen"], row["yen_per_char"]) == (None, high, float(rate))


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
