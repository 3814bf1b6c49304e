"""The scoring settings ([scoring] and [fees] of the settings file), with defaults in code.

derive() must be pure, so it never reads a file: defaults.toml's values are repeated here and a
test keeps the two equal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tanka.i18n import N_, _

DEFAULT_WRITING_SPEED = 500  # 字/h, research and revision included: a beginner's (DOMAIN.md §2)
DEFAULT_BENCHMARK_YEN = 1121  # FY2025 national weighted-average minimum wage (厚生労働省, 2025-09-05)
DEFAULT_BENCHMARK_LABEL = N_("FY2025 national weighted-average minimum wage (effective from 2025-10)")
DEFAULT_CONTEST_HOURS = 5.0  # hours one contest entry is assumed to take, to compare its expected value
DEFAULT_MONTHLY_GOAL_YEN = 100_000  # what the volume part measures a gig against


@dataclass(frozen=True)
class ScoringSettings:
    writing_speed: float = DEFAULT_WRITING_SPEED
    benchmark_yen: float = DEFAULT_BENCHMARK_YEN
    benchmark_label: str = DEFAULT_BENCHMARK_LABEL
    contest_hours: float = DEFAULT_CONTEST_HOURS
    monthly_goal_yen: float = DEFAULT_MONTHLY_GOAL_YEN
    # Conditions the user meets (a profile's `eligible`): gigs limited to them are not ranked lower.
    eligible: tuple[str, ...] = ()
    fees: Mapping[str, Any] = field(default_factory=dict)


def benchmark_label(label: str) -> str:
    """The benchmark's label in the current language: the built-in one translated, a user's own as written."""
    return _(label) if label == DEFAULT_BENCHMARK_LABEL else label


def _positive(value: Any, default: float) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return default
    return number if number > 0 else default


def _words(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple):
        return ()
    return tuple(str(v).strip() for v in value if str(v).strip())


_last: tuple[Any, ScoringSettings | None] = (None, None)


def settings_from(config: Any = None) -> ScoringSettings:
    """Settings from the `config.load_config().scoring` dict, a Config, or None (the defaults).

    A crawl passes the same dict for every row: the last one read is remembered (by identity).
    """
    global _last
    if isinstance(config, ScoringSettings):
        return config
    if _last[1] is not None and _last[0] is config:
        return _last[1]
    settings = _read(config)
    _last = (config, settings)
    return settings


def _read(config: Any) -> ScoringSettings:
    if config is not None and not isinstance(config, Mapping) and hasattr(config, "scoring"):
        config = config.scoring
    data: Mapping[str, Any] = config if isinstance(config, Mapping) else {}
    fees = data.get("fees")
    return ScoringSettings(
        writing_speed=_positive(data.get("writing_speed_chars_per_hour"), DEFAULT_WRITING_SPEED),
        benchmark_yen=_positive(data.get("benchmark_wage_yen"), DEFAULT_BENCHMARK_YEN),
        benchmark_label=str(data.get("benchmark_wage_label") or DEFAULT_BENCHMARK_LABEL),
        contest_hours=_positive(data.get("contest_hours_per_entry"), DEFAULT_CONTEST_HOURS),
        monthly_goal_yen=_positive(data.get("monthly_goal_yen"), DEFAULT_MONTHLY_GOAL_YEN),
        eligible=_words(data.get("eligible")),
        fees=dict(fees) if isinstance(fees, Mapping) else {},
    )
