"""The digest as a real e-mail: multipart/alternative (text, then HTML), UTF-8, RFC 5322 headers.

Non-ASCII headers (the subject, display names) are RFC 2047 encoded words made by
email.header.Header, which keeps every character, spaces included, inside words of at most 75
characters. (The newer email policy's folder drops the space before an encoded word when it folds
the line there, so a long mixed subject would not decode back to itself.) No header value may hold
a line break: one that did would be refused here rather than sent.
"""

from __future__ import annotations

import re
from datetime import datetime
from email.charset import BASE64, Charset
from email.header import Header
from email.headerregistry import Address
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr, getaddresses, make_msgid
from urllib.parse import quote

from tanka.config import ConfigError
from tanka.digest.render import Rendered
from tanka.i18n import _

_ID_SAFE = re.compile(r"[^A-Za-z0-9.-]+")


def parse_sender(text: str) -> Address:
    """The From address of the settings ('名前 <addr@host>' or a bare address)."""
    pairs = getaddresses([text]) if text and "\n" not in text and "\r" not in text else []
    if len(pairs) != 1 or "@" not in pairs[0][1]:
        raise ConfigError(_("[smtp] from (or TANKA_MAIL_FROM) is not one e-mail address: {text!r}").format(text=text))
    name, address = pairs[0]
    return Address(display_name=name, addr_spec=address)


def new_message_id(sender: Address, profile: str) -> str:
    return make_msgid(idstring="tanka." + (_ID_SAFE.sub("-", profile)[:40] or "digest"),
                      domain=sender.domain or "localhost")


def unsubscribe_target(sender: Address, profile: str, configured: str | None) -> str:
    """List-Unsubscribe: the profile's own target, else a mail to the sender naming the profile."""
    if configured:
        return configured
    return f"mailto:{sender.addr_spec}?subject={quote(f'unsubscribe {profile}')}"


def recipient_addresses(recipients: list[str]) -> list[Address]:
    return [Address(display_name=name, addr_spec=addr) for name, addr in getaddresses(recipients)]


def _formatted(address: Address) -> str:
    return formataddr((address.display_name, address.addr_spec), charset="utf-8")


def _checked(value: str) -> str:
    if "\r" in value or "\n" in value:
        raise ValueError(f"a mail header value must be one line: {value!r}")
    return value


def compose(rendered: Rendered, *, sender: Address, recipients: list[Address], message_id: str,
            date: datetime, profile: str, unsubscribe: str) -> MIMEMultipart:
    message = MIMEMultipart("alternative")
    message["Subject"] = Header(_checked(rendered.subject), "utf-8")
    message["From"] = _checked(_formatted(sender))
    message["To"] = _checked(", ".join(_formatted(r) for r in recipients))
    message["Date"] = format_datetime(date)
    message["Message-ID"] = _checked(message_id)
    message["List-Unsubscribe"] = _checked(f"<{unsubscribe}>")
    message["Auto-Submitted"] = "auto-generated"
    message["X-Tanka-Profile"] = _ID_SAFE.sub("-", profile)
    message.attach(MIMEText(rendered.text, "plain", _utf8_base64()))
    message.attach(MIMEText(rendered.html, "html", _utf8_base64()))
    return message


def _utf8_base64() -> Charset:
    """UTF-8 bodies in base64, whatever the process-wide charset registry says (apprise, loaded for
    alerts, registers UTF-8 as quoted-printable for every message of the process)."""
    charset = Charset("utf-8")
    charset.header_encoding = charset.body_encoding = BASE64
    charset.output_charset = "utf-8"
    return charset
