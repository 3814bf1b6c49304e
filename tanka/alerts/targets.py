"""Where an alert goes: apprise URLs (ntfy, Slack, Discord, Telegram, JSON webhooks … and apprise's
own mailto://), and e-mail to the profile's recipients through the [smtp] settings the digest uses
(tanka.digest.send: its TLS modes, CA file, HELO name and password handling).

Each target is sent to, and recorded in the ledger, on its own: a Slack outage does not make the
e-mail go out twice. A target's `key` is what the ledger records — the URL as written in the
settings, with its ${SECRETS} unexpanded — or "email".
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from tanka.alerts.settings import AlertProfile, AlertSettings, resolve
from tanka.config import Config, ConfigError
from tanka.digest.render import Rendered
from tanka.digest.send import SendError, deliver, scrub, smtp_settings
from tanka.i18n import _

EMAIL = "email"


class Target(Protocol):
    key: str

    def send(self, message: Rendered, *, message_id: str, profile: str, now: datetime) -> None:
        """Deliver, or raise SendError with a reason safe to show."""


@dataclass
class AppriseTarget:
    key: str  # the URL as written
    url: str = field(repr=False)  # with its secrets
    secrets: list[str] = field(default_factory=list, repr=False)

    def _scrub(self, text: str) -> str:
        for secret in sorted(self.secrets, key=len, reverse=True):
            text = text.replace(secret, "***")
        return text

    def send(self, message: Rendered, *, message_id: str, profile: str, now: datetime) -> None:
        import apprise

        service = apprise.Apprise()
        if not service.add(self.url):
            raise SendError(_("apprise does not understand the URL {url}").format(url=self.key))
        with apprise.LogCapture(level=logging.WARNING) as captured:
            delivered = service.notify(body=message.text, title=message.subject,
                                       body_format=apprise.NotifyFormat.TEXT)
        if not delivered:
            lines = [line.strip() for line in captured.getvalue().splitlines() if line.strip()]
            reason = self._scrub("; ".join(lines[-3:])) or _("the service did not accept it")
            raise SendError(_("{url}: {reason}").format(url=self.key, reason=reason))


@dataclass
class MailTarget:
    config: Config = field(repr=False)
    recipients: tuple[str, ...]
    key: str = EMAIL

    def send(self, message: Rendered, *, message_id: str, profile: str, now: datetime) -> None:
        from tanka.digest.message import compose, parse_sender, recipient_addresses, unsubscribe_target

        settings = smtp_settings(self.config)
        sender = parse_sender(settings.sender)
        recipients = recipient_addresses(list(self.recipients))
        mail = compose(message, sender=sender, recipients=recipients, message_id=message_id, date=now,
                       profile=profile, unsubscribe=unsubscribe_target(sender, profile, None))
        try:
            refused = deliver(mail, settings, sender.addr_spec, [r.addr_spec for r in recipients])
        except SendError as error:
            raise SendError(scrub(str(error), settings)) from None
        if refused:  # delivered to the others: sent, and never again to anyone
            logging.getLogger(__name__).warning("alert for %s: recipients refused: %s", profile, refused)


def targets_for(config: Config, settings: AlertSettings, profile: AlertProfile) -> list[Target]:
    """The profile's targets: e-mail to its recipients (when [alerts] email), then every [alerts] URL."""
    targets: list[Target] = []
    if settings.email and profile.profile.recipients:
        smtp_settings(config)  # a ConfigError now, not at send time
        targets.append(MailTarget(config, profile.profile.recipients))
    for written in settings.urls:
        url, secrets = resolve(written)
        if "://" not in url:
            raise ConfigError(_("[alerts] urls: {url} is not a URL").format(url=written))
        targets.append(AppriseTarget(written, url, secrets))
    return targets
