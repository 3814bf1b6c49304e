"""Pages the replay mirror generates, rendered in-process (no HTTP): the parse benchmark's input.

Every page comes from mirror/sites/*.py, in the real sites' formats. Shufti's job page is the one
exception: the mirror serves a script-only shell and a job JSON its script draws into the page, so
the page the browser hands the spider is built here the way that script builds it (`rendered_job`).
"""

from __future__ import annotations

import functools
import html
import json
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from spiders.base import ListingSpider
from tanka.mirror.server import MirrorRequest, discover_sites
from tanka.mirror.sites import shufti as mirror_shufti
from tanka.mirror.world import World
from tanka.offline import project_settings, spider_for
from tanka.sites import registry


# Every registered site's hosts, under names that never resolve: pages are made in-process.
def base_urls() -> dict[str, str]:
    """Every registered site's base-URL settings → a host of its own under .mirror.test."""
    return {setting: f"http://{setting.removesuffix('_BASE_URL').lower().replace('_', '-')}.mirror.test"
            for site in registry() for setting in site.base_urls}


def _target(url: str) -> tuple[str, str]:
    """(base-URL setting, path and query) of a URL on one of base_urls()' hosts."""
    parts = urlsplit(url)
    setting = next(name for name, base in base_urls().items() if urlsplit(base).netloc == parts.netloc)
    return setting, parts.path + (f"?{parts.query}" if parts.query else "")


@dataclass(frozen=True)
class MirrorPage:
    url: str
    body: bytes
    content_type: str


@functools.cache
def spider(site: str) -> ListingSpider:
    """The site's spider, pointed at base_urls()."""
    settings = project_settings()
    settings.setdict(base_urls(), priority="cmdline")
    return spider_for(site, settings)


class PageMaker:
    """One mirror world (all sites) on one day; pages by URL target."""

    def __init__(self, listings: int, seed: int = 11, day: int = 0, demo: bool = False) -> None:
        self.sites = discover_sites()
        self.world = World(seed, listings, demo=demo, kinds={n: s.kinds for n, s in self.sites.items()},
                           id_base={n: s.id_base for n, s in self.sites.items()})
        self.day = day

    def page(self, setting: str, target: str) -> MirrorPage:
        parts = urlsplit(target)
        request = MirrorRequest(setting, parts.path, parse_qs(parts.query, keep_blank_values=True),
                                self.world, self.day, base_urls())
        site = next(s for s in self.sites.values() if setting in s.hosts)
        page = site.hosts[setting](request)
        body = page.body.encode("utf-8") if isinstance(page.body, str) else page.body
        if page.status != 200:
            raise ValueError(f"the mirror answered {page.status} for {target}")
        return MirrorPage(base_urls()[setting] + target, body, page.content_type)

    def list_pages(self, site: str, count: int) -> list[MirrorPage]:
        """The first `count` pages of the site's `new` set, at the URLs its spider asks for."""
        return [self.list_page(site, n) for n in range(1, count + 1)]

    def list_page(self, site: str, number: int) -> MirrorPage:
        setting, target = _target(spider(site).list_url("new", None))
        target = re.sub(r"([?&])page=\d+&?", r"\1", target).rstrip("&?")
        return self.page(setting, f"{target}{'&' if '?' in target else '?'}page={number}")

    def detail_pages(self, site: str, count: int) -> list[MirrorPage]:
        """Detail pages of the first `count` listings of the `new` set that have one, at the URLs
        the spider asks for after reading the list (as a crawl does); a page the spider reads
        through the browser as the browser hands it over (`rendered_job`)."""
        from bench.parse import response

        pages: list[MirrorPage] = []
        for number in range(1, count + 1):
            listed = spider(site).parse_list(response(self.list_page(site, number)))
            for gig in listed.gigs:
                request = spider(site).detail_request(gig)
                if request is None:
                    continue
                if request.meta.get("playwright"):
                    pages.append(rendered_job(self, site, int(gig.listing_id)))
                else:
                    pages.append(self.page(*_target(request.url)))
                if len(pages) == count:
                    return pages
            if not listed.next_url:
                break
        return pages

def rendered_job(maker: PageMaker, site: str, listing_id: int) -> MirrorPage:
    """A Shufti job page as Chromium serializes it once the mirror app's script has drawn the job."""
    if site != "shufti":
        raise NotImplementedError(f"bench.pages cannot render {site}'s browser pages yet: add it here")
    data = maker.page(mirror_shufti.APP, f"/_mirror/shufti/jobs/{listing_id}")
    job = json.loads(data.body)
    closed = '<p class="job-closed">この仕事の募集は終了しました</p>' if job["closed"] else ""
    main = (f"<main><h1>{html.escape(job['name'], quote=False)}</h1>{closed}"
            f'<div class="job-description">{html.escape(job["description"], quote=False)}</div></main>')
    body = mirror_shufti.APP_SHELL.replace('<div id="app"></div>', f'<div id="app">{main}</div>')
    url = base_urls()[mirror_shufti.APP] + f"/jobs/view/{listing_id}"
    return MirrorPage(url, body.encode("utf-8"), "text/html; charset=utf-8")
