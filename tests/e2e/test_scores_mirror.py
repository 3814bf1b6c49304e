"""Issue 13's demo cases, crawled from the replay mirror like `make demo` (a real `scrapy crawl` of
CrowdWorks and Lancers over HTTP into DuckDB), each scored right; then the beginner ranking and a
digest over the same database.

The cases are the mirror's DEMO_CASES (tanka/mirror/world.py): a 3,000-word translation for
3,000円, a 7円 article of 2,000字, tasks whose every unit is taken, a client with 120 orders and
0% completed, the three scam phrasings, a one-minute 55円 survey, a survey for women only and a
beginner's hourly job.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from store import connect
from tanka.config import load_config
from tanka.digest.build import build_digest
from tanka.digest.profile import load_profile
from tanka.digest.render import subject
from tanka.mirror.server import Mirror
from tanka.normalize.dates import TOKYO
from tanka.scoring.reasons import reason_texts
from tanka.scoring.top import top_entries
from tests.conftest import crawl_mirror, query

pytestmark = pytest.mark.e2e

SITES = ["crowdworks", "lancers"]


@pytest.fixture(scope="module")
def market(tmp_path_factory) -> dict[str, Any]:
    db = tmp_path_factory.mktemp("scores") / "tanka.duckdb"
    with Mirror(seed=1, listings=300, start_date=datetime.now(TOKYO).date(), sites=SITES) as mirror:
        for site in SITES:
            crawl_mirror(site, mirror, db)
        ids = {(site, case.name): str(mirror.world.demo_id(site, case.name))
               for site in SITES for case in mirror.world.demo_cases(site)}
    return {"db": db, "ids": ids}


def row(market: dict[str, Any], site: str, case: str) -> dict[str, Any]:
    listing_id = market["ids"][(site, case)]
    con = connect(market["db"], read_only=True)
    try:
        cursor = con.execute("SELECT * FROM listings WHERE site = $site AND listing_id = $id",
                             {"site": site, "id": listing_id})
        names = [d[0] for d in cursor.description]
        return dict(zip(names, cursor.fetchall()[0], strict=True))
    finally:
        con.close()


def test_every_demo_case_was_crawled(market):
    stored = {(s, i) for s, i in query(market["db"], "SELECT site, listing_id FROM listings")}
    assert {(site, listing_id) for (site, _), listing_id in market["ids"].items()} <= stored


def test_a_3000_word_translation_for_3000_yen_is_not_the_best_pay_in_the_database(market):
    translation = row(market, "crowdworks", "translation_3000_words")
    best = query(market["db"], "SELECT max(net_hourly_yen) FROM listings")[0][0]
    assert translation["net_hourly_yen"] == 257.4  # 3,000 words take 10 h at 300 words/h, not 30 min
    assert translation["net_hourly_yen"] < best
    assert "below_market" in translation["risk_flags"]
    assert any("3,000 words at 300 words/h" in r for r in reason_texts(translation["score_reasons"]))


def test_a_7_yen_article_of_2000_chars_is_flagged_not_worth_it_within_a_minute(market):
    article = row(market, "lancers", "article_7_yen")
    assert (article["yen_per_char"], article["hourly_basis"]) == (0.0035, "writing_speed")
    assert "below_market" in article["risk_flags"]
    assert not any("worth it if done within 1 min" in r for r in reason_texts(article["score_reasons"]))


@pytest.mark.parametrize("site", SITES)
def test_used_up_tasks_are_filled(market, site):
    used_up = row(market, site, "used_up_task")
    assert (used_up["filled"], used_up["earnable_net_yen"]) == (True, 0)


def test_a_client_with_120_orders_and_none_completed_scores_below_neutral(market):
    job = row(market, "crowdworks", "unfinished_client")
    assert (job["client_orders"], job["client_completion_rate"]) == (120, 0.0)
    assert "unreliable_client" in job["risk_flags"]
    assert "⚠ the client completed 0% of 120 orders: under half" in reason_texts(job["score_reasons"])


@pytest.mark.parametrize(("site", "case", "flag"), [
    ("crowdworks", "manual_fee", "upfront_payment"), ("lancers", "manual_fee", "upfront_payment"),
    ("crowdworks", "tool_purchase", "upfront_payment"),
    ("crowdworks", "email_first", "off_platform_contact"), ("lancers", "email_first", "off_platform_contact"),
])
def test_the_three_scam_phrasings_are_flagged(market, site, case, flag):
    scam = row(market, site, case)
    assert flag in scam["risk_flags"] and scam["beginner_ok"] is False


@pytest.mark.parametrize("site", SITES)
def test_the_women_only_survey_is_restricted(market, site):
    survey = row(market, site, "women_only_survey")
    assert (survey["restricted"], survey["restrictions"]) == (True, ["女性限定"])


# ----- the beginner ranking and the digest over the whole mirror ------------------------------------------------
@pytest.fixture(scope="module")
def beginner_top(market) -> list[dict[str, Any]]:
    con = connect(market["db"], read_only=True)
    try:
        return top_entries(con, load_config(None), None, 10, beginner=True)
    finally:
        con.close()


def micro_survey(entry: dict[str, Any]) -> bool:
    return entry.get("kind") == "survey" and (entry.get("unit_price_yen") or 10**9) <= 100


def test_the_beginner_top_10_holds_no_micro_survey_no_restricted_and_no_used_up_gig(beginner_top):
    assert len(beginner_top) == 10
    assert [e["title"] for e in beginner_top if micro_survey(e) or e["restricted"] or e["filled"]] == []


def test_the_beginners_hourly_job_ranks_above_every_micro_survey(market):
    con = connect(market["db"], read_only=True)
    try:
        ranked = top_entries(con, load_config(None), None, 1000, beginner=True)
    finally:
        con.close()
    titles = [e["title"] for e in ranked]
    hourly = titles.index("【初心者歓迎】商品データの入力（週10時間〜・在宅）")
    assert all(titles.index(e["title"]) > hourly for e in ranked if micro_survey(e))


def test_the_demo_digest_shows_no_filled_gig_and_warns_of_the_scams(market):
    config = load_config(None)
    con = connect(market["db"], read_only=True)
    try:
        digest = build_digest(con, config, load_profile(config, "demo"), datetime.now(TOKYO))
    finally:
        con.close()
    picked = {(g.site, g.listing_id) for g in digest.gigs}
    assert not picked & {(site, market["ids"][(site, "used_up_task")]) for site in SITES}
    warned = {w.title for w in digest.watch_out}
    assert "【初心者歓迎】在宅データ入力スタッフ募集" in warned or "【未経験OK】商品リサーチのお仕事" in warned
    best = max(g.net_hourly for g in digest.gigs if g.net_hourly)
    assert f"best ¥{round(best):,}/h" in subject(digest)
