"""Printed text cannot drive the terminal (issue 17, part 4): a stored title holding an escape
sequence, a carriage return or a bidi override prints as visible marks, on its own row."""

from __future__ import annotations

import json
import logging
import re

from hypothesis import given
from hypothesis import strategies as st

from tanka import logs
from tanka.output import format_table, json_line, one_line, printable, to_csv, to_json_lines

SPOOF = "\x1b]0;PWNED\x07\x1b[2K\r  1.  99.9  ¥9,999/h…"
BIDI = "invoice\u202egpj.exe"
# What no printed line may hold: C0 but tab, DEL, C1, bidi controls and marks, line/paragraph separators.
FORBIDDEN = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def test_an_escape_sequence_in_a_title_prints_as_marks():
    table = format_table(["title"], [[SPOOF]])
    assert "\x1b" not in table and "\x07" not in table and "\r" not in table


def test_a_spoofed_title_stays_in_its_own_row():
    assert len(format_table(["title"], [[SPOOF], ["second\nline"]]).splitlines()) == 4


def test_the_text_of_a_spoofed_title_is_still_shown():
    assert "PWNED" in format_table(["title"], [[SPOOF]])


def test_a_bidi_override_is_shown_not_obeyed():
    assert "\u202e" not in format_table(["title"], [[BIDI]])


def test_a_column_name_is_made_printable_too():
    assert "\x1b" not in format_table(["a\x1b[31m"], [[1]])


def test_printable_keeps_line_breaks_of_multi_line_text():
    assert printable("a\nb\x1b") == "a\nb\ufffd"


def test_one_line_turns_breaks_into_spaces():
    assert one_line("a\r\nb\u2028c\td") == "a b c d"


def test_csv_to_a_terminal_is_one_line_per_row():
    out = to_csv(["title"], [[SPOOF], ["a\nb"]], terminal=True)
    assert len(out.splitlines()) == 3 and not FORBIDDEN.search(out.replace("\n", ""))


def test_csv_to_a_file_keeps_the_stored_text():
    assert "a\nb" in to_csv(["title"], [["a\nb"]])


def test_json_escapes_controls_as_json_does():
    line = to_json_lines(["title"], [[SPOOF + BIDI + "\x85"]])
    assert not FORBIDDEN.search(line) and json.loads(line) == {"title": SPOOF + BIDI + "\x85"}


def test_json_line_escapes_nested_values():
    assert json.loads(json_line({"reasons": ["\x1b[2K"]})) == {"reasons": ["\x1b[2K"]}
    assert "\x1b" not in json_line({"reasons": ["\x1b[2K"]})


def test_a_log_line_quoting_a_title_stays_one_line():
    logs.install()
    record = logging.getLogger("tanka.test").makeRecord("tanka.test", logging.INFO, __file__, 1,
                                                        "title %s", (SPOOF + "\nFAKE LINE",), None)
    message = logging.Formatter("%(message)s").format(record)
    assert "\n" not in message and not FORBIDDEN.search(message)


@given(st.lists(st.lists(st.one_of(st.text(), st.none(), st.integers(), st.floats()), min_size=2, max_size=2),
                max_size=5))
def test_no_printed_table_row_holds_a_control_character(rows):
    lines = format_table(["site", "title"], rows).split("\n")
    assert len(lines) == len(rows) + 2  # header, rule, one line per row
    assert not [line for line in lines if FORBIDDEN.search(line)]
