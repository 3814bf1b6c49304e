"""The pages fuzzed: real saved pages from ../shared/fixtures (skipped when absent) and pages the
replay mirror renders in each site's format."""

from __future__ import annotations

from functools import cache
from urllib.parse import parse_qs, urlsplit

import pytest

from tanka.mirror.server import MirrorRequest, discover_sites
from tanka.mirror.world import World
from tests.conftest import MIRROR_START, SHARED_FIXTURES

BASE_URLS = {
    "CROWDWORKS_BASE_URL": "https://crowdworks.jp", "LANCERS_BASE_URL": "https://www.lancers.jp",
    "SHUFTI_API_BASE_URL": "https://internal.shufti.jp", "SHUFTI_APP_BASE_URL": "https://app.shufti.jp",
}
REAL_PAGES = {
    "crowdworks_list": ["crowdworks/category_16.html", "crowdworks/search_ruby.html", "crowdworks/jobs_new.json"],
    "crowdworks_detail": ["crowdworks/detail_13249369.html", "crowdworks/detail_13264689.html"],
    "lancers_list": ["lancers/search_keyword_ai.html", "lancers/search_category_system.html",
                     "lancers/cards_task_input.html", "lancers/search_type_project_2025-12.html",
                     "lancers/search_web_lp_2026-04.html"],
    "lancers_detail": ["lancers/detail_5552617.html", "lancers/detail_5534856_2026-04.html"],
    "shufti_list": ["shufti/guest_jobs_tag1_p1.json"],
}
MIRROR_PAGES = {
    "crowdworks_list": ("CROWDWORKS_BASE_URL", "/public/jobs/search?hide_expired=true&order=new"),
    "crowdworks_detail": ("CROWDWORKS_BASE_URL", "/public/jobs/{crowdworks}"),
    "lancers_list": ("LANCERS_BASE_URL", "/work/search?open=1&sort=started"),
    "lancers_detail": ("LANCERS_BASE_URL", "/work/detail/{lancers}"),
    "shufti_list": ("SHUFTI_API_BASE_URL", "/api/v1/guest/jobs?page=1&sort=start_date%7Cdesc"),
}


@cache
def _world() -> tuple[World, dict[str, object]]:
    sites = discover_sites()
    world = World(7, 60, MIRROR_START, kinds={n: s.kinds for n, s in sites.items()},
                  id_base={n: s.id_base for n, s in sites.items()})
    return world, sites


def mirror_page(kind: str) -> str:
    """A page the mirror renders for `kind` (a key of MIRROR_PAGES), as text."""
    world, sites = _world()
    setting, target = MIRROR_PAGES[kind]
    ids = {name: next(g.id for g in world.open_gigs(name, 0) if not g.limited) for name in ("crowdworks", "lancers")}
    parts = urlsplit(target.format(**ids))
    site = next(s for s in sites.values() if setting in s.hosts)
    request = MirrorRequest(setting, parts.path, parse_qs(parts.query), world, 0, BASE_URLS)
    body = site.hosts[setting](request).body
    return body.decode("utf-8") if isinstance(body, bytes) else body


def real_page(name: str) -> str:
    path = SHARED_FIXTURES / name
    if not path.is_file():
        pytest.skip(f"real page {name} not available: ../shared/fixtures is absent in this checkout")
    return path.read_text(encoding="utf-8")


def sources(kind: str) -> list[tuple[str, str]]:
    """(id, how to load) of every page of `kind`, for parametrize."""
    return [("mirror", kind)] + [("real", name) for name in REAL_PAGES[kind]]


def load(origin: str, what: str) -> str:
    return mirror_page(what) if origin == "mirror" else real_page(what)
