"""Derived columns (net unit prices, net hourly, risk flags, score): scoring.derive.

A listing read without its detail page (items.PARTIAL_DETAIL) is left to the store, which
derives it once from the merge with its stored detail values.
"""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler

from tanka.config import load_config
from tanka.items import PARTIAL_DETAIL
from tanka.scoring import derive


class ScorePipeline:
    def __init__(self, scoring_config: Any) -> None:
        self.scoring_config = scoring_config

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ScorePipeline:
        return cls(load_config(crawler.settings.get("TANKA_CONFIG")).scoring)

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        if item.get("detail_status") not in PARTIAL_DETAIL:
            item.update(derive(item, self.scoring_config))
        return item
