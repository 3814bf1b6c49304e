"""Fast matching of many patterns over listing text (derive() runs on 100k rows per crawl).

* `Gated` is a list of regex alternatives, each run only when the literal it cannot match
  without is in the text: a substring test is far cheaper than a regex scan of a long description.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_META = set("()[]{}|?*+.^$\\")


def required_literal(alternative: str) -> str | None:
    """A literal every match of `alternative` contains: its first top-level literal run of ≥ 2
    characters (else the longest one); None when it has none (the alternative then always runs)."""
    runs, current, depth, i = [], [], 0, 0
    while i < len(alternative):
        char = alternative[i]
        if char == "\\":
            runs.append("".join(current))
            current = []
            i += 2
            continue
        if char in "([":
            runs.append("".join(current))
            current = []
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "{" and depth == 0:
            runs.append("".join(current))
            current = []
            i = alternative.index("}", i) + 1
            continue
        elif depth == 0 and char in "?*+":
            if current:
                current.pop()  # the quantified character is optional
            runs.append("".join(current))
            current = []
        elif depth == 0 and char not in _META:
            current.append(char)
        elif depth == 0:
            runs.append("".join(current))
            current = []
        i += 1
    runs.append("".join(current))
    runs = [r for r in runs if r]
    return next((r for r in runs if len(r) >= 2), max(runs, key=len, default=None))


class Gated:
    """Regex alternatives, each tried only when its required literal occurs in the text."""

    def __init__(self, alternatives: list[str] | tuple[str, ...], flags: int = 0) -> None:
        literal = (lambda alt: None) if flags & re.IGNORECASE else required_literal
        self.parts = [(literal(alt), re.compile(alt, flags)) for alt in alternatives]

    @property
    def literals(self) -> set[str]:
        return {literal for literal, _ in self.parts if literal}

    @property
    def always_runs(self) -> bool:
        """Some alternative has no required literal (a LiteralScan cannot rule it out)."""
        return any(literal is None for literal, _ in self.parts)

    def _candidates(self, text: str) -> Iterator[re.Pattern[str]]:
        for literal, pattern in self.parts:
            if literal is None or literal in text:
                yield pattern

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """Matches of every alternative (alternative by alternative, not in text order)."""
        for pattern in self._candidates(text):
            yield from pattern.finditer(text)

    def search(self, text: str) -> re.Match[str] | None:
        """The earliest match in the text."""
        found = None
        for literal, pattern in self.parts:
            if literal is None or literal in text:
                match = pattern.search(text)
                if match and (found is None or match.start() < found.start()):
                    found = match
        return found


class LiteralScan:
    """Whether any of many literals occurs in a text, in one regex pass: a clean listing (most of
    them) then skips every gated pattern at once."""

    def __init__(self, literals: set[str]) -> None:
        ordered = sorted(literals, key=len, reverse=True)
        self.pattern = re.compile("|".join(map(re.escape, ordered))) if ordered else None

    def any(self, text: str) -> bool:
        return self.pattern is not None and self.pattern.search(text) is not None
