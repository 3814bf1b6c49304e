"""Every read of the schema that code outside store/ needs, as functions returning plain rows.

store/ is the only code that knows the tables (docs/DATA.md); the CLI, the scheduler, scoring's
`top` and the digest call these and get dicts or tuples back.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

import duckdb

from store.db import DatabaseLocked, connect, execute, rows_of
from store.marks import has_marks, put_away_condition
from store.migrations import migrate
from tanka.i18n import N_

# Store bookkeeping, left out of what `tanka parse` and `tanka top` show.
INTERNAL_COLUMNS = frozenset({"closed_at", "list_hash", "detail_status", "detail_fetched_at", "last_run_id"})


def listing_columns() -> list[str]:
    """The public columns of `listings`, in table order (store bookkeeping left out)."""
    con = duckdb.connect(":memory:")
    try:
        migrate(con)
        return [r[0] for r in con.execute("DESCRIBE listings").fetchall() if r[0] not in INTERNAL_COLUMNS]
    finally:
        con.close()


# ----- crawl runs --------------------------------------------------------------------------------------
def last_runs(con: duckdb.DuckDBPyConnection, per_site: int) -> dict[str, list[dict[str, Any]]]:
    """Each site's last `per_site` crawl runs, newest first, with counts as numbers (0, not NULL)."""
    cursor = con.execute(
        """SELECT * REPLACE (coalesce(items, 0) AS items, coalesce(errors, 0) AS errors,
                             coalesce(pages, 0) AS pages)
           FROM crawl_runs QUALIFY row_number() OVER (PARTITION BY site ORDER BY run_id DESC) <= $n
           ORDER BY site, run_id DESC""",
        {"n": per_site},
    )
    runs: dict[str, list[dict[str, Any]]] = {}
    for run in rows_of(cursor):
        runs.setdefault(run["site"], []).append(run)
    return runs


# Column headings, translated where they are printed (tanka status).
RUN_TABLE_COLUMNS = (N_("site"), N_("run_id"), N_("started"), N_("finish"), N_("outcome"), N_("items"), N_("new"),
                     N_("changed"), N_("closed"), N_("errors"), N_("pages"))


def recent_runs_table(con: duckdb.DuckDBPyConnection, per_site: int) -> tuple[list[str], list[tuple[Any, ...]]]:
    """`tanka status`'s table of each site's last runs: (columns, rows)."""
    rows = []
    for runs in last_runs(con, per_site).values():
        for run in runs:
            outcome = None if run["partial"] is None else "partial" if run["partial"] else "complete"
            rows.append((run["site"], run["run_id"], f"{run['started_at']:%m-%d %H:%M}",
                         run["finish_reason"] or "running", outcome, run["items"], run["new_listings"],
                         run["changed"], run["closed_unseen"], run["errors"], run["pages"]))
    return list(RUN_TABLE_COLUMNS), rows


def last_run_since(db_path: str | os.PathLike[str], site: str, since: datetime) -> dict[str, Any]:
    """The site's newest run started at or after `since`, from its own short read connection; {} if none."""
    try:
        con = connect(db_path, read_only=True, wait_seconds=30)
    except (DatabaseLocked, FileNotFoundError):
        return {}
    try:
        rows = rows_of(con.execute(
            "SELECT * FROM crawl_runs WHERE site = $site AND started_at >= $since ORDER BY run_id DESC LIMIT 1",
            {"site": site, "since": since},
        ))
    except duckdb.CatalogException:  # a database without the tables yet
        return {}
    finally:
        con.close()
    return rows[0] if rows else {}


def last_finished_at(con: duckdb.DuckDBPyConnection, site: str) -> datetime | None:
    """When the site's last ended run (crawl or poll) ended; None if none has."""
    return con.execute("SELECT max(finished_at) FROM crawl_runs WHERE site = $site AND finish_reason IS NOT NULL",
                       {"site": site}).fetchall()[0][0]


# ----- listings -------------------------------------------------------------------------------------------
def site_counts(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int, int]]:
    """(site, open listings, stored listings) per site."""
    return con.execute(
        "SELECT site, count(*) FILTER (WHERE status = 'open'), count(*) FROM listings GROUP BY site ORDER BY site"
    ).fetchall()


def open_count(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("SELECT count(*) FROM listings WHERE status = 'open'").fetchall()[0][0]


# ----- ranking: `tanka top` and the digest ----------------------------------------------------------------
# A gig that can still be taken: open, and not every task taken or slot filled (docs/DATA.md `filled`).
OPEN_FOR_RANKING = "status = 'open' AND NOT coalesce(filled, FALSE)"
@dataclass(frozen=True)
class ListingFilter:
    """The filters SQL checks exactly (a profile's words and category words need NFKC folding and
    are checked in Python by tanka.scoring.profiles.matches_profile)."""

    sites: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    beginner_only: bool = False
    min_net_hourly_yen: float = 0.0
    hourly_basis: str | None = None
    hide_marked: bool = False  # leave out the gigs the user marked hidden, applied, won, lost or done
    restricted_only: bool = False  # only gigs open to a group (a reader who meets some conditions re-scores them)
    # Leave out gigs whose deadline has passed by then: a listing stays open in the store until the
    # next crawl of its site sees the deadline gone, and a reader should never be sent to it meanwhile.
    open_at: datetime | None = None

    def where(self) -> tuple[str, dict[str, Any]]:
        conditions, params = [OPEN_FOR_RANKING], {}
        if self.hide_marked:
            conditions.append(put_away_condition())
        if self.sites:
            conditions.append("site IN (SELECT unnest($filter_sites))")
            params["filter_sites"] = list(self.sites)
        if self.kinds:
            conditions.append("kind IN (SELECT unnest($filter_kinds))")
            params["filter_kinds"] = list(self.kinds)
        if self.beginner_only:
            conditions.append("coalesce(beginner_ok, FALSE)")
        if self.min_net_hourly_yen > 0:
            conditions.append("net_hourly_yen >= $filter_min_hourly")
            params["filter_min_hourly"] = float(self.min_net_hourly_yen)
        if self.hourly_basis:
            conditions.append("hourly_basis = $filter_basis")
            params["filter_basis"] = self.hourly_basis
        if self.restricted_only:
            conditions.append("coalesce(restricted, FALSE)")
        if self.open_at is not None:
            conditions.append("(deadline IS NULL OR deadline > $filter_open_at)")
            params["filter_open_at"] = self.open_at
        return " AND ".join(conditions), params


# The widest columns, read only when asked for: `raw` to re-score a row at a reader's own settings,
# `description` for keyword filters. Reading them for every candidate was most of `tanka top`'s
# time over 1,000,000 listings.
HEAVY_COLUMNS = frozenset({"raw", "description"})
_ORDERS = {
    "score": "score DESC NULLS LAST, site, listing_id",
    "yen_per_char": "yen_per_char DESC NULLS LAST, site, listing_id",
}


def reader_columns(con: duckdb.DuckDBPyConnection, heavy: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """The listings columns a reader sees: no store bookkeeping, heavy columns only when asked for."""
    hidden = (INTERNAL_COLUMNS - {"detail_status"}) | (HEAVY_COLUMNS - set(heavy))
    return [r[0] for r in con.execute("DESCRIBE listings").fetchall() if r[0] not in hidden]


def open_listings(con: duckdb.DuckDBPyConnection, where: ListingFilter, *, order: str = "score",
                  limit: int | None = None, heavy: frozenset[str] | set[str] = frozenset()) -> list[dict[str, Any]]:
    """Open listings passing `where`, best first by `order` ("score" or "yen_per_char")."""
    if where.hide_marked and not has_marks(con):  # a database from before marks: nothing is marked
        where = replace(where, hide_marked=False)
    columns = ", ".join(reader_columns(con, heavy))
    condition, params = where.where()
    sql = f"SELECT {columns} FROM listings WHERE {condition} ORDER BY {_ORDERS[order]}"
    if limit is not None:
        # The best `limit` chosen on the sort keys alone, then read whole: sorting every column of
        # 1,000,000 rows to keep 200 doubled `tanka top`'s time.
        sql = (f"SELECT {columns} FROM listings WHERE rowid IN (SELECT rowid FROM listings WHERE {condition}"
               f" ORDER BY {_ORDERS[order]} LIMIT $limit) ORDER BY {_ORDERS[order]}")
        params["limit"] = max(int(limit), 0)
    return rows_of(con.execute(sql, params or None))


# "New" gigs of a digest window: still open for ranking, first seen inside it, deadline ahead; best first.
_NEW_GIGS = f"""
FROM listings
WHERE {OPEN_FOR_RANKING} AND first_seen_at > $since AND first_seen_at <= $until
  AND (deadline IS NULL OR deadline > $until) {{extra}}
ORDER BY score DESC NULLS LAST, net_hourly_yen DESC NULLS LAST, first_seen_at DESC, site, listing_id
"""
# A gig counts as new to the market only if a run of its site had ended shortly before tanka first
# saw it: after a site's first crawl, or a long pause, every listing is "first seen" at once.
_WATCHED = """
  AND EXISTS (SELECT 1 FROM crawl_runs r WHERE r.site = listings.site AND r.finish_reason IS NOT NULL
              AND r.finished_at < listings.first_seen_at AND r.finished_at >= listings.first_seen_at - $gap)"""


# What a digest chooses by, narrow: reading the two list columns for a day's 25,000 new gigs was
# a third of its query. For a reader who meets no conditions (`eligible` empty), `restricted` is
# all that matters of `restrictions`; of `risk_flags`, only the serious ones (`$serious_flags`,
# NULL when none) name a gig under "Watch out". The picks are then read whole (listings_by_ref).
CHOOSING_COLUMNS = (
    "site", "listing_id", "category", "kind", "net_hourly_yen", "beginner_ok", "dup_group", "hourly_basis",
    "coalesce(restricted, FALSE) OR coalesce(len(restrictions), 0) > 0 AS restricted",
    "CASE WHEN list_has_any(risk_flags, $serious_flags)"
    " THEN list_filter(risk_flags, lambda f: list_contains($serious_flags, f)) END AS risk_flags",
)


def new_listings(con: duckdb.DuckDBPyConnection, since: datetime, until: datetime,
                 columns: tuple[str, ...] | None = None, *, hide_marked: bool = False,
                 watched_within: timedelta | None = None,
                 serious_flags: Sequence[str] = ()) -> list[dict[str, Any]]:
    """Every column of the window's new gigs; or, given `columns`, only those plus `row_ref` (a
    handle for `listings_by_ref`): reading every column of a day's 25,000 new gigs over 1,000,000
    stored took over a second, so a digest chooses on narrow rows and reads its picks whole.

    `hide_marked`: leave out gigs the user put away (store.marks.PUT_AWAY). `watched_within`: only
    gigs first seen within this time after an earlier run of their site ended (alerts: a gig
    that was there before tanka looked is not news). `serious_flags`: the flags CHOOSING_COLUMNS keeps."""
    select = "SELECT *" if columns is None else f"SELECT rowid AS row_ref, {', '.join(columns)}"
    extra, params = "", {"since": since, "until": until, "serious_flags": list(serious_flags)}
    if hide_marked and has_marks(con):
        extra += " AND " + put_away_condition()
    if watched_within is not None:
        extra += _WATCHED
        params["gap"] = watched_within
    return rows_of(execute(con, select + _NEW_GIGS.format(extra=extra), params))


def listings_by_ref(con: duckdb.DuckDBPyConnection, refs: list[int]) -> list[dict[str, Any]]:
    """The whole stored rows of `refs` (row_ref values from new_listings), in the same order."""
    if not refs:
        return []
    rows = rows_of(con.execute("SELECT rowid AS row_ref, * FROM listings WHERE rowid IN (SELECT unnest($refs))",
                               {"refs": list(refs)}))
    by_ref = {row.pop("row_ref"): row for row in rows}
    return [by_ref[ref] for ref in refs]


# ----- one listing: the web view's gig page -----------------------------------------------------------------
def listing_row(con: duckdb.DuckDBPyConnection, site: str, listing_id: str) -> dict[str, Any] | None:
    """The stored row of one listing (its `raw` left out), or None."""
    columns = [c for c in reader_columns(con, {"description"}) if c != "raw"]
    rows = rows_of(con.execute(f"SELECT {', '.join(columns)}, closed_at FROM listings "
                               "WHERE site = $site AND listing_id = $id", {"site": site, "id": listing_id}))
    return rows[0] if rows else None


def listing_history(con: duckdb.DuckDBPyConnection, site: str, listing_id: str) -> list[dict[str, Any]]:
    """The listing's snapshots, oldest first: seen_at, status, pay_yen (the one figure a price change is
    measured on: the lowest hourly wage, the unit price or the budget), applicants, slots, contracts."""
    return rows_of(con.execute(
        """SELECT seen_at, status, pay_yen, applicants, slots, contracts, new_applicants, price_change_yen
           FROM listing_history WHERE site = $site AND listing_id = $id ORDER BY seen_at""",
        {"site": site, "id": listing_id}))


def client_record(con: duckdb.DuckDBPyConnection, site: str, client_id: str | None, client_name: str | None
                  ) -> dict[str, Any] | None:
    """The client's record on `site` across every stored listing of theirs (the `client_record` view)."""
    key = client_id or client_name
    if not key:
        return None
    rows = rows_of(con.execute("SELECT * FROM client_record WHERE site = $site AND client_key = $key",
                               {"site": site, "key": key}))
    return rows[0] if rows else None


def client_listings(con: duckdb.DuckDBPyConnection, site: str, client_id: str | None, client_name: str | None,
                    limit: int = 20) -> list[dict[str, Any]]:
    """The client's listings on `site`, newest first (open ones before closed ones)."""
    key = client_id or client_name
    if not key:
        return []
    return rows_of(con.execute(
        """SELECT site, listing_id, title, status, kind, pay_type, net_hourly_yen, net_unit_yen, score,
                  risk_flags, first_seen_at, closed_at
           FROM listings WHERE site = $site AND coalesce(client_id, client_name) = $key
           ORDER BY status <> 'open', first_seen_at DESC, listing_id LIMIT $limit""",
        {"site": site, "key": key, "limit": limit}))


def duplicate_postings(con: duckdb.DuckDBPyConnection, dup_group: str | None) -> list[dict[str, Any]]:
    """Every posting of the same gig (its dup_group), best net hourly pay first."""
    if not dup_group:
        return []
    return rows_of(con.execute(
        """SELECT site, listing_id, title, url, status, net_hourly_yen, net_unit_yen, net_is_estimate, score
           FROM listings WHERE dup_group = $group
           ORDER BY net_hourly_yen DESC NULLS LAST, score DESC NULLS LAST, site, listing_id""",
        {"group": dup_group}))
