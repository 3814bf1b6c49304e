"""End to end: real `scrapy crawl` runs of the replay mirror store scored listings; top and rescore use them.

The mirror's world says what each listing is (pay kind, amounts, the scam text a few carry), so
the stored derived columns can be checked against it after a crawl over real HTTP.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tanka.cli import main
from tanka.mirror.server import Mirror
from tanka.normalize.dates import TOKYO
from tests.conftest import crawl_mirror, query

pytestmark = pytest.mark.e2e

SITES = ("crowdworks", "lancers")
LISTINGS = 150
SEED = 3
# The mirror's scam texts (mirror/world.py RISKS) and the flag each must raise.
RISK_FLAGS = {"line": "off_platform_contact", "upfront_fee": "upfront_payment", "mlm": "mlm",
              "direct": "off_platform_payment"}
NET_FACTOR = {"crowdworks": 0.858, "lancers": 0.935}


@pytest.fixture(scope="module")
def crawled(tmp_path_factory) -> dict[str, Any]:
    db = tmp_path_factory.mktemp("scoring-e2e") / "tanka.duckdb"
    with Mirror(seed=SEED, listings=LISTINGS, start_date=datetime.now(TOKYO).date(), sites=list(SITES)) as mirror:
        results = [crawl_mirror(site, mirror, db) for site in SITES]
        world = {(site, str(g.id)): g for site in SITES for g in mirror.world.open_gigs(site, 0)}
    return {"db": db, "world": world, "results": results}


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    return query(db, sql)


def test_the_crawls_succeeded(crawled):
    assert all(result.ok for result in crawled["results"])
    assert rows(crawled["db"], "SELECT count(DISTINCT site) FROM listings") == [(2,)]


def test_every_stored_listing_is_scored(crawled):
    assert rows(crawled["db"], """SELECT count(*) FROM listings WHERE score IS NULL OR kind IS NULL
                                  OR hourly_basis IS NULL OR risk_flags IS NULL OR score_reasons = []""") == [(0,)]


def test_hourly_listings_pay_their_lowest_wage_after_the_fee(crawled):
    stored = rows(crawled["db"], "SELECT site, listing_id, net_hourly_yen, hourly_basis FROM listings "
                                 "WHERE pay_type = 'hourly'")
    assert stored
    for site, listing_id, net, basis in stored:
        gig = crawled["world"][(site, listing_id)]
        assert (basis, net) == ("stated", round(gig.hourly_min * NET_FACTOR[site], 1))


def test_writing_listings_get_their_rate_per_character(crawled):
    stored = rows(crawled["db"], "SELECT site, listing_id, yen_per_char, hourly_basis FROM listings "
                                 "WHERE pay_type = 'writing'")
    assert stored
    for site, listing_id, rate, basis in stored:
        gig = crawled["world"][(site, listing_id)]
        assert (basis, rate) == ("writing_speed", round(gig.unit_price / gig.unit_chars, 4))


def test_the_worlds_scam_texts_raise_their_flags(crawled):
    stored = {(s, i): set(f) for s, i, f in rows(crawled["db"], "SELECT site, listing_id, risk_flags FROM listings")}
    expected = {key: RISK_FLAGS[g.risk] for key, g in crawled["world"].items()
                if g.risk in RISK_FLAGS and not g.limited and key in stored}
    assert expected, "the seed should hold a few scam listings"
    assert {key: flag for key, flag in expected.items() if flag in stored[key]} == expected


def test_flagged_listings_rank_in_the_bottom_half(crawled):
    median = rows(crawled["db"], "SELECT median(score) FROM listings")[0][0]
    flagged = rows(crawled["db"], """SELECT max(score) FROM listings WHERE list_has_any(risk_flags,
                                      ['off_platform_contact', 'upfront_payment', 'mlm', 'off_platform_payment'])""")
    assert flagged[0][0] < median


def test_tanka_top_lists_the_crawled_gigs(crawled, capsys):
    assert main(["top", "--db", str(crawled["db"]), "--limit", "5"]) == 0
    out = capsys.readouterr().out
    assert out.count("http://127.0.0.1:") >= 5 and "  5. " in out


def test_tanka_rescore_at_half_the_writing_speed_halves_writing_pay(crawled, tmp_path, capsys):
    sql = "SELECT site, listing_id, net_hourly_yen FROM listings WHERE hourly_basis = 'writing_speed' ORDER BY 1, 2"
    before = rows(crawled["db"], sql)
    settings = tmp_path / "tanka.toml"
    settings.write_text("[scoring]\nwriting_speed_chars_per_hour = 250\n", encoding="utf-8")  # default 500
    assert main(["rescore", "--db", str(crawled["db"]), "--config", str(settings)]) == 0
    after = rows(crawled["db"], sql)
    # Stored figures are rounded to 0.1 yen: half of 1402.5 may be stored as 701.2 or 701.3.
    assert before and [(s, i, pytest.approx(v / 2, abs=0.08)) for s, i, v in before] == after
