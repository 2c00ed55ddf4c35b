"""The store's two databases behind one small interface: a SQLite file or a PostgreSQL server.

`Store` writes its SQL once, in the dialect both accept (`?` placeholders, `RETURNING id`,
`ON CONFLICT`); a backend connects, runs transactions, keeps the schema version, turns the
migrations' few SQLite words into PostgreSQL ones, and names its errors in one line.
"""

from __future__ import annotations

import contextlib
import logging
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from summarizer.config import is_postgres
from summarizer.errors import BusyError, StoreError

log = logging.getLogger(__name__)

BUSY_TIMEOUT_S = 30.0

# One advisory lock key per purpose (PostgreSQL); any 64-bit numbers unique to this program.
_MIGRATE_KEY = 0x5375_6D6D_0001
_JOB_KEYS = {"digest": 0x5375_6D6D_0002, "ingest": 0x5375_6D6D_0003}


def shown(location: str | Path) -> str:
    """The store as named in messages: a URL without its password, wherever it is (user:pw@,
    a password holding '/', '#' or '?', or a password= parameter)."""
    if not is_postgres(location):
        return str(location)
    scheme, rest = str(location).split("://", 1)
    userinfo, at, host = rest.rpartition("@")
    if at and ":" in userinfo:
        rest = f"{userinfo.split(':', 1)[0]}:***@{host}"
    return f"{scheme}://" + re.sub(r"(?i)(password=)[^&\s]*", r"\1***", rest)


def password_of(url: str) -> str | None:
    """The password a connection URL carries, as libpq reads it (None if none or unreadable)."""
    from psycopg.conninfo import conninfo_to_dict

    try:
        value = conninfo_to_dict(url).get("password")
    except Exception:  # a URL libpq cannot parse: its error is masked by shown() instead
        return None
    return str(value) if value else None


class SqliteBackend:
    """One SQLite file in WAL mode; the schema version is `PRAGMA user_version`."""

    kind = "sqlite"
    shared = False  # one ingest at a time (a file lock); every claim is this process's
    skip_locked = ""  # writers are serialised by BEGIN IMMEDIATE
    clock = "((julianday('now') - 2440587.5) * 86400.0)"  # seconds since 1970, the store's
    errors: tuple[type[BaseException], ...] = (sqlite3.Error,)

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        self.name = str(path)
        try:
            if read_only:  # the web desk: never creates, never writes, never blocks a writer
                self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
                self.db.row_factory = sqlite3.Row
                return
            path.parent.mkdir(parents=True, exist_ok=True)
            # Autocommit: every write is its own transaction unless inside `transaction`.
            self.db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"store {path}: cannot open ({exc})") from None
        self.db.row_factory = sqlite3.Row
        try:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
            self.db.execute("PRAGMA foreign_keys=ON")
        except sqlite3.Error as exc:
            self.db.close()
            raise StoreError(self.describe(exc)) from None

    def execute(self, sql: str, params: tuple[Any, ...] = ()) -> Any:
        """Run one statement; the cursor."""
        return self.db.execute(sql, params)

    def executemany(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        """Run one statement per row."""
        self.db.executemany(sql, rows)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction, taken up front so concurrent writers wait, not fail late."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if self.db.in_transaction:  # SQLite has already rolled back on some I/O errors
                try:
                    self.db.execute("ROLLBACK")
                except sqlite3.Error:
                    log.debug("rollback failed after an error", exc_info=True)
            raise
        try:
            self.db.execute("COMMIT")
        except sqlite3.Error:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise

    def version(self) -> int:
        """How many migrations have been applied."""
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def set_version(self, number: int) -> None:
        """Record that `number` migrations are applied (inside the migration's transaction)."""
        self.db.execute(f"PRAGMA user_version = {int(number)}")

    @contextmanager
    def migration_lock(self) -> Iterator[None]:
        """Nothing to take: the migration's BEGIN IMMEDIATE holds the file's write lock."""
        yield

    def ddl(self, statement: str) -> str:
        """Migrations are written in SQLite's words."""
        return statement

    def close(self) -> None:
        """Close the connection (committed data is already on disk)."""
        self.db.close()

    def describe(self, exc: BaseException) -> str:
        """One line for a database error, naming the fix where there is one."""
        path, text = self.path, str(exc)
        if "locked" in text or "busy" in text:
            return f"store {path}: database is locked by another process; try again when it ends"
        if "disk is full" in text or "disk I/O" in text:
            return f"store {path}: {text}; free some disk space and run again (nothing was lost)"
        if "readonly" in text:
            return f"store {path}: the file is read-only; make it writable or use another --db"
        if "not a database" in text or "malformed" in text:
            return f"store {path}: {text}; move the file away to start a new store"
        return f"store {path}: {text}"


class PostgresBackend:
    """A PostgreSQL database (psycopg 3); the schema version is a one-row table."""

    kind = "postgresql"
    shared = True  # many ingest workers on many machines claim work by row locks
    skip_locked = " FOR UPDATE SKIP LOCKED"
    clock = "extract(epoch from clock_timestamp())::double precision"

    def __init__(self, url: str, *, read_only: bool = False) -> None:
        import psycopg
        from psycopg.rows import dict_row

        from summarizer import redact

        self.errors: tuple[type[BaseException], ...] = (psycopg.Error,)
        self.name = shown(url)
        self.url = url
        redact.remember(password_of(url))
        try:
            self.db: Any = psycopg.connect(
                url, autocommit=True, row_factory=dict_row, connect_timeout=10
            )
            if read_only:
                self.db.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
        except psycopg.Error as exc:
            raise StoreError(self.describe(exc)) from None

    def execute(self, sql: str, params: tuple[Any, ...] = ()) -> Any:
        """Run one statement (`?` placeholders become psycopg's); the cursor."""
        return self.db.execute(sql.replace("?", "%s"), params)

    def executemany(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        """Run one statement per row."""
        with self.db.cursor() as cursor:
            cursor.executemany(sql.replace("?", "%s"), rows)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction; committed when the block ends, rolled back when it raises."""
        with self.db.transaction():
            yield

    def version(self) -> int:
        """How many migrations have been applied (0 for a new database)."""
        row = self.db.execute("SELECT to_regclass('schema_version') AS t").fetchone()
        if row["t"] is None:
            return 0
        row = self.db.execute("SELECT max(version) AS v FROM schema_version").fetchone()
        return int(row["v"] or 0)

    def set_version(self, number: int) -> None:
        """Record that `number` migrations are applied (inside the migration's transaction)."""
        self.db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        self.db.execute("DELETE FROM schema_version")
        self.db.execute("INSERT INTO schema_version (version) VALUES (%s)", (number,))

    @contextmanager
    def migration_lock(self) -> Iterator[None]:
        """Two processes opening a new database at once: the second waits, then finds it done.
        Taken outside the migration's transaction, so that transaction sees the other's
        tables (the caller reads the version again inside it)."""
        self.db.execute("SELECT pg_advisory_lock(%s)", (_MIGRATE_KEY,))
        try:
            yield
        finally:
            self.db.execute("SELECT pg_advisory_unlock(%s)", (_MIGRATE_KEY,))

    def ddl(self, statement: str) -> str:
        """SQLite's rowid keys and REAL columns in PostgreSQL's words."""
        statement = re.sub(
            r"\bINTEGER PRIMARY KEY\b",
            "INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
            statement,
        )
        return re.sub(r"\bREAL\b", "DOUBLE PRECISION", statement)

    @contextmanager
    def job_lock(self, job: str) -> Iterator[None]:
        """`job` held by this connection (a session advisory lock: a dead process's goes
        with its connection); BusyError when another holds it."""
        try:
            row = self.db.execute("SELECT pg_try_advisory_lock(%s) AS got", (_JOB_KEYS[job],))
            got = bool(row.fetchone()["got"])
        except self.errors as exc:
            raise StoreError(self.describe(exc)) from None
        if not got:
            raise BusyError(
                f"another `summarizer {job}` is running on {self.name}; wait for it to end"
            )
        try:
            yield
        finally:
            with contextlib.suppress(*self.errors):  # a lost connection took it along
                self.db.execute("SELECT pg_advisory_unlock(%s)", (_JOB_KEYS[job],))

    def close(self) -> None:
        """Close the connection (committed data is already in the database)."""
        self.db.close()

    def describe(self, exc: BaseException) -> str:
        """One line for a database error, without the password."""
        from summarizer import redact

        text = " ".join(str(exc).split()) or type(exc).__name__
        text = redact.mask(text.replace(self.url, self.name))
        for secret in filter(None, [urlsplit(self.url).password, password_of(self.url)]):
            text = text.replace(secret, "***")
        if "connection" in text.lower() and ("refused" in text or "failed" in text):
            return f"store {self.name}: cannot connect ({text})"
        return f"store {self.name}: {text}"


Backend = SqliteBackend | PostgresBackend


def connect(location: str | Path, *, read_only: bool = False) -> Backend:
    """The backend for --db: a postgresql:// URL, or a SQLite file path."""
    if is_postgres(location):
        return PostgresBackend(str(location), read_only=read_only)
    return SqliteBackend(Path(location), read_only=read_only)
