"""Real SMTP and TCP servers on loopback, for delivery tests without mocking smtplib.

Every helper is a context manager; the server runs in a background thread and is gone
when the block ends. Typical use:

    from tests.smtp import smtp_server, closed_port, dropping_server, silent_server

    with smtp_server() as server:                      # accepts everything
        send(message, SmtpSettings(host=server.host, port=server.port, tls="none"))
        assert server.messages[0]["Subject"] == "..."  # parsed EmailMessage objects
        assert server.envelopes[0].rcpt_tos == ["a@example.org"]
        text = server.messages[0].get_body(("plain",)).get_content()  # "\n" line ends

    with smtp_server(refuse={"b@example.org"}) as server: ...  # 550 for these RCPTs
    with smtp_server(refuse=ALL) as server: ...                # 550 for every RCPT
    with smtp_server(refuse_data=True) as server: ...          # 554 after DATA
    with smtp_server(credentials=("user", "secret")) as server: ...  # AUTH, no TLS needed

    port = closed_port()                   # nothing listens there: connection refused
    with dropping_server() as port: ...    # accepts, then closes at once: dropped connection
    with silent_server() as port: ...      # accepts, never says a word: client times out

The plain server never offers STARTTLS, so tls="starttls" against it must fail.
"""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any, Literal

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

HOST = "127.0.0.1"
ALL: Literal["all"] = "all"
RCPT_REFUSED = "550 5.1.1 Recipient address rejected: no such user"
DATA_REFUSED = "554 5.6.0 Message rejected: content policy"


@dataclass(frozen=True)
class Envelope:
    """What one SMTP transaction delivered."""

    mail_from: str
    rcpt_tos: list[str]
    content: bytes

    @property
    def message(self) -> EmailMessage:
        """The content parsed as a mail reader would (see `parse`)."""
        return parse(self.content)


def parse(raw: bytes) -> EmailMessage:
    """A message from its wire bytes, with CRLF line ends read as "\n" like a mail reader.

    Without the normalisation, `get_content()` of a text part keeps the wire's "\r\n".
    """
    parsed = email.message_from_bytes(raw.replace(b"\r\n", b"\n"), policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


@dataclass
class SmtpServer:
    """A running aiosmtpd server: where it listens and what it received."""

    host: str
    port: int
    envelopes: list[Envelope] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # RCPT addresses answered with 550
    logins: list[str] = field(default_factory=list)  # user names that tried AUTH

    @property
    def messages(self) -> list[EmailMessage]:
        """Every accepted message, parsed."""
        return [envelope.message for envelope in self.envelopes]


class _Recorder:
    """aiosmtpd handler: refuse some recipients or the data, record the rest."""

    def __init__(
        self, server: SmtpServer, refuse: Collection[str] | Literal["all"], refuse_data: bool
    ) -> None:
        self.server = server
        self.refuse = refuse
        self.refuse_data = refuse_data

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        if self.refuse == ALL or address in self.refuse:
            self.server.refused.append(address)
            return RCPT_REFUSED
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse_data:
            return DATA_REFUSED
        self.server.envelopes.append(
            Envelope(envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.content))
        )
        return "250 Message accepted for delivery"


def _authenticator(server: SmtpServer, credentials: tuple[str, str]) -> Callable[..., AuthResult]:
    def check(smtp: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        if not isinstance(data, LoginPassword):
            return AuthResult(success=False, handled=False)
        server.logins.append(data.login.decode())
        ok = (data.login.decode(), data.password.decode()) == credentials
        return AuthResult(success=ok, handled=False)

    return check


@contextmanager
def smtp_server(
    *,
    refuse: Collection[str] | Literal["all"] = (),
    refuse_data: bool = False,
    credentials: tuple[str, str] | None = None,
) -> Iterator[SmtpServer]:
    """An aiosmtpd server on 127.0.0.1 and a free port; plain SMTP, no STARTTLS.

    refuse: RCPT addresses answered with 550 (ALL for every one); refuse_data: answer DATA
    with 554; credentials: offer AUTH PLAIN/LOGIN without TLS and accept only this pair.
    """
    for attempt in range(5):
        server = SmtpServer(HOST, free_port())
        auth: dict[str, Any] = {}
        if credentials is not None:
            auth = {"authenticator": _authenticator(server, credentials), "auth_require_tls": False}
        handler = _Recorder(server, refuse, refuse_data)
        controller = Controller(handler, hostname=HOST, port=server.port, ready_timeout=5, **auth)
        try:
            controller.start()
            break
        except OSError:  # another process took the port between free_port() and start()
            if attempt == 4:
                raise
    try:
        yield server
    finally:
        controller.stop()


def free_port() -> int:
    """A loopback port that was free a moment ago."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def closed_port() -> int:
    """A loopback port where nothing listens: connecting is refused."""
    return free_port()


@contextmanager
def _tcp_server(on_accept: Callable[[socket.socket], None]) -> Iterator[int]:
    """A raw TCP listener on loopback calling on_accept for each connection; yields the port."""
    listener = socket.socket()
    listener.bind((HOST, 0))
    listener.listen()
    listener.settimeout(0.05)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            on_accept(conn)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield int(listener.getsockname()[1])
    finally:
        stop.set()
        thread.join(timeout=5)
        listener.close()


@contextmanager
def dropping_server() -> Iterator[int]:
    """A port that accepts a connection and closes it at once, before any greeting."""
    with _tcp_server(lambda conn: conn.close()) as port:
        yield port


@contextmanager
def silent_server() -> Iterator[int]:
    """A port that accepts connections and never answers: clients hit their timeout."""
    held: list[socket.socket] = []
    try:
        with _tcp_server(held.append) as port:
            yield port
    finally:
        for conn in held:
            conn.close()
