"""The reasons seam: every reason and flag label is a code in one table of English templates."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tanka.scoring.reasons import TEMPLATES, Reason, flag_label, reason, render
from tanka.scoring.risk import FLAG_ORDER, LABELS
from tanka.scoring.score import PENALTIES

SCORING = Path(__file__).resolve().parents[2] / "tanka" / "scoring"


def codes_used() -> set[str]:
    """Every literal code passed to reason(…) in the scoring package."""
    found = set()
    for path in SCORING.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "reason" and node.args \
                    and isinstance(node.args[0], ast.Constant):
                found.add(node.args[0].value)
    return found


def test_every_code_the_scoring_uses_has_a_template():
    assert codes_used() - set(TEMPLATES) == set()


def test_every_flag_has_a_label_in_the_table_and_a_penalty():
    assert {f"flag.{flag}" for flag in FLAG_ORDER} <= set(TEMPLATES)
    assert set(FLAG_ORDER) == set(PENALTIES) == set(LABELS)
    assert LABELS["upfront_payment"] == TEMPLATES["flag.upfront_payment"]


def test_an_unknown_flag_is_shown_as_it_is():
    assert flag_label("something_new") == "something_new"


def test_values_are_language_neutral_and_rendered_by_the_template():
    item = reason("pay.hourly", approx=None, net=1029.6, basis=reason("basis.writing_speed", rate=1.2, speed=500),
                  band=reason("pay.band.amber"))
    assert isinstance(item.values["net"], float) and isinstance(item.values["basis"], Reason)
    assert render(item) == "¥1,030/h net (1.2円/字 at 500字/h) — practice-level pay"


@pytest.mark.parametrize(("code", "values", "text"), [
    ("client.orders", {"orders": 1}, "1 order"),
    ("client.orders", {"orders": 120}, "120 orders"),
    ("pay.fixed", {"amount": 8580, "what": reason("pay.fixed_price"), "hours": 0.5},
     "¥8,580 net fixed: worth it if done within 30 min"),
    ("client", {"notes": [reason("client.rating", rating=4.9), reason("client.verified")]}, "client ★4.9 · verified"),
])
def test_specs(code, values, text):
    assert render(Reason(code, values)) == text


def test_no_english_reason_is_written_outside_the_table():
    """score.py builds every reason through reason(…): no f-string reasons are left in it."""
    source = (SCORING / "score.py").read_text(encoding="utf-8")
    assert not re.search(r'reasons\.append\(f"', source)
