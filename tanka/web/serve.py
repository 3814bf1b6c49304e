"""Serving the web view with uvicorn: bind the socket first (so a taken port is one clear line, and
the address is known before anything is printed), then run until Ctrl+C or SIGTERM, and stop cleanly."""

from __future__ import annotations

import signal
import socket
import sys
import webbrowser
from typing import TextIO

import uvicorn

from tanka.i18n import _
from tanka.web.app import Web, create_app
from tanka.web.security import LOOPBACK_NAMES, is_loopback

DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 8765


class CannotServe(OSError):
    """The address cannot be served (the port is taken, the host is not this computer's)."""


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on host:port (port 0: any free port)."""
    try:
        family, kind, proto, _name, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                                  flags=socket.AI_PASSIVE)[0]
    except socket.gaierror as error:
        raise CannotServe(_("cannot serve on {host}: {error}").format(host=host, error=error.strerror)) from None
    sock = socket.socket(family, kind, proto)
    try:
        if sys.platform != "win32":  # on Windows SO_REUSEADDR would let two servers share the port
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as error:
        sock.close()
        raise CannotServe(_("cannot serve on {host}:{port}: {error} (another `tanka web`? choose another port with "
                            "--port)").format(host=host, port=port, error=error.strerror)) from None
    sock.set_inheritable(True)
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    if host in ("0.0.0.0", "::"):
        host = "127.0.0.1"
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def serve(web: Web, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, *, open_browser: bool = False,
          out: TextIO | None = None, err: TextIO | None = None) -> None:
    """Serve until stopped. On a host other than loopback, warn, and accept any host name."""
    out, err = out or sys.stdout, err or sys.stderr
    local = is_loopback(host)
    if not local:
        print(_("tanka web: warning: serving on {host}, not only on this computer: anyone who can reach it on the "
                "network can read your gigs and mark them (there is no login). Leave out --host to keep it local.")
              .format(host=host), file=err, flush=True)
    sock = bind(host, port)
    url = url_of(sock)
    app = create_app(web, allowed_hosts=LOOPBACK_NAMES if local else None)
    config = uvicorn.Config(app, lifespan="off", log_level="warning", access_log=False, proxy_headers=False,
                            server_header=False, timeout_graceful_shutdown=5)
    server = uvicorn.Server(config)
    # Ctrl+C and SIGTERM ask the server to stop, whenever they come: before uvicorn takes over the
    # signals (the server then starts and stops at once), or when uvicorn raises them again after
    # its graceful shutdown. A handler that raised (KeyboardInterrupt included) could fire inside the
    # event loop's start and leave it running.
    def stop(signum: int, frame: object) -> None:
        server.force_exit = server.should_exit and signum == signal.SIGINT  # a second Ctrl+C: at once
        server.should_exit = True

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    print(_("tanka web: serving {url} — open it in your browser; Ctrl+C stops it").format(url=url), file=out,
          flush=True)
    if open_browser:
        webbrowser.open(url)  # the socket listens already: the browser's request waits for the server
    try:
        server.run(sockets=[sock])
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        sock.close()
    print(_("tanka web: stopped"), file=out, flush=True)
