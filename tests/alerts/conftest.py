"""Alert test helpers: a database of fresh gigs a poll has just stored, an HTTP JSON receiver that
apprise's json:// posts to, a real SMTP server (tests.digest.conftest), and settings files."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tanka.config import Config, load_config
from tests.digest.conftest import NOW, listing, no_smtp_environment, smtp_server, write_rows  # noqa: F401

# Gigs stored by a poll 10 minutes before NOW; a run of each site ended 12 minutes before NOW.
FRESH = NOW - timedelta(minutes=10)
ROWS = [
    listing("1001", title="【在宅】商品データの入力作業", pay_type="hourly", kind="data_entry", net_hourly_yen=1287.0,
            hourly_basis="stated", score=82.0, first_seen_at=FRESH, applicants=1, slots=5),
    listing("2002", site="lancers", title="アンケート（5問）", pay_type="task", kind="survey", net_hourly_yen=1028.5,
            hourly_basis="task_minutes", score=71.0, first_seen_at=FRESH),
    listing("3003", title="安すぎる入力作業", pay_type="task", kind="data_entry", net_hourly_yen=150.0,
            hourly_basis="task_minutes", score=20.0, first_seen_at=FRESH),  # below the threshold
    listing("4004", title="昨日からある案件", score=90.0, first_seen_at=NOW - timedelta(hours=20)),  # not new
    listing("5005", title="初めての巡回で見つけた案件", site="shufti", score=95.0, first_seen_at=FRESH),  # no run before
]
ALERTED = ["crowdworks:1001", "lancers:2002"]
RUNS = [("crowdworks", 0.5, "finished", 100, 0, {}), ("lancers", 0.5, "finished", 100, 0, {})]  # ended NOW-21min


@pytest.fixture
def alert_db(tmp_path: Path) -> Path:
    path = tmp_path / "tanka.duckdb"
    write_rows(path, ROWS, RUNS)
    return path


@dataclass
class Receiver:
    """An HTTP endpoint apprise's json:// posts to: each JSON body it got, and a switch to fail or hang."""

    port: int
    bodies: list[dict[str, Any]] = field(default_factory=list)
    status: int = 200
    hang: threading.Event | None = None  # set: answer nothing until it is cleared
    server: Any = None

    @property
    def url(self) -> str:
        return f"json://127.0.0.1:{self.port}/hook"

    def listings(self) -> list[str]:
        """'site:id' of every gig the messages named (the text lists them as URLs or site:id)."""
        import re

        found = []
        for body in self.bodies:
            found += re.findall(r"^\s+(crowdworks|lancers|shufti):(\d+)$", body.get("message", ""), re.MULTILINE)
        return [f"{site}:{listing_id}" for site, listing_id in found]


def start_receiver() -> Receiver:
    receiver = Receiver(port=0)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            receiver.bodies.append(body)
            if receiver.hang is not None:
                receiver.hang.wait(60)
            self.send_response(receiver.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    receiver.port = server.server_address[1]
    receiver.server = server
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return receiver


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    hook = start_receiver()
    yield hook
    if hook.hang is not None:
        hook.hang.set()
    hook.server.shutdown()
    hook.server.server_close()


def alert_config(tmp_path: Path, *, urls: list[str] = (), smtp_port: int | None = None, email: bool | None = None,
                 profile: str = "", min_score: float = 60) -> Config:
    """A settings file: the demo profile alerting at score ≥ 60, its mail to 127.0.0.1:smtp_port."""
    email = smtp_port is not None if email is None else email
    path = tmp_path / "tanka.toml"
    path.write_text(f"""
[crawl]
sites = ["crowdworks", "lancers", "shufti"]

[alerts]
urls = {json.dumps(list(urls))}
email = {json.dumps(email)}

[smtp]
host = "127.0.0.1"
port = {smtp_port or 25}
security = "none"
from = "tanka <tanka@example.org>"
timeout = 10

[profiles.demo]
recipient = "山田 花子 <hanako@example.com>"
alert = true
alert_min_score = {min_score}
beginner_only = false
{profile}
""", encoding="utf-8")
    return load_config(path)


def fresh_for_the_real_clock(db: Path) -> None:
    """Move the fixture's times to the real clock, for passes run in another process (no frozen NOW)."""
    from store import open_store

    with open_store(db) as con:
        con.execute("UPDATE listings SET first_seen_at = now() - INTERVAL 5 MINUTE WHERE first_seen_at > $cut",
                    {"cut": NOW - timedelta(hours=1)})
        con.execute("UPDATE listings SET deadline = now() + INTERVAL 3 DAY")
        con.execute("UPDATE crawl_runs SET finished_at = now() - INTERVAL 20 MINUTE WHERE site <> 'shufti'")
