"""`summarizer eval`: score the summarizer (or saved predictions) against the labelled fixtures."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from summarizer.cli.common import ApiBaseOpt, ApiKeyOpt, ModelFlags, ModelOpt, TimeoutOpt
from summarizer.errors import ConfigError
from summarizer.terminal import inert

if TYPE_CHECKING:
    from summarizer.evaluation import EvalResult, Fixture, Metrics, Thresholds


def register(app: typer.Typer) -> None:
    """Add the eval command to the app."""
    app.command("eval")(evaluate)


def evaluate(
    model: str | None = ModelOpt,
    fixtures: Path = typer.Option(
        Path("evals/fixtures"), "--fixtures", help="Directory of <id>/article.txt + gold.json."
    ),
    out: Path = typer.Option(
        Path("eval-out"), "--out", "-o", help="Writes metrics.json, predictions/, report.html."
    ),
    thresholds: Path | None = typer.Option(
        None,
        "--thresholds",
        help="TOML with [min]/[max] metric bounds (default: evals/thresholds.toml if present).",
        show_default=False,
    ),
    predictions: Path | None = typer.Option(
        None,
        "--predictions",
        help="Score saved <id>.json summaries from this directory instead of running a model.",
        show_default=False,
    ),
    only_fixture: list[str] | None = typer.Option(
        None,
        "--only-fixture",
        help="Evaluate only this fixture id (repeatable).",
        show_default=False,
    ),
    cassettes: Path | None = typer.Option(
        None,
        "--cassettes",
        help="Replay each fixture's model answers from DIR/<id>.yaml (offline, no model).",
        show_default=False,
    ),
    record: bool = typer.Option(
        False, "--record", help="With --cassettes: run the model and record its answers there."
    ),
    record_missing: bool = typer.Option(
        False,
        "--record-missing",
        help="With --cassettes: record only the requests the cassettes have no answer for "
        "(after a prompt change of one task); answers nobody asks for are dropped.",
    ),
    api_base: str | None = ApiBaseOpt,
    api_key: str | None = ApiKeyOpt,
    timeout: float | None = TimeoutOpt,
) -> None:
    """Score summaries against evals/fixtures; exit 6 when a metric misses its threshold."""
    from summarizer.evaluation import EXIT_BELOW_THRESHOLD, failures, load_fixtures

    if predictions is not None and (model or api_base or api_key):
        raise ConfigError("--predictions scores saved files without a model; drop --model")
    bounds = _bounds(thresholds)
    cases = load_fixtures(fixtures, only_fixture)
    if predictions is not None:
        result = _score_saved(cases, predictions, fixtures)
    else:
        result = _run_model(
            cases,
            fixtures,
            ModelFlags(model, api_base, api_key, timeout),
            cassettes=cassettes,
            record=record,
            record_missing=record_missing,
        )
    _write(result, out)

    lines = failures(result.overall.metrics, bounds) if bounds is not None else []
    for line in lines:
        typer.echo(line, err=True)
    if lines:
        raise typer.Exit(EXIT_BELOW_THRESHOLD)


def _bounds(thresholds: Path | None) -> Thresholds | None:
    """The metric bounds to check: the given file, else evals/thresholds.toml if present."""
    from summarizer.evaluation import load_thresholds
    from summarizer.evaluation.thresholds import DEFAULT_THRESHOLDS

    if thresholds is None and DEFAULT_THRESHOLDS.is_file():
        thresholds = DEFAULT_THRESHOLDS
    return load_thresholds(thresholds) if thresholds is not None else None


def _score_saved(cases: list[Fixture], predictions: Path, fixtures: Path) -> EvalResult:
    """Score the saved <id>.json summaries of a directory."""
    from summarizer.evaluation import load_predictions, score

    saved = load_predictions(predictions, cases)
    return score(cases, saved, model=f"saved:{predictions}", source=str(fixtures))


def _run_model(
    cases: list[Fixture],
    fixtures: Path,
    flags: ModelFlags,
    *,
    cassettes: Path | None,
    record: bool,
    record_missing: bool,
) -> EvalResult:
    """Summarise every case with the model (or replay/record its cassettes) and score it."""
    from summarizer.evaluation import run_model

    settings = flags.settings()
    if (record or record_missing) and cassettes is None:
        raise ConfigError("--record needs --cassettes DIR to record into")
    return run_model(
        settings,
        cases,
        source=str(fixtures),
        cassettes=cassettes,
        record=record or record_missing,
        missing=record_missing,
    )


def _write(result: EvalResult, out: Path) -> None:
    """Write metrics.json, the predictions and report.html, then print the table."""
    from summarizer.evaluation import write_results
    from summarizer.evaluation.report import write_report

    try:
        written = write_results(result, out)
        written.append(write_report(result, out / "report.html"))
    except OSError as exc:
        raise ConfigError(f"Cannot write evaluation output to {out}: {exc.strerror}") from None
    print_table(result)
    typer.echo(f"wrote {written[0]}, {out / 'report.html'} and {len(written) - 2} predictions")


def _row(name: str, lang: str, m: Metrics, error: str | None = None) -> list[str]:
    from summarizer.evaluation.report import fmt

    return [
        name,
        lang,
        f"{fmt(m.transfer_precision)}/{fmt(m.transfer_recall)}/{fmt(m.transfer_f1)}",
        fmt(m.status_accuracy),
        str(m.trap_hits),
        f"{fmt(m.pair_precision)}/{fmt(m.pair_recall)}",
        fmt(m.event_date_recall),
        fmt(m.key_fact_recall),
        str(m.forbidden_hits),
        fmt(m.grounding_rate),
        fmt(m.schema_valid_rate),
        fmt(m.attempts_per_call),
        fmt(m.tokens_per_article, "tokens_per_article"),
        "–" if m.seconds_per_article is None else f"{m.seconds_per_article:.1f}",
        (error or "")[:60],
    ]


def print_table(result: EvalResult) -> None:
    """One row per article, the micro total, then one row per language."""
    from rich.console import Console
    from rich.table import Table

    table = Table(
        "article", "lang", "transfer P/R/F1", "status", "traps", "pair P/R", "dates",
        "facts", "forbid", "grounded", "valid", "att/call", "tokens", "s", "error",
        title=f"eval: {result.model}",
    )  # fmt: skip
    for a in result.articles:
        table.add_row(
            *_row(a.id, a.language, a.metrics, inert(a.error or "", one_line=True) or None)
        )
    table.add_section()
    table.add_row(*_row("micro total", "all", result.overall.metrics), style="bold")
    table.add_section()
    for lang, agg in result.by_language.items():
        table.add_row(*_row(f"{len(agg.articles)} article(s)", lang, agg.metrics))
    Console(highlight=False, width=200).print(table)
