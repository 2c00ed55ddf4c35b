"""Model drafts to contract records: code picks the systems, fixes the direction, decides the
status and drops what the sentence does not support; records of one deal are merged."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from summarizer.briefs import denied_spans, is_rumour
from summarizer.drafts import TransferDraft, country_of
from summarizer.grounding import Sentence
from summarizer.normalize import (
    Country,
    country_by_code,
    find_countries,
    find_generic_weapons,
    find_status_cues,
    find_systems,
    resolve_generic,
    resolve_system,
)
from summarizer.normalize.direction import direction_hints, direction_verdict, names_transfer_verb
from summarizer.normalize.money import numbers_in
from summarizer.normalize.origins import companies_named, company_country, origin_of
from summarizer.normalize.status_cues import dominant_status, is_agreement_noun
from summarizer.records import (
    Evidence,
    acting_capitals,
    countries_named,
    grammar_role,
    grammar_roles,
    named_makers,
    system_mentions,
    system_record,
    transfer_record,
)
from summarizer.schemas import Status, SystemRecord, Transfer

_REALISED = {Status.agreed, Status.delivered, Status.deployed}
_DESIGNATION = re.compile(r"\d|\b[A-ZÇĞİÖŞÜА-Я]{2,}\b")


@dataclass
class Drop:
    """A draft record that code refused, and why."""

    reason: str


def to_transfer(
    draft: TransferDraft,
    sentences: dict[int, Sentence],
    evidence: Evidence,
    english: dict[int, str] | None = None,
) -> Transfer | Drop:
    """A validated draft as a contract record; code decides direction and status where it can.

    Direction: the grammar of the sentence (cases, prepositions, subjects of buy/sell verbs),
    then the maker of the systems (a country does not import what it makes). Status: the
    sentence's cues first. Records the sentence denies, and systems that are not weapons,
    are dropped.
    """
    sentence = sentences[draft.sentence]
    supplier = country_of(draft.supplier)
    recipient = country_of(draft.recipient)
    assert supplier is not None and recipient is not None  # the draft validator checked
    corrections: list[str] = []
    names = _weapon_names(draft.systems, sentence.text)
    if not names:
        return Drop(f"{', '.join(draft.systems)}: not a weapon system")
    systems = _system_records(draft, names, sentence.text, corrections)
    parties = _two_countries(
        (supplier, recipient), systems, names, sentence.text, sentences.values(), corrections
    )
    if isinstance(parties, Drop):
        return parties
    translated = (english or {}).get(draft.sentence)
    parties = _read_direction(parties, sentence.text, translated, corrections)
    parties = _maker_direction(parties, systems, names, sentence.text, corrections)
    if isinstance(parties, Drop):
        return parties
    status, cue = _status(draft.status, names, sentence.text, corrections)
    why = _drop_reason(draft, parties, status, cue, sentence.text)
    if why is not None:
        return Drop(f"{parties[0].name}→{parties[1].name} {', '.join(names)}: {why}")
    status_by = "cue" if cue is not None else "model"
    return transfer_record(sentence, evidence, parties, systems, status, corrections, status_by)


def _weapon_names(systems: list[str], text: str) -> list[str]:
    """The draft's systems that can stand for weapons in this sentence."""
    names = [n for n in systems if is_weapon_name(n)]
    if find_systems(text) or find_generic_weapons(text):
        # Beside a weapon code knows, a plain capitalised word is a person or a place
        # ("unterzeichnete Pistorius einen Vertrag über IRIS-T"), not a system.
        names = [n for n in names if not _plain_name(n) or _quoted(n, text)]
    return names


def _system_records(
    draft: TransferDraft, names: list[str], text: str, corrections: list[str]
) -> list[SystemRecord]:
    """The records of the weapon names, with the draft's quantity if the sentence states it;
    what was dropped is noted in corrections."""
    if len(names) < len(draft.systems):
        junk = [n for n in draft.systems if n not in names]
        corrections.append(f"dropped {', '.join(junk)}: not a weapon system")
    quantity = draft.quantity if len(names) == 1 else None
    if quantity is not None and quantity not in numbers_in(text):
        corrections.append(f"quantity {quantity} dropped: the sentence does not state it")
        quantity = None
    return _unique_systems(system_record(n, quantity) for n in names)


def _two_countries(
    parties: tuple[Country, Country],
    systems: list[SystemRecord],
    names: list[str],
    text: str,
    article: Iterable[Sentence],
    corrections: list[str],
) -> tuple[Country, Country] | Drop:
    """Supplier and recipient as two countries, when the model gave one country for both."""
    supplier, recipient = parties
    if supplier == recipient:
        found = _two_parties(supplier, maker_of(systems), text, article)
        if found is None:
            return Drop(
                f"{supplier.name}→{recipient.name} {', '.join(names)}: supplier and recipient "
                "are the same country and the sentence does not say who the other is"
            )
        supplier, recipient = found
        corrections.append(
            f"one country given twice: {supplier.name} makes the system, "
            f"{recipient.name} is the other country the sentence names"
        )
    return supplier, recipient


def _read_direction(
    parties: tuple[Country, Country], text: str, translated: str | None, corrections: list[str]
) -> tuple[Country, Country]:
    """Supplier and recipient swapped when the sentence's grammar (or, where it is silent, its
    verified English) says the other way round."""
    supplier, recipient = parties
    verdict = direction_verdict(supplier.code, recipient.code, text)
    if verdict is None and translated:
        # The source's grammar is silent; the verified English ("bought from Denmark") speaks.
        if direction_verdict(supplier.code, recipient.code, translated) == "contradicts":
            supplier, recipient = recipient, supplier
            corrections.append("supplier and recipient swapped: the sentence's English says so")
    elif verdict == "contradicts":
        supplier, recipient = recipient, supplier
        corrections.append("supplier and recipient swapped: the sentence's grammar says so")
    return supplier, recipient


def _maker_direction(
    parties: tuple[Country, Country],
    systems: list[SystemRecord],
    names: list[str],
    text: str,
    corrections: list[str],
) -> tuple[Country, Country] | Drop:
    """The maker of the systems supplies: swapped when it is the recipient, dropped when the
    supplier is neither the maker nor named as the seller."""
    supplier, recipient = parties
    maker = maker_of(systems)
    if maker is not None and recipient.code == maker and supplier.code != maker:
        supplier, recipient = recipient, supplier
        corrections.append(f"supplier and recipient swapped: {supplier.name} makes the system")
    elif (
        maker is not None
        and maker not in (supplier.code, recipient.code)
        and direction_verdict(supplier.code, recipient.code, text) != "supports"
    ):
        # A resale needs the sentence to name the seller as one ("Qazaxıstandan alıb");
        # otherwise a supplier that does not make the system is the model's guess.
        return Drop(
            f"{supplier.name}→{recipient.name} {', '.join(names)}: the supplier does not make "
            "the system and the sentence does not name it as the seller"
        )
    return supplier, recipient


def _status(
    given: Status, names: list[str], text: str, corrections: list[str]
) -> tuple[Status, str | None]:
    """The status the sentence's cues give (outside its denied clauses), else the model's; and
    the cue, if one spoke."""
    cue = dominant_status(outside_denials(text, names))
    if cue is not None and cue != given.value:
        corrections.append(f"status {given.value} → {cue}: the sentence says so")
        return Status(cue), cue
    return given, cue


def _drop_reason(
    draft: TransferDraft,
    parties: tuple[Country, Country],
    status: Status,
    cue: str | None,
    text: str,
) -> str | None:
    """Why the sentence does not support the record: a denial, a rumour, no step of a deal,
    or other countries; None when it does."""
    why = denial(draft, status, text)
    if why is not None:
        return why
    if is_rumour(text):
        return "the sentence reports a rumour, not a fact"
    if cue is None and not find_status_cues(text) and not names_transfer_verb(text):
        return "the sentence names no step of a deal (no offer, talks, contract or delivery)"
    return _other_countries(parties, text)


def _other_countries(parties: tuple[Country, Country], text: str) -> str | None:
    """Why the sentence's deal is between other countries than the record's, if it is."""
    supplier, recipient = parties
    named = countries_named(text)
    if named and not named & {supplier.code, recipient.code}:
        return "the sentence names other countries and neither of these"
    sides = named | companies_named(text)
    if len(named) >= 2 and not {supplier.code, recipient.code} <= sides:
        # The sentence names both sides of its deal, and the record's other country is not one.
        absent = recipient if supplier.code in sides else supplier
        return f"the sentence names the countries of its deal, and {absent.name} is not one"
    receiving = grammar_roles(direction_hints(text)).get("recipient", set())
    getters = receiving - {supplier.code, recipient.code}
    if getters and recipient.code not in receiving:
        # "The Thai order came days after Brazil took delivery of Gripens": Brazil receives.
        getting = ", ".join(c.name for code in sorted(getters) if (c := country_by_code(code)))
        return f"the sentence names {getting} as the recipient"
    return None


def is_weapon_name(name: str) -> bool:
    """A name that can stand for a weapon: known to the gazetteer or generic words, or shaped
    like a name or designation ("Rafale Marine", "JF-17C", "ATAGS"); not "yapay zekâ"."""
    if resolve_system(name) is not None or resolve_generic(name) is not None:
        return True
    if company_country(name) is not None:
        return False  # the maker ("Diehl Defence"), not what it makes
    if find_systems(name) or find_generic_weapons(name):
        return True
    # A proper name ("Rafale Marine", "Bastion") or a designation ("JF-17C", "ATAGS").
    return bool(_DESIGNATION.search(name)) or name.strip()[:1].isupper()


def _plain_name(name: str) -> bool:
    """One capitalised word that code does not know as a weapon and that has no digit or
    acronym: "Pistorius", "Ankara" (unlike "Bastion", it needs a known weapon beside it to
    be suspect)."""
    words = name.split()
    return (
        len(words) == 1
        and resolve_system(name) is None
        and not find_systems(name)
        and not find_generic_weapons(name)
        and not _DESIGNATION.search(name)
    )


def _quoted(name: str, text: str) -> bool:
    """The sentence gives the name in quotes: «Тамал», "Anka" (a ship's or a system's name)."""
    quotes = "«»\"'“”„‚‘’"
    return any(f"{a}{name}" in text or f"{name}{b}" in text for a in quotes for b in quotes)


def maker_of(systems: list[SystemRecord]) -> str | None:
    """The one country that makes all the (known) systems of a record, if the table says so."""
    makers = {origin_of(s.designation) for s in systems}
    return makers.pop() if len(makers) == 1 else None


def _unique_systems(records: Iterable[SystemRecord]) -> list[SystemRecord]:
    seen: dict[str, SystemRecord] = {}
    for r in records:
        seen.setdefault(r.designation.casefold(), r)
    return list(seen.values())


def _two_parties(
    given: Country, maker: str | None, text: str, article: Iterable[Sentence]
) -> tuple[Country, Country] | None:
    """Supplier and recipient when a model named one country for both ("France → France").

    The maker of the system supplies, if the article names it or one of its arms makers; the
    recipient is the one other country the sentence names, not named as a seller (that would
    be a re-export).
    """
    if maker is None or maker not in named_makers(article):
        return None
    others = ({m.country.code for m in find_countries(text)} | acting_capitals(text)) - {maker}
    if len(others) != 1 or given.code not in {maker, *others}:
        return None
    if grammar_role(others, text) == "supplier":
        return None
    supplier, recipient = country_by_code(maker), country_by_code(others.pop())
    if supplier is None or recipient is None:
        return None
    return supplier, recipient


def denial(draft: TransferDraft, status: Status, text: str) -> str | None:
    """Why the sentence says the record did not happen, if it does."""
    if status not in _REALISED:
        return None
    cues = find_status_cues(text)
    negated = {c.status for c in cues if c.negated}
    # "no contract was signed" (sözleşme ... imzalanmadı): the noun alone does not outweigh
    # the negated verb.
    positive = {c.status for c in cues if not c.negated and not is_agreement_noun(c.surface)}
    if status.value in negated and status.value not in positive:
        return f"the sentence says the {status.value} step did not happen"
    spans = denied_spans(text)
    mentions = system_mentions(text, draft.systems)
    if spans and mentions and all(any(a <= m < b for a, b in spans) for m, _ in mentions):
        return "the sentence denies it"
    return None


def outside_denials(text: str, names: list[str]) -> str:
    """The sentence with its denied clauses blanked, for a record named outside them.

    "…denied delivering a second S-400 battery, but confirmed that talks on Su-35 jets go on":
    the Su-35 record's status comes from "talks", not from the denied "delivering".
    """
    spans = denied_spans(text)
    mentions = system_mentions(text, names)
    if not spans or not mentions or any(a <= m < b for a, b in spans for m, _ in mentions):
        return text
    for a, b in spans:
        text = text[:a] + " " * (b - a) + text[b:]
    return text


def merge_transfers(transfers: list[Transfer]) -> list[Transfer]:
    """One record per supplier, recipient and systems, unless the text states distinct phases.

    A small model gives one record per mention, each with a guessed status (S-400 to India
    came out delivered, negotiating, agreed and proposed). Statuses a sentence's cues
    confirm are distinct phases (3 delivered + 2 agreed) and all stay; a status only the model
    gave stays only when no cue speaks for the group, and then only the first mention's.
    """
    groups: dict[tuple[str, str, frozenset[str]], list[Transfer]] = {}
    for t in transfers:
        key = (
            t.supplier.code,
            t.recipient.code,
            frozenset(s.designation.casefold() for s in t.systems),
        )
        groups.setdefault(key, []).append(t)
    kept: list[Transfer] = []
    for group in groups.values():
        confirmed = [t for t in group if t.status_by == "cue"]
        by_status: dict[str, Transfer] = {}
        for t in confirmed or group[:1]:
            by_status.setdefault(t.status.value, t)
        for later, earlier in _SUPERSEDES:
            if later in by_status:
                for status in earlier:
                    by_status.pop(status, None)
        kept += by_status.values()

    def systems(t: Transfer) -> frozenset[str]:
        return frozenset(s.designation.casefold() for s in t.systems)

    # A record of S-400 alone says nothing a record of S-400 and Iskander, same parties and
    # status, does not (code reads one record per system; the model may list both).
    kept = [
        t
        for t in kept
        if not any(
            o is not t
            and (o.supplier.code, o.recipient.code, o.status)
            == (t.supplier.code, t.recipient.code, t.status)
            and systems(t) < systems(o)
            for o in kept
        )
    ]
    return sorted(kept, key=lambda t: t.evidence_start)


# A deal called off is no longer agreed or in talks; weapons on duty were delivered first
# (the contract's own rule: a deployed record implies delivery).
_SUPERSEDES = (
    ("cancelled", ("agreed", "negotiating", "proposed")),
    ("deployed", ("delivered",)),
)
