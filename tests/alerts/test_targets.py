"""Alerts delivered for real: apprise posting to an HTTP JSON receiver in the test, apprise's own
mailto:// to aiosmtpd, and e-mail through the [smtp] settings the digest uses."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tanka.alerts import run_alerts
from tanka.alerts.settings import resolve
from tanka.config import ConfigError
from tests.alerts.conftest import ALERTED, NOW, Receiver, alert_config


def test_apprise_posts_the_alert_to_a_json_endpoint(alert_db: Path, receiver: Receiver, tmp_path: Path) -> None:
    assert run_alerts(alert_config(tmp_path, urls=[receiver.url]), alert_db, "demo", send=True, now=NOW,
                      out=io.StringIO(), err=io.StringIO()) == 0
    body = receiver.bodies[0]
    assert body["type"] == "info"
    assert body["title"].startswith("tanka: 2 new gigs for demo — best ¥1,287/h net")
    assert "【在宅】商品データの入力作業" in body["message"]
    assert "https://crowdworks.jp/public/jobs/1001" in body["message"]


def test_email_goes_through_the_smtp_settings(alert_db: Path, tmp_path: Path, smtp_server) -> None:
    config = alert_config(tmp_path, smtp_port=smtp_server.port)
    out = io.StringIO()
    assert run_alerts(config, alert_db, "demo", send=True, now=NOW, out=out, err=io.StringIO()) == 0
    assert "sent alert 'demo' to email: 2 gigs" in out.getvalue()
    (sender, recipients, message, _raw), = smtp_server.inbox.received
    assert sender == "tanka@example.org" and recipients == ["hanako@example.com"]
    assert str(message["Subject"]).startswith("tanka: 2 new gigs for demo")
    assert message["Auto-Submitted"] == "auto-generated"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "crowdworks:1001" in text and "lancers:2002" in text
    assert '<a href="https://crowdworks.jp/public/jobs/1001">' in html


def test_apprise_mailto_reaches_aiosmtpd(alert_db: Path, tmp_path: Path, smtp_server) -> None:
    url = f"mailto://127.0.0.1:{smtp_server.port}?from=tanka@example.org&to=taro@example.com&mode=insecure"
    config = alert_config(tmp_path, urls=[url])
    assert run_alerts(config, alert_db, "demo", send=True, now=NOW, out=io.StringIO(), err=io.StringIO()) == 0
    (_sender, recipients, message, _raw), = smtp_server.inbox.received
    assert recipients == ["taro@example.com"]
    assert "crowdworks:1001" in message.get_body(("plain", "html")).get_content()


def test_secrets_come_from_the_environment_and_stay_out_of_the_ledger(alert_db: Path, receiver: Receiver,
                                                                       tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("TANKA_TEST_HOOK_PATH", "hook")
    written = f"json://127.0.0.1:{receiver.port}/${{TANKA_TEST_HOOK_PATH}}"
    assert run_alerts(alert_config(tmp_path, urls=[written]), alert_db, "demo", send=True, now=NOW,
                      out=io.StringIO(), err=io.StringIO()) == 0
    assert receiver.listings() == ALERTED
    from tests.conftest import query

    assert query(alert_db, "SELECT target FROM alerts") == [(written,)]


def test_an_unset_variable_is_named() -> None:
    with pytest.raises(ConfigError, match="TANKA_NOT_SET_ANYWHERE is not set"):
        resolve("ntfy://ntfy.sh/${TANKA_NOT_SET_ANYWHERE}", environ={})
    assert resolve("ntfy://${A}/x", environ={"A": "host"}) == ("ntfy://host/x", ["host"])


def test_an_unreachable_service_is_one_line_and_retried(alert_db: Path, tmp_path: Path) -> None:
    from tests.digest.conftest import free_port

    config = alert_config(tmp_path, urls=[f"json://127.0.0.1:{free_port()}/hook"])
    err = io.StringIO()
    assert run_alerts(config, alert_db, "demo", send=True, now=NOW, out=io.StringIO(), err=err) == 1
    assert "not sent" in err.getvalue() and "the next pass sends it" in err.getvalue()


def test_no_target_is_a_clear_error(alert_db: Path, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="nowhere to go"):
        run_alerts(alert_config(tmp_path, email=False), alert_db, "demo", send=True, now=NOW)


def test_preview_writes_the_html_and_sends_nothing(alert_db: Path, receiver: Receiver, tmp_path: Path) -> None:
    target = tmp_path / "alert.html"
    out = io.StringIO()
    assert run_alerts(alert_config(tmp_path, urls=[receiver.url]), alert_db, "demo", send=False, preview=target,
                      now=NOW, out=out) == 0
    assert "2 gigs not yet alerted" in out.getvalue()
    assert "商品データの入力作業" in target.read_text(encoding="utf-8")
    assert receiver.bodies == []


def test_loading_apprise_does_not_change_how_the_digest_is_encoded() -> None:
    """apprise's e-mail plugin registers UTF-8 as quoted-printable for the whole process; the
    digest (sent by the same scheduler) keeps its base64 parts."""
    from email.headerregistry import Address

    import apprise.plugins.email  # noqa: F401

    from tanka.digest.message import compose
    from tanka.digest.render import Rendered

    message = compose(Rendered("件名", "本文 Bcc: x@example.com", "<p>本文</p>"), sender=Address("t", "t", "example.org"),
                      recipients=[Address("h", "h", "example.com")], message_id="<1@example.org>", date=NOW,
                      profile="demo", unsubscribe="mailto:t@example.org")
    assert [part["Content-Transfer-Encoding"] for part in message.get_payload()] == ["base64", "base64"]
    assert b"Bcc:" not in message.as_bytes()
