"""`make i18n-update`'s last step: the English catalog says what the code says.

The messages are written in English in the code (the msgids), so tanka/locale/en/LC_MESSAGES/tanka.po
gets each new or changed message's msgid as its translation (and loses the fuzzy mark that
`pybabel update` may have guessed). An English wording fixed in the .po by hand is kept. Japanese
is written by a person: this never touches tanka/locale/ja.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

CATALOG = Path(__file__).resolve().parents[1] / "tanka" / "locale" / "en" / "LC_MESSAGES" / "tanka.po"


def fill(path: Path = CATALOG) -> int:
    with path.open("rb") as handle:
        catalog = read_po(handle, locale="en", domain="tanka")
    filled = 0
    for message in catalog:
        if not message.id:
            continue
        empty = not message.string or (isinstance(message.string, tuple) and not all(message.string))
        if empty or message.fuzzy:
            message.string = message.id  # (singular, plural) for a plural message
            message.flags.discard("fuzzy")
            message.previous_id = []
            filled += 1
    with path.open("wb") as handle:
        write_po(handle, catalog, width=None, sort_by_file=True, include_previous=False)
    return filled


if __name__ == "__main__":
    count = fill(Path(sys.argv[1]) if len(sys.argv) > 1 else CATALOG)
    print(f"{CATALOG.relative_to(Path.cwd()) if CATALOG.is_relative_to(Path.cwd()) else CATALOG}: "
          f"{count} English messages filled in")
