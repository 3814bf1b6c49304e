"""What keeps the local web view local and its forms honest.

* **Loopback only by default.** `tanka web` binds 127.0.0.1; another interface needs `--host` and
  prints a warning. Requests must also *name* a loopback host (the Host header): a web page
  elsewhere cannot reach the server through a DNS name that resolves to 127.0.0.1 (DNS rebinding).
* **CSRF.** Every POST carries a token: an HMAC, under a secret made when the server starts, of a
  random session cookie (HttpOnly, SameSite=Strict). Another site can neither read the token nor
  send the cookie; an Origin header, when the browser sends one, must be this server's own.
* **Headers.** A Content-Security-Policy that runs only the page's own scripts (htmx, served from
  the package) and no inline script or style, so a listing's text could not run even if it got
  past the templates' escaping; no referrer to the sites; no framing; nothing cached.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

SESSION_COOKIE = "tanka_session"
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")

CONTENT_SECURITY_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                           "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 or localhost."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def host_of(header: str) -> str:
    """The host of a Host header ("127.0.0.1:8765" → "127.0.0.1", "[::1]:8765" → "::1")."""
    try:
        return (urlsplit(f"//{header}").hostname or "").lower()
    except ValueError:
        return ""


class Csrf:
    """Tokens bound to a session cookie, under a secret that lives as long as the server."""

    def __init__(self, secret: bytes | None = None) -> None:
        self._secret = secret or secrets.token_bytes(32)

    @staticmethod
    def new_session() -> str:
        return secrets.token_urlsafe(32)

    @staticmethod
    def valid_session(session: str | None) -> bool:
        return bool(session) and 32 <= len(session or "") <= 64 and all(c.isalnum() or c in "-_" for c in session or "")

    def token(self, session: str) -> str:
        return hmac.new(self._secret, session.encode(), hashlib.sha256).hexdigest()

    def check(self, session: str | None, token: str | None) -> bool:
        if not self.valid_session(session) or not token:
            return False
        return hmac.compare_digest(self.token(session or ""), str(token))


def same_origin(origin: str | None, host: str | None) -> bool:
    """No Origin header (an old browser, a form from the page itself in some browsers), or this server's."""
    if not origin:
        return True
    if origin == "null" or not host:
        return False
    parts = urlsplit(origin)
    return parts.scheme in ("http", "https") and parts.netloc.lower() == host.lower()


class Guard:
    """ASGI middleware: refuses requests that do not name an allowed host, and adds HEADERS to
    every response."""

    def __init__(self, app: ASGIApp, allowed_hosts: Iterable[str] | None) -> None:
        self.app = app
        self.allowed = None if allowed_hosts is None else {h.lower().strip("[]") for h in allowed_hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        host = host_of(headers.get(b"host", b"").decode("latin-1"))
        if self.allowed is not None and host not in self.allowed:
            await send({"type": "http.response.start", "status": 400,
                        "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                                    *((k.encode(), v.encode()) for k, v in HEADERS.items())]})
            await send({"type": "http.response.body", "body": b"tanka web: unknown host name\n"})
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _value in message.get("headers", [])}
                extra = [(k.encode(), v.encode()) for k, v in HEADERS.items() if k.encode() not in names]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)
