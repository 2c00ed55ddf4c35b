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


def _layers() -> list[str]:
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    [contract] = [c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]
    return [name.strip() for layer in contract["layers"] for name in layer.split("|")]


def test_every_module_stands_in_a_layer() -> None:
    """The import layers say what each part of the code is: none is left out of them."""
    package = ROOT / "summarizer"
    parts = {
        f"summarizer.{p.stem}"
        for p in package.iterdir()
        if (p.suffix == ".py" and p.stem not in ("__init__", "__main__"))
        or (p.is_dir() and (p / "__init__.py").is_file())
    }
    assert sorted(parts - set(_layers())) == []


def test_no_module_or_function_is_too_long() -> None:
    """One job per module (data tables apart) and functions a reader takes in at once."""
    import ast

    long_modules, long_functions = [], []
    for path in sorted((ROOT / "summarizer").rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        if len(lines) > 500 and not path.name.endswith("_data.py"):
            long_modules.append(f"{path.relative_to(ROOT)}: {len(lines)}")
        for node in ast.walk(ast.parse("\n".join(lines))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                size = (node.end_lineno or node.lineno) - node.lineno + 1
                if size > 80:
                    long_functions.append(f"{path.relative_to(ROOT)}:{node.name}: {size}")
    assert (long_modules, long_functions) == ([], [])
