"""STARTTLS and implicit TLS, with authentication, against a real aiosmtpd server and a certificate made here.

The client always verifies the certificate: VRR_SMTP_CA_FILE names the CA to trust.
"""

from __future__ import annotations

import dataclasses
import ssl
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from app.config import ConfigError, Settings
from app.delivery import smtp
from app.dev.smtp_sink import SavingHandler, free_port
from tests.support.certificates import self_signed

# aiosmtpd warns about AUTH without STARTTLS; with implicit TLS the whole connection is encrypted.
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")


def _authenticator(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (b"vrr", b"s3cret-relay")
    return AuthResult(success=ok)


@pytest.fixture
def tls_server(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[SavingHandler, Settings]]:
    mode = request.param
    cert, key = self_signed(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    handler = SavingHandler(tmp_path / "mail")
    port = free_port()
    auth: dict[str, Any] = {"authenticator": _authenticator, "auth_required": True}
    if mode == "starttls":
        controller = Controller(
            handler, hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True, **auth
        )
    else:  # implicit TLS from the first byte; aiosmtpd only counts STARTTLS as TLS when offering AUTH
        controller = Controller(
            handler, hostname="127.0.0.1", port=port, ssl_context=context, auth_require_tls=False, **auth
        )
    controller.start()
    settings = Settings(
        smtp_port=port,
        smtp_security=mode,
        smtp_username="vrr",
        smtp_password="s3cret-relay",
        smtp_ca_file=str(cert),
        smtp_timeout=5,
    )
    yield handler, settings
    controller.stop()


def _message() -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "a@example.org", "b@example.org", "VRR test"
    message.set_content("hello")
    return message


@pytest.mark.parametrize("tls_server", ["starttls", "ssl"], indirect=True)
def test_sends_over_tls_with_authentication(tls_server):
    handler, settings = tls_server
    smtp.send(_message(), settings)
    assert len(handler.received) == 1
    envelope, data = handler.received[0]
    assert envelope.rcpt_tos == ["b@example.org"]
    assert b"Subject: VRR test" in data


@pytest.mark.parametrize("tls_server", ["starttls", "ssl"], indirect=True)
def test_an_untrusted_certificate_sends_nothing(tls_server):
    handler, settings = tls_server
    with pytest.raises(ssl.SSLCertVerificationError):
        smtp.send(_message(), dataclasses.replace(settings, smtp_ca_file=None))
    assert handler.received == []


def test_settings_refuse_an_unknown_security_mode_and_a_password_in_clear():
    with pytest.raises(ConfigError, match="VRR_SMTP_SECURITY"):
        Settings(smtp_security="tls").check()  # type: ignore[arg-type]
    production = {
        "env": "production",
        "public_url": "https://vrr.example.org",
        "secret_key": "k" * 40,
        "data_keys": ("x",),
        "ratelimit_storage_url": "redis://127.0.0.1:6379/0",
    }
    with pytest.raises(ConfigError, match="unencrypted"):
        Settings(**production, smtp_username="vrr", smtp_password="p").check()
    Settings(**production, smtp_username="vrr", smtp_password="p", smtp_security="starttls").check()
