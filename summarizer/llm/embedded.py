"""The embedded default model: llama.cpp's OpenAI-compatible server, in-process, on loopback."""

from __future__ import annotations

import atexit
import logging
import os
import socket
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from summarizer.config import Settings
from summarizer.errors import ProviderError
from summarizer.llm.base import Capabilities, Provider, Request
from summarizer.llm.compact import CompactJSONTransport
from summarizer.llm.model_files import MODELS, ModelSpec, assemble
from summarizer.schemas import CallStats

log = logging.getLogger(__name__)

HEALTH_TIMEOUT = 120.0


def machine_threads() -> int:
    """Cores this process may use (respects CPU affinity and container limits)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class EmbeddedServer:
    """One llama.cpp server running inside this process; stopped at exit."""

    def __init__(self, model_path: Path, *, n_ctx: int, threads: int) -> None:
        self.model_path = model_path
        self.n_ctx = n_ctx
        self.threads = threads
        self.port = 0
        self._server: Any = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        """Load the model, listen on a free loopback port and wait until healthy."""
        import xllamacpp

        params = xllamacpp.CommonParams()
        params.model.path = str(self.model_path)
        params.n_ctx = self.n_ctx
        params.n_parallel = 1  # one slot: every task reuses the same prompt cache
        params.cpuparams.n_threads = self.threads
        params.cpuparams_batch.n_threads = self.threads
        params.hostnames = ["127.0.0.1"]
        params.port = self.port = free_port()
        params.cache_prompt = True
        # llama.cpp keeps up to 8 GB of old prompt states in RAM by default; one slot working
        # through articles in turn never reuses them (measured: RSS 2.3 GB → 3.6 GB over six).
        params.cache_ram_mib = 0
        params.verbosity = -1  # llama.cpp logs straight to stderr otherwise
        started = time.perf_counter()
        try:
            self._server = xllamacpp.Server(params)
        except Exception as exc:
            raise ProviderError(f"The embedded model server failed to start: {exc}") from exc
        self._wait_healthy()
        log.info(
            "embedded server on %s ready in %.1fs", self.base_url, time.perf_counter() - started
        )

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + HEALTH_TIMEOUT
        last = "no answer"
        while time.monotonic() < deadline:
            try:
                reply = httpx.get(f"{self.base_url}/health", timeout=5)
                if reply.status_code == 200:
                    return
                last = f"HTTP {reply.status_code}"
            except httpx.HTTPError as exc:
                last = type(exc).__name__
            time.sleep(0.1)
        self.stop()
        raise ProviderError(f"The embedded model server never became healthy ({last})")

    def stop(self) -> None:
        """Shut the server down and free its memory."""
        server, self._server = self._server, None
        if server is not None:
            del server


class ServerProvider(Provider):
    """An OpenAI-compatible server (llama.cpp, vLLM...) reached with the openai client."""

    capabilities = Capabilities(needs_key=False)

    def __init__(
        self,
        name: str,
        settings: Settings,
        *,
        base_url: str | None = None,
        compact_json: bool = False,
    ) -> None:
        self.name = name
        self.settings = settings
        self.base_url = base_url
        # llama.cpp with llguidance: answers as compact JSON (llm/compact.py). The embedded
        # server always; a replay of its recorded calls too, so the requests match.
        self.compact_json = compact_json
        self.cache_prompt = True  # llama.cpp reuses the shared article prefix across tasks
        self._client: Any = None
        self._lock = threading.Lock()

    def _connect(self) -> str:
        """The server's base URL, ending in /v1."""
        if not self.base_url:
            raise ProviderError(f"model {self.name}: no server URL")
        return self.base_url

    def start(self) -> None:
        """Connect now (for the embedded model: load it and start the server)."""
        self._ensure_client()

    def _ensure_client(self) -> Any:
        with self._lock:
            if self._client is None:
                import instructor
                import openai

                raw = openai.OpenAI(
                    base_url=self._connect(),
                    api_key="embedded",  # the local server checks no key
                    max_retries=0,  # tenacity does the retrying
                    timeout=self.settings.timeout,
                    http_client=self._http_client(),
                )
                # JSON_SCHEMA: llama.cpp turns the schema into a grammar; TOOLS mode fails here.
                self._client = instructor.from_openai(raw, mode=instructor.Mode.JSON_SCHEMA)
            return self._client

    def _http_client(self) -> httpx.Client | None:
        """The HTTP client for the openai client; None: its default."""
        if not self.compact_json:
            return None
        return httpx.Client(transport=CompactJSONTransport(), timeout=self.settings.timeout)

    def generate(self, request: Request) -> tuple[Any, CallStats]:
        """One schema-constrained call against the server."""
        from summarizer.llm.client import call_model

        client = self._ensure_client()
        return call_model(
            client, request, self.name, self.settings, {"seed": 0, "extra_body": self._sampling()}
        )

    def _sampling(self) -> dict[str, Any]:
        """llama.cpp options: DRY stops the small model looping; cache off only for benchmarks."""
        body: dict[str, Any] = {"dry_multiplier": 0.8}
        if not self.cache_prompt:
            body["cache_prompt"] = False
        return body


class EmbeddedProvider(ServerProvider):
    """The default model, running on the user's CPU: no key, no network."""

    def __init__(self, spec: ModelSpec, settings: Settings) -> None:
        super().__init__(spec.name, settings, compact_json=True)
        self.spec = spec
        self._server: EmbeddedServer | None = None

    def _connect(self) -> str:
        """Assemble and verify the weights, then start the in-process server."""
        path = assemble(self.spec, self.settings.cache_dir)
        server = EmbeddedServer(
            path, n_ctx=self.settings.n_ctx, threads=self.settings.threads or machine_threads()
        )
        server.start()
        self._server = server
        atexit.register(self.close)
        return f"{server.base_url}/v1"

    @property
    def root_url(self) -> str:
        """The running server's root URL (native llama.cpp endpoints); starts it if needed."""
        self._ensure_client()
        if self._server is None:
            raise ProviderError(f"model {self.name}: the embedded server is not running")
        return self._server.base_url

    def close(self) -> None:
        """Stop the server (also registered with atexit)."""
        with self._lock:
            self._client = None
            if self._server is not None:
                self._server.stop()
                self._server = None


def embedded_provider(name: str, settings: Settings) -> EmbeddedProvider:
    """The embedded provider for a registered local model name."""
    return EmbeddedProvider(MODELS[name], settings)
