"""Remote-provider batches: one article at a time vs N at once, against a loopback stub.

The stub (tests/servers.py `stub_server`) answers like a hosted model: each call takes a
seeded random delay, and every k-th request gets a 429 first. The same articles run twice
through the real pipeline (litellm → instructor → HTTP), serially and concurrently; the
script prints both wall times, the speed-up, the 429s retried, the most requests in flight,
and whether the outputs are identical (meta aside).

    .venv/bin/python bench/concurrency.py [--articles 100] [--jobs 8] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.config import load_settings  # noqa: E402
from summarizer.llm import get_provider  # noqa: E402
from summarizer.pipeline import Summarizer, run_batch  # noqa: E402
from summarizer.prompts import load_prompts  # noqa: E402
from tests.servers import stub_server  # noqa: E402


def make_articles(folder: Path, count: int) -> list[str]:
    """`count` distinct articles: the fixtures and seeds in turn, each with its own last line."""
    sources = sorted((ROOT / "evals" / "fixtures").glob("*/article.txt"))
    sources += sorted((ROOT / "seeds").glob("*.txt"))
    paths = []
    for n in range(count):
        source = sources[n % len(sources)]
        target = (
            folder
            / f"{n:03d}_{source.parent.name if source.name == 'article.txt' else source.stem}.txt"
        )
        target.write_text(source.read_text(encoding="utf-8") + f"\n\nRef. {n}.\n", "utf-8")
        paths.append(str(target))
    return paths


def run(url: str, paths: list[str], jobs: int) -> tuple[float, list[str]]:
    settings = load_settings(model="openai/stub", api_base=url, api_key="sk-bench", retry_wait=0.2)
    provider = get_provider(settings)
    summarizer = Summarizer(provider, load_prompts())
    started = time.perf_counter()
    outputs = []
    for outcome in run_batch(paths, summarizer, concurrency=jobs):
        if outcome.summary is None:
            outputs.append(f"error: {outcome.error}")
            continue
        data = json.loads(outcome.summary.to_json())
        data.pop("meta")
        outputs.append(json.dumps(data, sort_keys=True))
    return time.perf_counter() - started, outputs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=8)
    parser.add_argument("--min-delay", type=float, default=0.3)
    parser.add_argument("--max-delay", type=float, default=0.9)
    parser.add_argument("--rate-limit-every", type=int, default=25)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # retried 429s are expected here
    with tempfile.TemporaryDirectory() as tmp:
        paths = make_articles(Path(tmp), args.articles)
        delay = (args.min_delay, args.max_delay)
        results = {}
        for jobs in (1, args.jobs):
            with stub_server(delay=delay, rate_limit_every=args.rate_limit_every) as (url, stats):
                seconds, outputs = run(url, paths, jobs)
            results[jobs] = {
                "seconds": round(seconds, 1),
                "requests": stats.served,
                "rate_limited": stats.rate_limited,
                "max_in_flight": stats.max_in_flight,
                "errors": sum(o.startswith("error:") for o in outputs),
                "outputs": outputs,
            }
    serial, concurrent = results[1], results[args.jobs]
    report = {
        "articles": args.articles,
        "jobs": args.jobs,
        "delay_s": list(delay),
        "rate_limit_every": args.rate_limit_every,
        "serial": {k: v for k, v in serial.items() if k != "outputs"},
        "concurrent": {k: v for k, v in concurrent.items() if k != "outputs"},
        "speedup": round(serial["seconds"] / concurrent["seconds"], 2),
        "identical_outputs": serial["outputs"] == concurrent["outputs"],
    }
    print(json.dumps(report, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
