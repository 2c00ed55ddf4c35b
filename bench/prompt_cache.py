"""How much the shared article prefix saves: three tasks with and without llama.cpp's prompt cache.

Runs the embedded model on one article (default: seed 001, ~3 KB Turkish):
  1. the brief alone;
  2. all three summaries, prompt cache on (the article is read once);
  3. all three summaries, prompt cache off (the article is read by every call).
Prints wall seconds, prompt tokens read and cached per run, and the ratios; --json for machines.

    .venv/bin/python bench/prompt_cache.py [ARTICLE] [--json]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from summarizer.articles import read_article
from summarizer.config import load_settings
from summarizer.llm.embedded import EmbeddedProvider
from summarizer.llm.model_files import MODELS
from summarizer.pipeline import Options, Summarizer
from summarizer.prompts import load_prompts

ROOT = Path(__file__).resolve().parent.parent


def run(provider: EmbeddedProvider, path: str, tasks: tuple[str, ...], cache: bool) -> dict:
    provider.cache_prompt = cache
    article = read_article(path)
    started = time.perf_counter()
    summary = Summarizer(provider, load_prompts(), Options(tasks=tasks)).summarize(article)
    return {
        "tasks": list(tasks),
        "cache": cache,
        "seconds": round(time.perf_counter() - started, 1),
        "prompt_tokens": summary.meta.tokens["prompt"],
        "cached_tokens": summary.meta.tokens["cached"],
        "completion_tokens": summary.meta.tokens["completion"],
        "calls": [c.model_dump() for c in summary.meta.calls],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("article", nargs="?", default=str(ROOT / "seeds/001_915c504d3d01d421.txt"))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    provider = EmbeddedProvider(MODELS["local"], load_settings())
    provider.start()
    try:
        results = [
            run(provider, args.article, ("brief",), True),
            run(provider, args.article, ("brief", "transfers", "relations"), True),
            run(provider, args.article, ("brief", "transfers", "relations"), False),
        ]
    finally:
        provider.close()
    brief, cached, uncached = results
    report = {
        "article": args.article,
        "runs": results,
        "all_three_over_brief": round(cached["seconds"] / brief["seconds"], 2),
        "cache_saving_seconds": round(uncached["seconds"] - cached["seconds"], 1),
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return
    for r in results:
        print(
            f"{'+'.join(r['tasks']):<26} cache={'on ' if r['cache'] else 'off'} "
            f"{r['seconds']:>6.1f} s  prompt {r['prompt_tokens']:>5}  "
            f"cached {r['cached_tokens']:>5}  output {r['completion_tokens']:>4}"
        )
    print(f"all three / brief alone: {report['all_three_over_brief']}x")
    print(f"prompt cache saves {report['cache_saving_seconds']} s on this article")


if __name__ == "__main__":
    main()
