"""Adding a site = one spider file + its mirror pages + its tests: nothing may be missing."""

from pathlib import Path

import pytest

from tanka.mirror.server import discover_sites
from tanka.offline import spider_for
from tanka.sites import site_names

ROOT = Path(__file__).resolve().parents[1]
SITES = site_names()


def test_the_three_sites_are_there():
    assert set(SITES) >= {"crowdworks", "lancers", "shufti"}


@pytest.mark.parametrize("site", SITES)
def test_the_spider_file_name_is_the_site(site):
    assert (ROOT / "spiders" / f"{site}.py").is_file()


@pytest.mark.parametrize("site", SITES)
def test_the_spider_has_its_test_file(site):
    assert (ROOT / "tests" / "spiders" / f"test_{site}.py").is_file()


@pytest.mark.parametrize("site", SITES)
def test_the_mirror_serves_the_site(site):
    assert site in discover_sites()


@pytest.mark.parametrize("site", SITES)
def test_the_spider_has_an_end_to_end_test(site):
    assert (ROOT / "tests" / "e2e" / f"test_{site}_mirror.py").is_file()


@pytest.mark.parametrize("site", SITES)
def test_the_spider_reads_its_base_url_from_a_setting(site):
    spider = spider_for(site)
    assert spider.base_url_setting
    assert spider.settings.get(spider.base_url_setting).startswith("https://")


@pytest.mark.parametrize("site", SITES)
def test_the_spider_is_polite_when_live(site):
    spider = spider_for(site)
    delay = (spider.custom_settings or {}).get("DOWNLOAD_DELAY", spider.settings.getfloat("DOWNLOAD_DELAY"))
    assert delay >= 1
    assert spider.settings.getbool("ROBOTSTXT_OBEY")
    assert spider.settings.getbool("AUTOTHROTTLE_ENABLED")
    assert "tanka" in spider.settings.get("USER_AGENT")
