"""The digest's HTML as a reader sees it: opened in headless Chromium, asserted on visible text.

The screenshot is saved under test-artifacts/ for a person to look at.
"""

from pathlib import Path

import pytest

from tanka.digest import build
from tanka.digest.profile import load_profile
from tests.conftest import ROOT
from tests.digest.conftest import NOW, settings_file

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "test-artifacts"


def launch_options() -> dict[str, object]:
    """Debian's Chromium (or TANKA_CHROMIUM) when there is one, else Playwright's own browser."""
    from tanka import settings

    return dict(settings.PLAYWRIGHT_LAUNCH_OPTIONS)


def written_digest(tmp_path_factory, lang: str) -> Path:
    """The demo profile's digest of the test rows, rendered in `lang` and written as an HTML file."""
    from tanka.i18n import using
    from tests.digest.conftest import ROWS, RUNS, write_rows

    folder = tmp_path_factory.mktemp(f"browser-{lang}")
    db_path = folder / "tanka.duckdb"
    write_rows(db_path, ROWS, RUNS)
    config = settings_file(folder, 25)
    with using(lang):
        _, rendered = build(config, db_path, load_profile(config, "demo"), NOW)
    page_file = folder / ("digest.html" if lang == "en" else f"digest.{lang}.html")
    page_file.write_text(rendered.html, encoding="utf-8")
    ARTIFACTS.mkdir(exist_ok=True)
    return page_file


@pytest.fixture(scope="module")
def shown(tmp_path_factory):
    """(visible text, hrefs of the title links, console errors) of the rendered digest."""
    from playwright.sync_api import sync_playwright

    page_file = written_digest(tmp_path_factory, "en")
    screenshot = ARTIFACTS / "digest.png"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch_options())
        try:
            page = browser.new_page(viewport={"width": 720, "height": 900})
            alerts, errors = [], []
            page.on("dialog", lambda dialog: (alerts.append(dialog.message), dialog.dismiss()))
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(page_file.as_uri())
            text = page.inner_text("body")
            links = page.eval_on_selector_all("a.title", "links => links.map(a => a.href)")
            page.screenshot(path=str(screenshot), full_page=True)
        finally:
            browser.close()
    print(f"digest screenshot: {screenshot}")
    return text, links, alerts + errors


def test_shows_each_gig_title(shown):
    text, _, _ = shown
    titles = ["【在宅・初心者歓迎】商品データの入力作業（時給1,500円〜）", "商品レビューのアンケート（5問）",
              "【初心者歓迎】暮らしのコラム記事作成（1,000文字）", "簡単なLINE登録作業で月収30万円！", "ロゴデザインのコンペ"]
    assert [t for t in titles if t not in text] == []


def test_shows_the_hostile_title_as_text(shown):
    assert "<script>alert(1)</script> 危険な案件 Bcc: evil@example.com" in shown[0]


def test_runs_no_script_from_a_listing(shown):
    assert shown[2] == []


def test_shows_net_hourly_pay_and_its_band(shown):
    assert "¥1,287/h" in shown[0] and "1.1× minimum wage" in shown[0]


def test_shows_the_path_to_the_goal(shown):
    assert "Path to ¥100,000 a month" in shown[0]


def test_shows_risk_flags(shown):
    assert "⚠ asks to move contact off the platform before the contract" in shown[0]


def test_shows_broken_crawls(shown):
    assert "⚠ Shufti: last crawl 11/28 01:30: listings dropped sharply (40, usually 300)" in shown[0]


def test_title_links_point_at_the_listings(shown):
    assert shown[1][:3] == ["https://crowdworks.jp/public/jobs/1001", "https://www.lancers.jp/work/detail/2002",
                            "https://app.shufti.jp/jobs/3003"]


def test_screenshot_saved(shown):
    assert (ARTIFACTS / "digest.png").stat().st_size > 10_000


# ----- the same digest in Japanese, as a Japanese reader's mail client shows it -----------------------------
JAPANESE_FONT_NAMES = ("JP", "Japanese", "Hiragino", "Meiryo", "Yu Gothic", "MS Gothic", "IPA", "Takao", "VL Gothic")


def japanese_font_installed() -> bool:
    import shutil
    import subprocess

    if not shutil.which("fc-list"):
        return False
    return bool(subprocess.run(["fc-list", ":lang=ja"], capture_output=True, text=True).stdout.strip())


@pytest.fixture(scope="module")
def shown_ja(tmp_path_factory):
    """(visible text, the <html> lang, the fonts Chromium drew the first section heading with) of the
    Japanese digest."""
    from playwright.sync_api import sync_playwright

    if not japanese_font_installed():
        pytest.skip("no Japanese font on this machine (make setup installs fonts-noto-cjk where apt works)")
    page_file = written_digest(tmp_path_factory, "ja")
    screenshot = ARTIFACTS / "digest.ja.png"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch_options())
        try:
            page = browser.new_page(viewport={"width": 720, "height": 900})
            page.goto(page_file.as_uri())
            text = page.inner_text("body")
            lang = page.evaluate("document.documentElement.lang")
            cdp = page.context.new_cdp_session(page)
            cdp.send("DOM.enable")
            cdp.send("CSS.enable")
            root = cdp.send("DOM.getDocument")["root"]["nodeId"]
            heading = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "h2"})["nodeId"]
            fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": heading})["fonts"]
            page.screenshot(path=str(screenshot), full_page=True)
        finally:
            browser.close()
    print(f"Japanese digest screenshot: {screenshot}")
    return text, lang, fonts


def test_the_japanese_digest_says_it_is_japanese(shown_ja):
    assert shown_ja[1] == "ja"


def test_the_japanese_digest_reads_in_japanese(shown_ja):
    text = shown_ja[0]
    for words in ("月¥100,000への道のり", "時間単価の仕事", "手取り時給", "¥1,287/時", "おすすめ度 82", "収集の状態",
                  "用語集（数字の見かた）", "⚠ 契約前にサイトの外での連絡を求めています", "あと3日で締切（12/1(火) 07:30）"):
        assert words in text
    assert "Path to" not in text and "Net hourly" not in text


def test_the_japanese_headings_are_drawn_with_a_japanese_font(shown_ja):
    """lang="ja" makes Chromium pick the Japanese forms of the shared CJK characters (a Japanese
    font), and every glyph of the heading comes from it: no box for a missing character."""
    fonts = shown_ja[2]
    assert fonts, "Chromium reported no font for the heading"
    japanese = [f for f in fonts if any(name in f["familyName"] for name in JAPANESE_FONT_NAMES)]
    assert japanese, fonts
    assert sum(f["glyphCount"] for f in japanese) >= len("時間単価の仕事")


def test_the_japanese_screenshot_saved(shown_ja):
    assert (ARTIFACTS / "digest.ja.png").stat().st_size > 10_000
