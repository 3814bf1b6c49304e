"""`tanka top` through the CLI, and the profile filter the digest shares."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.queries import open_listings
from tanka.cli import main
from tanka.scoring.profiles import listing_filter, matches_profile, scoring_config_for
from tests.scoring.conftest import CW_URL, LN_URL

ROW = {"site": "crowdworks", "kind": "writing", "category": "記事・ブログ作成", "net_hourly_yen": 1029.6,
       "beginner_ok": True, "title": "【初心者歓迎】筋トレについての記事", "description": "ＳＥＯの知識は不要です"}


def top(store_path: Path, capsys, *args: str) -> str:
    assert main(["top", "--db", str(store_path), *args]) == 0
    return capsys.readouterr().out


def settings_file(tmp_path: Path, profile: str) -> Path:
    path = tmp_path / "tanka.toml"
    path.write_text(f"[profiles.hanako]\nrecipient = \"hanako@example.com\"\n{profile}\n", encoding="utf-8")
    return path


def test_top_ranks_and_explains(store_path, capsys):
    out = top(store_path, capsys, "--limit", "3")
    lines = out.splitlines()
    assert lines[0] == "tanka top — 3 best of 9 open gigs"
    assert "  1. " in out and "why: " in out and "https://" in out


def test_top_shows_net_pay_with_its_basis(store_path, capsys):
    out = top(store_path, capsys, "--site", "crowdworks", "--kind", "admin")
    assert "¥1,459/h net (stated)" in out  # 時給1,700円 × 0.858


def test_top_shows_writing_pay_at_the_writing_speed(store_path, capsys):
    out = top(store_path, capsys, "--kind", "writing")
    assert "¥515/h net (at 500字/h)" in out


def test_top_shows_a_duplicate_once_with_every_link(store_path, capsys):
    out = top(store_path, capsys, "--kind", "writing")
    assert out.count("筋トレに関する記事作成") == 1
    assert "lancers + crowdworks" in out  # the member paying best first: Lancers' fee is the lower
    assert "https://crowdworks.jp/public/jobs/13000001" in out and "https://www.lancers.jp/work/detail/5500001" in out


def test_top_shows_risk_flags(store_path, capsys):
    out = top(store_path, capsys, "--limit", "20")
    assert "⚠ asks to move contact off the platform before the contract" in out


def test_top_marks_shufti_figures_as_estimates(store_path, capsys):
    out = top(store_path, capsys, "--site", "shufti")
    assert "≈¥1,841/h net (site's estimate)" in out  # 500円 in 10 min, counted as 14.5


def test_top_explains_contests_and_fixed_prices(store_path, capsys):
    out = top(store_path, capsys, "--site", "lancers", "--kind", "design")
    assert "contest: ¥411 expected per entry" in out  # 55,000 × 0.935 ÷ (124 entries + 1)
    assert "¥18,700 net fixed, worth it within 16.68 h" in out


def test_top_ranks_a_line_request_below_the_same_clients_clean_task(store_path, capsys):
    out = top(store_path, capsys, "--kind", "data_entry")
    assert out.index("店舗情報のデータ入力") < out.index("レシピのデータ入力")


def test_profile_filters(store_path, tmp_path, capsys):
    config = settings_file(tmp_path, 'beginner_only = true\nsites = ["shufti"]\nmin_net_hourly_yen = 900')
    out = top(store_path, capsys, "--config", str(config), "--profile", "hanako")
    assert "暮らしのアンケート" in out and "商品登録スタッフ" not in out and "crowdworks" not in out


def test_profile_excluded_words(store_path, tmp_path, capsys):
    config = settings_file(tmp_path, 'exclude_words = ["ＬＩＮＥ"]')  # full-width matches half-width
    out = top(store_path, capsys, "--config", str(config), "--profile", "hanako", "--limit", "20")
    assert "レシピのデータ入力" not in out and "店舗情報のデータ入力" in out


def test_profile_writing_speed_reranks_writing_gigs(store_path, tmp_path, capsys):
    config = settings_file(tmp_path, 'categories = ["writing"]\nwriting_speed_chars_per_hour = 2000')
    out = top(store_path, capsys, "--config", str(config), "--profile", "hanako")
    assert "¥2,059/h net (at 2,000字/h)" in out
    assert "writing gigs at 2,000字/h" in out


# --- what may rank: availability, eligibility, beginners ----------------------------------------------------
RANKED = [
    # a one-minute micro-survey and a survey for women only (tasks, beginner_ok), a beginner's hourly job,
    # a task whose every unit is taken (paying far more by its claim), and an experienced-only job
    dict(site="lancers", listing_id="5600001", url=LN_URL + "5600001", pay_type="タスク", price_text="55 円 / 件",
         slots=1000, applicants=10, title="【所要時間1分】ネットショッピングに関するアンケート", category="/work/search/task/monitor"),
    dict(site="lancers", listing_id="5600002", url=LN_URL + "5600002", pay_type="タスク", price_text="330 円 / 件",
         slots=500, applicants=10, title="【女性限定】スキンケアに関するアンケート（所要時間5分）",
         category="/work/search/task/monitor"),
    dict(site="crowdworks", listing_id="13600003", url=CW_URL + "13600003", pay_type="hourly_payment",
         hourly_min_yen=1200, hourly_max_yen=1500, slots=3, applicants=6,
         title="【初心者歓迎】商品データの入力（週10時間〜・在宅）"),
    dict(site="crowdworks", listing_id="13600004", url=CW_URL + "13600004", pay_type="task_payment",
         unit_price_yen=110.0, unit_minutes=1, slots=200, applicants=200, title="【在宅】お店の口コミのデータ入力作業",
         tags=["初心者歓迎"]),
    dict(site="crowdworks", listing_id="13600005", url=CW_URL + "13600005", pay_type="hourly_payment",
         hourly_min_yen=3000, hourly_max_yen=4000, slots=1, applicants=1, title="【経験者限定】Railsアプリの改修"),
]


@pytest.fixture
def ranked_store(tmp_path: Path) -> Path:
    from tests.scoring.conftest import build_store

    return build_store(tmp_path / "ranked.duckdb", RANKED)


def test_a_filled_task_never_appears(ranked_store, capsys):
    assert "お店の口コミのデータ入力作業" not in top(ranked_store, capsys, "--limit", "20")


def test_beginner_keeps_beginner_gigs_only(ranked_store, capsys):
    out = top(ranked_store, capsys, "--beginner", "--limit", "20")
    assert out.splitlines()[0].endswith("· for beginners")
    assert "Railsアプリの改修" not in out and "商品データの入力" in out


def test_beginner_puts_hourly_work_above_a_micro_survey_and_a_restricted_one_last(ranked_store, capsys):
    out = top(ranked_store, capsys, "--beginner", "--limit", "20")
    titles = [line.strip() for line in out.splitlines() if line.startswith("       【")]
    assert titles == ["【初心者歓迎】商品データの入力（週10時間〜・在宅）", "【所要時間1分】ネットショッピングに関するアンケート",
                      "【女性限定】スキンケアに関するアンケート（所要時間5分）"]


def test_a_profile_that_meets_the_condition_ranks_it_by_score(ranked_store, tmp_path, capsys):
    config = settings_file(tmp_path, 'eligible = ["女性"]\nbeginner_only = true')
    out = top(ranked_store, capsys, "--config", str(config), "--profile", "hanako", "--limit", "20")
    assert out.index("スキンケアに関するアンケート") < out.index("ネットショッピングに関するアンケート")
    assert "open to you: 女性限定" in out


def test_unknown_profile_is_one_clear_line(store_path, capsys):
    assert main(["top", "--db", str(store_path), "--profile", "nobody"]) == 1
    assert "no profile 'nobody'" in capsys.readouterr().err


def test_an_empty_store_says_what_to_do(tmp_path, capsys):
    from store import open_store

    with open_store(tmp_path / "empty.duckdb"):
        pass
    out = top(tmp_path / "empty.duckdb", capsys)
    assert "No open gigs match. Run `tanka crawl` first" in out


# --- the filter itself ----------------------------------------------------------------------------------
@pytest.mark.parametrize(("profile", "expected"), [
    ({}, True),
    ({"sites": ["lancers"]}, False),
    ({"categories": ["writing"]}, True),
    ({"categories": ["ブログ"]}, True),  # a word of the site's own category
    ({"categories": ["design"]}, False),
    ({"min_net_hourly_yen": 1000}, True),
    ({"min_net_hourly_yen": 1100}, False),
    ({"beginner_only": True}, True),
    ({"keywords": ["SEO"]}, True),  # full-width ＳＥＯ in the description
    ({"keywords": ["動画"]}, False),
    ({"exclude_words": ["筋トレ"]}, False),
])
def test_matches_profile(profile, expected):
    assert matches_profile(ROW, profile) is expected


def test_unknown_hourly_fails_a_minimum():
    assert matches_profile({**ROW, "net_hourly_yen": None}, {"min_net_hourly_yen": 1}) is False


def test_a_profile_object_works_like_its_table():
    from types import SimpleNamespace

    assert matches_profile(ROW, SimpleNamespace(sites=("crowdworks",), keywords=("記事",))) is True


def test_a_profile_filter_runs_as_sql(memory_db):
    where = listing_filter({"sites": ["shufti"], "categories": ["writing"], "beginner_only": True}, kind="writing")
    assert open_listings(memory_db, where) == []


def test_a_profile_and_the_site_option_narrow_each_other():
    assert listing_filter({"sites": ["shufti", "lancers"]}, site="lancers").sites == ("lancers",)
    assert listing_filter({"sites": ["shufti"]}, site="lancers").sites == ("",)  # nothing matches both
    assert listing_filter(None, kind="survey").kinds == ("survey",)


def test_a_profile_writing_speed_overrides_the_settings():
    assert scoring_config_for({"writing_speed_chars_per_hour": 1000}, {"writing_speed_chars_per_hour": 600}) == {
        "writing_speed_chars_per_hour": 600.0}


# --- deadlines ------------------------------------------------------------------------------------------
def test_a_gig_whose_deadline_has_passed_is_not_ranked(store_path):
    """Still `open` in the store until the next crawl of its site, but nobody can apply any more."""
    from datetime import UTC, datetime, timedelta

    from store import open_store
    from tanka.config import load_config
    from tanka.scoring.top import top_entries

    now = datetime(2026, 11, 10, 3, 0, tzinfo=UTC)
    with open_store(store_path) as con:
        con.execute("UPDATE listings SET deadline = $d WHERE listing_id = '13000004'", {"d": now - timedelta(minutes=1)})
        con.execute("UPDATE listings SET deadline = $d WHERE listing_id = '5500002'", {"d": now + timedelta(minutes=1)})
        ranked = {e["listing_id"] for e in top_entries(con, load_config(None), None, 100, now=now)}
    assert ("13000004" in ranked, "5500002" in ranked) == (False, True)
