"""derive(): the contract with the pipelines, the store and `tanka rescore`."""

from __future__ import annotations

import importlib
import tomllib
from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from tanka.config import DEFAULTS
from tanka.items import Gig, HourlyBasis
from tanka.normalize.listing import normalize_gig
from tanka.scoring import DERIVED_COLUMNS, derive
from tanka.scoring.reasons import reason_texts
from tanka.scoring.settings import ScoringSettings, settings_from
from tanka.scoring.taxonomy import KINDS

CRAWLED_AT = "2026-11-02T09:00:00+09:00"


def row_of(**values) -> dict:
    return normalize_gig(Gig(**{"site": "crowdworks", "listing_id": "1", "crawled_at": CRAWLED_AT, **values}))


WRITING = row_of(pay_type="fixed_price_writing_payment", unit_price_yen=600.0, unit_chars=500.0,
                 title="【初心者歓迎】筋トレについての記事")


def test_returns_every_derived_column():
    assert set(derive(WRITING)) >= set(DERIVED_COLUMNS)


def test_is_deterministic():
    assert derive(WRITING) == derive(WRITING)


def test_deriving_twice_in_place_changes_nothing():
    # the score pipeline updates the item in place; `tanka load` derives stored rows again
    row = row_of(pay_type="fixed_price_payment", budget_max_yen=5000.0, title="【1本2500円】YouTubeショート動画編集")
    once = derive(row)
    row.update(once)
    assert derive(row) == once


def test_a_text_unit_price_is_returned_as_unit_price_yen():
    row = row_of(pay_type="fixed_price_payment", budget_max_yen=5000.0, title="【1本2500円】YouTubeショート動画編集")
    assert (derive(row)["unit_price_yen"], derive(row)["unit_price_source"]) == (2500, "title")


def test_a_structured_unit_price_is_left_to_normalize():
    assert "unit_price_yen" not in derive(WRITING)


def test_writing_speed_is_a_setting():
    fast = derive(WRITING, {"writing_speed_chars_per_hour": 1000})
    assert derive(WRITING)["net_hourly_yen"] == fast["net_hourly_yen"] / 2


def test_the_benchmark_is_a_setting():
    fixed = row_of(pay_type="fixed_price_payment", budget_min_yen=10000.0, budget_max_yen=30000.0)
    assert derive(fixed, {"benchmark_wage_yen": 858})["break_even_hours"] == 10.0


def test_shufti_net_figures_are_estimates():
    row = row_of(site="shufti", pay_type="1", unit_price_yen="100", site_hourly_yen=400)
    assert (derive(row)["net_is_estimate"], derive(WRITING)["net_is_estimate"]) == (True, False)


def test_pay_bands_follow_the_benchmark():
    def band(wage: int) -> str:
        return derive(row_of(pay_type="hourly_payment", hourly_min_yen=wage, hourly_max_yen=wage))["pay_band"]

    # net = 0.858 × wage; bands at 0.5, 1.0 and 1.5 × 1,121円
    assert [band(w) for w in (600, 1000, 1400, 2000)] == ["red", "amber", "green", "highlight"]


def test_uses_the_crawl_time_not_the_clock():
    row = row_of(pay_type="task_payment", unit_price_yen=30.0, unit_minutes=1, posted_at="2026-11-01T10:00:00+09:00")
    assert derive(row) == derive(row, now=datetime.fromisoformat(CRAWLED_AT))


def test_code_defaults_equal_defaults_toml():
    scoring = tomllib.loads(DEFAULTS.read_text(encoding="utf-8"))["scoring"]
    defaults = ScoringSettings()
    from_file = settings_from({**scoring, "fees": {}})
    assert (from_file.writing_speed, from_file.benchmark_yen, from_file.benchmark_label, from_file.contest_hours) == \
        (defaults.writing_speed, defaults.benchmark_yen, defaults.benchmark_label, defaults.contest_hours)


def test_a_failure_inside_scoring_keeps_the_listing(monkeypatch, caplog):
    module = importlib.import_module("tanka.scoring.derive")  # `scoring.derive` the attribute is the function

    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(module, "compute_pay", broken)
    out = derive(WRITING)
    assert (out["score"], out["hourly_basis"], reason_texts(out["score_reasons"])) == (
        None, "unknown", ["could not be scored (see the crawl log)"])
    assert "scoring failed for crowdworks:1" in caplog.text


# --- any row at all -----------------------------------------------------------------------------------
# Finite: normalize_gig itself cannot take an infinite count (reported to the lead).
MONEY = st.one_of(st.none(), st.integers(-10, 10**7), st.floats(allow_nan=True, allow_infinity=False),
                  st.sampled_from(["1,000", "１万円", "", "-5", "abc"]))
RAW = st.fixed_dictionaries({
    "site": st.sampled_from(["crowdworks", "lancers", "shufti"]),
    "listing_id": st.just("1"),
    "title": st.one_of(st.none(), st.text(max_size=60)),
    "description": st.one_of(st.none(), st.text(max_size=200)),
    "pay_type": st.one_of(st.none(), st.sampled_from(["task_payment", "hourly_payment", "fixed_price_payment",
                                                      "fixed_price_writing_payment", "competition_payment", "1",
                                                      "2", "コンペ", "タスク", "プロジェクト", "?"])),
    "price_text": st.one_of(st.none(), st.text(max_size=30)),
    "budget_min_yen": MONEY, "budget_max_yen": MONEY, "hourly_min_yen": MONEY, "hourly_max_yen": MONEY,
    "unit_price_yen": MONEY, "unit_minutes": MONEY, "unit_chars": MONEY, "site_hourly_yen": MONEY,
    "applicants": MONEY, "slots": MONEY, "contracts": MONEY,
    "client_rating": MONEY, "client_orders": MONEY, "client_completion_rate": MONEY,
    "client_verified": st.one_of(st.none(), st.booleans()),
    "tags": st.lists(st.text(max_size=10), max_size=4),
    "deadline": st.one_of(st.none(), st.sampled_from(["あと6日", "あと2時間", "--", "2026-11-01"])),
    "crawled_at": st.one_of(st.none(), st.just(CRAWLED_AT)),
})


@settings(max_examples=300, deadline=None)
@given(RAW)
def test_any_row_gets_sane_derived_values(raw):
    out = derive(normalize_gig(Gig(**raw)))
    assert out["score"] is not None and 0 <= out["score"] <= 100
    assert out["kind"] in KINDS
    assert out["hourly_basis"] in {b.value for b in HourlyBasis}
    for name in ("yen_per_char", "net_hourly_yen", "break_even_hours", "net_unit_yen", "net_budget_min_yen",
                 "net_budget_max_yen", "expected_value_yen"):
        assert out[name] is None or out[name] >= 0, name
    if out["net_budget_min_yen"] is not None and out["net_budget_max_yen"] is not None:
        assert out["net_budget_min_yen"] <= out["net_budget_max_yen"]
    assert (out["net_hourly_yen"] is None) == (out["hourly_basis"] == "unknown")


ODD = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**12), st.floats(), st.text(max_size=8),
                st.lists(st.text(max_size=3), max_size=2), st.dictionaries(st.text(max_size=3), st.text(max_size=3)))


@settings(max_examples=300, deadline=None)
@given(st.fixed_dictionaries({name: ODD for name in (
    "site", "pay_type", "title", "description", "category", "tags", "budget_min_yen", "budget_max_yen",
    "hourly_min_yen", "hourly_max_yen", "unit_price_yen", "unit_minutes", "unit_chars", "site_hourly_yen",
    "applicants", "slots", "contracts", "client_name", "client_rating", "client_orders", "client_completion_rate",
    "client_verified", "posted_at", "deadline", "raw")}))
def test_odd_typed_values_are_scored_not_crashed_on(values):
    out = derive({"listing_id": "1", "crawled_at": CRAWLED_AT, **values})
    assert out["score"] is not None and 0 <= out["score"] <= 100


def test_a_site_without_fee_rules_is_scored_on_gross_pay_as_an_estimate():
    out = derive(row_of(site="coconala", pay_type="hourly_payment", hourly_min_yen=1500, hourly_max_yen=1500))
    assert (out["net_hourly_yen"], out["net_is_estimate"]) == (1500.0, True)


# --- the site's own 文字単価 (Lancers: `~ 5,000 円 / 固定 0.33 円 / 文字`) ------------------------------------
def lancers_card(**raw):
    return normalize_gig(Gig(**{"site": "lancers", "listing_id": "5425365", "pay_type": "プロジェクト",
                                "title": "【初心者の主婦の方歓迎！】記事を作成しながらライティング技術を学べます! 1文字1円",
                                "crawled_at": CRAWLED_AT, **raw}))


def test_the_sites_own_rate_beats_one_guessed_from_the_title():
    out = derive(lancers_card(yen_per_char="0.33", price_text="~ 5,000 円 / 固定 0.33 円 / 文字"))
    assert (out["yen_per_char"], out["unit_price_source"], out["hourly_basis"]) == (0.33, "structured", "writing_speed")


def test_the_sites_rate_is_read_from_the_price_display_when_the_field_is_absent():
    out = derive(lancers_card(price_text="~ 5,000 円 / 固定 0.33 円 / 文字"))
    assert (out["yen_per_char"], out["unit_price_source"]) == (0.33, "structured")


def test_without_the_sites_rate_the_title_still_gives_one():
    out = derive(lancers_card(price_text="~ 5,000 円 / 固定"))
    assert (out["yen_per_char"], out["unit_price_source"]) == (1.0, "title")


def test_deriving_a_row_with_the_sites_rate_twice_changes_nothing():
    row = lancers_card(yen_per_char="0.33", price_text="~ 5,000 円 / 固定 0.33 円 / 文字")
    once = derive(row)
    row.update(once)
    assert derive(row) == once
