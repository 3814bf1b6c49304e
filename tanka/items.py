"""The listing item every spider yields, and the vocabularies it uses.

A spider fills a `Gig` with *raw* values exactly as the page shows them (strings such as
"20,000 円 ~ 50,000 円 / 固定", "あと6日", or the numbers of a JSON payload). The pipelines turn
those into the typed columns of the `listings` table, documented in docs/DATA.md; the field
names here are those column names, so one name means one thing from page to SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any


class _SynonymEnum(StrEnum):
    """An enum whose members carry the labels the sites print for them."""

    @classmethod
    def synonyms(cls) -> dict[str, _SynonymEnum]:
        return {}

    @classmethod
    def from_label(cls, label: object) -> _SynonymEnum | None:
        if label is None:
            return None
        if isinstance(label, cls):
            return label
        text = str(label).strip()
        try:
            return cls(text)
        except ValueError:
            return cls.synonyms().get(text)


class PayType(_SynonymEnum):
    FIXED = "fixed"
    HOURLY = "hourly"
    TASK = "task"
    WRITING = "writing"
    COMPETITION = "competition"

    @classmethod
    def synonyms(cls) -> dict[str, PayType]:
        return {
            # CrowdWorks payment keys and labels
            "fixed_price_payment": cls.FIXED,
            "固定報酬制": cls.FIXED,
            "hourly_payment": cls.HOURLY,
            "時間単価制": cls.HOURLY,
            "時間報酬": cls.HOURLY,
            "task_payment": cls.TASK,
            "タスク": cls.TASK,
            "タスク形式": cls.TASK,
            "fixed_price_writing_payment": cls.WRITING,
            "記事単価": cls.WRITING,
            "competition_payment": cls.COMPETITION,
            "コンペ": cls.COMPETITION,
            "コンペ形式": cls.COMPETITION,
            # Lancers badges
            "プロジェクト": cls.FIXED,
            "project": cls.FIXED,
            "competition": cls.COMPETITION,
            # Shufti job types (1 = プロジェクト, 2 = タスク)
            "1": cls.FIXED,
            "2": cls.TASK,
        }


class Status(_SynonymEnum):
    OPEN = "open"
    CLOSED = "closed"

    @classmethod
    def synonyms(cls) -> dict[str, Status]:
        return {"募集中": cls.OPEN, "released": cls.OPEN, "募集終了": cls.CLOSED, "終了": cls.CLOSED}


class HourlyBasis(StrEnum):
    """Where a listing's net hourly figure comes from."""

    STATED = "stated"  # the listing states an hourly wage
    SITE_ESTIMATE = "site_estimate"  # the site's own estimate (Shufti's 想定時給)
    TASK_MINUTES = "task_minutes"  # unit price and the site's estimated minutes per unit
    WRITING_SPEED = "writing_speed"  # 文字単価 × the user's writing speed
    UNKNOWN = "unknown"


class DetailStatus(StrEnum):
    """What happened to a listing's detail page in this crawl."""

    FETCHED = "fetched"
    SKIPPED = "skipped"  # known and unchanged since the last crawl: not fetched again
    UNAVAILABLE = "unavailable"  # 403/404, never rendered, or a layout the parser does not know
    NONE = "none"  # the site has no detail page worth fetching, or it was not requested
    # A quick poll (alerts) read it from the list only: no alerting profile could want it. The next
    # full crawl fetches its detail page (the poll stores no fingerprint for it).
    DEFERRED = "deferred"


# A listing read without its detail page this time: its row adds to the stored one (never erases
# it), and its derived columns are computed by the store from the merge, not from this partial row.
PARTIAL_DETAIL = frozenset({DetailStatus.SKIPPED, DetailStatus.UNAVAILABLE, DetailStatus.DEFERRED})
# Why a detail page was not read (`tanka/detail/unavailable/<reason>`) when that loses nothing: the
# page is not ours to read, or the listing is gone. Any other reason is a failed page.
DETAIL_NOT_FAILED = frozenset({"login_required", "robots_forbidden", "http_404", "http_410", "not_found"})


# Raw values that never count as a value.
_EMPTY = (None, "", [], {})


@dataclass
class Gig:
    """One listing as extracted from a page: raw values, named like the `listings` columns."""

    site: str
    listing_id: str
    url: str | None = None
    title: str | None = None
    category: str | None = None
    pay_type: str | None = None
    price_text: str | None = None
    budget_min_yen: Any = None
    budget_max_yen: Any = None
    hourly_min_yen: Any = None
    hourly_max_yen: Any = None
    unit_price_yen: Any = None
    unit_minutes: Any = None
    unit_chars: Any = None
    yen_per_char: Any = None  # the site's own 文字単価 where it prints one (Lancers `0.33 円 / 文字`)
    units: Any = None
    site_hourly_yen: Any = None
    applicants: Any = None
    slots: Any = None
    contracts: Any = None
    deadline: Any = None
    posted_at: Any = None
    client_id: Any = None
    client_name: str | None = None
    client_rating: Any = None
    client_orders: Any = None
    client_completion_rate: Any = None
    client_verified: Any = None
    description: str | None = None
    tags: list[str] = field(default_factory=list)
    status: str | None = None
    # Site-specific raw values with no column of their own (view counts, PR slot, industry …).
    extra: dict[str, Any] = field(default_factory=dict)
    # Crawl bookkeeping, not listing content.
    crawled_at: str | None = None  # ISO-8601 with offset; relative times are read against it
    list_hash: str | None = None  # fingerprint of what the list page shows; see spiders.base
    detail_status: str = DetailStatus.NONE
    scope: str | None = None  # the listing set this was seen in, e.g. "crowdworks:new"

    BOOKKEEPING = ("crawled_at", "list_hash", "detail_status", "scope")

    def raw_values(self) -> dict[str, Any]:
        """The non-empty raw values, as stored in `listings.raw` and re-read by `tanka rescore`."""
        out = {}
        for name in _FIELD_NAMES:
            value = getattr(self, name)
            if value in _EMPTY or name in _NOT_RAW:
                continue
            # Shallow copies: dataclasses.asdict's deep copy cost a third of a crawl's CPU.
            out[name] = dict(value) if isinstance(value, dict) else list(value) if isinstance(value, list) else value
        return out

    def merge(self, other: Gig) -> Gig:
        """Values of `other` (e.g. a detail page) win where they are present."""
        for f in fields(self):
            value = getattr(other, f.name)
            if f.name == "extra":
                self.extra.update({k: v for k, v in value.items() if v not in _EMPTY})
            elif f.name == "tags":
                self.tags = list(dict.fromkeys([*self.tags, *value]))
            elif value not in _EMPTY and f.name not in ("site", "listing_id", "list_hash", "scope"):
                setattr(self, f.name, value)
        return self

    @classmethod
    def from_raw(cls, raw: dict[str, Any]) -> Gig:
        return cls(**{k: v for k, v in raw.items() if k in _FIELD_NAMES})


_FIELD_NAMES = tuple(f.name for f in fields(Gig))
_NOT_RAW = frozenset(("list_hash", "scope", "detail_status"))
