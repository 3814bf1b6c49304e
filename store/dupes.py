"""Write `listings.dup_group` for the open listings (scoring.dupes decides what is one gig).

Run after each crawl run and after `tanka rescore`; closed listings lose their group.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from tanka.scoring.dupes import DupCandidate, group_duplicates

# One gross figure per listing to compare pay across sites (yen per hour, per unit, or the budget).
_PAY = "coalesce(hourly_min_yen, unit_price_yen, budget_max_yen, budget_min_yen)"


def assign_dup_groups(con: duckdb.DuckDBPyConnection) -> int:
    """Regroup every open listing; returns the number of listings that have a duplicate."""
    rows = con.execute(
        f"SELECT site, listing_id, title, client_name, {_PAY} FROM listings WHERE status = 'open'"
    ).fetchall()
    groups = group_duplicates(DupCandidate(*row) for row in rows)
    con.execute("UPDATE listings SET dup_group = NULL WHERE dup_group IS NOT NULL")
    if not groups:
        return 0
    table = pa.table({
        "site": [site for site, _ in groups],
        "listing_id": [listing_id for _, listing_id in groups],
        "dup_group": list(groups.values()),
    })
    con.register("tanka_dup_groups", table)
    try:
        con.execute(
            """UPDATE listings SET dup_group = g.dup_group FROM tanka_dup_groups g
               WHERE listings.site = g.site AND listings.listing_id = g.listing_id"""
        )
    finally:
        con.unregister("tanka_dup_groups")
    return len(groups)
