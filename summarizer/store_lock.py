"""Job locks beside the store file: two runs of the same job never overlap."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from summarizer.errors import BusyError, StoreError


@contextmanager
def exclusive(db: Path, job: str) -> Iterator[None]:
    """Hold `<db>.<job>.lock` so two runs of the same job never overlap; busy → BusyError."""
    from filelock import FileLock, Timeout

    lock_path = db.with_name(f"{db.name}.{job}.lock")
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(lock_path, timeout=0)
        lock.acquire()
    except Timeout:
        raise BusyError(
            f"another `summarizer {job}` is running on {db}; wait for it to end "
            f"(lock file {lock_path})"
        ) from None
    except OSError as exc:
        raise StoreError(f"store {db}: cannot take the {job} lock ({exc.strerror})") from None
    try:
        yield
    finally:
        lock.release()
