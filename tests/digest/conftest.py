"""Digest test helpers: a DuckDB file of synthetic listings and crawl runs, a real SMTP server, settings.

Every listing row is written with explicit derived values (score, net hourly …) so the digest is
tested on what it shows, not on the scoring rules. The clock is frozen at NOW.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from store import open_store
from tanka.config import Config, load_config
from tanka.normalize.dates import TOKYO
from tanka.scoring.reasons import encode, reason

NOW = datetime(2026, 11, 28, 7, 30, tzinfo=TOKYO)
HOSTILE_TITLE = "<script>alert(1)</script> 危険な案件\r\nBcc: evil@example.com"
PASSWORD = "pa55-Very-Secret-word"


def listing(listing_id: str, site: str = "crowdworks", **values: Any) -> dict[str, Any]:
    """A `listings` row first seen 5 hours before NOW, open, deadline in 3 days."""
    hosts = {"crowdworks": "crowdworks.jp/public/jobs", "lancers": "www.lancers.jp/work/detail",
             "shufti": "app.shufti.jp/jobs"}
    base = f"https://{hosts.get(site, site + '.example/work')}"
    row = {"site": site, "listing_id": listing_id, "url": f"{base}/{listing_id}", "title": f"案件 {listing_id}",
           "status": "open", "first_seen_at": NOW - timedelta(hours=5), "last_seen_at": NOW - timedelta(hours=1),
           "deadline": NOW + timedelta(days=3), "tags": [], "score_reasons": [], "risk_flags": []}
    row.update(values)
    return row


# The picks, best first, as the digest should show them; then rows it must leave out.
ROWS = [
    listing("1001", title="【在宅・初心者歓迎】商品データの入力作業（時給1,500円〜）", category="データ入力",
            pay_type="hourly", hourly_min_yen=1500, hourly_max_yen=2000, kind="data_entry", net_hourly_yen=1287.0,
            hourly_basis="stated", pay_band="green", score=82.0, beginner_ok=True,
            score_reasons=[encode(reason("pay.hourly", net=1287.0, basis=reason("basis.stated", gross="1,500–2,000"))),
                           encode(reason("beginner.word", word="初心者歓迎"))],
            applicants=3, slots=5, client_name="株式会社サンプル", client_rating=4.8, client_orders=23,
            client_completion_rate=95.0, client_verified=True, tags=["初心者歓迎"], dup_group="g1",
            description="商品の名前と価格を表に入力してください。マニュアルあり。"),
    listing("2002", site="lancers", title="商品レビューのアンケート（5問）", category="アンケート", pay_type="task",
            unit_price_yen=55, unit_minutes=3.0, net_unit_yen=52, kind="survey", net_hourly_yen=1028.5,
            hourly_basis="task_minutes", pay_band="amber", score=64.0,
            score_reasons=[encode(reason("beginner.task_format"))],
            applicants=120, slots=500, client_rating=None, client_orders=2, deadline=NOW + timedelta(hours=20)),
    listing("3003", site="shufti", title="【初心者歓迎】暮らしのコラム記事作成（1,000文字）", category="記事作成",
            pay_type="writing", unit_price_yen=1200, unit_chars=1000, yen_per_char=1.2, net_unit_yen=1068,
            net_is_estimate=True, kind="writing", net_hourly_yen=1068.0, hourly_basis="writing_speed",
            pay_band="amber", score=58.0, beginner_ok=True,
            score_reasons=[encode(reason("volume.articles", units=5, amount=5340)), "ongoing work (stored as text)"],
            applicants=4, slots=10,
            tags=["初心者歓迎", "マニュアルあり"]),
    listing("4004", title=HOSTILE_TITLE, url="https://crowdworks.jp/public/jobs/4004", pay_type="fixed",
            budget_max_yen=10000, net_budget_max_yen=8580, kind="other", net_hourly_yen=None, break_even_hours=7.65,
            score=50.0, risk_flags=["<b>bold</b> warning"], applicants=0, slots=1),
    listing("5005", title="ロゴデザインのコンペ", pay_type="competition", budget_min_yen=30000,
            budget_max_yen=30000, deadline=None),  # not scored yet: every derived column NULL
    listing("6006", title="簡単なLINE登録作業で月収30万円！", pay_type="fixed", budget_max_yen=5000,
            net_budget_max_yen=4290, kind="other", net_hourly_yen=300.0, hourly_basis="stated", pay_band="red",
            score=12.0, risk_flags=["off_platform_contact", "income_promise"], client_verified=False),
    # left out: the same gig as 1001 on another site (lower score), old, closed, deadline passed
    listing("7007", site="lancers", title="商品データの入力作業", pay_type="hourly", score=80.0, dup_group="g1",
            net_hourly_yen=1300.0, hourly_basis="stated"),
    listing("8008", title="三日前の案件", first_seen_at=NOW - timedelta(days=3), score=99.0),
    listing("8009", title="終わった案件", status="closed", score=99.0),
    listing("8010", title="締切を過ぎた案件", deadline=NOW - timedelta(hours=2), score=99.0),
]
PICKED_IDS = ["1001", "2002", "3003", "4004", "6006", "5005"]

RUNS = [  # (site, started hours before NOW, finish_reason, items, errors, stats)
    ("crowdworks", 30, "finished", 280, 0, {}),
    ("crowdworks", 6, "finished", 300, 0, {}),
    ("lancers", 6, "finished", 0, 0, {"tanka/list/layout_changed": 1}),
    ("shufti", 30, "finished", 300, 0, {}),
    ("shufti", 6, "finished", 40, 0, {}),
]


def write_rows(db_path: Path, rows: list[dict[str, Any]], runs: list[tuple[Any, ...]] = ()) -> None:
    with open_store(db_path) as con:
        for row in rows:
            columns = ", ".join(row)
            con.execute(f"INSERT INTO listings ({columns}) VALUES ({', '.join('$' + c for c in row)})", row)
        for site, hours, reason, items, errors, stats in runs:
            con.execute(
                """INSERT INTO crawl_runs (site, started_at, finished_at, finish_reason, items, errors, stats)
                   VALUES ($site, $started, $finished, $reason, $items, $errors, $stats)""",
                {"site": site, "started": NOW - timedelta(hours=hours),
                 "finished": None if reason is None else NOW - timedelta(hours=hours) + timedelta(minutes=9),
                 "reason": reason, "items": items, "errors": errors, "stats": json.dumps(stats)},
            )


@pytest.fixture
def digest_db(tmp_path: Path) -> Path:
    path = tmp_path / "tanka.duckdb"
    write_rows(path, ROWS, RUNS)
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Inbox:
    """What the SMTP server accepted: (envelope sender, recipients, parsed message, bytes as sent)."""

    received: list[tuple[str, list[str], EmailMessage, bytes]] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), message, envelope.original_content))
        return "250 OK"

    @property
    def messages(self) -> list[EmailMessage]:
        return [m for _, _, m, _ in self.received]


@dataclass
class SmtpServer:
    port: int
    inbox: Inbox
    controller: Any


def start_smtp(port: int | None = None, handler: Any = None, **kwargs: Any) -> SmtpServer:
    """A real SMTP server on 127.0.0.1 (a free port unless given); kwargs go to aiosmtpd (TLS, auth)."""
    from aiosmtpd.controller import Controller

    inbox = handler or Inbox()
    port = port or free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, server_hostname="mail.test", **kwargs)
    controller.start()
    return SmtpServer(port, inbox, controller)


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    server = start_smtp()
    yield server
    server.controller.stop()


def settings_file(tmp_path: Path, port: int, *, smtp: dict[str, Any] | None = None, profile: str = "") -> Config:
    """A real settings file over the defaults: the demo profile, mail to 127.0.0.1:port; `smtp` overrides keys.
    The profile takes every new gig (beginner_only = false) unless `profile` says otherwise: the built-in
    demo profile's beginner_only = true is tested on its own (test_build.py)."""
    if "beginner_only" not in profile:
        profile = f"beginner_only = false\n{profile}"
    values = {"host": "127.0.0.1", "port": port, "security": "none", "from": "単価 tanka <tanka@example.org>",
              "timeout": 10, "helo": "tanka.test", **(smtp or {})}
    path = tmp_path / "tanka.toml"
    smtp_lines = "\n".join(f"{key} = {json.dumps(value, ensure_ascii=False)}" for key, value in values.items())
    path.write_text(f"""
[crawl]
sites = ["crowdworks", "lancers", "shufti"]

[smtp]
{smtp_lines}

[profiles.demo]
recipient = "山田 花子 <hanako@example.com>"
{profile}
""", encoding="utf-8")
    return load_config(path)


@pytest.fixture(autouse=True)
def no_smtp_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The developer's own TANKA_SMTP_* settings must not leak into the tests."""
    for name in ("TANKA_SMTP_HOST", "TANKA_SMTP_PORT", "TANKA_SMTP_SECURITY", "TANKA_SMTP_USER",
                 "TANKA_SMTP_PASSWORD", "TANKA_MAIL_FROM", "TANKA_SMTP_CA_FILE", "TANKA_CONFIG"):
        monkeypatch.delenv(name, raising=False)


def ledger_rows(db_path: Path) -> list[tuple[Any, ...]]:
    from tests.conftest import query

    return query(db_path, "SELECT status, message_id, listings, error FROM digests ORDER BY digest_id")
