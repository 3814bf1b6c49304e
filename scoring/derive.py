"""Derived columns of one listing. (Placeholder until the scoring issue lands: nothing is guessed.)"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from items import HourlyBasis

DERIVED_COLUMNS = ("kind", "yen_per_char", "unit_price_source", "net_hourly_yen", "hourly_basis",
                   "break_even_hours", "score", "score_reasons", "risk_flags")


def derive(row: dict[str, Any], config: Any = None, now: datetime | None = None) -> dict[str, Any]:
    return {"kind": None, "yen_per_char": None, "unit_price_source": None, "net_hourly_yen": None,
            "hourly_basis": HourlyBasis.UNKNOWN.value, "break_even_hours": None, "score": None,
            "score_reasons": [], "risk_flags": []}
