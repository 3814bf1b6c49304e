"""A small store of synthetic listings in the three sites' shapes, scored and grouped like a crawl."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from store import open_store
from store.dupes import assign_dup_groups
from store.upsert import upsert_listings
from tanka.items import Gig
from tanka.normalize.listing import normalize_gig
from tanka.scoring import derive

T0 = datetime(2026, 11, 2, 0, 0, tzinfo=UTC)
CRAWLED_AT = "2026-11-02T09:00:00+09:00"
CW_URL, LN_URL, SH_URL = "https://crowdworks.jp/public/jobs/", "https://www.lancers.jp/work/detail/", \
    "https://app.shufti.jp/jobs/view/"

LISTINGS: list[dict[str, Any]] = [
    # a writing gig, posted on CrowdWorks and again on Lancers by the same client (a duplicate)
    dict(site="crowdworks", listing_id="13000001", url=CW_URL + "13000001", pay_type="fixed_price_writing_payment",
         title="【初心者歓迎】筋トレに関する記事作成（1,500文字程度）", unit_price_yen=1800.0, unit_chars=1500.0,
         slots=5, applicants=3, contracts=0, client_id="501", client_name="ことのは編集部", client_rating=4.9,
         client_orders=120, client_verified=True, tags=["初心者歓迎", "マニュアルあり"]),
    dict(site="lancers", listing_id="5500001", url=LN_URL + "5500001", pay_type="タスク",
         title="筋トレに関する記事作成（1,500文字程度）★初心者歓迎", price_text="1,800 円 / 件", slots=50, applicants=1,
         client_id="kotonoha", client_name="ことのは編集部", category="/work/search/writing/article"),
    # a data-entry task that pays well, from a verified ★4.9 client
    dict(site="crowdworks", listing_id="13000002", url=CW_URL + "13000002", pay_type="task_payment",
         title="【在宅】店舗情報のデータ入力作業", unit_price_yen=33.0, unit_minutes=1, slots=300, applicants=40,
         client_id="502", client_name="datalab_k", client_rating=4.9, client_orders=351, client_completion_rate=97,
         client_verified=True, tags=["マニュアルあり"]),
    # the same client's second listing, with a LINE request (a risk flag)
    dict(site="crowdworks", listing_id="13000003", url=CW_URL + "13000003", pay_type="task_payment",
         title="【在宅】レシピのデータ入力作業", unit_price_yen=33.0, unit_minutes=1, slots=300, applicants=5,
         client_id="502", client_name="datalab_k", client_rating=4.9, client_orders=351, client_verified=True,
         description="詳細はLINEでお伝えしますので、応募後にLINE IDを教えてください。"),
    # an hourly admin job, a fixed design project, a contest
    dict(site="crowdworks", listing_id="13000004", url=CW_URL + "13000004", pay_type="hourly_payment",
         title="オンライン秘書・事務サポート（請求書管理）", hourly_min_yen=1500, hourly_max_yen=2000, slots=2,
         applicants=9, client_id="503", client_name="株式会社ソラノ", client_orders=25,
         client_completion_rate=40),  # a client that finished under half its orders
    dict(site="lancers", listing_id="5500002", url=LN_URL + "5500002", pay_type="プロジェクト",
         title="美容サロンのロゴデザイン制作", price_text="20,000 円 ~ 50,000 円 / 固定", slots=1, contracts=0,
         client_id="hana_shop", client_name="hana_shop", client_rating=4.6, client_orders=12, client_verified=True,
         category="/work/search/design/logo"),
    dict(site="lancers", listing_id="5500003", url=LN_URL + "5500003", pay_type="コンペ",
         title="カフェのロゴ募集", price_text="55,000 円", applicants=120, client_id="cafe_mori",
         client_name="studio_mori", category="/work/search/design/logo"),
    # Shufti: a survey with the site's own hourly estimate, and a low-paid item job for women only
    dict(site="shufti", listing_id="386001", url=SH_URL + "386001", pay_type="1", title="⭐【在宅10分!! 500円!】暮らしのアンケート",
         budget_min_yen="500", budget_max_yen="500", unit_price_yen="500", site_hourly_yen=3000, client_id="654350",
         client_name="ringodo", tags=["初心者歓迎", "スキル不要", "アンケート"]),
    dict(site="shufti", listing_id="386002", url=SH_URL + "386002", pay_type="1",
         title="【簡単作業♪】ECサイトへの商品登録スタッフ募集｜女性限定",
         budget_min_yen="500", budget_max_yen="500", unit_price_yen="5", site_hourly_yen=20, client_id="654351",
         client_name="mayt", tags=["初心者歓迎", "スキル不要"]),
]


def scored_row(raw: dict[str, Any], crawled_at: str = CRAWLED_AT, config: Any = None) -> dict[str, Any]:
    row = normalize_gig(Gig(crawled_at=crawled_at, scope=f"{raw['site']}:new", detail_status="fetched",
                            list_hash=f"{raw['listing_id']}-{raw.get('applicants')}", **raw))
    row.update(derive(row, config))
    return row


def build_store(path: Path, listings: list[dict[str, Any]] | None = None) -> Path:
    """A DuckDB file holding `listings` as a crawl would store them, with one day of history:
    the hourly job raised its wage and the design project got a second look (snapshots)."""
    listings = LISTINGS if listings is None else listings
    with open_store(path) as con:
        upsert_listings(con, [scored_row(raw) for raw in listings], run_id=1, now=T0)
        changed = [dict(raw, hourly_min_yen=1700) if raw["listing_id"] == "13000004" else
                   dict(raw, applicants=(raw.get("applicants") or 0) + 4) for raw in listings]
        upsert_listings(con, [scored_row(raw, "2026-11-03T09:00:00+09:00") for raw in changed], run_id=2,
                        now=T0 + timedelta(days=1))
        assign_dup_groups(con)
    return path


@pytest.fixture(scope="session")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("store") / "tanka.duckdb")


@pytest.fixture
def store_path(built_store: Path, tmp_path: Path) -> Path:
    """A copy of the store for each test (some rescore or mark it): building it once saves a second a test."""
    return Path(shutil.copy(built_store, tmp_path / "tanka.duckdb"))
