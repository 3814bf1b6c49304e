"""Text clean-up shared by every site: line endings, whitespace, width variants."""

from __future__ import annotations

import html
import re
import unicodedata
from functools import cache

_SPACES = re.compile(r"[ \t\u3000\u00a0]+")
_MANY_BLANK_LINES = re.compile(r"\n{3,}")
_TAGS = re.compile(r"<[^>]+>")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
# Tildes and dashes used between two amounts: ~ 〜 ～ and the look-alikes NFKC leaves alone.
TILDES = "~〜～∼⁓"


@cache  # built on first use (a third of a second), not at import: `tanka net` never needs it
def _fold_tables() -> tuple[dict[int, str], re.Pattern[str]]:
    """(code point → its NFKC form, the characters NFKC may compose with a neighbour).

    A character is NFKC-folded on its own unless it is, or folds to, a combining mark or a Hangul
    jamo: text holding one of those (or anything beyond the BMP) takes unicodedata's exact path.
    """
    table, composing = {}, []
    for code in range(0x80, 0x10000):
        char = chr(code)
        if 0xD800 <= code <= 0xDFFF:
            continue
        folded = unicodedata.normalize("NFKC", char)
        if folded != char:
            table[code] = folded
        if any(unicodedata.combining(c) or 0x1100 <= ord(c) <= 0x11FF or 0x3130 <= ord(c) <= 0x318F
               for c in char + folded):
            composing.append(re.escape(char))
    return table, re.compile("[" + "".join(composing) + "]|[^\\x00-\\uffff]")


def nfkc(text: str) -> str:
    """NFKC-folded text for matching: full-width digits and letters → ASCII, ～ → ~, ｶﾀｶﾅ → カタカナ.

    Exactly NFKC, but by one `str.translate` built from NFKC itself (parsing and scoring fold
    every title and description of every crawl); only text with characters NFKC may compose
    with a neighbour (combining marks, ﾞ, jamo) takes unicodedata's slow path.
    """
    if text.isascii():
        return text
    table, composing = _fold_tables()
    if composing.search(text):
        return unicodedata.normalize("NFKC", text)
    return text.translate(table)




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
