"""Raw `Gig` → typed listing row (text, money, dates, vocabularies): normalize.listing."""

from __future__ import annotations

from typing import Any

from tanka.items import Gig
from tanka.normalize.listing import normalize_gig


class NormalizePipeline:
    def process_item(self, item: Gig) -> dict[str, Any]:
        return normalize_gig(item)
