"""Choosing a provider by name: the embedded models are registered like any other."""

from __future__ import annotations

from collections.abc import Callable

from summarizer.config import Settings
from summarizer.errors import ConfigError
from summarizer.llm.base import Provider
from summarizer.llm.model_files import MODELS

Factory = Callable[[str, Settings], Provider]
_FACTORIES: dict[str, Factory] = {}


def register(name: str, factory: Factory) -> None:
    """Register a provider factory under an exact model name (tests register fakes here)."""
    _FACTORIES[name] = factory


def unregister(name: str) -> None:
    """Remove a registered name."""
    _FACTORIES.pop(name, None)


def _embedded(name: str, settings: Settings) -> Provider:
    from summarizer.llm.embedded import EmbeddedProvider

    return EmbeddedProvider(MODELS[name], settings)


def _fleet(name: str, settings: Settings) -> Provider:
    from summarizer.llm.fleet import FleetProvider

    return FleetProvider(name, settings)


for _name in MODELS:
    register(_name, _embedded)
register("fleet", _fleet)


def get_provider(settings: Settings) -> Provider:
    """The provider for settings.model: a registered name, or anything litellm can reach."""
    name = settings.model.strip()
    if name in _FACTORIES:
        return _FACTORIES[name](name, settings)
    if name.startswith("local"):
        known = ", ".join(sorted(MODELS))
        raise ConfigError(f"Unknown embedded model {name!r}; known: {known}")
    if "/" not in name:
        raise ConfigError(
            f"Model {name!r} is not 'local' or a litellm name like openai/gpt-4o-mini, "
            "anthropic/claude-3-5-haiku-latest or ollama/qwen2.5:7b"
        )
    from summarizer.llm.remote import LiteLLMProvider

    provider = LiteLLMProvider(name, settings)
    provider.check_key()
    return provider


def batch_concurrency(settings: Settings) -> int:
    """Articles to summarise at once: 1 for an embedded model (one CPU-bound server slot,
    whose prompt cache concurrent articles would thrash), the setting or the slots of every
    server for the fleet, else the setting or 4."""
    if settings.model.strip() in MODELS:
        return 1
    if settings.model.strip() == "fleet":
        from summarizer.llm.fleet import fleet_concurrency

        return fleet_concurrency(settings)
    return settings.concurrency or 4


def known_models() -> list[str]:
    """Registered model names (the embedded ones first)."""
    return list(_FACTORIES)
