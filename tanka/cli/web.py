"""`tanka web`: the local web view (tanka/web/)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from store import open_store
from tanka.command import EXIT_OK, CommandError, add_command, whole_number
from tanka.config import load_config
from tanka.i18n import _, language


def cmd_web(args: argparse.Namespace) -> int:
    from tanka.web.app import Web
    from tanka.web.serve import CannotServe, serve

    config = load_config(args.config)
    if args.profile:
        config.profile(args.profile)  # an unknown profile is one clear line now, not a page error later
    db = Path(args.db)
    if not db.is_file():
        raise CommandError(_("no database at {db} (run `tanka crawl` first, or `make demo`; or pass --db)").format(db=db))
    with open_store(db):  # migrate once (the marks table), and fail early if the file is held
        pass
    web = Web(db, config, language=language(), profile=args.profile)  # the command's (--lang, TANKA_LANG …)
    try:
        serve(web, args.host, args.port, open_browser=args.open)
    except CannotServe as error:
        raise CommandError(str(error)) from None
    return EXIT_OK


def add_web(commands: Any) -> None:
    p = add_command(commands, "web", cmd_web,
                    _("a local web page: browse and mark gigs, see the market's rates, crawl health and your "
                      "month (on 127.0.0.1 only)"),
                    "tanka web --db data/demo.duckdb --open")
    p.add_argument("--port", type=whole_number(0), default=8765, help=_("port (default 8765; 0: any free port)"))
    p.add_argument("--host", default="127.0.0.1",
                   help=_("interface to serve on (default 127.0.0.1: this computer only; another one is "
                          "reachable from the network, with a warning)"))
    p.add_argument("--open", action="store_true", help=_("open the page in your browser"))
    p.add_argument("--profile", help=_("a [profiles.NAME] section: the list's filters and the month's goal"))
