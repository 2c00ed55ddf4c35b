"""The CI gate: the evaluation replayed from recorded model answers, held to the thresholds.

Re-record after changing a prompt or schema (runs the embedded model on every fixture):
    summarizer eval --model local --cassettes evals/cassettes --record
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.cassette

CASSETTES = ROOT / "evals" / "cassettes"


def eval_args(out: Path) -> list[str]:
    return [
        "eval",
        "--model",
        "local",
        "--fixtures",
        str(ROOT / "evals" / "fixtures"),
        "--thresholds",
        str(ROOT / "evals" / "thresholds.toml"),
        "--cassettes",
        str(CASSETTES),
        "--out",
        str(out),
    ]


def test_replayed_eval_meets_the_thresholds(cli, tmp_path: Path) -> None:
    result = cli(*eval_args(tmp_path))
    assert result.code == 0, result.err
    metrics = json.loads((tmp_path / "metrics.json").read_text("utf-8"))
    assert metrics["overall"]["counts"]["articles"] == len(
        list((ROOT / "evals" / "fixtures").glob("*/gold.json"))
    )
    assert (tmp_path / "report.html").is_file()


def test_a_broken_prompt_fails_the_gate(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A prompt that no longer asks for transfers: its requests have no recorded answers."""
    from summarizer.prompts import load_prompts

    broken = tmp_path / "prompts"
    shutil.copytree(ROOT / "prompts", broken)
    (broken / "transfers.j2").write_text('Task: answer {"transfers": []}.\n', "utf-8")
    monkeypatch.setenv("SUMMARIZER_PROMPTS_DIR", str(broken))
    load_prompts.cache_clear()
    try:
        result = cli(*eval_args(tmp_path / "out"))
    finally:
        load_prompts.cache_clear()
    assert result.code == 6
    assert "threshold: errors" in result.err
