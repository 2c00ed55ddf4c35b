"""Summarising POSTed articles: one background thread, the ingest lock, jobs kept in memory.

A POST becomes a job. A text already summarised by the configured model and prompts is
answered at once from the store (no model call, no job to wait for); anything else is queued
and the worker thread runs it through `summarizer.ingest.Ingester`, the machinery of
`summarizer ingest`, holding the store's `ingest` lock: the same de-duplication, one summary
per model and prompt version, failures recorded with their reason, a run row per batch. The
model starts only when a queued job needs it and is closed when the queue runs dry, so an
idle server holds no model in memory. Jobs live in memory: a restart forgets them, never the
summaries they stored.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from summarizer.articles import Article, decode_bytes
from summarizer.config import is_postgres, store_settings
from summarizer.errors import BusyError, InputError, SummarizerError
from summarizer.ingest import Ingester, IngestOptions
from summarizer.ingest_events import Item, Quiet, Verdict
from summarizer.store import Store
from summarizer.store_lock import exclusive

if TYPE_CHECKING:
    from summarizer.config import Settings
    from summarizer.pipeline import Summarizer

log = logging.getLogger(__name__)

JobStatus = Literal["queued", "running", "done", "failed"]


class TooLarge(InputError):
    """A posted text over the input size limit (SUMMARIZER_MAX_INPUT_BYTES)."""


class QueueFull(SummarizerError):
    """Too many jobs are waiting; the client should try again later."""


@dataclass
class Job:
    """One POSTed article on its way into the store."""

    id: int
    label: str  # how errors name it: the URL, or "posted text <hash>"
    source: str  # the store's key: "api:<sha256>" for a text, else the URL
    created: str
    status: JobStatus = "queued"
    article: Article | None = None  # the posted text; None for a URL, fetched by the worker
    article_id: int | None = None
    error: str | None = None  # one line, when the job failed
    warning: str | None = None  # one line, when a part of the summary failed (kept, retried)
    cached: bool = False  # answered from the store: no model call
    finished: str | None = None


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def one_line(text: str, limit: int = 300) -> str:
    """An error for a job: one line, bounded."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def posted_article(text: str, max_bytes: int) -> Article:
    """A posted text as an Article, checked like a file (empty, binary, no letters, size)."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError("the text is not valid Unicode (lone surrogates)") from None
    if len(data) > max_bytes:
        raise TooLarge(f"the text is larger than {max_bytes:,} bytes (SUMMARIZER_MAX_INPUT_BYTES)")
    if not text.strip():
        raise InputError("the text is empty")
    decoded, encoding = decode_bytes(data, "the text")
    digest = hashlib.sha256(data).hexdigest()
    return Article(
        path=f"api:{digest}", text=decoded, sha256=digest, encoding=encoding, size=len(data)
    )


class Jobs:
    """The job table and its worker thread (started on the first job that needs the model)."""

    def __init__(
        self,
        db: Path | str,
        settings: Callable[[], Settings],
        *,
        lock_wait: float = 300.0,
        keep: int = 1000,
        max_queued: int = 100,
    ) -> None:
        self.db = db
        self._settings = settings
        self.lock_wait = lock_wait  # seconds a batch waits for a CLI `ingest` to end
        self.keep = keep
        self.max_queued = max_queued
        self._jobs: dict[int, Job] = {}
        self._queue: list[int] = []
        self._next = 1
        self._cond = threading.Condition()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._key: tuple[str, str] | None = None

    # ------------------------------------------------------------------ submitting

    def model_key(self) -> tuple[str, str]:
        """(model, prompt version): the store's key for summaries this server makes."""
        if self._key is None:
            from summarizer.prompts import load_prompts

            self._key = (self._settings().model.strip(), load_prompts().version)
        return self._key

    def submit_text(self, text: str) -> Job:
        """A posted text: answered from the store when already summarised, else queued."""
        article = posted_article(text, self._settings().max_input_bytes)
        model, version = self.model_key()
        with Store(self.db) as store:
            article_id, _ = store.add_article(article, source=article.path, url=None)
            done = store.summary_id(article_id, model, version) is not None
        job = self._new(f"posted text {article.sha256[:12]}", article.path, article)
        return self._answered(job, article_id) if done else self._enqueue(job, article_id)

    def submit_url(self, url: str) -> Job:
        """A posted page address: answered from the store when known, else queued to fetch."""
        model, version = self.model_key()
        with Store(self.db) as store:
            known = store.article_at(url)
            done = known is not None and store.summary_id(known.id, model, version) is not None
        job = self._new(url, url, None)
        if done and known is not None:
            return self._answered(job, known.id)
        return self._enqueue(job, None)

    def get(self, job_id: int) -> Job | None:
        """A snapshot of one job."""
        with self._cond:
            job = self._jobs.get(job_id)
            return replace(job) if job is not None else None

    def close(self, wait: float = 0.0) -> None:
        """Stop taking queued jobs; wait up to `wait` seconds for a batch in flight (else it
        ends with the process: what it committed is kept, like an interrupted `ingest`)."""
        self._stop.set()
        with self._cond:
            self._cond.notify_all()
        if wait and self._thread is not None:
            self._thread.join(wait)

    def _new(self, label: str, source: str, article: Article | None) -> Job:
        with self._cond:
            job = Job(id=self._next, label=label, source=source, created=_now(), article=article)
            self._next += 1
            self._jobs[job.id] = job
            self._prune()
            return job

    def _answered(self, job: Job, article_id: int) -> Job:
        with self._cond:
            job.status, job.cached, job.article_id = "done", True, article_id
            job.finished, job.article = _now(), None
            return replace(job)

    def _enqueue(self, job: Job, article_id: int | None) -> Job:
        with self._cond:
            if len(self._queue) >= self.max_queued:
                del self._jobs[job.id]
                raise QueueFull(f"{len(self._queue)} articles are waiting; try again later")
            job.article_id = article_id
            self._queue.append(job.id)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._work, name="summarise", daemon=True)
                self._thread.start()
            self._cond.notify_all()
            return replace(job)

    def _prune(self) -> None:
        """Forget the oldest finished jobs beyond `keep`."""
        finished = [j.id for j in self._jobs.values() if j.status in ("done", "failed")]
        for job_id in finished[: max(0, len(self._jobs) - self.keep)]:
            del self._jobs[job_id]

    # ------------------------------------------------------------------ the worker

    def _work(self) -> None:
        while not self._stop.is_set():
            with self._cond:
                while not self._queue and not self._stop.is_set():
                    self._cond.wait(timeout=1.0)
                batch = [self._jobs[i] for i in self._queue if i in self._jobs]
                self._queue.clear()
            if batch and not self._stop.is_set():
                self._run(batch)

    def _run(self, batch: list[Job]) -> None:
        """One ingest run over the batch; every job ends done or failed with one line."""
        try:
            with self._ingest_lock(), Store(self.db) as store:
                with self._cond:
                    for job in batch:
                        job.status = "running"
                # A killed run left 'running' (under the lock; on PostgreSQL, a silent worker's).
                store.close_stale_runs("ingest", store_settings().lease)
                self._ingest(store, batch)
        except SummarizerError as exc:
            self._fail_unfinished(batch, str(exc))
        except Exception:
            log.exception("summarising posted articles failed")
            self._fail_unfinished(batch, "internal error while summarising (see the server log)")
        else:
            self._fail_unfinished(batch, "the article was not summarised")

    def _ingest(self, store: Store, batch: list[Job]) -> None:
        from summarizer.ingest import ingest_plan

        options, make_summarizer = ingest_plan(self._settings())
        listener = _Listener(self, batch)
        ingester = _ApiIngester(store, make_summarizer, options, listener, batch)
        ingester.run(list(dict.fromkeys(job.source for job in batch)))
        for job in batch:  # where each fetched article ended up in the store
            where = ingester.final.get(job.source, job.source)
            known = store.article_at(where) if job.article_id is None else None
            if known is not None:
                with self._cond:
                    job.article_id = known.id

    @contextlib.contextmanager
    def _ingest_lock(self) -> Iterator[None]:
        """The store's `ingest` lock; a CLI `ingest` holding it is waited for, up to lock_wait.
        On PostgreSQL there is none: the desk's runs share the work with other workers."""
        if is_postgres(self.db):
            yield
            return
        deadline = time.monotonic() + self.lock_wait
        with contextlib.ExitStack() as stack:
            while True:
                try:
                    stack.enter_context(exclusive(Path(self.db), "ingest"))
                    break
                except BusyError:
                    if time.monotonic() > deadline or self._stop.wait(0.5):
                        raise
            yield

    def _finish(self, label: str, outcome: Verdict, detail: str, batch: list[Job]) -> None:
        with self._cond:
            for job in batch:
                if job.label != label or job.status != "running":
                    continue
                job.finished, job.article = _now(), None
                if outcome == "failed":
                    job.status, job.error = "failed", one_line(detail)
                else:
                    job.status, job.cached = "done", outcome in ("cached", "duplicate")

    def _warn(self, label: str, reason: str, batch: list[Job]) -> None:
        with self._cond:
            for job in batch:
                if job.label == label:
                    job.warning = one_line(reason)

    def _fail_unfinished(self, batch: list[Job], reason: str) -> None:
        with self._cond:
            for job in batch:
                if job.status in ("queued", "running"):
                    job.status, job.error = "failed", one_line(reason)
                    job.finished, job.article = _now(), None


class _Listener(Quiet):
    """Ingest progress → job states."""

    def __init__(self, jobs: Jobs, batch: list[Job]) -> None:
        self.jobs = jobs
        self.batch = batch

    def finished(self, item: Item, outcome: Verdict, detail: str) -> None:
        self.jobs._finish(item.label, outcome, detail, self.batch)

    def incomplete(self, item: Item, reason: str) -> None:
        self.jobs._warn(item.label, reason, self.batch)


class _ApiIngester(Ingester):
    """The ingest batch with two kinds of items of its own: posted texts (read from the job,
    not from a file) and posted page addresses (one page each, never a feed's entries)."""

    def __init__(
        self,
        store: Store,
        make_summarizer: Callable[[], Summarizer],
        options: IngestOptions,
        listener: _Listener,
        batch: list[Job],
    ) -> None:
        super().__init__(store, make_summarizer, options, listener)
        self.posted = {job.source: job for job in batch}
        self.final: dict[str, str] = {}  # posted address → the page's address after redirects

    def _items(self, source: str) -> Iterator[Item]:
        job = self.posted[source]
        if job.article is not None:
            yield Item(source=source, label=job.label)
            return
        from summarizer.fetch import feed_entries, fetch

        fetched = fetch(source, self.options.fetch, self.client)
        if feed_entries(fetched, 1) is not None:
            raise InputError(f"{source}: is a feed; post the address of one article")
        self.final[source] = fetched.final_url
        yield Item(
            source=fetched.final_url, label=job.label, url=fetched.final_url, fetched=fetched
        )

    def _read(self, item: Item) -> Article:
        job = self.posted.get(item.source)
        if job is not None and job.article is not None:
            return job.article
        return super()._read(item)
