"""Text helpers for the BeautifulSoup baselines, matching parsel's `::text` forms.

`direct_text(el)` is parsel's `sel::text` (the element's own text nodes), `subtree_text(el)` its
`::text` / `sel ::text` (every text node below), `joined` the spiders' whitespace collapse.
"""

from __future__ import annotations

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString


def direct_text(element: Tag) -> list[str]:
    return [str(c) for c in element.children
            if isinstance(c, NavigableString) and not isinstance(c, PreformattedString)]


def subtree_text(element: Tag) -> list[str]:
    return list(element.strings)


def joined(parts: list[str]) -> str | None:
    """Text nodes joined, whitespace collapsed; None when empty."""
    text = " ".join(" ".join(parts).split())
    return text or None


def soup(body: bytes) -> BeautifulSoup:
    """A page parsed by html.parser, after the HTML standard's newline normalization (CRLF → LF),
    which lxml's parser does itself and html.parser does not."""
    return BeautifulSoup(body.replace(b"\r\n", b"\n").replace(b"\r", b"\n"), "html.parser")
