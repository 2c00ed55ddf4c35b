"""Options shared by several commands (each declared once here), and running articles."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, TypeVar

import typer

from summarizer.errors import Interrupted
from summarizer.terminal import inert

if TYPE_CHECKING:
    from summarizer.config import Settings
    from summarizer.schemas import Summary

MODEL_HELP = (
    "Model: 'local' (embedded, default), 'local-0.5b', or a litellm name such as "
    "openai/gpt-4o-mini, anthropic/claude-3-5-haiku-latest, ollama/qwen2.5:7b."
)

ModelOpt = typer.Option(None, "--model", "-m", help=MODEL_HELP, show_default=False)
ApiBaseOpt = typer.Option(
    None, "--api-base", help="Base URL of an OpenAI-compatible server (vLLM, llama.cpp...)."
)
ApiKeyOpt = typer.Option(
    None,
    "--api-key",
    help="API key (prefer the provider's environment variable).",
    show_default=False,
)
TimeoutOpt = typer.Option(None, "--timeout", help="Seconds to wait for one model answer.")
ConcurrencyOpt = typer.Option(
    None,
    "--concurrency",
    "-j",
    min=1,
    max=64,
    help="Articles summarised at once with a remote model (default 4; the embedded model "
    "always works on one).",
    show_default=False,
)
DbOpt = typer.Option(
    None,
    "--db",
    help="The store: a SQLite file, or a postgresql:// URL shared by many workers (default: "
    "SUMMARIZER_DB, [store] path, or the user data directory).",
    show_default=False,
)
PathsArg = typer.Argument(
    ..., help="Article files, directories of them, or - for standard input.", show_default=False
)


@dataclass(frozen=True)
class ModelFlags:
    """The model-related flags of one invocation."""

    model: str | None = None
    api_base: str | None = None
    api_key: str | None = None
    timeout: float | None = None
    concurrency: int | None = None

    def settings(self) -> Settings:
        """Flags over environment over config file."""
        from summarizer import redact
        from summarizer.config import load_settings

        redact.remember(self.api_key)
        return load_settings(
            model=self.model,
            api_base=self.api_base,
            api_key=self.api_key,
            timeout=self.timeout,
            concurrency=self.concurrency,
        )


Command = TypeVar("Command", bound=Callable[..., Any])
_FLAG_OPTIONS: dict[str, tuple[Any, Any]] = {
    "model": (str | None, ModelOpt),
    "api_base": (str | None, ApiBaseOpt),
    "api_key": (str | None, ApiKeyOpt),
    "timeout": (float | None, TimeoutOpt),
    "concurrency": (int | None, ConcurrencyOpt),
}


def with_model_flags(*, concurrency: bool = True) -> Callable[[Command], Command]:
    """Give a command the model options, after its own: --model, --api-base, --api-key,
    --timeout and (for batches) --concurrency. The command receives them as one
    `flags: ModelFlags` argument instead of five."""
    names = [f.name for f in fields(ModelFlags) if concurrency or f.name != "concurrency"]

    def decorate(command: Command) -> Command:
        signature = inspect.signature(command)
        own = [p for p in signature.parameters.values() if p.name != "flags"]
        added = [
            inspect.Parameter(
                name,
                inspect.Parameter.POSITIONAL_OR_KEYWORD,
                default=_FLAG_OPTIONS[name][1],
                annotation=_FLAG_OPTIONS[name][0],
            )
            for name in names
        ]

        @functools.wraps(command)
        def run(*args: Any, **kwargs: Any) -> Any:
            flags = ModelFlags(**{name: kwargs.pop(name, None) for name in names})
            return command(*args, flags=flags, **kwargs)

        run.__signature__ = signature.replace(parameters=[*own, *added])  # type: ignore[attr-defined]
        annotations = {k: v for k, v in command.__annotations__.items() if k != "flags"}
        run.__annotations__ = {**annotations, **{n: _FLAG_OPTIONS[n][0] for n in names}}
        return run  # type: ignore[return-value]

    return decorate


def run_articles(
    paths: list[str],
    flags: ModelFlags,
    tasks: tuple[str, ...],
    emit: Callable[[Summary], None],
) -> int:
    """Summarise every article, emitting each result; failures get one line each on stderr.

    Returns the number of articles done; exits 1 when any article failed.
    """
    from summarizer.articles import iter_paths
    from summarizer.llm import batch_concurrency, get_provider
    from summarizer.pipeline import Options, Summarizer, run_batch
    from summarizer.prompts import load_prompts

    settings = flags.settings()
    prompts = load_prompts()
    files = list(iter_paths(paths))
    provider = get_provider(settings)
    summarizer = Summarizer(
        provider, prompts, Options(tasks=tasks, max_bytes=settings.max_input_bytes)
    )
    failed = incomplete = 0
    try:
        for outcome in run_batch(files, summarizer, concurrency=batch_concurrency(settings)):
            if outcome.summary is None:
                failed += 1
                typer.echo(f"error: {inert(str(outcome.error), one_line=True)}", err=True)
                continue
            emit(outcome.summary)
            parts = outcome.summary.meta.failed
            if parts:
                # Shown, never passed off as "nothing found": the part is absent and said so.
                incomplete += 1
                path = inert(str(outcome.path), one_line=True)
                typer.echo(f"error: {path}: {', '.join(parts)} failed", err=True)
    except KeyboardInterrupt:
        # Calls in flight are abandoned (daemon workers); every file written so far stays.
        raise Interrupted("interrupted: every article finished so far is kept") from None
    finally:
        provider.close()
    if failed or incomplete:
        if failed:
            typer.echo(f"{failed} of {len(files)} articles failed", err=True)
        if incomplete:
            typer.echo(f"{incomplete} of {len(files)} articles incomplete", err=True)
        raise typer.Exit(1)
    return len(files)
