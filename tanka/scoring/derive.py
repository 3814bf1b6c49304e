"""The derived columns of one listing: kind, unit prices, net pay, risk flags, score and reasons.

`derive(row, config, now)` is called by the crawl's score pipeline, by `tanka parse` and by
`tanka rescore`. It is pure (no I/O, no clock unless the row has no crawl time), fast, and never
raises: a row it cannot make sense of gets `hourly_basis = 'unknown'` and a low, explained score.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from tanka.items import HourlyBasis
from tanka.normalize.dates import parse_instant
from tanka.normalize.text import nfkc
from tanka.scoring.eligibility import restrictions, unmet
from tanka.scoring.hourly import compute_pay
from tanka.scoring.reasons import encode, reason
from tanka.scoring.risk import PayFacts, find_flags
from tanka.scoring.score import Listing, judge
from tanka.scoring.settings import settings_from
from tanka.scoring.taxonomy import classify
from tanka.scoring.volume import earnable

log = logging.getLogger(__name__)

DERIVED_COLUMNS = ("kind", "yen_per_char", "unit_price_source", "net_hourly_yen", "hourly_basis",
                   "break_even_hours", "score", "score_reasons", "risk_flags", "net_unit_yen",
                   "net_budget_min_yen", "net_budget_max_yen", "expected_value_yen", "net_is_estimate",
                   "beginner_ok", "pay_band", "earnable_net_yen", "restricted", "restrictions", "filled")


def _empty() -> dict[str, Any]:
    out: dict[str, Any] = dict.fromkeys(DERIVED_COLUMNS)
    out.update(hourly_basis=HourlyBasis.UNKNOWN.value, score_reasons=[], risk_flags=[], beginner_ok=False,
               net_is_estimate=False, restricted=False, restrictions=[], filled=False)
    return out


def _folded(row: Mapping[str, Any], name: str) -> str:
    value = row.get(name)
    return nfkc(str(value)) if value else ""


def derive(row: Mapping[str, Any], config: Any = None, now: datetime | None = None) -> dict[str, Any]:
    """The derived columns (DERIVED_COLUMNS) of one typed listing row; `unit_price_yen` too when the
    title or description states a unit price the structured fields lack."""
    try:
        return _derive(row, config, now)
    except Exception:  # a bug here must never lose a listing: store it unscored, and say so in the log
        log.exception("scoring failed for %s:%s; stored without a score", row.get("site"), row.get("listing_id"))
        out = _empty()
        out["score_reasons"] = [encode(reason("unscored"))]
        return out


def _derive(row: Mapping[str, Any], config: Any, now: datetime | None) -> dict[str, Any]:
    settings = settings_from(config)
    title, description = _folded(row, "title"), _folded(row, "description")
    tags = row.get("tags") if isinstance(row.get("tags"), list | tuple) else None
    text = "\n".join((title, description, nfkc(" ".join(map(str, tags))))) if tags else f"{title}\n{description}"
    kind = classify(row, title)
    pay = compute_pay(row, settings, title, description, kind)
    facts = PayFacts(stated=pay.stated, yen_per_char=pay.yen_per_char, net_hourly_yen=pay.net_hourly_yen,
                     text_unit_price=pay.unit_from_text, budget_max_yen=pay.budget_max_yen)
    conditions = restrictions(title, description, folded=True)
    listing = Listing(pay=pay, volume=earnable(row, pay, text), flags=find_flags(text, row, facts, settings.benchmark_yen),
                      text=text, restrictions=conditions, unmet=unmet(conditions, settings.eligible))
    when = parse_instant(now) if now is not None else parse_instant(row.get("crawled_at"))
    verdict = judge(row, listing, settings, when)
    out = {
        "kind": kind,
        "yen_per_char": pay.yen_per_char,
        "unit_price_source": pay.unit_price_source,
        "net_hourly_yen": pay.net_hourly_yen,
        "hourly_basis": pay.hourly_basis,
        "break_even_hours": pay.break_even_hours,
        "score": verdict.score,
        "score_reasons": verdict.reasons,
        "risk_flags": verdict.flags,
        "net_unit_yen": pay.net_unit_yen,
        "net_budget_min_yen": pay.net_budget_min_yen,
        "net_budget_max_yen": pay.net_budget_max_yen,
        "expected_value_yen": pay.expected_value_yen,
        "net_is_estimate": pay.net_is_estimate,
        "beginner_ok": verdict.beginner_ok,
        "pay_band": verdict.pay_band,
        "earnable_net_yen": listing.volume.earnable_net_yen,
        "restricted": bool(conditions),
        "restrictions": [r.condition for r in conditions],
        "filled": listing.volume.filled,
    }
    if pay.unit_from_text:
        out["unit_price_yen"] = pay.unit_price_yen
    return out


def rederive(row: Mapping[str, Any], config: Any = None) -> dict[str, Any]:
    """A stored `listings` row scored again at a reader's own settings (a profile's writing speed):
    its stored `raw` parsed, its crawl time read back from it (else its last sighting), and the
    derived columns recomputed over the stored ones."""
    raw = row.get("raw")
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            raw = {}
    raw = raw if isinstance(raw, dict) else {}
    crawled_at = parse_instant(raw.get("crawled_at")) or row.get("last_seen_at")
    return {**row, **derive({**row, "raw": raw, "crawled_at": crawled_at}, config)}
