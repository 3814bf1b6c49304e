"""Done when: `tanka schedule --mirror` with an alerting profile mails a local SMTP server an alert
for a listing the mirror posted, within the target delay (one poll interval + 2 minutes); a poll
reads the first page(s) only and fetches detail pages only for new listings."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.digest.conftest import start_smtp
from tests.e2e.test_scheduler import Daemon

pytestmark = pytest.mark.e2e

POLL_SECONDS = 10
TARGET_DELAY = POLL_SECONDS + 120


def write_config(tmp_path: Path, smtp_port: int) -> Path:
    path = tmp_path / "tanka.toml"
    path.write_text(f"""
[crawl]
sites = ["crowdworks"]

[schedule]
stop_grace = 10

[schedule.crawl]
crowdworks = "0 0 1 1 *"    # no full crawl during the test: polls alone

[alerts]
poll = "every {POLL_SECONDS}s"
email = true

[smtp]
host = "127.0.0.1"
port = {smtp_port}
security = "none"
from = "tanka <tanka@example.org>"

[profiles.demo]
recipient = "hanako@example.com"
send_time = "03:00"
alert = true
alert_min_score = 0
beginner_only = false
""", encoding="utf-8")
    return path


@pytest.fixture
def smtp_server() -> Iterator[Any]:
    server = start_smtp()
    yield server
    server.controller.stop()


def test_schedule_mirror_mails_an_alert_for_a_listing_the_mirror_posted(tmp_path: Path, smtp_server: Any) -> None:
    db = tmp_path / "tanka.duckdb"
    daemon = Daemon(tmp_path, "--config", str(write_config(tmp_path, smtp_server.port)), "--db", str(db),
                    "--mirror", "--mirror-post", "every 20s", "--listings", "100")
    try:
        daemon.wait_for("replay mirror posted crowdworks:", timeout=120)
        posted_at = time.monotonic()
        listing_id = re.search(r"replay mirror posted crowdworks:(\d+)", daemon.log).group(1)
        deadline = posted_at + TARGET_DELAY
        found = None
        while found is None and time.monotonic() < deadline:
            for message in smtp_server.inbox.messages:
                if f"crowdworks:{listing_id}" in message.get_body(("plain",)).get_content():
                    found = message
            assert daemon.process.poll() is None, daemon.log
            time.sleep(0.5)
        assert found is not None, f"no alert for crowdworks:{listing_id} within {TARGET_DELAY} s:\n{daemon.log}"
        delay = time.monotonic() - posted_at
        assert "new gig" in str(found["Subject"])
        assert found["To"] == "hanako@example.com"
        print(f"alert delay {delay:.1f} s")
        assert daemon.stop() == 0
    finally:
        daemon.close()
    from tests.conftest import query

    # The first poll found a fresh database: it stored the first pages from the list alone and
    # fetched no detail page (nothing there was news); later polls fetched only the new ones.
    polls = query(db, "SELECT stats->>'tanka/detail/deferred', stats->>'tanka/detail/fetched', "
                      "stats->>'downloader/request_count', kind FROM crawl_runs ORDER BY run_id")
    assert polls and all(kind == "poll" for *_, kind in polls)
    first_deferred, first_fetched, _requests, _ = polls[0]
    assert int(first_deferred) > 0 and first_fetched is None
    assert all(int(requests) <= 10 for _, _, requests, _ in polls)
    sent = query(db, "SELECT listings FROM alerts WHERE status = 'sent'")
    assert sent and all(key.startswith("crowdworks:") for (keys,) in sent for key in keys)
