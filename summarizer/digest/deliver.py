"""One digest run: every unsent summary in the store → one email → marked sent once accepted."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from summarizer.config import DigestSettings, SmtpSettings
from summarizer.errors import ConfigError, DeliveryError, StoreError
from summarizer.files import write_atomically
from summarizer.store import Store, Unsent


@dataclass(frozen=True)
class DeliverOptions:
    """How this run delivers: to a server, or into a file (`--dry-run --out`)."""

    dry_run: bool = False
    out: Path | None = None
    send_empty: bool = False
    now: dt.datetime | None = None


@dataclass
class Delivery:
    """What a digest run did."""

    status: Literal["sent", "nothing", "written"]
    articles: int = 0
    recipients: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    subject: str | None = None
    message_id: str | None = None
    path: Path | None = None


def link_of(item: Unsent) -> str | None:
    """The source's web address as the store recorded it; never anything the model wrote."""
    url = item.article.url
    return url if url and url.lower().startswith(("http://", "https://")) else None


def deliver(
    store: Store, smtp: SmtpSettings, settings: DigestSettings, options: DeliverOptions
) -> Delivery:
    """Compose and send (or write) the digest of everything not yet sent."""
    from summarizer.digest.compose import DigestItem, compose
    from summarizer.digest.send import send

    unsent = store.unsent()
    if not unsent and not options.send_empty:
        return Delivery("nothing")
    sender, recipients = settings.sender, settings.recipients
    if not options.dry_run and not (sender and recipients):
        missing = "SUMMARIZER_DIGEST_FROM" if not sender else "SUMMARIZER_DIGEST_TO"
        raise ConfigError(
            f"No digest {'sender' if not sender else 'recipients'}: set {missing}, "
            f"pass --{'from' if not sender else 'to'}, or set it in [digest] of the config file"
        )
    now = options.now or dt.datetime.now().astimezone()
    items = [
        DigestItem(summary=u.summary, link=link_of(u), label=u.article.url or u.article.source)
        for u in unsent
    ]
    message = compose(
        items,
        sender=sender or "summarizer@localhost",
        recipients=recipients or ["analyst@localhost"],
        subject=settings.subject,
        now=now,
    )
    subject = str(message["Subject"])
    if options.dry_run:
        if options.out is None:
            raise ConfigError("--dry-run needs --out FILE.eml to write the message to")
        write_atomically(options.out, message.as_bytes())
        return Delivery("written", len(unsent), recipients, subject=subject, path=options.out)
    try:
        refused = send(message, smtp)
    except DeliveryError as exc:
        # Recorded for `summarizer status`; nothing is marked sent, the next run retries.
        store.record_digest(
            status="failed", items=[], subject=subject, recipients=recipients, error=str(exc)
        )
        raise
    message_id = str(message["Message-ID"])
    try:
        store.record_digest(
            status="sent",
            items=unsent,
            subject=subject,
            recipients=recipients,
            refused=refused,
            message_id=message_id,
        )
    except StoreError as exc:
        # The server has the message but we could not record it: say so, it may come twice.
        raise StoreError(
            f"{exc} (the digest {message_id} WAS sent; it may be sent again)"
        ) from None
    return Delivery("sent", len(unsent), recipients, refused, subject, message_id)
