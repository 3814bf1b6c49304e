"""Rows a crawl could not write because the database stayed locked: kept as JSON lines of their
raw values (data/unsaved/<site>-<time>.jsonl), and stored later by `tanka load`."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from store.rescore import rebuild_row
from store.upsert import UpsertResult, upsert_listings


def save_unsaved(rows: list[dict[str, Any]], folder: Path, site: str, started_at: datetime) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{site}-{started_at:%Y%m%dT%H%M%S}.jsonl"
    with target.open("a", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row["raw"], ensure_ascii=False, default=str) + "\n")
    return target


def load_unsaved(con: duckdb.DuckDBPyConnection, path: Path, scoring_config: Any, now: datetime
                 ) -> tuple[int, UpsertResult]:
    """(rows read, upsert result): each saved raw listing rebuilt as a crawl would have stored it."""
    rows = [rebuild_row(json.loads(line), scoring_config)
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return len(rows), upsert_listings(con, rows, run_id=None, now=now)
