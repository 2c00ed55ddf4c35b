"""What an ingest reports as it goes: the items, what became of each, and who listens.

Kept apart from ingest.py so the CLI's progress bar and the web jobs can name them without
the ingest machinery.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from summarizer.fetch import Fetched

# What became of one item of an ingest (pipeline.Outcome is one article's result in a batch).
Verdict = Literal["summarised", "cached", "duplicate", "failed"]


@dataclass(frozen=True)
class Item:
    """One article to ingest: a file, or a page (fetched already or from a feed entry)."""

    source: str  # the de-duplication key: an absolute path or the URL
    label: str  # what the user sees
    url: str | None = None
    fetched: Fetched | None = None


class Listener(Protocol):
    """Progress callbacks; the CLI draws a progress bar from them."""

    def expanded(self, total: int) -> None:
        """All sources are expanded into `total` items."""

    def started(self, item: Item) -> None:
        """Work on an item begins."""

    def finished(self, item: Item, outcome: Verdict, detail: str) -> None:
        """An item is done: summarised, cached, duplicate or failed (detail = reason)."""

    def incomplete(self, item: Item, reason: str) -> None:
        """An item was summarised but a part of its summary failed (reason says which)."""


class Quiet:
    """A listener that ignores everything."""

    def expanded(self, total: int) -> None:
        """Ignored."""

    def started(self, item: Item) -> None:
        """Ignored."""

    def finished(self, item: Item, outcome: Verdict, detail: str) -> None:
        """Ignored."""

    def incomplete(self, item: Item, reason: str) -> None:
        """Ignored."""
