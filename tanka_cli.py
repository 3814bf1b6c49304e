"""tanka: collect CrowdWorks, Lancers and Shufti gigs into DuckDB and rank them by real net pay.

The command line only parses options and prints; the work is done by the library modules.
Every command takes --db PATH (default: $TANKA_DB or data/tanka.duckdb) and --config FILE.
Errors are one line on stderr and a non-zero exit status.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb

from config import ConfigError, load_config
from normalize.dates import TOKYO
from output import format_table, to_csv, to_json_lines
from store import DatabaseLocked, connect, default_db_path, open_store
from store.locks import AlreadyRunning

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


class CommandError(Exception):
    """A user-facing error: printed as one line, exit status 1."""


# ----- crawl --------------------------------------------------------------------------------------
class CrawlDisplay:
    """Live per-site progress on a terminal; plain lines every few seconds elsewhere (logs, CI)."""

    def __init__(self, stream: Any = sys.stderr, interval: float = 10.0) -> None:
        self.stream = stream
        self.live = stream.isatty()
        self.interval = interval
        self.last_plain = 0.0

    def __call__(self, event: dict[str, Any]) -> None:
        text = (f"{event['site']:<11} pages {event['pages']:>4}  listings {event['listings']:>6}  "
                f"new {event['new']:>5}  changed {event['changed']:>5}  details {event['details']:>5}  "
                f"errors {event['errors']:>3}")
        if self.live:
            self.stream.write("\r\x1b[2K" + text + ("\n" if event.get("done") else ""))
            self.stream.flush()
        elif event.get("done") or time.monotonic() - self.last_plain >= self.interval:
            self.last_plain = time.monotonic()
            self.stream.write(text + "\n")
            self.stream.flush()


def _mirror_state_urls(path: str) -> dict[str, str]:
    try:
        return dict(json.loads(Path(path).read_text())["base_urls"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise CommandError(f"cannot read the mirror's state file {path}: {error}") from None


def _faults(specs: list[str] | None) -> list[Any]:
    from mirror.faults import from_spec

    try:
        return [fault for spec in specs or [] for fault in from_spec(spec)]
    except ValueError as error:
        raise CommandError(str(error)) from None


def _mirror_of(args: argparse.Namespace) -> tuple[Any, dict[str, str]]:
    """The mirror `--mirror`/`--mirror-state` name: (a Mirror to start here, or None; its base-URL
    settings, empty strings until it is started). No mirror: (None, {}) — the live sites."""
    if args.mirror_state:  # a mirror already served by `tanka mirror serve`
        return None, _mirror_state_urls(args.mirror_state)
    if not args.mirror:
        return None, {}
    from mirror.server import Mirror

    mirror = Mirror(seed=args.seed, listings=args.listings, day=args.day, faults=_faults(args.fault))
    return mirror, {setting: "" for site in mirror.sites.values() for setting in site.hosts}


def _served_sites(base_urls: dict[str, str]) -> list[str]:
    from offline import site_names, spider_for

    return [s for s in site_names() if spider_for(s).base_url_setting in base_urls]


def cmd_crawl(args: argparse.Namespace) -> int:
    from offline import site_names
    from scheduler import run_site_crawl, spider_args_for

    config = load_config(args.config)
    known = site_names()
    mirror, base_urls = _mirror_of(args)
    mirrored = bool(base_urls)
    served = _served_sites(base_urls)
    sites = args.sites or (served if mirrored else [s for s in config.section("crawl").get("sites", known)
                                                     if s in known])
    for site in sites:
        if site not in known:
            raise CommandError(f"unknown site {site!r} (known: {', '.join(known)})")
        if mirrored and site not in served:  # never fall through to the live site
            raise CommandError(f"the mirror does not serve {site!r} (it serves: {', '.join(served)})")
    db_path = Path(args.db)
    with open_store(db_path):  # migrate once, up front, and fail early if the file is held
        pass
    if mirror:
        base_urls = mirror.start().base_urls
        print(f"replay mirror: {args.listings} listings per site, seed {args.seed}, day {args.day}", file=sys.stderr)
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
                print(f"tanka: {site} not crawled: {error}", file=sys.stderr)
                refused.append(site)
    finally:
        if mirror:
            mirror.stop()
    for result in results:
        print(result.summary())
    return EXIT_OK if all(r.ok for r in results) and not refused else EXIT_ERROR


# The mirror is local and synthetic: no politeness delay is needed to spare it, and no site's
# terms apply to it.
MIRROR_PACE = {
    "DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "RANDOMIZE_DOWNLOAD_DELAY": False,
    "CONCURRENT_REQUESTS": 16, "CONCURRENT_REQUESTS_PER_DOMAIN": 8, "SHUFTI_ENABLED": True,
    "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": 6,  # Shufti job pages rendered at once (live: 2)
}


# ----- parse --------------------------------------------------------------------------------------
def cmd_parse(args: argparse.Namespace) -> int:
    from offline import listing_rows, parse_saved_page, spider_for

    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"cannot read {path}: no such file")
    spider_for(args.site)  # unknown site → one clear line
    crawled_at = datetime.fromisoformat(args.crawled_at) if args.crawled_at else datetime.now(UTC)
    gigs = parse_saved_page(args.site, path, args.url, crawled_at)
    if not gigs:
        print(f"{path}: no listings found (not a {args.site} list or detail page, or a page that "
              f"shows its content only after JavaScript runs)", file=sys.stderr)
    columns = listing_columns()
    for row in listing_rows(gigs, load_config(args.config).scoring, crawled_at):
        print(json.dumps({c: _json_value(row.get(c)) for c in columns}, ensure_ascii=False))
    return EXIT_OK


def listing_columns() -> list[str]:
    """The public columns of `listings`, in table order (store bookkeeping left out)."""
    from store.migrations import migrate

    con = duckdb.connect(":memory:")
    migrate(con)
    internal = {"closed_at", "list_hash", "detail_status", "detail_fetched_at", "last_run_id"}
    columns = [r[0] for r in con.execute("DESCRIBE listings").fetchall() if r[0] not in internal]
    con.close()
    return columns


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(TOKYO).isoformat()
    return value


# ----- sql, top, net, status ----------------------------------------------------------------------
def _read_only(db: str) -> duckdb.DuckDBPyConnection:
    return connect(db, read_only=True, wait_seconds=30)


def cmd_sql(args: argparse.Namespace) -> int:
    params = dict(args.param or [])
    con = _read_only(args.db)
    try:
        cursor = con.execute(args.query, params or None)
        if cursor.description is None:
            return EXIT_OK
        columns = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
    except duckdb.Error as error:
        raise CommandError(f"SQL error: {str(error).splitlines()[0]}") from None
    finally:
        con.close()
    if args.format == "csv":
        print(to_csv(columns, rows))
    elif args.format == "json":
        if rows:
            print(to_json_lines(columns, rows))
    else:
        print(format_table(columns, rows, max_width=args.width))
    return EXIT_OK


def cmd_top(args: argparse.Namespace) -> int:
    from scoring.top import top_table

    config = load_config(args.config)
    con = _read_only(args.db)
    try:
        print(top_table(con, config, profile=args.profile, limit=args.limit, site=args.site, kind=args.kind))
    finally:
        con.close()
    return EXIT_OK


def cmd_net(args: argparse.Namespace) -> int:
    from scoring.fees import net_amount

    if args.amount < 0:
        raise CommandError("the amount must not be negative")
    print(net_amount(args.site, args.amount, pay_type=args.pay_type, fees=load_config(args.config).section("fees")))
    return EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    """Each site's health and last runs; exit status 1 when a site is failing."""
    from store.health import crawl_health

    config = load_config(args.config)
    con = _read_only(args.db)
    try:
        timeout = timedelta(seconds=float(config.section("schedule").get("crawl_timeout", 3600)))
        health = crawl_health(con, list(config.section("crawl").get("sites", [])), datetime.now(UTC),
                              running_timeout=timeout)
        if not con.execute("SELECT 1 FROM duckdb_columns() WHERE table_name = 'crawl_runs' AND column_name = 'partial'"
                           ).fetchall():
            raise CommandError(f"{args.db} predates this version of tanka: run `tanka migrate --db {args.db}` once")
        cursor = con.execute(
            """SELECT site, run_id, strftime(started_at, '%m-%d %H:%M') AS started,
                      coalesce(finish_reason, 'running') AS finish,
                      CASE WHEN partial THEN 'partial' WHEN NOT partial THEN 'complete' END AS outcome,
                      items, new_listings AS new, changed,
                      closed_unseen AS closed, errors, pages
               FROM crawl_runs QUALIFY row_number() OVER (PARTITION BY site ORDER BY run_id DESC) <= $n
               ORDER BY site, run_id DESC""",
            {"n": args.runs},
        )
        columns = [d[0] for d in cursor.description]
        runs = cursor.fetchall()
        counts = con.execute(
            "SELECT site, count(*) FILTER (WHERE status = 'open'), count(*) FROM listings GROUP BY site ORDER BY site"
        ).fetchall()
    finally:
        con.close()
    print(format_table(["site", "health", "judgement"],
                       [(h.site, h.state.upper() if h.failing else h.state, h.summary) for h in health],
                       max_width=160))
    print()
    print(format_table(columns, runs))
    print()
    print(format_table(["site", "open", "stored"], counts))
    failing = [h.site for h in health if h.failing]
    if failing:
        print(f"tanka: failing: {', '.join(failing)}", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_OK


# ----- store maintenance ----------------------------------------------------------------------------
def cmd_migrate(args: argparse.Namespace) -> int:
    from store.migrations import migrate

    con = connect(args.db)
    try:
        applied = migrate(con)
    finally:
        con.close()
    print("\n".join(applied) if applied else "up to date", file=sys.stderr)
    return EXIT_OK


def cmd_rescore(args: argparse.Namespace) -> int:
    from store.dupes import assign_dup_groups
    from store.rescore import rescore

    config = load_config(args.config)
    with open_store(args.db) as con:
        con.execute("BEGIN TRANSACTION")
        count = rescore(con, site=args.site, config=config.scoring)
        assign_dup_groups(con)
        con.execute("COMMIT")
    print(f"rescored {count} listings", file=sys.stderr)
    return EXIT_OK


def cmd_load(args: argparse.Namespace) -> int:
    """Store rows a crawl could not write (data/unsaved/*.jsonl)."""
    from store.unsaved import load_unsaved

    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"cannot read {path}: no such file")
    with open_store(args.db) as con:
        count, result = load_unsaved(con, path, load_config(args.config).scoring, datetime.now(UTC))
    print(f"loaded {count} rows: {result.new} new, {result.changed} changed", file=sys.stderr)
    return EXIT_OK


# ----- mirror, digest, schedule ------------------------------------------------------------------------
def cmd_mirror(args: argparse.Namespace) -> int:
    from mirror.server import Mirror

    if args.action == "advance":
        import urllib.request

        state = json.loads(Path(args.state_file).read_text())
        url = next(iter(state["base_urls"].values())) + f"/_mirror/advance?days={args.days}"
        with urllib.request.urlopen(urllib.request.Request(url, method="POST"), timeout=10) as reply:
            print(reply.read().decode())
        return EXIT_OK
    with Mirror(seed=args.seed, listings=args.listings, day=args.day, faults=_faults(args.fault)) as mirror:
        state = mirror.state()
        Path(args.state_file).parent.mkdir(parents=True, exist_ok=True)
        Path(args.state_file).write_text(json.dumps(state, indent=2))
        for setting, url in mirror.base_urls.items():
            print(f"{setting}={url}")
        print(f"serving; state in {args.state_file}; Ctrl-C to stop", file=sys.stderr)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            return EXIT_OK


def cmd_digest(args: argparse.Namespace) -> int:
    from digest import run_digest

    if not args.send and not args.preview:
        raise CommandError("say what to do: --preview FILE.html and/or --send")
    return run_digest(load_config(args.config), Path(args.db), args.profile, send=args.send,
                      preview=Path(args.preview) if args.preview else None)


def cmd_schedule(args: argparse.Namespace) -> int:
    import logs
    from scheduler import build_scheduler, crawl_job, job_table, serve

    config = load_config(args.config)
    db_path = Path(args.db).resolve()
    mirror, settings = _mirror_of(args)
    sites = None
    if settings:
        settings = {**settings, **MIRROR_PACE}
        served = _served_sites(settings)
        sites = [s for s in config.section("crawl").get("sites", served) if s in served] or served
    if args.list:
        table = job_table(build_scheduler(config, db_path, settings=settings, sites=sites, mirror=mirror,
                                          mirror_advance=args.mirror_advance))
        print(format_table(["job", "trigger", "next run"], table, max_width=80))
        return EXIT_OK
    log_file = Path(str(config.section("schedule").get("log_file") or "logs/tanka.log"))
    logs.configure(log_file if log_file.is_absolute() else db_path.parent / log_file)
    if mirror:
        settings = {**mirror.start().base_urls, **MIRROR_PACE}
    try:
        if args.once:
            results = crawl_job(str(config.path) if config.path else None, str(db_path), settings or None, sites)
            for result in results:
                print(result.summary())
            return EXIT_OK if results and all(r.ok for r in results) else EXIT_ERROR
        return serve(config, db_path, settings=settings or None, sites=sites, mirror=mirror,
                     mirror_advance=args.mirror_advance)
    finally:
        if mirror:
            mirror.stop()


# ----- argument parsing ------------------------------------------------------------------------------
def _param(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError("parameters look like name=value")
    return name, value


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=str(default_db_path()),
                        help="DuckDB file (default: $TANKA_DB or data/tanka.duckdb)")
    common.add_argument("--config", default=None, help="settings file (default: $TANKA_CONFIG, ./tanka.toml)")
    parser = argparse.ArgumentParser(prog="tanka", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, func: Callable[[argparse.Namespace], int], help_text: str, example: str
            ) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, parents=[common], help=help_text,
                                  description=f"{help_text}\n\nexample: {example}",
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
        sub.set_defaults(func=func)
        return sub

    p = add("crawl", cmd_crawl, "crawl sites (live by default) into the database", "tanka crawl crowdworks --mirror")
    p.add_argument("sites", nargs="*", metavar="SITE", help="crowdworks, lancers, shufti (default: [crawl] sites)")
    p.add_argument("--mirror", action="store_true", help="start the local replay mirror and crawl it instead")
    p.add_argument("--listings", type=int, default=300, help="mirror: open listings per site (default 300)")
    p.add_argument("--seed", type=int, default=1, help="mirror: random seed (default 1)")
    p.add_argument("--day", type=int, default=0, help="mirror: market day to serve (default 0)")
    p.add_argument("--mirror-state", metavar="FILE",
                   help="crawl a mirror already running (`tanka mirror serve`), named by its state file")
    p.add_argument("--fault", action="append", metavar="KIND@PATTERN",
                   help="mirror: make matching pages fail, e.g. 503=5@^/public/jobs (repeatable; "
                        "README, \"Commands\", lists the kinds)")
    p.add_argument("--max-pages", type=int, default=None, help="pages per listing set (0 = no limit)")
    p.add_argument("--lists", default=None, help="listing sets, e.g. new,keyword:データ入力,category:249")
    p.add_argument("--full", action="store_true", help="walk every page even when nothing changed")
    p.add_argument("--timeout", type=float, default=None, help="seconds per site before the crawl is stopped")

    p = add("parse", cmd_parse, "parse a saved page offline and print one JSON object per listing",
            "tanka parse crowdworks ../shared/fixtures/crowdworks/category_16.html")
    p.add_argument("site")
    p.add_argument("file")
    p.add_argument("--url", help="the URL the page was saved from")
    p.add_argument("--crawled-at", help="ISO time the page was saved (relative deadlines count from it)")

    p = add("sql", cmd_sql, "run a read-only SQL query",
            "tanka sql \"SELECT title FROM listings WHERE site = $site\" -p site=lancers --csv")
    p.add_argument("query")
    p.add_argument("-p", "--param", type=_param, action="append", metavar="NAME=VALUE",
                   help="a named parameter ($NAME in the query)")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--table", dest="format", action="store_const", const="table", help="aligned table (default)")
    fmt.add_argument("--csv", dest="format", action="store_const", const="csv")
    fmt.add_argument("--json", dest="format", action="store_const", const="json", help="one JSON object per row")
    p.add_argument("--width", type=int, default=60, help="table: widest cell (default 60)")
    p.set_defaults(format="table")

    p = add("top", cmd_top, "the best open gigs, with the reasons", "tanka top --profile demo --limit 20")
    p.add_argument("--profile", help="a [profiles.NAME] section of the settings file")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--site")
    p.add_argument("--kind", help="writing, data_entry, survey, design, development, …")

    p = add("net", cmd_net, "net yen reaching the worker for one contract", "tanka net crowdworks 10000")
    p.add_argument("site")
    p.add_argument("amount", type=int)
    p.add_argument("--pay-type", default=None, help="task for CrowdWorks' task format (flat 20%%)")

    p = add("status", cmd_status, "each site's crawl health, its last runs, and listing counts "
            "(exit status 1 when a site is failing)", "tanka status --runs 3")
    p.add_argument("--runs", type=int, default=3)

    add("migrate", cmd_migrate, "create or upgrade the database schema", "tanka migrate --db data/tanka.duckdb")
    p = add("rescore", cmd_rescore, "recompute unit prices and scores from stored raw values", "tanka rescore")
    p.add_argument("--site")
    p = add("load", cmd_load, "store rows a crawl saved when the database was locked",
            "tanka load data/unsaved/lancers-20261128T060700.jsonl")
    p.add_argument("file")

    p = add("mirror", cmd_mirror, "serve the replay mirror, or advance its market by days",
            "tanka mirror serve --listings 10000")
    p.add_argument("action", choices=["serve", "advance"])
    p.add_argument("--listings", type=int, default=300)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--day", type=int, default=0)
    p.add_argument("--days", type=int, default=1, help="advance: days to move on")
    p.add_argument("--fault", action="append", metavar="KIND@PATTERN",
                   help="mirror: make matching pages fail, e.g. 503=5@^/public/jobs (repeatable; "
                        "README, \"Commands\", lists the kinds)")
    p.add_argument("--state-file", default=os.path.join("data", "mirror.json"))

    p = add("digest", cmd_digest, "render and/or send a profile's daily digest",
            "tanka digest --profile demo --preview digest.html")
    p.add_argument("--profile", required=True)
    p.add_argument("--preview", metavar="FILE.html", help="write the HTML here instead of / as well as sending")
    p.add_argument("--send", action="store_true", help="send it (once per profile and day)")

    p = add("schedule", cmd_schedule, "run the crawl and digest schedule (a long-running daemon)",
            "tanka schedule --list")
    p.add_argument("--list", action="store_true", help="print the jobs and their next run times, and exit")
    p.add_argument("--once", action="store_true", help="crawl every site once now and exit")
    p.add_argument("--mirror", action="store_true", help="run against the local replay mirror (started here)")
    p.add_argument("--mirror-state", metavar="FILE", help="run against a mirror served by `tanka mirror serve`")
    p.add_argument("--mirror-advance", metavar="WHEN",
                   help="--mirror: move its market on a day on this schedule, e.g. \"every 10m\"")
    p.add_argument("--listings", type=int, default=300, help="--mirror: open listings per site (default 300)")
    p.add_argument("--seed", type=int, default=1, help="--mirror: random seed (default 1)")
    p.add_argument("--day", type=int, default=0, help="--mirror: market day to start from (default 0)")
    p.add_argument("--fault", action="append", metavar="KIND@PATTERN",
                   help="mirror: make matching pages fail, e.g. 503=5@^/public/jobs (repeatable; "
                        "README, \"Commands\", lists the kinds)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "settings")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (CommandError, ConfigError, DatabaseLocked, AlreadyRunning, FileNotFoundError) as error:
        print(f"tanka: {error}", file=sys.stderr)
        return EXIT_ERROR
    except LookupError as error:  # unknown site
        print(f"tanka: {error.args[0] if error.args else error}", file=sys.stderr)
        return EXIT_ERROR
    except duckdb.Error as error:
        print(f"tanka: database error: {str(error).splitlines()[0]}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `tanka sql … | head`: the reader left; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
