"""`summarizer brief`: English briefs of articles, for the terminal or as JSON."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import typer

from summarizer.cli.common import ApiBaseOpt, ApiKeyOpt, ModelFlags, ModelOpt, TimeoutOpt

if TYPE_CHECKING:
    from summarizer.schemas import Summary


def register(app: typer.Typer) -> None:
    """Add the brief command to the app."""
    app.command("brief")(brief)


def brief(
    paths: list[str] = typer.Argument(
        ..., help="Article files, directories of them, or - for standard input.", show_default=False
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object per article."),
    model: str | None = ModelOpt,
    api_base: str | None = ApiBaseOpt,
    api_key: str | None = ApiKeyOpt,
    timeout: float | None = TimeoutOpt,
) -> None:
    """Print an English brief (headline, summary, key points) of each article."""
    from summarizer.articles import iter_paths
    from summarizer.llm import get_provider
    from summarizer.pipeline import run_batch
    from summarizer.prompts import load_prompts

    settings = ModelFlags(model, api_base, api_key, timeout).settings()
    prompts = load_prompts()
    files = list(iter_paths(paths))
    provider = get_provider(settings)
    failed = 0
    try:
        for outcome in run_batch(files, provider, prompts, max_bytes=settings.max_input_bytes):
            if outcome.summary is None:
                failed += 1
                typer.echo(f"error: {outcome.error}", err=True)
            elif as_json:
                sys.stdout.write(outcome.summary.model_dump_json(exclude_none=True) + "\n")
                sys.stdout.flush()
            else:
                render(outcome.summary)
    finally:
        provider.close()
    if failed:
        typer.echo(f"{failed} of {len(files)} articles failed", err=True)
        raise typer.Exit(1)


def render(summary: Summary) -> None:
    """Print one brief for a human reader."""
    from rich.console import Console
    from rich.markup import escape

    console = Console(highlight=False, soft_wrap=False)
    brief = summary.brief
    src, meta = summary.source, summary.meta
    lang = src.language
    console.rule(f"[dim]{escape(src.path)}[/] ({lang} → en)", align="left")
    if brief is None:
        return
    console.print(f"[bold]{escape(brief.headline)}[/]")
    console.print(escape(brief.summary))
    for point in brief.key_points:
        console.print(f"  • {escape(point)}")
    tokens = meta.tokens
    console.print(
        f"[dim]{meta.model} · {tokens.get('prompt', 0)} prompt + {tokens.get('completion', 0)} "
        f"output tokens · {meta.seconds:.1f} s · {meta.attempts} attempt(s)[/]"
    )
