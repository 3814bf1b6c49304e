"""The site registry is the only list of sites: a fourth site, declared by its spider class alone,
is covered by every loop over the sites (names, labels, fees, default crawls, schedule, health,
validation, the mirror's served sites, the digest's labels, the benchmarks)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import ClassVar

import pytest

import scheduler
from pipelines.validate import ValidatePipeline
from spiders.base import ListingSpider
from store.health import site_health
from tanka import sites
from tanka.config import Config
from tanka.crawl import served_sites
from tanka.digest.present import present
from tanka.offline import spider_for
from tanka.scoring.fees import FeeRule, FeeSchedule, fee_rules, is_estimate, net_amount

TOY = "toysite"


class ToySiteSpider(ListingSpider):
    name = TOY
    label = "ToySite"
    base_urls: ClassVar[dict[str, str]] = {"TOYSITE_BASE_URL": "https://www.toysite.example"}
    base_url_setting = "TOYSITE_BASE_URL"
    fees = FeeSchedule(rules=(FeeRule(TOY, "rate", 0.10, date(2026, 1, 1), "https://www.toysite.example/fees", True),))


@pytest.fixture
def toy():
    sites.register(ToySiteSpider)
    yield sites.site(TOY)
    sites.unregister(TOY)


def test_the_registry_finds_the_three_real_sites_by_their_spiders():
    assert sites.site_names() == ["crowdworks", "lancers", "shufti"]
    assert [sites.label(name) for name in sites.site_names()] == ["CrowdWorks", "Lancers", "Shufti"]


def test_a_new_site_is_named_and_labelled(toy):
    assert TOY in sites.site_names()
    assert sites.label(TOY) == "ToySite"
    assert toy.hosts == ("www.toysite.example",)


def test_its_fee_rules_are_applied_and_listed(toy):
    assert net_amount(TOY, 10_000) == 11_000 - 1_000 - 100
    assert not is_estimate(TOY)
    assert any(rule.site == TOY for rule in fee_rules())


def test_a_plain_crawl_and_the_schedule_cover_it(toy, tmp_path):
    config = Config(None, {})
    assert TOY in sites.default_crawl_sites(config)
    triggers = scheduler.crawl_triggers(config, sites.default_crawl_sites(config))
    assert triggers[TOY] == "7 */2 * * *"  # staggered after shufti (:47) comes round to :07
    jobs = scheduler.build_scheduler(config, tmp_path / "t.duckdb").get_jobs()
    assert f"crawl-{TOY}" in {job.id for job in jobs}


def test_a_site_off_by_default_is_left_out_of_a_plain_crawl():
    assert "shufti" not in sites.default_crawl_sites(Config(None, {}))
    assert sites.default_crawl_sites(Config(None, {"crawl": {"sites": ["shufti"]}})) == ["shufti"]


def test_its_health_and_digest_label(toy):
    assert site_health(TOY, [], datetime.now(UTC)).label == "ToySite"
    row = {"site": TOY, "listing_id": "1", "title": "x", "url": "https://www.toysite.example/1", "score": 50.0,
           "score_reasons": [], "risk_flags": [], "first_seen_at": datetime(2026, 12, 1, tzinfo=UTC)}
    assert present(row, now=datetime(2026, 12, 2, tzinfo=UTC), benchmark=1121, writing_speed=500).site_label == "ToySite"


def test_a_mirror_serving_its_base_url_serves_it(toy):
    assert served_sites({"TOYSITE_BASE_URL": "http://127.0.0.1:1"}) == [TOY]


def test_validation_accepts_its_listings(toy):
    class Stats:
        def inc_value(self, *args: object) -> None:
            pass

    pipeline = ValidatePipeline.__new__(ValidatePipeline)
    pipeline.stats = Stats()
    assert pipeline.process_item({"site": TOY, "listing_id": "1"})["site"] == TOY


def test_its_spider_gets_its_base_url_as_a_setting(toy):
    spider = spider_for(TOY)
    assert spider.base_url == "https://www.toysite.example"


def test_the_benchmarks_go_over_it(toy):
    from bench.pages import base_urls
    from bench.parse import bs4_baseline, spiders

    assert base_urls()["TOYSITE_BASE_URL"] == "http://toysite.mirror.test"
    assert TOY in spiders()
    assert bs4_baseline(TOY) is None  # reported as "no BeautifulSoup baseline", not skipped silently


def test_an_unknown_site_is_one_clear_error():
    with pytest.raises(sites.UnknownSite, match="unknown site 'nosuch' \\(known: crowdworks, lancers, shufti\\)"):
        sites.site("nosuch")
