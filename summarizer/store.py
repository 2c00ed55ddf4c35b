"""The store: articles, their summaries, runs, failures, the work queue and the digests sent.

A SQLite file (WAL mode, one ingest at a time under a file lock: store_lock.py) or a
PostgreSQL database shared by many ingest workers (store_backend.py), with the same schema and
migrations (store_schema.py). Every summary is committed the moment it exists, so a crash or
Ctrl-C loses nothing already summarised. Summaries are keyed by article hash + model +
prompt version: an unchanged article is summarised once. Workers claim articles with leases
(store_queue.py), so two never summarise the same one.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarizer.articles import Article
from summarizer.config import is_postgres
from summarizer.errors import StoreError
from summarizer.schemas import Summary
from summarizer.store_backend import Backend, PostgresBackend, connect
from summarizer.store_queue import LostClaim, QueueMixin
from summarizer.store_schema import MIGRATIONS

# How many times in all an article whose summary has a failed part is summarised.
MAX_TRIES = 3


def now() -> str:
    """The current UTC time as stored: ISO 8601 with seconds."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class StoredArticle:
    """An article row, without its text."""

    id: int
    sha256: str
    source: str
    url: str | None
    title: str | None
    first_seen: str


@dataclass(frozen=True)
class Unsent:
    """The newest summary of an article that no sent digest has carried yet."""

    article: StoredArticle
    summary_id: int
    summary: Summary


@dataclass(frozen=True)
class RunTotals:
    """What one ingest run did; written to its `runs` row."""

    items: int = 0
    summarised: int = 0
    cached: int = 0
    duplicates: int = 0
    failed: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    attempts: int = 0
    incomplete: int = 0  # summarised, but a part failed: kept, and tried again next run


@contextmanager
def locked(location: Path | str, job: str) -> Iterator[Store]:
    """The store, opened for one run of `job`, never two at once: on SQLite the lock file
    beside it is taken before the file is opened (two processes creating a new store at once
    would race for its first write); on PostgreSQL an advisory lock, except for ingest,
    whose workers share the work through claims instead."""
    if is_postgres(location):
        with Store(location) as store:
            if job == "ingest":
                yield store
                return
            assert isinstance(store.backend, PostgresBackend)
            with store.backend.job_lock(job):
                yield store
        return
    from summarizer.store_lock import exclusive

    with exclusive(Path(location), job), Store(location) as store:
        yield store


class Store(QueueMixin):
    """A connection to the store; use as a context manager or call close()."""

    def __init__(self, location: Path | str) -> None:
        self.location = location
        self.backend: Backend = connect(location)
        self.path = self.backend.name  # as messages name it: the file, or the URL sans password
        self.db = self.backend.db
        try:
            self._migrate()
        except self.backend.errors as exc:
            self.backend.close()
            raise StoreError(self.backend.describe(exc)) from None
        except StoreError:
            self.backend.close()
            raise

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (committed data is already stored)."""
        self.backend.close()

    @property
    def version(self) -> int:
        """The schema version: how many migrations have been applied."""
        return self.backend.version()

    def _migrate(self) -> None:
        if self.version > len(MIGRATIONS):
            raise StoreError(
                f"store {self.path}: schema version {self.version} is newer than this "
                f"summarizer knows ({len(MIGRATIONS)}); upgrade summarizer"
            )
        if self.version == len(MIGRATIONS):
            return  # nothing to do: opening never waits for another process's write lock
        with self.backend.migration_lock(), self.transaction():
            # Re-read inside the lock: another process may have migrated meanwhile.
            for number in range(self.version, len(MIGRATIONS)):
                for statement in MIGRATIONS[number].split(";"):
                    if statement.strip():
                        self.backend.execute(self.backend.ddl(statement))
                self.backend.set_version(number + 1)

    @contextmanager
    def transaction(self) -> Iterator[Backend]:
        """One write transaction; any database error in it becomes a one-line StoreError."""
        try:
            with self.backend.transaction():
                yield self.backend
        except self.backend.errors as exc:
            # Any statement of the transaction: read-only file, full disk, lost server.
            raise StoreError(self.backend.describe(exc)) from None

    def _write(self, sql: str, params: tuple[Any, ...] = ()) -> int:
        """One statement in its own transaction; the id it returns (RETURNING id), or 0."""
        with self.transaction() as db:
            cursor = db.execute(sql, params)
            row = cursor.fetchone() if "RETURNING" in sql else None
        return int(row["id"]) if row else 0

    def _read(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        try:
            return list(self.backend.execute(sql, params).fetchall())
        except self.backend.errors as exc:
            raise StoreError(self.backend.describe(exc)) from None

    # ----------------------------------------------------------------- articles

    def article_at(self, source: str) -> StoredArticle | None:
        """The article last seen at this URL or path, if any."""
        rows = self._read(
            "SELECT a.* FROM sources s JOIN articles a ON a.id = s.article_id WHERE s.source = ?",
            (source,),
        )
        return _article(rows[0]) if rows else None

    def add_article(self, article: Article, *, source: str, url: str | None) -> tuple[int, bool]:
        """Keep the article (once per content hash) and where it was seen; (id, is_new)."""
        with self.transaction() as db:
            # ON CONFLICT: two workers reading the same text at once keep one row.
            row = db.execute(
                "INSERT INTO articles (sha256, source, url, encoding, size, text, first_seen) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING RETURNING id",
                (
                    article.sha256,
                    source,
                    url,
                    article.encoding,
                    article.size,
                    article.text,
                    now(),
                ),
            ).fetchone()
            new = row is not None
            if row is None:
                row = db.execute(
                    "SELECT id FROM articles WHERE sha256 = ?", (article.sha256,)
                ).fetchone()
            article_id = row["id"]
            db.execute(
                "INSERT INTO sources (source, article_id, seen_at) VALUES (?, ?, ?) "
                "ON CONFLICT (source) DO UPDATE SET article_id = excluded.article_id, "
                "seen_at = excluded.seen_at",
                (source, article_id, now()),
            )
        return int(article_id or 0), new

    def article_text(self, article_id: int) -> Article:
        """The article as it was read, for re-summarising without reading the source again."""
        rows = self._read("SELECT * FROM articles WHERE id = ?", (article_id,))
        if not rows:
            raise StoreError(f"store {self.path}: no article {article_id}")
        row = rows[0]
        return Article(
            path=row["source"],
            text=row["text"],
            sha256=row["sha256"],
            encoding=row["encoding"] or "utf-8",
            size=row["size"],
        )

    # ---------------------------------------------------------------- summaries

    def summary_id(self, article_id: int, model: str, prompt_version: str) -> int | None:
        """The finished summary made by this model with these prompts, if there is one.

        A summary with a failed part is not finished: a re-run summarises the article again,
        up to MAX_TRIES times in all (an article the model always fails on is not redone
        forever).
        """
        rows = self._read(
            "SELECT id FROM summaries WHERE article_id = ? AND model = ? AND prompt_version = ? "
            "AND (failed = '' OR tries >= ?)",
            (article_id, model, prompt_version, MAX_TRIES),
        )
        return int(rows[0]["id"]) if rows else None

    def save_summary(
        self,
        article_id: int,
        summary: Summary,
        *,
        model: str,
        run_id: int | None,
        worker: str | None = None,
    ) -> int:
        """Commit one summary now (replacing one with the same key, for --force).

        With `worker`, the article's claim is closed in the same transaction; a claim another
        worker took over (this one's lease ran out) raises LostClaim and stores nothing.
        """
        meta = summary.meta
        params = (
            article_id,
            model,
            meta.prompt_version,
            summary.to_json(),
            run_id,
            now(),
            meta.tokens.get("prompt", 0),
            meta.tokens.get("completion", 0),
            meta.attempts,
            meta.seconds,
            ",".join(meta.failed),
        )
        source = summary.source
        with self.transaction() as db:
            if worker is not None and not self._close_claim(
                db, article_id, model, meta.prompt_version, worker, "done"
            ):
                raise LostClaim(f"article {article_id}: another worker took it over")
            db.execute(
                "INSERT INTO summaries (article_id, model, prompt_version, json, run_id, "
                "created_at, prompt_tokens, completion_tokens, attempts, seconds, failed) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (article_id, model, prompt_version) DO UPDATE SET "
                "json = excluded.json, run_id = excluded.run_id, "
                "created_at = excluded.created_at, prompt_tokens = excluded.prompt_tokens, "
                "completion_tokens = excluded.completion_tokens, "
                "attempts = excluded.attempts, seconds = excluded.seconds, "
                "failed = excluded.failed, "
                "tries = CASE WHEN excluded.failed = '' THEN 1 ELSE summaries.tries + 1 END",
                params,
            )
            db.execute(
                "UPDATE articles SET language = ?, title = ?, published = ? WHERE id = ?",
                (
                    source.language,
                    source.title,
                    source.published.isoformat() if source.published else None,
                    article_id,
                ),
            )
            row = db.execute(
                "SELECT id FROM summaries WHERE article_id = ? AND model = ? "
                "AND prompt_version = ?",
                (article_id, model, meta.prompt_version),
            ).fetchone()
        return int(row["id"])

    def summary(self, summary_id: int) -> Summary:
        """One stored summary."""
        rows = self._read("SELECT json FROM summaries WHERE id = ?", (summary_id,))
        if not rows:
            raise StoreError(f"store {self.path}: no summary {summary_id}")
        return Summary.model_validate_json(rows[0]["json"])

    # --------------------------------------------------------------------- runs

    def start_run(
        self, command: str, model: str, prompt_version: str, worker: str | None = None
    ) -> int:
        """A new run row, status 'running' until finish_run."""
        return self._write(
            "INSERT INTO runs (command, model, prompt_version, started_at, worker) "
            "VALUES (?, ?, ?, ?, ?) RETURNING id",
            (command, model, prompt_version, now(), worker),
        )

    def finish_run(
        self,
        run_id: int,
        status: str,
        totals: RunTotals,
        *,
        seconds: float,
        error: str | None = None,
    ) -> None:
        """Record how the run ended and what it did."""
        self._write(
            "UPDATE runs SET finished_at = ?, status = ?, items = ?, summarised = ?, cached = ?, "
            "duplicates = ?, failed = ?, prompt_tokens = ?, completion_tokens = ?, "
            "attempts = ?, seconds = ?, error = ?, incomplete = ? WHERE id = ?",
            (
                now(),
                status,
                totals.items,
                totals.summarised,
                totals.cached,
                totals.duplicates,
                totals.failed,
                totals.prompt_tokens,
                totals.completion_tokens,
                totals.attempts,
                round(seconds, 3),
                error,
                totals.incomplete,
                run_id,
            ),
        )

    def close_stale_runs(self, command: str, lease: float = 60.0) -> int:
        """Mark runs left 'running' by a killed process as interrupted, and free the articles
        it had claimed. SQLite (called under the ingest lock): every such run is dead.
        PostgreSQL: those whose worker has not been heard from for a lease."""
        alive = ""
        if self.backend.shared:
            alive = (
                " AND NOT EXISTS (SELECT 1 FROM workers w WHERE w.id = runs.worker "
                f"AND w.heartbeat > {self.backend.clock} - ?)"
            )
        with self.transaction() as db:
            cursor = db.execute(
                "UPDATE runs SET status = 'interrupted', error = 'process ended without "
                "finishing the run', summarised = (SELECT count(*) FROM summaries s "
                "WHERE s.run_id = runs.id) WHERE status = 'running' AND command = ?" + alive,
                (command, lease) if alive else (command,),
            )
            if not self.backend.shared:
                db.execute(
                    "UPDATE jobs SET state = 'queued', worker = NULL, lease_until = NULL "
                    "WHERE state = 'claimed'"
                )
        return int(cursor.rowcount)

    def record_failure(self, run_id: int | None, source: str, reason: str) -> None:
        """Keep the reason an item failed; the batch goes on."""
        self._write(
            "INSERT INTO failures (run_id, source, reason, at) VALUES (?, ?, ?, ?)",
            (run_id, source, reason, now()),
        )

    def has_run(self, run_id: int) -> bool:
        """Whether an ingest run with this id was ever started on this store."""
        return bool(self._read("SELECT 1 FROM runs WHERE id = ?", (run_id,)))

    def runs(self, limit: int = 10) -> list[dict[str, Any]]:
        """The latest runs, newest first."""
        rows = self._read("SELECT * FROM runs ORDER BY id DESC LIMIT ?", (limit,))
        return [dict(r) for r in rows]

    def failures(self, run_id: int) -> list[tuple[str, str]]:
        """(source, reason) of each failure in a run."""
        rows = self._read(
            "SELECT source, reason FROM failures WHERE run_id = ? ORDER BY id", (run_id,)
        )
        return [(r["source"], r["reason"]) for r in rows]

    def counts(self) -> dict[str, int]:
        """How many articles, summaries, unsent articles and digests the store holds."""
        row = self._read(
            "SELECT (SELECT count(*) FROM articles) AS articles, "
            "(SELECT count(*) FROM summaries) AS summaries, "
            "(SELECT count(*) FROM digests WHERE status = 'sent') AS digests, "
            f"(SELECT count(*) FROM ({_UNSENT_ARTICLES}) AS u) AS unsent"
        )[0]
        return dict(row)

    # ------------------------------------------------------------------ digests

    def unsent(self) -> list[Unsent]:
        """Each summarised article no sent digest has carried, with its newest summary."""
        rows = self._read(
            "SELECT a.id, a.sha256, a.source, a.url, a.title, a.first_seen, "
            "(SELECT s.id FROM summaries s WHERE s.article_id = a.id "
            " ORDER BY s.created_at DESC, s.id DESC LIMIT 1) AS summary_id "
            f"FROM articles a WHERE a.id IN ({_UNSENT_ARTICLES}) ORDER BY a.first_seen, a.id"
        )
        result = []
        for row in rows:
            json_rows = self._read("SELECT json FROM summaries WHERE id = ?", (row["summary_id"],))
            result.append(
                Unsent(
                    article=_article(row),
                    summary_id=int(row["summary_id"]),
                    summary=Summary.model_validate_json(json_rows[0]["json"]),
                )
            )
        return result

    def record_digest(
        self,
        *,
        status: str,
        items: list[Unsent],
        subject: str | None,
        recipients: list[str],
        refused: list[str] | None = None,
        message_id: str | None = None,
        error: str | None = None,
    ) -> int:
        """Record a digest; a 'sent' one marks its articles sent, in the same transaction."""
        with self.transaction() as db:
            row = db.execute(
                "INSERT INTO digests (created_at, status, subject, recipients, refused, "
                "message_id, error) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (
                    now(),
                    status,
                    subject,
                    json.dumps(recipients),
                    json.dumps(refused or []),
                    message_id,
                    error,
                ),
            ).fetchone()
            digest_id = int(row["id"])
            if status == "sent":
                db.executemany(
                    "INSERT INTO digest_items (digest_id, article_id, summary_id) VALUES (?, ?, ?)",
                    [(digest_id, u.article.id, u.summary_id) for u in items],
                )
        return digest_id

    def digests(self, limit: int = 10) -> list[dict[str, Any]]:
        """The latest digests with how many articles each carried, newest first."""
        rows = self._read(
            "SELECT d.*, (SELECT count(*) FROM digest_items i WHERE i.digest_id = d.id) "
            "AS articles FROM digests d ORDER BY d.id DESC LIMIT ?",
            (limit,),
        )
        return [dict(r) for r in rows]


# Articles with a summary that no *sent* digest carried (failed digests mark nothing).
_UNSENT_ARTICLES = (
    "SELECT DISTINCT s.article_id FROM summaries s WHERE s.article_id NOT IN "
    "(SELECT i.article_id FROM digest_items i JOIN digests d ON d.id = i.digest_id "
    "WHERE d.status = 'sent')"
)


def _article(row: Any) -> StoredArticle:
    return StoredArticle(
        id=row["id"],
        sha256=row["sha256"],
        source=row["source"],
        url=row["url"],
        title=row["title"],
        first_seen=row["first_seen"],
    )
