"""`tanka alert`: one alert pass by hand (the scheduler runs one after each quick poll)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from tanka.command import CommandError, add_command
from tanka.config import load_config
from tanka.i18n import _


def cmd_alert(args: argparse.Namespace) -> int:
    from tanka.alerts import run_alerts

    if not args.send and not args.preview:
        raise CommandError(_("say what to do: --preview FILE.html and/or --send"))
    return run_alerts(load_config(args.config), Path(args.db), args.profile, send=args.send,
                      preview=Path(args.preview) if args.preview else None, language=getattr(args, "lang", None))


def add_alert(commands: Any) -> None:
    p = add_command(commands, "alert", cmd_alert, _("send (or preview) a profile's alert for its new matching gigs"),
                    "tanka alert --profile demo --preview alert.html")
    p.add_argument("--profile", required=True, help=_("a [profiles.NAME] section of the settings file"))
    p.add_argument("--preview", metavar="FILE.html", help=_("write the alert's HTML here"))
    p.add_argument("--send", action="store_true", help=_("send it (each gig once per profile and target)"))
