"""A fake model for pipeline and CLI logic: answers from fixture files, validated for real."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from summarizer.errors import InvalidOutputError
from summarizer.llm.base import Capabilities, Provider, Request, salvage
from summarizer.llm.client import describe_invalid
from summarizer.schemas import CallStats

ANSWERS = Path(__file__).parent / "data" / "fake"


class FakeProvider(Provider):
    """Answers each task with the JSON in tests/data/fake/<task>.json (or a given dict)."""

    capabilities = Capabilities(needs_key=False, json_schema=True, local=True)

    def __init__(
        self, name: str = "fake", answers: dict[str, Any] | None = None, *, use_context: bool = True
    ) -> None:
        self.name = name
        self.answers = answers or {}
        self.use_context = use_context  # off: one canned answer serves articles it does not fit
        self.requests: list[Request] = []
        self.closed = False

    def generate(self, request: Request) -> tuple[BaseModel, CallStats]:
        self.requests.append(request)
        raw = self.answers.get(request.task)
        if raw is None:
            raw = json.loads((ANSWERS / f"{request.task}.json").read_text(encoding="utf-8"))
        try:
            context = request.context if self.use_context else None
            result = request.response_model.model_validate(raw, context=context)
        except ValidationError as exc:
            salvaged = salvage(request, raw) if self.use_context else None
            if salvaged is not None:
                return salvaged, CallStats(task=request.task, attempts=2, completion_tokens=50)
            raise InvalidOutputError(
                f"model fake: invalid {request.task}: {describe_invalid(exc)}"
            ) from None
        prompt = sum(len(m["content"]) for m in request.messages) // 4
        return result, CallStats(task=request.task, prompt_tokens=prompt, completion_tokens=50)

    def close(self) -> None:
        self.closed = True
