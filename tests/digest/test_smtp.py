"""SMTP settings and the three security modes against a real aiosmtpd server with a test-made certificate."""

import io

import pytest

from tanka.config import ConfigError
from tanka.digest import run_digest
from tanka.digest.send import SmtpSettings, scrub, smtp_settings
from tests.digest.conftest import NOW, PASSWORD, ledger_rows, settings_file, start_smtp
from tests.digest.tls import make_certificates


class CheckingLogins:
    """Accepts LOGIN/PLAIN only for tanka / PASSWORD."""

    def __init__(self):
        self.logins = []

    def __call__(self, server, session, envelope, mechanism, auth_data):
        from aiosmtpd.smtp import AuthResult

        login, password = auth_data.login.decode(), auth_data.password.decode()
        self.logins.append(login)
        return AuthResult(success=(login, password) == ("tanka", PASSWORD), handled=False)


@pytest.fixture
def certificates(tmp_path):
    return make_certificates(tmp_path)


def send(config, db_path):
    out, err = io.StringIO(), io.StringIO()
    code = run_digest(config, db_path, "demo", send=True, now=NOW, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def tls_config(tmp_path, port, ca_file, security, password=PASSWORD):
    return settings_file(tmp_path, port, smtp={"security": security, "ca_file": str(ca_file), "user": "tanka",
                                               "password": password})


@pytest.mark.e2e
def test_starttls_with_login_delivers(digest_db, tmp_path, certificates):
    ca_file, context = certificates
    checker = CheckingLogins()
    server = start_smtp(tls_context=context, require_starttls=True, authenticator=checker, auth_required=True)
    try:
        code, _, err = send(tls_config(tmp_path, server.port, ca_file, "starttls"), digest_db)
    finally:
        server.controller.stop()
    assert (code, err, len(server.inbox.messages), checker.logins) == (0, "", 1, ["tanka"])


@pytest.mark.e2e
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_ssl_delivers(digest_db, tmp_path, certificates):
    ca_file, context = certificates
    # aiosmtpd does not count implicit TLS as TLS for AUTH: allow it without STARTTLS here
    server = start_smtp(ssl_context=context, authenticator=CheckingLogins(), auth_required=True,
                        auth_require_tls=False)
    try:
        code, _, _ = send(tls_config(tmp_path, server.port, ca_file, "ssl"), digest_db)
    finally:
        server.controller.stop()
    assert (code, len(server.inbox.messages)) == (0, 1)


@pytest.mark.e2e
def test_a_wrong_password_fails_without_showing_either_password(digest_db, tmp_path, certificates, caplog):
    ca_file, context = certificates
    server = start_smtp(tls_context=context, authenticator=CheckingLogins(), auth_required=True)
    try:
        code, out, err = send(tls_config(tmp_path, server.port, ca_file, "starttls", password="wrong-" + PASSWORD),
                              digest_db)
    finally:
        server.controller.stop()
    stored = str(ledger_rows(digest_db))
    assert (code, "login refused: 535" in err, any(PASSWORD in t for t in (out, err, stored, caplog.text))) == (
        1, True, False)


@pytest.mark.e2e
def test_an_untrusted_certificate_is_refused(digest_db, tmp_path, certificates):
    _, context = certificates
    (tmp_path / "other").mkdir()
    other_ca, _ = make_certificates(tmp_path / "other")
    server = start_smtp(ssl_context=context)
    try:
        code, _, err = send(settings_file(tmp_path, server.port, smtp={"security": "ssl", "ca_file": str(other_ca)}),
                            digest_db)
    finally:
        server.controller.stop()
    assert (code, "CERTIFICATE_VERIFY_FAILED" in err, server.inbox.messages) == (1, True, [])


@pytest.mark.e2e
def test_starttls_required_but_not_offered(digest_db, tmp_path, smtp_server):
    code, _, err = send(settings_file(tmp_path, smtp_server.port, smtp={"security": "starttls"}), digest_db)
    assert (code, "does not offer STARTTLS" in err, smtp_server.inbox.messages) == (1, True, [])


def test_environment_overrides_the_settings_file(tmp_path):
    config = settings_file(tmp_path, 2525)
    settings = smtp_settings(config, {"TANKA_SMTP_HOST": "smtp.example.jp", "TANKA_SMTP_PORT": "587",
                                      "TANKA_SMTP_SECURITY": "STARTTLS", "TANKA_SMTP_USER": "me",
                                      "TANKA_SMTP_PASSWORD": PASSWORD, "TANKA_MAIL_FROM": "me@example.jp"})
    assert (settings.host, settings.port, settings.security, settings.user, settings.password, settings.sender) == (
        "smtp.example.jp", 587, "starttls", "me", PASSWORD, "me@example.jp")


def test_the_port_defaults_to_the_security_modes_port(tmp_path):
    config = settings_file(tmp_path, 0, smtp={"security": "ssl"})
    assert smtp_settings(config, {}).port == 465


def test_an_unknown_security_mode_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="security must be one of none, starttls, ssl"):
        smtp_settings(settings_file(tmp_path, 25, smtp={"security": "tls"}), {})


def test_no_password_over_plain_text_to_a_remote_host(tmp_path):
    config = settings_file(tmp_path, 25)
    with pytest.raises(ConfigError, match="refusing to send the SMTP password unencrypted"):
        smtp_settings(config, {"TANKA_SMTP_HOST": "smtp.example.jp", "TANKA_SMTP_USER": "me",
                               "TANKA_SMTP_PASSWORD": PASSWORD})


def test_the_password_is_not_in_the_settings_repr():
    assert PASSWORD not in repr(SmtpSettings("h", 25, "none", "a@b", "me", PASSWORD))


def test_scrub_hides_the_password_and_its_auth_encodings():
    settings = SmtpSettings("h", 25, "none", "a@b", "me", PASSWORD)
    import base64

    blob = base64.b64encode(f"\0me\0{PASSWORD}".encode()).decode()
    assert scrub(f"x {PASSWORD} y {blob}", settings) == "x *** y ***"


def test_a_bad_sender_is_a_config_error(digest_db, tmp_path):
    config = settings_file(tmp_path, 25)
    config.data["smtp"]["from"] = "not an address"
    with pytest.raises(ConfigError, match=r"from .* is not one e-mail address"):
        send(config, digest_db)


def test_a_profile_without_recipient_is_a_config_error(digest_db, tmp_path):
    config = settings_file(tmp_path, 25)
    config.data["profiles"]["demo"]["recipient"] = ""
    with pytest.raises(ConfigError, match="has no recipient"):
        send(config, digest_db)
