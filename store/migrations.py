"""Ordered SQL migrations in store/migrations/NNNN_name.sql, each applied once in a transaction
and recorded in `schema_migrations`. Safe to run any number of times."""

from __future__ import annotations

from datetime import UTC, datetime
from importlib import resources

import duckdb


def available() -> list[tuple[int, str, str]]:
    """(version, name, sql) for every migration file, in order."""
    out = []
    for entry in resources.files("store").joinpath("migrations").iterdir():
        if entry.name.endswith(".sql"):
            version, _, name = entry.name.removesuffix(".sql").partition("_")
            out.append((int(version), name, entry.read_text(encoding="utf-8")))
    return sorted(out)


def applied(con: duckdb.DuckDBPyConnection) -> set[int]:
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)"
    )
    return {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply what is missing; returns the names applied now."""
    done = applied(con)
    newly = []
    for version, name, sql in available():
        if version in done:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(sql)
            con.execute(
                "INSERT INTO schema_migrations VALUES ($version, $name, $at)",
                {"version": version, "name": name, "at": datetime.now(UTC)},
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        newly.append(f"{version:04d}_{name}")
    return newly


def is_current(con: duckdb.DuckDBPyConnection) -> bool:
    """True when every migration has been applied (a read-only connection can only ask)."""
    try:
        done = {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}
    except duckdb.CatalogException:
        return False
    return {version for version, _, _ in available()} <= done
