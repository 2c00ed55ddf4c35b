"""Transfers code reads without the model: from a sentence's grammar or the maker of its system,
and the other steps of known deals that other sentences state."""

from __future__ import annotations

import re

from summarizer.briefs import is_rumour
from summarizer.drafts import TransferDraft
from summarizer.grounding import Sentence
from summarizer.normalize import (
    country_by_code,
    find_countries,
    find_status_cues,
    find_systems,
)
from summarizer.normalize.direction import direction_hints, direction_verdict
from summarizer.normalize.origins import origin_of
from summarizer.normalize.status_cues import dominant_status, is_agreement_noun
from summarizer.records import (
    Evidence,
    acting_capitals,
    countries_named,
    grammar_role,
    grammar_roles,
    named_makers,
    salient_countries,
    system_mentions,
    system_record,
    transfer_record,
)
from summarizer.schemas import Status, Transfer
from summarizer.transfers import denial, outside_denials


def code_transfers(sentences: list[Sentence], evidence: Evidence) -> list[Transfer]:
    """Transfers code can read without the model, from the grammar or from the maker.

    "Deutschland hat der Ukraine drei Patriot-Systeme übergeben": the grammar names who gives
    and who gets, whoever made the system. "Brazil receives its tenth Gripen" names one country
    besides Sweden, which makes the Gripen, and a status cue: Sweden → Brazil, delivered,
    whatever a small model makes of the subject. Sentences naming two other countries (resales,
    comparisons), no status cue, a rumour or a denial of the step give nothing.
    """
    out: list[Transfer] = []
    salient = salient_countries(sentences)
    # The maker must be named in the article: Patriots from Bundeswehr stocks are Germany's
    # to give, and an article that never names the United States does not make it the seller.
    named_anywhere = named_makers(sentences)
    for s in sentences:
        if is_rumour(s.text):
            continue
        systems = list(dict.fromkeys(m.system.name for m in find_systems(s.text)))
        if not systems:
            continue
        pair = _grammar_pair(s.text)
        # A country named once in passing ("cazas de fabricación chino-pakistaní") is no buyer.
        named = countries_named(s.text) & salient
        # The buyer is named as a country, or as its capital when that is not just where
        # something happened ("Kiew erhält…" names Ukraine; "signed in Copenhagen" does not).
        by_name = {m.country.code for m in find_countries(s.text)} | acting_capitals(s.text)
        # One record per system: "denies the Su-35, confirms the Mi-28" is two answers.
        for name in systems:
            if _replaced(s.text, name):
                continue  # "… to replace its C-130 fleet": the old system changes no hands
            maker = origin_of(name)
            # A seller only inferred ("the Thai order came after Brazil took delivery of
            # Gripens") must be the maker: grammar named no seller.
            guessed = pair is not None and pair[2] == "supplier" and maker not in (None, pair[0])
            if pair is not None and maker != pair[1] and not guessed:
                record = _cue_record(
                    s,
                    evidence,
                    (pair[0], pair[1]),
                    name,
                    "found in code: the sentence's grammar names the supplier and recipient",
                    _coordinate_clause(s.text, name),
                )
            elif maker is not None:
                others = named - {maker}
                if len(others) != 1 or not others <= by_name or maker not in named_anywhere:
                    continue
                if grammar_role(others, s.text) == "supplier":
                    continue  # the one other country gives: a re-export of a foreign-made system
                supplier = country_by_code(maker)
                assert supplier is not None
                record = _cue_record(
                    s,
                    evidence,
                    (maker, others.pop()),
                    name,
                    f"found in code: {supplier.name} makes {name}",
                    _coordinate_clause(s.text, name),
                )
            else:
                continue
            if record is not None:
                out.append(record)
    return out


def phase_transfers(
    transfers: list[Transfer], sentences: list[Sentence], evidence: Evidence
) -> list[Transfer]:
    """Other steps of the same deals that other sentences state, read by code.

    "The contract, signed in Copenhagen on 16 April 2024, covers 24 F-16" is the agreed step of
    the Denmark → Argentina F-16 deal whose delivery the model recorded: a sentence that names
    a deal's system, no country outside the deal, and a step (a cue, not a bare "contract")
    adds that step. A sentence naming neither country counts only when the system belongs to
    one deal of the article. Rumours and denied steps add nothing.
    """
    deals: dict[str, set[tuple[str, str]]] = {}
    customers: dict[str, set[str]] = {}
    for t in transfers:
        customers.setdefault(t.supplier.code, set()).add(t.recipient.code)
        for system in t.systems:
            deals.setdefault(system.designation, set()).add((t.supplier.code, t.recipient.code))
    have = {
        (t.supplier.code, t.recipient.code, s.designation, t.status.value)
        for t in transfers
        for s in t.systems
    }
    out: list[Transfer] = []
    for s in sentences:
        if is_rumour(s.text):
            continue
        named = countries_named(s.text)  # a capital counts even as a place: "signed in Hanoi"
        for designation, pairs in deals.items():
            mentions = system_mentions(s.text, [designation])
            if not mentions:
                continue
            fitting = [p for p in pairs if named <= set(p) and (named or len(pairs) == 1)]
            if len(fitting) != 1 or direction_verdict(*fitting[0], s.text) == "contradicts":
                continue
            seller, buyer = fitting[0]
            if buyer not in named and len(customers[seller]) > 1:
                continue  # "Russia offered Su-57s to …": a seller of many names no buyer here
            text = s.text
            if sum(1 for d in deals if system_mentions(s.text, [d])) > 1:
                # "Patriots handed over, IRIS-T contract signed": each step is its clause's.
                text = _clause_of(text, mentions[0][0])
            supplier = country_by_code(fitting[0][0])
            recipient = country_by_code(fitting[0][1])
            assert supplier is not None and recipient is not None
            record = _cue_record(
                s,
                evidence,
                fitting[0],
                designation,
                f"found in code: another step of the {supplier.name} → {recipient.name} deal",
                text,
            )
            if record is None:
                continue
            key = (*fitting[0], designation, record.status.value)
            if key not in have:
                have.add(key)
                out.append(record)
    return out


def _cue_record(
    s: Sentence,
    evidence: Evidence,
    parties: tuple[str, str],
    name: str,
    found: str,
    text: str | None = None,
) -> Transfer | None:
    """A record code stands behind: the step a cue in the sentence (or text, a part of it)
    names, not a bare "deal" noun, not denied; None when there is no such step."""
    text = outside_denials(text or s.text, [name])
    cue = dominant_status(text)
    if cue is None or all(
        is_agreement_noun(c.surface) for c in find_status_cues(text) if c.status == cue
    ):
        return None  # no step, or "the deal", "the contract": a noun says nothing of the step
    supplier, recipient = country_by_code(parties[0]), country_by_code(parties[1])
    if supplier is None or recipient is None:
        return None
    status = Status(cue)
    draft = TransferDraft(
        sentence=s.n,
        supplier=supplier.name,
        recipient=recipient.name,
        systems=[name],
        status=status,
    )
    if denial(draft, status, s.text) is not None:
        return None
    return transfer_record(
        s, evidence, (supplier, recipient), [system_record(name, None)], status, [found], "cue"
    )


def _grammar_pair(text: str) -> tuple[str, str, str | None] | None:
    """Supplier and recipient when the sentence's grammar names them: one country marked as
    giving ("Deutschland hat … übergeben", "Qazaxıstandan") and one as getting, or the one
    other country of the clause; and which of the two was that inference, if one was."""
    hints = direction_hints(text)
    roles = grammar_roles(hints)
    suppliers, recipients = roles.get("supplier", set()), roles.get("recipient", set())
    if len(suppliers) > 1 or len(recipients) > 1 or suppliers & recipients:
        return None
    if not suppliers and not recipients:
        return None
    # Giver and getter stand in one clause ("Argentina bought F-16, and the Chinese offer lost"
    # names no seller).
    clause = _clause_of(text, hints[0].start)
    if any(_clause_of(text, h.start) != clause for h in hints):
        return None
    others = ({m.country.code for m in find_countries(clause)} | acting_capitals(clause)) - (
        suppliers | recipients
    )
    inferred = None
    if not recipients and len(others) == 1:
        recipients, inferred = others, "recipient"
    elif not suppliers and len(others) == 1:
        suppliers, inferred = others, "supplier"
    elif others:
        return None  # a third country: whose the step is, grammar alone cannot tell
    if len(suppliers) != 1 or len(recipients) != 1:
        return None
    return next(iter(suppliers)), next(iter(recipients)), inferred


# Words saying a system is being replaced: before it ("to replace its C-130 fleet", "um die
# Tornado zu ersetzen" has it after, as Turkish "F-5'lerin yerine" does).
_REPLACE_BEFORE = re.compile(
    r"\b(?:replac\w*|remplac\w*|reemplaz\w*|sustitu\w*|замен\w*|بدل\w*|استبدال|لاستبدال|"
    r"ersetz\w*|ablös\w*)\W+(?:\w+\W+){0,4}$",
    re.IGNORECASE,
)
_REPLACE_AFTER = re.compile(
    r"^\S*\W+(?:\w+\W+){0,3}(?:yerine|yerini|əvəzinə|əvəz|ersetz\w*|abzulösen|ablösen)",
    re.IGNORECASE,
)


def _replaced(text: str, name: str) -> bool:
    """The system is what the deal replaces ("to replace its C-130 fleet", "F-5'lerin yerine")."""
    for at, end in system_mentions(text, [name]):
        if _REPLACE_BEFORE.search(text[max(0, at - 60) : at]) or _REPLACE_AFTER.search(
            text[end : end + 50]
        ):
            return True
    return False


# Coordinated clauses: "the US brought F-35s to Bangalore, and the Indian press discussed…"
# are two statements; a step in one is not the other's.
_COORDINATE = re.compile(
    r"[;:]|\s[–—]\s|,\s+(?:and|but|while|whereas|und|aber|während|et|mais|tandis que|y|pero|"
    r"mientras|и|а|но|однако|ve|ama|fakat|ancak|və|lakin|و|لكن)\s",
    re.IGNORECASE,
)


def _coordinate_clause(text: str, name: str) -> str:
    """The coordinated clause of the sentence that names the system (the whole sentence when
    the system is not found in it)."""
    mentions = system_mentions(text, [name])
    if not mentions:
        return text
    return _between(_COORDINATE, text, mentions[0][0])


_CLAUSE_BREAK = re.compile(r"[,;:()]|\s[–—-]\s")


def _clause_of(text: str, at: int) -> str:
    """The clause of the sentence around position at (between commas, colons, dashes)."""
    return _between(_CLAUSE_BREAK, text, at)


def _between(breaks: re.Pattern[str], text: str, at: int) -> str:
    """The stretch of text around position at, from the break before it to the one after."""
    start = max((m.end() for m in breaks.finditer(text, 0, at)), default=0)
    stop = next((m.start() for m in breaks.finditer(text, at)), len(text))
    return text[start:stop]
