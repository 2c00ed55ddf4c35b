"""A fleet of model servers (`--model fleet`): throughput with one stand-in server vs two.

Each stand-in (tests/servers.py `stub_server` with `slots`) works on one request at a time
for a fixed latency, like a single-slot llama.cpp server; more requests wait their turn.
Two workloads run over one server, then over two (FleetProvider → litellm Router →
instructor → HTTP), with as many threads as the fleet has slots (times --oversubscribe):

- calls: N schema-constrained generate calls (a transfers request), the fleet alone;
- articles: N articles through the real pipeline, which also spends CPU time per article.

The script prints requests/s for each, the ratio two servers / one (the goal is ≥ 1.8x),
and the most requests each server had in flight (never more than its max_concurrency).

    .venv/bin/python bench/router.py [--calls 100] [--articles 20] [--latency 0.2]
                                     [--slots 1] [--oversubscribe 2] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.concurrency import make_articles  # noqa: E402
from summarizer.config import Settings  # noqa: E402
from summarizer.drafts import TransfersDraft  # noqa: E402
from summarizer.llm import Request  # noqa: E402
from summarizer.llm.fleet import FleetProvider, FleetSettings  # noqa: E402
from summarizer.pipeline import Summarizer, run_batch  # noqa: E402
from summarizer.prompts import load_prompts  # noqa: E402
from tests.servers import stub_server  # noqa: E402

# (provider, threads) -> number of items that failed
Workload = Callable[[FleetProvider, int], int]


def calls(count: int) -> Workload:
    """`count` generate calls, `threads` at a time."""
    request = Request(
        task="transfers",
        messages=[{"role": "user", "content": "List the arms transfers."}],
        response_model=TransfersDraft,
        max_tokens=400,
    )

    def run(provider: FleetProvider, threads: int) -> int:
        def one(_: int) -> bool:
            try:
                provider.generate(request)
                return False
            except Exception:
                return True

        with ThreadPoolExecutor(threads) as pool:
            return sum(pool.map(one, range(count)))

    return run


def articles(paths: list[str]) -> Workload:
    """The articles through the pipeline, `threads` at a time."""

    def run(provider: FleetProvider, threads: int) -> int:
        summarizer = Summarizer(provider, load_prompts())
        return sum(o.summary is None for o in run_batch(paths, summarizer, concurrency=threads))

    return run


def measure(workload: Workload, servers: int, args: argparse.Namespace) -> dict[str, Any]:
    """The workload over `servers` stand-ins: wall time, requests, errors, peak in flight."""
    with ExitStack() as stack:
        stubs = [
            stack.enter_context(stub_server(delay=(args.latency, args.latency), slots=args.slots))
            for _ in range(servers)
        ]
        listed = [
            {"api_base": url, "model": "openai/stand-in", "max_concurrency": args.slots}
            for url, _ in stubs
        ]
        fleet = FleetSettings.model_validate({"servers": listed})
        provider = FleetProvider("fleet", Settings(model="fleet", retry_wait=0.2), fleet)
        calls(1)(provider, 1)  # warm up: imports, the Router, the first connection
        for _, stats in stubs:
            stats.served = stats.max_in_flight = 0
        threads = fleet.capacity * args.oversubscribe
        started = time.perf_counter()
        errors = workload(provider, threads)
        seconds = time.perf_counter() - started
        provider.close()
    requests = sum(stats.served for _, stats in stubs)
    return {
        "servers": servers,
        "threads": threads,
        "seconds": round(seconds, 2),
        "requests": requests,
        "req/s": round(requests / seconds, 2),
        "errors": errors,
        "peak": [stats.max_in_flight for _, stats in stubs],
        "split": [stats.served for _, stats in stubs],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=100)
    parser.add_argument("--articles", type=int, default=20)
    parser.add_argument("--latency", type=float, default=0.2, help="seconds per request")
    parser.add_argument("--slots", type=int, default=1, help="requests a server works on at once")
    parser.add_argument(
        "--oversubscribe", type=int, default=2, help="threads per slot (2: what ingest uses)"
    )
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)  # re-asked answers and retries are expected here
    print(
        f"{args.latency} s per request, {args.slots} slot(s) a server, "
        f"{args.oversubscribe} thread(s) a slot"
    )
    header = ("workload", "servers", "threads", "seconds", "requests", "req/s", "errors")
    print("  ".join(f"{h:>8}" for h in header) + "      peak     split")
    report: dict[str, Any] = {"args": {k: str(v) for k, v in vars(args).items()}}
    with tempfile.TemporaryDirectory() as tmp:
        workloads = {
            "calls": calls(args.calls),
            "articles": articles(make_articles(Path(tmp), args.articles)),
        }
        for name, workload in workloads.items():
            one, two = (measure(workload, n, args) for n in (1, 2))
            for row in (one, two):
                cells = [name, *row.values()]
                print("  ".join(f"{c!s:>8}" for c in cells))
            ratio = round(two["req/s"] / one["req/s"], 2)
            print(f"{name}: two servers / one server = {ratio}x requests/s (goal ≥ 1.8x)")
            report[name] = {"one_server": one, "two_servers": two, "ratio": ratio}
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
