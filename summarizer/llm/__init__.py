"""The provider layer: the only code that talks to a model."""

from summarizer.llm.base import Capabilities, Provider, Request
from summarizer.llm.registry import (
    batch_concurrency,
    get_provider,
    known_models,
    register,
    unregister,
)

__all__ = [
    "Capabilities",
    "Provider",
    "Request",
    "batch_concurrency",
    "get_provider",
    "known_models",
    "register",
    "unregister",
]
