"""The words of a site's crawl health and of its runs (the store keeps codes): one wording for
`tanka status` and the web view's status page."""

from __future__ import annotations

from typing import Any

from tanka.i18n import N_, _

STATES = {"ok": N_("ok"), "failing": N_("failing"), "running": N_("running"), "stale": N_("stale"),
          "never": N_("never")}
RUN_WORDS = {"finished": N_("finished"), "running": N_("running"), "abandoned": N_("abandoned"),
             "shutdown": N_("shutdown"), "partial": N_("partial"), "complete": N_("complete")}


def health_state(state: str, failing: bool) -> str:
    """A site's health in words: FAILING stands out in English; 要対応 in Japanese."""
    word = _(STATES[state]) if state in STATES else state
    return word.upper() if failing else word


def run_row(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """A run's row with its finish reason and outcome in words."""
    return tuple(_(RUN_WORDS[v]) if isinstance(v, str) and v in RUN_WORDS and i in (3, 4) else v
                 for i, v in enumerate(row))
