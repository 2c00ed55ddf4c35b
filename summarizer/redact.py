"""Secrets never reach a log: every log record is masked as it is created."""

from __future__ import annotations

import logging
import os
import threading
from typing import Any

MASK = "***"
_secrets: set[str] = set()
_lock = threading.Lock()
_installed = False


def remember(secret: str | None) -> None:
    """Mask this value in every log record from now on (short values would mask too much)."""
    if secret and len(secret) >= 6:
        with _lock:
            _secrets.add(secret)


def remember_environment() -> None:
    """Mask the keys and passwords the environment holds (provider keys, SMTP password)."""
    for name, value in os.environ.items():
        if name.endswith(("_API_KEY", "_TOKEN", "_SECRET")) or name in (
            "SUMMARIZER_API_KEY",
            "SUMMARIZER_SMTP_PASSWORD",
        ):
            remember(value)


def mask(text: str) -> str:
    """The text with every remembered secret replaced by ***."""
    for secret in sorted(_secrets, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, MASK)
    return text


def install() -> None:
    """Wrap the log record factory once: messages and tracebacks are masked at creation."""
    global _installed
    with _lock:
        if _installed:
            return
        _installed = True
    original = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = original(*args, **kwargs)
        if not _secrets:
            return record
        try:
            message = record.getMessage()
        except Exception:  # a broken format string is the logger's problem, not ours
            return record
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info:
            text = logging.Formatter().formatException(record.exc_info)
            record.exc_text, record.exc_info = mask(text), None
        return record

    logging.setLogRecordFactory(factory)
