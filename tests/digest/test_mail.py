"""The digest sent once to a real SMTP server (aiosmtpd on 127.0.0.1), then read back as the recipient would.

One send per module; each test checks one property of what arrived.
"""

import io
from email.header import decode_header
from types import SimpleNamespace

import pytest
from lxml import html as lxml_html

from tanka.digest import run_digest
from tests.digest.conftest import (
    HOSTILE_TITLE,
    NOW,
    PICKED_IDS,
    ROWS,
    RUNS,
    ledger_rows,
    settings_file,
    start_smtp,
    write_rows,
)

pytestmark = pytest.mark.e2e
URLS = {row["listing_id"]: row["url"] for row in ROWS}


@pytest.fixture(scope="module")
def sent(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mail")
    db_path = folder / "tanka.duckdb"
    write_rows(db_path, ROWS, RUNS)
    server = start_smtp()
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as env:
        for name in ("TANKA_SMTP_HOST", "TANKA_SMTP_PORT", "TANKA_SMTP_SECURITY", "TANKA_MAIL_FROM"):
            env.delenv(name, raising=False)
        code = run_digest(settings_file(folder, server.port), db_path, "demo", send=True, now=NOW, out=out)
    server.controller.stop()
    (mail_from, rcpt_tos, message, raw), *others = server.inbox.received
    return SimpleNamespace(code=code, out=out.getvalue(), message=message, mail_from=mail_from, rcpt_tos=rcpt_tos,
                           others=others, raw=raw, db_path=db_path)


def html_part(message):
    return message.get_body(("html",)).get_content()


def text_part(message):
    return message.get_body(("plain",)).get_content().replace("\r\n", "\n")


def test_exit_status(sent):
    assert sent.code == 0


def test_one_message_arrives(sent):
    assert sent.others == []


def test_it_says_what_it_sent(sent):
    assert sent.out.startswith("sent digest 'demo' for 2026-11-28 to 山田 花子 <hanako@example.com>: 6 gigs")


def test_multipart_alternative_with_text_then_html(sent):
    parts = [p.get_content_type() for p in sent.message.iter_parts()]
    assert (sent.message.get_content_type(), parts) == ("multipart/alternative", ["text/plain", "text/html"])


def test_parts_are_utf8(sent):
    assert [p.get_content_charset() for p in sent.message.iter_parts()] == ["utf-8", "utf-8"]


def test_subject_decodes_to_japanese(sent):
    assert sent.message["Subject"] == ("tanka Sat, Nov 28 ⚠ crawl problems: 6 new gigs, best ¥1,287/h — "
                                       "【在宅・初心者歓迎】商品データの入力作業（時給1,500円〜）")


def test_subject_is_encoded_on_the_wire(sent):
    raw_subject = next(line for line in sent.raw.split(b"\r\n") if line.startswith(b"Subject:"))
    assert raw_subject.isascii() and b"=?utf-8?" in raw_subject


def test_sender_name_decodes(sent):
    assert (sent.message["From"].addresses[0].display_name, sent.message["From"].addresses[0].addr_spec) == (
        "単価 tanka", "tanka@example.org")


def test_recipient_name_decodes(sent):
    assert str(sent.message["To"]) == "山田 花子 <hanako@example.com>"


def test_envelope(sent):
    assert (sent.mail_from, sent.rcpt_tos) == ("tanka@example.org", ["hanako@example.com"])


def test_date_header_is_the_send_time(sent):
    assert sent.message["Date"].datetime == NOW


def test_message_id_is_recorded_in_the_ledger(sent):
    assert ledger_rows(sent.db_path)[0][1] == sent.message["Message-ID"]


def test_message_id_names_the_sender_domain(sent):
    assert sent.message["Message-ID"].endswith("@example.org>")


def test_list_unsubscribe(sent):
    assert sent.message["List-Unsubscribe"] == "<mailto:tanka@example.org?subject=unsubscribe%20demo>"


def test_auto_submitted(sent):
    assert sent.message["Auto-Submitted"] == "auto-generated"


def test_hostile_title_adds_no_header(sent):
    assert (sent.message["Bcc"], b"\r\nBcc:" in sent.raw) == (None, False)


def test_html_links_are_the_listing_urls(sent):
    page = lxml_html.fromstring(html_part(sent.message))
    assert page.xpath("//a[@class='title']/@href") == [URLS[i] for i in PICKED_IDS]


def test_text_part_lists_every_link(sent):
    text = text_part(sent.message)
    assert [u for u in (URLS[i] for i in PICKED_IDS) if u not in text] == []


def test_html_shows_the_hostile_title_as_text(sent):
    page = lxml_html.fromstring(html_part(sent.message))
    assert "<script>alert(1)</script> 危険な案件 Bcc: evil@example.com" in page.xpath("//a[@class='title']/text()")


def test_html_has_no_script_element(sent):
    assert lxml_html.fromstring(html_part(sent.message)).xpath("//script") == []


def test_html_css_is_inlined(sent):
    page = lxml_html.fromstring(html_part(sent.message))
    assert (page.xpath("//style"), "border-left" in page.xpath("//div[contains(@class, 'gig')]/@style")[0]) == ([], True)


def test_text_part_has_the_title_on_one_line(sent):
    assert "1. <script>alert(1)</script> 危険な案件 Bcc: evil@example.com\n" in text_part(sent.message)


def test_text_part_has_the_goal_line(sent):
    assert "At the median rate that is 95 h a month (22 h a week); at the best rate 78 h (18 h a week)." in text_part(
        sent.message)


def test_text_part_names_benchmark_and_writing_speed(sent):
    text = text_part(sent.message)
    assert ("Benchmark: ¥1,121/h, the FY2025 national weighted-average minimum wage (effective from 2025-10)" in text,
            "assuming you write 500 characters an hour" in text) == (True, True)


def test_ledger_marks_it_sent(sent):
    status, _, _, error = ledger_rows(sent.db_path)[0]
    assert (status, error) == ("sent", None)


def test_ledger_listings_are_the_picks_in_order(sent):
    assert [key.split(":")[1] for key in ledger_rows(sent.db_path)[0][2]] == PICKED_IDS


def test_raw_subject_decodes_back(sent):
    headers = sent.raw.split(b"\r\n\r\n")[0].decode("ascii")
    raw_subject = next(h for h in headers.replace("\r\n ", " ").split("\r\n") if h.startswith("Subject:"))
    decoded = "".join(part.decode(charset) if charset else part.decode() if isinstance(part, bytes) else part
                      for part, charset in decode_header(raw_subject.removeprefix("Subject: ")))
    assert decoded == sent.message["Subject"]


def test_hostile_title_is_in_no_header(sent):
    header_block = sent.raw.split(b"\r\n\r\n")[0]
    assert HOSTILE_TITLE.encode() not in header_block and b"evil@example.com" not in header_block
