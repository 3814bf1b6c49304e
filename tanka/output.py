"""Printing query results: aligned tables (wide Japanese characters counted as two), CSV, JSON.

Listing text is third-party: a title can hold an escape sequence that retitles the terminal or
redraws a line, a carriage return, or a bidi override that reorders what follows. Every text a
command prints to a terminal goes through `printable` (or `one_line` for a cell): control
characters become visible marks, never instructions. JSON escapes them as JSON does.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from tanka.i18n import _

# C0 and C1 controls and DEL; the bidi embeddings, overrides and isolates (and the marks); line and
# paragraph separators. Tab and line feed are kept by `printable` (multi-line text), not by `one_line`.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
                       "\u2028\u2029]")
_LINE_BREAKS = re.compile("[\t\n\r\x0b\x0c\x85\u2028\u2029]+")
REPLACEMENT = "\ufffd"  # what a control character shows as


def printable(text: str) -> str:
    """`text` safe to print to a terminal: its lines kept, every control character shown as �."""
    return _CONTROLS.sub(REPLACEMENT, text)


def one_line(text: str) -> str:
    """`text` on one line, safe to print: line breaks and tabs become spaces, other controls �."""
    return _CONTROLS.sub(REPLACEMENT, _LINE_BREAKS.sub(" ", text))


def did_you_mean(value: object, choices: Iterable[str]) -> str:
    """' (did you mean "crowdworks"?)' for the choice nearest `value`; '' when none is near."""
    options = list(choices)
    text = str(value)
    folded = {option.lower(): option for option in options}
    near = difflib.get_close_matches(text.lower(), list(folded), n=1, cutoff=0.6)
    return _(" (did you mean {choice!r}?)").format(choice=folded[near[0]]) if near else ""


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def truncate(text: str, width: int) -> str:
    if display_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = display_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def _number(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return f"{value:,.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, list | tuple):
        return ", ".join(_cell(v) for v in value)
    return one_line(str(value))


def format_table(columns: Sequence[str], rows: Sequence[Sequence[Any]], max_width: int = 60) -> str:
    """An aligned table, one line per row, every cell made printable (`one_line`)."""
    columns = [one_line(str(c)) for c in columns]
    cells = [[truncate(_cell(v), max_width) for v in row] for row in rows]
    widths = [max([display_width(c), *(display_width(r[i]) for r in cells)]) for i, c in enumerate(columns)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v + " " * (w - display_width(v)) for v, w in zip(values, widths, strict=True)).rstrip()

    return "\n".join([line(columns), line(["-" * w for w in widths]), *(line(r) for r in cells)])


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple | dict) or (isinstance(value, float) and not math.isfinite(value)):
        return _finite(value)  # JSON has no NaN or Infinity: they are written as strings
    if isinstance(value, str) and value[:1] in "{[":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


_NON_FINITE = {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}


def to_json_lines(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """One JSON object per row. Control characters are escaped (\\u001b) as JSON does; the
    bidi controls, which JSON leaves as they are, are escaped too."""
    return "\n".join(json_line({c: _jsonable(v) for c, v in zip(columns, row, strict=True)}) for row in rows)


def json_line(value: Any) -> str:
    """One JSON value on one line, with every control character escaped."""
    return _escape_controls(json.dumps(_finite(value), ensure_ascii=False, default=str, allow_nan=False))


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return _NON_FINITE[str(value)]
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def _escape_controls(text: str) -> str:
    return _CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def to_csv(columns: Sequence[str], rows: Sequence[Sequence[Any]], terminal: bool = False) -> str:
    """CSV; for a terminal (`terminal`), every cell on one line with its controls made visible.
    Into a file or a pipe the values are written as stored."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([one_line(c) for c in columns] if terminal else columns)
    for row in rows:
        cells = [_csv_value(v) for v in row]
        writer.writerow([one_line(c) if terminal and isinstance(c, str) else c for c in cells])
    return buffer.getvalue().rstrip("\n")


def _csv_value(value: Any) -> Any:
    if isinstance(value, list | tuple | datetime):
        return _cell(value)
    if isinstance(value, float) and not math.isfinite(value):
        return _number(value)
    return value
