"""Volume: what one worker can earn from a gig (`earnable_net_yen`), part of the score; and `filled`.

Titles and amounts are real ones from the fixture pages unless marked as the mirror's demo cases."""

from __future__ import annotations

from typing import Any

import pytest

from tanka.items import Gig
from tanka.normalize.listing import normalize_gig
from tanka.scoring import derive
from tanka.scoring.reasons import reason_texts
from tanka.scoring.volume import hours_a_month, per_person_limit, units_a_month

CRAWLED_AT = "2026-04-27T12:00:00+09:00"


def scored(**values: Any) -> dict[str, Any]:
    return derive(normalize_gig(Gig(**{"listing_id": "1", "crawled_at": CRAWLED_AT, **values})))


@pytest.mark.parametrize(("text", "hours"), [
    ("【在宅テレアポスタッフ募集】ママさん歓迎｜週15時間～・フルリモート", round(15 * 365.25 / 12 / 7, 1)),  # CW 13086589
    ("＼長期契約の在宅事務／ママの仕事復帰歓迎！週3日・1日3時間～OK！｜時給1200円～", round(9 * 365.25 / 12 / 7, 1)),  # Shufti
    ("月40時間程度の稼働をお願いします", 40.0),
    ("1日3時間～OK", round(9 * 365.25 / 12 / 7, 1)),  # three days a week when none is stated
    ("週60時間", None),  # no side job
    ("スキマ時間でOK", None),
])
def test_hours_a_month(text, hours):
    assert hours_a_month(text) == hours


@pytest.mark.parametrize(("text", "units"), [("月10記事程度お願いします", 10), ("週2本の納品", 9), ("継続あり", None)])
def test_units_a_month(text, units):
    assert units_a_month(text) == units


@pytest.mark.parametrize(("text", "limit"), [("お一人様5件まで", 5), ("1人1回のみの回答です", 1), ("1人あたり最大20件まで", 20),
                                             ("何件でも", None)])
def test_per_person_limit(text, limit):
    assert per_person_limit(text) == limit


SURVEY = dict(site="lancers", pay_type="タスク", price_text="55 円 / 件", applicants=120, slots=500,
              title="【所要時間1分】ネットショッピングに関するアンケート", category="/work/search/task/monitor")


def test_a_survey_is_one_unit_per_person():
    out = scored(**SURVEY)
    assert out["earnable_net_yen"] == 52  # 55円 after the fee (net_amount: 60 − 8), once
    assert "one answer per person: adds ¥52 net" in reason_texts(out["score_reasons"])


def test_a_stated_hourly_contract_counts_a_month_of_its_hours():
    # CrowdWorks 13086589: 時給 2,000円 (net 1,716) for 週15時間
    out = scored(site="crowdworks", pay_type="hourly_payment", hourly_min_yen=2000, hourly_max_yen=3000,
                 title="【在宅テレアポスタッフ募集】ママさん歓迎｜週15時間～・フルリモート｜法人向け架電のお仕事")
    assert out["earnable_net_yen"] == round(1716.0 * round(15 * 365.25 / 12 / 7, 1))


def test_an_hourly_contract_without_hours_is_unknown():
    out = scored(site="crowdworks", pay_type="hourly_payment", hourly_min_yen=1500, hourly_max_yen=2000,
                 title="英語を活かせる｜外国人向けビジネスサポート（通訳・アシスタント）")
    assert out["earnable_net_yen"] is None


def test_a_fixed_project_counts_its_budget():
    # Lancers 5550054: 20,000 ~ 50,000 円 / 固定
    out = scored(site="lancers", pay_type="プロジェクト", price_text="20,000 円 ~ 50,000 円 / 固定",
                 title="（①面談アポ取得・②面談担当者募集）◆システム開発会社への「開発リソース（外注先）」の提案")
    assert out["earnable_net_yen"] == 18700


def test_shufti_counts_the_items_given_to_one_worker():
    # Shufti 360596: 50円 × 100 items = 5,000円 for one worker
    out = scored(site="shufti", pay_type="1", budget_min_yen="5000", budget_max_yen="5000", unit_price_yen="50",
                 units=100, site_hourly_yen=1000, title="【未経験者さん歓迎♪】主婦さん、ママさん大歓迎♪商品登録のお仕事です(^^♪")
    assert out["earnable_net_yen"] == 4400  # 100 × 44 net


def test_a_shared_pool_of_tasks_counts_ten_hours_of_it():
    # CrowdWorks 13086610: 7円 tasks, 目安 19分, 1,000 on offer
    out = scored(site="crowdworks", pay_type="task_payment", unit_price_yen=7.0, unit_minutes=19, slots=1000,
                 applicants=100, title="【スマホでのお仕事限定】30秒簡単作業！コピペするだけh9")
    assert out["earnable_net_yen"] == 23 * 6  # 600 min ÷ 25.8 min = 23 tasks of 6円 net


def test_a_one_off_fifty_yen_task_cannot_lead_a_list_meant_for_100000_a_month():
    one_off = scored(**{**SURVEY, "price_text": "550 円 / 件"})  # the same rate, one answer per person
    repeatable = scored(**{**SURVEY, "price_text": "550 円 / 件", "title": "【所要時間1分】商品情報の入力作業",
                           "category": "/work/search/task/input"})
    assert one_off["earnable_net_yen"] < repeatable["earnable_net_yen"]
    assert one_off["score"] < repeatable["score"]


def test_volume_is_part_of_the_score():
    small = scored(site="lancers", pay_type="プロジェクト", price_text="~ 5,000 円 / 固定", title="ロゴ作成")
    large = scored(site="lancers", pay_type="プロジェクト", price_text="~ 50,000 円 / 固定", title="ロゴ作成")
    assert small["score"] < large["score"]


def test_used_up_tasks_are_filled_and_earn_nothing():
    # the mirror's demo: 作業数 200 / 200
    out = scored(site="lancers", pay_type="タスク", price_text="110 円 / 件", applicants=200, slots=200,
                 title="【在宅】お店の口コミのデータ入力作業")
    assert (out["filled"], out["earnable_net_yen"]) == (True, 0)
    assert "not open: every task is taken" in reason_texts(out["score_reasons"])


def test_a_project_whose_contracts_fill_its_slots_is_filled():
    out = scored(site="lancers", pay_type="プロジェクト", price_text="~ 5,000 円 / 固定", slots=1, contracts=1,
                 title="ロゴ作成")
    assert out["filled"] is True


def test_a_contest_is_never_filled_and_counts_one_entry():
    out = scored(site="lancers", pay_type="コンペ", price_text="110,000 円", applicants=299, title="ロゴ募集")
    assert (out["filled"], out["earnable_net_yen"]) == (False, 343)
