"""Store maintenance: `tanka migrate`, `rescore` and `load`."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from store import connect, open_store
from tanka.command import EXIT_OK, CommandError, add_command, site_name
from tanka.config import load_config
from tanka.i18n import _, ngettext


def cmd_migrate(args: argparse.Namespace) -> int:
    from store.migrations import migrate

    con = connect(args.db)
    try:
        applied = migrate(con)
    finally:
        con.close()
    print("\n".join(applied) if applied else _("up to date"), file=sys.stderr)
    return EXIT_OK


def add_migrate(commands: Any) -> None:
    add_command(commands, "migrate", cmd_migrate, _("create or upgrade the database schema"),
                "tanka migrate --db data/tanka.duckdb")


def cmd_rescore(args: argparse.Namespace) -> int:
    from store.rescore import rescore_and_regroup

    config = load_config(args.config)
    with open_store(args.db) as con:
        count = rescore_and_regroup(con, site=args.site, config=config.scoring)
    print(ngettext("rescored {count} listing", "rescored {count} listings", count).format(count=f"{count:,}"),
          file=sys.stderr)
    return EXIT_OK


def add_rescore(commands: Any) -> None:
    p = add_command(commands, "rescore", cmd_rescore, _("recompute unit prices and scores from stored raw values"),
                    "tanka rescore")
    p.add_argument("--site", type=site_name, help=_("only this site's listings"))


def cmd_load(args: argparse.Namespace) -> int:
    """Store rows a crawl could not write (data/unsaved/*.jsonl)."""
    from store.unsaved import load_unsaved

    path = Path(args.file)
    if not path.is_file():
        raise CommandError(_("cannot read {path}: no such file").format(path=path))
    with open_store(args.db) as con:
        count, result = load_unsaved(con, path, load_config(args.config).scoring, datetime.now(UTC))
    print(_("loaded {count} rows: {new} new, {changed} changed").format(count=count, new=result.new,
                                                                         changed=result.changed), file=sys.stderr)
    return EXIT_OK


def add_load(commands: Any) -> None:
    p = add_command(commands, "load", cmd_load, _("store rows a crawl saved when the database was locked"),
                    "tanka load data/unsaved/lancers-20261128T060700.jsonl")
    p.add_argument("file", help=_("a data/unsaved/*.jsonl file"))


def chromium_status() -> tuple[str | None, str]:
    """(the browser a Shufti crawl would use, or None; how it was found)."""
    import os
    import shutil

    if os.environ.get("TANKA_CHROMIUM"):
        return os.environ["TANKA_CHROMIUM"], "TANKA_CHROMIUM"
    for name in ("chromium", "chromium-browser"):
        if shutil.which(name):
            return shutil.which(name), _("the system's Chromium")
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            path = playwright.chromium.executable_path
    except Exception:  # no driver, or no browser downloaded
        return None, _("none found")
    return (path, _("Playwright's own Chromium")) if path and Path(path).exists() else (None, _("none found"))


def cmd_setup(args: argparse.Namespace) -> int:
    """What tanka needs beyond its Python packages: a Chromium, for Shufti's job pages only."""
    import subprocess

    browser, how = chromium_status()
    if browser is None and args.install:
        print(_("downloading Playwright's Chromium (about 150 MB)…"), file=sys.stderr)
        subprocess.run([sys.executable, "-m", "playwright", "install", "chromium"], check=False)
        browser, how = chromium_status()
    if browser is None:
        raise CommandError(_("no Chromium: Shufti's job pages need one (CrowdWorks and Lancers do not). "
                             "Run `tanka setup --install`, or install your system's Chromium"))
    print(f"chromium: {browser} ({how})")
    return EXIT_OK


def add_setup(commands: Any) -> None:
    p = add_command(commands, "setup", cmd_setup, _("check (and with --install, fetch) the Chromium that Shufti's "
                    "job pages need"), "tanka setup --install")
    p.add_argument("--install", action="store_true", help=_("download Playwright's Chromium when none is found"))
