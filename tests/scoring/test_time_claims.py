"""Time is a claim: a client's or a site's minutes are stretched, given an overhead and floored per kind
of work; screening surveys pay for their unpaid attempts; a stated wage is left as it is.

Listings are real ones from the fixture pages (CrowdWorks jobs_new.json, Shufti's guest API, Lancers
search pages) unless marked as the mirror's demo cases."""

from __future__ import annotations

from typing import Any

import pytest

from tanka.items import Gig
from tanka.normalize.listing import normalize_gig
from tanka.scoring import derive
from tanka.scoring.effort import credible, screens_respondents
from tanka.scoring.reasons import reason_texts

CRAWLED_AT = "2026-04-27T12:00:00+09:00"


def scored(**values: Any) -> dict[str, Any]:
    row = normalize_gig(Gig(**{"listing_id": "1", "crawled_at": CRAWLED_AT, **values}))
    return derive(row)


def test_a_claim_is_stretched_and_given_its_overhead():
    assert credible(10, "client", kind="photo").minutes == 10 * 1.25 + 2


def test_a_one_minute_claim_is_floored_for_a_survey():
    found = credible(1, "client", kind="survey")
    assert (found.minutes, found.floor) == (5.0, 5.0)


def test_an_upper_bound_is_not_stretched():
    assert credible(60, "client", kind="survey", cap=True).minutes == 62.0


def test_a_screening_survey_pays_for_the_attempts_that_end_unpaid():
    found = credible(10, "client", kind="survey", screened=True)
    assert (found.minutes, found.paid_share) == (14.5 + 3, 0.5)


@pytest.mark.parametrize(("text", "screens"), [
    ("※商品を発送せずに、ポイント還元のみの方は対象外となります。", True),  # Lancers 5554004, real
    ("事前アンケートで条件に該当しない方はその時点で終了となります", True),
    ("本調査は関西学院大学の岩谷研究室が実施する学術調査です。", False),  # CrowdWorks 13074787, real
])
def test_screening_words(text, screens):
    assert screens_respondents(text) == screens


def test_the_listings_own_estimate_is_a_claim():
    # CrowdWorks 13086535: 110円, 目安 3分, a review from people who built with one maker
    out = scored(site="crowdworks", pay_type="task_payment", unit_price_yen=110.0, unit_minutes=3,
                 title="【アキュラホームで建てた方限定】レビュー投稿（150文字100円）")
    assert out["net_hourly_yen"] == round(94.38 * 60 / 5.8, 1)  # 3 × 1.25 + 2 = 5.75 → 5.8 min
    assert any("the listing estimates 3 min, counted as 5.8 min" in r for r in reason_texts(out["score_reasons"]))


def test_the_client_says_so_in_the_reasons():
    # CrowdWorks 13074787: the site says 2 minutes, the title 「所要時間10～15分程度」
    out = scored(site="crowdworks", pay_type="task_payment", unit_price_yen=110.0, unit_minutes=2,
                 title="男性の育児休業に関する調査１（所要時間10～15分程度）")
    assert out["net_hourly_yen"] == round(94.38 * 60 / 20.8, 1)
    assert any(r.startswith("the time is the client's own word, not a measurement") for r in reason_texts(out["score_reasons"]))


def test_a_one_minute_micro_survey_is_not_worth_thousands_an_hour():
    # the case: 55円 surveys whose ¥3,000+/h rested on 「所要時間1分」
    out = scored(site="lancers", pay_type="タスク", price_text="55 円 / 件", slots=1000, applicants=10,
                 title="【所要時間1分】ネットショッピングに関するアンケート", category="/work/search/task/monitor")
    assert out["net_hourly_yen"] == 617.1  # 55 × 0.935 × 60 ÷ 5
    assert out["pay_band"] == "amber"


def test_shuftis_hourly_estimate_is_read_back_as_minutes_and_discounted():
    # Shufti 379448: 500円 a unit at 想定時給 3,000円 → 10 min → 14.5 min
    out = scored(site="shufti", pay_type="1", budget_min_yen="500", budget_max_yen="500", unit_price_yen="500",
                 site_hourly_yen=3000, title="⭐【在宅10分!! 500円!】暮らしとお金の簡単アンケート⭐初心者歓迎!")
    assert out["net_hourly_yen"] == round(445 * 60 / 14.5, 1)
    assert out["hourly_basis"] == "site_estimate"


def test_a_stated_wage_is_never_discounted():
    # CrowdWorks 13086589: 時給 2,000–3,000円
    out = scored(site="crowdworks", pay_type="hourly_payment", hourly_min_yen=2000, hourly_max_yen=3000,
                 title="【在宅テレアポスタッフ募集】ママさん歓迎｜週15時間～・フルリモート｜法人向け架電のお仕事 時給¥2,500相当〜")
    assert (out["net_hourly_yen"], out["hourly_basis"]) == (1716.0, "stated")


def test_a_stated_wage_outranks_a_claimed_rate_of_the_same_size():
    stated = scored(site="crowdworks", pay_type="hourly_payment", hourly_min_yen=1500, hourly_max_yen=1500,
                    title="データ入力", slots=5, applicants=5)
    claimed = scored(site="crowdworks", pay_type="task_payment", unit_price_yen=25, unit_minutes=1,
                     title="データ入力", slots=5, applicants=0)  # 25円 a minute = 1,500円/h as claimed
    assert stated["score"] > claimed["score"]


def test_a_translation_takes_the_time_its_length_takes():
    # the mirror's demo: 3,000 words for 3,000円, the listing's estimate 30 minutes
    out = scored(site="crowdworks", pay_type="task_payment", unit_price_yen=3000.0, unit_minutes=30,
                 title="旅行ガイドの英日翻訳（約3,000ワード）")
    assert out["net_hourly_yen"] == round(2574.0 * 60 / 600, 1)  # 10 h at 300 words an hour
    assert "below_market" in out["risk_flags"]


def test_a_translation_with_no_time_is_timed_by_its_length():
    # Lancers card: a fixed 10,000円 for about 3,000 words
    out = scored(site="lancers", pay_type="プロジェクト", price_text="10,000 円 ~ 30,000 円 / 固定",
                 title="美容に関する英日翻訳（約3,000ワード）")
    assert (out["net_hourly_yen"], out["hourly_basis"]) == (935.0, "task_minutes")  # the lower bound over 10 h


def test_with_no_time_a_price_is_worth_at_most_its_amount_over_the_floor():
    # Lancers 5553931 (real card): 22円 a task, no time stated
    out = scored(site="lancers", pay_type="タスク", price_text="22 円 / 件", applicants=56, slots=100,
                 title="アンケート【住宅ローン組んでる方限定】組んでいる住宅ローンについて教えてください",
                 category="/work/search/task/monitor")
    assert reason_texts(out["score_reasons"])[1] == "¥21 net per 件: at most ¥252/h even at 5 min (survey work)"
