"""The work queue: ingest workers claim articles for a lease, so none is summarised twice.

A worker claims an article before summarising it (`claim`, or `claim_next` for work another
worker left), renews the leases of its claims from a heartbeat thread, and closes the claim in
the transaction that stores the summary. A worker that dies loses only what it had claimed:
its leases run out and another worker takes the articles. On PostgreSQL the claim reads the
row `FOR UPDATE SKIP LOCKED`, so two workers never wait on each other; on SQLite one ingest
runs at a time (a file lock) and BEGIN IMMEDIATE serialises the rest.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from summarizer.errors import SummarizerError
from summarizer.store_backend import Backend, connect

log = logging.getLogger(__name__)

Claim = Literal["claimed", "busy", "done", "failed"]

STOPPED_KEPT_S = 7 * 86400  # how long `summarizer status` lists a stopped worker


class LostClaim(SummarizerError):
    """A worker's lease ran out and another worker took its article over."""


def worker_id() -> str:
    """A name for this worker process, unique across machines: host:pid:random."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class QueueMixin:
    """The queue's half of `Store` (which provides the attributes declared here)."""

    if TYPE_CHECKING:
        backend: Backend

        def transaction(self) -> AbstractContextManager[Backend]: ...

        def _read(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]: ...

    def clock(self) -> float:
        """Seconds since 1970 on the store's clock (leases are measured on it)."""
        return float(self._read(f"SELECT {self.backend.clock} AS t")[0]["t"])

    def claim(
        self,
        article_id: int,
        *,
        model: str,
        prompt_version: str,
        source: str,
        worker: str,
        lease: float,
        since: float,
    ) -> Claim:
        """Take the article for this worker. 'busy': another live worker holds it (or is
        claiming it right now); 'done': a worker finished it since `since` (this run's start).
        'failed': a worker gave up on it since `since`. The caller has checked that the
        article needs summarising."""
        clock = self.backend.clock
        with self.transaction() as db:
            db.execute(
                "INSERT INTO jobs (article_id, model, prompt_version, source, queued_at) "
                f"VALUES (?, ?, ?, ?, {clock}) "
                "ON CONFLICT (article_id, model, prompt_version) DO NOTHING",
                (article_id, model, prompt_version, source),
            )
            row = db.execute(
                f"SELECT id, state, worker, lease_until < {clock} AS expired, finished_at "
                "FROM jobs WHERE article_id = ? AND model = ? AND prompt_version = ?"
                + self.backend.skip_locked,
                (article_id, model, prompt_version),
            ).fetchone()
            if row is None:
                return "busy"  # another worker's claim transaction holds the row
            if row["state"] == "claimed" and row["worker"] != worker and not row["expired"]:
                return "busy"
            if row["state"] in ("done", "failed") and (row["finished_at"] or 0) >= since:
                return "done" if row["state"] == "done" else "failed"
            self._take(db, row["id"], worker, lease)
        return "claimed"

    def claim_next(
        self, *, model: str, prompt_version: str, worker: str, lease: float
    ) -> tuple[int, str] | None:
        """The oldest article that is queued (released by a worker that stopped) or whose
        claim's lease ran out (its worker died), now claimed by this worker: (id, source)."""
        clock = self.backend.clock
        with self.transaction() as db:
            row = db.execute(
                "SELECT id, article_id, source FROM jobs WHERE model = ? AND prompt_version = ? "
                f"AND (state = 'queued' OR (state = 'claimed' AND lease_until < {clock})) "
                "ORDER BY id LIMIT 1" + self.backend.skip_locked,
                (model, prompt_version),
            ).fetchone()
            if row is None:
                return None
            self._take(db, row["id"], worker, lease)
        return int(row["article_id"]), str(row["source"])

    def _take(self, db: Backend, job: int, worker: str, lease: float) -> None:
        db.execute(
            f"UPDATE jobs SET state = 'claimed', worker = ?, lease_until = {self.backend.clock} "
            "+ ?, claims = claims + 1 WHERE id = ?",
            (worker, lease, job),
        )

    def _close_claim(
        self, db: Backend, article_id: int, model: str, prompt_version: str, worker: str, state: str
    ) -> bool:
        """Inside a transaction: end this worker's claim as `state`; False if it is not its."""
        cursor = db.execute(
            f"UPDATE jobs SET state = ?, worker = NULL, lease_until = NULL, "
            f"finished_at = {self.backend.clock} WHERE article_id = ? AND model = ? "
            "AND prompt_version = ? AND state = 'claimed' AND worker = ?",
            (state, article_id, model, prompt_version, worker),
        )
        return bool(cursor.rowcount)

    def finish_claim(
        self, article_id: int, *, model: str, prompt_version: str, worker: str, state: str
    ) -> bool:
        """End a claim without a summary: 'failed' (the article could not be summarised;
        the next run tries again) or 'queued' (given back for another worker now)."""
        with self.transaction() as db:
            if state == "queued":
                cursor = db.execute(
                    "UPDATE jobs SET state = 'queued', worker = NULL, lease_until = NULL "
                    "WHERE article_id = ? AND model = ? AND prompt_version = ? "
                    "AND state = 'claimed' AND worker = ?",
                    (article_id, model, prompt_version, worker),
                )
                return bool(cursor.rowcount)
            return self._close_claim(db, article_id, model, prompt_version, worker, state)

    def job_states(
        self, *, model: str, prompt_version: str, article_ids: list[int]
    ) -> Iterator[Any]:
        """(article_id, state, worker, finished_at) of these articles' jobs."""
        if not article_ids:
            return iter(())
        marks = ", ".join("?" * len(article_ids))
        return iter(
            self._read(
                f"SELECT article_id, state, worker, finished_at FROM jobs WHERE model = ? "
                f"AND prompt_version = ? AND article_id IN ({marks})",
                (model, prompt_version, *article_ids),
            )
        )

    def held_elsewhere(
        self, article_id: int, *, model: str, prompt_version: str, worker: str
    ) -> bool:
        """Whether another worker has claimed the article."""
        rows = self._read(
            "SELECT 1 FROM jobs WHERE article_id = ? AND model = ? AND prompt_version = ? "
            "AND state = 'claimed' AND worker <> ?",
            (article_id, model, prompt_version, worker),
        )
        return bool(rows)

    def orphaned(self, *, model: str, prompt_version: str, lease: float) -> int:
        """Claims of workers not heard from for half a lease (dead, most likely): claim_next
        takes them once their lease runs out."""
        rows = self._read(
            "SELECT count(*) AS n FROM jobs j LEFT JOIN workers w ON w.id = j.worker "
            "WHERE j.model = ? AND j.prompt_version = ? AND j.state = 'claimed' "
            f"AND (w.id IS NULL OR w.heartbeat < {self.backend.clock} - ?)",
            (model, prompt_version, lease / 2),
        )
        return int(rows[0]["n"])

    # -------------------------------------------------------------------- workers

    def register_worker(self, worker: str, *, model: str, started_at: str) -> None:
        """A row for this worker, for `summarizer status` (rows of workers stopped more than
        a week ago go: every ingest run is a worker)."""
        host, pid = worker.split(":")[0], int(worker.split(":")[1])
        with self.transaction() as db:
            db.execute(
                f"DELETE FROM workers WHERE state = 'stopped' AND heartbeat < {db.clock} - ?",
                (STOPPED_KEPT_S,),
            )
            db.execute(
                "INSERT INTO workers (id, host, pid, model, started_at, heartbeat) "
                f"VALUES (?, ?, ?, ?, ?, {self.backend.clock})",
                (worker, host, pid, model, started_at),
            )

    def heartbeat(self, worker: str, lease: float, *, current: str | None, done: int) -> None:
        """The worker is alive: renew the leases of its claims and say what it is doing."""
        with self.transaction() as db:
            _beat(db, worker, lease, current, done)

    def stop_worker(self, worker: str) -> None:
        """The worker ended: give back what it still held, for other workers to take now."""
        with self.transaction() as db:
            db.execute(
                "UPDATE jobs SET state = 'queued', worker = NULL, lease_until = NULL "
                "WHERE worker = ? AND state = 'claimed'",
                (worker,),
            )
            db.execute(
                "UPDATE workers SET state = 'stopped', current = NULL WHERE id = ?", (worker,)
            )

    def workers(self, lease: float, limit: int = 10) -> list[dict[str, Any]]:
        """The latest workers, running first; `alive` when heard from within a lease."""
        rows = self._read(
            f"SELECT *, (state = 'running' AND heartbeat > {self.backend.clock} - ?) AS alive "
            "FROM workers ORDER BY state = 'running' DESC, heartbeat DESC LIMIT ?",
            (lease, limit),
        )
        return [dict(r) for r in rows]

    def queue_depth(self) -> dict[str, int]:
        """How many articles are queued, claimed, done and failed, over every model."""
        rows = self._read("SELECT state, count(*) AS n FROM jobs GROUP BY state")
        depth = {"queued": 0, "claimed": 0, "done": 0, "failed": 0}
        depth.update({r["state"]: int(r["n"]) for r in rows})
        return depth


def _beat(db: Backend, worker: str, lease: float, current: str | None, done: int) -> None:
    clock = db.clock
    db.execute(
        f"UPDATE jobs SET lease_until = {clock} + ? WHERE worker = ? AND state = 'claimed'",
        (lease, worker),
    )
    db.execute(
        f"UPDATE workers SET heartbeat = {clock}, current = ?, done = ? WHERE id = ?",
        (current, done, worker),
    )


class Heartbeat:
    """A thread that keeps a worker's claims alive: every third of the lease it renews them
    and says what the worker is doing (`status()`: current item, articles done), on a
    connection of its own. A missed beat is logged; the lease is the margin."""

    def __init__(
        self,
        location: Path | str,
        worker: str,
        lease: float,
        status: Callable[[], tuple[str | None, int]],
    ) -> None:
        self.location, self.worker, self.lease, self.status = location, worker, lease, status
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        db: Backend | None = None
        while not self._stop.wait(self.lease / 3):
            try:
                db = db or connect(self.location)
                current, done = self.status()
                with db.transaction():
                    _beat(db, self.worker, self.lease, current, done)
            except Exception as exc:  # a lost server, a locked file: the next beat tries again
                log.debug("heartbeat: %s", exc)  # the main thread meets the same store
                if db is not None:
                    db.close()
                db = None
        if db is not None:
            db.close()

    def stop(self) -> None:
        """End the thread (the worker's claims are given back by the caller)."""
        self._stop.set()
        self._thread.join(timeout=10)
