"""Rows (dicts) → an Arrow table typed like a DuckDB table, for fast batch inserts."""

from __future__ import annotations

import json
from operator import itemgetter
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


# json.dumps(value, ensure_ascii=False, default=str) without building an encoder per call.
_to_json = json.JSONEncoder(ensure_ascii=False, default=str).encode


def _json_cell(value: Any) -> Any:
    return value if value is None or isinstance(value, str) else _to_json(value)


def _column(rows: list[dict[str, Any]], name: str) -> list[Any]:
    """One column's values (a missing key is None)."""
    try:  # the usual case, every row has the key: read in C
        return list(map(itemgetter(name), rows))
    except KeyError:
        return [row.get(name) for row in rows]


def to_arrow(rows: list[dict[str, Any]], types: dict[str, str], columns: list[str]) -> pa.Table:
    arrays = []
    for name in columns:
        values = _column(rows, name)
        if types[name] == "JSON":
            values = [_json_cell(v) for v in values]
        arrays.append(pa.array(values, type=_arrow_type(types[name])))
    return pa.Table.from_arrays(arrays, names=columns)


def is_list(duck_type: str) -> bool:
    return duck_type.endswith("[]")


def update_from(con: duckdb.DuckDBPyConnection, source: str, assignments: dict[str, str],
                types: dict[str, str], params: dict[str, Any] | None = None) -> None:
    """UPDATE listings from a registered batch `source` (aliased b), matched on (site, listing_id).

    DuckDB rewrites list columns (VARCHAR[]) slowly, about 10k rows/s, so they are written only
    where the new value differs; all other columns go in one statement (well over 100k rows/s).
    """
    match = "listings.site = b.site AND listings.listing_id = b.listing_id"
    scalars = {c: e for c, e in assignments.items() if c not in types or not is_list(types[c])}
    sets = ",\n".join(f"{c} = {e}" for c, e in scalars.items())
    con.execute(f"UPDATE listings SET {sets} FROM {source} b WHERE {match}",
                {k: v for k, v in (params or {}).items() if f"${k}" in sets} or None)
    for column, expr in assignments.items():
        if column in types and is_list(types[column]):
            con.execute(f"UPDATE listings SET {column} = {expr} FROM {source} b "
                        f"WHERE {match} AND listings.{column} IS DISTINCT FROM {expr}")
