"""Text clean-up shared by every site: line endings, whitespace, width variants."""

from __future__ import annotations

import html
import re
import unicodedata

_SPACES = re.compile(r"[ \t\u3000\u00a0]+")
_MANY_BLANK_LINES = re.compile(r"\n{3,}")
_TAGS = re.compile(r"<[^>]+>")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
# Tildes and dashes used between two amounts: ~ 〜 ～ and the look-alikes NFKC leaves alone.
TILDES = "~〜～∼⁓"


def nfkc(text: str) -> str:
    """Width-folded text for matching: full-width digits and letters become ASCII."""
    return unicodedata.normalize("NFKC", text)


def clean_line(text: str | None) -> str | None:
    """One line of display text (a title, a name): whitespace runs collapsed, ends trimmed."""
    if text is None:
        return None
    out = " ".join(_SPACES.sub(" ", str(text)).split())
    return out or None


def clean_block(text: str | None) -> str | None:
    """Multi-line text (a description): LF line endings, trailing spaces and long blank runs removed."""
    if text is None:
        return None
    text = str(text).replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    out = _MANY_BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
    return out or None


def html_to_text(fragment: str | None) -> str | None:
    """A small HTML fragment (with <br>) as plain text, entities decoded once."""
    if fragment is None:
        return None
    return clean_block(html.unescape(_TAGS.sub("", _BR.sub("\n", fragment))))


def matchable(*parts: str | None) -> str:
    """Title, description … joined and NFKC-folded, for keyword and pattern matching."""
    return nfkc("\n".join(p for p in parts if p))
