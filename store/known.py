"""What the store already knows about a site's listings, for incremental crawls."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import duckdb

from store.db import DatabaseLocked, connect

log = logging.getLogger(__name__)


def load_known(db_path: str | os.PathLike[str] | None, site: str) -> dict[str, str | None]:
    """listing_id → list_hash of every listing of the site the store holds.

    A listing whose list page shows the same hash again is unchanged: it needs no detail request
    (a detail page that failed once is not retried until the listing changes).
    An absent or locked database means "nothing known": the crawl then fetches every detail.
    """
    if db_path is not None and str(db_path) != ":memory:" and not Path(db_path).exists():
        return {}
    try:
        con = connect(db_path, read_only=True, wait_seconds=60)
    except (DatabaseLocked, FileNotFoundError) as error:
        log.warning("incremental crawl disabled, every detail page will be fetched: %s", error)
        return {}
    try:
        rows = con.execute(
            "SELECT listing_id, list_hash FROM listings WHERE site = $site",
            {"site": site},
        ).fetchall()
    except duckdb.CatalogException:
        return {}
    finally:
        con.close()
    return dict(rows)
