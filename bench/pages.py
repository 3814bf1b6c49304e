"""Pages the replay mirror generates, rendered in-process (no HTTP): the parse benchmark's input.

Every page comes from mirror/sites/*.py, in the real sites' formats. Shufti's job page is the one
exception: the mirror serves a script-only shell and a job JSON its script draws into the page, so
the page the browser hands the spider is built here the way that script builds it (`rendered_job`).
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from tanka.mirror.server import MirrorRequest, discover_sites
from tanka.mirror.sites import shufti as mirror_shufti
from tanka.mirror.world import World

BASE_URLS = {
    "CROWDWORKS_BASE_URL": "http://crowdworks.mirror.test",
    "LANCERS_BASE_URL": "http://lancers.mirror.test",
    "SHUFTI_API_BASE_URL": "http://internal.shufti.mirror.test",
    "SHUFTI_APP_BASE_URL": "http://app.shufti.mirror.test",
}
# The first list page of each site's `new` set, as its spider asks for it; then `page=N`.
LIST_TARGETS = {
    "crowdworks": ("CROWDWORKS_BASE_URL", "/public/jobs/search?hide_expired=true&order=new"),
    "lancers": ("LANCERS_BASE_URL", "/work/search?open=1&sort=started"),
    "shufti": ("SHUFTI_API_BASE_URL", "/api/v1/guest/jobs?sort=start_date%7Cdesc&recruiting=all&continuous_order=all"),
}
DETAIL_TARGETS = {
    "crowdworks": ("CROWDWORKS_BASE_URL", "/public/jobs/{id}"),
    "lancers": ("LANCERS_BASE_URL", "/work/detail/{id}"),
    "shufti": ("SHUFTI_APP_BASE_URL", "/jobs/view/{id}"),
}


@dataclass(frozen=True)
class MirrorPage:
    url: str
    body: bytes
    content_type: str


class PageMaker:
    """One mirror world (all sites) on one day; pages by URL target."""

    def __init__(self, listings: int, seed: int = 11, day: int = 0) -> None:
        self.sites = discover_sites()
        self.world = World(seed, listings, kinds={n: s.kinds for n, s in self.sites.items()},
                           id_base={n: s.id_base for n, s in self.sites.items()})
        self.day = day

    def page(self, setting: str, target: str) -> MirrorPage:
        parts = urlsplit(target)
        request = MirrorRequest(setting, parts.path, parse_qs(parts.query, keep_blank_values=True),
                                self.world, self.day, BASE_URLS)
        site = next(s for s in self.sites.values() if setting in s.hosts)
        page = site.hosts[setting](request)
        body = page.body.encode("utf-8") if isinstance(page.body, str) else page.body
        if page.status != 200:
            raise ValueError(f"the mirror answered {page.status} for {target}")
        return MirrorPage(BASE_URLS[setting] + target, body, page.content_type)

    def list_pages(self, site: str, count: int) -> list[MirrorPage]:
        setting, target = LIST_TARGETS[site]
        return [self.page(setting, f"{target}&page={n}") for n in range(1, count + 1)]

    def detail_pages(self, site: str, count: int) -> list[MirrorPage]:
        setting, path = DETAIL_TARGETS[site]
        gigs = [g for g in self.world.open_gigs(site, self.day) if not g.limited][:count]
        if site == "shufti":
            return [rendered_job(self, g.id) for g in gigs]
        return [self.page(setting, path.format(id=g.id)) for g in gigs]


def rendered_job(maker: PageMaker, listing_id: int) -> MirrorPage:
    """A Shufti job page as Chromium serializes it once the mirror app's script has drawn the job."""
    data = maker.page(mirror_shufti.APP, f"/_mirror/shufti/jobs/{listing_id}")
    job = json.loads(data.body)
    closed = '<p class="job-closed">この仕事の募集は終了しました</p>' if job["closed"] else ""
    main = (f"<main><h1>{html.escape(job['name'], quote=False)}</h1>{closed}"
            f'<div class="job-description">{html.escape(job["description"], quote=False)}</div></main>')
    body = mirror_shufti.APP_SHELL.replace('<div id="app"></div>', f'<div id="app">{main}</div>')
    url = BASE_URLS[mirror_shufti.APP] + f"/jobs/view/{listing_id}"
    return MirrorPage(url, body.encode("utf-8"), "text/html; charset=utf-8")
