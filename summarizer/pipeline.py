"""Article → prepared text → numbered sentences → task calls → grounded records → Summary."""

from __future__ import annotations

import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, TypeVar

from summarizer.articles import Article, read_article
from summarizer.briefs import event_sentences, make_brief, select_for_brief
from summarizer.code_transfers import code_transfers, phase_transfers
from summarizer.dating import article_year
from summarizer.drafts import (
    TransfersDraft,
    align_translation,
    check_transfers,
    translation_draft,
)
from summarizer.errors import AnswerError, InputError
from summarizer.grounding import (
    Sentence,
    for_model,
    group_sentences,
    numbered,
    split_sentences,
)
from summarizer.hints import canonical_systems, find_hints
from summarizer.llm.base import Provider, Request
from summarizer.normalize import (
    find_generic_weapons,
    find_status_cues,
    find_systems,
)
from summarizer.normalize.direction import names_transfer_verb
from summarizer.prepare import Prepared, language_name, prepare_once
from summarizer.prompts import PromptSet, defuse_delimiters
from summarizer.records import Evidence
from summarizer.relations import relations_of
from summarizer.schemas import CallStats, Meta, Relation, Source, Summary, Transfer
from summarizer.transfers import Drop, merge_transfers, to_transfer
from summarizer.validation import ValidationContext, validation_context

TASKS = ("brief", "transfers", "relations")


class EmptyArticleError(InputError):
    """The article held only boilerplate."""


@dataclass(frozen=True)
class Options:
    """What to produce and how to cut the article for the model's context."""

    tasks: tuple[str, ...] = TASKS
    chunk_chars: int = 7000  # ~2,300 Turkish tokens: article + task + answer fit n_ctx 8192
    max_bytes: int = 2_000_000


@dataclass
class _Run:
    """Accounting for one article's calls."""

    calls: list[CallStats] = field(default_factory=list)
    dropped: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def call(self, provider: Provider, request: Request) -> Any:
        result, stats = provider.generate(request)
        self.calls.append(stats)
        return result

    failed: list[str] = field(default_factory=list)

    def extraction(self, provider: Provider, request: Request) -> Any | None:
        """A call whose cut-off or invalid answer loses only this chunk's part, said in meta."""
        try:
            return self.call(provider, request)
        except AnswerError as exc:
            self.warnings.append(f"{request.task}: chunk skipped: {exc}")
            if request.task not in self.failed:
                self.failed.append(request.task)
            return None

    def drop(self, task: str, reason: str) -> None:
        """Count a record code refused after the model gave it."""
        self.dropped[task] = self.dropped.get(task, 0) + 1
        self.warnings.append(f"{task}: dropped {reason}")

    def note(self, task: str, dropped: list[str], warnings: list[str] = []) -> None:  # noqa: B006
        """Count what code left out of a validated answer, and say what it moved."""
        for reason in dropped:
            self.drop(task, reason)
        self.warnings += [f"{task}: {w}" for w in warnings]


_WARNING_CHARS = 500
_WARNINGS = 100


def bounded(warnings: list[str]) -> list[str]:
    """Warnings as stored: each at most 500 characters (they quote model text), 100 at most."""
    out = [w if len(w) <= _WARNING_CHARS else w[: _WARNING_CHARS - 1] + "…" for w in warnings]
    if len(out) > _WARNINGS:
        out = [*out[: _WARNINGS - 1], f"… and {len(out) - _WARNINGS + 1} more warnings"]
    return out


@dataclass(frozen=True)
class Chunk:
    """A run of consecutive sentences that the model reads in one go."""

    sentences: list[Sentence]

    @property
    def text(self) -> str:
        return "\n".join(s.text for s in self.sentences)

    @property
    def by_number(self) -> dict[int, Sentence]:
        return {s.n: s for s in self.sentences}


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


class Summarizer:
    """Runs the tasks on articles with one provider and one prompt set."""

    def __init__(self, provider: Provider, prompts: PromptSet, options: Options | None = None):
        self.provider = provider
        self.prompts = prompts
        self.options = options or Options()

    def _messages(self, task: str, chunk: Chunk, prepared: Prepared, **variables: Any) -> Any:
        published = prepared.published.isoformat() if prepared.published else None
        return self.prompts.messages(
            task, numbered(chunk.sentences), published=published, **variables
        )

    def _request(
        self, task: str, messages: Any, model: type, context: ValidationContext
    ) -> Request:
        spec = self.prompts.task(task)
        return Request(
            task=task,
            messages=messages,
            response_model=model,
            max_tokens=spec.max_tokens,
            temperature=spec.temperature,
            context=context,
        )

    def translate(
        self, run: _Run, chunk: Chunk, prepared: Prepared, numbers: list[int]
    ) -> dict[int, str]:
        """Verified English of the chosen sentences (an English article is its own)."""
        lines = [chunk.by_number[n] for n in numbers if n in chunk.by_number]
        if not lines:
            return {}
        if prepared.language == "en":
            return {s.n: " ".join(s.text.split()) for s in lines}
        hints = find_hints(" ".join(s.text for s in lines))
        messages = self._messages(
            "brief",
            chunk,
            prepared,
            language_name=language_name(prepared.language),
            glossary=hints.glossary,
            lines=[{"n": s.n, "text": defuse_delimiters(for_model(s.text))} for s in lines],
        )
        context = validation_context(
            chunk.by_number,
            prepared.text,
            numbers=[s.n for s in lines],
            system_prompt=self.prompts.system_text,
        )
        draft = run.extraction(
            self.provider,
            self._request("brief", messages, translation_draft(len(lines)), context),
        )
        if draft is None:
            return {}
        aligned = align_translation(draft.english, context)
        run.note("brief", aligned.problems, aligned.moved)
        return {line.n: canonical_systems(" ".join(line.en.split())) for line in aligned.kept}

    def transfers(
        self,
        run: _Run,
        chunk: Chunk,
        prepared: Prepared,
        evidence: Evidence,
        english: dict[int, str],
    ) -> list[Transfer]:
        """Arms transfers stated in the chunk; no call when no sentence names a weapon and a
        step of a deal (a record from any other sentence would be dropped anyway)."""
        candidates = [
            s.n
            for s in chunk.sentences
            if (find_systems(s.text) or find_generic_weapons(s.text))
            and (find_status_cues(s.text) or names_transfer_verb(s.text))
        ]
        if not candidates:
            return []
        hints = find_hints(chunk.text)
        messages = self._messages(
            "transfers", chunk, prepared, candidates=candidates, glossary=hints.glossary
        )
        context = validation_context(chunk.by_number, prepared.text)
        draft = run.extraction(
            self.provider, self._request("transfers", messages, TransfersDraft, context)
        )
        if draft is None:
            return []
        checked = check_transfers(draft.transfers, context)
        run.note("transfers", checked.problems)
        out: list[Transfer] = []
        for t in checked.kept:
            record = to_transfer(t, chunk.by_number, evidence, english)
            if isinstance(record, Drop):
                run.drop("transfers", record.reason)
            else:
                out.append(record)
        return out

    def summarize(self, article: Article) -> Summary:
        """All requested summaries of one article, grounded and normalised."""
        started = time.perf_counter()
        prepared = prepare_once(article.text)
        sentences = split_sentences(prepared.text)
        if not sentences:
            raise EmptyArticleError(
                f"{article.path}: nothing left to summarise after removing boilerplate"
            )
        chunks = [Chunk(g) for g in group_sentences(sentences, self.options.chunk_chars)]
        evidence = Evidence(article.text, prepared.text)
        run = _Run()
        tasks = self.options.tasks
        selection = select_for_brief(chunks[0].sentences) if "brief" in tasks else None
        english: dict[int, str] = {}
        transfers: list[Transfer] = []
        relations: list[Relation] = []
        # Task after task on the same chunk: the server's prompt cache reads the chunk once.
        for i, chunk in enumerate(chunks):
            wanted = [s.n for s in selection.sentences] if selection and i == 0 else []
            # The same sentences whatever the tasks: `brief` and `summarize` translate alike.
            if "relations" in tasks or "brief" in tasks:
                wanted += event_sentences(chunk.sentences, exclude=wanted)
            english.update(self.translate(run, chunk, prepared, sorted(set(wanted))))
            if "transfers" in tasks:
                transfers += self.transfers(run, chunk, prepared, evidence, english)
                transfers += code_transfers(chunk.sentences, evidence)
                transfers += phase_transfers(transfers, chunk.sentences, evidence)

        merged = merge_transfers(transfers)  # one record per deal, for relations and output

        def _produced(task: str) -> bool:
            found = transfers if task == "transfers" else relations
            return task in tasks and (task not in run.failed or bool(found))

        if "relations" in tasks:
            year = article_year(sentences, prepared.published.year if prepared.published else None)
            relations, left = relations_of(sentences, evidence, english, year, merged)
            for reason in left:
                run.drop("relations", reason)
        brief = (
            make_brief(selection, english, evidence, sentences) if selection is not None else None
        )
        if "brief" in tasks and brief is None:
            if "brief" not in run.failed:
                run.failed.append("brief")
            run.warnings.append(
                "brief: no sentence of the article could be translated and verified"
            )
        elif "brief" in run.failed:
            run.failed.remove("brief")  # a later chunk's translation failed; the brief stands
        meta = Meta(
            model=self.provider.name,
            prompt_version=self.prompts.version,
            tokens={
                "prompt": sum(c.prompt_tokens for c in run.calls),
                "completion": sum(c.completion_tokens for c in run.calls),
                "cached": sum(c.cached_tokens for c in run.calls),
            },
            seconds=round(time.perf_counter() - started, 3),
            attempts=sum(c.attempts for c in run.calls),
            calls=run.calls,
            chunks=len(chunks),
            dropped=run.dropped,
            warnings=bounded(run.warnings),
            failed=run.failed,
        )
        return Summary(
            source=source_of(article, prepared),
            brief=brief,
            # A part that failed in every chunk is absent, not an empty "nothing found".
            arms_transfers=merged if _produced("transfers") else None,
            relations=relations if _produced("relations") else None,
            meta=meta,
        )


@dataclass
class Outcome:
    """One article's result in a batch: a summary or the one-line reason it failed."""

    path: str
    summary: Summary | None = None
    error: str | None = None


T = TypeVar("T")
R = TypeVar("R")


class _DaemonPool:
    """Worker threads that never hold the process open.

    A ThreadPoolExecutor's threads are joined when the interpreter exits, so Ctrl-C or SIGTERM
    during remote calls waited for every call in flight (up to timeout x retries). These
    threads are daemons: on an interrupt the caller stops waiting, keeps what is finished, and
    the process ends at once, abandoning calls whose answers nobody would store.
    """

    def __init__(self, workers: int) -> None:
        self.jobs: queue.SimpleQueue[tuple[Future[Any], Callable[[Any], Any], Any] | None]
        self.jobs = queue.SimpleQueue()
        self.threads = [
            threading.Thread(target=self._work, name=f"summarize-{i}", daemon=True)
            for i in range(workers)
        ]
        for thread in self.threads:
            thread.start()

    def _work(self) -> None:
        while (job := self.jobs.get()) is not None:
            future, fn, item = job
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(fn(item))
            except BaseException as exc:  # carried to the caller, raised in its place
                future.set_exception(exc)

    def submit(self, fn: Callable[[T], R], item: T) -> Future[R]:
        future: Future[R] = Future()
        self.jobs.put((future, fn, item))
        return future

    def shutdown(self, pending: Iterable[Future[Any]], *, wait: bool) -> None:
        for future in pending:
            future.cancel()
        for _ in self.threads:
            self.jobs.put(None)
        if wait:
            for thread in self.threads:
                thread.join()


def ordered_map(fn: Callable[[T], R], items: Iterable[T], concurrency: int) -> Iterator[R]:
    """fn over items on up to `concurrency` threads, results in input order.

    Items are drawn in the caller's thread (so they may touch the store) a little ahead of
    the workers; at most `concurrency` calls of fn run at once. An exception from fn is
    raised at its place in the order, and the items not yet started are cancelled. An
    interrupt (or any exception in the caller) stops at once: calls in flight are abandoned.
    """
    if concurrency <= 1:
        yield from map(fn, items)
        return
    pool = _DaemonPool(concurrency)
    pending: deque[Future[R]] = deque()
    finished = False
    try:
        for item in items:
            pending.append(pool.submit(fn, item))
            # Keep the workers fed while the head of the line is still running.
            if len(pending) >= 2 * concurrency:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
        finished = True
    finally:
        pool.shutdown(pending, wait=finished)


def run_batch(
    paths: list[str], summarizer: Summarizer, *, concurrency: int = 1
) -> Iterator[Outcome]:
    """Summarise the articles, `concurrency` at a time, yielding outcomes in input order.

    Errors about one article (its input, the model's answer to it) are reported and skipped;
    errors that would fail every article (a dead server, a missing key) end the batch.
    """

    def one(path: str) -> Outcome:
        try:
            article = read_article(path, max_bytes=summarizer.options.max_bytes)
            return Outcome(path, summary=summarizer.summarize(article))
        except (InputError, AnswerError) as exc:
            return Outcome(path, error=str(exc))

    yield from ordered_map(one, paths, concurrency)
