"""Recompute every listing's typed and derived columns from its stored raw values.

Used when the parsing or scoring rules or the user's settings change (`tanka rescore`), and by
the store after a batch whose rows merged detail values kept from an earlier crawl.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import duckdb

from store.arrow import table_types, to_arrow, update_from
from store.dupes import assign_dup_groups
from tanka.normalize.listing import normalize_gig
from tanka.scoring import DERIVED_COLUMNS, derive

# Set by the store itself, never recomputed from raw values.
_KEEP = {"status", "first_seen_at", "last_seen_at", "closed_at", "list_hash", "detail_status",
         "detail_fetched_at", "last_run_id", "raw",
         "dup_group"}  # across listings: store.dupes assigns it after a run or a rescore
_CHUNK = 5000


def rebuild_row(raw: dict[str, Any], config: Any = None, now: datetime | None = None) -> dict[str, Any]:
    row = normalize_gig(raw)
    row.update(derive(row, config, now))
    return row


def rescore(con: duckdb.DuckDBPyConnection, *, keys: list[tuple[str, str]] | None = None,
            site: str | None = None, config: Any = None, now: datetime | None = None) -> int:
    """Rebuild the given listings (all when no keys/site); returns the number of rows rewritten."""
    types = table_types(con, "listings")
    columns = [c for c in types if c not in _KEEP]
    assert set(DERIVED_COLUMNS) <= set(columns), "a derived column is missing from the listings table"
    where, params = "TRUE", {}
    if site:
        where, params = "site = $site", {"site": site}
    if keys is not None:
        if not keys:
            return 0
        con.register("tanka_keys", _keys_table(keys))
        where += " AND (site, listing_id) IN (SELECT (site, listing_id) FROM tanka_keys)"
    done = 0
    try:
        cursor = con.execute(f"SELECT raw FROM listings WHERE {where} ORDER BY site, listing_id", params)
        raws = [json.loads(r[0]) for r in cursor.fetchall()]
    finally:
        if keys is not None:
            con.unregister("tanka_keys")
    for start in range(0, len(raws), _CHUNK):
        rows = [rebuild_row(raw, config, now) for raw in raws[start:start + _CHUNK]]
        batch = to_arrow(rows, types, columns)
        con.register("tanka_rescore", batch)
        try:
            update_from(con, "tanka_rescore", {c: f"b.{c}" for c in columns if c not in ("site", "listing_id")},
                        types)
        finally:
            con.unregister("tanka_rescore")
        done += len(rows)
    return done


def _keys_table(keys: list[tuple[str, str]]):
    import pyarrow as pa

    sites, ids = zip(*keys, strict=True)
    return pa.table({"site": list(sites), "listing_id": list(ids)})


def rescore_and_regroup(con: duckdb.DuckDBPyConnection, *, site: str | None = None, config: Any = None) -> int:
    """`tanka rescore`: rebuild the listings (of one site, or all) and their duplicate groups in one
    transaction; returns the number of rows rewritten."""
    con.execute("BEGIN TRANSACTION")
    try:
        count = rescore(con, site=site, config=config)
        assign_dup_groups(con)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return count
