"""The embedded server's real wire format, replayed from cassettes recorded against it.

Re-record (runs the embedded model): `summarizer eval --record --cassettes evals/cassettes`
for the summaries, and SUMMARIZER_RECORD=all .venv/bin/python -m pytest -m cassette for the rest.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from summarizer.articles import read_article
from summarizer.config import load_settings
from summarizer.errors import OutputTruncatedError
from summarizer.evaluation.cassettes import per_fixture, recorder
from summarizer.llm import Request, get_provider
from summarizer.llm.embedded import ServerProvider
from summarizer.pipeline import Summarizer
from summarizer.prepare import detect_language
from summarizer.prompts import load_prompts
from summarizer.schemas import Brief
from tests.conftest import ROOT, SEEDS

pytestmark = pytest.mark.cassette

CASSETTES = Path(__file__).parent / "cassettes"
EVAL_CASSETTES = ROOT / "evals" / "cassettes"  # recorded by `summarizer eval --record`
RECORD = os.environ.get("SUMMARIZER_RECORD", "none")


def cassette(name: str) -> Any:
    """A cassette to replay, or to record afresh (old interactions dropped) when recording."""
    if RECORD != "none":
        (CASSETTES / name).unlink(missing_ok=True)
    return recorder(CASSETTES, record=RECORD != "none").use_cassette(name)


@pytest.fixture(scope="module")
def provider() -> Iterator[ServerProvider]:
    """The real embedded server when recording; a dead address when replaying."""
    settings = load_settings(model="local", retries=0)
    if RECORD == "none":
        server = ServerProvider(
            "local", settings, base_url="http://127.0.0.1:9/v1", compact_json=True
        )
    else:
        server = get_provider(settings)  # type: ignore[assignment]
        server._ensure_client()  # start it outside the cassette: /health is not recorded
    yield server
    server.close()


def test_summaries_of_a_turkish_seed_over_the_wire(provider: ServerProvider) -> None:
    path = SEEDS / "001_915c504d3d01d421.txt"
    article = read_article(str(path))
    # The same requests as the evaluation's seed_001 fixture (a byte copy of this seed).
    with per_fixture(EVAL_CASSETTES, record=False)("seed_001"):
        summary = Summarizer(provider, load_prompts()).summarize(article)
    brief = summary.brief
    assert brief is not None
    # What the grounded brief guarantees: verified English lines about this article (the
    # recorded model may fail to translate a sentence; that line is dropped, never guessed).
    text = " ".join([brief.headline, brief.summary, *brief.key_points])
    for name in ("Belarus", "Russia"):
        assert name in text, name
    assert all(p.evidence in article.text for p in brief.points)
    assert detect_language(brief.summary) == "en"
    transfers = summary.arms_transfers or []
    deployed = [t for t in transfers if t.status == "deployed"]
    assert deployed, transfers
    for t in deployed:
        assert (t.supplier.code, t.recipient.code) == ("RU", "BY")
    assert {s.designation for t in deployed for s in t.systems} >= {"S-400", "Iskander"}
    source = path.read_text("utf-8")
    grounded = [*transfers, *(e for r in summary.relations or [] for e in r.events)]
    for item in grounded:
        assert source[item.evidence_start : item.evidence_end] == item.evidence
    assert next([c.code for c in r.countries] for r in summary.relations or []) == ["BY", "RU"]
    assert summary.source.language == "tr"
    assert summary.meta.model == "local"
    assert [c.task for c in summary.meta.calls] == ["brief", "transfers"]  # relations: code
    assert summary.meta.tokens["cached"] > 0  # the system prompt was read once for both calls


def test_answer_cut_off_by_max_tokens_is_reported(provider: ServerProvider) -> None:
    request = Request(
        task="brief",
        messages=[
            {"role": "user", "content": "Summarise: Russia delivered S-400 systems to Belarus."}
        ],
        response_model=Brief,
        max_tokens=12,
    )
    with cassette("truncated.yaml"), pytest.raises(OutputTruncatedError):
        provider.generate(request)
