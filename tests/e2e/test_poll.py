"""A quick poll on the replay mirror: after a full crawl, the mirror posts two listings; the poll
reads list pages until one holds nothing new, fetches the two new listings' detail pages (for an
alerting profile that wants everything) and nothing else; without an alerting profile it fetches
none and leaves them to the next full crawl, which then does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tanka.crawl import MIRROR_PACE, run_site_crawl
from tests.conftest import crawl_mirror, query

pytestmark = pytest.mark.e2e


def poll(mirror, db: Path, config: Path) -> dict:
    result = run_site_crawl("crowdworks", db, settings={**mirror.base_urls, **MIRROR_PACE},
                            spider_args={"poll": 1}, timeout=120, log_dir=db.parent / "logs", config_path=config)
    assert result.ok, result.summary()
    return json.loads(result.run["stats"])


def settings(tmp_path: Path, alert: bool) -> Path:
    path = tmp_path / f"tanka-{alert}.toml"
    path.write_text(f'[profiles.demo]\nrecipient = "a@example.com"\nalert = {str(alert).lower()}\nalert_min_score = 0\n',
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("alert", [True, False])
def test_a_poll_reads_the_first_pages_and_fetches_only_new_listings(start_mirror, tmp_path: Path, alert: bool) -> None:
    mirror = start_mirror(listings=200, sites=["crowdworks"])
    db = tmp_path / "t.duckdb"
    assert crawl_mirror("crowdworks", mirror, db).ok
    posted = [mirror.post_new()[0][1] for _ in range(2)]
    before = len(mirror.requests)
    stats = poll(mirror, db, settings(tmp_path, alert))
    requests = [path for _, path, _ in mirror.requests[before:]]
    assert stats["tanka/poll"] == 1 and stats["tanka/seen/new"] == 2, {k: v for k, v in stats.items() if k.startswith("tanka")}
    assert stats["tanka/list/pages"] == 2 and stats.get("tanka/list/stopped_nothing_new") == 1, {k: v for k, v in stats.items() if k.startswith("tanka")}
    details = sorted(p for p in requests if p.startswith("/public/jobs/") and "search" not in p)
    if alert:
        assert details == sorted(f"/public/jobs/{i}" for i in posted)
        assert len(requests) <= 10
    else:
        assert details == [] and stats["tanka/detail/deferred"] >= 2
    assert query(db, "SELECT kind FROM crawl_runs ORDER BY run_id") == [("crawl",), ("poll",)]
    stored = query(db, "SELECT listing_id, detail_status, list_hash IS NULL FROM listings WHERE listing_id IN "
                       "(SELECT unnest($ids))", ids=[str(i) for i in posted])
    assert {status for _, status, _ in stored} == ({"fetched"} if alert else {"deferred"})
    if not alert:  # the next full crawl fetches what the poll deferred
        before = len(mirror.requests)
        assert crawl_mirror("crowdworks", mirror, db).ok
        fetched = {p for _, p, _ in mirror.requests[before:]}
        assert {f"/public/jobs/{i}" for i in posted} <= fetched
        assert {row[1] for row in query(db, "SELECT listing_id, detail_status FROM listings WHERE listing_id IN "
                                            "(SELECT unnest($ids))", ids=[str(i) for i in posted])} == {"fetched"}
