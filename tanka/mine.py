"""Your own gigs, as `tanka mark`, `tanka mine` and the web view's mark buttons read and check them:
the amount earned, the state a mark may take it with, and the month's goal. store/marks.py keeps
the marks themselves."""

from __future__ import annotations

import re
from typing import Any

from store.marks import STATES, TAKEN
from tanka.config import ConfigError
from tanka.i18n import _

_YEN = re.compile(r"^[¥￥]?\s*([0-9][0-9,]*)\s*円?$")


class MarkError(ValueError):
    """A mark that cannot be recorded as given (its message says why, for the user)."""


def parse_yen_amount(text: str) -> int:
    """"8580", "8,580円", "¥8,580" → 8580."""
    match = _YEN.match(text.strip())
    if not match:
        raise MarkError(_("--earned takes an amount in yen, e.g. 8580 or 8,580円, not {text!r}").format(text=text))
    return int(match.group(1).replace(",", ""))


def checked_mark(state: str, earned: str | None) -> int | None:
    """The earned amount of a mark in `state` (None when not given); a MarkError when the state is not
    one of store.marks.STATES or an amount comes with a state that earns nothing."""
    if state not in STATES:
        raise MarkError(_("unknown state {state!r} (states: {states})").format(state=state, states=", ".join(STATES)))
    amount = parse_yen_amount(earned) if earned is not None else None
    if amount is not None and state not in TAKEN:
        raise MarkError(_("--earned goes with won or done, not {state}").format(state=state))
    return amount


def goal_yen(config: Any, profile: str | None) -> int:
    """The monthly goal: the profile's monthly_goal_yen, else [scoring] monthly_goal_yen, else 100,000."""
    section = config.profile(profile) if profile else {}
    value = section.get("monthly_goal_yen") or config.scoring.get("monthly_goal_yen") or 100_000
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ConfigError(_("monthly_goal_yen must be a number > 0, not {value!r}").format(value=value))
    return int(value)


def earned_line(earned: int, goal: int, gigs: int) -> str:
    share = earned / goal if goal else 0
    return _("This month: ¥{earned:,} earned of your ¥{goal:,} goal ({share:.0%}), from {gigs} gig(s) taken; "
             "¥{left:,} to go").format(earned=earned, goal=goal, share=share, gigs=gigs, left=max(goal - earned, 0))
