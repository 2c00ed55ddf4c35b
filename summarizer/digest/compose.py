"""The digest email: summaries → a plain-text and an HTML part in one multipart message.

All grouping, sorting and formatting happens here; the two Jinja2 templates under
`templates/` only loop and print the view objects built below. Everything an article or
the model wrote is data: the HTML template autoescapes it, and links get an href only
when the store gave an http(s) address.
"""

from __future__ import annotations

import datetime as dt
import email.errors
import email.policy
import email.utils
import functools
import textwrap
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from markupsafe import Markup

from summarizer.errors import ConfigError
from summarizer.prepare import language_name
from summarizer.schemas import CountryRef, Relation, Summary, Transfer
from summarizer.templating import environment
from summarizer.terminal import inert

if TYPE_CHECKING:
    from jinja2 import Environment

TEMPLATES = Path(__file__).parent / "templates"
TEXT_TEMPLATE = "digest.txt.j2"
HTML_TEMPLATE = "digest.html.j2"
OTHER_ARTICLES = "Other articles"
EMPTY_MESSAGE = "Nothing new since the last digest."
NOT_GIVEN = "—"
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_WIDTH = 76


@dataclass(frozen=True)
class DigestItem:
    """One summary to send, with where its article came from."""

    summary: Summary
    link: str | None  # http(s) URL of the source, from the store (never from model output)
    label: str  # how to show the source: the URL or the file path


# --------------------------------------------------------------------------- view objects


@dataclass(frozen=True)
class Link:
    """A source reference: text always, an href only for a checked http(s) URL."""

    text: str
    href: str | None


@dataclass(frozen=True)
class TransferRow:
    """One line of the arms-transfer table."""

    supplier: str
    recipient: str
    systems: str
    status: str
    value: str
    year: str
    source: Link


@dataclass(frozen=True)
class EventRow:
    """A dated event; `pair` names the countries when they are not the section's pair."""

    date: str
    kind: str
    summary: str
    pair: str | None


@dataclass(frozen=True)
class ArticleView:
    """One article as the digest shows it."""

    headline: str
    summary: str
    key_points: list[str]
    title: str | None
    language: str
    published: str
    tone: str | None
    events: list[EventRow]
    other_pairs: list[str]
    source: Link
    failed: str = ""  # parts that could not be read ("transfers, relations"): not "none found"


@dataclass
class PairGroup:
    """A section: the articles whose first relation is this pair of countries."""

    title: str
    articles: list[ArticleView] = field(default_factory=list)


@dataclass(frozen=True)
class DigestView:
    """Everything the templates print."""

    heading: str
    overview: str
    transfers: list[TransferRow]
    groups: list[PairGroup]
    empty_message: str | None


# --------------------------------------------------------------------------- public API


def render(items: list[DigestItem], *, subject: str, now: dt.datetime) -> tuple[str, str]:
    """The digest as (plain text, HTML), both from the package's Jinja2 templates."""
    view = build_view(items, subject=subject, now=now)
    text = _environment(html=False).get_template(TEXT_TEMPLATE).render(digest=view)
    html = _environment(html=True).get_template(HTML_TEMPLATE).render(digest=view)
    return text, html


def compose(
    items: list[DigestItem],
    *,
    sender: str,
    recipients: list[str],
    subject: str,
    now: dt.datetime,
) -> EmailMessage:
    """One multipart/alternative email (text/plain, then text/html) ready for `send`."""
    if now.tzinfo is None:
        now = now.astimezone()  # a Date header needs an offset; naive means local time
    text, html = render(items, subject=subject, now=now)
    message = EmailMessage(policy=email.policy.SMTP)
    _set_address_header(message, "From", sender)
    _set_address_header(message, "To", ", ".join(recipients))
    message["Subject"] = subject_line(items, subject=subject, now=now)
    message["Date"] = email.utils.format_datetime(now)
    domain = email.utils.parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    message["Message-ID"] = email.utils.make_msgid("digest", domain=domain)
    # quoted-printable keeps every line 7-bit, so servers without 8BITMIME take it too
    message.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    return message


def subject_line(items: list[DigestItem], *, subject: str, now: dt.datetime) -> str:
    """'Subject, 24 Nov 2026: 5 articles, 3 arms transfers' ('nothing new' when empty)."""
    heading = f"{_one_line(subject)}, {_day(now)}"
    if not items:
        return f"{heading}: nothing new"
    transfers = sum(len(item.summary.arms_transfers or []) for item in items)
    return f"{heading}: {_count(len(items), 'article')}, {_count(transfers, 'arms transfer')}"


def safe_href(link: str | None) -> str | None:
    """The link itself when it is a plain http(s) URL with a host, else None."""
    if not link or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in link):
        return None
    try:
        parts = urlsplit(link)
    except ValueError:
        return None
    return link if parts.scheme.lower() in ("http", "https") and parts.hostname else None


# --------------------------------------------------------------------------- building the view


def build_view(items: list[DigestItem], *, subject: str, now: dt.datetime) -> DigestView:
    """Group, sort and format the items for the templates."""
    heading = f"{_one_line(subject)}, {_day(now)}"
    if not items:
        return DigestView(heading, EMPTY_MESSAGE, [], [], EMPTY_MESSAGE)
    transfers = [
        _transfer_row(transfer, _link(item))
        for item in items
        for transfer in item.summary.arms_transfers or []
    ]
    groups: dict[tuple[str, str], PairGroup] = {}
    other = PairGroup(OTHER_ARTICLES)
    for item in items:
        relations = item.summary.relations or []
        if not relations:
            other.articles.append(_article_view(item, None))
            continue
        key = _pair_key(relations[0])
        group = groups.setdefault(key, PairGroup(_pair_title(relations[0])))
        group.articles.append(_article_view(item, relations[0]))
    ordered = sorted(groups.values(), key=lambda g: (-len(g.articles), g.title.casefold()))
    if other.articles:
        ordered.append(other)
    return DigestView(heading, _overview(items, len(transfers)), transfers, ordered, None)


def _overview(items: list[DigestItem], transfers: int) -> str:
    languages = sorted({_language(item.summary.source.language) for item in items})
    pairs = {_pair_key(r) for item in items for r in item.summary.relations or []}
    unread = sum(1 for item in items if item.summary.meta.failed)
    return (
        f"{_count(len(items), 'article')} in {_count(len(languages), 'language')} "
        f"({', '.join(languages)}), {_count(transfers, 'arms transfer')}, "
        f"{_count(len(pairs), 'country pair')}."
        + (
            f" {_count(unread, 'article')} could not be read in full (marked below)."
            if unread
            else ""
        )
    )


def _transfer_row(transfer: Transfer, source: Link) -> TransferRow:
    systems = ", ".join(
        f"{s.designation} ({s.quantity})" if s.quantity else s.designation for s in transfer.systems
    )
    value = (
        f"{transfer.value.currency} {_amount(transfer.value.amount)}"
        if transfer.value
        else NOT_GIVEN
    )
    return TransferRow(
        supplier=transfer.supplier.name,
        recipient=transfer.recipient.name,
        systems=systems,
        status=transfer.status.value,
        value=value,
        year=str(transfer.year) if transfer.year else NOT_GIVEN,
        source=source,
    )


def _article_view(item: DigestItem, pair: Relation | None) -> ArticleView:
    summary = item.summary
    brief = summary.brief
    relations = summary.relations or []
    own = _pair_key(pair) if pair else None
    events: dict[tuple[str, str, str], EventRow] = {}
    # the section's own pair first: an event the model repeated under other pairs stays one
    for relation in sorted(relations, key=lambda r: _pair_key(r) != own):
        other = None if _pair_key(relation) == own else _pair_title(relation)
        for event in relation.events:
            if event.date:
                key = (event.date, event.kind.value, event.summary)
                events.setdefault(key, EventRow(*key, pair=other))
    others: list[str] = []
    for relation in relations:
        mention = f"{_pair_title(relation)} ({relation.tone.value})"
        if _pair_key(relation) != own and mention not in others:
            others.append(mention)
    title = summary.source.title
    return ArticleView(
        headline=brief.headline if brief else (title or item.label),
        summary=brief.summary if brief else "",
        key_points=list(brief.key_points) if brief else [],
        title=title,
        language=_language(summary.source.language),
        published=summary.source.published.isoformat() if summary.source.published else "",
        tone=pair.tone.value if pair else None,
        events=sorted(events.values(), key=lambda e: e.date),  # ISO dates sort as text
        other_pairs=others,
        source=_link(item),
        failed=", ".join(summary.meta.failed),
    )


def _link(item: DigestItem) -> Link:
    return Link(text=item.label, href=safe_href(item.link))


def _pair_key(relation: Relation) -> tuple[str, str]:
    a, b = (c.code for c in relation.countries)
    return (a, b) if a <= b else (b, a)


def _pair_title(relation: Relation) -> str:
    names: list[CountryRef] = sorted(relation.countries, key=lambda c: c.name.casefold())
    return " – ".join(c.name for c in names)


def _language(code: str) -> str:
    return "unknown language" if code == "und" else language_name(code)


def _amount(amount: float) -> str:
    for size, word in ((1e9, "billion"), (1e6, "million")):
        if amount >= size:
            return f"{round(amount / size, 2):g} {word}"
    return f"{amount:,.0f}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _day(now: dt.datetime) -> str:
    # not strftime("%b"): month names must not depend on the machine's locale
    return f"{now.day} {_MONTHS[now.month - 1]} {now.year}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _set_address_header(message: EmailMessage, name: str, value: str) -> None:
    try:
        message[name] = value
    except (ValueError, IndexError, email.errors.HeaderParseError) as exc:
        raise ConfigError(
            f"Bad digest address for {name}: {value!r} ({exc}); check --from/--to, "
            "SUMMARIZER_DIGEST_FROM/SUMMARIZER_DIGEST_TO or [digest] in the config file"
        ) from None


# --------------------------------------------------------------------------- templates


def _inert(value: Any) -> Any:
    """Every expression's value with escape sequences and control characters removed; markup
    built by the view (already escaped) stays markup."""
    if isinstance(value, Markup):
        return Markup(inert(str(value)))
    return inert(value) if isinstance(value, str) else value


def _wrap(text: str, indent: int = 0, first: str = "") -> str:
    """Fill text to the plain-text width after `first`; URLs and hyphenated names never split."""
    return textwrap.fill(
        text,
        width=_WIDTH,
        initial_indent=first,
        subsequent_indent=" " * indent,
        break_long_words=False,
        break_on_hyphens=False,
    )


@functools.cache
def _environment(*, html: bool) -> Environment:
    return environment(
        TEMPLATES,
        html=html,
        trim=True,
        keep_trailing_newline=True,
        # Model and article text: no escape sequence or control character reaches a reader.
        finalize=_inert,
        filters={"wrap": _wrap},
    )
