"""Weapon-system gazetteer lookups and a generic detector for designations like "Kh-101"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict

from summarizer.normalize._system_data import SYSTEMS
from summarizer.normalize._text import fold, latin_key

Category = Literal[
    "aircraft",
    "helicopter",
    "air_defence",
    "missile",
    "drone",
    "armoured_vehicle",
    "artillery",
    "naval",
    "small_arms",
    "electronic",
    "munitions",
    "other",
]


class System(BaseModel):
    """A weapon system: canonical English designation and category."""

    model_config = ConfigDict(frozen=True)

    name: str
    category: Category


class SystemMention(BaseModel):
    """A known weapon system found in text; text[start:end] == surface."""

    model_config = ConfigDict(frozen=True)

    system: System
    start: int
    end: int
    surface: str


class DesignationMention(BaseModel):
    """Something shaped like a designation ("Kh-101", "9M723"); system is set if it is known."""

    model_config = ConfigDict(frozen=True)

    surface: str
    start: int
    end: int
    key: str
    system: System | None


# Match modes, most permissive first: any case, capitalised initial, exactly as written.
_ANY, _PROPER, _EXACT = 0, 1, 2
_TOKEN = re.compile(r"[^\W_]+")
# What may sit between the parts of one designation: "S-400", "Su 35", "F/A-18", "Leopard 2".
_JOIN = re.compile(r"[ \t\u00a0]?[-‐‑–/]?[ \t\u00a0]?")
_CYR_WORD = re.compile(r"[\u0400-\u04ff]+")
_VARIANT = re.compile(r"(\d+)([a-z][a-z0-9]{0,5})")
_RU_ENDINGS = tuple(
    sorted(
        (
            fold(e)
            for e in ("а", "у", "ом", "е", "ы", "ов", "ам", "ами", "ах", "и", "ей", "ой", "ю")
        ),
        key=len,
        reverse=True,
    )
)
_MAX_WORDS = 5


@dataclass(frozen=True)
class _Alias:
    system: System
    mode: int
    compact: str  # the alias's raw letters/digits, for exact-case comparison


@dataclass(frozen=True)
class _Tok:
    start: int
    end: int
    raw: str
    key: str
    cyrillic: bool


def _tokenize(text: str) -> list[_Tok]:
    out = []
    for m in _TOKEN.finditer(text):
        raw = m.group()
        out.append(_Tok(m.start(), m.end(), raw, latin_key(raw), bool(_CYR_WORD.fullmatch(raw))))
    return out


def _compact_key(text: str) -> str:
    return "".join(t.key for t in _tokenize(text))


@dataclass(frozen=True)
class _Gazetteer:
    aliases: dict[str, _Alias]
    first_keys: frozenset[str]
    by_name: dict[str, System]
    canonical_keys: dict[str, System]


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    aliases: dict[str, _Alias] = {}
    first: set[str] = set()
    by_name: dict[str, System] = {}
    for name, category, spec in SYSTEMS:
        system = System(name=name, category=category)  # type: ignore[arg-type]
        by_name[name] = system
        items = [a for a in spec.split("|") if a]
        if items and items[0] == "-":
            items = items[1:]
        else:
            items.insert(0, name)
        for item in items:
            mode = _EXACT if item.startswith("=") else _PROPER
            alias = item.lstrip("=")
            if mode == _PROPER and any(c.isdigit() for c in alias):
                mode = _ANY
            toks = _tokenize(alias)
            key = "".join(t.key for t in toks)
            prev = aliases.get(key)
            if prev is not None and prev.system.name != name:
                raise ValueError(f"alias {alias!r} names both {prev.system.name} and {name}")
            if prev is None or mode < prev.mode:
                aliases[key] = _Alias(system, mode, "".join(t.raw for t in toks))
            first.add(toks[0].key)
    canonical = {_compact_key(name): system for name, system in by_name.items()}
    return _Gazetteer(aliases, frozenset(first), by_name, canonical)


def all_systems() -> list[System]:
    """Every system in the gazetteer, in table order."""
    return list(_gazetteer().by_name.values())


def _joined(text: str, toks: list[_Tok], i: int, limit: int) -> int:
    """How many tokens from i on are glued into one designation-like run (at most limit)."""
    n = 1
    while n < limit and i + n < len(toks):
        gap = text[toks[i + n - 1].end : toks[i + n].start]
        if not gap or not _JOIN.fullmatch(gap):
            break
        n += 1
    return n


def _key_variants(toks: list[_Tok]) -> list[tuple[str, bool]]:
    """Keys for a token run: as written, then with inflection or variant suffix dropped.

    The flag says whether the key is a reduced form (only then may it drop a letter suffix).
    """
    head = "".join(t.key for t in toks[:-1])
    last = toks[-1]
    out = [(head + last.key, False)]
    m = _VARIANT.fullmatch(last.key)
    if m and len(toks) > 1:
        out.append((head + m.group(1), True))  # Su-35S -> Su-35, Leopard 2A6 -> Leopard 2
    if last.cyrillic:
        folded = fold(last.raw)
        for ending in _RU_ENDINGS:
            if folded.endswith(ending) and len(folded) - len(ending) >= 3:
                out.append((head + latin_key(folded[: -len(ending)]), True))
    elif last.key.isalpha() and last.key.endswith("s") and len(last.key) > 4:
        out.append((head + last.key[:-1], True))  # English/German plural: "Patriots"
    return out


def _allowed(alias: _Alias, toks: list[_Tok], reduced: bool, strict_case: bool) -> bool:
    if not strict_case or alias.mode == _ANY:
        return True
    if alias.mode == _PROPER:
        initial = toks[0].raw[0]
        return not initial.islower()
    return not reduced and "".join(t.raw for t in toks) == alias.compact


def _match_at(
    text: str, toks: list[_Tok], i: int, *, strict_case: bool, exact_len: int | None = None
) -> tuple[System, int] | None:
    gaz = _gazetteer()
    first = toks[i].key
    if not (first in gaz.first_keys or toks[i].cyrillic or first[:-1] in gaz.first_keys):
        return None
    run = _joined(text, toks, i, _MAX_WORDS)
    lengths = [exact_len] if exact_len is not None else list(range(run, 0, -1))
    for n in lengths:
        if n > run:
            continue
        span = toks[i : i + n]
        for key, reduced in _key_variants(span):
            alias = gaz.aliases.get(key)
            if alias is not None and _allowed(alias, span, reduced, strict_case):
                return alias.system, n
    return None


def find_systems(text: str) -> list[SystemMention]:
    """Find every known weapon system named in text, in order of appearance."""
    toks = _tokenize(text)
    out: list[SystemMention] = []
    i = 0
    while i < len(toks):
        hit = _match_at(text, toks, i, strict_case=True)
        if hit is None:
            i += 1
            continue
        system, n = hit
        start, end = toks[i].start, toks[i + n - 1].end
        out.append(SystemMention(system=system, start=start, end=end, surface=text[start:end]))
        i += n
    return out


def resolve_system(text: str) -> System | None:
    """Map one system name or designation (any script or spelling) to its gazetteer entry."""
    toks = _tokenize(text)
    if not toks:
        return None
    hit = _match_at(text, toks, 0, strict_case=False, exact_len=len(toks))
    if hit is not None:
        return hit[0]
    # "S 400", "Su35S": separators and spacing differ from any listed alias.
    gaz = _gazetteer()
    key = "".join(t.key for t in toks)
    alias = gaz.aliases.get(key)
    return alias.system if alias else gaz.canonical_keys.get(key)


_DESIGNATION = re.compile(
    r"(?<![\w-])(?:"
    r"[A-ZА-Я][A-Za-zА-Яа-я]{0,4}[-‐‑][0-9]{1,4}[A-Za-zА-Яа-я0-9]{0,5}"  # Kh-101, MiG-29K
    r"|[0-9][A-ZА-Я]{1,2}[0-9]{1,4}[A-ZА-Я]?"  # 9M723, 2S19, 3M22
    r"|[A-ZА-Я]{2,4}[0-9]{1,4}[A-ZА-Я]?"  # TB2, HK416, NH90
    r"|[A-ZА-Я][0-9]{2,4}[A-ZА-Я]?"  # A400M, T129, M777
    r")(?![\w])"
)


def find_designations(text: str) -> list[DesignationMention]:
    """Find designation-shaped strings (letters-hyphen-digits, 9M723...), known or not."""
    out = []
    for m in _DESIGNATION.finditer(text):
        surface = m.group()
        out.append(
            DesignationMention(
                surface=surface,
                start=m.start(),
                end=m.end(),
                key=_compact_key(surface),
                system=resolve_system(surface),
            )
        )
    return out


def article_names_system(article_text: str, designation: str) -> bool:
    """Tell whether the article names this system or designation (any spelling or script)."""
    system = resolve_system(designation)
    if system is not None and any(m.system == system for m in find_systems(article_text)):
        return True
    wanted = _compact_key(designation)
    if not wanted:
        return False
    toks = _tokenize(article_text)
    for i in range(len(toks)):
        first = toks[i].key
        if not (wanted.startswith(first) or first.startswith(wanted)):
            continue
        run = _joined(article_text, toks, i, _MAX_WORDS)
        for n in range(1, run + 1):
            if any(key == wanted for key, _ in _key_variants(toks[i : i + n])):
                return True
    return False
