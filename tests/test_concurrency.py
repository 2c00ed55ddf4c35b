"""Remote models: articles summarised concurrently, bounded, 429s backed off, same results."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from summarizer.pipeline import ordered_map
from summarizer.store import Store
from tests.conftest import ROOT
from tests.servers import stub_server

FIXTURES = sorted((ROOT / "evals" / "fixtures").glob("*/article.txt"))


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for path in FIXTURES[:12]:
        shutil.copy(path, folder / f"{path.parent.name}.txt")
    return folder


def contract(folder: Path) -> dict[str, dict]:
    """Each output without meta: timings, and attempts (which 429s land on), vary by run."""
    result = {}
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        meta = data.pop("meta")
        data["tasks"] = [c["task"] for c in meta["calls"]]
        data["warnings"] = meta["warnings"]
        result[path.name] = data
    return result


def summarize(cli, url: str, articles: Path, out: Path, jobs: int):
    return cli(
        "summarize", "--model", "openai/stub", "--api-base", url, "--api-key", "sk-test-0000",
        "-j", str(jobs), "--out", str(out), str(articles),
    )  # fmt: skip


def test_concurrent_batch_matches_the_serial_one(cli, articles: Path, tmp_path: Path) -> None:
    with stub_server(delay=(0.02, 0.08), rate_limit_every=5) as (url, stats):
        serial = summarize(cli, url, articles, tmp_path / "serial", 1)
        serial_peak = stats.max_in_flight
        stats.max_in_flight = 0
        concurrent = summarize(cli, url, articles, tmp_path / "concurrent", 4)
    assert serial.code == 0, serial.err
    assert concurrent.code == 0, concurrent.err
    assert serial_peak == 1
    assert 2 <= stats.max_in_flight <= 4  # bounded, and really concurrent
    assert stats.rate_limited > 0  # 429s happened and were retried
    outputs = contract(tmp_path / "concurrent")
    assert len(outputs) == 12
    assert outputs == contract(tmp_path / "serial")
    # the table lists the articles in the order given, whatever order they finished in
    names = [line.split()[1] for line in concurrent.out.splitlines() if ".txt" in line]
    assert names == sorted(names)


def test_concurrent_ingest_stores_every_article_once(cli, articles: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    shutil.copy(articles / sorted(p.name for p in articles.iterdir())[0], articles / "copy.txt")
    with stub_server(delay=(0.02, 0.05)) as (url, stats):
        result = cli(
            "ingest", "--model", "openai/stub", "--api-base", url, "--api-key", "sk-test-0000",
            "-j", "4", "--db", str(db), str(articles),
        )  # fmt: skip
    assert result.code == 0, result.err
    assert (
        "13 item(s) — 12 summarised, 0 already summarised, 1 duplicate(s), 0 failed" in result.out
    )
    assert stats.max_in_flight >= 2
    with Store(db) as store:
        assert store.counts()["summaries"] == 12


def test_ordered_map_keeps_order_and_raises_in_place() -> None:
    import time

    def slow_square(n: int) -> int:
        time.sleep(0.01 * (5 - n % 5))
        if n == 7:
            raise ValueError("seven")
        return n * n

    assert list(ordered_map(slow_square, range(7), 3)) == [n * n for n in range(7)]
    results = []
    with pytest.raises(ValueError, match="seven"):
        for value in ordered_map(slow_square, range(20), 3):
            results.append(value)
    assert results == [n * n for n in range(7)]


def test_each_article_accounts_only_its_own_calls(cli, articles: Path, tmp_path: Path) -> None:
    """Concurrent calls share one client; tokens and attempts must not bleed across articles."""

    def accounts(folder: Path) -> dict[str, list[tuple]]:
        result = {}
        for path in sorted(folder.glob("*.json")):
            meta = json.loads(path.read_text(encoding="utf-8"))["meta"]
            result[path.name] = [
                (c["task"], c["attempts"], c["prompt_tokens"], c["completion_tokens"])
                for c in meta["calls"]
            ]
        return result

    with stub_server(delay=(0.02, 0.08)) as (url, _):
        summarize(cli, url, articles, tmp_path / "serial", 1)
        summarize(cli, url, articles, tmp_path / "concurrent", 4)
    assert accounts(tmp_path / "concurrent") == accounts(tmp_path / "serial")
