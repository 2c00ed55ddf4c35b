"""Shared test fixtures: an isolated environment, the fake model and an in-process CLI runner."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from summarizer.llm import registry
from tests.fakes import FakeProvider
from tests.pg import pg_server, pg_url  # noqa: F401  (fixtures: a real PostgreSQL server)

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """No test reads the developer's config, keys or model settings."""
    for var in list(__import__("os").environ):
        if var.startswith("SUMMARIZER_") or var.endswith("_API_KEY"):
            monkeypatch.delenv(var, raising=False)
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("SUMMARIZER_CONFIG", str(home / "config.toml"))
    monkeypatch.setenv("SUMMARIZER_RETRY_WAIT", "0.01")


@pytest.fixture
def fake() -> Iterator[FakeProvider]:
    """The fake model, registered as --model fake."""
    provider = FakeProvider()
    registry.register("fake", lambda name, settings: provider)
    yield provider
    registry.unregister("fake")


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """Run `summarizer ARGS` in-process through the real entry point (the error boundary)."""
    from summarizer.cli import main

    def run(*args: str, stdin: bytes | None = None) -> CliResult:
        monkeypatch.setattr(sys, "argv", ["summarizer", *args])
        if stdin is not None:
            import io

            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
        code = 0
        try:
            main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run
