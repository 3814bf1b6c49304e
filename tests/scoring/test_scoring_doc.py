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


def test_volume_curve_and_the_goal():
    from tanka.scoring.settings import DEFAULT_MONTHLY_GOAL_YEN

    assert points(score.VOLUME_CURVE) in FLAT
    assert f"`monthly_goal_yen`, {DEFAULT_MONTHLY_GOAL_YEN:,}" in FLAT


def test_restricted_penalty():
    assert f"carries a penalty of {score.RESTRICTED_PENALTY:g}" in FLAT
    assert f"{score.RESTRICTED_PENALTY:g} for a gig open only to a group" in FLAT


def test_client_trust_thresholds():
    assert (f"under {score.UNRELIABLE_COMPLETION_BELOW}% of {score.UNRELIABLE_MIN_ORDERS} or more orders"
            in FLAT)
    assert f"held at {score.UNRELIABLE_TRUST_MAX:g} at most" in FLAT


def test_below_market_thresholds():
    assert f"under {score.BELOW_MARKET_YEN_PER_CHAR:g}円/字" in FLAT
    assert f"under {score.BELOW_MARKET_SHARE * 100:g}% of the benchmark" in FLAT


def test_time_claim_figures():
    from tanka.scoring import effort

    formula = f"credible minutes = max(claimed × {effort.CLAIM_FACTOR:g} + {effort.OVERHEAD_MINUTES:g}, floor)"
    assert formula in FLAT
    assert f"{effort.TRANSLATION_WORDS_PER_HOUR} words/h" in FLAT
    assert f"half of the attempts end unpaid after {effort.SCREENED_OUT_MINUTES:g} min" in FLAT
    assert effort.SCREENED_OUT_SHARE == 0.5


def test_every_floor_is_in_the_table():
    from tanka.scoring import effort

    rows = {k: v for k, v in table_rows("floor: [a-z_, ]+").items()}
    documented = {kind.strip(): float(v.split()[0]) for k, v in rows.items()
                  for kind in k.removeprefix("floor: ").split(",")}
    assert documented == {k: float(v) for k, v in effort.FLOOR_MINUTES.items()}


def test_watch_out_threshold():
    assert f"flagged gigs (penalty ≥ {score.WATCH_OUT_MIN_PENALTY:g})" in FLAT
