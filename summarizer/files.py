"""Writing output files so that a crash or a bad target never leaves half a file behind."""

from __future__ import annotations

import os
from pathlib import Path

from summarizer.errors import ConfigError


def write_atomically(path: Path, data: bytes) -> None:
    """Write through a temporary file and rename: never half a file under the real name.

    A symlink is followed; a target that is not a regular file (a FIFO, /dev/stdout) is
    written directly, never replaced.
    """
    path = path.resolve()
    if path.exists() and not path.is_file():
        try:
            with path.open("wb") as out:
                out.write(data)
        except OSError as exc:
            raise ConfigError(f"Cannot write {path}: {exc.strerror}") from None
        return
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ConfigError(f"Cannot write {path}: {exc.strerror}") from None
