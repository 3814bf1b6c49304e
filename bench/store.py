"""Store: the Arrow batch upsert (store.upsert) vs row-by-row `executemany` of the same rows.

Rows are what the crawl pipelines hand the store: dicts from normalize_gig + derive, built from
the mirror world's listings (10,000 distinct listings, copied under new ids up to the row count).
Both sides write into a fresh database with the real schema (store.migrations).

* Arrow: `upsert_listings(rows)` in one batch — dicts → Arrow columns, then the SQL (detect new and
  changed, snapshots, insert, merge-update, listing sets, commit). Timed whole; the SQL part is
  the whole minus its Python part (dedupe, listing sets, dicts → Arrow) timed on its own.
* executemany: `INSERT … ON CONFLICT (site, listing_id) DO UPDATE` with one parameter tuple per
  row, the same columns. It is measured on `BASELINE_ROWS` rows and extrapolated (linear: every
  row is one more statement execution), since 100,000 rows would take minutes.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb

from store import connect
from store.arrow import table_types, to_arrow
from store.migrations import migrate
from store.upsert import _BOOKKEEPING, dedupe, upsert_listings
from tanka.items import Gig
from tanka.mirror.world import World
from tanka.normalize.listing import normalize_gig
from tanka.scoring import derive

DISTINCT = 10_000
BASELINE_ROWS = 2_000


def synthetic_gigs(count: int) -> list[Gig]:
    """Listings of the mirror's world, as raw Gigs (site-neutral shape)."""
    per_site = max(1, count // 3 + 1)
    world = World(7, per_site)
    now = datetime.now(UTC).isoformat()
    gigs = []
    for site in ("crowdworks", "lancers", "shufti"):
        for g in world.open_gigs(site, 0)[:per_site]:
            gigs.append(Gig(
                site=site, listing_id=str(g.id), url=f"https://example.invalid/{site}/{g.id}", title=g.title,
                pay_type=g.kind, budget_min_yen=g.budget_min, budget_max_yen=g.budget_max,
                hourly_min_yen=g.hourly_min, hourly_max_yen=g.hourly_max, unit_price_yen=g.unit_price,
                unit_minutes=g.unit_minutes, unit_chars=g.unit_chars, applicants=g.applicants, slots=g.slots,
                deadline=g.deadline.isoformat(), client_id=str(g.client.id), client_name=g.client.name,
                client_rating=g.client.rating, client_orders=g.client.orders, description=g.description,
                tags=g.tags, crawled_at=now, list_hash=str(g.id), detail_status="fetched", scope=f"{site}:new",
            ))
    return gigs[:count]


def listing_rows(count: int) -> list[dict[str, Any]]:
    """`count` store rows: DISTINCT scored listings, repeated under fresh listing ids."""
    base = []
    for gig in synthetic_gigs(min(count, DISTINCT)):
        row = normalize_gig(gig)
        row.update(derive(row))
        base.append(row)
    return [{**base[n % len(base)], "listing_id": f"{base[n % len(base)]['listing_id']}-{n // len(base)}"}
            for n in range(count)]


def _fresh(folder: Path, name: str) -> duckdb.DuckDBPyConnection:
    con = connect(folder / name)
    migrate(con)
    return con


def _executemany(con: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]], now: datetime) -> None:
    """The row-by-row baseline: one INSERT … ON CONFLICT DO UPDATE per row, as a Python loop would."""
    types = table_types(con, "listings")
    content = [c for c in types if c not in _BOOKKEEPING]
    columns = [*content, "list_hash", "detail_status", "first_seen_at", "last_seen_at", "last_run_id"]
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in ("site", "listing_id", "first_seen_at"))
    sql = (f"INSERT INTO listings ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)}) "
           f"ON CONFLICT (site, listing_id) DO UPDATE SET {updates}")
    params = [[*(r.get(c) for c in content), r.get("list_hash"), r.get("detail_status"), now, now, 1]
              for r in rows]
    con.execute("BEGIN TRANSACTION")
    con.executemany(sql, params)
    con.execute("COMMIT")


def _python_part(con: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]]) -> float:
    """Seconds upsert_listings spends in Python before its SQL: dedupe, listing sets, dicts → Arrow."""
    types = table_types(con, "listings")
    start = time.perf_counter()
    [(r["site"], r["scope"], r["listing_id"]) for r in rows if r.get("scope")]
    batch, _ = dedupe(rows)
    to_arrow(batch, types, [*(c for c in types if c not in _BOOKKEEPING), "raw", "list_hash", "detail_status"])
    return time.perf_counter() - start


def bench_store(rows_wanted: int = 100_000, baseline_rows: int = BASELINE_ROWS) -> dict[str, Any]:
    started = time.perf_counter()
    rows = listing_rows(rows_wanted)
    build_s = time.perf_counter() - started
    folder = Path(tempfile.mkdtemp(prefix="tanka-bench-store-"))
    try:
        now = datetime.now(UTC)
        con = _fresh(folder, "arrow.duckdb")
        start = time.perf_counter()
        first = upsert_listings(con, rows, run_id=1, now=now)
        new_s = time.perf_counter() - start
        start = time.perf_counter()
        second = upsert_listings(con, rows, run_id=2, now=now + timedelta(hours=6))
        unchanged_s = time.perf_counter() - start
        python_s = _python_part(con, rows)
        con.close()

        con = _fresh(folder, "rows.duckdb")
        start = time.perf_counter()
        _executemany(con, rows[:baseline_rows], now)
        baseline_s = time.perf_counter() - start
        con.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    n = len(rows)
    baseline_rate = baseline_rows / baseline_s
    return {
        "rows": n,
        "build_rows_s": round(build_s, 1),
        "arrow_upsert_new_s": round(new_s, 2),
        "arrow_upsert_new_rows_per_s": round(n / new_s),
        "arrow_upsert_unchanged_rows_per_s": round(n / unchanged_s),
        "arrow_python_part_s": round(python_s, 2),
        "arrow_sql_s": round(new_s - python_s, 2),
        "arrow_sql_rows_per_s": round(n / (new_s - python_s)),
        "new_detected": first.new, "unchanged_detected": second.unchanged,
        "executemany_rows": baseline_rows,
        "executemany_rows_per_s": round(baseline_rate),
        "executemany_100k_s_extrapolated": round(n / baseline_rate, 1),
        "speedup": round((n / new_s) / baseline_rate, 1),
    }
