"""The web view in Chromium, driven by Playwright against the real server (`tanka web` in its own
process) on a demo database crawled from the replay mirror: filtering, marking, the market's
charts, a hostile title, a crawl while the page is open, and how it looks on a phone and a desktop.

Screenshots are saved under test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from store import open_store
from tanka import cli as tanka_cli
from tests.conftest import ROOT, query
from tests.digest.conftest import HOSTILE_TITLE, listing

pytestmark = [pytest.mark.browser, pytest.mark.e2e]
ARTIFACTS = ROOT / "test-artifacts"
PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}
HOSTILE_ID = "99000001"


def tanka(*argv: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tanka", *argv], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "TANKA_LANG": "en"}, cwd=ROOT)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    """The demo database (`make demo`'s crawl, smaller), plus one listing whose title is hostile."""
    db = tmp_path_factory.mktemp("web") / "demo.duckdb"
    assert tanka_cli.main(["crawl", "--mirror", "--listings", "40", "--db", str(db)]) == 0
    with open_store(db) as con:
        con.execute("SELECT 1")
        row = listing(HOSTILE_ID, title=HOSTILE_TITLE, first_seen_at=None, last_seen_at=None, deadline=None,
                      pay_type="hourly", hourly_min_yen=1500, net_hourly_yen=1287.0, hourly_basis="stated",
                      kind="data_entry", score=100.0, description="<img src=x onerror=alert(2)>本文")
        row = {k: v for k, v in row.items() if v is not None}
        con.execute(f"INSERT INTO listings ({', '.join(row)}, first_seen_at, last_seen_at) "
                    f"VALUES ({', '.join('$' + k for k in row)}, now(), now())", row)
    return db


class Server:
    def __init__(self, db: Path) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "tanka", "web", "--db", str(db), "--port", "0"],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                                        env={**os.environ, "TANKA_LANG": "en"})
        line = self.process.stdout.readline()
        match = re.search(r"(http://127\.0\.0\.1:\d+)/", line)
        assert match, (line, self.process.stderr.read() if self.process.poll() is not None else "")
        self.url = match.group(1)

    def stop(self) -> tuple[int, str, str]:
        self.process.send_signal(signal.SIGTERM)
        out, err = self.process.communicate(timeout=30)
        return self.process.returncode, out, err


@pytest.fixture(scope="module")
def server(demo_db) -> Iterator[Server]:
    running = Server(demo_db)
    try:
        yield running
    finally:
        if running.process.poll() is None:
            running.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    from tanka import settings

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(**settings.PLAYWRIGHT_LAUNCH_OPTIONS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=DESKTOP, locale="en-US")
    page = context.new_page()
    page.problems = []
    page.on("dialog", lambda dialog: (page.problems.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    yield page
    context.close()


def listed(page) -> list[str]:
    return page.eval_on_selector_all("#results li.gig", "items => items.map(li => li.dataset.gig)")


def test_filter_the_list(server, page):
    page.goto(server.url + "/")
    every = listed(page)
    assert {gig.split(":")[0] for gig in every} >= {"crowdworks", "lancers"}
    with page.expect_response(lambda r: "site=lancers" in r.url):
        page.select_option("select[name=site]", "lancers")
    page.wait_for_function("() => [...document.querySelectorAll('#results li.gig')]"
                           ".every(li => li.dataset.gig.startsWith('lancers:'))")
    shown = listed(page)
    assert shown and all(gig.startswith("lancers:") for gig in shown)
    assert "site=lancers" in page.url  # the filtered list has its own address
    assert page.problems == []


def test_mark_a_gig_hidden(server, page, demo_db):
    page.goto(server.url + "/?site=crowdworks")
    gig = next(gig for gig in listed(page) if gig != f"crowdworks:{HOSTILE_ID}")
    page.click(f"li.gig[data-gig='{gig}'] a.title")
    page.wait_for_url(re.compile(r"/gig/crowdworks/"))
    page.fill("input[name=note]", "not for me")
    page.click("#marks button[value=hidden]")
    page.wait_for_selector("#marks .done")
    assert "Marked hidden." in page.inner_text("#marks")
    page.goto(server.url + "/?site=crowdworks")
    assert gig not in listed(page)
    mine = tanka("mine", "--db", str(demo_db))
    assert mine.returncode == 0, mine.stderr
    line = next(line for line in mine.stdout.splitlines() if gig in line)
    assert "hidden" in line and "not for me" in line
    assert page.problems == []


def test_the_market_chart_renders(server, page):
    page.goto(server.url + "/market?days=90")
    chart = page.locator("svg.spread-chart").first
    chart.wait_for()
    box = chart.bounding_box()
    assert box["width"] > 300 and box["height"] > 60
    assert page.locator("svg.spread-chart line.benchmark").count() >= 1
    assert page.locator("svg.spread-chart g.spread").count() >= 1
    assert page.locator("svg.per-day-chart rect.bar").count() >= 1
    assert "minimum wage" in page.inner_text("#net_hourly_yen")


def test_a_hostile_title_renders_as_text(server, page):
    page.goto(server.url + "/")
    assert "<script>alert(1)</script> 危険な案件" in page.inner_text(f"li.gig[data-gig='crowdworks:{HOSTILE_ID}']")
    page.goto(f"{server.url}/gig/crowdworks/{HOSTILE_ID}")
    assert page.inner_text("h1").startswith("<script>alert(1)</script>")
    assert "<img src=x onerror=alert(2)>本文" in page.inner_text(".description")
    assert page.locator("script").count() == 1  # htmx only
    assert page.locator("img").count() == 0
    assert page.problems == []


def test_a_crawl_runs_while_the_page_is_open(server, page, demo_db):
    runs_before = query(demo_db, "SELECT count(*) FROM crawl_runs")[0][0]
    page.goto(server.url + "/")
    crawl: dict[str, subprocess.CompletedProcess[str]] = {}
    thread = threading.Thread(target=lambda: crawl.update(done=tanka(
        "crawl", "--mirror", "--listings", "40", "--db", str(demo_db), timeout=600)))
    thread.start()
    statuses = []
    try:
        while thread.is_alive():
            response = page.goto(server.url + "/market")
            statuses.append(response.status)
            page.goto(server.url + "/?kind=data_entry")
            time.sleep(0.5)
    finally:
        thread.join(timeout=600)
    assert crawl["done"].returncode == 0, crawl["done"].stderr[-2000:]
    assert query(demo_db, "SELECT count(*) FROM crawl_runs")[0][0] == runs_before + 3
    assert statuses and set(statuses) <= {200, 503} and 200 in statuses  # a busy moment: a page that retries
    assert page.goto(server.url + "/").status == 200 and listed(page)
    assert page.problems == []


@pytest.mark.parametrize(("name", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_screenshots(server, browser, name, viewport):
    context = browser.new_context(viewport=viewport, locale="ja-JP", is_mobile=name == "phone",
                                  device_scale_factor=2 if name == "phone" else 1)
    page = context.new_page()
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        for path, shot in (("/?lang=ja", "gigs"), (f"/gig/crowdworks/{HOSTILE_ID}", "gig"), ("/market", "market"),
                           ("/mine", "mine"), ("/status", "status")):
            page.goto(server.url + path)
            wide = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
            assert wide <= 1, f"{path} scrolls sideways by {wide}px at {viewport['width']}px"
            page.screenshot(path=str(ARTIFACTS / f"web-{shot}-{name}.png"), full_page=True)
        assert page.locator("html").get_attribute("lang") == "ja"
    finally:
        context.close()


def test_the_server_stops_cleanly(server):
    code, out, err = server.stop()
    assert (code, err) == (0, "")
    assert "tanka web: stopped" in out
