"""Real processes for fault tests: the CLI as a child process, and a model server that dies.

    from tests.procs import cli_env, finish, model_server, start, summaries, wait_for

    env = cli_env(tmp_path)                                  # isolated config, fast backoff
    proc = start(["ingest", "--db", str(db), ...], env)       # `python -m summarizer ...`
    wait_for(lambda: summaries(db) >= 1, proc)                # poll; fails if proc ends first
    proc.send_signal(signal.SIGINT)
    result = finish(proc)                                     # Ran(code, out, err)

    with model_server(log, die_on_brief=3) as server: ...     # exits mid-call on the 3rd brief
    with model_server(log, hang=True) as server: ...          # reads requests, never answers
    server.url, server.requests()                             # base URL; tasks it was asked

The model server is this module run as a script (`python -m tests.procs`), so "the server
process is gone" is a real dead process, not a closed socket in the test's own process.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
REMOTE = ["--model", "openai/stub", "--api-key", "sk-test-0000"]  # plus --api-base URL


def cli_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a child `summarizer`: no developer config or keys, fast backoff."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not (k.startswith("SUMMARIZER_") or k.endswith("_API_KEY"))
    }
    env.update(
        SUMMARIZER_CONFIG=str(home / "config.toml"),
        SUMMARIZER_RETRY_WAIT="0.01",
        **extra,
    )
    return env


@dataclass(frozen=True)
class Ran:
    """How a child process ended and what it printed."""

    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        """The non-blank lines of stderr (a transient progress bar leaves blank ones)."""
        return [line for line in self.err.splitlines() if line.strip()]


def start(
    args: list[str], env: dict[str, str], preexec: Callable[[], None] | None = None
) -> subprocess.Popen[str]:
    """`python -m summarizer ARGS` in its own session, so signals reach it alone."""
    return subprocess.Popen(
        [sys.executable, "-m", "summarizer", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=preexec,
    )


def finish(proc: subprocess.Popen[str], timeout: float = 60) -> Ran:
    """Wait for the process; its exit code (negative: killed by that signal) and output."""
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        raise AssertionError(f"still running after {timeout} s; stderr: {err[-2000:]}") from None
    return Ran(proc.returncode, out, err)


def run(args: list[str], env: dict[str, str], timeout: float = 60) -> Ran:
    """Run `summarizer ARGS` to the end."""
    return finish(start(args, env), timeout)


def wait_for(
    condition: Callable[[], bool], proc: subprocess.Popen[str], timeout: float = 60
) -> None:
    """Poll until condition() holds; fail at once if the process ends first."""
    deadline = time.monotonic() + timeout
    while not condition():
        if proc.poll() is not None:
            ran = finish(proc)
            raise AssertionError(f"process ended first ({ran.code}): {ran.err[-2000:]}")
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        time.sleep(0.05)


def survivors(proc: subprocess.Popen[str]) -> bool:
    """Whether anything the process started (its session's group) still runs."""
    try:
        os.killpg(proc.pid, 0)
    except ProcessLookupError:
        return False
    return True


def query(db: Path, sql: str) -> list[tuple[Any, ...]]:
    """Rows read through a separate connection, as another process would see them."""
    if not db.exists():
        return []
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def summaries(db: Path) -> int:
    """How many summaries the store holds (0 before it exists or is migrated)."""
    try:
        rows = query(db, "SELECT count(*) FROM summaries")
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return 0
        raise
    return int(rows[0][0]) if rows else 0


# ---------------------------------------------------------------- a model server process


@dataclass
class ModelServer:
    """A model server running in a child process."""

    url: str
    proc: subprocess.Popen[str]
    log: Path

    def requests(self) -> list[str]:
        """The task of each request it read, in order (written before any answer)."""
        return [task for task, _ in self.asked()]

    def asked(self) -> list[tuple[str, str]]:
        """(task, the ARTICLE-n mark the request carried or "-") of each request, in order."""
        if not self.log.exists():
            return []
        lines = self.log.read_text(encoding="utf-8").splitlines()
        return [(line.split()[0], line.split()[1]) for line in lines if line.strip()]


@contextmanager
def model_server(
    log: Path, *, die_on_brief: int = 0, hang: bool = False, delay: float = 0.0
) -> Iterator[ModelServer]:
    """An OpenAI-compatible server in another process answering like tests/servers.stub_server.

    die_on_brief=N: the process exits (no answer, sockets closed by the kernel) when it reads
    the N-th brief request, i.e. while a client with -j 1 waits on article N. hang: it reads
    every request and never answers. delay: each answer takes this many seconds (a stand-in
    for a model's fixed latency). Each request's task, and the ARTICLE-n mark its article
    carries if any, is logged to `log` first.
    """
    args = [sys.executable, "-m", "tests.procs", str(log), str(die_on_brief), str(int(hang))]
    args.append(str(delay))
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        port = int(proc.stdout.readline())
        yield ModelServer(f"http://127.0.0.1:{port}/v1", proc, log)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        if proc.stdout is not None:
            proc.stdout.close()


def _serve(log: Path, die_on_brief: int, hang: bool, delay: float) -> None:
    import re
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from tests.servers import FAKE_ANSWERS, SCHEMA_TASKS, _task_of, completion, stub_answer

    answers = {t: (FAKE_ANSWERS / f"{t}.json").read_text("utf-8") for t in SCHEMA_TASKS.values()}
    briefs = 0

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            nonlocal briefs
            length = int(self.headers.get("content-length", 0))
            body = json.loads(self.rfile.read(length) or b"{}")
            task = _task_of(body)
            mark = re.search(r"ARTICLE-\d+", json.dumps(body, ensure_ascii=False))
            with log.open("a", encoding="utf-8") as file:
                file.write(f"{task} {mark.group(0) if mark else '-'}\n")
            briefs += task == "brief"
            if die_on_brief and briefs == die_on_brief:
                os._exit(1)  # mid-call: the client is waiting for this answer
            if hang:
                time.sleep(3600)
            time.sleep(delay)
            data = json.dumps(completion(stub_answer(task, body, answers))).encode()
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    _serve(Path(sys.argv[1]), int(sys.argv[2]), bool(int(sys.argv[3])), float(sys.argv[4]))
