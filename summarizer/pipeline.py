"""Article → prepared text → task calls → validated records → Summary."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass

from summarizer.articles import Article, read_article
from summarizer.errors import InputError, InvalidOutputError, OutputTruncatedError
from summarizer.hints import canonical_systems, find_hints
from summarizer.llm.base import Provider, Request
from summarizer.prepare import Prepared, language_name, prepare
from summarizer.prompts import PromptSet
from summarizer.schemas import Brief, CallStats, Meta, Source, Summary


class EmptyArticleError(InputError):
    """The article held only boilerplate."""


def english_names(brief: Brief) -> Brief:
    """The brief with system names made canonical in code, where code beats a small model."""
    return brief.model_copy(
        update={
            "headline": canonical_systems(brief.headline),
            "summary": canonical_systems(brief.summary),
            "key_points": [canonical_systems(p) for p in brief.key_points],
        }
    )


def source_of(article: Article, prepared: Prepared) -> Source:
    """The contract's `source` block."""
    return Source(
        path=article.path,
        sha256=article.sha256,
        language=prepared.language,
        title=prepared.title,
        published=prepared.published,
        encoding=article.encoding,
        chars=len(prepared.text),
    )


def brief_of(prepared: Prepared, provider: Provider, prompts: PromptSet) -> tuple[Brief, CallStats]:
    """The English brief of prepared text: one bounded, validated call."""
    spec = prompts.task("brief")
    hints = find_hints(prepared.text)
    messages = prompts.messages(
        "brief",
        prepared.text,
        published=prepared.published.isoformat() if prepared.published else None,
        language_name=language_name(prepared.language),
        glossary=hints.glossary,
        must_mention=hints.must_mention,
    )
    request = Request(
        task="brief",
        messages=messages,
        response_model=Brief,
        max_tokens=spec.max_tokens,
        temperature=spec.temperature,
        context={"must_mention": hints.must_mention},
    )
    result, stats = provider.generate(request)
    assert isinstance(result, Brief)
    return english_names(result), stats


def summarize_brief(article: Article, provider: Provider, prompts: PromptSet) -> Summary:
    """A Summary holding the source and the English brief of one article."""
    started = time.perf_counter()
    prepared = prepare(article.text)
    if not prepared.text.strip():
        raise EmptyArticleError(
            f"{article.path}: nothing left to summarise after removing boilerplate"
        )
    brief, stats = brief_of(prepared, provider, prompts)
    meta = Meta(
        model=provider.name,
        prompt_version=prompts.version,
        tokens={
            "prompt": stats.prompt_tokens,
            "completion": stats.completion_tokens,
            "cached": stats.cached_tokens,
        },
        seconds=round(time.perf_counter() - started, 3),
        attempts=stats.attempts,
        calls=[stats],
    )
    return Summary(source=source_of(article, prepared), brief=brief, meta=meta)


@dataclass
class Outcome:
    """One article's result in a batch: a summary or the one-line reason it failed."""

    path: str
    summary: Summary | None = None
    error: str | None = None


def run_batch(
    paths: list[str], provider: Provider, prompts: PromptSet, *, max_bytes: int
) -> Iterator[Outcome]:
    """Summarise each article in turn; a bad article yields its error and the batch goes on.

    Errors about one article (its input, the model's answer to it) are reported and skipped;
    errors that would fail every article (a dead server, a missing key) end the batch.
    """
    for path in paths:
        try:
            article = read_article(path, max_bytes=max_bytes)
            yield Outcome(path, summary=summarize_brief(article, provider, prompts))
        except (InputError, InvalidOutputError, OutputTruncatedError, EmptyArticleError) as exc:
            yield Outcome(path, error=str(exc))
