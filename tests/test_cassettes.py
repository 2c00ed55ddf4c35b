"""Cassettes: recording afresh, replaying, and recording only what is missing."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
import yaml
from vcr.errors import CannotOverwriteExistingCassetteException

from summarizer.evaluation.cassettes import per_fixture
from tests.servers import Reply, chat_server


def ask(url: str, question: str) -> str:
    reply = httpx.post(f"{url}/chat/completions", json={"question": question}, timeout=10)
    return str(reply.json()["choices"][0]["message"]["content"])


def recorded(path: Path) -> list[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [i["request"]["body"] for i in data["interactions"]]


def test_record_missing_keeps_unchanged_answers_and_forgets_unasked_ones(tmp_path: Path) -> None:
    with chat_server([Reply(content="first")]) as (url, script):
        with per_fixture(tmp_path, record=True)("fx"):
            assert ask(url, "a") == "first"
            assert ask(url, "b") == "first"
        assert len(script.requests) == 2
    cassette = tmp_path / "fx.yaml"
    assert len(recorded(cassette)) == 2
    # The prompt of one task changed: "b" is asked no more, "c" is new.
    with chat_server([Reply(content="second")]) as (url, script):
        with per_fixture(tmp_path, record=True, missing=True)("fx"):
            assert ask(url, "a") == "first"  # replayed: the model is not asked again
            assert ask(url, "c") == "second"
        assert script.requests == [{"question": "c"}]
    bodies = recorded(cassette)
    assert len(bodies) == 2
    assert any('"a"' in b for b in bodies) and any('"c"' in b for b in bodies)
    assert not any('"b"' in b for b in bodies)


def test_a_replay_without_a_recording_fails_instead_of_calling_the_model(tmp_path: Path) -> None:
    with chat_server([Reply(content="x")]) as (url, script):
        with per_fixture(tmp_path, record=True)("fx"):
            ask(url, "a")
        replay = per_fixture(tmp_path, record=False)("fx")
        with pytest.raises(CannotOverwriteExistingCassetteException), replay:
            ask(url, "z")
        assert len(script.requests) == 1
