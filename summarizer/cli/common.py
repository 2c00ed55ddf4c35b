"""Options shared by the commands that call a model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from summarizer.config import Settings

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


@dataclass(frozen=True)
class ModelFlags:
    """The model-related flags of one invocation."""

    model: str | None = None
    api_base: str | None = None
    api_key: str | None = None
    timeout: float | None = None

    def settings(self) -> Settings:
        """Flags over environment over config file."""
        from summarizer.config import load_settings

        return load_settings(
            model=self.model, api_base=self.api_base, api_key=self.api_key, timeout=self.timeout
        )
