"""The shape of a tanka command, shared by the `tanka` CLI (tanka/cli/) and the scheduler daemon:
the error type and exit codes, the --db/--config options, read connections, and `run_command`,
which turns every expected failure into one line on stderr."""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

import duckdb

from store import DatabaseLocked, connect, default_db_path
from store.locks import AlreadyRunning
from tanka import logs
from tanka.config import ConfigError, ui_language
from tanka.i18n import LANGUAGES, _, choose_language, set_language, translate_argparse
from tanka.output import display_width, one_line

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2

Handler = Callable[[argparse.Namespace], int]


class CommandError(Exception):
    """A user-facing error: printed as one line, exit status 1."""


_NO_LINE_START = set("、。，．）」』】：；！？・ー…")


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` columns (a wide Japanese character counts as two), broken at spaces or
    between Japanese characters, never inside an English word (argparse's textwrap counts characters
    and finds no spaces in Japanese)."""
    lines: list[str] = []
    line, used = "", 0
    for token in re.findall(r"[ -~]+?(?= |$|[^ -~])| |[^ -~]", " ".join(text.split())):
        size = display_width(token)
        # a closing mark never starts a line (禁則): it stays on the line it closes
        if used + size > width and line.strip() and token not in _NO_LINE_START:
            lines.append(line.rstrip())
            line, used = "", 0
            token = token.lstrip()
            size = display_width(token)
        line += token
        used += size
    if line.strip():
        lines.append(line.rstrip())
    return lines


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Help text wrapped by display width, so that Japanese help reads as well as English."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrap(text, width)


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line: `tanka top: --limit must be …`, exit status 2
    (argparse prints the whole usage first)."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, _("{prog}: {message} (see {prog} --help)").format(prog=self.prog, message=one_line(message))
                  + "\n")


def positive_number(text: str) -> float:
    """An argparse type: a number > 0 (seconds)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("must be a number, not {text!r}").format(text=text)) from None
    if not value > 0:
        raise argparse.ArgumentTypeError(_("must be more than 0, not {text}").format(text=text))
    return value


def whole_number(minimum: int) -> Callable[[str], int]:
    """An argparse type: a whole number ≥ `minimum`."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(_("must be a whole number, not {text!r}").format(text=text)) from None
        if value < minimum:
            raise argparse.ArgumentTypeError(_("must be {minimum} or more, not {value}").format(minimum=minimum,
                                                                                            value=value))
        return value

    parse.__name__ = f"whole number ≥ {minimum}"
    return parse


def site_name(text: str) -> str:
    """An argparse type: a registered site's name (a typo gets the nearest one suggested)."""
    from tanka.sites import site_names, unknown_site_message

    if text not in site_names():
        raise argparse.ArgumentTypeError(unknown_site_message(text))
    return text


def kind_name(text: str) -> str:
    """An argparse type: a kind of work of the taxonomy (tanka/scoring/taxonomy.py)."""
    from tanka.output import did_you_mean
    from tanka.scoring.taxonomy import KINDS

    if text not in KINDS:
        raise argparse.ArgumentTypeError(_("unknown kind {text!r}{hint} (kinds: {kinds})").format(
            text=text, hint=did_you_mean(text, KINDS), kinds=", ".join(KINDS)))
    return text


def common_options() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False, formatter_class=HelpFormatter)
    common.add_argument("--db", default=str(default_db_path()),
                        help=_("DuckDB file (default: $TANKA_DB or data/tanka.duckdb)"))
    common.add_argument("--config", default=None, help=_("settings file (default: $TANKA_CONFIG, ./tanka.toml)"))
    common.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS,  # never hides `tanka --lang ja top`
                        help=_("language of the output: ja or en (default: $TANKA_LANG, [ui] language, "
                               "else Japanese when the machine's locale is Japanese)"))
    return common


def language_of(argv: Sequence[str]) -> str:
    """The language a command line asks for (--lang, TANKA_LANG, its settings file's [ui] language,
    the locale), read before the full parser is built so that its help is in that language too."""
    early = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    early.add_argument("--lang", default=None)
    early.add_argument("--config", default=None)
    known, _rest = early.parse_known_args([a for a in argv if a != "--"])
    return choose_language(known.lang, ui_language(known.config))


def use_language(language: str) -> None:
    """Every message from here on, argparse's own included, in `language`."""
    set_language(language)
    translate_argparse()


def add_command(commands: Any, name: str, func: Handler, help_text: str, example: str) -> argparse.ArgumentParser:
    """A subcommand with the common options, its help and an example, calling `func(args)`."""
    sub = commands.add_parser(name, parents=[common_options()], help=help_text,
                              description=help_text + "\n\n" + _("example: {example}").format(example=example),
                              formatter_class=HelpFormatter)
    sub.set_defaults(func=func)
    return sub


def add_mirror_options(parser: argparse.ArgumentParser, what: str | None = None) -> None:
    """--listings, --seed, --day and --fault: the replay mirror's options."""
    what = what or _("mirror")
    parser.add_argument("--listings", type=whole_number(1), default=300,
                        help=_("{what}: open listings per site (default 300)").format(what=what))
    parser.add_argument("--seed", type=int, default=1, help=_("{what}: random seed (default 1)").format(what=what))
    parser.add_argument("--day", type=whole_number(0), default=0,
                        help=_("{what}: market day to serve (default 0)").format(what=what))
    parser.add_argument("--fault", action="append", metavar="KIND@PATTERN",
                        help=_("mirror: make matching pages fail, e.g. 503=5@^/public/jobs (repeatable; "
                               "README, \"Commands\", lists the kinds)"))


def read_only(db: str) -> duckdb.DuckDBPyConnection:
    """A short read connection, waiting while a crawl writes."""
    return connect(db, read_only=True, wait_seconds=30)


def fail(message: str) -> int:
    """Print one error line on stderr (whatever the message quotes); the exit status of a failure."""
    print(f"tanka: {one_line(message)}", file=sys.stderr)
    return EXIT_ERROR


def run_command(args: argparse.Namespace) -> int:
    """Run the parsed command's handler; expected failures are one line on stderr and exit status 1."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "tanka.settings")
    logs.install()  # log lines stay one line each, whatever they quote
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    try:
        use_language(choose_language(getattr(args, "lang", None), ui_language(getattr(args, "config", None))))
        return args.func(args)
    except (CommandError, ConfigError, DatabaseLocked, AlreadyRunning, FileNotFoundError) as error:
        return fail(str(error))
    except LookupError as error:  # unknown site
        return fail(str(error.args[0] if error.args else error))
    except duckdb.Error as error:
        return fail(_("database error: {error}").format(error=str(error).splitlines()[0]))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `tanka sql … | head`: the reader left; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERROR
