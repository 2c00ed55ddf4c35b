"""A scripted web server on loopback for fetch and ingest tests: real HTTP, no internet.

    from tests.web import Route, redirect, web_server

    with web_server({"/news": Route.file("story_a.html")}) as server:
        fetched = fetch(server.url("/news"), FetchSettings(allow_private=True))

Each path maps to a `Route`: status, content type, headers and body, and optionally a delay
before answering, a chunked body (no Content-Length) and a pause between chunks. Routes may be
added or replaced while the server runs (`server.routes["/b"] = redirect(server.url("/c"))`).
Unknown paths answer 404. Every request is recorded in `server.requests`. The server listens on
127.0.0.1, so fetch settings need `allow_private=True`.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

WEB_DATA = Path(__file__).resolve().parent / "data" / "web"


@dataclass
class Route:
    """What the server answers on one path."""

    body: bytes = b""
    content_type: str | None = "text/html; charset=utf-8"  # None sends no Content-Type
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)  # extra, or overriding Content-Length
    delay: float = 0.0  # seconds before the status line: a slow server
    chunk_size: int | None = None  # send the body chunked, in pieces this large
    trickle: float = 0.0  # seconds between chunks: a server that drips bytes
    location: str | None = None  # Location header, for a 3xx status

    @classmethod
    def file(cls, name: str, content_type: str | None = "text/html", **kwargs: Any) -> Route:
        """A route serving a file from tests/data/web/."""
        return cls(body=(WEB_DATA / name).read_bytes(), content_type=content_type, **kwargs)


def redirect(location: str, status: int = 302) -> Route:
    """A redirect to `location` (absolute or relative)."""
    return Route(status=status, location=location, content_type=None)


NOT_FOUND = Route(body=b"not found", content_type="text/plain", status=404)


@dataclass(frozen=True)
class Request:
    """One request the server received."""

    method: str
    path: str
    headers: dict[str, str]  # names lower-cased


class WebServer:
    """The running server: its routes, the requests it saw, and URLs pointing at it."""

    def __init__(self, routes: Mapping[str, Route]) -> None:
        self.routes: dict[str, Route] = dict(routes)
        self.requests: list[Request] = []
        self.stopping = threading.Event()
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.web = self
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base_url(self) -> str:
        """http://127.0.0.1:PORT, without a trailing slash."""
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def url(self, path: str = "/") -> str:
        """The absolute URL of a path on this server."""
        return self.base_url + path

    def hits(self, path: str) -> int:
        """How many requests asked for this path."""
        return sum(1 for r in self.requests if r.path == path)

    def start(self) -> None:
        self._thread.start()

    def close(self) -> None:
        self.stopping.set()  # ends delays and trickles early, so no handler outlives the test
        self._httpd.shutdown()
        self._httpd.server_close()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    web: WebServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients that give up mid-body (size caps, timeouts) reset the connection: expected.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # chunked bodies need it
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _answer(self, send_body: bool) -> None:
        web = self.server.web
        web.requests.append(
            Request(self.command, self.path, {k.lower(): v for k, v in self.headers.items()})
        )
        route = web.routes.get(self.path) or web.routes.get(self.path.split("?")[0], NOT_FOUND)
        if route.delay and web.stopping.wait(route.delay):
            return
        try:
            self._send(route, send_body, web.stopping)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up, as the tests expect it to

    def _send(self, route: Route, send_body: bool, stopping: threading.Event) -> None:
        self.send_response(route.status)
        if route.content_type is not None:
            self.send_header("Content-Type", route.content_type)
        if route.location is not None:
            self.send_header("Location", route.location)
        for name, value in route.headers.items():
            self.send_header(name, value)
        if route.chunk_size:
            self.send_header("Transfer-Encoding", "chunked")
        elif "content-length" not in {name.lower() for name in route.headers}:
            self.send_header("Content-Length", str(len(route.body)))
        self.end_headers()
        if not send_body:
            return
        if not route.chunk_size:
            self.wfile.write(route.body)
            return
        for start in range(0, len(route.body), route.chunk_size):
            piece = route.body[start : start + route.chunk_size]
            self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            self.wfile.flush()
            if route.trickle and stopping.wait(route.trickle):
                self.close_connection = True
                return
        self.wfile.write(b"0\r\n\r\n")


@contextmanager
def web_server(routes: Mapping[str, Route] | None = None) -> Iterator[WebServer]:
    """Run a WebServer for the duration of the block."""
    server = WebServer(routes or {})
    server.start()
    try:
        yield server
    finally:
        server.close()
