"""Log lines that say which site and crawl run they are about, one line per event:

    2026-11-28T07:07:03+0900 INFO [crowdworks run=42] tanka.scheduler: crawl finished: 310 listings …

Every record gets `site` and `run_id` attributes (a record factory, so that Scrapy's own lines and
third-party ones format too): from `log_context()` in the current thread or task, else from the
process-wide `set_process_context()` (a crawl process is about one site), else "-".

A message is one line whatever it quotes: a title or URL with a line break, an escape sequence or
a bidi override cannot forge a second log line or drive the terminal (tanka.output.one_line).
"""

from __future__ import annotations

import contextvars
import logging
import logging.handlers
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tanka.output import one_line

FORMAT = "%(asctime)s %(levelname)s [%(site)s run=%(run_id)s] %(name)s: %(message)s"
DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
ROTATE_BYTES = 5 * 1024 * 1024
ROTATE_KEEP = 5

_context: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar("tanka_log_context", default=None)
_process: dict[str, Any] = {"site": "-", "run_id": "-"}
_installed = False


def install() -> None:
    """Give every log record `site` and `run_id` (idempotent)."""
    global _installed
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        _flatten(record)
        context = _context.get() or _process
        record.site = context.get("site", "-")
        record.run_id = context.get("run_id", "-")
        return record

    logging.setLogRecordFactory(factory)
    _installed = True


def _flatten(record: logging.LogRecord) -> None:
    """The record's message on one line, its control characters made visible."""
    try:
        message = record.getMessage()
    except Exception:  # a bad format string: logging reports it when the record is formatted
        return
    flat = one_line(message)
    if flat != message:
        record.msg, record.args = flat, None


def set_process_context(site: str | None = None, run_id: int | str | None = None) -> None:
    if site is not None:
        _process["site"] = site
    if run_id is not None:
        _process["run_id"] = run_id


@contextmanager
def log_context(site: str = "-", run_id: int | str = "-") -> Iterator[dict[str, Any]]:
    """Lines logged inside name this site and run; the run id may be filled in later."""
    context = {"site": site, "run_id": run_id}
    token = _context.set(context)
    try:
        yield context
    finally:
        _context.reset(token)


def configure(log_file: Path | None, level: int = logging.INFO, stream: Any = None) -> None:
    """stderr, and a rotating file when given: what the scheduler logs to."""
    install()
    formatter = logging.Formatter(FORMAT, DATE_FORMAT)
    formatter.converter = time.localtime
    handlers: list[logging.Handler] = [logging.StreamHandler(stream or sys.stderr)]
    if log_file is not None:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.handlers.RotatingFileHandler(log_file, maxBytes=ROTATE_BYTES,
                                                             backupCount=ROTATE_KEEP, encoding="utf-8"))
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in handlers:
        handler.setFormatter(formatter)
        root.addHandler(handler)
    root.setLevel(level)
    for noisy in ("apscheduler.executors.default", "apscheduler.scheduler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
