"""Runs the summarizer over the fixtures (or reads saved predictions) and scores the results."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from summarizer.evaluation.gold import Fixture
from summarizer.evaluation.metrics import (
    Aggregate,
    ArticleScore,
    Prediction,
    aggregate,
    by_language,
    score_article,
)
from summarizer.evaluation.predictions import save_predictions

if TYPE_CHECKING:
    from rich.progress import Progress

    from summarizer.config import Settings
    from summarizer.llm.base import Provider
    from summarizer.pipeline import Summarizer

DEFAULT_FIXTURES = Path("evals/fixtures")


class EvalResult(BaseModel):
    """A scored evaluation run: per article, overall and per language; metrics.json holds it."""

    model: str
    fixtures: str
    created: str = Field(default_factory=lambda: dt.datetime.now(dt.UTC).isoformat("T", "seconds"))
    articles: list[ArticleScore]
    overall: Aggregate
    by_language: dict[str, Aggregate]
    # For the report and predictions/: kept out of metrics.json.
    predictions: list[Prediction] = Field(default_factory=list, exclude=True)
    texts: dict[str, str] = Field(default_factory=dict, exclude=True)


def score(
    fixtures: list[Fixture], predictions: list[Prediction], *, model: str, source: str
) -> EvalResult:
    """Score predictions (same order as fixtures) against their gold; no model involved."""
    by_id = {p.id: p for p in predictions}
    scores = [
        score_article(f, by_id.get(f.id) or Prediction(id=f.id, error="no prediction"))
        for f in fixtures
    ]
    return EvalResult(
        model=model,
        fixtures=source,
        articles=scores,
        overall=aggregate(scores),
        by_language=by_language(scores),
        predictions=[by_id[f.id] for f in fixtures if f.id in by_id],
        texts={f.id: f.text for f in fixtures},
    )


@contextmanager
def _progress(enabled: bool) -> Iterator[Progress | None]:
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as progress:
        yield progress


def predict(
    fixtures: list[Fixture],
    summarizer: Summarizer,
    *,
    progress: bool = True,
    around: Callable[[str], AbstractContextManager[Any]] | None = None,
) -> list[Prediction]:
    """Summarise every fixture article; a failing article is recorded and the run goes on."""
    from summarizer.articles import read_article

    out: list[Prediction] = []
    with _progress(progress) as bar:
        task = bar.add_task("eval", total=len(fixtures)) if bar else None
        for fixture in fixtures:
            if bar is not None and task is not None:
                bar.update(task, description=f"eval {fixture.id}")
            try:
                article = read_article(fixture.path, max_bytes=summarizer.options.max_bytes)
                with around(fixture.id) if around else nullcontext():
                    summary = summarizer.summarize(article)
                out.append(Prediction(id=fixture.id, summary=summary))
            except Exception as exc:  # one broken article must not end an evaluation run
                message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                out.append(Prediction(id=fixture.id, error=message, schema_valid=False))
            if bar is not None and task is not None:
                bar.advance(task)
    return out


def run_eval(
    provider: Provider,
    fixtures: list[Fixture],
    *,
    source: str = "",
    progress: bool = True,
    around: Callable[[str], AbstractContextManager[Any]] | None = None,
) -> EvalResult:
    """Run all three tasks on every fixture with this provider and score the results."""
    from summarizer.pipeline import Options, Summarizer
    from summarizer.prompts import load_prompts

    summarizer = Summarizer(provider, load_prompts(), Options())
    predictions = predict(fixtures, summarizer, progress=progress, around=around)
    return score(fixtures, predictions, model=provider.name, source=source)


def run_model(
    settings: Settings,
    fixtures: list[Fixture],
    *,
    source: str = "",
    progress: bool = True,
    cassettes: Path | None = None,
    record: bool = False,
    missing: bool = False,
) -> EvalResult:
    """run_eval with the provider the settings name, closed afterwards.

    With `cassettes`, each fixture's model calls are replayed from <cassettes>/<id>.yaml
    (no model runs), or recorded there afresh when `record` is set (with `missing`, only the
    requests the cassette has no answer for).
    """
    from summarizer.llm import get_provider
    from summarizer.llm.embedded import ServerProvider

    around = None
    if cassettes is not None:
        from summarizer.evaluation.cassettes import REPLAY_URL, per_fixture

        around = per_fixture(cassettes, record=record, missing=missing)
    if cassettes is not None and not record:
        from summarizer.llm.model_files import MODELS

        provider: Provider = ServerProvider(
            settings.model,
            settings,
            base_url=REPLAY_URL,
            compact_json=settings.model in MODELS,  # as the embedded model was recorded
        )
    else:
        provider = get_provider(settings)
        if record and isinstance(provider, ServerProvider):
            provider.start()  # load the model outside the cassettes: /health is not recorded
    try:
        return run_eval(provider, fixtures, source=source, progress=progress, around=around)
    finally:
        provider.close()


def write_results(result: EvalResult, out: Path) -> list[Path]:
    """OUT/metrics.json and OUT/predictions/<id>.json; returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    metrics = out / "metrics.json"
    metrics.write_text(result.model_dump_json(indent=2) + "\n", encoding="utf-8")
    return [metrics, *save_predictions(result.predictions, out / "predictions")]
