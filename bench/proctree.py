"""Memory (and CPU) of a whole process tree, sampled from /proc: a crawl is Scrapy plus
Playwright's node driver plus Chromium's browser, GPU, utility and renderer processes.

`TreeSampler` polls every descendant of one root process (default: this process, whose children
are the crawls it starts) and keeps the peak of the tree's summed RSS and PSS. Summed RSS counts
memory shared between processes (Chromium's binary, its shared memory) once per process, so it
overstates the tree; PSS splits shared pages between their users and sums to the tree's real
share of RAM. Linux only.
"""

from __future__ import annotations

import os
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
CLOCK = os.sysconf("SC_CLK_TCK")
PROC = Path("/proc")


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, CPU seconds) of one process, or None once it is gone."""
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / CLOCK


def descendants(root: int) -> list[int]:
    """Every live process below `root` (not `root` itself)."""
    children: dict[int, list[int]] = defaultdict(list)
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            stat = _stat(int(entry.name))
            if stat:
                children[stat[0]].append(int(entry.name))
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def rss_kb(pid: int) -> int:
    try:
        return int((PROC / str(pid) / "statm").read_text().split()[1]) * PAGE_KB
    except (OSError, IndexError, ValueError):
        return 0


def pss_kb(pid: int) -> int:
    try:
        for line in (PROC / str(pid) / "smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _kind(pid: int) -> str:
    """A short name for a process: python, node, chromium:renderer, chromium:gpu-process …"""
    try:
        args = (PROC / str(pid) / "cmdline").read_bytes().split(b"\0")
    except OSError:
        return "?"
    if len(args) <= 2 and args and b" --" in args[0]:  # Chromium rewrites its argv into one string
        args = args[0].split(b" ")
    name = Path(args[0].decode(errors="replace")).name if args and args[0] else "?"
    for arg in args[1:]:
        if arg.startswith(b"--type="):
            return f"{name}:{arg[7:].decode(errors='replace')}"
    return name


@dataclass
class TreeSampler:
    """Peak memory of a process tree while it runs (a background thread; use as a context manager)."""

    root: int = field(default_factory=os.getpid)
    interval: float = 0.5
    peak_rss_mb: float = 0.0
    peak_pss_mb: float = 0.0
    peak_processes: int = 0
    cpu_by_kind: dict[str, float] = field(default_factory=dict)
    processes_by_kind: dict[str, int] = field(default_factory=dict)
    peak_pss_by_kind: dict[str, int] = field(default_factory=dict)
    _cpu: dict[int, tuple[str, float]] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def sample(self) -> None:
        pids = descendants(self.root)
        self.peak_processes = max(self.peak_processes, len(pids))
        self.peak_rss_mb = max(self.peak_rss_mb, sum(rss_kb(p) for p in pids) / 1024)
        pss = {p: pss_kb(p) for p in pids}
        if sum(pss.values()) / 1024 > self.peak_pss_mb:
            self.peak_pss_mb = sum(pss.values()) / 1024
            by_kind: dict[str, float] = defaultdict(float)
            for pid, kb in pss.items():
                by_kind[self._cpu[pid][0] if pid in self._cpu else _kind(pid)] += kb / 1024
            self.peak_pss_by_kind = {k: round(v) for k, v in by_kind.items()}
        for pid in pids:
            stat = _stat(pid)
            if stat:
                kind = self._cpu[pid][0] if pid in self._cpu else _kind(pid)
                self._cpu[pid] = (kind, stat[1])

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def __enter__(self) -> TreeSampler:
        self._thread = threading.Thread(target=self._run, name="tree-sampler", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join()
        totals: dict[str, float] = defaultdict(float)
        counts: dict[str, int] = defaultdict(int)
        for kind, seconds in self._cpu.values():
            totals[kind] += seconds
            counts[kind] += 1
        self.processes_by_kind = dict(counts)
        self.cpu_by_kind = {k: round(v, 1) for k, v in sorted(totals.items(), key=lambda kv: -kv[1])}
