"""The ASGI app of `summarizer serve`: security middleware, JSON errors, the API, the pages; and
running it with uvicorn on a socket bound here (so a bad --host or a busy port is one line).

Security: loopback by default, and off loopback only with SUMMARIZER_API_TOKEN (every write
then needs it); on loopback, requests must name a loopback Host (a DNS-rebinding page cannot
reach the API); bodies over the size limit get 413 and writes over the rate limit 429; every
answer carries a strict CSP, nosniff and no-referrer; errors are one JSON line, never a
traceback or a secret.
"""

from __future__ import annotations

import html
import ipaddress
import logging
import math
import socket
import threading
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, MutableMapping
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse

from summarizer import __version__, redact
from summarizer.errors import ConfigError, InputError, StoreError, SummarizerError
from summarizer.store import Store
from summarizer.web.desk import Desk
from summarizer.web.jobs import Jobs, QueueFull, TooLarge

if TYPE_CHECKING:
    from summarizer.config import Settings

log = logging.getLogger(__name__)

TOKEN_ENV = "SUMMARIZER_API_TOKEN"
MIN_TOKEN_CHARS = 16
MAX_BODY = 2_000_000  # bytes of a request body
WRITE_LIMIT = 30  # writes per client per minute
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
)
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
_WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


def is_loopback(host: str) -> bool:
    """Whether a --host value binds to this machine only."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_binding(host: str, token: str | None) -> None:
    """Refuse a non-loopback address without a token, and a token too short to be one."""
    if token is not None and len(token) < MIN_TOKEN_CHARS:
        raise ConfigError(f"{TOKEN_ENV} must be at least {MIN_TOKEN_CHARS} characters")
    if token is None and not is_loopback(host):
        raise ConfigError(
            f"--host {host} is not a loopback address: set {TOKEN_ENV} (every write will need "
            "it) or serve on 127.0.0.1"
        )


def create_app(
    db: Path | str,
    *,
    token: str | None = None,
    settings: Settings | None = None,
    host: str = "127.0.0.1",
    max_body: int = MAX_BODY,
    write_limit: int = WRITE_LIMIT,
    lock_wait: float = 300.0,
) -> FastAPI:
    """The app over the store at `db`, a SQLite file (created if missing) or a PostgreSQL URL.

    token: needed by every write when set; host: the address it will be bound to (off
    loopback a token is required); settings: the model POSTed articles are summarised with
    (default: loaded from the environment and config file on the first POST; no model is
    started until a job needs one).
    """
    from summarizer.web import api

    check_binding(host, token)
    redact.remember(token)
    Store(db).close()  # create or migrate the store now: the desk opens it read-only
    state: dict[str, Settings] = {}

    def model_settings() -> Settings:
        if "settings" not in state:
            from summarizer.config import load_settings

            state["settings"] = settings or load_settings()
        return state["settings"]

    jobs = Jobs(db, model_settings, lock_wait=lock_wait)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        jobs.close()

    app = FastAPI(
        title="summarizer",
        version=__version__,
        description="Arms transfers, relations and English briefs of foreign-language news.",
        docs_url=None,  # Swagger UI and ReDoc load from a CDN: /api/docs is served locally
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.desk = Desk(db)
    app.state.jobs = jobs
    app.state.token = token
    app.state.public = not is_loopback(host)
    app.include_router(api.router)
    app.add_api_route("/api/docs", _docs_page, include_in_schema=False)
    app.add_api_route("/api", _docs_page, include_in_schema=False)
    try:
        from summarizer.web.pages import router as pages_router
    except ImportError:
        log.debug("no web pages: summarizer.web.pages is not importable")
    else:
        app.include_router(pages_router)
    _add_error_handlers(app)
    hosts = None if app.state.public else LOOPBACK_HOSTS | {host.strip("[]").lower()}
    app.add_middleware(Guard, max_body=max_body, write_limit=write_limit, hosts=hosts)
    return app


# --------------------------------------------------------------------------- errors


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


def _status(exc: SummarizerError) -> int:
    if isinstance(exc, TooLarge):
        return 413
    if isinstance(exc, InputError):
        return 422
    if isinstance(exc, StoreError | QueueFull | ConfigError):
        return 503
    return 500


def _add_error_handlers(app: FastAPI) -> None:
    from fastapi.exceptions import RequestValidationError
    from starlette.exceptions import HTTPException

    async def http_error(request: Request, exc: Exception) -> Any:
        assert isinstance(exc, HTTPException)
        page = _error_page(request, exc.status_code, str(exc.detail))
        return page or _error(exc.status_code, str(exc.detail), dict(exc.headers or {}))

    async def invalid(request: Request, exc: Exception) -> Any:
        assert isinstance(exc, RequestValidationError)
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("query", "path"))
        message = str(first.get("msg", "invalid request")).removeprefix("Value error, ")
        return _error(422, f"{where}: {message}" if where else message)

    async def summarizer_error(request: Request, exc: Exception) -> Any:
        status = _status(exc) if isinstance(exc, SummarizerError) else 500
        if status == 500:
            log.error("request failed: %s", exc)
        message = " ".join(str(exc).split()) if status != 500 else "internal error"
        return _error(status, message)

    async def crashed(request: Request, exc: Exception) -> Any:
        # Answered outside the middleware (uvicorn logs the traceback): headers added here.
        secure = {k.decode(): v.decode() for k, v in SECURITY_HEADERS}
        return _error(500, "internal error (see the server log)", secure)

    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(SummarizerError, summarizer_error)
    app.add_exception_handler(Exception, crashed)


def _error_page(request: Request, status: int, message: str) -> Any:
    """An HTML error page from the pages module, for a browser off /api (if it offers one)."""
    if request.url.path.startswith(("/api", "/openapi")):
        return None
    if "text/html" not in request.headers.get("accept", ""):
        return None
    try:
        from summarizer.web.pages import error_page
    except ImportError:
        return None
    return error_page(request, status, message)


# --------------------------------------------------------------------------- middleware


class Guard:
    """Host check, write rate limit, body size limit, JSON-only writes and security headers."""

    def __init__(
        self,
        app: Callable[[Scope, Receive, Send], Awaitable[None]],
        *,
        max_body: int,
        write_limit: int,
        hosts: frozenset[str] | None,
        window: float = 60.0,
    ) -> None:
        self.app = app
        self.max_body = max_body
        self.write_limit = write_limit
        self.hosts = hosts
        self.window = window
        self._writes: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if self.hosts is not None and _hostname(headers.get("host", "")) not in self.hosts:
            await _send_error(secured, 400, "unknown Host header: this server answers on loopback")
            return
        if scope["method"] in _WRITES:
            retry = self._throttled((scope.get("client") or ("?",))[0])
            if retry:
                await _send_error(secured, 429, "too many writes; slow down", retry=retry)
                return
            body = await self._body(headers, receive)
            if body is None:
                await _send_error(secured, 413, f"request body over {self.max_body:,} bytes")
                return
            kind = headers.get("content-type", "").split(";")[0].strip().lower()
            if body and scope["path"].startswith("/api/") and kind != "application/json":
                await _send_error(secured, 415, "send JSON (Content-Type: application/json)")
                return
            receive = _replay(body, receive)
        await self.app(scope, receive, secured)

    def _throttled(self, client: str) -> int:
        """0 when this write may go ahead (and is counted), else seconds to wait."""
        now = time.monotonic()
        with self._lock:
            times = self._writes.setdefault(client, deque())
            while times and now - times[0] > self.window:
                times.popleft()
            if len(times) >= self.write_limit:
                return max(1, math.ceil(self.window - (now - times[0])))
            times.append(now)
            if len(self._writes) > 10_000:  # forget idle clients
                for key in [k for k, v in self._writes.items() if not v]:
                    del self._writes[key]
            return 0

    async def _body(self, headers: dict[str, str], receive: Receive) -> bytes | None:
        """The whole request body, or None when it is over the limit (then drained, so the
        client reads the 413 instead of a reset connection)."""
        declared = headers.get("content-length", "")
        over = declared.isdigit() and int(declared) > self.max_body
        if over and int(declared) > 8 * self.max_body:
            return None  # not worth draining: the connection closes after the answer
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            piece = message.get("body", b"")
            size += len(piece)
            over = over or size > self.max_body
            if not over:
                chunks.append(piece)
            if not message.get("more_body", False) or size > 8 * self.max_body:
                break
        return None if over else b"".join(chunks)


def _hostname(host: str) -> str:
    """The name of a Host header, without the port."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def again() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return again


async def _send_error(send: Send, status: int, message: str, retry: int = 0) -> None:
    from summarizer.web.api import encode

    body = encode({"error": message})
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
    if retry:
        headers.append((b"retry-after", str(retry).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


# --------------------------------------------------------------------------- docs page


def _docs_page(request: Request) -> HTMLResponse:
    """The API's endpoints and parameters as one plain page: no script, no CDN."""
    schema = request.app.openapi()
    rows = []
    for path, operations in schema.get("paths", {}).items():
        for method, op in operations.items():
            params = ", ".join(
                p["name"] + ("" if not p.get("required") else " (required)")
                for p in op.get("parameters", [])
            )
            body = ' JSON body: {"text": …} or {"url": …}.' if "requestBody" in op else ""
            rows.append(
                f"<tr><td><code>{html.escape(method.upper())}</code></td>"
                f"<td><code>{html.escape(path)}</code></td>"
                f"<td>{html.escape(op.get('summary', ''))}{html.escape(body)}</td>"
                f"<td>{html.escape(params)}</td></tr>"
            )
    page = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        "<title>summarizer API</title></head><body><h1>summarizer API</h1>"
        "<p>JSON under <code>/api</code>; the OpenAPI schema is "
        '<a href="/openapi.json">/openapi.json</a>. Writes need '
        "<code>Authorization: Bearer $SUMMARIZER_API_TOKEN</code> when the server has a token. "
        "Lists take <code>limit</code> and <code>offset</code> and answer "
        "<code>items</code>, <code>total</code> and <code>next</code>.</p>"
        "<table><thead><tr><th>method</th><th>path</th><th>what</th><th>parameters</th></tr>"
        f"</thead><tbody>{''.join(rows)}</tbody></table></body></html>"
    )
    return HTMLResponse(page)


# --------------------------------------------------------------------------- running


def bind(host: str, port: int) -> socket.socket:
    """A listening-ready socket on host:port; a bad host or a busy port is a ConfigError."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except (socket.gaierror, UnicodeError) as exc:
        raise ConfigError(f"--host {host}: cannot resolve it ({exc})") from None
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError as exc:
        sock.close()
        raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    return sock


def _server(app: FastAPI) -> Any:
    import uvicorn

    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        server_header=False,
        proxy_headers=False,  # the rate limit keys on the real peer, not X-Forwarded-For
        lifespan="on",
    )
    return uvicorn.Server(config)


def serve(app: FastAPI, sock: socket.socket) -> None:
    """Serve on a bound socket until Ctrl-C or SIGTERM."""
    _server(app).run(sockets=[sock])


def url_of(sock: socket.socket) -> str:
    """http://host:port of a bound socket."""
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


@contextmanager
def running(app: FastAPI, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve in a background thread for the block (tests, benchmarks); yields the base URL."""
    sock = bind(host, port)
    server = _server(app)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            sock.close()
            raise RuntimeError("the server did not start")
        time.sleep(0.01)
    try:
        yield url_of(sock)
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
        jobs = getattr(app.state, "jobs", None)
        if isinstance(jobs, Jobs):
            jobs.close(wait=30)  # no job outlives the block (tests swap models after it)
