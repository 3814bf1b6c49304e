"""tanka: collect CrowdWorks, Lancers and Shufti gigs into DuckDB and rank them by real net pay.

The command line only parses options and prints; the work is done by the library modules.
Each command's options sit beside its handler (`add_<command>` in tanka/cli/<group>.py).
Every command takes --db PATH (default: $TANKA_DB or data/tanka.duckdb) and --config FILE.
Errors are one line on stderr and a non-zero exit status.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from tanka.cli import alert, crawl, digest, maintain, mine, query, web
from tanka.command import CommandError, HelpFormatter, Parser, language_of, run_command, use_language
from tanka.i18n import LANGUAGES, _

__all__ = ["CommandError", "build_parser", "main"]


def add_schedule(commands: object) -> None:
    import scheduler

    scheduler.add_command(commands)


# In the order `tanka --help` lists them.
ADDERS = (crawl.add_crawl, query.add_parse, query.add_sql, query.add_top, query.add_net, query.add_status,
          mine.add_mark_command, mine.add_mine, maintain.add_migrate, maintain.add_rescore, maintain.add_load,
          crawl.add_mirror, digest.add_digest, alert.add_alert, web.add_web, add_schedule, maintain.add_setup)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="tanka", formatter_class=HelpFormatter, description=_("tanka: collect CrowdWorks, Lancers and Shufti gigs into DuckDB and "
                                                "rank them by real net pay."))
    parser.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS,
                        help=_("language of the output: ja or en (default: $TANKA_LANG, [ui] language, else Japanese "
                               "when the machine's locale is Japanese)"))
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in ADDERS:
        add(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    use_language(language_of(argv))  # before the parser is built: its help is in the chosen language
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as stop:  # --help, or a bad argument (one line on stderr already)
        return stop.code if isinstance(stop.code, int) else 0
    return run_command(args)


if __name__ == "__main__":
    sys.exit(main())
