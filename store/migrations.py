"""Ordered migrations in store/migrations/, each applied once in a transaction and recorded in
`schema_migrations`. Safe to run any number of times.

A migration is SQL (NNNN_name.sql) or, when rows must be rewritten by tanka's own code (score
reasons read back from their English text, 0007), Python (NNNN_name.py, defining
`migrate(con)`); either runs inside the transaction."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from importlib import resources

import duckdb

Step = Callable[[duckdb.DuckDBPyConnection], object]


def _python_step(name: str, source: str) -> Step:
    namespace: dict[str, object] = {"__name__": f"store.migrations.{name}"}
    exec(compile(source, name, "exec"), namespace)
    step = namespace.get("migrate")
    if not callable(step):
        raise TypeError(f"migration {name} defines no migrate(con)")
    return step


def available() -> list[tuple[int, str, str | Step]]:
    """(version, name, SQL text or a Python migrate(con)) for every migration file, in order."""
    out: list[tuple[int, str, str | Step]] = []
    for entry in resources.files("store").joinpath("migrations").iterdir():
        stem, dot, suffix = entry.name.rpartition(".")
        if not dot or suffix not in ("sql", "py"):
            continue
        version, _, name = stem.partition("_")
        source = entry.read_text(encoding="utf-8")
        out.append((int(version), name, source if suffix == "sql" else _python_step(entry.name, source)))
    return sorted(out, key=lambda migration: migration[0])


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
            if callable(sql):
                sql(con)
            else:
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
