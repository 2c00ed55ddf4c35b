"""Ingest: sources (files, directories, pages, feeds) → articles in the store → summaries.

Each item is read, de-duplicated by URL/path and content hash, summarised once per model and
prompt version, and committed at once; a failure is recorded with its reason and the batch
goes on. A model that cannot be reached ends the batch (every other item would fail too).

Several ingest processes (on several machines, with a PostgreSQL store) share the work: each
claims an article before summarising it, so none is summarised twice; an article another
worker holds is left to it, and taken over if that worker dies (its lease runs out). After its
own items, a worker takes what stopped or dead workers left (store_queue.py).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from summarizer.articles import Article, iter_paths, read_article
from summarizer.config import FetchSettings
from summarizer.errors import (
    AnswerError,
    InputError,
    ProviderError,
    SummarizerError,
)
from summarizer.ingest_events import Item, Listener, Quiet, Verdict
from summarizer.pipeline import ordered_map
from summarizer.schemas import Summary
from summarizer.store import MAX_TRIES, RunTotals, Store, now
from summarizer.store_queue import Heartbeat, LostClaim, worker_id

if TYPE_CHECKING:
    import httpx

    from summarizer.config import Settings
    from summarizer.pipeline import Summarizer

log = logging.getLogger(__name__)

POLL_S = 0.5  # how often a worker looks again for articles other workers hold


@dataclass(frozen=True)
class IngestOptions:
    """What to summarise with and how to fetch."""

    model: str  # the store's key for the model: the name the user chose
    prompt_version: str
    force: bool = False
    max_bytes: int = 2_000_000
    concurrency: int = 1  # articles summarised at once (remote models)
    fetch: FetchSettings = field(default_factory=FetchSettings)
    lease: float = 60.0  # seconds a dead worker's claim lasts; renewed every third of it


def ingest_plan(
    settings: Settings, *, force: bool = False
) -> tuple[IngestOptions, Callable[[], Summarizer]]:
    """The options of an ingest with these settings, and how to make its summarizer (the
    model is started only when an article needs it). Shared by the CLI and the web jobs."""
    from summarizer.config import FETCH_ENV, load_section, store_settings
    from summarizer.llm import batch_concurrency, get_provider
    from summarizer.pipeline import Options, Summarizer
    from summarizer.prompts import load_prompts

    fetch = load_section(FetchSettings, "fetch", FETCH_ENV, {})
    prompts = load_prompts()

    def make_summarizer() -> Summarizer:
        options = Options(max_bytes=settings.max_input_bytes)
        return Summarizer(get_provider(settings), prompts, options)

    options = IngestOptions(
        model=settings.model.strip(),
        prompt_version=prompts.version,
        force=force,
        max_bytes=settings.max_input_bytes,
        concurrency=batch_concurrency(settings),
        fetch=fetch,
        lease=store_settings().lease,
    )
    return options, make_summarizer


@dataclass
class _Work:
    """One item on its way through the batch."""

    item: Item
    outcome: Verdict | None = None  # decided without the model: cached, duplicate, failed
    detail: str = ""
    article: Article | None = None
    article_id: int = 0
    summary: Summary | None = None
    fatal: ProviderError | None = None
    claimed: bool = False  # this worker holds the article's claim


@dataclass
class IngestReport:
    """What a run did, item by item and in total."""

    run_id: int
    totals: RunTotals = field(default_factory=RunTotals)
    failures: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    status: str = "running"

    def count(self, outcome: Verdict) -> None:
        name = "duplicates" if outcome == "duplicate" else outcome
        self.totals = replace(self.totals, **{name: getattr(self.totals, name) + 1})


class Ingester:
    """Runs one ingest batch against a store; the model starts only if something needs it."""

    def __init__(
        self,
        store: Store,
        make_summarizer: Callable[[], Summarizer],
        options: IngestOptions,
        listener: Listener | None = None,
    ) -> None:
        self.store = store
        self.make_summarizer = make_summarizer
        self.options = options
        self.listener: Listener = listener or Quiet()
        self._summarizer: Summarizer | None = None
        self._lock = threading.Lock()
        self._client: httpx.Client | None = None
        self.worker = worker_id()
        self._since = 0.0  # the store's clock when the run began
        self._deferred: dict[int, _Work] = {}  # article id → item another worker holds
        self.current: str | None = None  # what the heartbeat reports
        self.done = 0

    def run(self, sources: list[str]) -> IngestReport:
        """Ingest every source and return the counts; Ctrl-C or a dead model is recorded."""
        started = time.perf_counter()
        options = self.options
        # The worker first: another worker closing stale runs must not take this one for dead.
        self.store.register_worker(self.worker, model=options.model, started_at=now())
        run_id = self.store.start_run("ingest", options.model, options.prompt_version, self.worker)
        report = IngestReport(run_id)
        status, error = "failed", None
        self._since = self.store.clock()
        heartbeat = Heartbeat(
            self.store.location, self.worker, options.lease, lambda: (self.current, self.done)
        )
        try:
            items = list(self._expand(sources, report))
            report.totals = replace(report.totals, items=len(items) + report.totals.failed)
            self.listener.expanded(len(items))
            work = ordered_map(self._summarize, self._stage(items, report), options.concurrency)
            for done in work:
                self._finish(done, report)
            self._drain(report)
            status = "done"
        except KeyboardInterrupt:
            status, error = "interrupted", "interrupted (Ctrl-C or SIGTERM)"
            raise
        except SummarizerError as exc:
            error = str(exc)
            raise
        finally:
            heartbeat.stop()
            report.status = status
            report.seconds = time.perf_counter() - started
            self.close()
            try:  # what it still held goes back to the queue (its lease, if the store is gone)
                self.store.stop_worker(self.worker)
            except SummarizerError as exc:
                log.debug("could not give back the claims: %s", exc)  # the run's error says it
            self.store.finish_run(
                run_id, status, report.totals, seconds=report.seconds, error=error
            )
        return report

    def close(self) -> None:
        """Stop the model server and the HTTP client, if they were started."""
        if self._summarizer is not None:
            self._summarizer.provider.close()
            self._summarizer = None
        if self._client is not None:
            self._client.close()
            self._client = None

    # ------------------------------------------------------------- expanding

    def _fail(self, report: IngestReport, source: str, reason: str) -> None:
        report.failures.append((source, reason))
        self.store.record_failure(report.run_id, source, reason)

    def _expand(self, sources: list[str], report: IngestReport) -> Iterator[Item]:
        seen: set[str] = set()
        for source in sources:
            try:
                for item in self._items(source):
                    if item.source not in seen:
                        seen.add(item.source)
                        yield item
            except InputError as exc:
                # A source that yields nothing (dead feed, empty folder) counts as one item.
                self._fail(report, source, str(exc))
                report.count("failed")
                self.listener.finished(Item(source=source, label=source), "failed", str(exc))

    def _items(self, source: str) -> Iterator[Item]:
        from summarizer.fetch import is_url

        if not is_url(source):
            for path in iter_paths([source]):
                key = path if path == "-" else str(Path(path).resolve())
                yield Item(source=key, label=path)
            return
        from summarizer.fetch import feed_entries, fetch

        fetched = fetch(source, self.options.fetch, self.client)
        entries = feed_entries(fetched, self.options.fetch.max_items)
        if entries is None:
            yield Item(
                source=fetched.final_url, label=source, url=fetched.final_url, fetched=fetched
            )
            return
        for entry in entries:
            yield Item(source=entry.url, label=entry.url, url=entry.url)

    @property
    def client(self) -> httpx.Client:
        """One HTTP client for the whole batch (connection reuse)."""
        if self._client is None:
            from summarizer.fetch import open_client

            self._client = open_client(self.options.fetch)
        return self._client

    # ------------------------------------------------------------ one item

    def _stage(self, items: list[Item], report: IngestReport) -> Iterator[_Work]:
        """Main thread: de-duplicate, read and claim each item; the store is touched only here."""
        in_flight: set[int] = set()
        for item in items:
            self.listener.started(item)
            work = _Work(item)
            try:
                self._check(work, in_flight)
            except InputError as exc:
                work.outcome, work.detail = "failed", str(exc)
            if self._deferred.get(work.article_id) is not work:
                yield work

    def _drain(self, report: IngestReport) -> None:
        """After its own items: take what stopped or dead workers left, and wait for the
        items other workers hold (counted as theirs when they finish, taken over when their
        lease runs out)."""
        options = self.options
        while True:
            batch = []
            for _ in range(options.concurrency):
                job = self.store.claim_next(
                    model=options.model,
                    prompt_version=options.prompt_version,
                    worker=self.worker,
                    lease=options.lease,
                )
                if job is None:
                    break
                batch.append(self._taken(*job, report=report))
            batch += self._settle(report)
            if batch:
                for done in ordered_map(self._summarize, batch, options.concurrency):
                    self._finish(done, report)
                continue
            orphans = self.store.orphaned(
                model=options.model, prompt_version=options.prompt_version, lease=options.lease
            )
            if not self._deferred and not orphans:  # a dead worker's article: wait, take it
                return
            time.sleep(POLL_S)

    def _taken(self, article_id: int, source: str, report: IngestReport | None = None) -> _Work:
        """A work item for an article claimed from the queue."""
        work = self._deferred.pop(article_id, None)
        if work is None:  # left by another run: this run's item from now on
            work = _Work(Item(source=source, label=source), article_id=article_id)
            if report is not None:
                report.totals = replace(report.totals, items=report.totals.items + 1)
            self.listener.started(work.item)
        work.claimed = True
        work.article = self.store.article_text(article_id)
        return work

    def _settle(self, report: IngestReport) -> list[_Work]:
        """Items other workers held and have finished: theirs, counted as already done. An
        item found busy only while another worker looked at it (its job ended before this
        run) is claimed now: returned, to be summarised."""
        options, again = self.options, []
        ids = list(self._deferred)
        model, version = options.model, options.prompt_version
        for row in self.store.job_states(model=model, prompt_version=version, article_ids=ids):
            article_id, state = int(row["article_id"]), row["state"]
            if state not in ("done", "failed"):
                continue
            if (row["finished_at"] or 0) < self._since:
                label = self._deferred[article_id].item.label
                claim = self.store.claim(
                    article_id, model=model, prompt_version=version, source=label,
                    worker=self.worker, lease=options.lease, since=self._since,
                )  # fmt: skip
                if claim == "claimed":
                    again.append(self._taken(article_id, label))
            else:
                work = self._deferred.pop(article_id)
                if state == "done":
                    work.outcome, work.detail = "cached", "summarised by another worker"
                else:
                    work.outcome = "failed"
                    work.detail = f"{work.item.label}: another worker could not summarise it"
                self._finish(work, report)
        return again

    def _check(self, work: _Work, in_flight: set[int]) -> None:
        options, item = self.options, work.item
        if item.url and not item.fetched and not options.force:
            known = self.store.article_at(item.source)
            if known and self.store.summary_id(known.id, options.model, options.prompt_version):
                work.outcome, work.detail = "cached", "already summarised (URL seen before)"
                return
            if known and self.store.held_elsewhere(
                known.id,
                model=options.model,
                prompt_version=options.prompt_version,
                worker=self.worker,
            ):
                # Another worker is summarising this page: not fetched again (see _drain).
                work.article_id = known.id
                in_flight.add(known.id)  # another item with the same text is a duplicate
                self._deferred[known.id] = work
                return
        article = self._read(item)
        article_id, _ = self.store.add_article(article, source=item.source, url=item.url)
        first = self.store.article_at(item.source)
        if article_id in in_flight:
            work.outcome = "duplicate"
            work.detail = f"same text as {first.source if first else 'another item'}"
            return
        existing = self.store.summary_id(article_id, options.model, options.prompt_version)
        if existing and not options.force:
            if first is not None and first.source != item.source:
                work.outcome, work.detail = "duplicate", f"same text as {first.source}"
            else:
                work.outcome, work.detail = "cached", "already summarised"
            return
        in_flight.add(article_id)
        work.article, work.article_id = article, article_id
        claim = self.store.claim(
            article_id,
            model=options.model,
            prompt_version=options.prompt_version,
            source=item.label,
            worker=self.worker,
            lease=options.lease,
            since=self._since,
        )
        if claim == "done":
            work.outcome, work.detail = "cached", "summarised by another worker during this run"
        elif claim == "failed":
            work.outcome = "failed"
            work.detail = f"{item.label}: another worker could not summarise it during this run"
        elif claim == "busy":
            self._deferred[article_id] = work  # another worker has it; see _drain
        work.claimed = claim == "claimed"

    def _summarize(self, work: _Work) -> _Work:
        """Worker thread: the model call; errors are carried back to the main thread."""
        if work.outcome is not None or work.article is None:
            return work
        self.current = work.item.label
        try:
            work.summary = self.summarizer.summarize(work.article)
        except (InputError, AnswerError) as exc:
            work.outcome, work.detail = "failed", str(exc)
        except ProviderError as exc:
            work.fatal = exc
        return work

    def _finish(self, work: _Work, report: IngestReport) -> None:
        """Main thread: commit the summary at once, count, report."""
        item = work.item
        if work.fatal is not None:
            # Recorded and counted here; the CLI boundary prints it, once.
            self._fail(report, item.label, str(work.fatal))
            report.count("failed")
            raise work.fatal
        if work.summary is not None and not self._save(work, report):
            work.summary = None
            work.outcome, work.detail = "duplicate", "another worker took it over (lease ran out)"
        if work.summary is not None:
            summary = work.summary
            tokens, totals = summary.meta.tokens, report.totals
            report.totals = replace(
                totals,
                prompt_tokens=totals.prompt_tokens + tokens.get("prompt", 0),
                completion_tokens=totals.completion_tokens + tokens.get("completion", 0),
                attempts=totals.attempts + summary.meta.attempts,
            )
            work.outcome, work.detail = "summarised", f"{summary.meta.seconds:.1f} s"
            if summary.meta.failed:
                # Kept, so nothing that worked is lost; not finished, so the next run retries.
                parts = ", ".join(summary.meta.failed)
                reason = f"{item.label}: {parts} failed; kept, and tried again on the next run"
                reason += f" (at most {MAX_TRIES} tries in all)"
                self._fail(report, item.label, reason)
                report.totals = replace(report.totals, incomplete=report.totals.incomplete + 1)
                self.listener.incomplete(item, reason)
        if work.outcome == "failed":
            self._fail(report, item.label, work.detail)
            if work.claimed:  # tried again by the next run, not by another worker of this one
                self._end_claim(work, "failed")
        outcome: Verdict = work.outcome or "failed"
        report.count(outcome)
        self.done += outcome == "summarised"
        self.listener.finished(item, outcome, work.detail)

    def _save(self, work: _Work, report: IngestReport) -> bool:
        """Commit the summary, closing the claim in the same transaction; False if another
        worker took the article over meanwhile (nothing is stored)."""
        assert work.summary is not None
        try:
            self.store.save_summary(
                work.article_id,
                work.summary,
                model=self.options.model,
                run_id=report.run_id,
                worker=self.worker if work.claimed else None,
            )
        except LostClaim:
            return False
        return True

    def _end_claim(self, work: _Work, state: str) -> None:
        options = self.options
        self.store.finish_claim(
            work.article_id,
            model=options.model,
            prompt_version=options.prompt_version,
            worker=self.worker,
            state=state,
        )

    def _read(self, item: Item) -> Article:
        if item.url is None:
            return read_article(item.label, max_bytes=self.options.max_bytes)
        from summarizer.fetch import fetch, page_article

        fetched = item.fetched or fetch(item.url, self.options.fetch, self.client)
        return page_article(fetched)

    @property
    def summarizer(self) -> Summarizer:
        """The pipeline, started on first use: a batch of known articles never loads a model."""
        with self._lock:  # workers may ask at the same moment; start one server, not two
            if self._summarizer is None:
                self._summarizer = self.make_summarizer()
            return self._summarizer
