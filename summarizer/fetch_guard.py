"""Where the fetcher may connect: address checks, and connections pinned to what was checked.

A URL's host is resolved and refused when any of its addresses is not public (unless
`allow_private`). The connection then goes to the checked addresses and nowhere else, so a
name cannot answer a public address to the check and a local one to the connection. httpx
and httpcore are imported on first use.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import threading
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from summarizer.errors import FetchError

if TYPE_CHECKING:
    import httpx

    from summarizer.config import FetchSettings

__all__ = ["SCHEMES", "Pins", "address_refusal", "check_target", "pinned_transport"]

SCHEMES = ("http", "https")
_ALLOW_HINT = "set allow_private = true in [fetch] to allow"
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_ADDRESS_CLASSES = (
    ("is_unspecified", "unspecified address"),
    ("is_loopback", "loopback address"),
    ("is_link_local", "link-local address"),
    ("is_multicast", "multicast address"),
    ("is_reserved", "reserved address"),
    ("is_private", "private-network address"),
)


class Pins:
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


def pinned_transport(pins: Pins) -> httpx.HTTPTransport:
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


def check_target(url: str, where: str, settings: FetchSettings) -> tuple[str, list[str]]:
    """Refuse a URL that is not http(s) or whose host resolves to a non-public address;
    return the host and the addresses checked (none when private addresses are allowed)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FetchError(f"{where}: not a valid URL ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
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
