"""Drop a listing seen twice in one listing set of one run (PR slots, pages that shifted)."""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from tanka.items import Gig


class DedupePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.seen: set[tuple[str, str, str | None]] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        return cls(crawler)

    def process_item(self, item: Gig) -> Gig:
        key = (item.site, item.listing_id, item.scope)
        if key in self.seen:
            self.stats.inc_value("tanka/duplicates_dropped")
            raise DropItem(f"duplicate listing {item.site}:{item.listing_id} in {item.scope}")
        self.seen.add(key)
        return item
