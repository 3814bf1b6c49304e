"""`tanka top` and the digest's query over 1,000,000 stored listings (+ snapshots).

The database is generated straight into DuckDB: 10,000 distinct scored listings (bench.store) go
in as one Arrow batch, and SQL copies them 100 times under new ids, spreading first-seen times
over 30 days, closing about a quarter, and adding one to three snapshot rows per listing. Then
`top_table` (what `tanka top` prints, default and demo profile) and `build_digest` (the digest's
query, its picks and their full rows, for the demo profile's first 24 hours) run warm on a
read-only connection: the median of several runs.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.store import listing_rows
from store import connect
from store.arrow import table_types, to_arrow
from store.migrations import migrate
from store.queries import CHOOSING_COLUMNS, new_listings
from tanka.config import load_config
from tanka.digest.build import SERIOUS_FLAGS, build_digest
from tanka.digest.profile import load_profile
from tanka.scoring.top import top_table

COPIES = 100
RUNS = 7


def generate(path: Path, listings: int, now: datetime) -> dict[str, int]:
    con = connect(path)
    con.execute("SET enable_progress_bar = false")
    migrate(con)
    base_rows = listing_rows(min(10_000, listings))
    copies = max(1, listings // len(base_rows))
    types = table_types(con, "listings")
    for row in base_rows:
        row.update(first_seen_at=now, last_seen_at=now, last_run_id=1)
    con.register("base", to_arrow(base_rows, types, [c for c in types if c != "dup_group"]))
    columns = [c for c in types if c != "dup_group"]
    replaced = {
        "listing_id": "b.listing_id || '-' || c.i",
        "first_seen_at": "$now - to_minutes(CAST((hash(b.listing_id, c.i) % 43200) AS BIGINT))",
        "status": "CASE WHEN hash(c.i, b.listing_id) % 4 = 0 THEN 'closed' ELSE b.status END",
        "score": "round(b.score - (hash(b.listing_id, c.i) % 100) / 10.0, 1)",
        "deadline": "$now + to_days(CAST(1 + hash(c.i, b.site) % 20 AS BIGINT))",
    }
    select = ", ".join(replaced.get(c, f"b.{c}") for c in columns)
    con.execute("BEGIN TRANSACTION")
    con.execute(f"INSERT INTO listings ({', '.join(columns)}) SELECT {select} "
                f"FROM base b CROSS JOIN range({copies}) c(i)", {"now": now})
    con.execute("""INSERT INTO listing_snapshots
                   SELECT site, listing_id, first_seen_at + to_hours(s.n * 6), 1 + s.n, budget_min_yen,
                          budget_max_yen, hourly_min_yen, hourly_max_yen, unit_price_yen,
                          coalesce(applicants, 0) + s.n, slots, contracts, status
                   FROM listings CROSS JOIN range(3) s(n)
                   WHERE s.n <= hash(listing_id) % 3""")
    con.execute("COMMIT")
    con.execute("CHECKPOINT")
    counts = {
        "listings": con.execute("SELECT count(*) FROM listings").fetchall()[0][0],
        "open": con.execute("SELECT count(*) FROM listings WHERE status = 'open'").fetchall()[0][0],
        "snapshots": con.execute("SELECT count(*) FROM listing_snapshots").fetchall()[0][0],
    }
    con.close()
    return counts


def _median_ms(func: Any) -> tuple[float, list[float]]:
    func()  # warm
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), times


def bench_bigdb(listings: int = 1_000_000) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="tanka-bench-1m-"))
    now = datetime.now(UTC)
    started = time.perf_counter()
    counts = generate(folder / "big.duckdb", listings, now)
    generate_s = time.perf_counter() - started
    config = load_config(None)
    profile = load_profile(config, "demo")
    con = connect(folder / "big.duckdb", read_only=True)
    try:
        top_ms, top_runs = _median_ms(lambda: top_table(con, config, None, 20, None, None))
        top_profile_ms, _ = _median_ms(lambda: top_table(con, config, "demo", 20, None, None))
        query_ms, _ = _median_ms(lambda: new_listings(con, now - timedelta(hours=24), now, columns=CHOOSING_COLUMNS,
                                                        serious_flags=SERIOUS_FLAGS))
        digest_ms, _ = _median_ms(lambda: build_digest(con, config, profile, now))
        new_day = len(new_listings(con, now - timedelta(hours=24), now, columns=("site",)))
    finally:
        con.close()
        for leftover in folder.iterdir():
            leftover.unlink()
        folder.rmdir()
    return {
        **counts, "generate_s": round(generate_s, 1), "runs": RUNS,
        "top_ms": round(top_ms, 1), "top_profile_demo_ms": round(top_profile_ms, 1),
        "digest_query_ms": round(query_ms, 1), "digest_build_ms": round(digest_ms, 1),
        "digest_new_gigs_24h": new_day,
        "top_runs_ms": [round(t, 1) for t in top_runs],
        "slowest_ms": round(max(top_ms, top_profile_ms, digest_ms), 1),
    }



