"""`tanka digest`: render and/or send a profile's daily digest."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from tanka.command import CommandError, add_command
from tanka.config import load_config
from tanka.i18n import _


def cmd_digest(args: argparse.Namespace) -> int:
    from tanka.digest import run_digest

    if not args.send and not args.preview:
        raise CommandError(_("say what to do: --preview FILE.html and/or --send"))
    return run_digest(load_config(args.config), Path(args.db), args.profile, send=args.send,
                      preview=Path(args.preview) if args.preview else None, language=getattr(args, "lang", None))


def add_digest(commands: Any) -> None:
    p = add_command(commands, "digest", cmd_digest, _("render and/or send a profile's daily digest"),
                    "tanka digest --profile demo --preview digest.html")
    p.add_argument("--profile", required=True, help=_("a [profiles.NAME] section of the settings file"))
    p.add_argument("--preview", metavar="FILE.html", help=_("write the HTML here instead of / as well as sending"))
    p.add_argument("--send", action="store_true", help=_("send it (once per profile and day)"))
