"""`tanka crawl` progress: one redrawn line per site on a terminal, plain lines in logs and CI."""

import io

from tanka.cli.crawl import CrawlDisplay

EVENT = {"site": "lancers", "pages": 3, "listings": 90, "new": 12, "changed": 4, "details": 16, "errors": 0}


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_one_line_redrawn_in_place():
    stream = Terminal()
    show = CrawlDisplay(stream)
    show(EVENT)
    show({**EVENT, "pages": 4})
    show({**EVENT, "pages": 5, "done": True})
    text = stream.getvalue()
    assert text.count("\r\x1b[2K") == 3
    assert text.endswith("\n")
    assert text.count("\n") == 1


def test_logs_get_plain_lines_at_most_every_interval_and_the_last_one():
    stream = io.StringIO()
    show = CrawlDisplay(stream, interval=3600)
    show(EVENT)
    show({**EVENT, "pages": 4})
    show({**EVENT, "pages": 5, "done": True})
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    assert "\x1b" not in stream.getvalue()
    assert lines[-1].split()[:3] == ["lancers", "pages", "5"]


def test_the_first_plain_line_is_printed_at_once_on_a_machine_booted_a_minute_ago(monkeypatch):
    monkeypatch.setattr("tanka.cli.crawl.time.monotonic", lambda: 60.0)  # monotonic time ≈ uptime on Linux
    stream = io.StringIO()
    CrawlDisplay(stream, interval=3600)(EVENT)
    assert stream.getvalue().split()[:3] == ["lancers", "pages", "3"]
