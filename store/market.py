"""The market as a whole (the web view's /market page): what gigs of each kind pay on each site, and
how many are posted a day, over a recent window.

A listing belongs to the window when it was posted in it (`posted_at`, where the site shows it; else
when tanka first saw it), whatever its status now: a gig taken since was still part of the market.
The window has no end: a site may date a listing later today than the clock says now.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import duckdb

from store.db import rows_of

# measure → (the column, the listings it is read from)
MEASURES = {
    "net_hourly_yen": ("net_hourly_yen", "TRUE"),
    "yen_per_char": ("yen_per_char", "TRUE"),
    "net_unit_yen": ("net_unit_yen", "pay_type IN ('task', 'writing')"),
}
QUANTILES = (0.1, 0.25, 0.5, 0.75, 0.9)
_POSTED = "coalesce(posted_at, first_seen_at)"


@dataclass(frozen=True)
class Distribution:
    """One measure's spread over the gigs of one kind on one site (site None: every site)."""

    measure: str
    kind: str
    site: str | None
    count: int
    p10: float
    p25: float
    median: float
    p75: float
    p90: float
    low: float
    high: float
    below: int  # how many are below the `below` threshold asked for (the minimum wage, for net ¥/h)


def distributions(con: duckdb.DuckDBPyConnection, measure: str, since: datetime, *,
                  kind: str | None = None, site: str | None = None, below: float | None = None,
                  min_count: int = 1) -> list[Distribution]:
    """The spread of `measure` per kind and site, and per kind over every site, of the listings
    posted since `since`; kinds with the most listings first."""
    column, where = MEASURES[measure]
    rows = rows_of(con.execute(
        f"""WITH gigs AS (
                SELECT coalesce(kind, 'other') AS kind, site, {column} AS v FROM listings
                WHERE {column} IS NOT NULL AND {column} >= 0 AND {where}
                  AND {_POSTED} >= $since
                  AND ($kind IS NULL OR coalesce(kind, 'other') = $kind) AND ($site IS NULL OR site = $site))
            SELECT kind, site, count(*) AS n, quantile_cont(v, $quantiles) AS q, min(v) AS low, max(v) AS high,
                   count(*) FILTER (WHERE v < $below) AS below
            FROM gigs GROUP BY GROUPING SETS ((kind, site), (kind)) HAVING count(*) >= $min_count""",
        {"quantiles": list(QUANTILES), "below": float(below or 0), "since": since,
         "kind": kind, "site": site, "min_count": min_count}))
    totals: dict[str, int] = {r["kind"]: r["n"] for r in rows if r["site"] is None}
    out = [Distribution(measure=measure, kind=r["kind"], site=r["site"], count=r["n"], p10=r["q"][0],
                        p25=r["q"][1], median=r["q"][2], p75=r["q"][3], p90=r["q"][4], low=r["low"],
                        high=r["high"], below=r["below"]) for r in rows]
    # A kind's row over every site first, then its sites; kinds with the most listings first.
    return sorted(out, key=lambda d: (-totals.get(d.kind, 0), d.kind, d.site is not None, d.site or ""))


def new_per_day(con: duckdb.DuckDBPyConnection, since: datetime, *, kind: str | None = None,
                site: str | None = None) -> list[tuple[date, str, int]]:
    """(Tokyo day, site, listings posted that day), oldest day first."""
    return con.execute(
        f"""SELECT CAST(timezone('Asia/Tokyo', {_POSTED}) AS DATE) AS day, site, count(*) AS n
            FROM listings
            WHERE {_POSTED} >= $since
              AND ($kind IS NULL OR coalesce(kind, 'other') = $kind) AND ($site IS NULL OR site = $site)
            GROUP BY ALL ORDER BY day, site""",
        {"since": since, "kind": kind, "site": site}).fetchall()


def market_kinds(con: duckdb.DuckDBPyConnection, since: datetime) -> list[tuple[str, int]]:
    """(kind, listings posted in the window), most first."""
    return con.execute(
        f"""SELECT coalesce(kind, 'other') AS kind, count(*) AS n FROM listings
            WHERE {_POSTED} >= $since GROUP BY ALL ORDER BY n DESC, kind""",
        {"since": since}).fetchall()

