"""The site registry: each spider class declares its own facts, and everything that goes over the
sites (site names, labels, fee rules, base URLs, default listing sets, which sites a plain
`tanka crawl` covers, health, the mirror, the benchmarks) reads them here.

A site is registered by existing: Scrapy's spider loader finds every spider in SPIDER_MODULES.
The facts a spider declares (spiders/base.py documents them):

    name = "lancers"                                   # also the file name and the `site` value
    label = "Lancers"                                  # how people write it
    base_urls = {"LANCERS_BASE_URL": "https://www.lancers.jp"}   # setting → live default
    fees = FeeSchedule(rules=(FeeRule("lancers", "rate", 0.15, …),), …)
    default_lists = ("new",)
    list_kinds = {"new": None, "category": "249", "keyword": "データ入力"}   # kind → an example value
    crawl_by_default = True                            # False: only when the user names it
    browser_settings = ()                              # hosts whose pages need JavaScript
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from tanka.i18n import _

if TYPE_CHECKING:  # the spiders import the fee types; the registry only carries their objects
    from tanka.scoring.fees import FeeSchedule

SPIDER_MODULES = ["spiders"]


class UnknownSite(LookupError):
    """A site name no spider declares."""


@dataclass(frozen=True)
class SiteInfo:
    name: str
    label: str
    base_urls: Mapping[str, str]  # setting → the live site's URL
    base_url_setting: str  # the setting of its listing pages' host
    fees: FeeSchedule | None
    default_lists: tuple[str, ...]
    list_kinds: Mapping[str, str | None]  # listing-set kind → an example value (None: takes none)
    crawl_by_default: bool
    browser_settings: tuple[str, ...]  # base-URL settings whose pages need a browser (JavaScript)
    spider: type

    @property
    def hosts(self) -> tuple[str, ...]:
        """The live hosts the site's pages are served from."""
        return tuple(dict.fromkeys(urlsplit(url).hostname or "" for url in self.base_urls.values()))


def _info(cls: Any) -> SiteInfo:
    return SiteInfo(name=cls.name, label=cls.label or cls.name, base_urls=dict(cls.base_urls),
                    base_url_setting=cls.base_url_setting, fees=cls.fees, default_lists=tuple(cls.default_lists),
                    list_kinds=dict(cls.list_kinds), crawl_by_default=bool(cls.crawl_by_default),
                    browser_settings=tuple(cls.browser_settings), spider=cls)


@functools.cache
def _registered() -> tuple[SiteInfo, ...]:
    from scrapy.settings import Settings
    from scrapy.spiderloader import SpiderLoader

    loader = SpiderLoader.from_settings(Settings({"SPIDER_MODULES": SPIDER_MODULES}))
    return tuple(_info(loader.load(name)) for name in sorted(loader.list()))


_extra: list[SiteInfo] = []  # sites registered by code (tests of the registry itself)


def registry() -> tuple[SiteInfo, ...]:
    """Every registered site, in name order."""
    return (*_registered(), *_extra)


def register(spider_class: type) -> SiteInfo:
    """Add a spider class that is not in SPIDER_MODULES (undo with `unregister`)."""
    info = _info(spider_class)
    _extra.append(info)
    return info


def unregister(name: str) -> None:
    _extra[:] = [s for s in _extra if s.name != name]


def site_names() -> list[str]:
    return [s.name for s in registry()]


def site(name: str) -> SiteInfo:
    for info in registry():
        if info.name == name:
            return info
    raise UnknownSite(unknown_site_message(name))


def unknown_site_message(name: str) -> str:
    """"unknown site 'crowdwork' (did you mean 'crowdworks'? known: …)"."""
    from tanka.output import did_you_mean

    return _("unknown site {name!r}{hint} (known: {known})").format(name=name, hint=did_you_mean(name, site_names()),
                                                                    known=", ".join(site_names()))


def list_problem(name: str, list_name: str) -> str | None:
    """What is wrong with a listing set `list_name` ("category:249") of the site `name`, or None.
    Only its kind is checked here (a typo); the spider checks the value when it crawls."""
    from tanka.output import did_you_mean

    info = site(name)
    kind, colon, value = list_name.strip().partition(":")
    if kind not in info.list_kinds:
        examples = ", ".join(k if v is None else f"{k}:{v}" for k, v in info.list_kinds.items())
        return _("{name!r} is not a listing set of {site}{hint} (kinds: {kinds})").format(
            name=list_name, site=_(info.label), hint=did_you_mean(kind, info.list_kinds), kinds=examples)
    example = info.list_kinds[kind]
    if example is None and colon:
        return _("{name!r}: a {site} {kind!r} listing set takes no value (write {kind})").format(
            name=list_name, site=_(info.label), kind=kind)
    if example is not None and not value.strip():
        return _("{name!r}: say which, e.g. {kind}:{example}").format(name=list_name, kind=kind, example=example)
    return None


def label(name: str) -> str:
    """"CrowdWorks" for "crowdworks" (「クラウドワークス」 in Japanese); an unregistered name as it is."""
    return next((_(s.label) for s in registry() if s.name == name), name)


MIRROR_HOST = "127.0.0.1"  # where the replay mirror serves every site (tanka/mirror/server.py)


def host_allowed(host: str | None, hosts: Iterable[str]) -> bool:
    """Whether `host` belongs to one of `hosts`: the same host, or the same site's domain
    (``www.lancers.jp`` stands for ``lancers.jp`` and its subdomains). IP addresses match exactly."""
    if not host:
        return False
    host = host.lower().rstrip(".")
    for allowed in hosts:
        allowed = allowed.lower().rstrip(".")
        if host == allowed:
            return True
        try:
            ipaddress.ip_address(allowed)
            continue
        except ValueError:
            pass
        domain = allowed.removeprefix("www.")
        if host == domain or host.endswith("." + domain):
            return True
    return False


def all_site_hosts() -> tuple[str, ...]:
    """Every registered site's live hosts."""
    return tuple(dict.fromkeys(host for info in registry() for host in info.hosts))


def is_site_url(url: object, extra_hosts: Iterable[str] = (MIRROR_HOST,)) -> bool:
    """An http(s) URL on a registered site's host (or on `extra_hosts`: the replay mirror's)."""
    if not isinstance(url, str):
        return False
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and host_allowed(host, (*all_site_hosts(), *extra_hosts))


def default_crawl_sites(config: Any) -> list[str]:
    """The sites a plain `tanka crawl` and the scheduler crawl: [crawl] sites, else every site
    that is on by default (Shufti waits for the user's opt-in; README, "Responsible use")."""
    configured = config.section("crawl").get("sites") if config is not None else None
    if configured is None:
        return [s.name for s in registry() if s.crawl_by_default]
    return [str(s) for s in configured]
