"""Pairwise ordering: the score ranks gigs the way a careful beginner would."""

from __future__ import annotations

from typing import Any

from tanka.items import Gig
from tanka.normalize.listing import normalize_gig
from tanka.scoring import derive
from tanka.scoring.reasons import reason_texts

CRAWLED_AT = "2026-11-02T09:00:00+09:00"


def score(**values: Any) -> float:
    raw = {"site": "crowdworks", "listing_id": "1", "title": "商品情報のデータ入力作業", "crawled_at": CRAWLED_AT,
           **values}
    row = normalize_gig(Gig(**raw))
    return derive(row)["score"]


def task(price: float, minutes: float, **values: Any) -> float:
    return score(pay_type="task_payment", unit_price_yen=price, unit_minutes=minutes, slots=100, applicants=10,
                 **values)


VERIFIED_STAR = {"client_rating": 4.9, "client_orders": 120, "client_completion_rate": 98, "client_verified": True}
BAD_CLIENT = {"client_rating": 2.8, "client_orders": 14, "client_completion_rate": 35, "client_verified": False}


def test_a_1500_yen_task_from_a_verified_star_client_beats_a_300_yen_task():
    # 29円 in 1 min → 1,740円/h gross → ≈1,493円/h net; 35円 in 6 min → 350円/h → 300円/h net
    assert task(29, 1, **VERIFIED_STAR) > task(35, 6)


def test_even_an_unknown_client_cannot_lift_a_300_yen_task_above_a_1500_yen_one():
    assert task(29, 1) > task(35, 6, **VERIFIED_STAR)


def test_a_listing_asking_to_move_to_line_ranks_below_a_clean_one_of_the_same_pay():
    line = "詳細はLINEでお伝えしますので、応募後にLINE IDを教えてください。"
    assert task(29, 1, description=line) < task(29, 1)


def test_a_line_listing_ranks_below_a_clean_one_even_at_double_the_pay():
    line = "まずはLINEで友だち追加をお願いします。"
    assert task(58, 1, description=line) < task(29, 1)


def test_upfront_fees_sink_a_listing():
    fee = "作業開始前に専用教材（初期費用 29,800円）のご購入をお願いしています。"
    assert task(29, 1, description=fee) < task(35, 6)


def test_saying_there_is_no_initial_fee_is_not_a_flag():
    assert task(29, 1, description="初期費用は一切かかりません。") == task(29, 1)


def test_a_contest_with_299_entries_ranks_below_a_project_of_the_same_prize():
    contest = score(site="lancers", pay_type="コンペ", price_text="110,000 円", applicants=299)
    project = score(site="lancers", pay_type="プロジェクト", price_text="110,000 円 / 固定", slots=1, applicants=3)
    assert contest < project


def test_a_contest_nobody_entered_beats_one_with_299_entries():
    empty = score(site="lancers", pay_type="コンペ", price_text="110,000 円", applicants=0)
    crowded = score(site="lancers", pay_type="コンペ", price_text="110,000 円", applicants=299)
    assert empty > crowded


def test_a_verified_star_client_beats_an_unknown_client_at_the_same_pay():
    assert task(29, 1, **VERIFIED_STAR) > task(29, 1)


def test_an_unknown_client_is_neutral_not_bad():
    assert task(29, 1) > task(29, 1, **BAD_CLIENT)


def test_an_unknown_client_gets_no_bad_reason():
    row = normalize_gig(Gig(site="shufti", listing_id="1", title="商品登録", pay_type="1", unit_price_yen=100,
                            site_hourly_yen=1200, crawled_at=CRAWLED_AT))
    reasons = reason_texts(derive(row)["score_reasons"])
    assert not any("client" in reason for reason in reasons)


def test_needing_an_id_check_first_costs_a_little():
    assert task(29, 1, tags=["本人確認が必要"]) < task(29, 1)


def test_needing_an_id_check_costs_less_than_a_scam_signal():
    line = "まずはLINEで友だち追加をお願いします。"
    assert task(29, 1, tags=["本人確認が必要"]) > task(29, 1, description=line)


def test_beginner_welcome_ranks_above_no_word():
    assert task(29, 1, tags=["初心者歓迎"]) > task(29, 1)


def test_experienced_only_ranks_below_no_word():
    assert task(29, 1, title="【経験者限定】商品情報のデータ入力作業") < task(29, 1)


def test_a_rank_requirement_ranks_below_no_word():
    assert task(29, 1, tags=["レギュラーランク以上が必要"]) < task(29, 1)


def test_a_manual_helps_a_beginner():
    assert task(29, 1, tags=["マニュアルあり"]) > task(29, 1)


def test_fewer_applicants_per_slot_rank_higher():
    few = score(pay_type="hourly_payment", hourly_min_yen=1500, hourly_max_yen=2000, slots=5, applicants=3)
    many = score(pay_type="hourly_payment", hourly_min_yen=1500, hourly_max_yen=2000, slots=5, applicants=120)
    assert few > many


def test_a_fresh_listing_beats_a_month_old_one():
    fresh = task(29, 1, posted_at="2026-11-01T20:00:00+09:00")
    old = task(29, 1, posted_at="2026-10-01T20:00:00+09:00")
    assert fresh > old


def test_a_listing_closing_in_two_hours_ranks_below_one_with_days_left():
    soon = task(29, 1, deadline="あと2時間")
    later = task(29, 1, deadline="あと6日")
    assert soon < later


def test_higher_writing_rate_ranks_higher():
    cheap = score(pay_type="fixed_price_writing_payment", unit_price_yen=300.0, unit_chars=1000.0)
    fair = score(pay_type="fixed_price_writing_payment", unit_price_yen=1500.0, unit_chars=1000.0)
    assert fair > cheap


def test_an_agency_ad_never_scores_above_ten():
    assert score(pay_type="hourly_payment", hourly_min_yen=5000, hourly_max_yen=8000,
                 client_name="クラウドワークス テック", **VERIFIED_STAR) <= 10


def test_score_stays_within_0_and_100():
    top = task(500, 1, tags=["初心者歓迎", "マニュアルあり"], posted_at="2026-11-02T08:00:00+09:00", **VERIFIED_STAR)
    scams = "LINEで友だち追加をお願いします。初期費用が必要です。権利収入。直接契約でお願いします。"
    bottom = task(1, 60, description=scams, **BAD_CLIENT)
    assert 0 <= bottom <= top <= 100
    assert bottom == 0


# --- client trust: completion is evidence -------------------------------------------------------------
def test_a_client_with_120_orders_and_none_completed_scores_below_an_unknown_one():
    # the mirror's demo case; real CrowdWorks details show such clients (projectFinishedRate 0, 52 jobs)
    assert task(29, 1, client_orders=120, client_completion_rate=0, client_verified=True) < task(29, 1)


def test_under_half_completed_over_ten_orders_is_a_risk_flag():
    row = normalize_gig(Gig(site="crowdworks", listing_id="1", title="データ入力", pay_type="task_payment",
                            unit_price_yen=29, unit_minutes=1, client_orders=50, client_completion_rate=40,
                            client_rating=3.2, crawled_at=CRAWLED_AT))
    out = derive(row)
    assert "unreliable_client" in out["risk_flags"]
    assert "⚠ the client completed 40% of 50 orders: under half" in reason_texts(out["score_reasons"])


def test_many_orders_cannot_lift_an_unreliable_client():
    few = task(29, 1, client_orders=10, client_completion_rate=0)
    many = task(29, 1, client_orders=351, client_completion_rate=0, client_verified=True, client_rating=4.9)
    assert many <= few + 2  # the orders' +0.15, verification and rating are held at the cap


def test_a_low_rate_over_few_orders_is_no_flag_yet():
    row = normalize_gig(Gig(site="crowdworks", listing_id="1", title="データ入力", pay_type="task_payment",
                            unit_price_yen=29, unit_minutes=1, client_orders=3, client_completion_rate=0,
                            crawled_at=CRAWLED_AT))
    assert "unreliable_client" not in derive(row)["risk_flags"]


# --- beginners ---------------------------------------------------------------------------------------------
def test_hourly_beginner_work_ranks_above_a_one_minute_micro_survey():
    hourly = score(pay_type="hourly_payment", hourly_min_yen=1200, hourly_max_yen=1500, slots=3, applicants=9,
                   title="【初心者歓迎】商品データの入力")
    survey = score(site="lancers", pay_type="タスク", price_text="55 円 / 件", slots=1000, applicants=10,
                   title="【所要時間1分】ネットショッピングに関するアンケート【初心者歓迎】")
    assert hourly > survey


def test_the_reasons_say_why_a_gig_is_not_for_beginners():
    row = normalize_gig(Gig(site="crowdworks", listing_id="1", title="【経験者限定】商品情報のデータ入力作業",
                            pay_type="hourly_payment", hourly_min_yen=1500, hourly_max_yen=1500,
                            crawled_at=CRAWLED_AT))
    out = derive(row)
    assert out["beginner_ok"] is False
    assert "not for beginners: asks for experience (経験者限定)" in reason_texts(out["score_reasons"])
