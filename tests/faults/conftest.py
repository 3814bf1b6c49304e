"""Fault tests: crawl a replay mirror that misbehaves (mirror/faults.py) in a real `scrapy crawl`
subprocess, then look at the run's stats, its `partial` flag and what the store holds.

Each site gets one market per test session: a clean crawl of day 0 into a template database, then
the mirror moves on three days (some listings vanish). Every fault scenario copies that database,
sets the mirror's faults, and crawls day 3 — so "no listing closed by a partial run" is checked
against listings a clean run would have closed.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tanka.crawl import MIRROR_PACE, CrawlResult, run_site_crawl
from tanka.mirror.server import Fault, Mirror
from tests.conftest import MIRROR_START, query

# Enough for two list pages on each site (CrowdWorks shows 50 a page, Lancers 30).
LISTINGS = {"crowdworks": 60, "lancers": 40}
# Short timeouts and waits, so that every fault costs seconds, not minutes.
FAST = {
    "DOWNLOAD_TIMEOUT": 2,
    "RETRY_TIMES": 1,
    "TANKA_BACKOFF_BASE": 0.2,
    "TANKA_MAX_RETRY_AFTER": 5,
    "TANKA_MAX_DETAIL_REFUSALS": 3,
}
RUN_COLUMNS = ("run_id", "finish_reason", "items", "errors", "complete_scopes", "closed_unseen", "partial", "stats")


@dataclass
class Market:
    site: str
    mirror: Mirror
    template: Path | None  # the day-0 database (None: crawls start empty)
    open_before: set[str]  # open listings of day 0 (stored by the clean crawl)

    @property
    def open_now(self) -> set[str]:
        return {str(g.id) for g in self.mirror.world.open_gigs(self.site, self.mirror.day)}

    @property
    def vanished(self) -> set[str]:
        return self.open_before - self.open_now


@dataclass
class Outcome:
    market: Market
    db: Path
    result: CrawlResult
    run: dict[str, Any]
    faults: list[Fault]
    requests: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def stats(self) -> dict[str, Any]:
        return self.run["stats"]

    def statuses(self) -> dict[str, str]:
        return dict(query(self.db, "SELECT listing_id, status FROM listings WHERE site = $site", site=self.market.site))


def last_run(db: Path) -> dict[str, Any]:
    row = query(db, f"SELECT {', '.join(RUN_COLUMNS)} FROM crawl_runs ORDER BY run_id DESC LIMIT 1")[0]
    run = dict(zip(RUN_COLUMNS, row, strict=True))
    run["stats"] = json.loads(run["stats"]) if run["stats"] else {}
    return run


def crawl(site: str, mirror: Mirror, db: Path, settings: dict[str, Any] | None = None, timeout: float = 120,
          **spider_args: Any) -> CrawlResult:
    spider_args.setdefault("max_pages", 0)
    return run_site_crawl(site, db, settings={**mirror.base_urls, **MIRROR_PACE, **FAST, **(settings or {})},
                          spider_args=spider_args, timeout=timeout, log_dir=db.parent / "logs")


def _market(site: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Market]:
    mirror = Mirror(seed=11, listings=LISTINGS[site], start_date=MIRROR_START, sites=[site]).start()
    template = tmp_path_factory.mktemp(f"{site}-market") / "day0.duckdb"
    try:
        crawl(site, mirror, template)
        open_before = {str(g.id) for g in mirror.world.open_gigs(site, 0)}
        mirror.advance(3)
        yield Market(site, mirror, template, open_before)
    finally:
        mirror.stop()


@pytest.fixture(scope="session")
def crowdworks_market(tmp_path_factory) -> Iterator[Market]:
    yield from _market("crowdworks", tmp_path_factory)


@pytest.fixture(scope="session")
def lancers_market(tmp_path_factory) -> Iterator[Market]:
    yield from _market("lancers", tmp_path_factory)


def crawl_with_faults(market: Market, faults: list[Fault], tmp_path: Path, settings: dict[str, Any] | None = None,
                      before: Callable[[Path], None] | None = None, start_empty: bool = False,
                      **spider_args: Any) -> Outcome:
    """Copy the market's day-0 database (`start_empty`: none), let `before` change the copy, crawl
    today's market through `faults`, and collect the run."""
    db = tmp_path / "tanka.duckdb"
    if not start_empty:
        shutil.copy(market.template, db)
    if before is not None:
        before(db)
    market.mirror.faults = list(faults)
    with market.mirror._lock:
        market.mirror.requests.clear()
    try:
        result = crawl(market.site, market.mirror, db, settings, **spider_args)
    finally:
        market.mirror.faults = []
    with market.mirror._lock:
        requests = list(market.mirror.requests)
    return Outcome(market, db, result, last_run(db), faults, requests)


def corrupt_rows(db: Path) -> list[tuple[Any, ...]]:
    """Stored listings that break the data contract: duplicate keys, replacement characters,
    impossible amounts, rows without the values every listing has."""
    return query(db, """
        SELECT site, listing_id, 'duplicate key' FROM listings GROUP BY site, listing_id HAVING count(*) > 1
        UNION ALL
        SELECT site, listing_id, 'mojibake' FROM listings
        WHERE contains(coalesce(title, '') || coalesce(description, '') || coalesce(client_name, ''), '\ufffd')
        UNION ALL
        SELECT site, listing_id, 'missing basics' FROM listings
        WHERE url IS NULL OR title IS NULL OR status NOT IN ('open', 'closed') OR first_seen_at IS NULL
        UNION ALL
        SELECT site, listing_id, 'impossible amount' FROM listings
        WHERE least(budget_min_yen, budget_max_yen, hourly_min_yen, hourly_max_yen, unit_price_yen) < 0
           OR budget_min_yen > budget_max_yen OR hourly_min_yen > hourly_max_yen
        UNION ALL
        SELECT s.site, s.listing_id, 'orphan snapshot' FROM listing_snapshots s
        ANTI JOIN listings l USING (site, listing_id)
    """)
