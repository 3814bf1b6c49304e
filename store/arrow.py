"""Rows (dicts) → an Arrow table typed like a DuckDB table, for fast batch inserts."""

from __future__ import annotations

import json
from typing import Any

import duckdb
import pyarrow as pa

_SCALARS: dict[str, pa.DataType] = {
    "VARCHAR": pa.string(),
    "BIGINT": pa.int64(),
    "INTEGER": pa.int32(),
    "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(),
    "TIMESTAMP WITH TIME ZONE": pa.timestamp("us", tz="UTC"),
    "JSON": pa.string(),
    "DATE": pa.date32(),
}


def _arrow_type(duck_type: str) -> pa.DataType:
    if duck_type.endswith("[]"):
        return pa.list_(_arrow_type(duck_type[:-2]))
    return _SCALARS[duck_type]


def table_types(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    """Column name → DuckDB type name, in table order."""
    return {name: kind for name, kind, *_ in con.execute(f"DESCRIBE {table}").fetchall()}


def _cell(value: Any, duck_type: str) -> Any:
    if duck_type == "JSON" and value is not None and not isinstance(value, str):
        return json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)
    return value


def to_arrow(rows: list[dict[str, Any]], types: dict[str, str], columns: list[str]) -> pa.Table:
    arrays = [
        pa.array([_cell(row.get(name), types[name]) for row in rows], type=_arrow_type(types[name]))
        for name in columns
    ]
    return pa.Table.from_arrays(arrays, names=columns)
