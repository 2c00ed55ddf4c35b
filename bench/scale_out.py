"""Scale-out: 1, 2 and 4 `summarizer ingest` processes sharing one PostgreSQL store.

A real PostgreSQL server (tests/pg.py: initdb + pg_ctl on a loopback port, a fresh database
per run) and a stand-in model server in its own process (tests/procs.py `model_server`: it
answers every task like a hosted model, after a fixed delay, many requests at once). The same
articles (a seed with a numbered last line, so each is distinct) are ingested by 1, 2, then 4
worker processes started together, each `-j 1`; the script times from the start of the
workers to the end of the last one, checks that every article was summarised exactly once,
and prints articles per minute and the ratio to one worker.

    .venv/bin/python bench/scale_out.py [--articles 48] [--delay 2.0] [--workers 1,2,4]

Two timings: start to end (process start-up inside: Python, then litellm and instructor
when the first article needs the model, several seconds when four processes start at once on
two cores), and the steady state: the middle 80% of the articles, from the 10th to the 90th
percentile of the times they were stored (the store's clock), which is what workers that
run all day deliver and what a plan of articles per day needs.

The stand-in's delay stands for the model server's latency: the time a worker waits, not CPU
it spends; with the embedded model on the same 2 cores, workers would compete for the CPU
instead (see the README's "Scaling out").
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from summarizer.store import Store  # noqa: E402
from tests.pg import running_server  # noqa: E402
from tests.procs import REMOTE, cli_env, model_server, start  # noqa: E402

SEED = ROOT / "seeds" / "004_d87697af8abb7f05.txt"


def make_articles(folder: Path, count: int) -> None:
    """`count` distinct articles, one file each."""
    folder.mkdir(parents=True)
    text = SEED.read_text(encoding="utf-8")
    for n in range(count):
        (folder / f"a{n:04d}.txt").write_text(f"{text}\nMeldung Nummer {n}.\n", "utf-8")


def one_run(base_url: str, model_url: str, folder: Path, workers: int, home: Path) -> dict:
    """Ingest the folder with `workers` processes into a fresh database; timings and checks."""
    name = f"bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{base_url}/postgres", autocommit=True) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    url = f"{base_url}/{name}"
    Store(url).close()  # migrated first, so every worker starts on a ready store
    args = ["ingest", "--db", url, *REMOTE, "--api-base", model_url, "-j", "1", str(folder)]
    started = time.perf_counter()
    procs = [start(args, cli_env(home)) for _ in range(workers)]
    outputs = [p.communicate() for p in procs]
    seconds = time.perf_counter() - started
    codes = [p.returncode for p in procs]
    with psycopg.connect(url, autocommit=True) as db:
        summaries, distinct = db.execute(
            "SELECT count(*), count(DISTINCT article_id) FROM summaries"
        ).fetchone()
        per_worker = [
            n
            for (n,) in db.execute(
                "SELECT count(s.id) FROM runs r LEFT JOIN summaries s ON s.run_id = r.id "
                "GROUP BY r.id ORDER BY r.id"
            ).fetchall()
        ]
        claims = db.execute("SELECT max(claims) FROM jobs").fetchone()[0]
        # Steady state: the middle 80% of the articles, from the 10th to the 90th percentile
        # of the times they were stored (the store's clock), without start-up and tail.
        stored = sorted(t for (t,) in db.execute("SELECT finished_at FROM jobs").fetchall())
    low, high = round(0.1 * (len(stored) - 1)), round(0.9 * (len(stored) - 1))
    working, middle = stored[high] - stored[low], high - low
    if codes != [0] * workers or summaries != distinct:
        raise SystemExit(f"{workers} workers: exit codes {codes}; {outputs[0][1][-500:]}")
    return {
        "workers": workers,
        "articles": summaries,
        "seconds": round(seconds, 1),
        "per_minute": round(60 * summaries / seconds, 1),
        "working_seconds": round(working, 1),
        "working_per_minute": round(60 * middle / working, 1),
        "per_worker": per_worker,
        "max_claims": claims,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=48)
    parser.add_argument("--delay", type=float, default=2.0, help="stand-in latency, seconds")
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    counts = [int(n) for n in args.workers.split(",")]
    with tempfile.TemporaryDirectory() as tmp, running_server() as server:
        folder = Path(tmp) / "articles"
        make_articles(folder, args.articles)
        with model_server(Path(tmp) / "model.log", delay=args.delay) as model:
            results = [one_run(server.url, model.url, folder, n, Path(tmp)) for n in counts]
            requests = len(model.requests())
    base, steady = results[0]["per_minute"], results[0]["working_per_minute"]
    print(f"{args.articles} articles, stand-in latency {args.delay} s, PostgreSQL store")
    print("          ---- start to end ----   -- middle 80% of the articles --")
    print(
        f"{'workers':>7} {'seconds':>8} {'art/min':>8} {'ratio':>6}   "
        f"{'seconds':>8} {'art/min':>8} {'ratio':>6}  summaries per worker"
    )
    for r in results:
        r["ratio"] = round(r["per_minute"] / base, 2)
        r["working_ratio"] = round(r["working_per_minute"] / steady, 2)
        print(
            f"{r['workers']:>7} {r['seconds']:>8.1f} {r['per_minute']:>8.1f} "
            f"{r['ratio']:>5.2f}x   {r['working_seconds']:>8.1f} "
            f"{r['working_per_minute']:>8.1f} {r['working_ratio']:>5.2f}x  {r['per_worker']}"
        )
    print(
        f"model requests: {requests} for {args.articles * len(counts)} article summaries; "
        f"most claims of one article: {max(r['max_claims'] for r in results)}"
    )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
