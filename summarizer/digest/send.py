"""Hand a composed digest to an SMTP server; every failure is one DeliveryError line."""

from __future__ import annotations

import smtplib
import socket
import ssl
from email.message import EmailMessage

from summarizer.config import SmtpSettings
from summarizer.errors import DeliveryError

NO_STARTTLS = 'server does not offer STARTTLS; set tls = "none" only for a trusted local relay'


def send(message: EmailMessage, smtp: SmtpSettings) -> list[str]:
    """Send the message to its To recipients; return those the server refused (empty: all took it).

    Raises DeliveryError naming host:port and the reason when nothing was accepted.
    """
    if not smtp.host:
        raise DeliveryError(
            "No SMTP server configured: set SUMMARIZER_SMTP_HOST, pass --smtp-host, "
            "or set host in [smtp] of the config file"
        )
    host = f"[{smtp.host}]" if ":" in smtp.host else smtp.host  # an IPv6 address
    where = f"SMTP {host}:{smtp.effective_port}"
    if not message.get_all("To"):
        raise DeliveryError(f"{where}: the message has no recipients")
    try:
        client = _connect(smtp.host, smtp)
        try:
            if smtp.tls == "starttls":
                client.ehlo()
                if not client.has_extn("starttls"):
                    raise DeliveryError(f"{where}: {NO_STARTTLS}")
                client.starttls(context=ssl.create_default_context())
                client.ehlo()
            if smtp.user:
                # straight from the SecretStr into login: no local variable holds the password
                client.login(smtp.user, smtp.password.get_secret_value() if smtp.password else "")
            refused = client.send_message(message)
        finally:
            _quit(client)
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(f"{where}: {_scrub(_reason(exc, smtp), smtp)}") from None
    return list(refused)


def _connect(host: str, smtp: SmtpSettings) -> smtplib.SMTP:
    """An open connection that has read the server's greeting."""
    port, timeout = smtp.effective_port, smtp.timeout
    if smtp.tls == "ssl":
        context = ssl.create_default_context()
        return smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
    return smtplib.SMTP(host, port, timeout=timeout)


def _quit(client: smtplib.SMTP) -> None:
    """Say QUIT if the server still listens; a failure here must not undo an accepted message."""
    try:
        client.quit()
    except (smtplib.SMTPException, OSError):
        client.close()


def _reason(exc: BaseException, smtp: SmtpSettings) -> str:
    """What went wrong, in a few words a user can act on."""
    # smtplib turns a read that timed out into "Connection unexpectedly closed: timed out"
    if isinstance(exc, TimeoutError) or isinstance(exc.__context__, TimeoutError):
        return f"timed out after {smtp.timeout:g} s"
    match exc:
        case smtplib.SMTPAuthenticationError():
            return f"authentication failed ({_reply(exc.smtp_code, exc.smtp_error)})"
        case smtplib.SMTPRecipientsRefused():
            replies = "; ".join(f"{rcpt}: {_reply(*r)}" for rcpt, r in exc.recipients.items())
            return f"all recipients refused ({replies})"
        case smtplib.SMTPSenderRefused():
            return f"sender refused ({_reply(exc.smtp_code, exc.smtp_error)})"
        case smtplib.SMTPDataError():
            return f"message refused ({_reply(exc.smtp_code, exc.smtp_error)})"
        case smtplib.SMTPNotSupportedError() if smtp.user:
            return (
                "server does not offer authentication (AUTH); check user, tls and port "
                "(many servers offer it only after STARTTLS)"
            )
        case smtplib.SMTPConnectError() | smtplib.SMTPHeloError():
            return f"server refused the session ({_reply(exc.smtp_code, exc.smtp_error)})"
        case smtplib.SMTPResponseException():
            return f"server replied {_reply(exc.smtp_code, exc.smtp_error)}"
        case smtplib.SMTPServerDisconnected():
            return "server closed the connection"
        case ConnectionRefusedError():
            return "connection refused"
        case ConnectionResetError() | BrokenPipeError():
            return "server closed the connection"
        case socket.gaierror():
            return f"cannot resolve host name {smtp.host!r}"
        case ssl.SSLCertVerificationError():
            return f"TLS certificate not trusted ({exc.verify_message})"
        case ssl.SSLError():
            hint = ' (is this port for tls = "ssl"?)' if smtp.tls == "ssl" else ""
            return f"TLS failed ({exc.reason or exc}){hint}"
    return _one_line(getattr(exc, "strerror", None) or str(exc) or type(exc).__name__)


def _scrub(reason: str, smtp: SmtpSettings) -> str:
    """The reason with the password masked, should a server ever echo it back."""
    secret = smtp.password.get_secret_value() if smtp.password else ""
    return reason.replace(secret, "***") if secret else reason


def _reply(code: int, text: bytes | str) -> str:
    """'550 5.1.1 No such user' from an SMTP reply code and its (bytes) text."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return _one_line(f"{code} {text}")


def _one_line(text: str) -> str:
    return " ".join(text.split())
