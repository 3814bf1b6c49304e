"""The replay mirror's synthetic market: deterministic listings that live, change and close.

`World(seed, size, start_date)` describes every site's listings on any day. The same seed, size
and day always give the same listings, so tests can predict them. Day 0 holds about `size` open
listings per site; each later day about 1/13 of them close and as many new ones appear, some
change their price, and applicant counts grow.

A market can also post listings one at a time, as the real sites do (`post`, for alerts and their
freshness benchmark): the next day's new listings appear one by one on the current day, posted
"now" (the wall clock), newest first like the rest; once they are all up, the day moves on.

Listings are site-neutral `MirrorGig`s; each module in mirror/sites renders them in its site's
exact markup (and picks the kinds of pay its site has).

Besides the random market, each site can hold the demo cases of DEMO_CASES (`demo=True`; the
served mirror — `make demo`, `tanka crawl --mirror`, the end-to-end tests — turns them on):
listings built to show what the scoring must get right — a 3,000-word translation for
3,000円 whose estimate says 30 minutes, a 7円 article of 2,000字, tasks whose every unit is taken, a
client with 120 orders and 0% completed, the three common scam phrasings, a 1-minute 55円 survey,
a survey for women only and a beginner's hourly job. They are posted on day 0 and stay open
MAX_LIFETIME_DAYS.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from tanka.normalize.dates import TOKYO

MAX_LIFETIME_DAYS = 20
MIN_LIFETIME_DAYS = 7
MEAN_LIFETIME_DAYS = (MAX_LIFETIME_DAYS + MIN_LIFETIME_DAYS) / 2

KINDS = ("fixed", "hourly", "task", "writing", "competition")


@dataclass(frozen=True)
class Client:
    id: int
    name: str
    rating: float | None  # None = no rating yet
    orders: int
    completion_rate: int | None
    verified: bool


@dataclass
class MirrorGig:
    """One synthetic listing on one day, with everything any site might show."""

    site: str
    index: int
    id: int
    kind: str  # fixed | hourly | task | writing | competition
    category: str  # a taxonomy key, see CATEGORIES
    title: str
    description: str
    tags: list[str]
    client: Client
    born_day: int
    close_day: int
    posted_at: datetime
    deadline: date
    budget_min: int | None = None
    budget_max: int | None = None
    hourly_min: int | None = None
    hourly_max: int | None = None
    unit_price: int | None = None
    unit_minutes: int | None = None
    unit_chars: int | None = None
    units: int | None = None  # items per worker (Shufti) or tasks on offer (CrowdWorks)
    slots: int = 1
    applicants: int = 0
    contracts: int = 0
    done_units: int = 0
    views: int = 0
    promoted: bool = False
    urgent: bool = False
    limited: bool = False
    risk: str | None = None
    note: str = ""  # a demo case's own line in the description
    used_up: bool = False  # a demo case whose every unit is taken
    demo: str | None = None  # the DemoCase name
    extra: dict[str, object] = field(default_factory=dict)

    def days_left(self, day: int) -> int:
        return max(0, self.close_day - day)


CATEGORIES = {
    "writing": ["{topic}に関する記事作成（{chars}文字程度）", "【初心者歓迎】{topic}のブログ記事を書いてください",
                "{topic}の体験談ライティング", "SEO記事の作成：{topic}（継続あり）"],
    "data_entry": ["【在宅】{thing}のデータ入力作業", "{thing}をExcelにまとめる簡単な作業",
                   "{thing}の転記・入力（マニュアルあり）", "ネットショップの{thing}登録作業"],
    "survey": ["【5分で完了】{topic}に関するアンケート", "{topic}についての簡単な質問に答えてください",
               "{topic}の利用経験アンケート（スマホ可）"],
    "design": ["{thing}のロゴデザイン制作", "{topic}向けバナー画像の作成（3点）", "{topic}のLPデザイン"],
    "development": ["{topic}の予約システム開発", "Pythonでのデータ収集ツール作成", "Shopifyストアの構築・改修",
                    "既存Webサイト（{topic}）のレスポンシブ対応", "Ruby on Railsアプリの機能追加"],
    "translation": ["{topic}に関する英日翻訳（約3,000ワード）", "商品説明文の日英翻訳：{thing}"],
    "video": ["YouTube動画の編集（{topic}・10分程度）", "{topic}のショート動画作成"],
    "admin": ["オンライン秘書・事務サポート（{thing}管理）", "{thing}のメール対応・スケジュール調整"],
    "marketing": ["{topic}のSNS運用代行（Instagram）", "営業リストの作成：{topic}業界", "{topic}の市場リサーチ"],
    "photo": ["{thing}の商品撮影（スタジオ持ち込み）", "{topic}関連の写真素材提供"],
}
TOPICS = ["筋トレ", "節約術", "転職", "子育て", "美容", "国内旅行", "投資信託", "プログラミング学習", "ペット",
          "料理", "ダイエット", "家計管理", "英語学習", "ガーデニング", "キャンプ", "インテリア", "副業", "健康食品"]
THINGS = ["商品情報", "名刺", "アンケート結果", "店舗情報", "請求書", "顧客リスト", "在庫データ", "レシピ",
          "不動産物件", "求人情報", "書籍データ", "口コミ"]
BEGINNER_TAGS = ["初心者歓迎", "スキル不要", "マニュアルあり", "継続依頼あり", "スマホ可", "経験者優遇", "長期"]
CLIENT_NAMES = ["株式会社ミライワークス", "合同会社あおば企画", "office_hikari", "yamada_media", "株式会社ソラノ",
                "tsubame_design", "ことのは編集部", "株式会社ネクストリンク", "hana_shop", "kobayashi_ec",
                "株式会社グリーンリーフ", "studio_mori", "ライティング工房さくら", "datalab_k", "株式会社はるかぜ"]
# Scam and low-quality signals (DOMAIN.md §5), used by a small share of listings.
RISKS = {
    "line": "詳細はLINEでお伝えしますので、応募後にLINE IDを教えてください。",
    "upfront_fee": "作業開始前に専用教材（初期費用 29,800円）のご購入をお願いしています。",
    "track_record": "実績作りにぴったりです。報酬は低めですがスキルアップにつながります。",
    "mlm": "権利収入が得られるネットワークビジネスのご案内も可能です。",
    "direct": "手数料がかからないよう、2回目以降は直接契約でお願いします。",
}


@dataclass(frozen=True)
class DemoCase:
    """A listing the demo market always holds (on the sites whose kinds include `kind`)."""

    name: str
    sites: tuple[str, ...]
    kind: str
    category: str
    title: str
    values: dict[str, object] = field(default_factory=dict)  # MirrorGig fields
    note: str = ""
    used_up: bool = False
    client: Client | None = None


# The client of issue 13's demo: many orders, none completed.
UNFINISHED_CLIENT = Client(id=599_001, name="office_kanata", rating=None, orders=120, completion_rate=0, verified=True)
DEMO_CASES: tuple[DemoCase, ...] = (
    DemoCase("translation_3000_words", ("crowdworks",), "task", "translation", "旅行ガイドの英日翻訳（約3,000ワード）",
             {"unit_price": 3000, "unit_minutes": 30, "units": 5, "slots": 5, "tags": ["初心者歓迎"]}),
    DemoCase("article_7_yen", ("lancers",), "task", "writing", "ダイエットに関する記事作成（2,000文字程度）",
             {"unit_price": 7, "unit_minutes": 5, "units": 100, "slots": 100, "tags": ["初心者歓迎"]}),
    DemoCase("used_up_task", ("crowdworks", "lancers"), "task", "data_entry", "【在宅】お店の口コミのデータ入力作業",
             {"unit_price": 110, "unit_minutes": 1, "units": 200, "slots": 200, "tags": ["初心者歓迎", "マニュアルあり"]},
             used_up=True),
    DemoCase("unfinished_client", ("crowdworks",), "hourly", "admin", "オンライン秘書・事務サポート（請求書管理）",
             {"hourly_min": 2000, "hourly_max": 3000, "slots": 2, "tags": ["初心者歓迎"]}, client=UNFINISHED_CLIENT),
    DemoCase("manual_fee", ("crowdworks", "lancers"), "fixed", "data_entry", "【初心者歓迎】在宅データ入力スタッフ募集",
             {"budget_min": 10000, "budget_max": 30000, "slots": 10, "tags": ["初心者歓迎"]},
             note="作業開始前に、マニュアル代として3,000円が必要です。"),
    DemoCase("tool_purchase", ("crowdworks",), "task", "data_entry", "【スマホで簡単】SNS投稿のチェック作業",
             {"unit_price": 200, "unit_minutes": 3, "units": 300, "slots": 300, "tags": ["スキル不要"]},
             note="作業には専用ツール(月額2,980円)をご購入ください。"),
    DemoCase("email_first", ("crowdworks", "lancers"), "fixed", "marketing", "【未経験OK】商品リサーチのお仕事",
             {"budget_min": 5000, "budget_max": 10000, "slots": 5, "tags": ["初心者歓迎"]},
             note="応募後、メールアドレスをお送りください。詳細はメールでご連絡します。"),
    DemoCase("one_minute_survey", ("crowdworks", "lancers"), "task", "survey", "【所要時間1分】ネットショッピングに関するアンケート",
             {"unit_price": 55, "unit_minutes": 1, "units": 1000, "slots": 1000, "tags": ["初心者歓迎"]}),
    DemoCase("women_only_survey", ("crowdworks", "lancers"), "task", "survey", "【女性限定】スキンケアに関するアンケート",
             {"unit_price": 33, "unit_minutes": 2, "units": 500, "slots": 500, "tags": ["初心者歓迎"]}),
    DemoCase("beginner_hourly", ("crowdworks",), "hourly", "data_entry", "【初心者歓迎】商品データの入力（週10時間〜・在宅）",
             {"hourly_min": 1200, "hourly_max": 1500, "slots": 3, "tags": ["初心者歓迎", "マニュアルあり"]},
             note="週10時間〜、ご自身のペースで作業いただけます。"),
)


# Yen per minute of work that real per-item gigs pay (DOMAIN.md §2: 7円/19分 ≈ 0.4,
# 100円/15分 ≈ 7, 110円/3分 ≈ 37): mostly far below the minimum wage (18.7円/分), a few above.
PACE_YEN_PER_MINUTE = (0.4, 1, 2, 4, 7, 10, 15, 20, 35)


def _minutes_for(rng: random.Random, unit_price: int) -> int:
    return max(1, min(120, round(unit_price / rng.choice(PACE_YEN_PER_MINUTE))))


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


class World:
    """Every site's listings on every day, from one seed.

    `kinds` gives each site's mix of pay kinds (a site module's `KINDS_WEIGHTS`). `lifetime_days`
    (min, max) sets the daily churn: about size ÷ mean lifetime listings appear (and as many close)
    each day, and a quarter of as many raise their price. The default (7, 20) moves about 9% of
    the market a day; (50, 75) about 2%, the benchmarks' quiet day.
    """

    def __init__(self, seed: int = 1, size: int = 300, start_date: date | None = None,
                 kinds: dict[str, dict[str, float]] | None = None, id_base: dict[str, int] | None = None,
                 lifetime_days: tuple[int, int] = (MIN_LIFETIME_DAYS, MAX_LIFETIME_DAYS), demo: bool = False) -> None:
        self.seed = seed
        self.size = max(1, size)
        self.start_date = start_date or datetime.now(TOKYO).date()
        self.kinds = kinds or {}
        self.id_base = id_base or {}
        self.min_lifetime, self.max_lifetime = lifetime_days
        self.daily_new = max(1, round(self.size / ((self.min_lifetime + self.max_lifetime) / 2)))
        self._posted: dict[str, int] = {}  # site → how many of the next day's listings are up already
        self._posted_at: dict[tuple[str, int], datetime] = {}  # (site, index) → when it was posted
        self.demo = demo

    # --- the demo cases --------------------------------------------------------------------------
    def demo_cases(self, site: str) -> list[DemoCase]:
        """The demo cases this site holds: those meant for it whose kind of pay it has."""
        if not self.demo:
            return []
        kinds = self.kinds.get(site)
        return [c for c in DEMO_CASES if site in c.sites and (not kinds or c.kind in kinds)]

    def demo_index(self, site: str, name: str) -> int | None:
        """The index of a demo case: the last listings posted on day 0, one each."""
        names = [c.name for c in self.demo_cases(site)]
        if name not in names:
            return None
        return (self.max_lifetime + 1) * self.daily_new - 1 - names.index(name)

    def demo_id(self, site: str, name: str) -> int | None:
        index = self.demo_index(site, name)
        return None if index is None else self.id_base.get(site, 100_000) + index

    def _demo_case(self, site: str, index: int) -> DemoCase | None:
        cases = self.demo_cases(site)
        k = (self.max_lifetime + 1) * self.daily_new - 1 - index
        return cases[k] if 0 <= k < len(cases) else None

    # --- one listing ---------------------------------------------------------------------------
    def _rng(self, site: str, index: int, salt: str = "") -> random.Random:
        return random.Random(f"{self.seed}:{site}:{index}:{salt}")

    def born_day(self, index: int) -> int:
        return index // self.daily_new - self.max_lifetime

    def first_index(self, day: int) -> int:
        """The first listing index born on `day`."""
        return (day + self.max_lifetime) * self.daily_new

    # --- listings posted one at a time ---------------------------------------------------------
    def post(self, site: str, day: int, when: datetime) -> MirrorGig | None:
        """Put the next of day+1's new listings up on `day`, posted at `when`; None when all are up."""
        posted = self._posted.get(site, 0)
        if posted >= self.daily_new:
            return None
        index = self.first_index(day + 1) + posted
        self._posted_at[(site, index)] = when
        self._posted[site] = posted + 1
        return self.gig_on(site, index, day)

    def reset_posted(self) -> None:
        """The day moved on: the listings posted early are that day's own now."""
        self._posted.clear()

    def is_posted(self, site: str, index: int, day: int) -> bool:
        """Whether the listing, born the day after `day`, was posted early and is up on `day`."""
        start = self.first_index(day + 1)
        return start <= index < start + self._posted.get(site, 0)

    def posted_gigs(self, site: str, day: int) -> list[MirrorGig]:
        start = self.first_index(day + 1)
        gigs = (self.gig_on(site, i, day) for i in range(start, start + self._posted.get(site, 0)))
        return [g for g in gigs if g is not None]

    def now(self, day: int) -> datetime:
        """The mirror's clock on `day`: the start date plus `day`, at 09:00 Tokyo."""
        return datetime.combine(self.start_date + timedelta(days=day), time(9, 0), tzinfo=TOKYO)

    @lru_cache(maxsize=200_000)  # noqa: B019 - the world lives as long as the mirror
    def base_gig(self, site: str, index: int) -> MirrorGig:
        rng = self._rng(site, index)
        kind = _weighted(rng, self.kinds.get(site) or {k: 1.0 for k in KINDS})
        category = self._category(rng, kind)
        born = self.born_day(index)
        lifetime = rng.randint(self.min_lifetime, self.max_lifetime)
        topic, thing = rng.choice(TOPICS), rng.choice(THINGS)
        chars = rng.choice([1000, 1500, 2000, 3000, 5000])
        title = rng.choice(CATEGORIES[category]).format(topic=topic, thing=thing, chars=f"{chars:,}")
        tags = rng.sample(BEGINNER_TAGS, k=rng.randint(0, 3))
        risk = rng.choice(list(RISKS)) if rng.random() < 0.05 else None
        client_index = rng.randrange(len(CLIENT_NAMES) * 7)
        gig = MirrorGig(
            site=site, index=index, id=self.id_base.get(site, 100_000) + index, kind=kind, category=category,
            title=title, description="", tags=tags, client=self._client(site, client_index),
            born_day=born, close_day=born + lifetime,
            posted_at=self.now(born).replace(hour=rng.randint(7, 22), minute=rng.randint(0, 59)),
            deadline=self.start_date + timedelta(days=born + lifetime), risk=risk,
            promoted=rng.random() < 0.04, urgent=rng.random() < 0.06, limited=rng.random() < 0.02,
        )
        self._price(rng, gig, chars)
        case = self._demo_case(site, index)
        if case is not None:
            self._make_demo(gig, case)
        gig.description = self._description(rng, gig, topic, thing)
        return gig

    def _make_demo(self, gig: MirrorGig, case: DemoCase) -> None:
        gig.kind, gig.category, gig.title, gig.demo = case.kind, case.category, case.title, case.name
        gig.budget_min = gig.budget_max = gig.hourly_min = gig.hourly_max = None
        gig.unit_price = gig.unit_minutes = gig.unit_chars = gig.units = None
        for name, value in case.values.items():
            setattr(gig, name, list(value) if isinstance(value, list) else value)
        gig.note, gig.used_up, gig.risk, gig.limited, gig.promoted = case.note, case.used_up, None, False, False
        if case.client is not None:
            gig.client = case.client
        gig.close_day = gig.born_day + self.max_lifetime
        gig.deadline = self.start_date + timedelta(days=gig.close_day)

    def _category(self, rng: random.Random, kind: str) -> str:
        if kind == "writing":
            return "writing"
        if kind == "task":
            return rng.choice(["data_entry", "survey", "data_entry", "writing"])
        if kind == "competition":
            return rng.choice(["design", "design", "marketing"])
        if kind == "hourly":
            return rng.choice(["admin", "development", "marketing", "data_entry"])
        # A survey is per-answer work: never a fixed-budget project.
        return rng.choice([c for c in CATEGORIES if c != "survey"])

    def _client(self, site: str, n: int) -> Client:
        rng = self._rng(site, n, "client")
        base = CLIENT_NAMES[n % len(CLIENT_NAMES)]
        name = base if n < len(CLIENT_NAMES) else f"{base}{n // len(CLIENT_NAMES) + 1}"
        orders = rng.choice([0, 1, 3, 12, 45, 120, 351])
        rated = orders > 0 and rng.random() < 0.85
        return Client(
            id=500_000 + n, name=name,
            rating=round(rng.uniform(3.6, 5.0), 1) if rated else None, orders=orders,
            completion_rate=rng.choice([60, 80, 90, 97, 100]) if rated else None,
            verified=rng.random() < 0.6,
        )

    def _price(self, rng: random.Random, gig: MirrorGig, chars: int) -> None:
        if gig.kind == "fixed":
            band = rng.choice([(5000, 10000), (10000, 30000), (30000, 50000), (50000, 100000),
                               (100000, 300000), (None, 5000), (None, None), (1000, 5000)])
            gig.budget_min, gig.budget_max = band
            gig.slots = rng.choice([1, 1, 1, 2, 3, 5, 10])
            if gig.site == "shufti":
                gig.unit_price = rng.choice([50, 100, 150, 300, 500, 1000, 4200])
                gig.units = rng.choice([1, 2, 5, 10, 20])
                gig.budget_min = gig.budget_max = gig.unit_price * gig.units
                gig.unit_minutes = _minutes_for(rng, gig.unit_price)
        elif gig.kind == "hourly":
            gig.hourly_min, gig.hourly_max = rng.choice([(700, 1000), (1000, 1500), (1500, 2000), (2000, 3000)])
            gig.slots = rng.choice([1, 2, 5])
        elif gig.kind == "task":
            gig.unit_price = rng.choice([5, 7, 10, 22, 33, 55, 100, 110, 200])
            gig.unit_minutes = _minutes_for(rng, gig.unit_price)
            gig.units = gig.slots = rng.choice([20, 50, 100, 300, 1000])
        elif gig.kind == "writing":
            gig.unit_chars = chars
            gig.unit_price = int(chars * rng.choice([0.3, 0.5, 0.8, 1.0, 1.2, 1.5, 2.0]))
            gig.slots = rng.choice([1, 3, 5, 10])
        else:
            gig.budget_min = gig.budget_max = rng.choice([11000, 33000, 55000, 88000, 110000])
            gig.slots = 1

    def _description(self, rng: random.Random, gig: MirrorGig, topic: str, thing: str) -> str:
        lines = [
            "■ 依頼の目的・背景",
            f"{topic}に関わる事業を運営しています。{thing}の整理をお手伝いいただける方を募集します。",
            "",
            "■ 作業内容",
            f"・{gig.title}",
            "・マニュアルをお渡ししますので、初めての方でも安心です。" if "マニュアルあり" in gig.tags
            else "・ご経験のある方を優遇します。",
        ]
        if gig.kind == "writing" and gig.unit_chars and gig.unit_price:
            lines.append(f"・文字数：{gig.unit_chars:,}文字程度（1記事{gig.unit_price:,}円）")
        if gig.kind == "task" and gig.unit_price:
            lines.append(f"・報酬：1件{gig.unit_price}円")
        if gig.risk:
            lines += ["", RISKS[gig.risk]]
        if gig.note:
            lines += ["", gig.note]
        lines += ["", "■ 応募方法", "簡単な自己紹介と稼働可能時間をお送りください。", "よろしくお願いいたします。"]
        return "\r\n".join(lines)

    # --- one day -------------------------------------------------------------------------------
    def gig_on(self, site: str, index: int, day: int, *, include_closed: bool = False) -> MirrorGig | None:
        """The listing as it looks on `day`; None before it is posted, or once closed (unless asked)."""
        base = self.base_gig(site, index)
        if day < base.born_day and self.is_posted(site, index, day):
            day = base.born_day  # posted early: as on the day it was born
        if day < base.born_day or (day >= base.close_day and not include_closed):
            return None
        age = min(day, base.close_day) - base.born_day
        rng = self._rng(site, index, f"day{day}")
        gig = MirrorGig(**{**base.__dict__, "tags": list(base.tags), "extra": dict(base.extra)})
        growth = self._rng(site, index, "growth").uniform(0.2, 6.0)
        gig.applicants = int(growth * age)
        gig.contracts = min(gig.slots, int(gig.applicants / 15))
        gig.done_units = min(gig.units or 0, int(growth * 3 * age))
        gig.views = 7 + int(growth * 40 * age) + rng.randint(0, 5)
        # A quarter of the listings raise their price once, a few days after posting.
        change_day = base.born_day + 2 + self._rng(site, index, "change").randint(0, 4)
        if self._rng(site, index, "raise").random() < 0.25 and day >= change_day and not base.demo:
            self._raise_price(gig)
        posted_at = self._posted_at.get((site, index))
        if posted_at is not None:
            gig.posted_at = posted_at
        if base.used_up:
            gig.done_units = gig.units or 0
        return gig

    @staticmethod
    def _raise_price(gig: MirrorGig) -> None:
        if gig.budget_max:
            gig.budget_max = int(gig.budget_max * 1.2)
            if gig.budget_min:
                gig.budget_min = min(gig.budget_min, gig.budget_max)
        if gig.hourly_max:
            gig.hourly_max += 200
        if gig.unit_price and gig.kind != "fixed":
            gig.unit_price += max(1, gig.unit_price // 10)

    def open_gigs(self, site: str, day: int) -> list[MirrorGig]:
        """Every listing open on `day`, newest first (highest id first), those posted early first."""
        posted = self.posted_gigs(site, day) if self._posted.get(site) else []
        return [*sorted(posted, key=lambda g: g.id, reverse=True), *self._open_cached(site, day)]

    @lru_cache(maxsize=16)  # noqa: B019
    def _open_cached(self, site: str, day: int) -> list[MirrorGig]:
        last = (day + self.max_lifetime + 1) * self.daily_new
        gigs = (self.gig_on(site, i, day) for i in range(last))
        return sorted((g for g in gigs if g is not None), key=lambda g: g.id, reverse=True)

    def find(self, site: str, listing_id: int, day: int, *, include_closed: bool = False) -> MirrorGig | None:
        """A listing by id; closed ones only when asked (their detail pages say 募集終了)."""
        index = listing_id - self.id_base.get(site, 100_000)
        if index < 0:
            return None
        return self.gig_on(site, index, day, include_closed=include_closed)
