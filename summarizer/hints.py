"""What code finds in an article before the model reads it: English names and key names."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from summarizer.normalize import find_countries, find_systems


@dataclass(frozen=True)
class GlossaryItem:
    """A name as the article writes it and as the English output must write it."""

    source: str
    english: str


@dataclass(frozen=True)
class Hints:
    """Names found in code: a glossary for translation and the names a brief must carry."""

    glossary: list[GlossaryItem] = field(default_factory=list)
    must_mention: list[str] = field(default_factory=list)


def find_hints(
    text: str, *, glossary_limit: int = 12, systems: int = 3, countries: int = 2
) -> Hints:
    """Glossary of non-English names, and the most-named systems and countries."""
    country_mentions = find_countries(text)
    system_mentions = find_systems(text)
    # One entry per English name, shown with its shortest (least inflected) surface form.
    best: dict[str, str] = {}
    pairs = [(c.surface, c.country.name) for c in country_mentions]
    pairs += [(s.surface, s.system.name) for s in system_mentions]
    for surface, english in pairs:
        if english not in best or len(surface) < len(best[english]):
            best[english] = surface
    # Names the article already writes in English need no hint.
    glossary = [
        GlossaryItem(surface, english)
        for english, surface in best.items()
        if surface.casefold() != english.casefold()
    ]
    top_systems = Counter(m.system.name for m in system_mentions).most_common(systems)
    top_countries = Counter(m.country.name for m in country_mentions).most_common(countries)
    must = [name for name, _ in top_systems] + [name for name, _ in top_countries]
    return Hints(glossary=glossary[:glossary_limit], must_mention=must)


def canonical_systems(text: str) -> str:
    """Rewrite weapon-system names to their English designation (İskender → Iskander)."""
    parts: list[str] = []
    last = 0
    for m in find_systems(text):
        # A variant the text names ("Su-30SM2", "Iskander-M") stays; spellings are made English.
        variant = m.surface.casefold().startswith(m.system.name.casefold())
        if m.surface != m.system.name and not variant and m.start >= last:
            parts += [text[last : m.start], m.system.name]
            last = m.end
    return "".join(parts) + text[last:]


def missing_names(text: str, names: list[str]) -> list[str]:
    """The names (English systems or countries) that the text does not mention in any form."""
    folded = text.casefold()
    present = {m.system.name for m in find_systems(text)}
    present |= {m.country.name for m in find_countries(text)}
    return [n for n in names if n not in present and n.casefold() not in folded]
