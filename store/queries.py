"""Every read of the schema that code outside store/ needs, as functions returning plain rows.

store/ is the only code that knows the tables (docs/DATA.md); the CLI, the scheduler, scoring's
`top` and the digest call these and get dicts or tuples back.
"""

from __future__ import annotations

import os
from datetime import datetime
from typing import Any

import duckdb

from store.db import DatabaseLocked, connect
from store.migrations import migrate

# Store bookkeeping, left out of what `tanka parse` and `tanka top` show.
INTERNAL_COLUMNS = frozenset({"closed_at", "list_hash", "detail_status", "detail_fetched_at", "last_run_id"})


def rows_of(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """A finished query's rows as dicts keyed by column name."""
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def listing_columns() -> list[str]:
    """The public columns of `listings`, in table order (store bookkeeping left out)."""
    con = duckdb.connect(":memory:")
    try:
        migrate(con)
        return [r[0] for r in con.execute("DESCRIBE listings").fetchall() if r[0] not in INTERNAL_COLUMNS]
    finally:
        con.close()


# ----- crawl runs --------------------------------------------------------------------------------------
def last_runs(con: duckdb.DuckDBPyConnection, per_site: int) -> dict[str, list[dict[str, Any]]]:
    """Each site's last `per_site` crawl runs, newest first, with counts as numbers (0, not NULL)."""
    cursor = con.execute(
        """SELECT * REPLACE (coalesce(items, 0) AS items, coalesce(errors, 0) AS errors,
                             coalesce(pages, 0) AS pages)
           FROM crawl_runs QUALIFY row_number() OVER (PARTITION BY site ORDER BY run_id DESC) <= $n
           ORDER BY site, run_id DESC""",
        {"n": per_site},
    )
    runs: dict[str, list[dict[str, Any]]] = {}
    for run in rows_of(cursor):
        runs.setdefault(run["site"], []).append(run)
    return runs


RUN_TABLE_COLUMNS = ("site", "run_id", "started", "finish", "outcome", "items", "new", "changed", "closed",
                     "errors", "pages")


def recent_runs_table(con: duckdb.DuckDBPyConnection, per_site: int) -> tuple[list[str], list[tuple[Any, ...]]]:
    """`tanka status`'s table of each site's last runs: (columns, rows)."""
    rows = []
    for runs in last_runs(con, per_site).values():
        for run in runs:
            outcome = None if run["partial"] is None else "partial" if run["partial"] else "complete"
            rows.append((run["site"], run["run_id"], f"{run['started_at']:%m-%d %H:%M}",
                         run["finish_reason"] or "running", outcome, run["items"], run["new_listings"],
                         run["changed"], run["closed_unseen"], run["errors"], run["pages"]))
    return list(RUN_TABLE_COLUMNS), rows


def last_run_since(db_path: str | os.PathLike[str], site: str, since: datetime) -> dict[str, Any]:
    """The site's newest run started at or after `since`, from its own short read connection; {} if none."""
    try:
        con = connect(db_path, read_only=True, wait_seconds=30)
    except (DatabaseLocked, FileNotFoundError):
        return {}
    try:
        rows = rows_of(con.execute(
            "SELECT * FROM crawl_runs WHERE site = $site AND started_at >= $since ORDER BY run_id DESC LIMIT 1",
            {"site": site, "since": since},
        ))
    except duckdb.CatalogException:  # a database without the tables yet
        return {}
    finally:
        con.close()
    return rows[0] if rows else {}


# ----- listings -------------------------------------------------------------------------------------------
def site_counts(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int, int]]:
    """(site, open listings, stored listings) per site."""
    return con.execute(
        "SELECT site, count(*) FILTER (WHERE status = 'open'), count(*) FROM listings GROUP BY site ORDER BY site"
    ).fetchall()


def open_count(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("SELECT count(*) FROM listings WHERE status = 'open'").fetchall()[0][0]
