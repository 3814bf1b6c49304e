"""The web view's pages through Starlette's test client, on the digest tests' synthetic database:
what each page shows, in both languages, with listing text escaped and links only to the sites."""

from __future__ import annotations

import re

import lxml.html
import pytest

from store import connect
from store.marks import my_gigs
from tests.digest.conftest import HOSTILE_TITLE
from tests.web.conftest import mark

PAGES = ["/", "/gig/crowdworks/1001", "/market", "/status", "/mine"]


def text_of(html: str) -> str:
    return lxml.html.fromstring(html).text_content()


def gig_ids(html: str) -> list[str]:
    return re.findall(r'data-gig="([a-z]+:[^"]+)"', html)


@pytest.mark.parametrize("path", PAGES)
def test_every_page_answers_in_english(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert '<html lang="en">' in response.text


@pytest.mark.parametrize("path", PAGES)
def test_every_page_answers_in_japanese(client, path):
    response = client.get(path, params={"lang": "ja"})
    assert response.status_code == 200
    assert '<html lang="ja">' in response.text
    assert "案件一覧" in text_of(response.text)  # the navigation, in Japanese


def test_the_language_chosen_on_the_page_is_kept(client):
    client.get("/", params={"lang": "ja"})
    assert '<html lang="ja">' in client.get("/market").text


def test_the_server_language_is_the_default(web, client):
    web.language = "ja"
    assert '<html lang="ja">' in client.get("/").text


def test_the_list_ranks_as_tanka_top_does(client, web):
    """No copy of the ranking: the page shows `tanka top`'s entries, in its order."""
    from tanka.scoring.top import top_entries

    with web.reading() as con:
        top = [f"{e['site']}:{e['listing_id']}" for e in top_entries(con, web.config, None, 20, now=web.clock())]
    assert gig_ids(client.get("/").text) == top


def test_the_list_shows_reasons_and_flags_as_the_digest_does(client):
    text = text_of(client.get("/").text)
    assert "¥1,300/h net (stated)" in text  # 1001 and 7007 are one gig: its best posting
    assert "⚠ asks to move contact off the platform before the contract" in text  # risk_flags, as in the digest
    assert "ongoing work (stored as text)" in text  # score_reasons, as in the digest


def test_the_list_filters_by_site(client):
    ids = gig_ids(client.get("/", params={"site": "lancers"}).text)
    assert ids and all(i.startswith("lancers:") for i in ids)


def test_the_list_filters_by_minimum_pay(client):
    ids = gig_ids(client.get("/", params={"min_hourly": "1100"}).text)
    assert "crowdworks:9001" in ids and "lancers:2002" not in ids


def test_the_list_filters_by_words(client):
    ids = gig_ids(client.get("/", params={"keywords": "アンケート"}).text)
    assert ids == ["lancers:2002"]


def test_htmx_gets_only_the_results(client):
    response = client.get("/", params={"site": "lancers"}, headers={"hx-request": "true", "hx-target": "results"})
    assert "<html" not in response.text and "lancers:2002" in response.text


def test_a_hostile_title_is_escaped_everywhere(client):
    for path in ("/", "/gig/crowdworks/4004"):
        html = client.get(path).text
        assert "<script>alert" not in html and "<b>bold</b>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert HOSTILE_TITLE.split("\r")[0] in text_of(client.get("/gig/crowdworks/4004").text)


def test_links_go_only_to_the_sites(client):
    for path in ("/", "/gig/crowdworks/9001", "/gig/lancers/9002", "/gig/crowdworks/1001"):
        doc = lxml.html.fromstring(client.get(path).text)
        outside = [href for href in doc.xpath("//a/@href") if not href.startswith(("/", "?"))]
        assert outside or path.endswith(("9001", "9002"))
        for href in outside:
            assert re.match(r"https://(crowdworks\.jp|www\.lancers\.jp|app\.shufti\.jp)/", href), (path, href)


def test_an_off_site_address_is_shown_as_text_not_linked(client):
    html = client.get("/gig/crowdworks/9001").text
    assert "evil.example" not in " ".join(lxml.html.fromstring(html).xpath("//a/@href"))
    assert "evil[.]example" in text_of(html)


def test_the_gig_page_says_every_field(client):
    text = text_of(client.get("/gig/crowdworks/1001").text)
    for words in ("株式会社サンプル", "Pay type", "hourly wage", "Net hourly", "商品の名前と価格を表に入力",
                  "Open the listing on CrowdWorks"):
        assert words in text


def test_an_unknown_gig_is_a_404(client):
    assert client.get("/gig/crowdworks/nope").status_code == 404
    assert client.get("/gig/evil/1001").status_code == 404


def test_the_market_draws_its_charts_with_the_minimum_wage(client):
    html = client.get("/market", params={"days": "90"}).text
    doc = lxml.html.fromstring(html)
    assert doc.xpath("//svg[contains(@class, 'spread-chart')]//line[@class='benchmark']")
    assert doc.xpath("//svg[contains(@class, 'per-day-chart')]//rect")
    assert "minimum wage" in text_of(html)


def test_status_shows_health_and_runs(client):
    text = text_of(client.get("/status").text)
    assert "CrowdWorks" in text and "Lancers" in text


def test_a_mark_needs_the_csrf_token(client, web_db):
    client.get("/gig/crowdworks/1001")
    refused = client.post("/gig/crowdworks/1001/mark", data={"state": "hidden"})
    forged = client.post("/gig/crowdworks/1001/mark", data={"state": "hidden", "csrf_token": "0" * 64})
    assert (refused.status_code, forged.status_code) == (403, 403)
    assert my_gigs_in(web_db) == []


def test_a_mark_from_another_origin_is_refused(client, web_db):
    from tests.web.conftest import csrf_token

    token = csrf_token(client.get("/gig/crowdworks/1001").text)
    response = client.post("/gig/crowdworks/1001/mark", data={"state": "hidden", "csrf_token": token},
                           headers={"origin": "https://evil.example"})
    assert response.status_code == 403 and my_gigs_in(web_db) == []


def test_a_hidden_gig_leaves_the_list_and_shows_in_mine(client, web_db):
    assert "lancers:2002" in gig_ids(client.get("/").text)
    response = mark(client, "lancers", "2002", "hidden", note="<i>not for me</i>")
    assert response.status_code == 303
    assert "lancers:2002" not in gig_ids(client.get("/").text)
    assert "lancers:2002" in gig_ids(client.get("/", params={"show_marked": "1"}).text)
    assert my_gigs_in(web_db) == [("lancers", "2002", "hidden", "<i>not for me</i>")]
    mine = client.get("/mine").text
    assert "lancers:2002" in gig_ids(mine) and "&lt;i&gt;not for me&lt;/i&gt;" in mine


def test_a_won_gig_counts_toward_the_goal(client, web_db):
    assert mark(client, "crowdworks", "1001", "won", earned="8,580円").status_code == 303
    assert "¥8,580 earned of your ¥100,000 goal" in text_of(client.get("/mine").text)


def test_an_amount_with_a_state_that_earns_nothing_is_refused(client, web_db):
    response = mark(client, "crowdworks", "1001", "saved", earned="500")
    assert response.status_code == 400 and my_gigs_in(web_db) == []


def test_a_mark_by_htmx_answers_with_the_marks_section(client):
    from tests.web.conftest import ORIGIN, csrf_token

    token = csrf_token(client.get("/gig/crowdworks/1001").text)
    response = client.post("/gig/crowdworks/1001/mark", data={"state": "applied", "csrf_token": token},
                           headers={"origin": ORIGIN, "hx-request": "true", "hx-target": "marks"})
    assert response.status_code == 200 and response.text.startswith('<section id="marks"')
    assert "Marked applied." in response.text


def test_another_host_name_is_refused(client):
    """DNS rebinding: a page elsewhere reaching 127.0.0.1 through its own name."""
    assert client.get("/", headers={"host": "evil.example:8765"}).status_code == 400


def test_pages_forbid_inline_scripts(client):
    policy = client.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_htmx_is_served_from_the_package(client):
    response = client.get("/static/htmx.min.js")
    assert response.status_code == 200 and "htmx" in response.text[:200]


def test_a_busy_database_is_a_page_that_waits(web, client):
    from store import DatabaseLocked

    def busy(*args, **kwargs):
        raise DatabaseLocked("held by a crawl")

    web.reading = busy
    response = client.get("/")
    assert response.status_code == 503 and 'http-equiv="refresh"' in response.text


def my_gigs_in(db_path):
    con = connect(db_path, read_only=True)
    try:
        return [(g["site"], g["listing_id"], g["state"], g["note"]) for g in my_gigs(con)]
    except Exception:  # no marks table yet
        return []
    finally:
        con.close()
