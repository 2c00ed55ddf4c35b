"""`summarizer status`: what the store holds, the latest runs and digests, and why items failed."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from summarizer.cli.common import DbOpt
from summarizer.terminal import inert

if TYPE_CHECKING:
    from rich.console import Console

    from summarizer.store import Store


def register(app: typer.Typer) -> None:
    """Add the status command to the app."""
    app.command("status")(status)


def status(
    db: str | None = DbOpt,
    run: int | None = typer.Option(None, "--run", help="List the failures of this ingest run."),
    limit: int = typer.Option(5, "--limit", min=1, help="How many runs and digests to show."),
) -> None:
    """Show the store's counts, the latest ingest runs and digests, and failures of a run."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from summarizer.config import store_path
    from summarizer.errors import InputError
    from summarizer.store import Store

    path = store_path(db)
    if isinstance(path, Path) and not path.exists():
        raise InputError(f"{path}: no store yet; run `summarizer ingest` first")
    console = Console(highlight=False)
    if not console.is_terminal:
        console = Console(highlight=False, width=160)  # piped: do not cut columns at 80
    with Store(path) as store:
        name = store.path  # a URL without its password
        if run is not None:
            if not store.has_run(run):
                raise InputError(f"{name}: no ingest run {run}; `summarizer status` lists them")
            failures = store.failures(run)
            typer.echo(f"run {run}: {len(failures)} failure(s)")
            for source, reason in failures:
                typer.echo(f"{inert(source, one_line=True)}\t{inert(reason, one_line=True)}")
            return
        counts = store.counts()
        typer.echo(
            f"store {name}: {counts['articles']} article(s), {counts['summaries']} summary(ies), "
            f"{counts['unsent']} not yet sent, {counts['digests']} digest(s) sent"
        )
        runs = Table(
            "run",
            "started",
            "status",
            "items",
            "summarised",
            "cached",
            "dup",
            "failed",
            "incomplete",
            "seconds",
            title="ingest runs",
        )
        for r in store.runs(limit):
            runs.add_row(
                str(r["id"]), r["started_at"], r["status"], str(r["items"]), str(r["summarised"]),
                str(r["cached"]), str(r["duplicates"]), str(r["failed"]), str(r["incomplete"]),
                "-" if r["seconds"] is None else f"{r['seconds']:.1f}",
            )  # fmt: skip
        console.print(runs)
        digests = Table("digest", "at", "status", "articles", "detail", title="digests")
        for d in store.digests(limit):
            detail = d["error"] or d["message_id"] or ""
            digests.add_row(
                str(d["id"]), d["created_at"], d["status"], str(d["articles"]), Text(inert(detail))
            )
        console.print(digests)
        _queue(store, console, limit)


def _queue(store: Store, console: Console, limit: int) -> None:
    """The work queue's depth and the workers that share it."""
    from rich.table import Table
    from rich.text import Text

    from summarizer.config import store_settings

    depth = store.queue_depth()
    typer.echo(
        f"queue: {depth['queued']} waiting, {depth['claimed']} being summarised, "
        f"{depth['done']} done, {depth['failed']} failed"
    )
    lease = store_settings().lease
    now = store.clock()
    workers = Table("worker", "model", "state", "last heard", "done", "working on", title="workers")
    for w in store.workers(lease, limit):
        state = "stopped" if w["state"] == "stopped" else ("alive" if w["alive"] else "silent")
        workers.add_row(
            Text(inert(w["id"])),
            Text(inert(w["model"])),
            state,
            f"{max(0.0, now - w['heartbeat']):.0f} s ago",
            str(w["done"]),
            Text(inert(w["current"] or "")),
        )
    console.print(workers)
