"""The one small interface every model provider implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel

from summarizer.schemas import CallStats
from summarizer.validation import ValidationContext

T = TypeVar("T", bound=BaseModel)


@dataclass(frozen=True)
class Capabilities:
    """What a provider needs before it can be called."""

    needs_key: bool


@dataclass
class Request:
    """One schema-constrained call: messages, the model to fill, and its limits."""

    task: str
    messages: list[dict[str, str]]
    response_model: type[BaseModel]
    max_tokens: int
    temperature: float = 0.0
    context: ValidationContext | None = None  # what the pydantic validators judge against


class Provider(ABC):
    """A model reachable for structured calls; chosen through the registry."""

    name: str
    capabilities: Capabilities

    @abstractmethod
    def generate(self, request: Request) -> tuple[BaseModel, CallStats]:
        """Fill request.response_model from the model, with validation, re-asks and retries."""

    def close(self) -> None:  # noqa: B027 - most providers hold nothing to release
        """Release whatever the provider holds (servers, connections)."""


def salvage(request: Request, raw: str | dict[str, Any]) -> BaseModel | None:
    """An answer that failed strict validation, re-validated leniently when the task allows.

    Lenient validators judge items, never the answer as a whole; the caller keeps the items
    the text supports and counts the rest (drafts.check_transfers, drafts.align_translation).
    None when not allowed or the answer is broken beyond items.
    """
    if request.context is None or not request.context.get("salvage"):
        return None
    lenient: ValidationContext = {**request.context, "lenient": True}
    try:
        if isinstance(raw, str):
            return request.response_model.model_validate_json(raw, context=lenient)
        return request.response_model.model_validate(raw, context=lenient)
    except ValueError:
        return None
