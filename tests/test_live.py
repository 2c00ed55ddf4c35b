"""The embedded model for real, through the installed command, on a short article."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from summarizer.prepare import detect_language
from tests.conftest import SEEDS

pytestmark = pytest.mark.live

BIN = Path(sys.executable).parent / "summarizer"


def test_brief_of_seed_001_names_the_systems_in_english() -> None:
    result = subprocess.run(
        [str(BIN), "brief", "--json", str(SEEDS / "001_915c504d3d01d421.txt")],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    brief = data["brief"]
    text = " ".join([brief["headline"], brief["summary"], *brief["key_points"]])
    for name in ("Belarus", "Russia", "S-400", "Iskander"):
        assert name in text, (name, text)
    assert detect_language(brief["summary"]) == "en"
    # Every key point carries the sentence it translates, verbatim at its offsets, and no
    # number that sentence lacks.
    article = (SEEDS / "001_915c504d3d01d421.txt").read_text("utf-8")
    assert [p["text"] for p in brief["points"]] == brief["key_points"]
    for point in brief["points"]:
        assert article[point["evidence_start"] : point["evidence_end"]] == point["evidence"]
        for number in re.findall(r"\d+", point["text"]):
            assert number in point["evidence"], (number, point)
    assert data["meta"]["model"] == "local"
    assert data["meta"]["tokens"]["completion"] > 0
    assert result.stderr == ""
