"""Process locks beside the database file: one scheduler per database, one crawl per site.

DuckDB itself lets one process hold the file, and tanka processes hold it only for short writes,
so crawls, digests and `tanka sql` interleave (store/db.py). What must never run twice is the
long-lived work: two schedulers would crawl everything twice, and two crawls of one site would
each judge the other's listings unseen. These locks (flock, released by the kernel when the
process dies, even by kill -9) say who holds them and since when, so the refusal is clear.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from normalize.dates import TOKYO


class AlreadyRunning(RuntimeError):
    """Another live process holds the lock."""


class ProcessLock:
    def __init__(self, path: Path, what: str) -> None:
        self.path = path
        self.what = what  # "the scheduler", "a crowdworks crawl"
        self._fd: int | None = None

    def _open(self) -> int:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)

    def _holder(self, fd: int) -> dict[str, Any]:
        try:
            return dict(json.loads(os.pread(fd, 4096, 0).decode("utf-8") or "{}"))
        except (ValueError, UnicodeDecodeError, TypeError):
            return {}

    def _refusal(self, holder: dict[str, Any]) -> AlreadyRunning:
        since = ""
        if holder.get("started"):
            with contextlib.suppress(ValueError):
                since = f" since {datetime.fromisoformat(holder['started']).astimezone(TOKYO):%Y-%m-%d %H:%M} JST"
        by = f" ({holder['by']})" if holder.get("by") else ""
        return AlreadyRunning(f"{self.what} is already running: pid {holder.get('pid', '?')}{by}{since} "
                              f"holds {self.path}")

    def acquire(self, by: str = "") -> ProcessLock:
        """Take the lock or raise AlreadyRunning naming its holder."""
        fd = self._open()
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = self._holder(fd)
            os.close(fd)
            raise self._refusal(holder) from None
        info = {"pid": os.getpid(), "by": by, "started": datetime.now(UTC).isoformat()}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info).encode("utf-8"), 0)
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def check(self) -> None:
        """Raise AlreadyRunning if another process holds the lock now (without keeping it)."""
        if self._fd is not None:
            return
        fd = self._open()
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            fcntl.flock(fd, fcntl.LOCK_UN)
        except BlockingIOError:
            raise self._refusal(self._holder(fd)) from None
        finally:
            os.close(fd)

    @property
    def held(self) -> bool:
        return self._fd is not None

    def __enter__(self) -> ProcessLock:
        return self if self.held else self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def _beside(db_path: str | os.PathLike[str], suffix: str) -> Path:
    path = Path(db_path).resolve()
    return path.with_name(f"{path.name}.{suffix}.lock")


def scheduler_lock(db_path: str | os.PathLike[str]) -> ProcessLock:
    return ProcessLock(_beside(db_path, "scheduler"), "a tanka scheduler for this database")


def crawl_lock(db_path: str | os.PathLike[str], site: str) -> ProcessLock:
    return ProcessLock(_beside(db_path, f"crawl-{site}"), f"a {site} crawl into this database")
