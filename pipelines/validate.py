"""The validate pipeline: each typed row checked against the data contract (tanka.normalize.validate),
every problem counted as `tanka/field/<column>/missing|invalid`; never a guessed value."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from tanka.normalize.validate import problems
from tanka.sites import site_names

log = logging.getLogger(__name__)


class ValidatePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        return cls(crawler)

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        if item.get("site") not in site_names() or not item.get("listing_id"):
            self.stats.inc_value("tanka/field/listing_id/invalid")
            self.stats.inc_value("tanka/rejected/no_listing_id")
            raise DropItem(f"listing without a site or id: {item.get('site')!r} {item.get('listing_id')!r}")
        missing, invalid = problems(item)
        for name in missing:
            self.stats.inc_value(f"tanka/field/{name}/missing")
        for name in invalid:
            self.stats.inc_value(f"tanka/field/{name}/invalid")
            log.warning("%s:%s has an invalid %s; stored as unknown", item["site"], item["listing_id"], name)
        return item
