"""Hypothesis strategies that damage pages the way the network, a server or a redesign does.

`mutated_text(page)`: 1–3 edits of an HTML or JSON page as text — cut short, a byte range deleted
or repeated, a tag or an attribute removed, a number swapped, garbage inserted. `mutated_json(payload)`:
1–3 values anywhere in a decoded JSON payload replaced by any JSON value, or their key deleted.
"""

from __future__ import annotations

import copy
import os
import re
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Examples per fuzz test: 120 in the full suite; `make test-fast` asks for fewer (TANKA_FUZZ_EXAMPLES),
# the same derandomized cases, just not as many.
EXAMPLES = int(os.environ.get("TANKA_FUZZ_EXAMPLES") or 120)
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

_TAG = re.compile(r"<[^<>]+>")
_ATTRIBUTE = re.compile(r'\s[\w:-]+="[^"]*"')
_NUMBER = re.compile(r"\d+")

GARBAGE = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["<", ">", "\"", "&", "&amp;", "</div>", "<div>", "{", "}", "[", "]", ",", ":", "null",
                     "\\", "\\u", "\\ud800", "\ufffd", "\x00", "１２３", "万", "〜", "円", "-", "NaN", "1e999",
                     "9" * 30, "あと", "年", "月", "日"]),
)
NUMBERS = st.one_of(st.integers(min_value=-10, max_value=10**6).map(str), st.sampled_from(
    ["0", "-1", "9" * 25, "1e400", "1.5", "00", "１０", "", "1,0", "NaN"]))


@st.composite
def mutated_text(draw: st.DrawFn, page: str) -> str:
    text = page
    for _ in range(draw(st.integers(1, 3))):
        size = len(text)
        kind = draw(st.sampled_from(["truncate", "delete", "duplicate", "tag", "attribute", "number", "garbage"]))
        at = draw(st.integers(0, max(0, size - 1)))
        if kind == "truncate":
            text = text[:at]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 400)):]
        elif kind == "duplicate":
            end = at + draw(st.integers(1, 400))
            text = text[:end] + text[at:end] + text[end:]
        elif kind in ("tag", "attribute", "number"):
            pattern = {"tag": _TAG, "attribute": _ATTRIBUTE, "number": _NUMBER}[kind]
            found = list(pattern.finditer(text))
            if found:
                match = found[draw(st.integers(0, len(found) - 1))]
                new = draw(NUMBERS) if kind == "number" else ""
                text = text[:match.start()] + new + text[match.end():]
        else:
            text = text[:at] + draw(GARBAGE) + text[at:]
    return text


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(10**30), max_value=10**30)
    | st.sampled_from([10**400, -(10**400), 2**63, 2**31]) | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20) | NUMBERS,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=6,
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out += _paths(value, (*prefix, index))
    return out


@st.composite
def mutated_json(draw: st.DrawFn, payload: Any, under: tuple[Any, ...] = ()) -> Any:
    """`payload` with 1–3 values (below the path `under`) replaced or their keys deleted."""
    data = copy.deepcopy(payload)
    root = data
    for key in under:
        root = root[key]
    paths = [(*under, *p) for p in _paths(root)]
    for _ in range(draw(st.integers(1, 3))):
        if not paths:
            break
        path = paths[draw(st.integers(0, len(paths) - 1))]
        parent = data
        try:
            for key in path[:-1]:
                parent = parent[key]
            if isinstance(parent, dict) and draw(st.booleans()):
                parent.pop(path[-1], None)
            else:
                parent[path[-1]] = draw(JSON_VALUES)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier edit removed or replaced this path
    return data
