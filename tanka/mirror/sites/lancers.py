"""Lancers in the replay mirror: search and detail pages in the real markup.

The markup follows the real pages described in ../shared/docs/sites/lancers.md §3–5 (same class
names and nesting), so the one spider parses both. Every search page holds up to 30 work cards
with what the real result list mixes in: tech-agent job ads after every 5th work card, an onsite
求人 on odd pages, on page 1 PR cards (``top``: promoted listings of later pages; ``middle``: a
listing of page 1 itself), 限定公開 placeholders, and the 新着の仕事 sidebar after </main>.
Writing gigs are プロジェクト cards that print the site's own 文字単価 beside the budget band
(``~ 5,000 円 / 固定 0.33 円 / 文字``, as in search_type_project_2025-12.html).

Detail pages come in both real layouts: projects with an odd id in the newer lancer view
(detail_5534856_2026-04.html: 締切 as a date, 提案状況 with 閲覧数, the client box with 発注率, and
related-job cards of other listings), everything else in the anonymous client view. Unknown paths
answer Lancers' own 404 page (error_404_2026-04.html).

Shapes not seen in any real page are marked (inferred): the disabled 次へ on the last page, the
「後で決める」 price of a card without a budget, the task and competition detail summaries, the
closed and 閲覧制限 detail pages, the 発注率 of a client without one ("-").
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date, datetime, time, timedelta
from html import escape
from urllib.parse import quote, urlencode

from tanka.mirror.server import MirrorLogin, MirrorRequest, MirrorSite, Page
from tanka.mirror.world import MirrorGig
from tanka.normalize.dates import TOKYO
from tanka.normalize.text import nfkc

CARDS_PER_PAGE = 30
AD_EVERY = 5
PAGER_WINDOW = 9
PR_TOP = 2
PR_MIDDLE_AT = 10  # the middle PR card follows the 10th work card …
PR_MIDDLE_OF = 4  # … and repeats the 5th listing of the page
ONSITE_AT = 12
LIMITED_TITLE = "限定公開の仕事"
LIMITED_TEXT = " (非公開オプションが設定されています。内容は詳細画面で確認できます)"
NO_IMAGE = "//static.lancers.jp/renewal/img/icon/profile_noimage_man_130.jpg?v=20261102000000"
WORK_RANK_QUERY = "work_rank%5B0%5D=2&work_rank%5B1%5D=3&work_rank%5B2%5D=0"
# Budget bands of writing projects (real: "~ 5,000 円 / 固定 0.33 円 / 文字").
WRITING_BANDS = ((None, 5_000), (5_000, 10_000), (10_000, 20_000), (20_000, 50_000))
RELATED_CARDS = 4  # the newer detail layout's 新着の仕事 of the category (the page's own listing first)

TOP_CATEGORIES = {
    "system": "AI・システム開発・運用", "web": "Web制作・Webデザイン", "design": "デザイン制作",
    "writing": "ライティング・ネーミング", "task": "タスク・作業", "multimedia": "動画制作・写真撮影・ナレーション",
    "translation": "翻訳・通訳サービス", "business": "コンサルティング・バックオフィス",
    "salesmarketing": "マーケティング・営業・リサーチ・広報",
}
# The World's taxonomy → Lancers sub-categories (path, name); slugs marked * are inferred.
SUBCATEGORIES = {
    "writing": [("writing/article", "記事・ブログ・コラム作成"), ("writing/rewrite", "リライト・校正・編集")],  # *article
    "data_entry": [("task/input", "テキスト入力・タイピング・キーパンチ"), ("task/collect", "データ収集・入力・リスト作成")],
    "survey": [("task/monitor", "モニター・アンケート・質問"), ("task/review", "レビュー・口コミ (クチコミ)")],
    "design": [("design/logo", "ロゴ作成・デザイン"), ("design/illustration", "イラスト制作"),
               ("design/package", "パッケージ・包装デザイン")],
    "development": [("system/websystem", "Webシステム開発・プログラミング"), ("system/chatgpt", "ChatGPT開発"),
                    ("web/responsive", "レスポンシブサイト制作")],
    "translation": [("translation/english", "英語翻訳・英文翻訳")],  # inferred slug
    "video": [("multimedia/movie", "新規動画作成・企画・相談"), ("multimedia/op_ed_movie", "オープニング・エンディング動画制作")],
    "admin": [("task/othertask", "その他 (タスク・作業)")],
    "marketing": [("salesmarketing/sale", "営業・テレアポ代行"), ("salesmarketing/survey_research", "調査・リサーチ"),
                  ("salesmarketing/form_sales", "メール・フォーム送信代行")],
    "photo": [("multimedia/photo", "写真撮影・画像加工")],  # inferred slug
}
INDUSTRIES = ["IT・通信・インターネット", "ファッション・アパレル", "広告・イベント・プロモーション", "マスコミ・メディア",
              "卸売・小売", "住宅・不動産", "食品・飲料・たばこ", "学術・研究", "ゲーム・アニメ・玩具", "工業・製造"]
# The World's tags → the client notes Lancers prints (None: Lancers has no such note).
NOTES = {"初心者歓迎": "初心者OK", "スキル不要": "カンタン", "マニュアルあり": None, "継続依頼あり": "継続依頼あり",
         "スマホ可": None, "経験者優遇": "経験者優遇", "長期": "長期"}
AGENCY_ADS = [  # synthetic tech-agent ads: (title, lower, upper, days, station)
    ("【定番】【リモート相談可 / Python / 週3日〜】データ基盤の開発業務", 290_000, 440_000, "週3日", "渋谷駅"),
    ("【定番】【フルリモ / TypeScript / 週4日〜】予約サービスのフロントエンド開発", 440_000, 660_000, "週4日･5日", "東京駅"),
    ("【定番】【Go / 週5日】決済プロダクトのサーバーサイド開発", 620_000, 830_000, "週5日", "浜松町駅"),
]
ROBOTS = """User-agent: *
Disallow: /wordpress/lancer/prefecture/
Disallow: /profile/search*?*refinement_skill*refinement_skill*
Disallow: /ec/lancer/prefecture/

User-agent: ClaudeBot
Crawl-delay: 5

User-agent: AhrefsBot
Crawl-delay: 600

User-agent: ia_archiver
Disallow: /

User-agent: archive.org_bot
Disallow: /
"""


# ----- what the site shows of a World listing ----------------------------------------------------------
def subcategory(gig: MirrorGig) -> tuple[str, str]:
    options = SUBCATEGORIES[gig.category]
    return options[gig.id % len(options)]


def industry(gig: MirrorGig) -> str:
    return INDUSTRIES[gig.client.id % len(INDUSTRIES)]


def client_slug(gig: MirrorGig) -> str:
    name = gig.client.name
    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else f"client{gig.client.id}"


def feature_notes(gig: MirrorGig) -> list[tuple[str, str]]:
    """(class suffix, text) of the card's tag list: requirements, price rank, client notes."""
    notes = []
    if gig.index % 9 == 0:
        notes.append(("needRegularRank", "レギュラーランク以上が必要"))
    if gig.index % 13 == 0:
        notes.append(("identification", "本人確認が必要"))
    if gig.kind == "fixed" and (gig.budget_max or 0) >= 50_000 and gig.index % 4 == 0:
        notes.append(("workRankMiddle", "適正価格"))
    texts = dict.fromkeys(t for t in (NOTES.get(tag) for tag in gig.tags) if t)
    notes += [(f"note{gig.id * 10 + n}", text) for n, text in enumerate(texts)]
    return notes


def time_left(gig: MirrorGig, now: datetime) -> str:
    """あと6日 / あと15時間 / あと40分: until the start of the deadline day (when the listing closes)."""
    left = datetime.combine(gig.deadline, time(0, 0), tzinfo=TOKYO) - now
    if left >= timedelta(days=1):
        return f"あと{left.days}日"
    if left >= timedelta(hours=1):
        return f"あと{left.seconds // 3600}時間"
    return f"あと{max(1, left.seconds // 60)}分"


def yen_per_char(gig: MirrorGig) -> float | None:
    """A writing gig's 文字単価 as the card prints it (two decimals at most, like 0.33 and 0.15)."""
    if gig.kind != "writing" or not gig.unit_price or not gig.unit_chars:
        return None
    return round(gig.unit_price / gig.unit_chars, 2)


def budget_band(gig: MirrorGig) -> tuple[int | None, int | None]:
    """The project budget band a card shows; a writing gig's is the band its article price falls in."""
    if gig.kind != "writing":
        return gig.budget_min, gig.budget_max
    price = gig.unit_price or 0
    return next(band for band in WRITING_BANDS if band[1] >= price) if price <= WRITING_BANDS[-1][1] \
        else WRITING_BANDS[-1]


def _number(amount: float) -> str:
    text = f"{amount:,}" if isinstance(amount, int) else f"{amount:g}"
    return f'<span class="p-search-job-media__number">{text}</span>'


def _unit(text: str) -> str:
    return f'<span class="c-media__job-unit">{text}</span>'


def price_spans(gig: MirrorGig) -> str:
    if gig.kind == "task":
        return _number(gig.unit_price) + _unit("円 / 件")
    if gig.kind == "competition":
        return _number(gig.budget_max) + _unit("円")
    low, high = budget_band(gig)
    rate = yen_per_char(gig)
    per_char = _number(rate) + _unit("円 / 文字") if rate is not None else ""
    if high is None:
        return _unit("後で決める")  # inferred: no real card without a budget is known
    if low is None:
        return _unit("~") + _number(high) + _unit("円 / 固定") + per_char
    if low < 5_000:  # the real 1,000 ~ 5,000 band prints no 円 after its lower bound
        return _number(low) + _unit("~") + _number(high) + _unit("円 / 固定") + per_char
    return _number(low) + _unit("円 ") + _unit("~") + _number(high) + _unit("円 / 固定") + per_char


def detail_budget(gig: MirrorGig) -> str:
    if gig.kind == "task":
        return f"{gig.unit_price:,}円 / 件"
    if gig.kind == "competition":
        return f"{gig.budget_max:,}円"
    low, high = budget_band(gig)
    if high is None:
        return "後で決める"
    return f"{low:,}円 ~ {high:,}円" if low is not None else f"~ {high:,}円"


# ----- cards ---------------------------------------------------------------------------------------------
def _badges(gig: MirrorGig, day: int, pr: str | None) -> str:
    items = []
    if gig.born_day >= day - 1:
        items.append(("new", "NEW"))
    if gig.urgent:
        items.append(("hurry", "急募"))
    if gig.limited:
        items.append(("limited", "限定公開"))
    if gig.kind == "competition":
        items.append(("proposalOpenLevel", "提案非公開"))
    li = "".join(f'\n<li class="p-search-job-media__tag p-search-job-media__tag--{k}">{t}</li>' for k, t in items)
    if pr:
        li += f'\n<li class="p-search-job-media__tag p-search-job-media__tag--{pr}">PR</li>'
    return f'<ul class="p-search-job-media__tags">{li}\n</ul>'


def _counts(gig: MirrorGig) -> str:
    def propose(label: str, number: int, unit: str, link: bool = True) -> str:
        num = f'<span class="p-search-job-media__propose-number p-search-job-media__number">{number}</span>'
        if link:
            num = f'<a class="p-search-job-media__propose-link c-link" href="/work/proposals/{gig.id}">{num}</a>'
        return f'<em class="p-search-job-media__propose u-em"><span class="">{label}</span>{num}<span class="">{unit}</span></em>'

    if gig.kind == "task":
        inner = ('<em class="p-search-job-media__propose u-em"><span class="">作業数</span>'
                 f'<span class="p-search-job-media__propose-number p-search-job-media__number">{gig.done_units}</span>'
                 '<span class="">/</span>'
                 f'<span class="p-search-job-media__propose-number p-search-job-media__number">{gig.units}</span>'
                 '<span class="">件</span></em>')
    elif gig.kind == "competition":
        inner = propose("提案数", gig.applicants, "件")
    else:
        inner = propose("当選者数", gig.contracts, "人") + '<span class="">/</span>' + propose("募集人数", gig.slots, "人")
    return f'<div class="p-search-job-media__proposals">{inner}</div>'


def _avatar(gig: MirrorGig) -> str:
    client = gig.client
    if gig.limited:
        head = (f'<div class="p-search-job-media__avatar-image-wrapper c-avatar__image-wrapper"><img src="{NO_IMAGE}" '
                'class="c-avatar__image" alt="" title=""></div>')
    else:
        slug, name = escape(client_slug(gig)), escape(client.name)
        head = (f'<a href="/client/{slug}" class="p-search-job-media__avatar-image-wrapper c-avatar__image-wrapper">'
                f'<img src="{NO_IMAGE}" alt="{slug}" title="{slug}" class="c-avatar__image"></a>'
                f'<p class="p-search-job-media__avatar-note c-avatar__note"><a href="/client/{slug}">{name}</a></p>')
    if client.verified:
        head += ('<div class="u-mr7"><i class="p-search-job-media__avatar-badge is-verified c-icon c-icon--colored" '
                 'aria-hidden="true"></i></div>')
    sub = '<span class="p-search-job-media__avatar-subnote c-avatar__subnote">{} <strong>{}</strong></span>'.format
    if client.orders:
        head += sub("発注", f"{client.orders:,}")
    if client.rating is not None:
        head += sub("評価", f"{client.rating:g}")
    return f'<div class="p-search-job-media__avatar c-avatar c-avatar--min">{head}</div>'


def work_card(gig: MirrorGig, request: MirrorRequest, pr: str | None = None) -> str:
    path, name = subcategory(gig)
    classes = "p-search-job-media c-media c-media--item " + (" hurry" if gig.urgent else "") + (f" {pr}" if pr else "")
    left = "" if gig.limited or pr else (
        '<div class="p-search-job-media__time p-search-job-media__time--open">'
        '<span class="p-search-job-media__time-text">募集中</span>'
        f'<span class="p-search-job-media__time-remaining">{time_left(gig, request.now)}</span></div>')
    title = LIMITED_TITLE if gig.limited else gig.title
    text = LIMITED_TEXT if gig.limited else gig.description[:110] + "..."
    notes = "".join(f'<li class="p-search-job-media__tag-list p-search-job-media__tag-list--{k}"><i class="'
                    f'p-search-job-media__tag-list-icon c-icon c-icon--blue u-mr9" aria-hidden="true"></i>{t}</li>'
                    for k, t in feature_notes(gig))
    notes_block = f'<div class="c-media__description"><ul class="p-search-job-media__tag-lists">{notes}</ul></div>'
    return f"""<div onclick="goToLjpWorkDetail({gig.id})" class="{classes}">
<div class="p-search-job-media__content c-media__content">
<div class="p-search-job-media__content-left">{left}</div>
<div class="p-search-job-media__content-right">
<a class="p-search-job-media__title c-media__title" href="/work/detail/{gig.id}">
{_badges(gig, request.day, pr)}
    {escape(title)}
</a>
<ul class="p-search-job__divisions u-mt9">
<li class="p-search-job__division"><a class="p-search-job__division-link" href="/work/search/{path}">{escape(name)}</a></li>
<li class="p-search-job__division"> {escape(industry(gig))} </li>
</ul>
<div class="u-mt9"><div class="c-media__job-stats-item">
<span class="c-badge--worktype-{_WORKTYPE[gig.kind][0]}"><span class="c-badge__text">{_WORKTYPE[gig.kind][1]}</span></span>
<span class="p-search-job-media__price">{price_spans(gig)}</span>
</div></div>
{notes_block if notes else ""}
<div class="c-media__description js-job-show-description">
            {escape(text)}    </div>
<div class="p-search-job-media__job-status">{_counts(gig)}{_avatar(gig)}</div>
</div></div></div>
"""


_WORKTYPE = {"fixed": ("project", "プロジェクト"), "task": ("task", "タスク"), "competition": ("competition", "コンペ"),
             "hourly": ("project", "プロジェクト"), "writing": ("project", "プロジェクト")}


def agency_ad(n: int) -> tuple[str, str]:
    """(data-items id, card) of the n-th tech-agent job ad."""
    title, low, high, days, station = AGENCY_ADS[n % len(AGENCY_ADS)]
    ad_id = hashlib.sha1(f"lancers-ad-{n}".encode()).hexdigest()[:25]
    url = (f"https://tech-agent.lancers.jp/project/engineer/{ad_id}/?r=ljs01&amp;u=jobsearch&amp;utm_source=lancers"
           "&amp;utm_medium=referral&amp;utm_campaign=jobsearch")
    card = f"""<div data-external-modal="ltop" data-external-modal-url="{url}" class="p-search-job-media c-media c-media--item ">
<div class="p-search-job-media__content c-media__content">
<div class="p-search-job-media__content-left"><div class="p-search-job-media__time p-search-job-media__time--open">
<span class="p-search-job-media__time-text">募集中</span></div></div>
<div class="p-search-job-media__content-right">
<a class="p-search-job-media__title c-media__title" href="{url}" target="_blank"><span>{escape(title)}</span></a>
<div class="u-mt9"><div class="c-media__job-stats-item">
<span class="c-badge--worktype-recruit"><span class="c-badge__text">求人</span></span>
<span class="p-search-job-media__price"><span class="p-search-job-media__number">{low:,}</span>
<span class="c-media__job-unit">円 ~</span><span class="p-search-job-media__number">{high:,}</span>
<span class="c-media__job-unit">円 / 月 {days}</span></span>
</div></div>
<ul class="p-search-job-media__tag-lists"><li class="p-search-job-media__tag-list">Webエンジニア</li>
<li class="p-search-job-media__tag-list">東京都(23区内)({station})</li></ul>
<div class="c-media__description js-job-show-description">業務内容は面談でご説明します。</div>
<div class="p-search-job-media__job-status"><div class="p-search-job-media__avatar c-avatar c-avatar--min">
<p class="p-search-job-media__avatar-note c-avatar__note">ランサーズ テックエージェント</p></div></div>
</div></div></div>
"""
    return ad_id, card


def onsite_job(n: int) -> tuple[str, str]:
    job_id = str(10_500 + n)
    card = f"""<div onclick="goToLjpJobDetail({job_id})" class="p-search-job-media c-media c-media--item ">
<div class="p-search-job-media__content c-media__content">
<div class="p-search-job-media__content-left"><div class="p-search-job-media__time p-search-job-media__time--open">
<span class="p-search-job-media__time-text">募集中</span></div></div>
<div class="p-search-job-media__content-right">
<a class="p-search-job-media__title c-media__title" href="/onsite/job/{job_id}"><span>【常駐】社内SE（ヘルプデスク）</span></a>
<div class="u-mt9"><div class="c-media__job-stats-item">
<span class="c-badge--worktype-recruit"><span class="c-badge__text">求人</span></span>
<span class="p-search-job-media__price"><span class="c-media__job-unit">¥ 50万 〜 60万</span></span>
</div></div>
<div class="p-search-job-media__job-status"><div class="p-search-job-media__proposals">
<em class="p-search-job-media__propose u-em">提案数 0 件</em></div></div>
</div></div></div>
"""
    return job_id, card


def sidebar(gigs: list[MirrorGig]) -> str:
    items = []
    for gig in gigs[:30]:
        path, name = subcategory(gig)
        shown = gig.unit_price if gig.kind == "task" else (budget_band(gig)[0] or budget_band(gig)[1])
        price = (f'<span class="p-search-job__latest-media-number p-search-job-media__number">{shown:,}'
                 '<span class="p-search-job__latest-media-unit c-media__job-unit">円 </span>'
                 '<span class="p-search-job__latest-media-unit c-media__job-unit">~</span></span>'
                 if shown else "後で決める")
        items.append(f"""<div class="p-search-job__latest-carousel-item p-search-job__latest-media splide__slide c-media">
<div class="p-search-job__latest-media-content c-media__content">
<span class="p-search-job__latest-media-badge c-badge--worktype-{_WORKTYPE[gig.kind][0]}"><span class="c-badge__text">{_WORKTYPE[gig.kind][1]}</span></span>
<a class="p-search-job__latest-media-title c-media__title" href="/work/detail/{gig.id}">{escape(gig.title)}</a>
<ul class="p-search-job__latest-media-category u-mt9"><li class="p-search-job__latest-media-division p-search-job__division">
<a class="p-search-job__division-link" href="/work/search/{path}">{escape(name)}</a></li></ul>
<div class="p-search-job__latest-media-stats u-mt9"><div class="p-search-job__latest-media-stats-item c-media__job-stats-item">
<span class="p-search-job__latest-media-price p-search-job-media__price">{price}</span></div></div>
</div></div>""")
    return f"""<div class="p-search-job__latest">
<h2 class="p-search-job__latest-heading"><span class="p-search-job__latest-heading-title">新着の仕事</span>
<a class="p-search-job__latest-heading-link c-link" href="/work/search?open=1&amp;sort=started">新着の仕事一覧を見る</a></h2>
<div class="p-search-job__latest-carousel-container splide js-latest-job-carousel"><div class="splide__track">
<ul class="c-media-clients u-m0 splide__list">{"".join(items)}</ul></div></div></div>"""


# ----- pages ---------------------------------------------------------------------------------------------
def _matches(gig: MirrorGig, category: str | None, keyword: str | None) -> bool:
    if category:
        path = subcategory(gig)[0]
        if path != category and not path.startswith(category + "/"):
            return False
    if keyword:
        text = nfkc(f"{gig.title}\n{gig.description}").lower()
        return all(word in text for word in nfkc(keyword).lower().split())
    return True


def _page_cards(request: MirrorRequest, matched: list[MirrorGig], page: int) -> list[tuple[str, str]]:
    work = matched[(page - 1) * CARDS_PER_PAGE: page * CARDS_PER_PAGE]
    cards: list[tuple[str, str]] = []
    if page == 1:
        later = [g for g in matched[CARDS_PER_PAGE:] if g.promoted][:PR_TOP]
        cards += [(str(g.id), work_card(g, request, pr="top")) for g in later]
    for n, gig in enumerate(work, start=1):
        cards.append((str(gig.id), work_card(gig, request)))
        if page == 1 and n == PR_MIDDLE_AT and len(work) > PR_MIDDLE_OF:
            repeat = work[PR_MIDDLE_OF]
            cards.append((str(repeat.id), work_card(repeat, request, pr="middle")))
        if page % 2 == 1 and n == ONSITE_AT:
            cards.append(onsite_job(page))
        if n % AD_EVERY == 0:
            cards.append(agency_ad((page - 1) * CARDS_PER_PAGE + n))
    return cards


def _pager(base_path: str, query: dict[str, str], page: int, pages: int) -> str:
    def href(n: int) -> str:
        return escape(f"{base_path}?{urlencode(query, quote_via=quote)}&{WORK_RANK_QUERY}&page={n}")

    first = max(1, min(page - PAGER_WINDOW // 2, pages - PAGER_WINDOW + 1))
    items = "".join(f'<li class="c-pager__item {" current " if n == page else ""}"><a href="{href(n)}" class="">{n}</a></li>'
                    for n in range(first, min(pages, first + PAGER_WINDOW - 1) + 1))
    if page < pages:
        following = f'<span class="c-pager__item c-pager__item--next"><a href="{href(page + 1)}" class="">次へ</a></span>'
    else:  # inferred: no real last page is available
        following = '<span class="c-pager__item c-pager__item--next is-disabled"><span>次へ</span></span>'
    return (f'<nav class="c-pager u-mt5"><ul class="c-pager__main">{items}</ul>'
            f'<div class="c-pager__sub">{following}</div></nav>')


def search_page(request: MirrorRequest, category: str | None) -> Page:
    keyword = request.arg("keyword")
    if category and category.split("/")[0] not in TOP_CATEGORIES:
        return error_page(request)
    every = request.world.open_gigs("lancers", request.day)
    matched = [g for g in every if _matches(g, category, keyword)]
    page = request.page_number()
    pages = max(1, -(-len(matched) // CARDS_PER_PAGE))
    cards = _page_cards(request, matched, page) if page <= pages else []
    items = escape(json.dumps([{"id": i, "prefix": "WORK"} for i, _ in cards], separators=(",", ":")))
    base_path = f"/work/search/{category}" if category else "/work/search"
    query = {"keyword": keyword} if keyword else {}
    query.update({"open": "1", "sort": "started"} | ({"category": "0"} if category else {}))
    heading = f"{TOP_CATEGORIES[category.split('/')[0]]}の" if category else "すべての"
    total = len(matched) + len(matched) // AD_EVERY
    pager = _pager(base_path, query, page, pages) if matched else ""
    next_link = f'<link href="https://www.lancers.jp{base_path}?page={page + 1}" rel="next"/>' if page < pages else ""
    body = f"""<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
{next_link}<title>{heading.removeprefix("すべての")}副業・在宅・委託・フリーランスの仕事を探す|クラウドソーシングの求人・案件なら【ランサーズ】</title>
<link rel="canonical" href="https://www.lancers.jp{base_path}" />
<meta property="og:url" content="https://www.lancers.jp{base_path}">
</head>
<body class="frametype-respond">
<div class="l-wrapper ">
<div class="l-base l-base--thinblue p-search p-search-job js-job-avoided-client" data-wrapper>
<header class="l-page-header l-page-header--wide">
<div class="l-page-header__content"><div class="l-page-header__title">
<h1 class="u-mb8 c-heading c-heading--lv1">{heading}副業・在宅・委託・フリーランスの仕事を探す</h1>
<p class="u-mt7"><span class="c-heading c-heading--lv4">{total:,}</span>
<span class="c-text"><em class="u-em">件の仕事が見つかりました</em></span>
<span class="u-text-small u-ml9">(0.03 秒)</span></p>
</div></div>
</header>
<main class="p-search__container l-container js-search-items l-container--wide" data-items="{items}">
<section class="p-search__section"><section><div class="p-search-job__paper c-paper">
<div class="p-search-job-medias p-search-job-medias--client js-highlight-content">
{"".join(card for _, card in cards)}
</div>
</div>
{pager}
</section></section>
</main>
{sidebar(every)}
</div></div>
</body></html>"""
    return Page(body)


def error_page(request: MirrorRequest) -> Page:
    """Lancers' own 404 page (error_404_2026-04.html), answered with status 404."""
    body = f"""<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<title>ランサーズ | 日本最大級のクラウドソーシング・仕事依頼サイト</title>
<link rel="canonical" href="https://www.lancers.jp{escape(request.path)}">
<meta property="og:title" content="ランサーズ [Lancers] - 仕事をフリーランスに発注できるクラウドソーシング">
</head>
<body class="frametype-respond">
<div class="js-lancers-header" data-l-header='[]' data-l-header-config='[]'></div>
<div class="l-wrapper ">
<div class="p-404">
<div class="p-404__container l-container">
<div class="p-404__header">
<span class="p-404__header-note"><em class="p-404__header-number">404</em>
Not Found</span>
<h1 class="p-404__header-heading c-heading c-heading--lv5">お探しのページへたどり着く事ができませんでした。</h1>
<p class="p-404__header-description">引き続き問題が発生する場合は、サポートまでご連絡ください。</p>
</div>
<div class="p-404__buttons c-button-group c-button-group--center">
<a class="p-404__button c-button-group__item c-button c-button--white" href="/mypage?ref=404">マイページ</a>
<a class="p-404__button c-button-group__item c-button c-button--white" href="/work/search?ref=404">仕事を探す</a>
</div>
</div>
</div>
</div>
</body></html>"""
    return Page(body, 404)


def newer_layout(gig: MirrorGig) -> bool:
    """Projects with an odd id show the newer lancer-view layout; the rest the anonymous client view."""
    return gig.kind in ("fixed", "writing") and gig.id % 2 == 1


def detail_page(request: MirrorRequest, listing_id: int) -> Page:
    gig = request.world.find("lancers", listing_id, request.day, include_closed=True)
    if gig is None:
        return error_page(request)
    if gig.limited:  # inferred: the anonymous view of a 限定公開 listing
        return Page("<html><head><title>閲覧制限 | ランサーズ</title></head><body><p>この仕事は閲覧が制限されています。"
                    "</p></body></html>")
    return Page(lancer_view(gig, request) if newer_layout(gig) else client_view(gig))


def _breadcrumb(gig: MirrorGig) -> str:
    path, name = subcategory(gig)
    top = path.split("/")[0]
    crumbs = [("/", "クラウドソーシング ランサーズ"), ("/work/search/", "仕事を探す"),
              (f"/work/search/{top}", f"{TOP_CATEGORIES[top]}の仕事"), (f"/work/search/{path}", f"{name}の仕事"),
              (f"/work/detail/{gig.id}", f"{gig.title}の仕事・依頼")]
    return "".join(
        '<li class="c-breadcrumb__item" itemscope itemprop="itemListElement" itemtype="https://schema.org/ListItem">'
        f'<a href="{href}" class="c-link" itemprop="item"><span itemprop="name">{escape(text)}</span></a>'
        f'<meta itemprop="position" content="{n}" /></li>' for n, (href, text) in enumerate(crumbs, start=1))


def _head(gig: MirrorGig) -> str:
    name = subcategory(gig)[1]
    return f"""<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<title>{escape(gig.title)}の副業・在宅・フリーランスの仕事 | {escape(name)}の求人・案件なら【ランサーズ】</title>
<link rel="canonical" href="https://www.lancers.jp/work/detail/{gig.id}" />
<meta property="og:title" content="{escape(gig.title)}">
<meta property="og:url" content="https://www.lancers.jp/work/detail/{gig.id}">
</head>"""


_COLUMN = ('<div class="tableSummary__col tableSummary__col--{}"><div class="u-text-center">'
           '<p class="c-text u-text-center u-color-grey-60">{}</p>'
           '<p class="c-heading c-heading--lv5 u-text-center u-mt9">{}</p>{}</div></div>').format


def client_view(gig: MirrorGig) -> str:
    """The anonymous client view (detail_5552617.html): no client, no dates."""
    days = gig.close_day - gig.born_day
    summary = _COLUMN("time", "募集期間", f"{days}日間", "")
    if gig.kind == "task":  # inferred: no real task detail page is available
        summary += _COLUMN("worksNum", "作業数", f"{gig.done_units} / {gig.units}件", "")
    else:
        summary += _COLUMN("worksNum", "提案数", f"{gig.applicants}件", "")
        summary += _COLUMN("recruitingNum", "当選人数", f"{gig.contracts} 件", f"<p>(募集人数{gig.slots}人)</p>")
    text = escape(gig.description).replace("\r\n", "<br />\n")
    addendum = ""
    if gig.index % 10 == 0:
        addendum = ("<style>.cp-term:first-child:before{content:'依頼公開後の追記内容'}</style>"
                    '<dl class="c-definition-list"><dt class="c-definition-list__term cp-term"></dt>'
                    '<dd class="c-definition-list__description">納期は相談に応じます。<br />\nよろしくお願いいたします。</dd></dl>')
    definition = ('<dl class="c-definition-list"><dt class="c-definition-list__term"><span class="">{}</span></dt>'
                  '<dd class="c-definition-list__description">\n{}\n</dd></dl>').format
    return f"""{_head(gig)}
<body class="frametype-respond">
<div class="l-base p-work-detail-client">
<header class="l-page-header"><nav class="l-page-header__nav u-mb7">
<ul class="c-breadcrumb" itemscope itemtype="https://schema.org/BreadcrumbList">{_breadcrumb(gig)}</ul></nav>
<h1 class="c-heading c-heading--lv1">
    {escape(gig.title)}の仕事
    <span class="c-heading__sub u-color-grey-60">[{escape(industry(gig))}]</span>
</h1></header>
<section class="l-container">
<h3 class="c-heading c-heading--lv4 u-mt4">見積もり募集の結果</h3>
<div class="c-2016-tableSummary datail-tableSummary">{summary}</div>
<div class="detail-action-bottom"><a href="/work/detail/{gig.id}?purpose=lancer" class="c-link">案件に提案したい</a></div>
<h3 class="c-heading c-heading--lv4 u-mt4">見積もり募集の内容</h3>
<dl class="c-definition-list"><dt class="c-definition-list__term">依頼主の業種</dt>
<dd class="c-definition-list__description">{escape(industry(gig))}</dd></dl>
{definition("提示した予算", escape(detail_budget(gig)))}
{definition("依頼概要", text)}
{addendum}
</section>
</div>
</body></html>"""


def _ja_date(day: date) -> str:
    return f"{day.year}年{day.month:02d}月{day.day:02d}日"


def deadline_text(gig: MirrorGig) -> str:
    """締切 as the newer layout prints it: the start of the deadline day, when the listing closes."""
    return f"{_ja_date(gig.deadline)} 00:00"


def client_order_rate(gig: MirrorGig) -> tuple[str, int | None, int | None]:
    """(発注率, awarded, posted); a client without a rate shows "-" and no counts (inferred)."""
    client = gig.client
    if not client.orders or client.completion_rate is None:
        return "-", None, None
    return f"{client.completion_rate}%", round(client.orders * client.completion_rate / 100), client.orders


def _time_to_deadline(gig: MirrorGig, now: datetime) -> str:
    left = datetime.combine(gig.deadline, time(0, 0), tzinfo=TOKYO) - now
    if left <= timedelta(0):
        return "-"
    hours = left.seconds // 3600
    return f"{left.days}日と{hours}時間" if left.days else f"{hours}時間"


def _price_blocks(gig: MirrorGig) -> str:
    block = ('<span class="price-block c-2016-tableSummary__pc-break u-text-center"><span class="price-number">{:,}'
             '</span><span class="price-unit">円</span></span>').format
    low, high = budget_band(gig)
    if high is None:
        return '<span class="price-number">後で決める</span>'  # inferred
    tilde = '<span class="price-number"> ~ </span>'
    return (block(low) if low is not None else "") + tilde + block(high)


def _client_box(gig: MirrorGig) -> str:
    client, slug = gig.client, escape(client_slug(gig))
    checks = (["本人確認"] if client.verified else []) + ["電話確認"]
    check_items = "".join(
        '<dl class="p-work-detail-client-box-work-status__content-list"><dt class="p-work-detail-client-box-work-status'
        '__content-list-title"><i class="c-icon c-icon--blue c-icon--circle-check" aria-hidden="true"></i></dt>'
        f'<dd class="p-work-detail-client-box-work-status__content-list-item">{c}</dd></dl>' for c in checks)
    rate, awarded, posted = client_order_rate(gig)
    counts = ('<p class="p-work-detail-client-box-feedback-info__counts"><span class="result_summary_awarded">'
              f'{awarded}</span>\n / \n<span class="result_summary_posted">{posted}</span></p>') if posted else ""
    good = round(client.orders * 0.6) if client.rating else 0
    bad = 0 if (client.rating or 5) >= 4.5 else 1
    return f"""<div class="p-work-detail-client-box u-mt6 u-mb6">
<div class="p-work-detail-client-box__heading">クライアント</div>
<div class="p-work-detail-client-box__inner">
<div class="c-avatar c-avatar--medium" style="width: 100%;"><a class="c-avatar__image-wrapper" href="/client/{slug}">
<img src="{NO_IMAGE}" alt="{escape(client.name)}" class="c-avatar__image"></a></div>
<div class="client_name p-work-detail-client-box-work-status">
<a href="/client/{slug}" class="c-link">
    {escape(client.name)} ({slug})
</a>
<div class="p-work-detail-client-box-work-status__content">{check_items}</div>
</div>
<div class="p-work-detail-client-box-feedback-info">
<div class="p-work-detail-client-box-feedback-info__col">
<div class="p-work-detail-client-box-feedback-info__title">評価</div>
<div class="p-work-detail-client-box-feedback-info__number">
<p class="p-work-detail-client-box-feedback-info__number-good"><i class="c-icon c-icon--orange c-icon--r-face-smile-wink"></i>
    {good}</p>
<p class="p-work-detail-client-box-feedback-info__number-bad"><i class="c-icon c-icon--blue c-icon--r-face-sad-tear"></i>
    {bad}</p>
</div></div>
<div class="p-work-detail-client-box-feedback-info__col">
<div class="p-work-detail-client-box-feedback-info__title">発注率</div>
<p class="p-work-detail-client-box-feedback-info__percent">{rate}</p>
{counts}
</div></div>
<a class="p-work-detail-client-box-button c-link" href="/mypage/message/?userId={client.id}&amp;workId={gig.id}">メッセージを送る</a>
</div></div>"""


def related_cards(gig: MirrorGig, request: MirrorRequest) -> str:
    """新着の仕事 of the listing's category, the listing itself first (as on the real page)."""
    top = subcategory(gig)[0].split("/")[0]
    others = [g for g in request.world.open_gigs("lancers", request.day)
              if g.id != gig.id and not g.limited and subcategory(g)[0].startswith(top + "/")]
    shown = ([gig] if gig.close_day > request.day else []) + others[:RELATED_CARDS - 1]
    return "".join(work_card(g, request) for g in shown)


def lancer_view(gig: MirrorGig, request: MirrorRequest) -> str:
    """The newer layout (detail_5534856_2026-04.html): dates, 提案状況, the client box, related cards."""
    path, name = subcategory(gig)
    slug = escape(client_slug(gig))
    is_open = gig.close_day > request.day
    new_badge = ('<span class="c-badge--new u-ml9"><span class="c-badge__text">NEW</span></span>'
                 if gig.born_day >= request.day - 1 else "")
    summary = (
        '<div class="tableSummary__col tableSummary__col--compensation"><div class="u-text-center">'
        f'<span class="c-badge--worktype-{_WORKTYPE[gig.kind][0]}"><span class="c-badge__text">{_WORKTYPE[gig.kind][1]}'
        '</span></span><p class="u-mt8"></p><div class="c-text u-color-warning-90 u-text-center">'
        f'{_price_blocks(gig)}</div><p></p></div></div>'
        + _COLUMN("time tableSummary__col--time-project", '<i class="c-icon c-icon--color" aria-hidden="true"></i>'
                  "募集締切まで", _time_to_deadline(gig, request.now), "")
        + _COLUMN("worksNum", '<i class="c-icon c-icon--color" aria-hidden="true"></i>提案数',
                  f'<a href="/work/proposals/{gig.id}" class="c-link js-smooth-scroll">{gig.applicants}&nbsp;件</a>', "")
        + _COLUMN("WinnerNum", '<i class="c-icon c-icon--color" aria-hidden="true"></i>当選人数',
                  f"{gig.contracts} 件", f"<p>(募集人数{gig.slots}人)</p>"))
    schedule = "".join(
        f'<span class="p-work-detail-schedule__item"><span class="p-work-detail-schedule__item__title">{label}</span>'
        f'<span class="p-work-detail-schedule__text">{value}</span></span>'
        for label, value in (("開始：", _ja_date(gig.posted_at.date())), ("締切：", deadline_text(gig)),
                             ("希望納期：", _ja_date(gig.deadline + timedelta(days=10)))))
    status = "".join(
        f'<p>\n{label}\n<span class="work_detail__proposal-status-number">{value}</span>{unit}\n</p>'
        for label, value, unit in (("提案数", gig.applicants, "件"), ("お気に入り", gig.applicants // 3, "人"),
                                   ("閲覧数", gig.views, "回"), ("進行中", gig.contracts, "人"), ("完了数", 0, "人")))
    text = escape(gig.description).replace("\r\n", "<br>\n")
    term = '<dt class="p-work-detail-lancer__postscript-term c-definition-list__term">{}</dt>'.format
    cell = '<dd class="p-work-detail-lancer__postscript-description c-definition-list__description">\n{}\n</dd>'.format
    addendum = ""
    if gig.index % 10 == 0:
        added = f'{_ja_date(gig.posted_at.date())} {gig.posted_at:%H:%M}'
        added_term = term(f'追記<br>\n<span class="p-work-detail__definition-list-term-sub">{added}</span>')
        added_cell = cell("納期は相談に応じます。<br>\nよろしくお願いいたします。")
        addendum = f'<dl class="c-definition-list">{added_term}{added_cell}</dl>'
    return f"""{_head(gig)}
<body class="frametype-respond">
<div class="js-lancers-header" data-l-header='[]' data-l-header-config='[]'></div>
<div class="l-wrapper l-wrapper--login ">
<footer class="p-work-detail__footer"><a class="p-work-detail__righter-button c-button c-button--blue c-button--wide"
 href="/work/propose_start/{gig.id}?proposeReferer=">提案する</a></footer>
<div class="l-base p-work-detail-lancer">
<header class="l-page-header">
<nav class="l-page-header__nav u-mb7">
<ul class="c-breadcrumb" itemscope="" itemtype="https://schema.org/BreadcrumbList">{_breadcrumb(gig)}</ul></nav>
<h1 class="c-heading c-heading--lv1">
    {escape(gig.title)}        <span class="c-heading__sub u-color-grey-60">
            [
            <a class="c-link" href="https://www.lancers.jp/work/search/{path}">{escape(name)}</a>
            の仕事&nbsp;/&nbsp;{escape(industry(gig))}            ]
        </span>
    {new_badge}
</h1>
<div class="p-work-detail-sub-heading"><div class="p-work-detail-sub-heading__client">
<span class="p-work-detail-sub-heading__content">
<a class="p-work-detail-sub-heading__avatar" href="/client/{slug}"><img src="{NO_IMAGE}"
 class="p-work-detail-sub-heading__avatar-image" alt="{escape(gig.client.name)}"></a>
<a class="c-link" href="/client/{slug}">{escape(gig.client.name)} ({slug})</a></span>
<span class="p-work-detail-sub-heading__content">募集開始:
<span class="p-work-detail-sub-heading__item">{_ja_date(gig.posted_at.date())}</span></span>
</div></div>
</header>
<div class="l-container">
<nav class="u-mt5"><ul class="c-localnav">
<li class="c-localnav__item c-localnav__item--active"><a class="c-localnav__item-anchor" href="/work/detail/{gig.id}">依頼詳細</a></li>
<li class="c-localnav__item others"><a class="c-localnav__item-anchor" href="/work/proposals/{gig.id}">提案一覧</a></li>
</ul></nav>
<section class="anchor_work_detail" id="workDescriptionLink"><div class="c-grid">
<div class="grid__group" style="justify-content:flex-start;">
<div class="grid__unit grid__unit--9 work_detail_lefter u-mt0">
<section>
<h3 class="c-heading c-heading--lv4">依頼概要</h3>
<div class="c-2016-tableSummary">{summary}</div>
<ul class="c-lists u-mt7"><li class="c-tag">依頼番号：{gig.id}</li><li class="c-tag">{"募集中" if is_open else "募集終了"}</li>
<li class="c-tag">源泉徴収されない</li></ul>
<p class="p-work-detail-schedule">{schedule}</p>
</section>
<section>
<h3 class="c-heading c-heading--lv4 u-mt4">提案状況</h3>
<div class="work_detail__proposal-status">{status}</div>
</section>
<section><div class="p-work-detail-lancer__postscript">
<h3 class="c-heading c-heading--lv4 u-mt4">依頼詳細</h3>
<dl class="c-definition-list">{term('<span class="">依頼概要</span>')}{cell(text)}</dl>
{addendum}
</div></section>
</div>
<div class="grid__unit grid__unit--3 work_detail_righter">
{_client_box(gig)}
</div>
</div></div></section>
</div>
<section class="p-work-detail-latest_work_list_jobsearch_result">
<section class="p-work-detail-latest_work_list_jobsearch_result-category-name">
<div class="p-work-detail-latest_work_list_jobsearch_result-category-name-title">{escape(name)}の新着の仕事</div></section>
<section class="p-work-detail-latest_work_list_jobsearch_result-list-section">
<div class="p-work-detail-latest_work_list_jobsearch_result-list-items p-search-job-medias p-search-job-medias--lancer">
{related_cards(gig, request)}
</div></section></section>
</div>
</div>
</body></html>"""


def handle(request: MirrorRequest) -> Page:
    path = request.path.rstrip("/")
    if path == "/work/search":
        return search_page(request, None)
    match = re.fullmatch(r"/work/search/([a-z0-9_]+(?:/[a-z0-9_]+){0,2})", path)
    if match:
        return search_page(request, match.group(1))
    match = re.fullmatch(r"/work/detail/(\d+)", path)
    if match:
        return detail_page(request, int(match.group(1)))
    return error_page(request)


LOGIN_PAGE = """<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><title>ログイン | ランサーズ</title></head>
<body class="frametype-respond"><div class="l-base p-login">
<h1 class="c-heading c-heading--lv1">ログイン</h1>
<form id="login_form" action="/user/login" method="post">
<input type="email" id="UserEmail" name="data[User][email]"><input type="password" name="data[User][password]">
</form></div></body></html>
"""

SITE = MirrorSite(name="lancers", hosts={"LANCERS_BASE_URL": handle},
                  kinds={"fixed": 0.5, "task": 0.3, "competition": 0.1, "writing": 0.1}, id_base=5_500_000,
                  robots={"LANCERS_BASE_URL": ROBOTS},
                  login=MirrorLogin("/user/login", "ref", "LANCERS_BASE_URL", LOGIN_PAGE),
                  # A redesign: the result list and its cards under new class names, no data-items;
                  # detail pages of both layouts without their root.
                  data_containers={"list": ((r"p-search-job-media", "p-job-card"), (r"data-items=", "data-list=")),
                                   "detail": ((r"p-work-detail-(?:client|lancer)", "p-work-detail"),)})
