"""A scripted OpenAI-compatible chat server on loopback, for fault tests over real HTTP."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


@dataclass
class Reply:
    """One scripted answer: an HTTP status, and the assistant content or a raw body."""

    status: int = 200
    content: str | None = None
    finish_reason: str = "stop"
    raw: bytes | None = None


@dataclass
class Script:
    replies: list[Reply]
    requests: list[dict[str, Any]] = field(default_factory=list)


def completion(content: str, finish_reason: str = "stop") -> dict[str, Any]:
    """An OpenAI chat.completion body with usage."""
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 0,
        "model": "test",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": finish_reason,
            }
        ],
        "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120},
    }


@contextmanager
def chat_server(replies: list[Reply]) -> Iterator[tuple[str, Script]]:
    """Serve the replies in order (the last one repeats); yields (base_url, script)."""
    script = Script(list(replies))

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", 0))
            script.requests.append(json.loads(self.rfile.read(length) or b"{}"))
            reply = script.replies.pop(0) if len(script.replies) > 1 else script.replies[0]
            if reply.raw is not None:
                body = reply.raw
            elif reply.status == 200:
                body = json.dumps(completion(reply.content or "", reply.finish_reason)).encode()
            else:
                body = json.dumps({"error": {"message": f"scripted {reply.status}"}}).encode()
            self.send_response(reply.status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1", script
    finally:
        server.shutdown()
        server.server_close()


# --------------------------------------------------------------------------- a realistic stub

FAKE_ANSWERS = Path(__file__).parent / "data" / "fake"
SCHEMA_TASKS = {
    "TranslationDraft": "brief",
    "TransfersDraft": "transfers",
}
# What the stub says for every sentence it is asked to translate, whatever the article: English
# and faithful to any sentence (only the sentence's own numbers, countries and systems, and a
# negation, so a denial in the sentence is kept), as a hosted model's translations would pass
# the checks.
STUB_TRANSLATION = "The stub model does not add anything to this sentence"


def stub_translation(sentence: str) -> str:
    """The stub's English line for one sentence: its names and numbers, nothing else."""
    from summarizer.normalize import find_countries, find_systems

    names = list(dict.fromkeys(m.country.name for m in find_countries(sentence)))
    names += list(dict.fromkeys(m.system.name for m in find_systems(sentence)))
    numbers = re.findall(r"\d+(?:[.,]\d+)*", sentence)
    about = ", ".join([*names, *numbers])
    return f"{STUB_TRANSLATION} about {about}." if about else f"{STUB_TRANSLATION}."


def asked_sentences(body: dict[str, Any]) -> list[tuple[int, str]]:
    """The sentences a translation request asks for (its <sentences> block): number, text."""
    for message in body.get("messages") or []:
        content = str(message.get("content") or "")
        if "\n<sentences>\n" in content:
            block = content.split("\n<sentences>\n", 1)[1].split("\n</sentences>", 1)[0]
            return [(int(n), t) for n, t in re.findall(r"^\[(\d+)\] (.*)$", block, re.MULTILINE)]
    raise ValueError("stub server: a translation request without a <sentences> block")


def stub_answer(task: str, body: dict[str, Any], answers: dict[str, str]) -> str:
    """The stub's answer to one request: tests/data/fake/<task>.json, or for the brief a
    translation of exactly the sentences asked for."""
    if task == "brief":
        lines = [{"n": n, "en": stub_translation(t)} for n, t in asked_sentences(body)]
        return json.dumps({"english": lines})
    return answers[task]


@dataclass
class StubStats:
    """What the stub saw: requests served, 429s sent, the most requests in flight at once."""

    served: int = 0
    rate_limited: int = 0
    in_flight: int = 0
    max_in_flight: int = 0
    limited: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _task_of(body: dict[str, Any]) -> str:
    schema = (body.get("response_format") or {}).get("json_schema") or {}
    name = str(schema.get("name", ""))
    for prefix, task in SCHEMA_TASKS.items():
        if name.startswith(prefix):
            return task
    raise ValueError(f"stub server: unknown response schema {name!r}")


@contextmanager
def stub_server(
    *,
    delay: tuple[float, float] = (0.2, 0.5),
    rate_limit_every: int = 0,
    seed: int = 7,
    slots: int = 0,
) -> Iterator[tuple[str, StubStats]]:
    """An OpenAI-compatible server that answers every task like a hosted model would.

    Each answer takes a delay drawn from `delay` (seeded, so runs are comparable) and comes
    from `stub_answer`; every `rate_limit_every`-th request is answered 429
    with Retry-After first (at most once per distinct request). With `slots`, it works on
    that many requests at a time and the others wait, like a llama.cpp server with -np slots.
    Yields (base_url, stats).
    """
    import random
    from contextlib import nullcontext

    stats = StubStats()
    working = threading.BoundedSemaphore(slots) if slots else nullcontext()
    answers = {
        task: (FAKE_ANSWERS / f"{task}.json").read_text(encoding="utf-8")
        for task in SCHEMA_TASKS.values()
    }
    rng = random.Random(seed)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", 0))
            body = json.loads(self.rfile.read(length) or b"{}")
            with stats.lock:
                stats.served += 1
                number = stats.served
                stats.in_flight += 1
                stats.max_in_flight = max(stats.max_in_flight, stats.in_flight)
                wait = rng.uniform(*delay)
            try:
                key = json.dumps(body, sort_keys=True)
                with stats.lock:
                    # At most one 429 per distinct request, so a retry always gets through:
                    # a hosted API's limit, not a server that never answers.
                    limit = (
                        rate_limit_every
                        and number % rate_limit_every == 0
                        and key not in stats.limited
                    )
                    if limit:
                        stats.limited.add(key)
                        stats.rate_limited += 1
                if limit:
                    self._send(429, {"error": {"message": "rate limited"}}, {"retry-after": "0"})
                    return
                with working:
                    time.sleep(wait)
                self._send(200, completion(stub_answer(_task_of(body), body, answers)))
            finally:
                with stats.lock:
                    stats.in_flight -= 1

        def _send(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1", stats
    finally:
        server.shutdown()
        server.server_close()
