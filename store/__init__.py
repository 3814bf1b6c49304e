"""The DuckDB store: the only code that knows the schema. See docs/DATA.md."""

from store.db import DatabaseLocked, connect, default_db_path, open_store
from store.migrations import migrate

__all__ = ["DatabaseLocked", "connect", "default_db_path", "migrate", "open_store"]
