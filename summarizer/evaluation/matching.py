"""When a predicted record counts as a gold one: country codes and weapon-system names."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from summarizer.normalize import resolve_system
from summarizer.normalize.generic import resolve_generic
from summarizer.schemas import Transfer

_NOT_ALNUM = re.compile(r"[\W_]+")
_MAX_VARIANT = 3  # "AH-64" ~ "AH-64E", "Su-57" ~ "Su-57E", "K9" ~ "K9A1"


def fuzzy_key(name: str) -> str:
    """Case-, accent-, hyphen- and space-insensitive form of a designation: 'S 400' -> 's400'."""
    decomposed = unicodedata.normalize("NFKD", name.replace("ı", "i"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_ALNUM.sub("", stripped.casefold())


@lru_cache(maxsize=4096)
def canonical(name: str) -> str | None:
    """The gazetteer name of a system ('С-400' -> 'S-400') or a generic label ('Drohnen')."""
    system = resolve_system(name)
    if system is not None:
        return system.name
    generic = resolve_generic(name)
    return generic.label if generic is not None else None


def _variant_of(a: str, b: str) -> bool:
    """b is a plus a short variant suffix that starts with a letter (not 'S-40' ~ 'S-400')."""
    if not a or not a[-1].isdigit() or not b.startswith(a):
        return False
    rest = b[len(a) :]
    return 0 < len(rest) <= _MAX_VARIANT and rest[0].isalpha()


def names_match(predicted: str, gold_names: list[str]) -> bool:
    """Whether a predicted designation names the gold system (canonical name, alias or variant)."""
    wanted = canonical(predicted)
    key = fuzzy_key(predicted)
    for name in gold_names:
        if wanted is not None and wanted == canonical(name):
            return True
        other = fuzzy_key(name)
        if key and other and (key == other or _variant_of(key, other) or _variant_of(other, key)):
            return True
    return False


def system_indices(transfer: Transfer, gold_names: list[str]) -> list[int]:
    """Indices of the predicted record's systems that name the gold system."""
    return [i for i, s in enumerate(transfer.systems) if names_match(s.designation, gold_names)]


def same_direction(transfer: Transfer, supplier: str, recipient: str) -> bool:
    """Same supplier and recipient codes (direction matters)."""
    return transfer.supplier.code == supplier and transfer.recipient.code == recipient


def pair_of(a: str, b: str) -> tuple[str, str]:
    """An unordered country pair as a sorted tuple."""
    return (a, b) if a <= b else (b, a)
