"""Issue 13's "done when" on the real saved pages: every listing of the saved list pages (read in
place from ../shared/fixtures, each at its capture time) stored as a crawl would store it, then
ranked by `tanka top --beginner`.

* the beginner top 10 holds no micro-survey paying ≤ ¥100 a unit, no restricted gig and no used-up task;
* hourly-paid beginner jobs rank above every micro-survey.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from bench.eval import PAGES, fixture_rows
from store.upsert import upsert_listings
from tanka.config import load_config
from tanka.scoring.top import top_entries
from tests.conftest import SHARED_FIXTURES


@pytest.fixture(scope="module")
def ranked() -> list[dict[str, Any]]:
    import duckdb

    from store.migrations import migrate

    missing = [page for page in PAGES if not (SHARED_FIXTURES / page).is_file()]
    if missing:
        pytest.skip(f"real pages {missing} not available: ../shared/fixtures is absent in this checkout")
    rows = list(fixture_rows().values())
    con = duckdb.connect(":memory:")
    try:
        migrate(con)
        upsert_listings(con, rows, run_id=1, now=datetime(2026, 9, 4, tzinfo=UTC))
        return top_entries(con, load_config(None), None, 1000, beginner=True)
    finally:
        con.close()


def micro_survey(entry: dict[str, Any]) -> bool:
    return entry.get("kind") == "survey" and entry.get("unit_price_yen") is not None \
        and entry["unit_price_yen"] <= 100


def test_the_real_pages_give_a_beginner_ranking(ranked):
    assert len(ranked) >= 20


def test_no_micro_survey_no_restricted_gig_and_no_used_up_task_in_the_beginner_top_10(ranked):
    top = ranked[:10]
    assert [e["title"] for e in top if micro_survey(e) or e["restricted"] or e["filled"]] == []


def test_hourly_beginner_jobs_rank_above_micro_surveys(ranked):
    hourly = [n for n, e in enumerate(ranked) if e["pay_type"] == "hourly"]
    surveys = [n for n, e in enumerate(ranked) if micro_survey(e)]
    assert hourly and surveys
    assert max(hourly) < min(surveys)


def test_restricted_gigs_come_after_every_gig_open_to_all(ranked):
    flags = [bool(e["restricted"]) for e in ranked]
    assert flags == sorted(flags)
