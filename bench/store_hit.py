"""Re-running ingest on unchanged articles: no model call, and how long the store hit takes.

Creates N distinct article files, records a summary for each in a fresh store under the
default model and the current prompt version (as a finished ingest would have), then runs
`summarizer ingest DIR` as a subprocess several times and reports wall seconds per run and
per 100 articles, and that no run summarised anything. Also times `summarizer --help`.

    .venv/bin/python bench/store_hit.py [--articles 100] [--runs 5] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.articles import read_article  # noqa: E402
from summarizer.prompts import load_prompts  # noqa: E402
from summarizer.schemas import Meta, Source, Summary  # noqa: E402
from summarizer.store import Store  # noqa: E402

CLI = str(Path(sys.executable).parent / "summarizer")


def populate(folder: Path, db: Path, count: int) -> None:
    sources = sorted((ROOT / "evals" / "fixtures").glob("*/article.txt"))
    version = load_prompts().version
    with Store(db) as store:
        for n in range(count):
            source = sources[n % len(sources)]
            path = folder / f"{n:03d}.txt"
            path.write_text(source.read_text(encoding="utf-8") + f"\n\nRef. {n}.\n", "utf-8")
            article = read_article(str(path))
            article_id, _ = store.add_article(article, source=str(path.resolve()), url=None)
            summary = Summary(
                source=Source(path=str(path), sha256=article.sha256, language="und"),
                arms_transfers=[],
                relations=[],
                meta=Meta(model="local", prompt_version=version),
            )
            store.save_summary(article_id, summary, model="local", run_id=None)


def timed(args: list[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({done.returncode}): {done.stderr.strip()}")
    return seconds, done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder, db = Path(tmp) / "articles", Path(tmp) / "store.db"
        folder.mkdir()
        populate(folder, db, args.articles)
        env = {**os.environ, "SUMMARIZER_CONFIG": str(Path(tmp) / "none.toml")}
        ingest = [
            timed([CLI, "ingest", "--db", str(db), str(folder)], env) for _ in range(args.runs)
        ]
        helps = [timed([CLI, "--help"], env)[0] for _ in range(args.runs)]
    outputs = {out for _, out in ingest}
    seconds = [s for s, _ in ingest]
    report = {
        "articles": args.articles,
        "ingest_seconds": [round(s, 3) for s in seconds],
        "ingest_median_seconds": round(statistics.median(seconds), 3),
        "per_100_articles_seconds": round(statistics.median(seconds) * 100 / args.articles, 3),
        "no_model_call": all(" 0 summarised," in out for out in outputs),
        "ingest_output": sorted(outputs),
        "help_seconds": [round(s, 3) for s in helps],
        "help_median_seconds": round(statistics.median(helps), 3),
    }
    print(json.dumps(report, indent=2, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", "utf-8")


if __name__ == "__main__":
    main()
