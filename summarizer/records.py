"""Drafts to contract records: countries, dates, money and systems normalised in code, merged."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from summarizer.briefs import (
    Selection,
    denied_spans,
    headline_and_summary,
    is_rumour,
)
from summarizer.drafts import (
    TransferDraft,
    country_of,
)
from summarizer.grounding import Sentence, locate
from summarizer.normalize import (
    Country,
    RoleHint,
    country_by_code,
    find_countries,
    find_dates,
    find_generic_weapons,
    find_money,
    find_status_cues,
    find_systems,
    parse_month,
    resolve_generic,
    resolve_system,
)
from summarizer.normalize.countries import resolve_capital
from summarizer.normalize.cues import (
    direction_hints,
    direction_verdict,
    dominant_status,
    is_agreement_noun,
    names_transfer_verb,
)
from summarizer.normalize.dates import has_impossible_date
from summarizer.normalize.money import numbers_in
from summarizer.normalize.origins import companies_named, company_country, origin_of
from summarizer.schemas import (
    Brief,
    Category,
    CountryRef,
    KeyPoint,
    Status,
    SystemRecord,
    Transfer,
    Value,
)

# Date headings glued to the next sentence by the site's markup: "24 KASIMPutin'den".
_GLUED_HEADING = re.compile(r"(\b\d{1,2}\s+[A-ZÇĞİÖŞÜ]{3,}?)([A-ZÇĞİÖŞÜ][a-zçğıöşü])")
_GLUED_DAY = re.compile(r"([.!?])(\d{1,2}\s+[A-ZÇĞİÖŞÜa-zçğıöşü])")
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


_REALISED = {Status.agreed, Status.delivered, Status.deployed}
_DESIGNATION = re.compile(r"\d|\b[A-ZÇĞİÖŞÜА-Я]{2,}\b")


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


def _mentions(text: str, names: list[str]) -> list[tuple[int, int]]:
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
    mentions = _mentions(text, draft.systems)
    if spans and mentions and all(any(a <= m < b for a, b in spans) for m, _ in mentions):
        return "the sentence denies it"
    return None


def _outside_denials(text: str, names: list[str]) -> str:
    """The sentence with its denied clauses blanked, for a record named outside them.

    "…denied delivering a second S-400 battery, but confirmed that talks on Su-35 jets go on":
    the Su-35 record's status comes from "talks", not from the denied "delivering".
    """
    spans = denied_spans(text)
    mentions = _mentions(text, names)
    if not spans or not mentions or any(a <= m < b for a, b in spans for m, _ in mentions):
        return text
    for a, b in spans:
        text = text[:a] + " " * (b - a) + text[b:]
    return text


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
    names = [n for n in draft.systems if is_weapon_name(n)]
    if find_systems(sentence.text) or find_generic_weapons(sentence.text):
        # Beside a weapon code knows, a plain capitalised word is a person or a place
        # ("unterzeichnete Pistorius einen Vertrag über IRIS-T"), not a system.
        names = [n for n in names if not _plain_name(n) or _quoted(n, sentence.text)]
    if not names:
        return Drop(f"{', '.join(draft.systems)}: not a weapon system")
    if len(names) < len(draft.systems):
        junk = [n for n in draft.systems if n not in names]
        corrections.append(f"dropped {', '.join(junk)}: not a weapon system")
    quantity = draft.quantity if len(names) == 1 else None
    if quantity is not None and quantity not in numbers_in(sentence.text):
        corrections.append(f"quantity {quantity} dropped: the sentence does not state it")
        quantity = None
    systems = _unique_systems(system_record(n, quantity) for n in names)
    if supplier == recipient:
        parties = _two_parties(supplier, maker_of(systems), sentence.text, sentences.values())
        if parties is None:
            return Drop(
                f"{supplier.name}→{recipient.name} {', '.join(names)}: supplier and recipient "
                "are the same country and the sentence does not say who the other is"
            )
        supplier, recipient = parties
        corrections.append(
            f"one country given twice: {supplier.name} makes the system, "
            f"{recipient.name} is the other country the sentence names"
        )
    verdict = direction_verdict(supplier.code, recipient.code, sentence.text)
    translated = (english or {}).get(draft.sentence)
    if verdict is None and translated:
        # The source's grammar is silent; the verified English ("bought from Denmark") speaks.
        if direction_verdict(supplier.code, recipient.code, translated) == "contradicts":
            supplier, recipient = recipient, supplier
            corrections.append("supplier and recipient swapped: the sentence's English says so")
    elif verdict == "contradicts":
        supplier, recipient = recipient, supplier
        corrections.append("supplier and recipient swapped: the sentence's grammar says so")
    maker = maker_of(systems)
    if maker is not None and recipient.code == maker and supplier.code != maker:
        supplier, recipient = recipient, supplier
        corrections.append(f"supplier and recipient swapped: {supplier.name} makes the system")
    elif (
        maker is not None
        and maker not in (supplier.code, recipient.code)
        and direction_verdict(supplier.code, recipient.code, sentence.text) != "supports"
    ):
        # A resale needs the sentence to name the seller as one ("Qazaxıstandan alıb");
        # otherwise a supplier that does not make the system is the model's guess.
        return Drop(
            f"{supplier.name}→{recipient.name} {', '.join(names)}: the supplier does not make "
            "the system and the sentence does not name it as the seller"
        )
    status = draft.status
    cue = dominant_status(_outside_denials(sentence.text, names))
    if cue is not None and cue != status.value:
        corrections.append(f"status {status.value} → {cue}: the sentence says so")
        status = Status(cue)
    why = denial(draft, status, sentence.text)
    if why is None and is_rumour(sentence.text):
        why = "the sentence reports a rumour, not a fact"
    if (
        why is None
        and cue is None
        and not find_status_cues(sentence.text)
        and not names_transfer_verb(sentence.text)
    ):
        why = "the sentence names no step of a deal (no offer, talks, contract or delivery)"
    named = countries_named(sentence.text)
    if why is None and named and not named & {supplier.code, recipient.code}:
        why = "the sentence names other countries and neither of these"
    sides = named | companies_named(sentence.text)
    if why is None and len(named) >= 2 and not {supplier.code, recipient.code} <= sides:
        # The sentence names both sides of its deal, and the record's other country is not one.
        absent = recipient if supplier.code in sides else supplier
        why = f"the sentence names the countries of its deal, and {absent.name} is not one"
    receiving = _roles(direction_hints(sentence.text)).get("recipient", set())
    getters = receiving - {supplier.code, recipient.code}
    if why is None and getters and recipient.code not in receiving:
        # "The Thai order came days after Brazil took delivery of Gripens": Brazil receives.
        getting = ", ".join(c.name for code in sorted(getters) if (c := country_by_code(code)))
        why = f"the sentence names {getting} as the recipient"
    if why is not None:
        return Drop(f"{supplier.name}→{recipient.name} {', '.join(names)}: {why}")
    return _record(
        sentence,
        evidence,
        (supplier, recipient),
        systems,
        status,
        corrections,
        "cue" if cue is not None else "model",
    )


def _two_parties(
    given: Country, maker: str | None, text: str, article: Iterable[Sentence]
) -> tuple[Country, Country] | None:
    """Supplier and recipient when a model named one country for both ("France → France").

    The maker of the system supplies, if the article names it or one of its arms makers; the
    recipient is the one other country the sentence names, not named as a seller (that would
    be a re-export).
    """
    if maker is None or maker not in _named_makers(article):
        return None
    others = ({m.country.code for m in find_countries(text)} | _acting_capitals(text)) - {maker}
    if len(others) != 1 or given.code not in {maker, *others}:
        return None
    if _role(others, text) == "supplier":
        return None
    supplier, recipient = country_by_code(maker), country_by_code(others.pop())
    if supplier is None or recipient is None:
        return None
    return supplier, recipient


def _named_makers(sentences: Iterable[Sentence]) -> set[str]:
    """Countries the sentences name, by name or through one of their arms makers ("Saab")."""
    return {code for s in sentences for code in countries_named(s.text) | companies_named(s.text)}


def _record(
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
    years = _YEAR.findall(sentence.text)
    text, start, end = evidence.span(sentence)
    return Transfer(
        supplier=country_ref(parties[0]),
        recipient=country_ref(parties[1]),
        systems=systems,
        status=status,
        value=value,
        year=int(years[0]) if len(set(years)) == 1 else None,
        evidence=text,
        evidence_start=start,
        evidence_end=end,
        corrections=corrections,
        status_by=status_by,
    )


_LOCATIVE = re.compile(
    r"(?:\b(?:in|en|à|a|at|im|в|во|на|في|fi)\s+$)|(?:['’](?:da|de|ta|te|də|da)\b)", re.IGNORECASE
)


def _acting_capitals(text: str) -> set[str]:
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


def _roles(hints: Iterable[RoleHint]) -> dict[str, set[str]]:
    """The countries a sentence's grammar gives each role ("supplier", "recipient")."""
    roles: dict[str, set[str]] = {}
    for h in hints:
        roles.setdefault(h.role, set()).add(h.country.code)
    return roles


def _role(codes: set[str], text: str) -> str | None:
    """The grammatical role the sentence gives the one country in codes, if any."""
    roles = {h.role for h in direction_hints(text) if h.country.code in codes}
    return roles.pop() if len(roles) == 1 else None


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
    text = _outside_denials(text or s.text, [name])
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
    return _record(
        s, evidence, (supplier, recipient), [system_record(name, None)], status, [found], "cue"
    )


def _grammar_pair(text: str) -> tuple[str, str, str | None] | None:
    """Supplier and recipient when the sentence's grammar names them: one country marked as
    giving ("Deutschland hat … übergeben", "Qazaxıstandan") and one as getting, or the one
    other country of the clause; and which of the two was that inference, if one was."""
    hints = direction_hints(text)
    roles = _roles(hints)
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
    others = ({m.country.code for m in find_countries(clause)} | _acting_capitals(clause)) - (
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
    named_anywhere = _named_makers(sentences)
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
        by_name = {m.country.code for m in find_countries(s.text)} | _acting_capitals(s.text)
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
                if _role(others, s.text) == "supplier":
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
            mentions = _mentions(s.text, [designation])
            if not mentions:
                continue
            fitting = [p for p in pairs if named <= set(p) and (named or len(pairs) == 1)]
            if len(fitting) != 1 or direction_verdict(*fitting[0], s.text) == "contradicts":
                continue
            seller, buyer = fitting[0]
            if buyer not in named and len(customers[seller]) > 1:
                continue  # "Russia offered Su-57s to …": a seller of many names no buyer here
            text = s.text
            if sum(1 for d in deals if _mentions(s.text, [d])) > 1:
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
    for at, end in _mentions(text, [name]):
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
    mentions = _mentions(text, [name])
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


def _unique_systems(records: Iterable[SystemRecord]) -> list[SystemRecord]:
    seen: dict[str, SystemRecord] = {}
    for r in records:
        seen.setdefault(r.designation.casefold(), r)
    return list(seen.values())


def article_year(sentences: Iterable[Sentence], published: int | None) -> int | None:
    """The year a yearless date ("10 Kasım'da") is in: the publication's, else the latest
    year of the article's full dates (news tells of now; its older dates are background)."""
    if published is not None:
        return published
    years = [d.date.year for s in sentences for d in find_dates(s.text) if d.year_explicit]
    return max(years, default=None)


_HEADING = re.compile(r"\d{1,2}\.? [^\W\d_]{3,12}(?: \d{4})?")


def heading_dates(sentences: Iterable[Sentence], default_year: int | None) -> dict[int, str]:
    """Dates that date headings of a timeline give the sentences under them.

    A chronicle heads its paragraphs with a bare date ("24 ŞUBAT"); a sentence with no date of
    its own under such a heading happened that day. Two headings or more make a timeline: one
    dateline at the top ("Bakı, 15 may") dates nothing else.
    """
    current: str | None = None
    out: dict[int, str] = {}
    headings = 0
    for s in sentences:
        if _HEADING.fullmatch(s.text.strip()) and (date := event_date(s, default_year)):
            current, headings = date, headings + 1
        elif current is not None:
            out[s.n] = current
    return out if headings >= 2 else {}


def event_date(sentence: Sentence, default_year: int | None) -> str | None:
    """The event's ISO date, found in its sentence by code (day, else month); None if absent."""
    text = _GLUED_HEADING.sub(r"\1 \2", _GLUED_DAY.sub(r"\1 \2", sentence.text))
    found = find_dates(text, default_year=default_year)
    if found:
        return found[0].date.isoformat()
    if has_impossible_date(text):
        return None  # "31 February 2026" is no date, and not February either
    month = parse_month(text, default_year=default_year)
    if month is not None and (month[0] or default_year):
        return f"{month[0] or default_year:04d}-{month[1]:02d}"
    return None


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


def make_brief(selection: Selection, english: dict[int, str], evidence: Evidence) -> Brief | None:
    """The brief from the verified translations: points in article order, each with evidence."""
    head = english.get(selection.headline) if selection.headline is not None else None
    chosen = [s for s in selection.sentences if s.n in english and s.n != selection.headline]
    if not chosen:
        chosen = [s for s in selection.sentences if s.n in english]
    if not chosen:
        return None
    points: list[KeyPoint] = []
    for s in chosen:
        if any(p.text.casefold() == english[s.n].casefold() for p in points):
            continue  # two sentences that translate alike make one point
        text, start, end = evidence.span(s)
        points.append(
            KeyPoint(text=english[s.n], evidence=text, evidence_start=start, evidence_end=end)
        )
    headline, summary = headline_and_summary(head, [p.text for p in points])
    return Brief(
        headline=headline, summary=summary, key_points=[p.text for p in points], points=points
    )


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
