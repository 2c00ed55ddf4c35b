"""Fetching pages and feeds for `summarizer ingest`, safely.

Only http and https. The host of the URL and of every redirect target is resolved and refused
when any of its addresses is not public (unless `allow_private`), so a feed or a redirect cannot
point the fetcher at the local network (see fetch_guard.py). Bodies are streamed under a byte
cap and a deadline. Every failure is one `FetchError` line that names the URL. httpx (~90 ms),
feedparser and the article modules are imported on first use, so importing this module costs
the CLI little.
"""

from __future__ import annotations

import codecs
import datetime
import hashlib
import io
import re
import time
from dataclasses import dataclass
from http import HTTPStatus
from typing import TYPE_CHECKING, Any
from urllib.parse import urldefrag, urljoin, urlsplit

from summarizer.errors import FetchError, InputError
from summarizer.fetch_guard import SCHEMES, Pins, check_target, pinned_transport

if TYPE_CHECKING:
    import httpx

    from summarizer.articles import Article
    from summarizer.config import FetchSettings

__all__ = [
    "FeedEntry",
    "Fetched",
    "feed_entries",
    "fetch",
    "is_url",
    "open_client",
    "page_article",
]

PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
    }
)
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
# A scheme of two letters or more: "C://x" is a Windows drive, not a URL.
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+://")
_ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,text/xml;q=0.9,text/plain;q=0.8"
)
_SIZE_HINT = "raise max_bytes in [fetch] (SUMMARIZER_FETCH_MAX_BYTES) to fetch it"
_TIME_HINT = "raise timeout in [fetch] (SUMMARIZER_FETCH_TIMEOUT) to wait longer"
# A server may trickle bytes within each read timeout forever; the whole fetch gets this many
# read timeouts, redirects included.
_DEADLINE_FACTOR = 2.0
_SNIFF_BYTES = 4096
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:rdf)[\s>]")
_CHARSET_PARAM = re.compile(r"""charset\s*=\s*["']?([^"';\s]+)""", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)""", re.I)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
# Browsers (WHATWG Encoding) read these labels as their Windows supersets; so do news sites.
_SUPERSETS = {"ascii": "cp1252", "iso8859-1": "cp1252", "iso8859-9": "cp1254"}


@dataclass(frozen=True)
class Fetched:
    """One fetched body: where it was asked for, where it ended up, and what it claims to be."""

    url: str  # as requested
    final_url: str  # after redirects
    content_type: str  # lower-case mime type without parameters, sniffed if the server sent none
    charset: str | None  # the Content-Type charset parameter, unchecked
    body: bytes


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed: its absolute http(s) link, title and date."""

    url: str
    title: str | None
    published: datetime.date | None


def is_url(source: str) -> bool:
    """True for a URL with a scheme (https://…, also ftp://… to refuse it); False for a path."""
    return bool(_URL.match(source.strip()))


def open_client(settings: FetchSettings) -> httpx.Client:
    """An HTTP client with the settings' timeout and User-Agent that never follows redirects
    and connects only to the addresses `fetch` checked (see fetch_guard.Pins)."""
    import httpx

    pins = Pins(strict=not settings.allow_private)
    client = httpx.Client(
        transport=pinned_transport(pins),
        timeout=httpx.Timeout(settings.timeout),
        follow_redirects=False,  # fetch() follows them itself, checking every target's address
        headers={
            "User-Agent": settings.user_agent,
            "Accept": _ACCEPT,
            # Not brotli or zstd: their ratios let one small network chunk inflate far past
            # max_bytes in memory before the size check sees it.
            "Accept-Encoding": "gzip, deflate",
        },
    )
    setattr(client, _PINS, pins)
    return client


_PINS = "summarizer_pins"


def fetch(url: str, settings: FetchSettings, client: httpx.Client | None = None) -> Fetched:
    """GET a page or feed: public http(s) hosts only, redirects checked, size and time capped."""
    if client is None:
        with open_client(settings) as own:
            return fetch(url, settings, own)
    deadline = time.monotonic() + _DEADLINE_FACTOR * settings.timeout
    start = current = url.strip()  # is_url() accepts padded URLs too
    visited: list[str] = []
    pins: Pins | None = getattr(client, _PINS, None)
    while True:
        where = url if current == start else f"{url}: redirected to {current}"
        host, addresses = check_target(current, where, settings)
        if pins is not None and addresses:
            pins.pin(host, addresses)  # this hop connects to what was checked, every hop
        result = _get(client, _Hop(url, current, where, settings, deadline))
        if isinstance(result, Fetched):
            return result
        try:
            target = urljoin(current, result.strip())
        except ValueError:
            raise FetchError(f"{where}: bad redirect Location {result!r}") from None
        if target == current or target in visited:
            raise FetchError(f"{url}: redirect loop at {target}")
        visited.append(current)
        if len(visited) > settings.max_redirects:
            raise FetchError(
                f"{url}: more than {settings.max_redirects} redirects "
                "(raise max_redirects in [fetch] to follow more)"
            )
        current = target


def feed_entries(fetched: Fetched, max_items: int) -> list[FeedEntry] | None:
    """The feed's entries in order, de-duplicated by URL, at most max_items; None if not a feed."""
    head = fetched.body[:_SNIFF_BYTES].lower()
    if fetched.content_type not in FEED_TYPES and not _FEED_ROOT.search(head):
        return None  # an ordinary page: spare it the feed parser
    import feedparser

    headers = {"content-location": fetched.final_url}
    if fetched.content_type:
        charset = f"; charset={fetched.charset}" if fetched.charset else ""
        headers["content-type"] = fetched.content_type + charset
    # A file object, never bytes or str: feedparser fetches a str URL itself and opens
    # bytes as a file name.
    parsed = feedparser.parse(io.BytesIO(fetched.body), response_headers=headers)
    if not parsed.get("version"):
        return None
    entries: list[FeedEntry] = []
    seen: set[str] = set()
    for entry in parsed.entries:
        link = _entry_url(entry.get("link"), fetched.final_url)
        if link is None or link in seen:
            continue
        seen.add(link)
        title = " ".join(str(entry.get("title") or "").split()) or None
        entries.append(FeedEntry(url=link, title=title, published=_entry_date(entry)))
        if len(entries) >= max_items:
            break
    return entries


def page_article(fetched: Fetched) -> Article:
    """The fetched page as an Article: the decoded HTML, hashed by its main text."""
    from summarizer.articles import Article
    from summarizer.prepare import prepare_once

    text, encoding = _decode_page(fetched)
    prepared = prepare_once(text)
    main = prepared.text
    # A page rendered by JavaScript or hidden behind a consent wall leaves at most its title.
    if not main.strip() or main.strip() == (prepared.title or "").strip():
        raise FetchError(f"{fetched.url}: no article text found on the page")
    return Article(
        path=fetched.final_url,
        text=text,
        # The main text, not the bytes: the same story with other ads or a new timestamp in
        # the page chrome must de-duplicate.
        sha256=hashlib.sha256(main.encode("utf-8")).hexdigest(),
        encoding=encoding,
        size=len(fetched.body),
    )


# --------------------------------------------------------------------------- fetching


@dataclass(frozen=True)
class _Hop:
    """One request of a fetch: the URL asked for, this hop's URL, how to name it, the limits."""

    url: str
    current: str
    where: str
    settings: FetchSettings
    deadline: float


def _get(client: httpx.Client, hop: _Hop) -> Fetched | str:
    """One GET: the Fetched body, or the Location of a redirect."""
    import httpx

    where, settings = hop.where, hop.settings
    remaining = hop.deadline - time.monotonic()
    if remaining <= 0:
        raise FetchError(_too_slow(where, settings))
    timeout = min(settings.timeout, remaining)
    try:
        with client.stream("GET", hop.current, timeout=httpx.Timeout(timeout)) as response:
            return _read(response, hop)
    except httpx.TimeoutException:
        if timeout < settings.timeout:
            raise FetchError(_too_slow(where, settings)) from None
        raise FetchError(f"{where}: timed out after {timeout:g} s; {_TIME_HINT}") from None
    except httpx.ConnectError as exc:
        raise FetchError(f"{where}: cannot connect ({_one_line(exc)})") from None
    except httpx.RemoteProtocolError as exc:
        raise FetchError(f"{where}: the server broke off the response ({_one_line(exc)})") from None
    except httpx.DecodingError as exc:
        raise FetchError(f"{where}: cannot decompress the body ({_one_line(exc)})") from None
    except httpx.InvalidURL as exc:
        raise FetchError(f"{where}: not a valid URL ({_one_line(exc)})") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"{where}: {type(exc).__name__} ({_one_line(exc)})") from None
    except UnicodeError:  # IDNA, raised by the socket layer underneath httpx
        raise FetchError(f"{where}: not a valid host name") from None


def _read(response: httpx.Response, hop: _Hop) -> Fetched | str:
    where, settings = hop.where, hop.settings
    status = response.status_code
    if status in _REDIRECTS:
        location = response.headers.get("location")
        if not location:
            raise FetchError(f"{where}: HTTP {status} redirect without a Location header")
        return location
    if not 200 <= status < 300:
        raise FetchError(f"{where}: HTTP {status}{_phrase(status)}")
    mime, charset = _content_type(response.headers.get("content-type", ""))
    if mime and mime not in PAGE_TYPES | FEED_TYPES:
        raise FetchError(
            f"{where}: unsupported content type {mime} (expected an HTML page or an RSS/Atom feed)"
        )
    declared = response.headers.get("content-length", "").strip()
    if declared.isdigit() and int(declared) > settings.max_bytes:
        raise FetchError(f"{where}: larger than {settings.max_bytes:,} bytes; {_SIZE_HINT}")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > settings.max_bytes:
            raise FetchError(f"{where}: larger than {settings.max_bytes:,} bytes; {_SIZE_HINT}")
        chunks.append(chunk)
        if time.monotonic() > hop.deadline:
            raise FetchError(_too_slow(where, settings))
    body = b"".join(chunks)
    if not body.strip():
        raise FetchError(f"{where}: the server sent an empty body")
    if not mime:
        mime = _sniff(body, where)
    return Fetched(
        url=hop.url, final_url=hop.current, content_type=mime, charset=charset, body=body
    )


def _content_type(header: str) -> tuple[str, str | None]:
    mime, _, params = header.partition(";")
    found = _CHARSET_PARAM.search(params)
    return mime.strip().lower(), found[1].lower() if found else None


def _sniff(body: bytes, where: str) -> str:
    """Guess the type of a body the server sent without a Content-Type."""
    from summarizer.prepare import looks_like_html

    head = body[:_SNIFF_BYTES]
    if _FEED_ROOT.search(head.lower()):
        return "application/xml"
    if looks_like_html(head.decode("latin-1")):
        return "text/html"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<?xml"):
        return "application/xml"
    if b"\x00" not in head or head.startswith(_BOMS[1:]):
        return "text/plain"
    raise FetchError(f"{where}: no content type, and the body is not HTML, a feed or text")


def _too_slow(where: str, settings: FetchSettings) -> str:
    total = _DEADLINE_FACTOR * settings.timeout
    return f"{where}: took longer than {total:g} s in total; {_TIME_HINT}"


def _phrase(status: int) -> str:
    try:
        return f" {HTTPStatus(status).phrase}"
    except ValueError:
        return ""


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())[:200]
    return text or type(exc).__name__


# --------------------------------------------------------------------------- feeds


def _entry_url(link: Any, base: str) -> str | None:
    """The entry's link made absolute, without its #fragment; None unless http(s)."""
    if not isinstance(link, str) or not link.strip():
        return None
    try:
        absolute, _fragment = urldefrag(urljoin(base, link.strip()))
        parts = urlsplit(absolute)
    except ValueError:
        return None
    if parts.scheme.lower() not in SCHEMES or not parts.hostname:
        return None  # javascript:, mailto:, data: and the like
    return absolute


def _entry_date(entry: Any) -> datetime.date | None:
    """The entry's publication (else update) date, as the publisher's calendar has it."""
    import email.utils  # feedparser has loaded it already

    for key in ("published", "updated"):
        raw = entry.get(key)
        if isinstance(raw, str) and raw.strip():
            # feedparser's *_parsed is in UTC, which moves an item published at 01:30 +03:00
            # to the day before; the raw RFC 822 or ISO 8601 value keeps the local date.
            for parse in (email.utils.parsedate_to_datetime, datetime.datetime.fromisoformat):
                try:
                    return parse(raw.strip()).date()
                except (TypeError, ValueError, IndexError):
                    continue
        value = entry.get(f"{key}_parsed")
        if value:
            try:
                return datetime.date(value.tm_year, value.tm_mon, value.tm_mday)
            except (AttributeError, TypeError, ValueError):
                continue
    return None


# --------------------------------------------------------------------------- decoding


def _decode_page(fetched: Fetched) -> tuple[str, str]:
    """Decode with the header charset, else the document's own declaration, else by guessing."""
    from summarizer.articles import decode_bytes

    body = fetched.body
    # A byte-order mark overrides every label; NUL bytes mean binary or UTF-16, which
    # decode_bytes reports or reads.
    if not body.startswith(_BOMS) and b"\x00" not in body[:_SNIFF_BYTES]:
        for label in (fetched.charset, _declared_charset(body[:_SNIFF_BYTES])):
            codec = _codec(label)
            if codec is None:
                continue
            try:
                return body.decode(codec), codec
            except (UnicodeDecodeError, LookupError):
                continue  # a wrong label (common): try the next source
    try:
        return decode_bytes(body, fetched.url)
    except InputError as exc:
        raise FetchError(str(exc)) from None


def _declared_charset(head: bytes) -> str | None:
    """The charset a document declares in <meta> or its XML declaration."""
    found = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if found is None:
        return None
    label = found[1].decode("ascii").lower()
    # We just read the declaration as ASCII, so the document is not UTF-16 whatever it says.
    return "utf-8" if label.startswith("utf-16") else label


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip()).name
    except LookupError:
        return None
    return _SUPERSETS.get(name, name)
