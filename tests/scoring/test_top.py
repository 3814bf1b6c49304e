"""`tanka top` through the CLI, and the profile filter the digest shares."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.queries import open_listings
from tanka.cli import main
from tanka.scoring.profiles import listing_filter, matches_profile, scoring_config_for

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
    assert "¥1,030/h net (at 1,000字/h)" in out


def test_top_shows_a_duplicate_once_with_every_link(store_path, capsys):
    out = top(store_path, capsys, "--kind", "writing")
    assert out.count("筋トレに関する記事作成") == 1
    assert "crowdworks + lancers" in out
    assert "https://crowdworks.jp/public/jobs/13000001" in out and "https://www.lancers.jp/work/detail/5500001" in out


def test_top_shows_risk_flags(store_path, capsys):
    out = top(store_path, capsys, "--limit", "20")
    assert "⚠ asks to move contact off the platform before the contract" in out


def test_top_marks_shufti_figures_as_estimates(store_path, capsys):
    out = top(store_path, capsys, "--site", "shufti")
    assert "≈¥2,670/h net (site's estimate)" in out


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
