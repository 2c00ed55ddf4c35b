"""Generated tokens per article, from the embedded model's recorded answers (no model needed).

Replays `evals/cassettes` (what the 1.5B model really wrote when they were recorded) through
the pipeline and reports, per fixture and per task, the prompt and generated tokens of every
call, and the median generated tokens over the seeds and the fixtures under 4 KB: the cost
the issue budgets (generation is the expensive part on a 2-core CPU).

    .venv/bin/python bench/tokens.py [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.articles import read_article  # noqa: E402
from summarizer.config import load_settings  # noqa: E402
from summarizer.evaluation.cassettes import REPLAY_URL, per_fixture  # noqa: E402
from summarizer.evaluation.gold import load_fixtures  # noqa: E402
from summarizer.llm.embedded import ServerProvider  # noqa: E402
from summarizer.pipeline import Summarizer  # noqa: E402
from summarizer.prompts import load_prompts  # noqa: E402

SMALL = 4096


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixtures", type=Path, default=ROOT / "evals" / "fixtures")
    parser.add_argument("--cassettes", type=Path, default=ROOT / "evals" / "cassettes")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    settings = load_settings(model="local", retries=0)
    provider = ServerProvider("local", settings, base_url=REPLAY_URL, compact_json=True)
    around = per_fixture(args.cassettes, record=False)
    summarizer = Summarizer(provider, load_prompts())
    rows: list[dict[str, Any]] = []
    for fixture in load_fixtures(args.fixtures):
        path = args.fixtures / fixture.id / "article.txt"
        with around(fixture.id):
            summary = summarizer.summarize(read_article(str(path)))
        tasks: dict[str, dict[str, int]] = {}
        for call in summary.meta.calls:
            t = tasks.setdefault(call.task, {"prompt": 0, "generated": 0, "calls": 0})
            t["prompt"] += call.prompt_tokens
            t["generated"] += call.completion_tokens
            t["calls"] += 1
        rows.append(
            {
                "fixture": fixture.id,
                "bytes": path.stat().st_size,
                "generated": summary.meta.tokens.get("completion", 0),
                "prompt": summary.meta.tokens.get("prompt", 0),
                "tasks": tasks,
            }
        )
    print(f"{'fixture':<26}{'bytes':>7}{'prompt':>8}{'gen':>6}  brief/transfers gen")
    for r in rows:
        per = "/".join(
            str(r["tasks"].get(k, {}).get("generated", 0)) for k in ("brief", "transfers")
        )
        print(f"{r['fixture']:<26}{r['bytes']:>7}{r['prompt']:>8}{r['generated']:>6}  {per}")
    small = [r["generated"] for r in rows if r["bytes"] < SMALL]
    report = {
        "articles": rows,
        "small_articles": len(small),
        "median_generated_small": statistics.median(small) if small else None,
        "median_generated_all": statistics.median(r["generated"] for r in rows),
    }
    print(
        f"\nmedian generated tokens: {report['median_generated_small']} over {len(small)} "
        f"articles under {SMALL} bytes; {report['median_generated_all']} over all {len(rows)}"
    )
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
