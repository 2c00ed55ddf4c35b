"""Generic (non-designation) weapon words such as "drones", "Drohnen", "ракеты" in 8 languages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from summarizer.normalize._generic_data import GENERIC_WEAPONS
from summarizer.normalize._text import (
    alternation,
    fold_pattern,
    fold_with_offsets,
    leftmost_longest,
    matches_at,
    source_span,
    word_starts,
)
from summarizer.normalize.systems import Category


class GenericMention(BaseModel):
    """A generic weapon word found in text; text[start:end] == surface."""

    model_config = ConfigDict(frozen=True)

    label: str
    category: Category
    start: int
    end: int
    surface: str


@dataclass(frozen=True)
class _Compiled:
    label: str
    category: Category
    rank: int
    folded: re.Pattern[str] | None
    raw: re.Pattern[str] | None


@lru_cache(maxsize=1)
def _compiled() -> list[_Compiled]:
    out = []
    for rank, (label, category, alts) in enumerate(GENERIC_WEAPONS):
        folded_alts = [fold_pattern(a) for a in alts if not a.startswith("=")]
        raw_alts = [a[1:] for a in alts if a.startswith("=")]
        out.append(
            _Compiled(
                label,
                category,
                rank,
                re.compile(alternation(folded_alts)) if folded_alts else None,
                re.compile(alternation(raw_alts), re.IGNORECASE) if raw_alts else None,
            )
        )
    return out


def find_generic_weapons(text: str) -> list[GenericMention]:
    """Find generic weapon words (drones, Raketen, танки...) in text, in order of appearance."""
    folded, offsets = fold_with_offsets(text)
    folded_starts = word_starts(folded)
    raw_starts: list[int] | None = None
    hits: list[tuple[int, int, int, _Compiled]] = []
    for entry in _compiled():
        if entry.folded is not None:
            for m in matches_at(entry.folded, folded, folded_starts):
                start, end = source_span(offsets, m.start(), m.end())
                hits.append((start, end, entry.rank, entry))
        if entry.raw is not None:
            if raw_starts is None:
                raw_starts = word_starts(text)
            for m in matches_at(entry.raw, text, raw_starts):
                hits.append((m.start(), m.end(), entry.rank, entry))
    # Leftmost-longest: "Schützenpanzer" beats "Panzer", "air defence systems" beats "systems".
    return [
        GenericMention(
            label=entry.label,
            category=entry.category,
            start=start,
            end=end,
            surface=text[start:end],
        )
        for start, end, entry in leftmost_longest(hits)
    ]


_FILLER = re.compile(
    r"(?:the|a|an|some|several|many|new|more|modern|military|armed|attack|combat|kamikaze"
    r"|heavy|light|long-range|short-range|ballistic|cruise|unmanned|die|der|den|des|les|le|la"
    r"|los|las|el|un|une|unos|unas|des|de|\d+|[^\w\s]+)",
    re.IGNORECASE,
)


def resolve_generic(text: str) -> GenericMention | None:
    """Map one generic weapon phrase ("drones", "Drohnen", "fighter jets") to its label."""
    mentions = find_generic_weapons(text)
    if len(mentions) != 1:
        return None
    m = mentions[0]
    # Whatever is left around the phrase must be articles, numbers or bland modifiers.
    rest = (text[: m.start] + " " + text[m.end :]).split()
    if any(not _FILLER.fullmatch(word) for word in rest):
        return None
    return GenericMention(label=m.label, category=m.category, start=0, end=len(text), surface=text)
