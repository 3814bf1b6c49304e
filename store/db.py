"""Opening the one DuckDB file.

DuckDB lets one process open a file read-write, and while it does no other process can open it
at all. Every tanka command therefore holds the file for as short a time as it can, and waits
(up to `wait_seconds`) when another tanka process holds it.

A read-only connection (`tanka sql`, `top`, `status`, the digest) is guarded by DuckDB itself,
not by a filter on the SQL: it reads the open file and nothing else. No other file is read or
written (COPY, EXPORT, ATTACH, read_csv, glob …), no extension is installed or loaded, and its
settings are locked, so no statement can lift the guard.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from tanka.i18n import _

DEFAULT_DB = Path("data") / "tanka.duckdb"


class DatabaseLocked(RuntimeError):
    """Another process holds the database file."""


def default_db_path() -> Path:
    return Path(os.environ.get("TANKA_DB") or DEFAULT_DB)


def _is_lock_error(error: Exception) -> bool:
    text = str(error).lower()
    return "lock" in text and ("conflicting" in text or "could not set" in text)


# DuckDB options of a read-only connection (see the module docstring).
READ_GUARD = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
}


def connect(path: str | os.PathLike[str] | None = None, *, read_only: bool = False,
            wait_seconds: float = 30.0) -> duckdb.DuckDBPyConnection:
    """A connection with Tokyo as its time zone; waits while another process holds the file.

    `read_only`: a guarded connection that can read this database and nothing else.
    """
    target = Path(path) if path is not None else default_db_path()
    if str(target) != ":memory:":
        if read_only and not target.exists():
            raise FileNotFoundError(_("no database at {path} (run `tanka crawl` first, or pass --db)").format(
                path=target))
        target.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait_seconds
    delay = 0.05
    while True:
        try:
            con = duckdb.connect(str(target), read_only=read_only, config=READ_GUARD if read_only else {})
            break
        except (duckdb.IOException, duckdb.ConnectionException) as error:
            if not _is_lock_error(error):
                raise
            if time.monotonic() >= deadline:
                raise DatabaseLocked(
                    _("database {path} is in use by another process (a crawl or the scheduler); waited {seconds} s")
                    .format(path=target, seconds=f"{wait_seconds:.0f}")
                ) from None
            time.sleep(delay)
            delay = min(delay * 2, 1.0)
    con.execute("SET TimeZone = 'Asia/Tokyo'")
    if read_only:
        con.execute("SET lock_configuration = true")  # last: from here on no SET or PRAGMA changes it
    return con


@contextmanager
def open_store(path: str | os.PathLike[str] | None = None, *, wait_seconds: float = 30.0
               ) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write, migrated connection, closed on exit."""
    from store.migrations import migrate

    con = connect(path, wait_seconds=wait_seconds)
    try:
        migrate(con)
        yield con
    finally:
        con.close()


def rows_of(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """A finished query's rows as dicts keyed by column name."""
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def execute(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, object]) -> duckdb.DuckDBPyConnection:
    """Run SQL with named parameters, passing only those it names (DuckDB rejects extra ones)."""
    used = {name: value for name, value in params.items() if f"${name}" in sql}
    return con.execute(sql, used or None)
