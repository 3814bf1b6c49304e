"""`tanka crawl` and `tanka mirror`: crawl the sites (or the replay mirror), serve the mirror."""

from __future__ import annotations

import argparse
import json
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from store import open_store
from store.locks import AlreadyRunning
from tanka.command import (
    EXIT_ERROR,
    EXIT_OK,
    CommandError,
    add_command,
    add_mirror_options,
    positive_number,
    site_name,
    whole_number,
)
from tanka.config import load_config
from tanka.crawl import (
    MIRROR_PACE,
    MirrorError,
    choose_mirror,
    mirror_faults,
    run_site_crawl,
    served_sites,
    spider_args_for,
)
from tanka.i18n import _
from tanka.output import one_line
from tanka.sites import default_crawl_sites, list_problem, site_names, unknown_site_message


class CrawlDisplay:
    """Live per-site progress on a terminal; plain lines every few seconds elsewhere (logs, CI)."""

    def __init__(self, stream: Any = None, interval: float = 10.0) -> None:
        self.stream = stream or sys.stderr  # the stderr of now, not of when this module was imported
        self.live = self.stream.isatty()
        self.interval = interval
        self.last_plain: float | None = None  # no plain line yet: the first is printed at once

    def __call__(self, event: dict[str, Any]) -> None:
        text = _("{site} pages {pages}  listings {listings}  new {new}  changed {changed}  details {details}  "
                 "errors {errors}").format(
            site=f"{event['site']:<11}", pages=f"{event['pages']:>4}", listings=f"{event['listings']:>6}",
            new=f"{event['new']:>5}", changed=f"{event['changed']:>5}", details=f"{event['details']:>5}",
            errors=f"{event['errors']:>3}")
        if self.live:
            self.stream.write("\r\x1b[2K" + text + ("\n" if event.get("done") else ""))
            self.stream.flush()
            return
        now = time.monotonic()
        if event.get("done") or self.last_plain is None or now - self.last_plain >= self.interval:
            self.last_plain = now
            self.stream.write(text + "\n")
            self.stream.flush()


def mirror_of(args: argparse.Namespace) -> tuple[Any, dict[str, str]]:
    """The mirror `--mirror`/`--mirror-state` name (see tanka.crawl.choose_mirror)."""
    try:
        return choose_mirror(use_mirror=args.mirror, state_file=args.mirror_state, seed=args.seed,
                             listings=args.listings, day=args.day, faults=args.fault)
    except MirrorError as error:
        raise CommandError(str(error)) from None


def cmd_crawl(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    known = site_names()
    mirror, base_urls = mirror_of(args)
    mirrored = bool(base_urls)
    served = served_sites(base_urls)
    sites = args.sites or (served if mirrored else default_crawl_sites(config))
    for site in sites:
        if site not in known:  # from [crawl] sites (the settings file's own check names the file)
            raise CommandError(unknown_site_message(site))
        if mirrored and site not in served:  # never fall through to the live site
            raise CommandError(_("the mirror does not serve {site!r} (it serves: {served})").format(
                site=site, served=", ".join(served)))
        for name in (args.lists or "").split(","):
            if name.strip() and (problem := list_problem(site, name)):
                raise CommandError(f"--lists: {problem}")
    db_path = Path(args.db)
    with open_store(db_path):  # migrate once, up front, and fail early if the file is held
        pass
    if mirror:
        base_urls = mirror.start().base_urls
        print(_("replay mirror: {listings} listings per site, seed {seed}, day {day}").format(
            listings=args.listings, seed=args.seed, day=args.day), file=sys.stderr)
    settings = {**base_urls, **MIRROR_PACE} if mirrored else {}
    results = []
    refused: list[str] = []
    try:
        for site in sites:
            spider_args = spider_args_for(config, site)
            if args.max_pages is not None or mirrored:
                spider_args["max_pages"] = args.max_pages or 0
            if args.lists:
                spider_args["lists"] = args.lists
            if args.full:
                spider_args["full"] = 1
            try:
                results.append(run_site_crawl(site, db_path, settings=settings,
                                              spider_args=spider_args, timeout=args.timeout,
                                              on_progress=CrawlDisplay(), config_path=config.path))
            except AlreadyRunning as error:  # the scheduler (or another shell) is crawling it now
                print("tanka: " + _("{site} not crawled: {error}").format(site=site, error=error), file=sys.stderr)
                refused.append(site)
    finally:
        if mirror:
            mirror.stop()
    for result in results:
        print(one_line(result.summary()))
    return EXIT_OK if all(r.ok for r in results) and not refused else EXIT_ERROR


def add_crawl(commands: Any) -> None:
    p = add_command(commands, "crawl", cmd_crawl, _("crawl sites (live by default) into the database"),
                    "tanka crawl crowdworks --mirror")
    p.add_argument("sites", nargs="*", metavar="SITE", type=site_name,
                   help=_("{sites} (default: [crawl] sites)").format(sites=", ".join(site_names())))
    p.add_argument("--mirror", action="store_true", help=_("start the local replay mirror and crawl it instead"))
    p.add_argument("--mirror-state", metavar="FILE",
                   help=_("crawl a mirror already running (`tanka mirror serve`), named by its state file"))
    add_mirror_options(p)
    p.add_argument("--max-pages", type=whole_number(0), default=None, help=_("pages per listing set (0 = no limit)"))
    p.add_argument("--lists", default=None, help=_("listing sets, e.g. new,keyword:データ入力,category:249"))
    p.add_argument("--full", action="store_true", help=_("walk every page even when nothing changed"))
    p.add_argument("--timeout", type=positive_number, default=None,
                   help=_("seconds per site before the crawl is stopped"))


def cmd_mirror(args: argparse.Namespace) -> int:
    from tanka.mirror.server import Mirror

    if args.action == "advance":
        state = json.loads(Path(args.state_file).read_text(encoding="utf-8"))
        url = next(iter(state["base_urls"].values())) + f"/_mirror/advance?days={args.days}"
        with urllib.request.urlopen(urllib.request.Request(url, method="POST"), timeout=10) as reply:
            print(reply.read().decode())
        return EXIT_OK
    try:
        faults = mirror_faults(args.fault)
    except MirrorError as error:
        raise CommandError(str(error)) from None
    with Mirror(seed=args.seed, listings=args.listings, day=args.day, faults=faults) as mirror:
        state_file = Path(args.state_file)
        state_file.parent.mkdir(parents=True, exist_ok=True)
        state_file.write_text(json.dumps(mirror.state(), indent=2), encoding="utf-8")
        for setting, url in mirror.base_urls.items():
            print(f"{setting}={url}")
        print(_("serving; state in {path}; Ctrl-C to stop").format(path=state_file), file=sys.stderr)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            return EXIT_OK


def add_mirror(commands: Any) -> None:
    p = add_command(commands, "mirror", cmd_mirror, _("serve the replay mirror, or advance its market by days"),
                    "tanka mirror serve --listings 10000")
    p.add_argument("action", choices=["serve", "advance"], help=_("serve: start it; advance: move its market on"))
    add_mirror_options(p)
    p.add_argument("--days", type=whole_number(1), default=1, help=_("advance: days to move on"))
    p.add_argument("--state-file", default=str(Path("data") / "mirror.json"),
                   help=_("where the served mirror's addresses are written (default data/mirror.json)"))
