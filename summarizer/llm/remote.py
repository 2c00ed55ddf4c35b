"""Any provider litellm reaches (openai/..., anthropic/..., ollama/...), imported only when used."""

from __future__ import annotations

import os
import threading
from typing import Any

from summarizer.config import Settings
from summarizer.errors import ConfigError
from summarizer.llm.base import Capabilities, Provider, Request
from summarizer.schemas import CallStats

# Providers that run on the user's machine and take no key.
KEYLESS = {"ollama", "ollama_chat", "lm_studio", "llamafile", "hosted_vllm", "vllm"}


def provider_of(model: str) -> str:
    """'anthropic' for 'anthropic/claude-...'; bare OpenAI model names count as 'openai'."""
    return model.split("/", 1)[0] if "/" in model else "openai"


def import_litellm() -> Any:
    """litellm, imported on first need, told not to fetch its cost map from the network."""
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    import litellm

    litellm.telemetry = False
    litellm.suppress_debug_info = True
    return litellm


def choose_mode(model: str, api_base: str | None) -> str:
    """The instructor mode that works for the provider: schema for local servers, else tools."""
    provider = provider_of(model)
    if api_base or provider in KEYLESS:
        return "JSON_SCHEMA"
    if provider == "anthropic":
        return "ANTHROPIC_TOOLS"
    return "TOOLS"


class LiteLLMProvider(Provider):
    """A model named as litellm names it, called through instructor."""

    def __init__(self, model: str, settings: Settings) -> None:
        self.name = model
        self.settings = settings
        provider = provider_of(model)
        self.capabilities = Capabilities(needs_key=not (settings.api_base or provider in KEYLESS))
        self._client: Any = None
        self._lock = threading.Lock()

    def check_key(self) -> None:
        """Fail early, with the variable to set, when the provider needs a key we lack."""
        if not self.capabilities.needs_key or self.settings.api_key is not None:
            return
        env = import_litellm().validate_environment(model=self.name)
        missing = [k for k in env.get("missing_keys", []) if not os.environ.get(k)]
        if missing:
            raise ConfigError(
                f"No API key for {self.name}: set {' or '.join(missing)} or pass --api-key"
            )

    def _build_client(self) -> Any:
        """The instructor client the calls go through (built once, on the first call)."""
        import instructor

        litellm = import_litellm()
        self.check_key()
        mode = instructor.Mode[choose_mode(self.name, self.settings.api_base)]
        return instructor.from_litellm(litellm.completion, mode=mode)

    def _ensure_client(self) -> Any:
        with self._lock:
            if self._client is None:
                self._client = self._build_client()
            return self._client

    def _call_extra(self) -> dict[str, Any]:
        """Keyword arguments every call passes on to litellm."""
        extra: dict[str, Any] = {"timeout": self.settings.timeout, "num_retries": 0}
        if self.settings.api_base:
            extra["api_base"] = self.settings.api_base
        if self.settings.api_key is not None:
            extra["api_key"] = self.settings.api_key.get_secret_value()
        elif self.settings.api_base:
            extra["api_key"] = "none"  # local OpenAI-compatible servers take any key
        return extra

    def generate(self, request: Request) -> tuple[Any, CallStats]:
        """One schema-constrained call through litellm."""
        from summarizer.llm.client import call_model

        client = self._ensure_client()
        return call_model(client, request, self.name, self.settings, self._call_extra())
