"""Drafts to contract records: countries, dates, money and systems normalised in code, merged."""

from __future__ import annotations

import re
from collections.abc import Iterable

from summarizer.drafts import EventDraft, FigureDraft, RelationDraft, TransferDraft
from summarizer.grounding import Sentence, locate
from summarizer.normalize import (
    Country,
    find_dates,
    find_money,
    parse_date,
    parse_money,
    parse_month,
    parse_number,
    resolve_country,
    resolve_generic,
    resolve_system,
)
from summarizer.normalize.cues import dominant_status, orient
from summarizer.normalize.origins import origin_of
from summarizer.prepare import detect_language
from summarizer.schemas import (
    Category,
    CountryRef,
    Event,
    Figure,
    Relation,
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


def to_transfer(
    draft: TransferDraft, sentences: dict[int, Sentence], evidence: Evidence
) -> Transfer:
    """A validated draft as a contract record; code corrects direction and status cues."""
    sentence = sentences[draft.sentence]
    supplier = resolve_country(draft.supplier)
    recipient = resolve_country(draft.recipient)
    assert supplier is not None and recipient is not None  # the draft validator checked
    corrections: list[str] = []
    _s_code, _r_code, swapped = orient(supplier.code, recipient.code, sentence.text)
    if swapped:
        supplier, recipient = recipient, supplier
        corrections.append("supplier and recipient swapped: the sentence's grammar says so")
    status = draft.status
    cue = dominant_status(sentence.text)
    if cue is not None and cue != status.value:
        corrections.append(f"status {status.value} → {cue}: the sentence says so")
        status = Status(cue)
    quantity = draft.quantity if len(draft.systems) == 1 else None
    systems = _unique_systems(system_record(n, quantity) for n in draft.systems)
    money = find_money(sentence.text)
    value = Value(amount=money[0].money.amount, currency=money[0].money.currency) if money else None
    years = _YEAR.findall(sentence.text)
    text, start, end = evidence.span(sentence)
    return Transfer(
        supplier=country_ref(supplier),
        recipient=country_ref(recipient),
        systems=systems,
        status=status,
        value=value,
        year=int(years[0]) if len(set(years)) == 1 else None,
        evidence=text,
        evidence_start=start,
        evidence_end=end,
        corrections=corrections,
    )


def _maker(names: list[str]) -> str | None:
    """The one country that makes all the named systems, if the gazetteer knows it."""
    makers = set()
    for name in names:
        system = resolve_system(name)
        makers.add(origin_of(system.name) if system else None)
    return makers.pop() if len(makers) == 1 else None


def _unique_systems(records: Iterable[SystemRecord]) -> list[SystemRecord]:
    seen: dict[str, SystemRecord] = {}
    for r in records:
        seen.setdefault(r.designation.casefold(), r)
    return list(seen.values())


def event_date(draft: EventDraft, sentence: Sentence, default_year: int | None) -> str | None:
    """The event's ISO date: found in the sentence by code, else parsed from the model's text."""
    text = _GLUED_HEADING.sub(r"\1 \2", _GLUED_DAY.sub(r"\1 \2", sentence.text))
    found = find_dates(text, default_year=default_year)
    if found:
        return found[0].date.isoformat()
    day = parse_date(draft.date, default_year=default_year) if draft.date else None
    if day is not None:
        return day.isoformat()
    month = (parse_month(draft.date, default_year=default_year) if draft.date else None) or (
        parse_month(text, default_year=default_year)
    )
    if month is not None and (month[0] or default_year):
        return f"{month[0] or default_year:04d}-{month[1]:02d}"
    return None


def event_summary(draft: EventDraft, pair: list[Country]) -> tuple[str, bool]:
    """The model's summary if it is English, else one written in code; and whether it is."""
    text = draft.summary.strip()
    # Under ~6 words language identification guesses; short summaries pass as they are.
    if len(text.split()) < 6 or detect_language(text) in ("en", "und"):
        return text, True
    kind = draft.kind.value.replace("_", " ")
    return f"{kind.capitalize()} between {pair[0].name} and {pair[1].name}", False


def to_figure(draft: FigureDraft, sentence: Sentence, evidence: Evidence) -> Figure | None:
    """A figure with its value parsed in code; None when the value is not a number."""
    money = parse_money(draft.value)
    if money is not None:
        amount, unit = money.amount, money.currency
    else:
        number = parse_number(draft.value)
        if number is None:
            return None
        amount, unit = number, "count"
    years = _YEAR.findall(sentence.text)
    text, start, end = evidence.span(sentence)
    return Figure(
        label=draft.label.strip(),
        amount=amount,
        unit=unit,
        year=int(years[0]) if len(set(years)) == 1 else None,
        evidence=text,
        evidence_start=start,
        evidence_end=end,
    )


def to_relation(
    draft: RelationDraft,
    sentences: dict[int, Sentence],
    evidence: Evidence,
    default_year: int | None,
) -> Relation:
    """A validated relation draft as a contract record, the pair sorted by code."""
    a, b = resolve_country(draft.country_a), resolve_country(draft.country_b)
    assert a is not None and b is not None
    pair = sorted([a, b], key=lambda c: c.code)
    events = []
    for e in draft.events:
        sentence = sentences[e.sentence]
        text, start, end = evidence.span(sentence)
        summary, by_model = event_summary(e, pair)
        events.append(
            Event(
                date=event_date(e, sentence, default_year),
                kind=e.kind,
                summary=summary,
                summary_by="model" if by_model else "code",
                evidence=text,
                evidence_start=start,
                evidence_end=end,
            )
        )
    figures = [f for d in draft.figures if (f := to_figure(d, sentences[d.sentence], evidence))]
    return Relation(
        countries=[country_ref(c) for c in pair],
        events=events,
        figures=figures,
        topics=[t.strip() for t in draft.topics if t.strip()][:10],
        tone=draft.tone,
    )


def merge_transfers(transfers: list[Transfer]) -> list[Transfer]:
    """One record per supplier, recipient, status and system set (chunks overlap)."""
    seen: dict[tuple[str, str, str, frozenset[str]], Transfer] = {}
    for t in transfers:
        key = (
            t.supplier.code,
            t.recipient.code,
            t.status.value,
            frozenset(s.designation.casefold() for s in t.systems),
        )
        seen.setdefault(key, t)
    return list(seen.values())


def merge_relations(relations: list[Relation]) -> list[Relation]:
    """One relation per pair: events and figures united without duplicates, in text order."""
    merged: dict[tuple[str, str], Relation] = {}
    for r in relations:
        key = (r.countries[0].code, r.countries[1].code)
        if key not in merged:
            merged[key] = r.model_copy(deep=True)
            continue
        into = merged[key]
        into.events += r.events
        into.figures += r.figures
        into.topics += [t for t in r.topics if t not in into.topics]
        into.topics = into.topics[:10]
    for r in merged.values():
        r.events = sorted(
            {(e.evidence_start, e.kind, e.date): e for e in r.events}.values(),
            key=lambda e: e.evidence_start,
        )
        r.figures = list({(f.evidence_start, f.label): f for f in r.figures}.values())
    return list(merged.values())
