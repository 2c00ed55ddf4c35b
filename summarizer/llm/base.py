"""The one small interface every model provider implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel

from summarizer.schemas import CallStats

T = TypeVar("T", bound=BaseModel)


@dataclass(frozen=True)
class Capabilities:
    """What a provider needs and can do."""

    needs_key: bool
    json_schema: bool
    local: bool


@dataclass
class Request:
    """One schema-constrained call: messages, the model to fill, and its limits."""

    task: str
    messages: list[dict[str, str]]
    response_model: type[BaseModel]
    max_tokens: int
    temperature: float = 0.0
    context: dict[str, Any] | None = None  # passed to the pydantic validators


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

    Lenient validators drop the items the text does not support and list them in
    request.context["dropped"]; the caller counts them in meta. None when not allowed or
    the answer is broken beyond items.
    """
    if request.context is None or not request.context.get("salvage"):
        return None
    lenient = {**request.context, "lenient": True, "dropped": [], "warnings": []}
    try:
        if isinstance(raw, str):
            result = request.response_model.model_validate_json(raw, context=lenient)
        else:
            result = request.response_model.model_validate(raw, context=lenient)
    except ValueError:
        return None
    request.context["dropped"] = lenient["dropped"]
    request.context["warnings"] = lenient["warnings"]
    return result
