"""A quick poll fetches detail pages only for new listings an alerting profile could want: what the
prefilter leaves out can never be alerted, however its detail page turns out."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bench.pages import PageMaker, spider
from bench.parse import response
from tanka.alerts.prefilter import DETAIL_SCORE_GAIN, could_want, poll_filter
from tanka.alerts.settings import load_alert_profile
from tanka.config import load_config
from tanka.items import Gig
from tanka.normalize.listing import normalize_gig
from tanka.scoring import derive
from tanka.sites import site_names
from tests.alerts.conftest import alert_config


def scored(gig: Gig) -> dict:
    row = normalize_gig(gig)
    row.update(derive(row))
    return row


@pytest.mark.parametrize("site", site_names())
def test_a_detail_page_never_raises_a_score_by_more_than_the_allowed_gain(site: str) -> None:
    """On the mirror's pages of every site, list-only score + DETAIL_SCORE_GAIN bounds the score
    with the detail page read."""
    maker = PageMaker(300, seed=3)
    crawler_spider = spider(site)
    stamp = datetime.now(UTC).isoformat()
    listed = {}
    for page in maker.list_pages(site, 3):
        for gig in crawler_spider.parse_list(response(page)).gigs:
            gig.crawled_at = stamp
            listed[gig.listing_id] = gig
    gains = []
    for page in maker.detail_pages(site, 60):
        detail = crawler_spider.parse_detail(response(page), None)
        gig = listed.get(detail.listing_id)
        if gig is None:
            continue
        before = scored(gig)["score"]
        full = Gig(**{**gig.__dict__, "tags": list(gig.tags), "extra": dict(gig.extra)}).merge(detail)
        after = scored(full)["score"]
        if before is not None and after is not None:
            gains.append(after - before)
    assert len(gains) >= 30
    assert max(gains) <= DETAIL_SCORE_GAIN, sorted(gains)[-5:]


def test_could_want_leaves_out_only_what_cannot_match(tmp_path: Path) -> None:
    config = alert_config(tmp_path, profile='sites = ["crowdworks", "lancers"]\nexclude_words = ["テレアポ"]\n'
                                             "alert_min_net_hourly_yen = 1000")
    profile = load_alert_profile(config, "demo")
    base = {"site": "crowdworks", "title": "データ入力", "score": 50.0, "net_hourly_yen": 1200.0,
            "hourly_basis": "stated"}
    assert could_want(base, profile)
    assert not could_want({**base, "site": "shufti"}, profile)
    assert not could_want({**base, "title": "テレアポのお仕事"}, profile)
    assert not could_want({**base, "net_hourly_yen": 800.0}, profile)
    assert could_want({**base, "net_hourly_yen": None}, profile)  # unknown: fetch it
    assert could_want({**base, "net_hourly_yen": 800.0, "hourly_basis": "writing_speed"}, profile)
    assert could_want({**base, "score": 60 - DETAIL_SCORE_GAIN}, profile)
    assert not could_want({**base, "score": 59 - DETAIL_SCORE_GAIN}, profile)
    assert could_want({**base, "score": None}, profile)


def test_a_poll_wants_no_detail_page_without_an_alerting_profile_or_a_recent_run(tmp_path: Path) -> None:
    gig = Gig(site="crowdworks", listing_id="1", title="データ入力", pay_type="hourly_payment",
              hourly_min_yen=1500, crawled_at=datetime.now(UTC).isoformat())
    quiet = tmp_path / "quiet.toml"
    quiet.write_text("[profiles.demo]\nrecipient = \"a@example.com\"\n", encoding="utf-8")
    assert not poll_filter(str(quiet), "crowdworks")(gig)
    config = alert_config(tmp_path, min_score=0)
    assert poll_filter(str(config.path), "crowdworks")(gig)
    assert not poll_filter(str(config.path), "crowdworks", str(tmp_path / "none.duckdb"))(gig)  # no run yet
    assert load_config(config.path).section("alerts")["email"] is False
