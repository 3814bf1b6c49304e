"""The reading commands: `tanka parse`, `sql`, `top`, `net` and `status`."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from store.queries import listing_columns, recent_runs_table, site_counts
from tanka.command import (
    EXIT_ERROR,
    EXIT_OK,
    CommandError,
    add_command,
    kind_name,
    read_only,
    site_name,
    whole_number,
)
from tanka.config import load_config
from tanka.i18n import N_, _
from tanka.normalize.dates import TOKYO
from tanka.output import format_table, json_line, to_csv, to_json_lines
from tanka.scoring.reasons import reason_text, reason_texts
from tanka.sites import site_names
from tanka.status import health_state, run_row


def cmd_parse(args: argparse.Namespace) -> int:
    from spiders.base import LayoutChanged
    from tanka.offline import listing_rows, parse_saved_page, spider_for

    path = Path(args.file)
    if not path.is_file():
        raise CommandError(_("cannot read {path}: no such file").format(path=path))
    spider_for(args.site)  # unknown site → one clear line
    crawled_at = datetime.fromisoformat(args.crawled_at) if args.crawled_at else datetime.now(UTC)
    try:
        gigs = parse_saved_page(args.site, path, args.url, crawled_at)
    except LayoutChanged as error:  # an error page, the login form, a layout the parser does not know
        raise CommandError(_("{path}: not read ({reason}): {error}").format(path=path, reason=error.reason,
                                                                           error=error)) from None
    if not gigs:
        print(_("{path}: no listings found (not a {site} list or detail page, or a page that shows its content "
                "only after JavaScript runs)").format(path=path, site=args.site), file=sys.stderr)
    columns = listing_columns()
    for row in listing_rows(gigs, load_config(args.config).scoring, crawled_at):
        row = {**row, "score_reasons": reason_texts(row.get("score_reasons"))}  # in the reader's language
        print(json_line({c: _json_value(row.get(c)) for c in columns}))
    return EXIT_OK


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(TOKYO).isoformat()
    return value


def add_parse(commands: Any) -> None:
    p = add_command(commands, "parse", cmd_parse,
                    _("parse a saved page offline and print one JSON object per listing"),
                    "tanka parse crowdworks ../shared/fixtures/crowdworks/category_16.html")
    p.add_argument("site", type=site_name)
    p.add_argument("file")
    p.add_argument("--url", help=_("the URL the page was saved from"))
    p.add_argument("--crawled-at", help=_("ISO time the page was saved (relative deadlines count from it)"))


# What a refused statement hits: the guard of a read connection (store/db.py).
_REFUSED = ("file system operations are disabled", "configuration has been locked",
            "external extensions is disabled", "Cannot access directory", "Cannot access file")
SQL_REFUSED = N_("refused: `tanka sql` reads this database only: no other file or database, no extension, "
                 "no setting (to save results: tanka sql \"…\" --csv > results.csv)")


def one_statement(con: duckdb.DuckDBPyConnection, query: str) -> None:
    """Exactly one SQL statement, or a CommandError saying why not."""
    try:
        count = len(con.extract_statements(query))
    except duckdb.Error as error:
        raise CommandError(_("SQL error: {error}").format(error=str(error).splitlines()[0])) from None
    if count == 0:
        raise CommandError(_("the query is empty: give one SQL statement"))
    if count > 1:
        raise CommandError(_("give one SQL statement at a time (this query has {count})").format(count=count))


def run_query(db: str, query: str, params: dict[str, str]) -> tuple[list[str], list[tuple[Any, ...]]] | None:
    """Columns and rows of one read-only statement; None when it returns no result set."""
    con = read_only(db)
    try:
        one_statement(con, query)
        cursor = con.execute(query, params or None)
        if cursor is None or cursor.description is None:
            return None
        return [d[0] for d in cursor.description], cursor.fetchall()
    except duckdb.Error as error:
        text = str(error).splitlines()[0]
        if isinstance(error, duckdb.PermissionException) or any(marker in text for marker in _REFUSED):
            raise CommandError(_(SQL_REFUSED)) from None
        raise CommandError(_("SQL error: {error}").format(error=text)) from None
    finally:
        con.close()


def cmd_sql(args: argparse.Namespace) -> int:
    result = run_query(args.db, args.query, dict(args.param or []))
    if result is None:
        return EXIT_OK
    columns, rows = result
    if args.format != "json":  # stored reasons (JSON codes) read as text, in the reader's language
        rows = [tuple(readable(value) for value in row) for row in rows]
    if args.format == "csv":
        print(to_csv(columns, rows, terminal=sys.stdout.isatty()))
    elif args.format == "json":
        if rows:
            print(to_json_lines(columns, rows))
    else:
        print(format_table(columns, rows, max_width=args.width))
    return EXIT_OK


def readable(value: Any) -> Any:
    """A stored score reason ({"code": …}) as its text in the current language, also inside a list
    (listings.score_reasons); any other value as it is."""
    if isinstance(value, str) and value.startswith('{"code":'):
        return reason_text(value)
    if isinstance(value, list) and value and all(isinstance(v, str) and v.startswith('{"code":') for v in value):
        return reason_texts(value)
    return value


def _param(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(_("parameters look like name=value"))
    return name, value


def add_sql(commands: Any) -> None:
    p = add_command(commands, "sql", cmd_sql, _("run a read-only SQL query"),
                    "tanka sql \"SELECT title FROM listings WHERE site = $site\" -p site=lancers --csv")
    p.add_argument("query")
    p.add_argument("-p", "--param", type=_param, action="append", metavar="NAME=VALUE",
                   help=_("a named parameter ($NAME in the query)"))
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--table", dest="format", action="store_const", const="table", help=_("aligned table (default)"))
    fmt.add_argument("--csv", dest="format", action="store_const", const="csv", help=_("comma-separated values"))
    fmt.add_argument("--json", dest="format", action="store_const", const="json", help=_("one JSON object per row"))
    p.add_argument("--width", type=whole_number(1), default=60, help=_("table: widest cell (default 60)"))
    p.set_defaults(format="table")


def cmd_top(args: argparse.Namespace) -> int:
    from tanka.scoring.top import top_table

    config = load_config(args.config)
    con = read_only(args.db)
    try:
        print(top_table(con, config, profile=args.profile, limit=args.limit, site=args.site, kind=args.kind,
                        beginner=args.beginner, show_marked=args.show_marked, now=datetime.now(UTC)))
    finally:
        con.close()
    return EXIT_OK


def add_top(commands: Any) -> None:
    p = add_command(commands, "top", cmd_top, _("the best open gigs, with the reasons"),
                    "tanka top --profile demo --limit 20")
    p.add_argument("--profile", help=_("a [profiles.NAME] section of the settings file"))
    p.add_argument("--limit", type=whole_number(1), default=20, help=_("how many gigs (default 20)"))
    p.add_argument("--site", type=site_name, help=", ".join(site_names()))
    p.add_argument("--kind", type=kind_name, help=_("writing, data_entry, survey, design, development, …"))
    p.add_argument("--beginner", action="store_true",
                   help=_("only gigs for beginners: welcome beginners (or task format), ask for no experience, "
                          "qualification or rank, and carry no serious warning"))
    p.add_argument("--show-marked", action="store_true",
                   help=_("also show gigs you marked hidden, applied, won, lost or done (`tanka mark`)"))


def cmd_net(args: argparse.Namespace) -> int:
    from tanka.scoring.fees import net_amount

    if args.amount < 0:
        raise CommandError(_("the amount must not be negative"))
    print(net_amount(args.site, args.amount, pay_type=args.pay_type, fees=load_config(args.config).section("fees")))
    return EXIT_OK


def add_net(commands: Any) -> None:
    p = add_command(commands, "net", cmd_net, _("net yen reaching the worker for one contract"),
                    "tanka net crowdworks 10000")
    p.add_argument("site", type=site_name, help=", ".join(site_names()))
    p.add_argument("amount", type=whole_number(0), help=_("the contract amount in yen, before the fee"))
    p.add_argument("--pay-type", default=None, help=_("task for CrowdWorks' task format (flat 20%%)"))


def cmd_status(args: argparse.Namespace) -> int:
    """Each site's health and last runs; exit status 1 when a site is failing."""
    from store.health import crawl_health
    from store.migrations import is_current
    from tanka.sites import default_crawl_sites

    config = load_config(args.config)
    con = read_only(args.db)
    try:
        if not is_current(con):
            raise CommandError(_("{db} predates this version of tanka: run `tanka migrate --db {db}` once").format(
                db=args.db))
        health = crawl_health(con, default_crawl_sites(config), datetime.now(UTC),
                              running_timeout=config.crawl_timeout)
        columns, runs = recent_runs_table(con, args.runs)
        counts = site_counts(con)
    finally:
        con.close()
    print(format_table([_("site"), _("health"), _("judgement")],
                       [(h.site, health_state(h.state, h.failing), h.summary) for h in health], max_width=160))
    print()
    print(format_table([_(c) for c in columns], [run_row(r) for r in runs]))
    print()
    print(format_table([_("site"), _("open"), _("stored")], counts))
    failing = [h.site for h in health if h.failing]
    if failing:
        print("tanka: " + _("failing: {sites}").format(sites=", ".join(failing)), file=sys.stderr)
        return EXIT_ERROR
    return EXIT_OK


def add_status(commands: Any) -> None:
    p = add_command(commands, "status", cmd_status, _("each site's crawl health, its last runs, and listing counts "
                    "(exit status 1 when a site is failing)"), "tanka status --runs 3")
    p.add_argument("--runs", type=whole_number(1), default=3, help=_("runs shown per site (default 3)"))
