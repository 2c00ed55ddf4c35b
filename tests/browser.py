"""Headless Chromium (Debian's /usr/bin/chromium) driven through its DevTools protocol.

    with Browser() as browser:
        browser.navigate("http://127.0.0.1:8000/")
        title = browser.evaluate("document.title")
        with browser.expect_load():
            browser.evaluate("document.querySelector('form button').click()")
        assert browser.log.errors() == []

No WebDriver and no browser download: the browser starts with `--remote-debugging-port=0`,
writes the port it chose to DevToolsActivePort in its profile directory, and we talk to it
over that WebSocket (the `websockets` package). One tab is opened and attached to; everything
it reports is kept in `Browser.log`: console messages, uncaught exceptions, browser log entries
(CSP violations among them), every request the page made, and JavaScript dialogs (alert,
confirm, prompt), which are dismissed at once. DNS is switched off inside the browser, so a
page that tries to reach another host fails there instead of leaving the machine.
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
INSTALL_HINT = "install Debian's chromium first: apt-get install -y chromium (.ci/run does)"

FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--remote-debugging-port=0",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-sync",
    "--disable-features=Translate,OptimizationHints,MediaRouter",
    "--metrics-recording-only",
    "--mute-audio",
    "--window-size=1280,900",
    # No name resolves: only loopback literals can be reached.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
)


class BrowserMissing(RuntimeError):
    """Chromium is not installed where the tests expect it."""


class BrowserError(RuntimeError):
    """The browser failed to start, answered with an error, or took too long."""


@dataclass
class PageLog:
    """What the page reported since the browser started (or since `clear`)."""

    console: list[tuple[str, str]] = field(default_factory=list)  # (type, text)
    exceptions: list[str] = field(default_factory=list)
    entries: list[tuple[str, str, str]] = field(default_factory=list)  # (source, level, text)
    requests: list[str] = field(default_factory=list)  # every URL the page asked for
    dialogs: list[str] = field(default_factory=list)  # alert/confirm/prompt messages
    failed: list[tuple[str, str]] = field(default_factory=list)  # (url, error text)

    def errors(self) -> list[str]:
        """Console errors, uncaught exceptions and error entries of the browser log."""
        return (
            [text for kind, text in self.console if kind in ("error", "assert")]
            + self.exceptions
            + [text for _, level, text in self.entries if level == "error"]
        )

    def csp_violations(self) -> list[str]:
        texts = [text for _, _, text in self.entries] + [text for _, text in self.console]
        return [t for t in texts if "Content Security Policy" in t]

    def clear(self) -> None:
        for part in (
            self.console,
            self.exceptions,
            self.entries,
            self.requests,
            self.dialogs,
            self.failed,
        ):
            part.clear()


def require_chromium() -> Path:
    """The browser's path, or BrowserMissing with how to install it."""
    if not CHROMIUM.exists():
        raise BrowserMissing(f"{CHROMIUM} is not installed; {INSTALL_HINT}")
    return CHROMIUM


class Browser:
    """One headless Chromium with one tab, driven over the DevTools protocol."""

    def __init__(self, *, timeout: float = 30.0) -> None:
        self.timeout = timeout
        self.log = PageLog()
        self._ids = itertools.count(1)
        self._loads = 0
        self._profile = Path(tempfile.mkdtemp(prefix="summarizer-chromium-"))
        self._proc: subprocess.Popen[bytes] | None = None
        self._ws: Any = None
        self._stack = ExitStack()  # the WebSocket connection, closed by close()
        self._session: str | None = None

    # ------------------------------------------------------------------ life cycle

    def __enter__(self) -> Browser:
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        from websockets.sync.client import connect

        binary = require_chromium()
        self._proc = subprocess.Popen(
            [str(binary), *FLAGS, f"--user-data-dir={self._profile}", "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,  # its own process group: close() ends all its children
        )
        port, path = self._devtools_address()
        self._ws = self._stack.enter_context(
            connect(f"ws://127.0.0.1:{port}{path}", max_size=None, open_timeout=self.timeout)
        )
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)
        attached = self.send(
            "Target.attachToTarget",
            {"targetId": target["targetId"], "flatten": True},
            session=False,
        )
        self._session = attached["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable")

    def _devtools_address(self) -> tuple[int, str]:
        """Port and browser WebSocket path, from DevToolsActivePort once Chromium wrote it."""
        marker = self._profile / "DevToolsActivePort"
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            assert self._proc is not None
            if self._proc.poll() is not None:
                err = (self._proc.stderr.read() if self._proc.stderr else b"").decode(
                    errors="replace"
                )
                raise BrowserError(f"chromium exited with {self._proc.returncode}: {err[-2000:]}")
            lines = marker.read_text().split() if marker.exists() else []
            if len(lines) >= 2:
                return int(lines[0]), lines[1]
            time.sleep(0.05)
        raise BrowserError(f"chromium wrote no {marker.name} in {self.timeout:.0f} s")

    def close(self) -> None:
        if self._ws is not None:
            with suppress(Exception):
                self._stack.close()
            self._ws = None
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)  # the group this Popen started, nothing else
                proc.wait(timeout=10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                with suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        if proc is not None and proc.stderr is not None:
            proc.stderr.close()
        shutil.rmtree(self._profile, ignore_errors=True)

    # ------------------------------------------------------------------ protocol

    def send(
        self, method: str, params: dict[str, Any] | None = None, *, session: bool = True
    ) -> dict[str, Any]:
        """Send one command and wait for its answer, recording the events that come first."""
        ident = next(self._ids)
        message: dict[str, Any] = {"id": ident, "method": method, "params": params or {}}
        if session and self._session:
            message["sessionId"] = self._session
        self._ws.send(json.dumps(message))
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self._receive(deadline, f"an answer to {method}")
            if reply.get("id") == ident:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result

    def _receive(self, deadline: float, waiting_for: str) -> dict[str, Any]:
        left = deadline - time.monotonic()
        if left <= 0:
            raise BrowserError(f"no {waiting_for} within {self.timeout:.0f} s")
        try:
            raw = self._ws.recv(timeout=left)
        except TimeoutError:
            raise BrowserError(f"no {waiting_for} within {self.timeout:.0f} s") from None
        message: dict[str, Any] = json.loads(raw)
        if "method" in message:
            self._event(message["method"], message.get("params", {}))
        return message

    def _event(self, method: str, params: dict[str, Any]) -> None:
        if method == "Page.loadEventFired":
            self._loads += 1
        elif method == "Runtime.consoleAPICalled":
            text = " ".join(_remote_text(arg) for arg in params.get("args", []))
            self.log.console.append((params.get("type", "log"), text))
        elif method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            exception = details.get("exception", {})
            self.log.exceptions.append(exception.get("description") or details.get("text", ""))
        elif method == "Log.entryAdded":
            entry = params.get("entry", {})
            self.log.entries.append(
                (entry.get("source", ""), entry.get("level", ""), entry.get("text", ""))
            )
        elif method == "Network.requestWillBeSent":
            self.log.requests.append(params.get("request", {}).get("url", ""))
        elif method == "Network.loadingFailed":
            self.log.failed.append((params.get("requestId", ""), params.get("errorText", "")))
        elif method == "Page.javascriptDialogOpening":
            self.log.dialogs.append(params.get("message", ""))
            # answered without waiting: the page is blocked until the dialog goes
            ident = next(self._ids)
            self._ws.send(
                json.dumps(
                    {
                        "id": ident,
                        "method": "Page.handleJavaScriptDialog",
                        "params": {"accept": False},
                        "sessionId": self._session,
                    }
                )
            )

    # ------------------------------------------------------------------ page

    def wait_for_load(self, seen: int) -> None:
        """Wait until the page fired more load events than `seen`."""
        deadline = time.monotonic() + self.timeout
        while self._loads <= seen:
            self._receive(deadline, "page load")

    @contextmanager
    def expect_load(self) -> Iterator[None]:
        """Wait, after the block, for the navigation it started (a click, a form) to load."""
        seen = self._loads
        yield
        self.wait_for_load(seen)

    def navigate(self, url: str) -> None:
        """Open url in the tab and wait for its load event."""
        seen = self._loads
        result = self.send("Page.navigate", {"url": url})
        if result.get("errorText"):
            raise BrowserError(f"navigate {url}: {result['errorText']}")
        self.wait_for_load(seen)

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (JSON-like values only)."""
        result = self.send(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
        )
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise BrowserError(f"evaluate failed: {text}")
        return result.get("result", {}).get("value")

    def screenshot(self, path: Path, *, whole: bool = True) -> Path:
        """The page as a PNG: the whole page, or only what the window shows."""
        shot = self.send(
            "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": whole}
        )
        path.write_bytes(base64.b64decode(shot["data"]))
        return path


def _remote_text(arg: dict[str, Any]) -> str:
    if "value" in arg:
        return str(arg["value"])
    return str(arg.get("description") or arg.get("type", ""))
