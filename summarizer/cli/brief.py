"""`summarizer brief`: English briefs of articles, for the terminal or as JSON."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import typer

from summarizer.cli.common import (
    ModelFlags,
    PathsArg,
    with_model_flags,
)
from summarizer.terminal import inert

if TYPE_CHECKING:
    from summarizer.schemas import Summary


def register(app: typer.Typer) -> None:
    """Add the brief command to the app."""
    app.command("brief")(brief)


@with_model_flags()
def brief(
    paths: list[str] = PathsArg,
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object per article."),
    flags: ModelFlags = ModelFlags(),  # --model, --api-base, --api-key, --timeout, --concurrency
) -> None:
    """Print an English brief (headline, summary, key points) of each article."""
    from summarizer.cli.common import run_articles

    def emit(summary: Summary) -> None:
        if as_json:
            sys.stdout.write(summary.to_json() + "\n")
            sys.stdout.flush()
        else:
            render(summary)

    run_articles(paths, flags, ("brief",), emit)


def render(summary: Summary) -> None:
    """Print one brief for a human reader."""
    from rich.console import Console
    from rich.markup import escape

    console = Console(highlight=False, soft_wrap=False)
    brief = summary.brief
    src, meta = summary.source, summary.meta
    console.rule(
        f"[dim]{escape(inert(src.path, one_line=True))}[/] ({src.language} → en)", align="left"
    )
    if brief is None:
        console.print("[yellow]no verified English brief[/] (see the error line)")
        return
    console.print(f"[bold]{escape(inert(brief.headline))}[/]")
    console.print(escape(inert(brief.summary)))
    for point in brief.key_points:
        console.print(f"  • {escape(inert(point))}")
    tokens = meta.tokens
    console.print(
        f"[dim]{meta.model} · {tokens.get('prompt', 0)} prompt + {tokens.get('completion', 0)} "
        f"output tokens · {meta.seconds:.1f} s · {meta.attempts} attempt(s)[/]"
    )
