"""Delivering the digest to real SMTP servers on loopback (aiosmtpd and raw sockets)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
import traceback
from email.message import EmailMessage
from pathlib import Path

import pytest

from summarizer.config import SmtpSettings
from summarizer.digest import DigestItem, compose, send
from summarizer.errors import DeliveryError
from summarizer.schemas import Summary
from tests.smtp import (
    ALL,
    DATA_REFUSED,
    RCPT_REFUSED,
    SmtpServer,
    closed_port,
    dropping_server,
    silent_server,
    smtp_server,
)

DATA = Path(__file__).parent / "data" / "digest"
NOW = dt.datetime(2026, 11, 24, 7, 30, tzinfo=dt.UTC)
SENDER = "Summarizer digest <digest@example.org>"
RECIPIENTS = ["analyst@example.org", "Ayşe Yılmaz <ayse@example.com.tr>", "desk@example.net"]
PASSWORD = "s3cret-hunter2"


def digest(recipients: list[str] = RECIPIENTS) -> EmailMessage:
    """The digest of the first three items of items.json, subject in Turkish."""
    rows = json.loads((DATA / "items.json").read_text(encoding="utf-8"))["digest"][:3]
    items = [
        DigestItem(
            Summary.model_validate_json((DATA / r["summary"]).read_text("utf-8")),
            r["link"],
            r["label"],
        )
        for r in rows
    ]
    return compose(
        items, sender=SENDER, recipients=recipients, subject="Savunma özeti — Türkiye", now=NOW
    )


def plain(server: SmtpServer | None = None, port: int = 0, **settings: object) -> SmtpSettings:
    """Settings for an unencrypted loopback server."""
    values: dict[str, object] = {
        "host": "127.0.0.1",
        "port": server.port if server else port,
        "tls": "none",
    }
    return SmtpSettings.model_validate(values | settings)


def delivery_error(message: EmailMessage, smtp: SmtpSettings) -> str:
    """The one line a failed send reports."""
    with pytest.raises(DeliveryError) as caught:
        send(message, smtp)
    assert caught.value.exit_code == 7
    return str(caught.value)


def test_received_digest_is_one_multipart_alternative_for_every_recipient() -> None:
    with smtp_server() as server:
        refused = send(digest(), plain(server))

    assert refused == []
    assert len(server.envelopes) == 1
    envelope = server.envelopes[0]
    assert envelope.mail_from == "digest@example.org"
    assert envelope.rcpt_tos == ["analyst@example.org", "ayse@example.com.tr", "desk@example.net"]
    message = envelope.message
    assert (
        message["Subject"] == "Savunma özeti — Türkiye, 24 Nov 2026: 3 articles, 5 arms transfers"
    )
    assert message["From"] == SENDER
    assert (
        message["To"] == "analyst@example.org, Ayşe Yılmaz <ayse@example.com.tr>, desk@example.net"
    )
    assert message["Date"] == "Tue, 24 Nov 2026 07:30:00 +0000"
    assert message["Message-ID"].endswith("@example.org>")
    assert message.get_content_type() == "multipart/alternative"
    assert [(p.get_content_type(), p.get_content_charset()) for p in message.iter_parts()] == [
        ("text/plain", "utf-8"),
        ("text/html", "utf-8"),
    ]
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert text.startswith("Savunma özeti — Türkiye, 24 Nov 2026\n====")
    assert "* Türkiye → Indonesia: KAAN\n" in text
    assert "Russia – Türkiye\n----------------\n" in text
    assert ">Türkiye → Indonesia</td>" in html
    assert '<a href="https://news.example.ru/world/oreshnik"' in html


def test_partly_refused_recipients_are_returned_and_the_rest_delivered() -> None:
    with smtp_server(refuse={"desk@example.net", "analyst@example.org"}) as server:
        refused = send(digest(), plain(server))

    assert refused == ["analyst@example.org", "desk@example.net"]
    assert [e.rcpt_tos for e in server.envelopes] == [["ayse@example.com.tr"]]


def test_all_recipients_refused_is_a_delivery_error() -> None:
    with smtp_server(refuse=ALL) as server:
        line = delivery_error(digest(["analyst@example.org", "desk@example.net"]), plain(server))

    assert line == (
        f"SMTP 127.0.0.1:{server.port}: all recipients refused "
        f"(analyst@example.org: {RCPT_REFUSED}; desk@example.net: {RCPT_REFUSED})"
    )
    assert server.envelopes == []


def test_refused_message_is_a_delivery_error() -> None:
    with smtp_server(refuse_data=True) as server:
        line = delivery_error(digest(), plain(server))

    assert line == f"SMTP 127.0.0.1:{server.port}: message refused ({DATA_REFUSED})"


def test_nothing_listening_is_connection_refused() -> None:
    port = closed_port()

    assert (
        delivery_error(digest(), plain(port=port)) == f"SMTP 127.0.0.1:{port}: connection refused"
    )


def test_dropped_connection_is_a_delivery_error() -> None:
    with dropping_server() as port:
        line = delivery_error(digest(), plain(port=port))

    assert line == f"SMTP 127.0.0.1:{port}: server closed the connection"


def test_silent_server_times_out_after_the_configured_seconds() -> None:
    with silent_server() as port:
        started = time.monotonic()
        line = delivery_error(digest(), plain(port=port, timeout=0.5))
        elapsed = time.monotonic() - started

    assert line == f"SMTP 127.0.0.1:{port}: timed out after 0.5 s"
    assert 0.4 < elapsed < 5


def test_starttls_is_required_when_configured() -> None:
    with smtp_server() as server:
        line = delivery_error(digest(), plain(server, tls="starttls"))

    assert line == (
        f"SMTP 127.0.0.1:{server.port}: server does not offer STARTTLS; "
        'set tls = "none" only for a trusted local relay'
    )
    assert server.envelopes == []


def test_ssl_against_a_plain_server_fails_with_a_hint() -> None:
    with smtp_server() as server:
        line = delivery_error(digest(), plain(server, tls="ssl", timeout=5))

    assert line.startswith(f"SMTP 127.0.0.1:{server.port}: TLS failed (")
    assert line.endswith(') (is this port for tls = "ssl"?)')
    assert server.envelopes == []


def test_no_host_names_the_setting() -> None:
    line = delivery_error(digest(), SmtpSettings())

    assert line == (
        "No SMTP server configured: set SUMMARIZER_SMTP_HOST, pass --smtp-host, "
        "or set host in [smtp] of the config file"
    )


@pytest.mark.filterwarnings("ignore:Session.login_data is deprecated")
def test_login_with_the_right_password_delivers() -> None:
    with smtp_server(credentials=("analyst", PASSWORD)) as server:
        refused = send(digest(), plain(server, user="analyst", password=PASSWORD))

    assert refused == []
    assert server.logins == ["analyst"]
    assert len(server.envelopes) == 1


def test_failed_login_never_shows_the_password(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with (
        smtp_server(credentials=("analyst", "the-right-one")) as server,
        pytest.raises(DeliveryError) as caught,
    ):
        send(digest(), plain(server, user="analyst", password=PASSWORD))

    assert str(caught.value) == (
        f"SMTP 127.0.0.1:{server.port}: authentication failed "
        "(535 5.7.8 Authentication credentials invalid)"
    )
    assert set(server.logins) == {"analyst"}  # smtplib tries PLAIN, then LOGIN
    assert server.envelopes == []
    # no chained smtplib exception (whose frames hold the password) rides along
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
    assert PASSWORD not in "".join(traceback.format_exception(caught.value))
    ours = [r.getMessage() for r in caplog.records if r.name.startswith("summarizer")]
    assert not any(PASSWORD in m for m in ours)


def test_login_against_a_server_without_auth_says_so() -> None:
    with smtp_server() as server:
        line = delivery_error(digest(), plain(server, user="analyst", password=PASSWORD))

    assert line == (
        f"SMTP 127.0.0.1:{server.port}: server does not offer authentication (AUTH); "
        "check user, tls and port (many servers offer it only after STARTTLS)"
    )
    assert PASSWORD not in line


def test_message_without_recipients_is_not_sent() -> None:
    message = digest()
    del message["To"]
    with smtp_server() as server:
        line = delivery_error(message, plain(server))

    assert line == f"SMTP 127.0.0.1:{server.port}: the message has no recipients"
    assert server.envelopes == []
