"""docs/SCORING.md states the numbers the code uses: a weight changed in one must change in both."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tanka.scoring import score
from tanka.scoring.fees import fee_rules
from tanka.scoring.risk import LABELS
from tanka.scoring.settings import DEFAULT_BENCHMARK_YEN, DEFAULT_CONTEST_HOURS, DEFAULT_WRITING_SPEED

DOC = (Path(__file__).resolve().parents[2] / "docs" / "SCORING.md").read_text(encoding="utf-8").replace("−", "-")
FLAT = re.sub(r"\s+", " ", DOC)  # for phrases the doc wraps across lines


def table_rows(first_cell: str) -> dict[str, str]:
    """{first cell: second cell} of the doc's table rows whose first cell matches the pattern."""
    return {m.group(1): m.group(2).strip()
            for m in re.finditer(rf"^\| ({first_cell}) \| ([^|]+) \|", DOC, re.MULTILINE)}


def points(curve: tuple[tuple[float, float], ...]) -> str:
    return ", ".join(f"({x}, {y})" for x, y in curve)


def test_weights():
    assert {k: float(v) for k, v in table_rows("|".join(score.WEIGHTS)).items()} == score.WEIGHTS


def test_weights_add_up_to_100():
    assert sum(score.WEIGHTS.values()) == 100


def test_penalties():
    rows = {k.strip("`"): v for k, v in table_rows("`[a-z_]+`").items() if k.strip("`") in LABELS}
    assert {k: float(v.split(",")[0]) for k, v in rows.items()} == score.PENALTIES


def test_cap():
    assert f"capped at {score.CAPS['not_a_gig']:g}" in DOC


@pytest.mark.parametrize("curve", [score.PAY_CURVE, score.COMPETITION_CURVE, score.CONTEST_CURVE, score.AGE_CURVE])
def test_curves(curve):
    assert points(curve) in FLAT


@pytest.mark.parametrize("change", [*score.BEGINNER.values(), *(c for _, c in score.TRUST["rating"]),
                                    *(c for _, c in score.TRUST["orders"]), *(c for _, c in score.TRUST["completion"])])
def test_part_adjustments_are_stated(change):
    assert (f"{change:+g}" if change else "0") in FLAT


def test_defaults():
    assert f"{DEFAULT_WRITING_SPEED:,} 字/h" in DOC
    assert f"benchmark_wage_yen = {DEFAULT_BENCHMARK_YEN}" in DOC
    assert f"(setting, default {DEFAULT_CONTEST_HOURS:g})" in DOC


def test_fee_table_states_every_rate():
    for rule in fee_rules():
        value = f"{rule.value:g}円" if rule.name.endswith("_yen") and rule.name.startswith("payout") else \
            f"{rule.value * 100:g}%"
        if not rule.name.endswith("limit_yen"):
            assert value in DOC, rule
