"""Ready-made mirror `Fault`s: what a live site does to a crawler on a bad day.

Each returns a `Fault` (or a list of them) for ``Mirror(faults=[…])`` or ``mirror.faults``:

* `refused` — a status instead of the page (403, 401 …); `too_many_requests` — 429 with a
  Retry-After; `unavailable` — a burst of 503s (with or without Retry-After);
* `timeout` — the page, but only after longer than the client waits;
* `connection_reset` — no answer at all, the connection reset (TCP RST);
* `login_redirect` — a 302 to the site's login page, and that page in the site's style;
* `offsite` — a 302 to the same path on another host (the mirror's off-site host), as a hijacked
  or misconfigured site might answer: a crawler must refuse it without fetching anything there;
* `truncated` — the page cut mid-way, with an honest Content-Length (a server that wrote half a
  JSON body) or a lying one (the connection dropped: data loss);
* `layout_changed` — the page without its data container (a redesign);
* `reencoded` — the page in Shift_JIS or EUC-JP, with a matching charset header, a wrong one, or none;
  `garbled` — a UTF-8 page with a few broken bytes.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import replace
from urllib.parse import quote

from tanka.mirror.server import Fault, MirrorLogin, MirrorSite, Page, discover_sites


def _site(name: str) -> MirrorSite:
    sites = discover_sites()
    if name not in sites:
        raise ValueError(f"the mirror has no site {name!r} (it has: {', '.join(sorted(sites))})")
    return sites[name]


def data_container(name: str) -> tuple[tuple[str, str], ...]:
    """A site's data-container edits: "lancers" (its list pages) or "lancers_detail" (its detail pages)."""
    site, _, page = name.partition("_")
    edits = _site(site).data_containers.get(page or "list")
    if not edits:
        raise ValueError(f"the mirror's {site} has no {page or 'list'} data container to remove")
    return edits


def _login(site: str) -> MirrorLogin:
    login = _site(site).login
    if login is None:
        raise ValueError(f"the mirror's {site} has no login page")
    return login


def refused(pattern: str, status: int = 403, **options: object) -> Fault:
    return Fault(pattern, status, **options)  # type: ignore[arg-type]


def too_many_requests(pattern: str, retry_after: str | int = 1, times: int | None = 1, **options: object) -> Fault:
    return Fault(pattern, 429, times=times, body="<html><body>Too Many Requests</body></html>",
                 headers={"Retry-After": str(retry_after)}, **options)  # type: ignore[arg-type]


def unavailable(pattern: str, times: int | None = 3, retry_after: str | int | None = None,
                **options: object) -> Fault:
    headers = {} if retry_after is None else {"Retry-After": str(retry_after)}
    return Fault(pattern, 503, times=times, body="<html><body>Service Unavailable</body></html>",
                 headers=headers, **options)  # type: ignore[arg-type]


def timeout(pattern: str, seconds: float, times: int | None = None, **options: object) -> Fault:
    return Fault(pattern, None, times=times, delay=seconds, **options)  # type: ignore[arg-type]


def connection_reset(pattern: str, times: int | None = None, **options: object) -> Fault:
    return Fault(pattern, times=times, transform=lambda page: Page(reset=True), **options)  # type: ignore[arg-type]


def login_page(site: str) -> Fault:
    """The site's login page, served at its login path."""
    login = _login(site)
    return Fault(rf"^{re.escape(login.path)}(?:[?#]|$)", 200, setting=login.setting, body=login.page)


def login_redirect(site: str, pattern: str, times: int | None = None) -> list[Fault]:
    """Pages matching `pattern` answer 302 to the login page (served too), as a site does when it
    starts asking for a login."""
    login = _login(site)
    location = f"{login.path}?{login.return_param}={quote('/', safe='')}"
    return [Fault(pattern, 302, setting=login.setting, times=times, body="", headers={"Location": location}),
            login_page(site)]


def offsite(pattern: str, times: int | None = None, **options: object) -> Fault:
    """Pages matching `pattern` answer 302 to the same path on the mirror's off-site host."""
    return Fault(pattern, 302, times=times, body="", offsite=True, **options)  # type: ignore[arg-type]


def _body_bytes(page: Page) -> bytes:
    return page.body.encode("utf-8") if isinstance(page.body, str) else page.body


def truncated(pattern: str, keep: float = 0.5, honest_length: bool = True, times: int | None = None,
              **options: object) -> Fault:
    """The page cut after `keep` of its bytes: with a Content-Length of the cut body (the server
    wrote half of it), or of the whole body with the connection closed early (data loss)."""
    def cut(page: Page) -> Page:
        body = _body_bytes(page)
        size = int(len(body) * keep)
        return replace(page, body=body[:size]) if honest_length else replace(page, body=body, cut_at=size)

    return Fault(pattern, times=times, transform=cut, **options)  # type: ignore[arg-type]


def layout_changed(pattern: str, container: str, times: int | None = None, **options: object) -> Fault:
    """The page without its data container (`container`: a site's name for its list pages, the name +
    "_detail" for its detail pages, or a regex to delete)."""
    named = re.fullmatch(r"[a-z]+(?:_detail)?", container) and container.partition("_")[0] in discover_sites()
    pairs = data_container(container) if named else ((container, ""),)
    edits = [(re.compile(regex), new) for regex, new in pairs]

    def strip(page: Page) -> Page:
        text = _body_bytes(page).decode("utf-8")
        for regex, new in edits:
            text = regex.sub(new, text)
        return replace(page, body=text)

    return Fault(pattern, times=times, transform=strip, **options)  # type: ignore[arg-type]


def reencoded(pattern: str, encoding: str, header_charset: str | None = "match", times: int | None = None,
              **options: object) -> Fault:
    """The page in `encoding`; the Content-Type says `header_charset` ("match": the true one,
    None: no charset at all, else that name: a wrong one). The page's own <meta charset> is kept."""
    def encode(page: Page) -> Page:
        text = _body_bytes(page).decode("utf-8")
        media_type = page.content_type.split(";")[0].strip()
        charset = encoding if header_charset == "match" else header_charset
        content_type = f"{media_type}; charset={charset}" if charset else media_type
        return replace(page, body=text.encode(encoding, errors="xmlcharrefreplace"), content_type=content_type)

    return Fault(pattern, times=times, transform=encode, **options)  # type: ignore[arg-type]


def garbled(pattern: str, broken: int = 8, times: int | None = None, **options: object) -> Fault:
    """The page with `broken` bytes in its second half replaced by 0xFF (never valid UTF-8)."""
    def damage(page: Page) -> Page:
        body = bytearray(_body_bytes(page))
        half = len(body) // 2
        for n in range(broken):
            body[half + n * max(1, half // (broken + 1))] = 0xFF
        return replace(page, body=bytes(body))

    return Fault(pattern, times=times, transform=damage, **options)  # type: ignore[arg-type]


SPEC_HELP = ("KIND[=ARG]@PATTERN, PATTERN a regex on the path and query: 403@^/work/detail (any status), "
             "429=30@… (Retry-After), 503=5@… (that many), timeout=40@… (seconds), reset@…, "
             "login=crowdworks@…, offsite@…, truncated@…, layout=lancers@…, encoding=shift_jis@…, garbled@…")


def from_spec(spec: str) -> list[Fault]:
    """Faults from a command-line spec (`tanka mirror serve --fault 503=5@^/public/jobs`)."""
    head, at, pattern = spec.partition("@")
    kind, _, arg = head.partition("=")
    kind = kind.strip().lower()
    if not at or not pattern:
        raise ValueError(f"fault {spec!r}: say which pages, as KIND@PATTERN ({SPEC_HELP})")
    try:
        if kind.isdigit() and kind not in ("429", "503"):
            re.compile(pattern)
            return [refused(pattern, int(kind))]
        builders = {
            "429": lambda: too_many_requests(pattern, arg or 1, times=None),
            "503": lambda: unavailable(pattern, times=int(arg) if arg else 3),
            "timeout": lambda: timeout(pattern, float(arg or 60)),
            "reset": lambda: connection_reset(pattern),
            "login": lambda: login_redirect(arg or "crowdworks", pattern),
            "offsite": lambda: offsite(pattern),
            "truncated": lambda: truncated(pattern),
            "layout": lambda: layout_changed(pattern, arg or "crowdworks"),
            "encoding": lambda: reencoded(pattern, "shift_jis" if not arg else codecs.lookup(arg).name),
            "garbled": lambda: garbled(pattern),
        }
        if kind not in builders:
            raise ValueError(f"unknown kind {kind!r}")
        re.compile(pattern)
        made = builders[kind]()
    except (LookupError, ValueError, re.error) as error:
        raise ValueError(f"fault {spec!r}: {error} ({SPEC_HELP})") from None
    return made if isinstance(made, list) else [made]
