"""`summarizer serve` on a store of 1,000 articles: page and API response times.

The store is filled without a model: the digest fixtures (model output of the replay run, with
their articles) are copied with other countries, systems, statuses and dates, each copy's text
made distinct by a last line (so every evidence offset still points at its quote). The real app
(create_app) then serves on a loopback port, and each URL is fetched N times over one keep-alive
connection after one warm-up request; the table gives p50, p95 and max in milliseconds, and the
size of the answer. The first request of all is timed apart: it reads and parses the whole store
(the desk keeps it until the store changes).

    .venv/bin/python bench/serve.py [--articles 1000] [--requests 50] [--json OUT]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from summarizer.articles import Article  # noqa: E402
from summarizer.schemas import CountryRef, Status, Summary  # noqa: E402
from summarizer.store import Store  # noqa: E402

DIGEST = ROOT / "tests" / "data" / "digest"
FIXTURES = ROOT / "evals" / "fixtures"
COUNTRIES = [
    ("RU", "Russia"), ("TR", "Türkiye"), ("US", "United States"), ("FR", "France"),
    ("DE", "Germany"), ("IN", "India"), ("CN", "China"), ("IL", "Israel"), ("UA", "Ukraine"),
    ("BY", "Belarus"), ("PL", "Poland"), ("ID", "Indonesia"), ("EG", "Egypt"), ("IR", "Iran"),
    ("PK", "Pakistan"), ("AZ", "Azerbaijan"), ("AM", "Armenia"), ("GR", "Greece"),
    ("KR", "South Korea"), ("SA", "Saudi Arabia"), ("AE", "United Arab Emirates"),
    ("BR", "Brazil"), ("AR", "Argentina"), ("ES", "Spain"), ("IT", "Italy"),
    ("GB", "United Kingdom"),
]  # fmt: skip
SYSTEMS = [
    "S-400", "Su-35", "Rafale", "F-16", "F-35", "KAAN", "Bayraktar TB2", "Patriot", "NASAMS",
    "IRIS-T SLM", "Leopard 2", "K9 Thunder", "CAESAR", "JF-17", "Iskander", "Spike", "HIMARS",
    "AH-64E Apache", "Gripen", "Atmaca",
]  # fmt: skip
STATUSES = [s.value for s in Status]


def _bases() -> list[tuple[str, Summary]]:
    items = json.loads((DIGEST / "items.json").read_text(encoding="utf-8"))["digest"]
    out = []
    for item in items:
        name = item["summary"].removesuffix(".json")
        text = (FIXTURES / name / "article.txt").read_text(encoding="utf-8")
        out.append((text, Summary.model_validate_json((DIGEST / item["summary"]).read_text())))
    return out


def _vary(summary: Summary, rng: random.Random, n: int) -> Summary:
    """The summary with other countries, systems, statuses and dates (same evidence)."""
    data: dict[str, Any] = json.loads(summary.to_json())
    day = rng.randrange(0, 3 * 365)
    published = time.strftime("%Y-%m-%d", time.gmtime(1_704_067_200 + day * 86_400))
    data["source"]["published"] = published
    data["source"]["path"] = f"bench/{n:04d}.txt"

    def country() -> dict[str, str]:
        code, name = rng.choice(COUNTRIES[:12] if rng.random() < 0.7 else COUNTRIES)
        return CountryRef(code=code, name=name).model_dump()

    for t in data.get("arms_transfers") or []:
        t["supplier"], t["recipient"] = country(), country()
        while t["recipient"]["code"] == t["supplier"]["code"]:
            t["recipient"] = country()
        for s in t["systems"]:
            s["designation"] = rng.choice(SYSTEMS)
        t["status"] = rng.choice(STATUSES)
    for rel in data.get("relations") or []:
        a = country()
        b = country()
        while b["code"] == a["code"]:
            b = country()
        rel["countries"] = [a, b]
        for e in rel["events"]:
            if e.get("date"):
                e["date"] = f"{published[:7]}-{rng.randrange(1, 28):02d}"
    return Summary.model_validate(data)


def fill(db: Path, count: int, seed: int = 14) -> list[int]:
    """`count` articles with summaries; their ids."""
    rng = random.Random(seed)
    bases = _bases()
    ids = []
    with Store(db) as store:
        for n in range(count):
            text, summary = bases[n % len(bases)]
            text = f"{text}\nRef. {n}.\n"
            data = text.encode("utf-8")
            article = Article(
                path=f"bench/{n:04d}.txt",
                text=text,
                sha256=hashlib.sha256(data).hexdigest(),
                encoding="utf-8",
                size=len(data),
            )
            url = f"https://news.example.org/{n:04d}" if n % 3 else None
            article_id, _ = store.add_article(article, source=article.path, url=url)
            store.save_summary(article_id, _vary(summary, rng, n), model="bench", run_id=None)
            ids.append(article_id)
    return ids


def timed(client: httpx.Client, url: str, requests: int) -> dict[str, Any]:
    client.get(url).raise_for_status()  # warm-up
    times = []
    size = 0
    for _ in range(requests):
        start = time.perf_counter()
        answer = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        answer.raise_for_status()
        size = len(answer.content)
    times.sort()
    return {
        "url": url,
        "p50": statistics.median(times),
        "p95": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
        "max": times[-1],
        "bytes": size,
    }


def urls(ids: list[int], client: httpx.Client) -> list[tuple[str, str]]:
    pair = client.get("/api/pairs").json()[0]
    a, b = pair["a"], pair["b"]
    middle = ids[len(ids) // 2]
    return [
        ("page", "/"),
        ("page", "/?q=S-400"),
        ("page", "/?language=tr&country=RU&since=2025-01-01"),
        ("page", f"/articles/{middle}"),
        ("page", "/register"),
        ("page", "/register?supplier=RU&status=delivered"),
        ("page", "/flows"),
        ("page", f"/pairs/{a}-{b}"),
        ("page", "/pairs"),
        ("api", "/api/articles?limit=50"),
        ("api", f"/api/articles/{middle}"),
        ("api", "/api/transfers?supplier=RU"),
        ("api", "/api/transfers.csv"),
        ("api", "/api/register"),
        ("api", "/api/flows"),
        ("api", f"/api/relations?a={a}&b={b}"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--json", type=Path, help="write the results here too")
    args = parser.parse_args()

    from summarizer.web.app import create_app, running

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "store.db"
        start = time.perf_counter()
        ids = fill(db, args.articles)
        filled = time.perf_counter() - start
        start = time.perf_counter()
        app = create_app(db)
        made = time.perf_counter() - start
        with running(app) as base, httpx.Client(base_url=base, timeout=60) as client:
            start = time.perf_counter()
            client.get("/").raise_for_status()
            cold = (time.perf_counter() - start) * 1000
            rows = [
                {"kind": kind, **timed(client, url, args.requests)}
                for kind, url in urls(ids, client)
            ]
    size = sum(1 for _ in ids)
    print(f"store: {size} articles, filled in {filled:.1f} s; create_app {made * 1000:.0f} ms; "
          f"first page (reads and parses the store) {cold:.0f} ms")  # fmt: skip
    print(f"{args.requests} requests per URL after one warm-up, one keep-alive connection\n")
    print(f"{'':5} {'URL':52} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'KB':>7}")
    for r in rows:
        print(
            f"{r['kind']:5} {r['url'][:52]:52} {r['p50']:8.1f} {r['p95']:8.1f} {r['max']:8.1f} "
            f"{r['bytes'] / 1024:7.1f}"
        )
    if args.json:
        args.json.write_text(
            json.dumps(
                {"articles": size, "fill_s": filled, "cold_ms": cold, "rows": rows}, indent=2
            )
        )


if __name__ == "__main__":
    main()
