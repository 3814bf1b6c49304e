"""`kill -9` mid-crawl, three times (once while a batch is being written): the database still
opens, holds no half-written batch and no duplicate, the killed runs are marked abandoned and
partial and closed nothing, and the next crawl completes with the mirror's every listing."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from store import connect
from store.runs import mark_abandoned
from tanka.crawl import MIRROR_PACE, crawl_command
from tanka.mirror.server import Mirror
from tests.conftest import MIRROR_START, query
from tests.faults.conftest import FAST, corrupt_rows, crawl, last_run

pytestmark = pytest.mark.e2e

LISTINGS = 250
BATCH = 10
DETAIL = r"^/public/jobs/\d+$"


def kill_when(mirror: Mirror, db: Path, ready: Callable[[], bool], limit: float = 60) -> bool:
    """Start a crawl, SIGKILL its process group as soon as `ready()`; False if it ended first."""
    settings = {**mirror.base_urls, **MIRROR_PACE, **FAST, "TANKA_STORE_BATCH": BATCH}
    process = subprocess.Popen(crawl_command("crowdworks", db, settings, {"max_pages": 0}),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
                               env={**os.environ, "SCRAPY_SETTINGS_MODULE": "tanka.settings"})
    deadline = time.monotonic() + limit
    try:
        while process.poll() is None and time.monotonic() < deadline:
            if ready():
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                return True
            time.sleep(0.001)
        return False
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def check(db: Path) -> dict[str, object]:
    """What the database holds after a kill (opened as the next command would open it)."""
    con = connect(db, read_only=True)
    con.close()
    killed = query(db, "SELECT max(run_id) FROM crawl_runs")[0][0]
    return {
        "corrupt": corrupt_rows(db),
        "killed_rows": query(db, "SELECT count(*) FROM listings WHERE last_run_id = $run", run=killed)[0][0],
        "closed": query(db, "SELECT count(*) FROM listings WHERE status = 'closed'")[0][0],
        "scope_orphans": query(db, """SELECT count(*) FROM listing_scopes s
                                      ANTI JOIN listings l USING (site, listing_id)""")[0][0],
    }


@pytest.fixture(scope="module")
def killed(tmp_path_factory):
    db = tmp_path_factory.mktemp("kill9") / "tanka.duckdb"
    wal = db.with_name(db.name + ".wal")
    mirror = Mirror(seed=3, listings=LISTINGS, start_date=MIRROR_START, sites=["crowdworks"]).start()
    try:
        moments = {  # detail pages asked for by this crawl (each one knows the listings stored before)
            "writing a batch": lambda: wal.exists() and len(mirror.requested(DETAIL)) > 15,
            "between batches": lambda: len(mirror.requested(DETAIL)) >= 40 and not wal.exists(),
            "later": lambda: len(mirror.requested(DETAIL)) >= 120,
        }
        checks, kills = {}, 0
        for name, ready in moments.items():
            with mirror._lock:
                mirror.requests.clear()
            kills += kill_when(mirror, db, ready)
            checks[name] = check(db)
        with connect(db) as con:
            mark_abandoned(con, datetime.now(UTC) + timedelta(seconds=1))
        runs = query(db, "SELECT finish_reason, partial FROM crawl_runs ORDER BY run_id")
        crawl("crowdworks", mirror, db)
        yield {"mirror": mirror, "db": db, "checks": checks, "kills": kills, "runs": runs,
               "final": last_run(db)}
    finally:
        mirror.stop()


def test_every_crawl_was_killed_mid_way(killed):
    assert killed["kills"] == 3


@pytest.mark.parametrize("moment", ["writing a batch", "between batches", "later"])
def test_the_database_holds_nothing_corrupt_after_a_kill(killed, moment):
    assert killed["checks"][moment]["corrupt"] == []


@pytest.mark.parametrize("moment", ["writing a batch", "between batches", "later"])
def test_no_half_written_batch_is_visible(killed, moment):
    assert killed["checks"][moment]["killed_rows"] % BATCH == 0


@pytest.mark.parametrize("moment", ["writing a batch", "between batches", "later"])
def test_a_killed_crawl_closes_nothing(killed, moment):
    assert killed["checks"][moment]["closed"] == 0


@pytest.mark.parametrize("moment", ["writing a batch", "between batches", "later"])
def test_scope_rows_are_written_with_their_listings(killed, moment):
    assert killed["checks"][moment]["scope_orphans"] == 0


def test_the_killed_runs_are_marked_abandoned_and_partial(killed):
    # Marked by store.runs.mark_abandoned, called here as the scheduler does (or earlier by a crawl's start).
    assert killed["runs"] == [("abandoned", True)] * 3


def test_the_next_crawl_completes(killed):
    final = killed["final"]
    assert (final["finish_reason"], final["partial"], final["errors"]) == ("finished", False, 0)


def test_the_next_crawl_stores_every_listing_once(killed):
    mirror = killed["mirror"]
    expected = {str(g.id) for g in mirror.world.open_gigs("crowdworks", mirror.day)}
    stored = [r[0] for r in query(killed["db"], "SELECT listing_id FROM listings")]
    assert (len(stored), set(stored)) == (len(expected), expected)


def test_nothing_is_corrupt_after_the_next_crawl(killed):
    assert corrupt_rows(killed["db"]) == []
