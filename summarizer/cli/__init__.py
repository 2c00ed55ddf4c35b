"""The command line: parses arguments, calls the library, prints. The one error boundary."""

from __future__ import annotations

import logging
import sys

import typer

from summarizer import __version__
from summarizer.cli import brief as brief_cmd
from summarizer.cli import digest as digest_cmd
from summarizer.cli import evaluate as evaluate_cmd
from summarizer.cli import ingest as ingest_cmd
from summarizer.cli import model as model_cmd
from summarizer.cli import serve as serve_cmd
from summarizer.cli import status as status_cmd
from summarizer.cli import summarize as summarize_cmd
from summarizer.errors import SummarizerError
from summarizer.terminal import inert

app = typer.Typer(
    name="summarizer",
    help="Structured English summaries of foreign-language defence and foreign-policy news.",
    no_args_is_help=True,
    add_completion=False,
    # Help texts are plain: "[store] path" is a config table, not Rich markup to swallow.
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
brief_cmd.register(app)
summarize_cmd.register(app)
evaluate_cmd.register(app)
ingest_cmd.register(app)
digest_cmd.register(app)
status_cmd.register(app)
serve_cmd.register(app)
app.add_typer(model_cmd.app, name="model")

_state = {"debug": False}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"summarizer {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: bool = typer.Option(False, "--debug", help="Show full tracebacks instead of one line."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log progress to stderr."),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Structured English summaries of foreign-language defence and foreign-policy news."""
    _state["debug"] = debug
    from summarizer import redact

    redact.remember_environment()
    redact.install()
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if not (verbose or debug):
        # instructor and litellm log every failed attempt; the CLI reports the outcome itself.
        for noisy in ("instructor", "LiteLLM", "litellm", "httpx"):
            logging.getLogger(noisy).setLevel(logging.CRITICAL)


def main() -> None:
    """Console entry point: run the app, turning SummarizerError into one line and an exit code."""
    try:
        app()  # standalone: click prints its own usage errors and exits
    except SummarizerError as exc:
        if _state["debug"]:
            raise
        typer.echo(f"error: {inert(str(exc), one_line=True)}", err=True)
        sys.exit(exc.exit_code)
