"""Web view test helpers: the digest tests' synthetic database (its hostile title and off-site
addresses included), a Starlette test client over it, and the CSRF token of a page."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from tanka.config import load_config
from tanka.web import Web, create_app
from tests.digest.conftest import NOW, ROWS, RUNS, listing, write_rows

ORIGIN = "http://127.0.0.1:8765"
EXTRA_ROWS = [
    listing("9001", title="リンク先が別のサイトの案件", url="https://evil.example/jobs/9001", score=70.0,
            pay_type="hourly", net_hourly_yen=1200.0, hourly_basis="stated", kind="data_entry"),
    listing("9002", site="lancers", title="javascriptのリンク", url="javascript:alert(1)", score=69.0,
            pay_type="hourly", net_hourly_yen=1150.0, hourly_basis="stated", kind="data_entry"),
]


@pytest.fixture
def web_db(tmp_path: Path) -> Path:
    path = tmp_path / "tanka.duckdb"
    write_rows(path, ROWS + EXTRA_ROWS, RUNS)
    return path


@pytest.fixture
def web(web_db: Path) -> Web:
    return Web(web_db, load_config(None), language="en", clock=lambda: NOW)


@pytest.fixture
def client(web: Web) -> TestClient:
    return TestClient(create_app(web), base_url=ORIGIN, follow_redirects=False)


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the page has no CSRF token"
    return match.group(1)


def mark(client: TestClient, site: str, listing_id: str, state: str, **form: Any) -> Any:
    """Post a mark as the gig page's form does (its token, this server's Origin)."""
    token = csrf_token(client.get(f"/gig/{site}/{listing_id}").text)
    return client.post(f"/gig/{site}/{listing_id}/mark", data={"csrf_token": token, "state": state, **form},
                       headers={"origin": ORIGIN})
