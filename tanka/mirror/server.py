"""The replay mirror's HTTP side: one local port per site host, pages rendered from the World.

Each site module in mirror/sites exposes ``SITE = MirrorSite(...)``: for each base-URL setting it
serves (e.g. ``SHUFTI_API_BASE_URL`` and ``SHUFTI_APP_BASE_URL``), a handler that turns a
`MirrorRequest` into a `Page`, and the host's robots.txt. Every port also answers

* ``GET /_mirror/state``  — day, seed, size, base URLs, open listings per site (JSON);
* ``POST /_mirror/advance?days=1`` — move the market on: listings appear, change and close;
* ``POST /_mirror/post`` — post one new listing on each site now (`Mirror.post_new`).

`Fault`s make chosen paths fail for tests: a status (403, 429 with Retry-After, a 503 burst, a
302 to the login page or to another host), a delay past the client's timeout, a connection reset,
or the real page altered (cut short, its data container removed, re-encoded). mirror/faults.py
builds them.

"Another host" is the mirror's second, off-site host: a port of its own reached by another host
name (``http://localhost:PORT``, where the sites are served on 127.0.0.1), answering any path
(robots.txt included) with a page, and recording every request under the setting ``OFFSITE`` —
a crawler that stays on its site never appears there.
"""

from __future__ import annotations

import importlib
import json
import logging
import pkgutil
import re
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tanka.mirror import sites as mirror_sites
from tanka.mirror.world import World

log = logging.getLogger(__name__)

OFFSITE = "OFFSITE"  # the setting name the off-site host's requests are recorded under
OFFSITE_HOST = "localhost"  # how the off-site host is named in a redirect (the sites are on 127.0.0.1)


@dataclass
class Page:
    body: str | bytes = ""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    # Faults only: send this many bytes of the body and close (Content-Length still says all) …
    cut_at: int | None = None
    # … or answer nothing and reset the connection (TCP RST).
    reset: bool = False

    @classmethod
    def json(cls, payload: Any, status: int = 200, **dumps: Any) -> Page:
        return cls(json.dumps(payload, **dumps), status, "application/json")

    @classmethod
    def not_found(cls) -> Page:
        return cls("<html><body><h1>404 Not Found</h1></body></html>", 404)


@dataclass
class MirrorRequest:
    setting: str  # which host: the base-URL setting it stands for
    path: str
    query: dict[str, list[str]]
    world: World
    day: int
    base_urls: dict[str, str]

    def arg(self, name: str, default: str | None = None) -> str | None:
        values = self.query.get(name)
        return values[0] if values else default

    def page_number(self) -> int:
        try:
            return max(1, int(self.arg("page", "1") or 1))
        except ValueError:
            return 1

    @property
    def now(self) -> datetime:
        return self.world.now(self.day)


Handler = Callable[[MirrorRequest], Page]


@dataclass
class MirrorSite:
    name: str
    hosts: dict[str, Handler]  # base-URL setting → handler
    kinds: dict[str, float]  # the site's mix of pay kinds, for the World
    id_base: int  # listing ids start here
    robots: dict[str, str] = field(default_factory=dict)  # base-URL setting → robots.txt (absent: 404)
    # For the fault mode (faults.py): the site's login page, and how its pages lose their data
    # container in a redesign — "list" and "detail" → (regex, replacement) pairs.
    login: MirrorLogin | None = None
    data_containers: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class MirrorLogin:
    """Where a site's login page is, and how a redirect to it names the page asked for."""

    path: str  # "/user/login"
    return_param: str  # the query parameter naming the page asked for ("ref")
    setting: str  # the host serving it
    page: str  # the login form, in the site's style


@dataclass
class Fault:
    """Answer requests whose path+query matches `pattern` with `status` instead of the page.

    `every`: only every n-th matching request; `times`: only the first n (after `every`).
    `delay`: wait this long before answering (past the client's timeout: a timeout).
    `transform`: serve the real page altered by it (then `status`, `body` and `headers` are unused);
    `status=None` without a transform serves the real page as it is (after `delay`).
    `offsite`: answer 302 to the same path on the mirror's off-site host.
    `seen_at`, `fired_at`: when a request matched, and when the fault fired (time.monotonic()),
    to check a client's back-off.
    """

    pattern: str
    status: int | None = 403
    setting: str | None = None
    every: int | None = None
    times: int | None = None
    body: str = "<html><body>Forbidden</body></html>"
    headers: dict[str, str] = field(default_factory=dict)
    seen: int = 0
    fired: int = 0
    delay: float = 0.0
    transform: Callable[[Page], Page] | None = None
    offsite: bool = False
    fired_at: list[float] = field(default_factory=list)
    seen_at: list[float] = field(default_factory=list)

    def applies(self, setting: str, target: str) -> bool:
        if (self.setting and self.setting != setting) or not re.search(self.pattern, target):
            return False
        self.seen += 1
        self.seen_at.append(time.monotonic())
        if self.every and self.seen % self.every:
            return False
        if self.times is not None and self.fired >= self.times:
            return False
        self.fired += 1
        self.fired_at.append(time.monotonic())
        return True

    def answer(self, real_page: Callable[[], Page]) -> Page:
        """The faulty answer: waits `delay` first (outside the mirror's lock)."""
        if self.delay:
            time.sleep(self.delay)
        if self.transform is not None:
            return self.transform(real_page())
        if self.status is None:
            return real_page()
        return Page(self.body, self.status, headers=dict(self.headers))


class _Server(ThreadingHTTPServer):
    """A client that goes away mid-request (a crawl killed, a timeout) is not the mirror's error."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        import sys

        if isinstance(sys.exc_info()[1], ConnectionError):
            log.debug("mirror: %s went away mid-request", client_address)
            return
        super().handle_error(request, client_address)


def discover_sites() -> dict[str, MirrorSite]:
    sites = {}
    for info in pkgutil.iter_modules(mirror_sites.__path__):
        module = importlib.import_module(f"{mirror_sites.__name__}.{info.name}")
        site = getattr(module, "SITE", None)
        if isinstance(site, MirrorSite):
            sites[site.name] = site
    return sites


class Mirror:
    """Serve every discovered site on 127.0.0.1 (context manager: started on enter)."""

    def __init__(self, seed: int = 1, listings: int = 300, day: int = 0, start_date: date | None = None,
                 sites: list[str] | None = None, faults: list[Fault] | None = None,
                 host: str = "127.0.0.1", demo: bool = True) -> None:
        found = discover_sites()
        self.sites = {name: found[name] for name in (sites or found)}
        self.world = World(seed, listings, start_date,
                           kinds={n: s.kinds for n, s in self.sites.items()},
                           id_base={n: s.id_base for n, s in self.sites.items()}, demo=demo)
        self.day = day
        self.faults = list(faults or [])
        self.host = host
        self.requests: list[tuple[str, str, int]] = []  # (setting, path+query, status)
        self.posted: list[tuple[str, int, float]] = []  # (site, listing id, time.time()) of each post_new
        self._lock = threading.Lock()
        self._servers: dict[str, ThreadingHTTPServer] = {}
        self._threads: list[threading.Thread] = []

    # --- lifecycle -------------------------------------------------------------------------------
    def start(self) -> Mirror:
        for site in self.sites.values():
            for setting in site.hosts:
                server = _Server((self.host, 0), self._handler_class(setting))
                self._servers[setting] = server
                thread = threading.Thread(target=server.serve_forever, name=f"mirror-{setting}", daemon=True)
                thread.start()
                self._threads.append(thread)
        self._start_offsite()
        return self

    def _start_offsite(self) -> None:
        server = _Server((self.host, 0), self._handler_class(OFFSITE))
        self._servers[OFFSITE] = server
        thread = threading.Thread(target=server.serve_forever, name="mirror-offsite", daemon=True)
        thread.start()
        self._threads.append(thread)

    def stop(self) -> None:
        for server in self._servers.values():
            server.shutdown()
            server.server_close()
        self._servers.clear()

    def __enter__(self) -> Mirror:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_urls(self) -> dict[str, str]:
        return {setting: f"http://{self.host}:{server.server_address[1]}"
                for setting, server in self._servers.items() if setting != OFFSITE}

    @property
    def offsite_url(self) -> str:
        """The off-site host's base URL (no trailing slash)."""
        return f"http://{OFFSITE_HOST}:{self._servers[OFFSITE].server_address[1]}"

    def advance(self, days: int = 1) -> int:
        with self._lock:
            self.day += days
            self.world.reset_posted()
            return self.day

    def post_new(self) -> list[tuple[str, int]]:
        """Post the next new listing on each site now; (site, id) of each. When the next day's new
        listings are all up, the market moves on to that day first."""
        from tanka.normalize.dates import TOKYO

        with self._lock:
            now = datetime.now(TOKYO)
            posted = [(name, gig.id) for name in self.sites if (gig := self.world.post(name, self.day, now))]
            if not posted:
                self.day += 1
                self.world.reset_posted()
                posted = [(name, gig.id) for name in self.sites if (gig := self.world.post(name, self.day, now))]
            stamp = time.time()
            self.posted += [(name, listing_id, stamp) for name, listing_id in posted]
            return posted

    def state(self) -> dict[str, Any]:
        return {
            "seed": self.world.seed, "size": self.world.size, "day": self.day,
            "start_date": self.world.start_date.isoformat(), "now": self.world.now(self.day).isoformat(),
            "base_urls": self.base_urls,
            "open_listings": {name: len(self.world.open_gigs(name, self.day)) for name in self.sites},
        }

    def requested(self, pattern: str, setting: str | None = None) -> list[str]:
        """Paths requested so far that match `pattern` (for tests)."""
        with self._lock:
            return [p for s, p, _ in self.requests if (setting is None or s == setting) and re.search(pattern, p)]

    # --- HTTP ------------------------------------------------------------------------------------
    def _respond(self, setting: str, method: str, target: str) -> Page:
        parts = urlsplit(target)
        query = parse_qs(parts.query, keep_blank_values=True)
        if parts.path == "/_mirror/state":
            return Page.json(self.state())
        if parts.path == "/_mirror/advance" and method == "POST":
            self.advance(int(query.get("days", ["1"])[0]))
            return Page.json(self.state())
        if parts.path == "/_mirror/post" and method == "POST":
            return Page.json({"posted": [f"{site}:{listing_id}" for site, listing_id in self.post_new()]})
        if setting == OFFSITE:
            return self._offsite_page(parts.path)
        with self._lock:
            fault = next((f for f in self.faults if f.applies(setting, target)), None)
        if fault and fault.offsite:
            return Page("", 302, headers={"Location": self.offsite_url + target})
        if fault:
            return fault.answer(lambda: self._page(setting, parts.path, query))
        return self._page(setting, parts.path, query)

    @staticmethod
    def _offsite_page(path: str) -> Page:
        if path == "/robots.txt":
            return Page("User-agent: *\nAllow: /\n", content_type="text/plain; charset=utf-8")
        return Page("<html><head><title>elsewhere</title></head><body><p>Not the site you asked for."
                    "</p></body></html>")

    def _page(self, setting: str, path: str, query: dict[str, list[str]]) -> Page:
        site = next(s for s in self.sites.values() if setting in s.hosts)
        if path == "/robots.txt":
            robots = site.robots.get(setting)
            return Page(robots, content_type="text/plain; charset=utf-8") if robots is not None else Page.not_found()
        request = MirrorRequest(setting, path, query, self.world, self.day, self.base_urls)
        return site.hosts[setting](request)

    def _handler_class(self, setting: str) -> type[BaseHTTPRequestHandler]:
        mirror = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self, method: str) -> None:
                try:
                    page = mirror._respond(setting, method, self.path)
                except Exception:
                    log.exception("mirror failed on %s %s", setting, self.path)
                    page = Page("<html><body>500</body></html>", 500)
                body = page.body.encode("utf-8") if isinstance(page.body, str) else page.body
                with mirror._lock:
                    mirror.requests.append((setting, self.path, 0 if page.reset else page.status))
                if page.reset:
                    self._reset()
                    return
                try:
                    self.send_response(page.status)
                    self.send_header("Content-Type", page.content_type)
                    self.send_header("Content-Length", str(len(body)))
                    for name, value in page.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    if method != "HEAD":
                        self.wfile.write(body if page.cut_at is None else body[:page.cut_at])
                except OSError:  # the client gave up (a timeout fault): nothing left to answer
                    self.close_connection = True
                    return
                if page.cut_at is not None:
                    self.close_connection = True

            def _reset(self) -> None:
                """Close with a TCP RST and no answer at all."""
                self.close_connection = True
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.rfile.close()
                self.connection.close()

            def do_GET(self) -> None:
                self._serve("GET")

            def do_HEAD(self) -> None:
                self._serve("HEAD")

            def do_POST(self) -> None:
                self._serve("POST")

            def log_message(self, format: str, *args: Any) -> None:
                log.debug("mirror %s: " + format, setting, *args)

        return _Handler
