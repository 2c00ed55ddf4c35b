"""A scripted OpenAI-compatible chat server on loopback, for fault tests over real HTTP."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
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
