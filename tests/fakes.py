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
from tests.servers import stub_translation

ANSWERS = Path(__file__).parent / "data" / "fake"


def _numbered(raw: Any, request: Request) -> Any:
    """A brief answer written as plain English lines, numbered like the sentences asked for.

    The translation call asks for the sentences code chose, by number; a canned answer lists
    English lines in order and gets those numbers (lines beyond the answer are left blank,
    as a model that gives up would, and are dropped by validation).
    """
    lines = raw.get("english") if isinstance(raw, dict) else None
    if request.task != "brief" or not lines or not all(isinstance(x, str) for x in lines):
        return raw
    numbers = (request.context or {}).get("numbers") or list(range(1, len(lines) + 1))
    texts = [*lines, *[""] * max(0, len(numbers) - len(lines))]
    return {"english": [{"n": n, "en": t or "-"} for n, t in zip(numbers, texts, strict=False)]}


def _is_seed_001(request: Request) -> bool:
    return "S-400 ve İskender" in str((request.context or {}).get("article", ""))


def _asked(request: Request) -> list[str]:
    """The sentences a translation request asks for, in order."""
    context = request.context or {}
    sentences = context.get("sentences") or {}
    return [sentences[n].text for n in context.get("numbers") or [] if n in sentences]


class FakeProvider(Provider):
    """Answers each task with the JSON in tests/data/fake/<task>.json (or a given dict)."""

    capabilities = Capabilities(needs_key=False)

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
        if raw is None and request.task == "brief" and not _is_seed_001(request):
            # The canned English lines are seed 001's; any other article gets the stand-in
            # model's lines (its names and numbers), so its brief verifies as a real one would.
            raw = {"english": [stub_translation(s) for s in _asked(request)]}
        if raw is None:
            raw = json.loads((ANSWERS / f"{request.task}.json").read_text(encoding="utf-8"))
        raw = _numbered(raw, request)
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
