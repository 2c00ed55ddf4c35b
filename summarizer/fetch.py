"""Fetching pages and feeds for `summarizer ingest`, safely.

Only http and https. The host of the URL and of every redirect target is resolved and refused
when any of its addresses is not public (unless `allow_private`), so a feed or a redirect cannot
point the fetcher at the local network. Bodies are streamed under a byte cap and a deadline.
Every failure is one `FetchError` line that names the URL. httpx (~90 ms), feedparser and the
article modules are imported on first use, so importing this module costs the CLI little.
"""

from __future__ import annotations

import codecs
import contextlib
import datetime
import hashlib
import io
import ipaddress
import re
import socket
import threading
import time
from dataclasses import dataclass
from http import HTTPStatus
from typing import TYPE_CHECKING, Any
from urllib.parse import urldefrag, urljoin, urlsplit

from summarizer.errors import FetchError, InputError

if TYPE_CHECKING:
    import httpx

    from summarizer.articles import Article
    from summarizer.config import FetchSettings

__all__ = [
    "FeedEntry",
    "Fetched",
    "address_refusal",
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
_SCHEMES = ("http", "https")
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
# A scheme of two letters or more: "C://x" is a Windows drive, not a URL.
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+://")
_ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,text/xml;q=0.9,text/plain;q=0.8"
)
_ALLOW_HINT = "set allow_private = true in [fetch] to allow"
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
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_ADDRESS_CLASSES = (
    ("is_unspecified", "unspecified address"),
    ("is_loopback", "loopback address"),
    ("is_link_local", "link-local address"),
    ("is_multicast", "multicast address"),
    ("is_reserved", "reserved address"),
    ("is_private", "private-network address"),
)


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


class _Pins:
    """Addresses a host was checked at: connections go there and nowhere else.

    Checking a host's addresses and then letting the HTTP library resolve it again would let
    a name answer a public address to the check and 127.0.0.1 to the connection (DNS
    rebinding). The connection layer asks this map instead of the resolver.
    """

    def __init__(self, strict: bool) -> None:
        self.strict = strict  # refuse hosts never checked (off when private addresses are allowed)
        self.addresses: dict[str, list[str]] = {}
        self.lock = threading.Lock()

    def pin(self, host: str, addresses: list[str]) -> None:
        with self.lock:
            for name in _host_keys(host):
                self.addresses[name] = list(addresses)

    def lookup(self, host: str) -> list[str] | None:
        with self.lock:
            return self.addresses.get(host.lower().rstrip("."))


def _host_keys(host: str) -> set[str]:
    """The names a host may reach the connection layer under (as written, and IDNA-encoded)."""
    keys = {host.lower().rstrip(".")}
    with contextlib.suppress(UnicodeError):
        keys.add(host.encode("idna").decode("ascii").lower().rstrip("."))
    return keys


def _pinned_transport(pins: _Pins) -> httpx.HTTPTransport:
    """An httpx transport whose connections use the pinned addresses (TLS still checks the
    certificate against the host name: only the address lookup is replaced)."""
    import httpcore
    import httpx

    class Backend(httpcore.NetworkBackend):
        def __init__(self) -> None:
            self.inner = httpcore.SyncBackend()

        def connect_tcp(
            self,
            host: str,
            port: int,
            timeout: float | None = None,
            local_address: str | None = None,
            socket_options: Any = None,
        ) -> httpcore.NetworkStream:
            addresses = pins.lookup(host)
            if addresses is None:
                if pins.strict:
                    raise httpcore.ConnectError(f"{host}: address not checked before connecting")
                return self.inner.connect_tcp(host, port, timeout, local_address, socket_options)
            error: Exception = httpcore.ConnectError(f"{host}: no address")
            for address in addresses:
                try:
                    return self.inner.connect_tcp(
                        address, port, timeout, local_address, socket_options
                    )
                except httpcore.ConnectError as exc:
                    error = exc
            raise error

        def connect_unix_socket(
            self, path: str, timeout: float | None = None, socket_options: Any = None
        ) -> httpcore.NetworkStream:
            raise httpcore.ConnectError("unix sockets are not fetched from")

        def sleep(self, seconds: float) -> None:
            self.inner.sleep(seconds)

    transport = httpx.HTTPTransport()
    # httpx builds its connection pool with the default resolver; this one asks the pins.
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(), network_backend=Backend()
    )
    return transport


def open_client(settings: FetchSettings) -> httpx.Client:
    """An HTTP client with the settings' timeout and User-Agent that never follows redirects
    and connects only to the addresses `fetch` checked (see _Pins)."""
    import httpx

    pins = _Pins(strict=not settings.allow_private)
    client = httpx.Client(
        transport=_pinned_transport(pins),
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


def address_refusal(address: str) -> str | None:
    """Why an IP address may not be fetched from ("loopback address"), or None if it is public."""
    ip: ipaddress.IPv4Address | ipaddress.IPv6Address
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone ("fe80::1%eth0")
    if isinstance(ip, ipaddress.IPv6Address):
        # An IPv6 address that carries an IPv4 one reaches that IPv4 host: judge the host.
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFF_FFFF)
        if embedded is not None:
            ip = embedded
    for attribute, label in _ADDRESS_CLASSES:
        if getattr(ip, attribute):
            return label
    if not ip.is_global:  # e.g. 100.64.0.0/10, carrier-grade NAT
        return "non-public address"
    return None


def fetch(url: str, settings: FetchSettings, client: httpx.Client | None = None) -> Fetched:
    """GET a page or feed: public http(s) hosts only, redirects checked, size and time capped."""
    if client is None:
        with open_client(settings) as own:
            return fetch(url, settings, own)
    deadline = time.monotonic() + _DEADLINE_FACTOR * settings.timeout
    start = current = url.strip()  # is_url() accepts padded URLs too
    visited: list[str] = []
    pins: _Pins | None = getattr(client, _PINS, None)
    while True:
        where = url if current == start else f"{url}: redirected to {current}"
        host, addresses = _check_target(current, where, settings)
        if pins is not None and addresses:
            pins.pin(host, addresses)  # this hop connects to what was checked, every hop
        result = _get(client, url, current, where, settings, deadline)
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
    from summarizer.prepare import prepare

    text, encoding = _decode_page(fetched)
    prepared = prepare(text)
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


def _check_target(url: str, where: str, settings: FetchSettings) -> tuple[str, list[str]]:
    """Refuse a URL that is not http(s) or whose host resolves to a non-public address;
    return the host and the addresses checked (none when private addresses are allowed)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FetchError(f"{where}: not a valid URL ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in _SCHEMES:
        raise FetchError(f"{where}: only http and https URLs are fetched")
    host = parts.hostname
    if not host:
        raise FetchError(f"{where}: the URL names no host")
    if settings.allow_private:
        return host, []
    try:
        infos = socket.getaddrinfo(host, port or (443 if scheme == "https" else 80))
    except UnicodeError:  # IDNA: an empty or over-long label
        raise FetchError(f"{where}: not a valid host name") from None
    except OSError:
        raise FetchError(f"{where}: cannot resolve host {host}") from None
    # Every address, not just the first: the connection may use any of them.
    addresses: list[str] = []
    for info in infos:
        address = str(info[4][0])
        reason = address_refusal(address)
        if reason is not None:
            raise FetchError(f"{where}: refused: {reason} {address} ({_ALLOW_HINT})")
        if address not in addresses:
            addresses.append(address)
    return host, addresses


def _get(
    client: httpx.Client,
    url: str,
    current: str,
    where: str,
    settings: FetchSettings,
    deadline: float,
) -> Fetched | str:
    """One GET: the Fetched body, or the Location of a redirect."""
    import httpx

    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FetchError(_too_slow(where, settings))
    timeout = min(settings.timeout, remaining)
    try:
        with client.stream("GET", current, timeout=httpx.Timeout(timeout)) as response:
            return _read(response, url, current, where, settings, deadline)
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


def _read(
    response: httpx.Response,
    url: str,
    current: str,
    where: str,
    settings: FetchSettings,
    deadline: float,
) -> Fetched | str:
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
        if time.monotonic() > deadline:
            raise FetchError(_too_slow(where, settings))
    body = b"".join(chunks)
    if not body.strip():
        raise FetchError(f"{where}: the server sent an empty body")
    if not mime:
        mime = _sniff(body, where)
    return Fetched(url=url, final_url=current, content_type=mime, charset=charset, body=body)


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
    if parts.scheme.lower() not in _SCHEMES or not parts.hostname:
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
