"""Scrapy extension: machine-readable progress lines for `tanka crawl` (TANKA_PROGRESS=jsonl).

Each line on stdout is one JSON object: {"site", "run_id", "pid", "pages", "listings", "new",
"changed", "details", "errors", "done", "reason"}. Scrapy's own log stays on stderr.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task

INTERVAL_SECONDS = 1.0


def progress_of(site: str, stats: dict[str, Any]) -> dict[str, Any]:
    return {
        "site": site,
        "run_id": stats.get("tanka/run_id"),
        "pid": os.getpid(),
        "pages": int(stats.get("tanka/list/pages", 0)),
        "listings": int(stats.get("item_scraped_count", 0)),
        "new": int(stats.get("tanka/seen/new", 0)),
        "changed": int(stats.get("tanka/seen/changed", 0)),
        "details": int(stats.get("tanka/detail/fetched", 0)),
        "errors": int(stats.get("log_count/ERROR", 0)),
    }


class ProgressReporter:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressReporter:
        if crawler.settings.get("TANKA_PROGRESS") != "jsonl":
            raise NotConfigured
        reporter = cls(crawler)
        crawler.signals.connect(reporter.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(reporter.spider_closed, signal=signals.spider_closed)
        return reporter

    def _emit(self, **extra: Any) -> None:
        line = progress_of(self.crawler.spider.name, self.crawler.stats.get_stats()) | extra
        sys.stdout.write(json.dumps(line) + "\n")
        sys.stdout.flush()

    def spider_opened(self, spider: Any) -> None:
        self.loop = task.LoopingCall(self._emit)
        self.loop.start(INTERVAL_SECONDS, now=True)

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self.loop and self.loop.running:
            self.loop.stop()
        self._emit(done=True, reason=reason)
