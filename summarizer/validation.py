"""What a model's draft is judged against: the validation context its validators read.

pydantic hands it to every validator of a draft (`info.context`). It is read-only: the
validators only judge (raise, so the model is asked again, or pass); the corrections that
follow (lines moved to the sentence they translate, items dropped and counted) are made in
code after validation (`drafts.align_translation`, `drafts.check_transfers`).
"""

from __future__ import annotations

from typing import TypedDict

from summarizer.grounding import Sentence


class ValidationContext(TypedDict, total=False):
    """The keys a draft's validators read; a call without one is not judged at all."""

    sentences: dict[int, Sentence]  # the article's numbered sentences, which an answer cites
    article: str  # the prepared article text (a system must occur in it)
    numbers: list[int]  # the sentences a translation was asked for, in order
    system_prompt: str  # a translation must not recite it
    salvage: bool  # after the re-asks, keep the items that pass (see llm.base.salvage)
    lenient: bool  # set by salvage: judge items, never the answer as a whole


def validation_context(
    sentences: dict[int, Sentence],
    article: str,
    *,
    numbers: list[int] | None = None,
    system_prompt: str | None = None,
) -> ValidationContext:
    """The context of one extraction call; its answer may be salvaged item by item."""
    context = ValidationContext(sentences=sentences, article=article, salvage=True)
    if numbers is not None:
        context["numbers"] = numbers
    if system_prompt is not None:
        context["system_prompt"] = system_prompt
    return context
