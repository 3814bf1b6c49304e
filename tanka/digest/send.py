"""SMTP delivery through smtplib: plain, STARTTLS or implicit TLS (SSL), with optional login.

Settings come from [smtp] in the settings file, each overridden by an environment variable:
TANKA_SMTP_HOST, TANKA_SMTP_PORT, TANKA_SMTP_SECURITY (none | starttls | ssl), TANKA_SMTP_USER,
TANKA_SMTP_PASSWORD, TANKA_MAIL_FROM, TANKA_SMTP_CA_FILE. The password is never logged, shown in
a repr, or left in an error message.
"""

from __future__ import annotations

import base64
import ipaddress
import os
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.message import Message
from typing import Any

from tanka.config import Config, ConfigError
from tanka.config_schema import SECURITY_MODES
from tanka.i18n import _

DEFAULT_PORTS = {"none": 25, "starttls": 587, "ssl": 465}
ENVIRONMENT = {"host": "TANKA_SMTP_HOST", "port": "TANKA_SMTP_PORT", "security": "TANKA_SMTP_SECURITY",
               "user": "TANKA_SMTP_USER", "password": "TANKA_SMTP_PASSWORD", "from": "TANKA_MAIL_FROM",
               "ca_file": "TANKA_SMTP_CA_FILE"}


class SendError(RuntimeError):
    """The server could not be reached or did not accept the message. The text is safe to show."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str
    sender: str
    user: str = ""
    password: str = field(default="", repr=False)
    timeout: float = 30.0
    ca_file: str | None = None
    helo: str | None = None  # the name tanka gives in EHLO; default: this machine's FQDN

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port} ({self.security})"


def smtp_settings(config: Config, environ: Mapping[str, str] | None = None) -> SmtpSettings:
    """[smtp] with the TANKA_SMTP_* / TANKA_MAIL_FROM environment variables on top; checked."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = config.section("smtp")
    for key, variable in ENVIRONMENT.items():
        if environ.get(variable):
            values[key] = environ[variable]
    security = str(values.get("security") or "none").strip().lower()
    if security not in SECURITY_MODES:
        raise ConfigError(_("[smtp] security must be one of {options}, not {value!r}").format(
            options=", ".join(SECURITY_MODES), value=security))
    try:
        port = int(values.get("port") or 0) or DEFAULT_PORTS[security]
        timeout = float(values.get("timeout") or 30)
    except ValueError:
        raise ConfigError(_("[smtp] port must be a number, not {value!r}").format(value=values.get("port"))) from None
    host = str(values.get("host") or "").strip()
    if not host:
        raise ConfigError(_("[smtp] host is empty (set it, or TANKA_SMTP_HOST)"))
    settings = SmtpSettings(host=host, port=port, security=security, sender=str(values.get("from") or ""),
                            user=str(values.get("user") or ""), password=str(values.get("password") or ""),
                            timeout=timeout, ca_file=str(values["ca_file"]) if values.get("ca_file") else None,
                            helo=str(values["helo"]) if values.get("helo") else None)
    if settings.user and security == "none" and not _is_loopback(host):
        raise ConfigError(_("[smtp] refusing to send the SMTP password unencrypted to {host}: set security = "
                            "\"starttls\" or \"ssl\"").format(host=host))
    return settings


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def scrub(text: str, settings: SmtpSettings) -> str:
    """The text with the password, and the encodings of it an AUTH exchange uses, blotted out."""
    if not settings.password:
        return text
    secrets = {settings.password}
    for blob in (settings.password, f"\0{settings.user}\0{settings.password}"):
        secrets.add(base64.b64encode(blob.encode()).decode())
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


def _reason(error: BaseException) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        refused = ", ".join(f"{addr} ({code} {_text(msg)})" for addr, (code, msg) in error.recipients.items())
        return _("every recipient was refused: {refused}").format(refused=refused)
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return _("login refused: {code} {text} (Gmail and most providers want an app password, not your own)").format(
            code=error.smtp_code, text=_text(error.smtp_error))
    if isinstance(error, smtplib.SMTPResponseException):
        return _("the server answered {code} {text}").format(code=error.smtp_code, text=_text(error.smtp_error))
    if isinstance(error, ssl.SSLError):
        return _("TLS failed: {reason}").format(reason=error.reason or error)
    if isinstance(error, TimeoutError):
        return _("no answer (timed out)")
    if isinstance(error, ConnectionRefusedError):
        return _("connection refused (is the mail server running?)")
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return _("the server closed the connection ({error})").format(error=error)
    return f"{type(error).__name__}: {error}"


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _connect(settings: SmtpSettings, context: ssl.SSLContext | None) -> smtplib.SMTP:
    if settings.security == "ssl":
        return smtplib.SMTP_SSL(settings.host, settings.port, local_hostname=settings.helo, timeout=settings.timeout,
                                context=context)
    return smtplib.SMTP(settings.host, settings.port, local_hostname=settings.helo, timeout=settings.timeout)


def deliver(message: Message, settings: SmtpSettings, sender: str, recipients: list[str]) -> dict[str, str]:
    """Hand the message to the server for the envelope sender and recipients (bare addresses).

    Returns the recipients it refused when it accepted others.

    Raises SendError when the message was not accepted for anyone.
    """
    try:
        context = ssl.create_default_context(cafile=settings.ca_file) if settings.security != "none" else None
        client = _connect(settings, context)
    except (OSError, ssl.SSLError, smtplib.SMTPException) as error:
        raise SendError(scrub(_("cannot reach the mail server {where}: {reason}").format(
            where=settings.where, reason=_reason(error)), settings)) from None
    try:
        client.ehlo()
        if settings.security == "starttls":
            if not client.has_extn("starttls"):
                raise SendError(_("the mail server {where} does not offer STARTTLS").format(where=settings.where))
            client.starttls(context=context)
            client.ehlo()
        if settings.user:
            client.login(settings.user, settings.password)
        refused = client.send_message(message, from_addr=sender, to_addrs=recipients)
    except SendError:
        raise
    except (OSError, ssl.SSLError, smtplib.SMTPException) as error:
        raise SendError(scrub(_("the mail server {where} did not take the digest: {reason}").format(
            where=settings.where, reason=_reason(error)), settings)) from None
    finally:
        try:
            client.quit()
        except (OSError, smtplib.SMTPException):
            client.close()
    return {addr: f"{code} {_text(msg)}" for addr, (code, msg) in refused.items()}
