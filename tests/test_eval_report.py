"""The HTML report: escaped text, highlighted evidence, labelled rows, and a real browser."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from summarizer.evaluation import EvalResult, Prediction, load_fixture, load_predictions, score
from summarizer.evaluation.report import render_report, write_report
from tests.test_eval_metrics import DATA, FIXTURES, summary, transfer

CHROMIUM = Path("/usr/bin/chromium")


def demo_result() -> EvalResult:
    """xss_demo from its saved prediction, plus seed_001 with the direction reversed."""
    xss = load_fixture(DATA / "fixtures" / "xss_demo")
    seed = load_fixture(FIXTURES / "seed_001")
    reversed_ = summary(seed, [transfer(seed, "BY", "RU", ["Iskander"], "deployed")])
    predictions = [
        *load_predictions(DATA / "predictions", [xss]),
        Prediction(id=seed.id, summary=reversed_),
    ]
    return score([xss, seed], predictions, model="synthetic", source="tests")


@pytest.fixture(scope="module")
def html() -> str:
    return render_report(demo_result())


def test_article_text_and_model_output_are_escaped(html: str) -> None:
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html  # from the brief's key points
    assert "Norway to supply NASAMS to &lt;b&gt;Lithuania&lt;/b&gt;" in html
    assert "reader comment &lt;b&gt;speculation&lt;/b&gt;" in html  # from gold.json


def test_every_predicted_evidence_span_is_marked_with_its_record(html: str) -> None:
    marks = re.findall(r'<mark title="([^"]*)"[^>]*>(.*?)</mark>', html, re.S)
    titles = [t for t, _ in marks]
    assert any(
        t.startswith("transfer T1: NO→LT NASAMS (agreed); event E1: NO–LT 2025-03-03 agreement")
        for t in titles
    )
    assert any(t == "transfer T2: US→LT F-35 (proposed)" for t in titles)
    assert any("&lt;script&gt;" in text for _, text in marks)


def test_rows_are_labelled_match_missed_false_and_trap(html: str) -> None:
    seed = html[html.index('<section id="art-seed_001">') :]
    xss = html[
        html.index('<section id="art-xss_demo">') : html.index('<section id="art-seed_001">')
    ]
    assert '<span class="badge missed">missed</span>' in seed
    assert '<span class="badge false">false</span>' in seed  # BY→RU Iskander, no trap covers it
    assert '<span class="badge trap">trap</span>' in xss  # the F-35 from the reader comment
    assert '<tr class="match"><td>G1</td><td>NO → LT</td>' in xss
    assert '<span class="badge match">found</span> NASAMS' in xss


def test_report_needs_nothing_from_outside(html: str) -> None:
    assert not re.search(r"<(link|script|img|iframe)\b", html)
    assert "http://" not in html and "https://" not in html


@pytest.mark.skipif(
    not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed (apt-get install -y chromium)"
)
def test_report_renders_in_headless_chromium(tmp_path: Path) -> None:
    report = write_report(demo_result(), tmp_path / "report.html")
    dom = subprocess.run(
        [
            str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom", report.resolve().as_uri(),
        ],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout  # fmt: skip
    assert 'id="art-xss_demo"' in dom and 'id="art-seed_001"' in dom
    assert "<mark title=" in dom
    assert "<script>alert(1)</script>" not in dom  # still text after the browser parsed it
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom
    shutil.rmtree(tmp_path / "profile", ignore_errors=True)
