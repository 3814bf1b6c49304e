"""The web view as an ASGI application (Starlette): its routes, the database's short connections, and
rendering in the language of each request.

DuckDB lets one process hold the file, and a process may not mix read-only and read-write
connections to it: every request opens one short connection while it holds the app's lock, and
closes it before answering; a mark is one short write (store/marks.py, the table `tanka mark`
writes). A crawl that holds the file makes a request wait (as the CLI waits), never the other way.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import duckdb
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from store import DatabaseLocked, connect, open_store
from store.marks import add_mark, listing_exists
from tanka.config import Config
from tanka.i18n import LANGUAGES, _, install_jinja, normalize, using
from tanka.mine import MarkError, checked_mark
from tanka.normalize.dates import TOKYO
from tanka.scoring.taxonomy import KINDS
from tanka.sites import label as site_label
from tanka.sites import site_names
from tanka.web import pages, text
from tanka.web.security import LOOPBACK_NAMES, SESSION_COOKIE, Csrf, Guard, same_origin

log = logging.getLogger(__name__)
HERE = Path(__file__).parent
LANGUAGE_COOKIE = "tanka_lang"
NOTE_LIMIT = 1000
YEAR = 365 * 24 * 3600


def environment() -> Environment:
    """Jinja2 with autoescaping on for every template (a listing's text is HTML-escaped wherever it goes)."""
    env = Environment(loader=FileSystemLoader(HERE / "templates"), undefined=StrictUndefined,
                      autoescape=select_autoescape(enabled_extensions=("html", "j2"), default=True),
                      trim_blocks=True, lstrip_blocks=True)
    install_jinja(env)
    env.filters.update(yen=text.yen_text, moment=text.moment, kind=text.kind_label, site=site_label,
                       state=text.state_label, listing_status=text.listing_status_label, number=lambda v: f"{v:,.0f}" if v is not None else "—",
                       percent=lambda v: f"{v:.0%}")
    return env


class Web:
    """The state of one `tanka web` server: the database file, the settings, the CSRF secret."""

    def __init__(self, db_path: Path, config: Config, *, language: str, profile: str | None = None,
                 wait_seconds: float = 20.0, clock: Callable[[], datetime] | None = None) -> None:
        self.db_path = Path(db_path)
        self.config = config
        self.language = normalize(language) or "en"
        self.profile = profile
        self.wait_seconds = wait_seconds
        self.clock = clock or (lambda: datetime.now(TOKYO))
        self.csrf = Csrf()
        self.env = environment()
        self._lock = threading.Lock()

    # ----- the database: one short connection at a time ---------------------------------------------------
    @contextmanager
    def reading(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self._lock:
            con = connect(self.db_path, read_only=True, wait_seconds=self.wait_seconds)
            try:
                yield con
            finally:
                con.close()

    @contextmanager
    def writing(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self._lock, open_store(self.db_path, wait_seconds=self.wait_seconds) as con:
            yield con

    # ----- requests ----------------------------------------------------------------------------------------------
    def language_of(self, request: Request) -> str:
        return (normalize(request.query_params.get("lang")) or normalize(request.cookies.get(LANGUAGE_COOKIE))
                or self.language)

    def context(self, request: Request, session: str) -> dict[str, Any]:
        def lang_url(language: str) -> str:
            params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
            return f"{request.url.path}?{urlencode([*params, ('lang', language)])}"

        return {"lang": self.language_of(request), "languages": LANGUAGES, "lang_url": lang_url,
                "path": request.url.path, "csrf_token": self.csrf.token(session), "sites": site_names(),
                "kinds": KINDS, "profiles": sorted(self.config.profiles), "db_name": self.db_path.name,
                "page": "", "retry": False}

    def render(self, request: Request, template: str, status: int = 200, **values: Any) -> HTMLResponse:
        session = request.cookies.get(SESSION_COOKIE)
        fresh = not Csrf.valid_session(session)
        session = Csrf.new_session() if fresh else str(session)
        html = self.env.get_template(template).render({**self.context(request, session), **values})
        response = HTMLResponse(html, status_code=status,
                                headers={"cache-control": "no-store", "vary": "HX-Request, Cookie"})
        if fresh:
            response.set_cookie(SESSION_COOKIE, session, httponly=True, samesite="strict", path="/")
        return response

    def respond(self, handler: Callable[..., Response], request: Request, form: FormData | None) -> Response:
        """Run a page handler in the request's language; a busy or missing database is a page that says so."""
        language = self.language_of(request)
        with using(language):
            try:
                response = handler(self, request, form) if form is not None else handler(self, request)
            except pages.NotFound:
                response = self.render(request, "error.html.j2", 404, title=_("Not found"),
                                       message=_("There is no such gig in this database."))
            except DatabaseLocked:
                response = self.render(request, "error.html.j2", 503, title=_("The database is busy"),
                                       message=_("A crawl is saving its listings. This page tries again in a few "
                                                 "seconds."), retry=True)
            except FileNotFoundError as error:
                response = self.render(request, "error.html.j2", 503, title=_("No database"), message=str(error))
            except duckdb.Error as error:
                log.warning("tanka web: %s", str(error).splitlines()[0])
                response = self.render(request, "error.html.j2", 500, title=_("Database error"),
                                       message=str(error).splitlines()[0])
        if normalize(request.query_params.get("lang")):
            response.set_cookie(LANGUAGE_COOKIE, language, max_age=YEAR, samesite="strict", path="/")
        return response


def is_htmx(request: Request, target: str | None = None) -> bool:
    if request.headers.get("hx-request") != "true":
        return False
    return target is None or request.headers.get("hx-target") == target


# ----- pages -------------------------------------------------------------------------------------------------------
def gigs(web: Web, request: Request) -> Response:
    filters = pages.GigFilters.from_query(request.query_params, web.config, web.profile)
    with web.reading() as con:
        listed = pages.gig_list(con, web.config, filters, web.clock())
    template = "_results.html.j2" if is_htmx(request, "results") else "gigs.html.j2"
    return web.render(request, template, page="gigs", data=listed)


def gig(web: Web, request: Request) -> Response:
    site, listing_id = request.path_params["site"], request.path_params["listing_id"]
    with web.reading() as con:
        data = pages.gig_page(con, web.config, site, listing_id, web.clock())
    marked = request.query_params.get("marked")
    if marked in data.states:
        data.done = _("Marked {state}.").format(state=text.state_label(marked))
    return web.render(request, "gig.html.j2", page="gig", data=data)


def mark(web: Web, request: Request, form: FormData) -> Response:
    site, listing_id = request.path_params["site"], request.path_params["listing_id"]
    if site not in site_names():
        raise pages.NotFound(site)
    host = request.headers.get("host")
    if not (web.csrf.check(request.cookies.get(SESSION_COOKIE), _field(form, "csrf_token"))
            and same_origin(request.headers.get("origin"), host)):
        return _marks_answer(web, request, site, listing_id, 403,
                             error=_("This form has expired (was tanka web restarted?): reload the page and mark "
                                     "the gig again."))
    state = _field(form, "state")
    note = _field(form, "note").strip()[:NOTE_LIMIT] or None
    earned_text = _field(form, "earned").strip() or None
    try:
        earned = checked_mark(state, earned_text)
    except MarkError as error:
        message = str(error).replace("--earned", _("The amount earned"))
        return _marks_answer(web, request, site, listing_id, 400, error=message, note=note or "",
                             earned=earned_text or "")
    with web.writing() as con:
        if not listing_exists(con, site, listing_id):
            raise pages.NotFound(f"{site}:{listing_id}")
        add_mark(con, site=site, listing_id=listing_id, state=state, now=web.clock(), note=note, earned_yen=earned)
    if not is_htmx(request):
        return RedirectResponse(f"/gig/{site}/{listing_id}?marked={state}", status_code=303)
    return _marks_answer(web, request, site, listing_id, 200,
                         done=_("Marked {state}.").format(state=text.state_label(state)))


def _field(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def _marks_answer(web: Web, request: Request, site: str, listing_id: str, status: int, **shown: str) -> Response:
    """The marks section (htmx) or the whole gig page, after a mark or a refused one."""
    with web.reading() as con:
        data = pages.gig_page(con, web.config, site, listing_id, web.clock())
    for name, value in shown.items():
        setattr(data, name, value)
    template = "_marks.html.j2" if is_htmx(request) else "gig.html.j2"
    return web.render(request, template, status, page="gig", data=data)


def market(web: Web, request: Request) -> Response:
    params = request.query_params
    days = int(params["days"]) if params.get("days", "").isdigit() else pages.MARKET_DAYS[0]
    with web.reading() as con:
        data = pages.market_page(con, web.config, days, params.get("kind"), params.get("site"), web.clock())
    return web.render(request, "market.html.j2", page="market", data=data)


def status(web: Web, request: Request) -> Response:
    with web.reading() as con:
        data = pages.status_page(con, web.config, web.clock())
    return web.render(request, "status.html.j2", page="status", data=data)


def mine(web: Web, request: Request) -> Response:
    with web.reading() as con:
        data = pages.mine_page(con, web.config, web.profile, request.query_params.get("state"), web.clock())
    return web.render(request, "mine.html.j2", page="mine", data=data)


def create_app(web: Web, allowed_hosts: tuple[str, ...] | None = LOOPBACK_NAMES) -> Starlette:
    """The application; `allowed_hosts` None accepts any Host header (a server on another interface)."""

    def endpoint(handler: Callable[..., Response]) -> Callable[[Request], Any]:
        async def run(request: Request) -> Response:
            form = await request.form(max_files=0, max_fields=20) if request.method == "POST" else None
            try:
                return await run_in_threadpool(web.respond, handler, request, form)
            finally:
                if form is not None:
                    await form.close()

        return run

    async def not_found(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 404
        with using(web.language_of(request)):
            return web.render(request, "error.html.j2", status, title=_("Not found"),
                              message=_("There is no page here."))

    async def failed(request: Request, exc: Exception) -> Response:
        log.error("tanka web: %s: %s", type(exc).__name__, str(exc).splitlines()[0] if str(exc) else "")
        with using(web.language_of(request)):
            return web.render(request, "error.html.j2", 500, title=_("Something went wrong"),
                              message=_("tanka could not show this page. The error is in the terminal where "
                                        "`tanka web` runs."))

    routes = [
        Route("/", endpoint(gigs), methods=["GET"]),
        Route("/gig/{site}/{listing_id}", endpoint(gig), methods=["GET"]),
        Route("/gig/{site}/{listing_id}/mark", endpoint(mark), methods=["POST"]),
        Route("/market", endpoint(market), methods=["GET"]),
        Route("/status", endpoint(status), methods=["GET"]),
        Route("/mine", endpoint(mine), methods=["GET"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={404: not_found, 405: not_found, 500: failed})
    app.state.web = web
    return Guard(app, allowed_hosts)  # type: ignore[return-value]
