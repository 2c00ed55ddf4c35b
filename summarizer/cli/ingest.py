"""`summarizer ingest`: files, directories, pages and feeds into the store, summarised once."""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from summarizer.cli.common import (
    DbOpt,
    ModelFlags,
    with_model_flags,
)
from summarizer.errors import Interrupted
from summarizer.terminal import inert

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID

    from summarizer.ingest import IngestReport
    from summarizer.ingest_events import Item, Verdict
    from summarizer.store import Store

SourcesArg = typer.Argument(
    ...,
    help="Article files, directories of them, page URLs, or RSS/Atom feed URLs.",
    show_default=False,
)


def register(app: typer.Typer) -> None:
    """Add the ingest command to the app."""
    app.command("ingest")(ingest)


class ProgressListener:
    """A progress bar on stderr; each failure gets its own line above it."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.progress: Progress | None = None
        self.task: TaskID | None = None

    def expanded(self, total: int) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self.progress = Progress(
            TextColumn("ingest"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.description}"),
            console=self.console,
            transient=True,
        )
        self.task = self.progress.add_task("", total=total)
        self.progress.start()

    def started(self, item: Item) -> None:
        from rich.markup import escape

        if self.progress is not None and self.task is not None:
            # The label is a file name or URL: inert, and never read as Rich markup.
            label = escape(_short(inert(item.label, one_line=True)))
            self.progress.update(self.task, description=label)

    def finished(self, item: Item, outcome: Verdict, detail: str) -> None:
        if outcome == "failed":
            self.console.print(
                f"error: {inert(detail, one_line=True)}",
                markup=False,
                highlight=False,
                soft_wrap=True,
            )
        if self.progress is not None and self.task is not None:
            self.progress.advance(self.task)

    def incomplete(self, item: Item, reason: str) -> None:
        self.console.print(
            f"error: {inert(reason, one_line=True)}", markup=False, highlight=False, soft_wrap=True
        )

    def stop(self) -> None:
        if self.progress is not None:
            self.progress.stop()


def _short(label: str, width: int = 50) -> str:
    return label if len(label) <= width else "…" + label[-(width - 1) :]


def run_ingest(
    store: Store, sources: list[str], flags: ModelFlags, *, force: bool, console: Console
) -> IngestReport:
    """Ingest into an open store with the flags' model; shared with the scheduled digest."""
    from summarizer.ingest import Ingester, ingest_plan

    options, make_summarizer = ingest_plan(flags.settings(), force=force)
    listener = ProgressListener(console)
    store.close_stale_runs("ingest", options.lease)
    try:
        return Ingester(store, make_summarizer, options, listener).run(sources)
    finally:
        listener.stop()


def report_line(report: IngestReport, db: Path | str) -> str:
    """One line of counts for the end of a run."""
    t = report.totals
    tokens = t.prompt_tokens + t.completion_tokens
    return (
        f"ingest run {report.run_id}: {t.items} item(s) — {t.summarised} summarised, "
        f"{t.cached} already summarised, {t.duplicates} duplicate(s), {t.failed} failed"
        + (f", {t.incomplete} incomplete" if t.incomplete else "")
        + f" ({report.seconds:.1f} s, {tokens:,} tokens; store {db})"
    )


def _sigterm_as_interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt  # systemd and kill stop the batch like Ctrl-C: the run is recorded


@with_model_flags()
def ingest(
    sources: list[str] = SourcesArg,
    db: str | None = DbOpt,
    force: bool = typer.Option(
        False, "--force", help="Summarise again even when a summary for this model exists."
    ),
    flags: ModelFlags = ModelFlags(),  # --model, --api-base, --api-key, --timeout, --concurrency
) -> None:
    """Read, de-duplicate and summarise articles into the store; re-runs resume, never repeat."""
    from rich.console import Console

    from summarizer.config import store_path
    from summarizer.store import locked

    path = store_path(db)
    console = Console(stderr=True, highlight=False)
    previous = signal.signal(signal.SIGTERM, _sigterm_as_interrupt)
    try:
        with locked(path, "ingest") as store:
            shown = store.path
            report = run_ingest(store, sources, flags, force=force, console=console)
    except KeyboardInterrupt:
        raise Interrupted(
            "interrupted: every summary finished so far is kept in the store; "
            "run the same command again to resume"
        ) from None
    finally:
        signal.signal(signal.SIGTERM, previous)
    typer.echo(report_line(report, shown))
    totals = report.totals
    if totals.failed or totals.incomplete:
        what = [f"{totals.failed} item(s) failed"] if totals.failed else []
        if totals.incomplete:
            what.append(
                f"{totals.incomplete} summary(ies) incomplete, kept and retried on the next run"
            )
        typer.echo(
            f"{'; '.join(what)}; reasons kept in the store "
            f"(summarizer status --run {report.run_id})",
            err=True,
        )
        sys.exit(1)
