"""Process locks beside the database file: one scheduler per database, one crawl per site.

DuckDB itself lets one process hold the file, and tanka processes hold it only for short writes,
so crawls, digests and `tanka sql` interleave (store/db.py). What must never run twice is the
long-lived work: two schedulers would crawl everything twice, and two crawls of one site would
each judge the other's listings unseen.

The locks are `filelock` locks (flock on Linux and macOS, LockFileEx on Windows), released by the
operating system when the process dies, even by kill -9. Who holds one, and since when, is
written to a small JSON file beside it (the lock file itself is truncated by every opener), so
a refusal names the holder.
"""

from __future__ import annotations

import contextlib
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from tanka.i18n import N_, _
from tanka.normalize.dates import TOKYO


class AlreadyRunning(RuntimeError):
    """Another live process holds the lock."""


class ProcessLock:
    def __init__(self, path: Path, what: str) -> None:
        self.path = path
        self.what = what  # "the scheduler", "a crowdworks crawl"
        self.holder_path = path.with_name(path.name + ".holder.json")
        self._lock: FileLock | None = None

    def _new_lock(self) -> FileLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # One lock object per acquisition, not shared by threads: a second ProcessLock on the same
        # file in this process is refused too, as one in another process is.
        return FileLock(self.path, timeout=0, thread_local=False, is_singleton=False)

    def holder(self) -> dict[str, Any]:
        """What the current holder wrote about itself ({} when unknown)."""
        try:
            return dict(json.loads(self.holder_path.read_text(encoding="utf-8") or "{}"))
        except (OSError, ValueError, TypeError):
            return {}

    def _refusal(self) -> AlreadyRunning:
        holder = self.holder()
        since = ""
        if holder.get("started"):
            with contextlib.suppress(ValueError, TypeError):
                since = _(" since {when} JST").format(
                    when=f"{datetime.fromisoformat(holder['started']).astimezone(TOKYO):%Y-%m-%d %H:%M}")
        by = f" ({holder['by']})" if holder.get("by") else ""
        return AlreadyRunning(_("{what} is already running: pid {pid}{by}{since} holds {path}").format(
            what=_(self.what), pid=holder.get("pid", "?"), by=by, since=since, path=self.path))

    def acquire(self, by: str = "") -> ProcessLock:
        """Take the lock or raise AlreadyRunning naming its holder."""
        lock = self._new_lock()
        try:
            lock.acquire(timeout=0)
        except Timeout:
            raise self._refusal() from None
        info = {"pid": os.getpid(), "by": by, "started": datetime.now(UTC).isoformat()}
        self.holder_path.write_text(json.dumps(info), encoding="utf-8")
        self._lock = lock
        return self

    def release(self) -> None:
        if self._lock is not None:
            with contextlib.suppress(OSError):
                self.holder_path.unlink()
            self._lock.release()
            self._lock = None

    def check(self) -> None:
        """Raise AlreadyRunning if another process holds the lock now (without keeping it)."""
        if self._lock is not None:
            return
        lock = self._new_lock()
        try:
            lock.acquire(timeout=0)
        except Timeout:
            raise self._refusal() from None
        lock.release()

    @property
    def held(self) -> bool:
        return self._lock is not None

    def __enter__(self) -> ProcessLock:
        return self if self.held else self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def _beside(db_path: str | os.PathLike[str], suffix: str) -> Path:
    path = Path(db_path).resolve()
    return path.with_name(f"{path.name}.{suffix}.lock")


def scheduler_lock(db_path: str | os.PathLike[str]) -> ProcessLock:
    return ProcessLock(_beside(db_path, "scheduler"), N_("a tanka scheduler for this database"))


def crawl_lock(db_path: str | os.PathLike[str], site: str) -> ProcessLock:
    return ProcessLock(_beside(db_path, f"crawl-{site}"), _("a {site} crawl into this database").format(site=site))
