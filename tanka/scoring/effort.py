"""How long one unit of work really takes. A client's or a site's minutes are a claim, not a fact.

CrowdWorks' 目安時間 (`estimated_work_minutes`) is typed in by the client; Shufti's 想定時給 is worked
out from the client's own estimate; 「所要時間1分」 in a title is the client's word. None of them
counts finding the task, reading its instructions and submitting it, and none is checked. So:

    credible minutes = max(claimed × CLAIM_FACTOR + OVERHEAD_MINUTES, floor)

where the floor is the least time a unit of that kind of work takes (FLOOR_MINUTES), or what the
listing's own volume takes at a beginner's pace (3,000 words of translation, a 2,000-字 article). An
upper bound (「最大60分」) is not stretched, only given its overhead. A survey that says it screens
respondents also pays for the attempts that end early and unpaid (SCREENED_OUT_*).

Each figure, with its reasoning, is in docs/SCORING.md §3 ("Time is a claim"). No platform
publishes these numbers: they are tanka's assumptions, stated so they can be argued with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A beginner takes longer than whoever wrote the estimate (inferred; no published figure).
CLAIM_FACTOR = 1.25
# Finding the task, reading its instructions or conditions, submitting the work report (inferred from
# the steps each site's task flow requires; ../shared/docs/DOMAIN.md §5.1).
OVERHEAD_MINUTES = 2.0
# The least time one unit of each kind of work takes, overhead included (inferred; reasoning in SCORING.md).
FLOOR_MINUTES: dict[str, float] = {
    "survey": 5, "data_entry": 2, "writing": 10, "translation": 10, "photo": 10, "marketing": 5,
    "admin": 5, "design": 30, "development": 30, "video": 30, "other": 2,
}
# Surveys that screen respondents: the share of attempts screened out, and what one costs.
SCREENED_OUT_SHARE = 0.5
SCREENED_OUT_MINUTES = OVERHEAD_MINUTES + 1
# A working translator's pace (2,000–3,000 words a day is the usual professional figure); a beginner is slower.
TRANSLATION_WORDS_PER_HOUR = 300

_SCREENING = re.compile(r"スクリーニング|事前調査|事前アンケート|事前質問|対象外|非該当|該当しない|該当されない|"
                        r"条件に(?:合わ|該当し)ない|途中で終了|回答(?:が)?終了|対象者のみ|対象となる方のみ")


@dataclass(frozen=True)
class Effort:
    """Credible minutes for one paid unit, and how they were reached."""

    minutes: float  # per paid unit: the claim stretched, overhead added, floored, screen-outs included
    claimed: float | None  # what the site or the client says (None: tanka's own estimate from the volume)
    who: str | None  # "site" | "client" | None
    cap: bool = False  # the claim is an upper bound (最大60分)
    floor: float = 0.0  # the kind's or the volume's floor that applied (0: the stretched claim was higher)
    screened: bool = False  # part of the attempts end unpaid

    @property
    def paid_share(self) -> float:
        return 1 - SCREENED_OUT_SHARE if self.screened else 1.0


def screens_respondents(text: str) -> bool:
    """The survey says it screens (スクリーニング, 対象外の方は終了 …). `text` is NFKC-folded."""
    return bool(_SCREENING.search(text))


def floor_minutes(kind: str | None, volume_minutes: float | None = None) -> float:
    return max(FLOOR_MINUTES.get(kind or "other", FLOOR_MINUTES["other"]), volume_minutes or 0.0)


def volume_minutes(kind: str | None, chars: float | None, words: float | None, writing_speed: float) -> float | None:
    """Minutes the listing's stated volume takes: words of translation at TRANSLATION_WORDS_PER_HOUR,
    characters of writing or translation at the user's writing speed. None for other kinds of work."""
    if kind == "translation" and words:
        return words / TRANSLATION_WORDS_PER_HOUR * 60
    if kind in ("writing", "translation") and chars:
        return chars / writing_speed * 60
    return None


def credible(claimed: float | None, who: str | None, *, kind: str | None, cap: bool = False,
             volume: float | None = None, screened: bool = False) -> Effort:
    """Minutes one paid unit credibly takes, from a claim (or none: the volume's own estimate)."""
    floor = floor_minutes(kind, volume)
    if claimed is None:
        stretched = 0.0
    else:
        stretched = claimed + OVERHEAD_MINUTES if cap else claimed * CLAIM_FACTOR + OVERHEAD_MINUTES
    minutes = max(stretched, floor)
    if screened:
        minutes += SCREENED_OUT_SHARE / (1 - SCREENED_OUT_SHARE) * SCREENED_OUT_MINUTES
    return Effort(minutes=round(minutes, 1), claimed=claimed, who=who, cap=cap,
                  floor=floor if floor >= stretched else 0.0, screened=screened)
