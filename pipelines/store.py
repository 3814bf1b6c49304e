"""Write listing rows to DuckDB in Arrow batches, and record the crawl run.

The file is opened only for each flush and for the run's start and end, so that `tanka sql`
and the digest can read between flushes (DuckDB allows one writing process and no readers
meanwhile). A batch that cannot be written is kept and retried; if the store still refuses it
at the end, the rows are saved as JSON lines under data/unsaved/ and the run is marked failed,
so nothing is lost.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, NotConfigured

from store import DatabaseLocked, open_store
from store.dupes import assign_dup_groups
from store.locks import AlreadyRunning, ProcessLock, crawl_lock
from store.rescore import rescore
from store.runs import RunOutcome, finish_run, mark_abandoned, start_run
from store.upsert import upsert_listings
from tanka import logs
from tanka.config import load_config
from tanka.items import PARTIAL_DETAIL

log = logging.getLogger(__name__)


class StorePipeline:
    def __init__(self, crawler: Crawler, db_path: str, batch_size: int) -> None:
        self.crawler = crawler
        self.scoring_config = load_config(crawler.settings.get("TANKA_CONFIG")).scoring
        self.stats = crawler.stats
        self.db_path = db_path
        self.batch_size = batch_size
        self.buffer: list[dict[str, Any]] = []
        self.run_id: int | None = None
        self.started_at = datetime.now(UTC)
        self.failed_flushes = 0
        self.lock: ProcessLock | None = None  # this site's crawl lock, held from open to close
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        db_path = crawler.settings.get("TANKA_DB")
        if not db_path:
            raise NotConfigured("TANKA_DB is not set")
        return cls(crawler, db_path, crawler.settings.getint("TANKA_STORE_BATCH", 2000))

    @property
    def site(self) -> str:
        return self.crawler.spider.name

    def open_spider(self) -> None:
        spider = self.crawler.spider
        scopes = [spider.scope_name(name) for name in spider.list_names()]
        logs.set_process_context(site=self.site)
        # Held for the life of this process: a second crawl of the site would judge this one's
        # listings unseen. The kernel drops it if the process dies, even by kill -9.
        self.lock = crawl_lock(self.db_path, self.site)
        try:
            self.lock.acquire(by=os.environ.get("TANKA_STARTED_BY", "scrapy crawl"))
        except AlreadyRunning as error:
            self.stats.set_value("tanka/refused", str(error))
            raise CloseSpider(f"already_running: {error}") from None
        try:
            with open_store(self.db_path) as con:
                # Holding the site's lock, any run of the site still marked running is dead.
                abandoned = mark_abandoned(con, self.started_at, site=self.site)
                self.run_id = start_run(con, self.site, scopes, self.started_at,
                                        kind="poll" if getattr(spider, "poll", False) else "crawl")
        except DatabaseLocked as error:
            raise CloseSpider(f"store unavailable: {error}") from None
        if abandoned:
            log.warning("%d earlier %s run(s) had died without finishing: marked abandoned", abandoned, self.site)
        logs.set_process_context(run_id=self.run_id)
        self.stats.set_value("tanka/run_id", self.run_id)

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        self.buffer.append(item)
        if len(self.buffer) >= self.batch_size:
            self.flush(wait_seconds=5)
        return item

    def flush(self, wait_seconds: float) -> bool:
        if not self.buffer:
            return True
        try:
            with open_store(self.db_path, wait_seconds=wait_seconds) as con:
                # Stamped once the file is ours: a digest built while we waited must not miss these rows.
                now = datetime.now(UTC)
                result = upsert_listings(con, self.buffer, run_id=self.run_id, now=now)
                # Rows that merged detail values kept from an earlier crawl: derive from the merge.
                merged = [(r["site"], r["listing_id"]) for r in self.buffer
                          if r.get("detail_status") in PARTIAL_DETAIL]
                rescore(con, keys=merged, config=self.scoring_config)
        except DatabaseLocked as error:
            self.failed_flushes += 1
            self.stats.inc_value("tanka/store/flush_deferred")
            log.warning("store busy, keeping %d rows for the next flush: %s", len(self.buffer), error)
            return False
        for name in ("new", "changed", "unchanged", "snapshots"):
            self.stats.inc_value(f"tanka/listings/{name}", getattr(result, name))
        self.stats.inc_value("tanka/store/rows_written", len(self.buffer))
        self.buffer.clear()
        return True

    def close_spider(self) -> None:
        if not self.flush(wait_seconds=120):
            self._save_unsaved()

    def _save_unsaved(self) -> None:
        folder = Path(self.db_path).parent / "unsaved"
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{self.site}-{self.started_at:%Y%m%dT%H%M%S}.jsonl"
        with target.open("w", encoding="utf-8") as handle:
            for row in self.buffer:
                handle.write(json.dumps(row["raw"], ensure_ascii=False, default=str) + "\n")
        self.stats.inc_value("tanka/errors/store_unavailable")
        log.error("the store stayed locked: %d rows saved to %s (load them with `tanka load %s`)",
                  len(self.buffer), target, target)
        self.buffer.clear()

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self.run_id is None:
            return
        stats = self.stats.get_stats()
        errors = int(stats.get("log_count/ERROR", 0))
        outcome = RunOutcome(
            run_id=self.run_id, finish_reason=reason,
            items=int(stats.get("item_scraped_count", 0)),
            new_listings=int(stats.get("tanka/listings/new", 0)),
            changed=int(stats.get("tanka/listings/changed", 0)),
            errors=errors, pages=int(stats.get("tanka/list/pages", 0)),
            complete_scopes=spider.complete_scopes(), stats=stats,
        )
        try:
            with open_store(self.db_path, wait_seconds=120) as con:
                closed = finish_run(con, outcome, self.site, self.started_at, datetime.now(UTC))
                self.stats.set_value("tanka/listings/duplicates", assign_dup_groups(con))
        except DatabaseLocked as error:
            log.error("could not record the end of run %s: %s", self.run_id, error)
            return
        finally:
            if self.lock:
                self.lock.release()
        self.stats.set_value("tanka/listings/closed", closed)
        log.info("run %s ended (%s): %d listings, %d new, %d changed, %d closed, %d pages, %d errors",
                 self.run_id, reason, outcome.items, outcome.new_listings, outcome.changed, closed,
                 outcome.pages, errors)
