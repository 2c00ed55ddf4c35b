"""The embedded model's whole cost, per article and per summary kind, against the hardware's limit.

For each article (default: the five seeds and the 15 KB evaluation article) it runs the
pipeline with all three summaries on the embedded model, and reports
wall seconds, prompt / cached / generated tokens, generation tokens per second and attempts
per summary kind, and peak RSS (the llama.cpp server runs in this process).

(out/s: generated tokens per second of the call, reading included.) The brief's seconds are
the run's first call, on a cold cache: what the brief alone costs; all/brief compares them.

The limit, measured on the same server in the same run: the time llama.cpp itself needs
to read just the article's tokens (no prompt cache) plus the time to write as many tokens
as the summaries' model-written content holds (the summaries as JSON, without the evidence
quotes and offsets that code copies from the article). Ratio = pipeline seconds / limit.

    .venv/bin/python bench/pipeline.py [ARTICLE...] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.articles import read_article  # noqa: E402
from summarizer.config import load_settings  # noqa: E402
from summarizer.errors import SummarizerError  # noqa: E402
from summarizer.llm.embedded import EmbeddedProvider  # noqa: E402
from summarizer.llm.model_files import MODELS  # noqa: E402
from summarizer.pipeline import Summarizer  # noqa: E402
from summarizer.prepare import prepare  # noqa: E402
from summarizer.prompts import load_prompts  # noqa: E402
from summarizer.schemas import Summary  # noqa: E402

DEFAULT_ARTICLES = [
    *sorted(str(p) for p in (ROOT / "seeds").glob("*.txt")),
    str(ROOT / "evals" / "fixtures" / "long_ru_review" / "article.txt"),
]
CODE_WRITTEN = {"evidence", "evidence_start", "evidence_end", "corrections", "summary_by"}


def written_content(summary: Summary) -> str:
    """The summaries as compact JSON, minus what code (not the model) wrote."""

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in CODE_WRITTEN}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    data = json.loads(summary.to_json())
    content = {k: strip(data.get(k)) for k in ("brief", "arms_transfers", "relations")}
    return json.dumps(content, ensure_ascii=False, separators=(",", ":"))


def peak_rss_mb() -> float:
    """Peak resident memory of this process (model and server included), MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Limit:
    """Raw llama.cpp timings on the running server: no prompt template, no schema, no cache."""

    def __init__(self, root: str) -> None:
        self.client = httpx.Client(base_url=root, timeout=1800)

    def tokenize(self, text: str) -> list[int]:
        reply = self.client.post("/tokenize", json={"content": text})
        reply.raise_for_status()
        return list(reply.json()["tokens"])

    def completion(self, prompt: list[int], n_predict: int, *, cache: bool) -> dict[str, Any]:
        body = {
            "prompt": prompt,
            "n_predict": n_predict,
            "ignore_eos": True,
            "cache_prompt": cache,
            "temperature": 0,
        }
        reply = self.client.post("/completion", json=body)
        reply.raise_for_status()
        return dict(reply.json()["timings"])

    def measure(self, article_text: str, output_text: str) -> dict[str, Any]:
        article = self.tokenize(article_text)
        output = len(self.tokenize(output_text))
        read = self.completion(article, 1, cache=False)
        # Writing measured after a short prompt: generation at a shallower depth is a little
        # faster, so this limit is, if anything, too strict.
        write = self.completion(article[:32], output, cache=False)
        seconds = (read["prompt_ms"] + write["predicted_ms"]) / 1000
        return {
            "article_tokens": len(article),
            "read_seconds": round(read["prompt_ms"] / 1000, 2),
            "read_tokens_per_s": round(read["prompt_per_second"], 1),
            "output_tokens": output,
            "write_seconds": round(write["predicted_ms"] / 1000, 2),
            "write_tokens_per_s": round(write["predicted_per_second"], 1),
            "seconds": round(seconds, 2),
        }


def per_kind(summary: Summary) -> dict[str, dict[str, Any]]:
    kinds: dict[str, dict[str, Any]] = {}
    for call in summary.meta.calls:
        k = kinds.setdefault(
            call.task,
            {"calls": 0, "seconds": 0.0, "prompt": 0, "cached": 0, "generated": 0, "attempts": 0},
        )
        k["calls"] += 1
        k["seconds"] = round(k["seconds"] + call.seconds, 2)
        k["prompt"] += call.prompt_tokens
        k["cached"] += call.cached_tokens
        k["generated"] += call.completion_tokens
        k["attempts"] += call.attempts
    for k in kinds.values():
        k["generated_per_s"] = round(k["generated"] / k["seconds"], 1) if k["seconds"] else 0.0
    return kinds


def bench_article(provider: EmbeddedProvider, limit: Limit, path: str) -> dict[str, Any]:
    article = read_article(path)
    prompts = load_prompts()
    started = time.perf_counter()
    summary = Summarizer(provider, prompts).summarize(article)
    seconds = time.perf_counter() - started
    result: dict[str, Any] = {
        "article": Path(path).parent.name if Path(path).name == "article.txt" else Path(path).name,
        "chars": len(article.text),
        "seconds": round(seconds, 1),
        "chunks": summary.meta.chunks,
        "calls": len(summary.meta.calls),
        "calls_without_reask": sum(1 for c in summary.meta.calls if c.attempts == 1),
        "kinds": per_kind(summary),
    }
    # The brief is the run's first call, on a cold cache for this article: it is what the
    # brief alone costs. (A second, brief-only run would read the article from the cache.)
    result["brief_seconds"] = result["kinds"].get("brief", {}).get("seconds", 0.0)
    if result["brief_seconds"]:
        result["all_over_brief"] = round(seconds / result["brief_seconds"], 2)
    result["limit"] = limit.measure(prepare(article.text).text, written_content(summary))
    result["over_limit"] = round(seconds / result["limit"]["seconds"], 2)
    result["peak_rss_mb"] = round(peak_rss_mb())
    return result


def print_table(results: list[dict[str, Any]]) -> None:
    head = (
        f"{'article':<28}{'kind':<11}{'calls':>5}{'sec':>8}{'prompt':>8}{'cached':>8}"
        f"{'gen':>6}{'out/s':>7}{'tries':>6}"
    )
    print(head)
    for r in results:
        for kind, k in r["kinds"].items():
            print(
                f"{r['article'][:27]:<28}{kind:<11}{k['calls']:>5}{k['seconds']:>8.1f}"
                f"{k['prompt']:>8}{k['cached']:>8}{k['generated']:>6}{k['generated_per_s']:>7.1f}"
                f"{k['attempts']:>6}"
            )
    print()
    print(
        f"{'article':<28}{'chars':>7}{'all s':>8}{'brief s':>8}{'all/brief':>10}"
        f"{'limit s':>8}{'(read+write)':>14}{'ratio':>7}{'RSS MB':>8}"
    )
    for r in results:
        lim = r["limit"]
        print(
            f"{r['article'][:27]:<28}{r['chars']:>7}{r['seconds']:>8.1f}"
            f"{r.get('brief_seconds', 0):>8.1f}{r.get('all_over_brief', 0):>10.2f}"
            f"{lim['seconds']:>8.1f}{lim['read_seconds']:>7.1f}+{lim['write_seconds']:<6.1f}"
            f"{r['over_limit']:>7.2f}{r['peak_rss_mb']:>8}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", nargs="*", default=DEFAULT_ARTICLES)
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--model", default="local", choices=sorted(MODELS))
    args = parser.parse_args()
    provider = EmbeddedProvider(MODELS[args.model], load_settings())
    started = time.perf_counter()
    provider.start()
    load_seconds = time.perf_counter() - started
    results: list[dict[str, Any]] = []
    failures: list[dict[str, str]] = []
    try:
        limit = Limit(provider.root_url)
        for path in args.articles:
            try:
                results.append(bench_article(provider, limit, path))
            except SummarizerError as exc:  # one bad article must not lose the others
                print(f"error: {path}: {exc}", file=sys.stderr)
                failures.append({"article": path, "error": str(exc)})
    finally:
        provider.close()
    calls = sum(r["calls"] for r in results)
    clean = sum(r["calls_without_reask"] for r in results)
    report = {
        "model": args.model,
        "load_seconds": round(load_seconds, 1),
        "articles": results,
        "failures": failures,
        "calls_without_reask": f"{clean}/{calls}",
        "share_without_reask": round(clean / calls, 3) if calls else None,
        "worst_over_limit": max(r["over_limit"] for r in results),
        "peak_rss_mb": round(peak_rss_mb()),
    }
    print_table(results)
    sys.stdout.flush()
    print(
        f"\nload {report['load_seconds']} s; calls without a re-ask {clean}/{calls} "
        f"({report['share_without_reask']:.0%}); worst pipeline/limit "
        f"{report['worst_over_limit']}x; peak RSS {report['peak_rss_mb']} MB"
    )
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
