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


def test_a_posted_seed_is_summarised_by_the_embedded_model_stored_and_shown(
    tmp_path: Path,
) -> None:
    """`summarizer serve`'s POST on the embedded model: the job ends with the summary in the
    store and on the article's page; a second POST of the same text makes no model call."""
    import time

    import httpx

    from summarizer.config import load_settings
    from summarizer.web.app import create_app, running

    text = (SEEDS / "001_915c504d3d01d421.txt").read_text("utf-8")
    app = create_app(tmp_path / "desk.db", settings=load_settings(model="local"))
    with running(app) as url, httpx.Client(base_url=url, timeout=30) as client:
        posted = client.post("/api/articles", json={"text": text})
        assert posted.status_code == 202, posted.text
        job = posted.headers["location"]
        deadline = time.monotonic() + 600
        while (state := client.get(job).json())["status"] in ("queued", "running"):
            assert time.monotonic() < deadline, state
            time.sleep(1)
        assert state["status"] == "done", state
        article = client.get(f"/api/articles/{state['article_id']}").json()
        summary = article["summary"]
        assert summary["meta"]["model"] == "local"
        assert any(t["supplier"]["code"] == "RU" for t in summary["arms_transfers"])
        page = client.get(f"/articles/{state['article_id']}")
        assert page.status_code == 200
        assert summary["brief"]["headline"].split()[0] in page.text
        again = client.post("/api/articles", json={"text": text})
        # Already summarised by this model and prompt version: the stored article, no call.
        assert again.status_code == 200, again.text
        assert again.json()["article_id"] == state["article_id"]
