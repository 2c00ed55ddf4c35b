"""Building blocks of contract records: the evidence span, the country and system blocks, the
record itself, and what a sentence names (countries, capitals, systems, grammatical roles)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from summarizer.grounding import Sentence, locate
from summarizer.normalize import (
    Country,
    RoleHint,
    find_countries,
    find_generic_weapons,
    find_money,
    find_systems,
    resolve_generic,
    resolve_system,
)
from summarizer.normalize.countries import resolve_capital
from summarizer.normalize.direction import direction_hints
from summarizer.normalize.origins import companies_named
from summarizer.schemas import (
    Category,
    CountryRef,
    Status,
    SystemRecord,
    Transfer,
    Value,
)

_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")


class Evidence:
    """Places sentences of the prepared text in the article text the user gave."""

    def __init__(self, article_text: str, prepared_text: str) -> None:
        self.article_text = article_text
        self.prepared_text = prepared_text

    def span(self, sentence: Sentence) -> tuple[str, int, int]:
        """The sentence as it stands in the article (verbatim) and its offsets there."""
        found = locate(sentence.text, self.article_text)
        if found is None:  # HTML input: the article text is markup, cite the extracted text
            return sentence.text, sentence.start, sentence.end
        start, end = found
        return self.article_text[start:end], start, end


def sentence_year(text: str) -> int | None:
    """The one year a sentence names (1950–2099), None when it names none or several."""
    years = set(_YEAR.findall(text))
    return int(years.pop()) if len(years) == 1 else None


def country_ref(country: Country) -> CountryRef:
    """The contract's country block."""
    return CountryRef(code=country.code, name=country.name)


def system_record(name: str, quantity: int | None) -> SystemRecord:
    """A system as the model named it, made canonical by the gazetteer where possible."""
    system = resolve_system(name)
    if system is None and (inside := find_systems(name)):
        system = inside[0].system
    if system is not None:
        return SystemRecord(
            designation=system.name, category=Category(system.category), quantity=quantity
        )
    generic = resolve_generic(name)
    if generic is not None:
        return SystemRecord(
            designation=generic.label, category=Category(generic.category), quantity=quantity
        )
    return SystemRecord(designation=name.strip(), category=Category.other, quantity=quantity)


def transfer_record(
    sentence: Sentence,
    evidence: Evidence,
    parties: tuple[Country, Country],
    systems: list[SystemRecord],
    status: Status,
    corrections: list[str],
    status_by: str,
) -> Transfer:
    """A contract record; value, year and evidence read from its sentence in code."""
    money = find_money(sentence.text)
    value = Value(amount=money[0].money.amount, currency=money[0].money.currency) if money else None
    text, start, end = evidence.span(sentence)
    return Transfer(
        supplier=country_ref(parties[0]),
        recipient=country_ref(parties[1]),
        systems=systems,
        status=status,
        value=value,
        year=sentence_year(sentence.text),
        evidence=text,
        evidence_start=start,
        evidence_end=end,
        corrections=corrections,
        status_by=status_by,
    )


def system_mentions(text: str, names: list[str]) -> list[tuple[int, int]]:
    """Where the record's systems stand in the sentence."""
    spans: list[tuple[int, int]] = []
    wanted = {resolve_system(n) for n in names} - {None}
    spans += [(m.start, m.end) for m in find_systems(text) if m.system in wanted]
    labels = {g.label for n in names if (g := resolve_generic(n)) is not None}
    spans += [(m.start, m.end) for m in find_generic_weapons(text) if m.label in labels]
    folded = text.casefold()
    for n in names:
        at = folded.find(n.casefold())
        if at >= 0:
            spans.append((at, at + len(n)))
    return spans


def salient_countries(sentences: list[Sentence]) -> set[str]:
    """Countries the article is about: named in two sentences or more."""
    counts: dict[str, int] = {}
    for s in sentences:
        for code in countries_named(s.text):
            counts[code] = counts.get(code, 0) + 1
    return {code for code, n in counts.items() if n >= 2}


def countries_named(text: str) -> set[str]:
    """Countries a sentence names, by name or by capital (also as a place: "в Москве")."""
    return {m.country.code for m in find_countries(text)} | {c for _, _, c in _capitals(text)}


def named_makers(sentences: Iterable[Sentence]) -> set[str]:
    """Countries the sentences name, by name or through one of their arms makers ("Saab")."""
    return {code for s in sentences for code in countries_named(s.text) | companies_named(s.text)}


_LOCATIVE = re.compile(
    r"(?:\b(?:in|en|à|a|at|im|в|во|на|في|fi)\s+$)|(?:['’](?:da|de|ta|te|də|da)\b)", re.IGNORECASE
)


def acting_capitals(text: str) -> set[str]:
    """Countries a sentence names by their capital, other than as a place ("in Paris")."""
    out = set()
    for start, end, code in _capitals(text):
        before = text[max(0, start - 6) : start]
        after = text[end : end + 4]
        if not _LOCATIVE.search(before) and not _LOCATIVE.match(after):
            out.add(code)
    return out


_WORD = re.compile(r"[^\W\d_]+")


def _capitals(text: str) -> list[tuple[int, int, str]]:
    """Where the sentence names a capital ("Tel Aviv", "Kiew", "в Москве"), and whose."""
    # A capital is a proper name: "kabul etti" (Turkish: received) is not Kabul.
    words = [w for w in _WORD.finditer(text) if not w.group()[0].islower()]
    found: list[tuple[int, int, str]] = []
    k = 0
    while k < len(words):
        # Two-word capitals first ("New Delhi", "Abu Dhabi"), then the word alone.
        pair = words[k : k + 2]
        joined = text[pair[0].start() : pair[-1].end()] if len(pair) == 2 else ""
        c = resolve_capital(joined) if re.fullmatch(r"\S+[- ]\S+", joined) else None
        # "in Kiew" is Kiew alone; "Tel Aviv", "Abu Dhabi" are capitals only as a pair.
        if c is not None and (
            resolve_capital(pair[1].group()) is None or resolve_capital(pair[0].group())
        ):
            found.append((pair[0].start(), pair[1].end(), c.code))
            k += 2
            continue
        if (c := resolve_capital(words[k].group())) is not None:
            found.append((words[k].start(), words[k].end(), c.code))
        k += 1
    return found


def grammar_roles(hints: Iterable[RoleHint]) -> dict[str, set[str]]:
    """The countries a sentence's grammar gives each role ("supplier", "recipient")."""
    roles: dict[str, set[str]] = {}
    for h in hints:
        roles.setdefault(h.role, set()).add(h.country.code)
    return roles


def grammar_role(codes: set[str], text: str) -> str | None:
    """The grammatical role the sentence gives the one country in codes, if any."""
    roles = {h.role for h in direction_hints(text) if h.country.code in codes}
    return roles.pop() if len(roles) == 1 else None
