"""The codebase's own checks, run as tests so the one test command enforces them."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def run(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize(
    "cmd",
    [
        ("ruff", "check", "."),
        ("ruff", "format", "--check", "."),
        ("mypy",),
        ("lint-imports",),
    ],
    ids=["ruff", "format", "mypy", "layers"],
)
def test_tool_passes(cmd: tuple[str, ...]) -> None:
    result = run(str(BIN / cmd[0]), *cmd[1:])
    assert result.returncode == 0, result.stdout + result.stderr


def test_cli_import_pulls_in_no_model_stack() -> None:
    """--help stays fast because the heavy libraries load only when a command needs them."""
    code = (
        "import sys; import summarizer.cli; "
        "print(sorted(m for m in ('litellm', 'openai', 'instructor', 'xllamacpp', 'trafilatura',"
        " 'summarizer.pipeline', 'summarizer.config') if m in sys.modules))"
    )
    assert run(sys.executable, "-c", code).stdout.strip() == "[]"


def test_every_command_has_help() -> None:
    for args in (["--help"], ["brief", "--help"], ["model", "--help"], ["model", "list", "--help"]):
        result = run(str(BIN / "summarizer"), *args)
        assert result.returncode == 0, result.stderr
        assert "Usage:" in result.stdout


def test_readme_commands_are_the_ones_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", readme, flags=re.S)
    setup, tests = blocks[0].strip(), blocks[1].strip()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for step in setup.split(" && "):
        assert step in ci, step
    assert tests in ci
