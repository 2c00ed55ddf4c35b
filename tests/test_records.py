"""Drafts to records: dates, figures, summaries and systems in code; merging across chunks."""

from __future__ import annotations

import pytest

from summarizer.drafts import EventDraft, FigureDraft, RelationDraft
from summarizer.grounding import Sentence, split_sentences
from summarizer.records import (
    Evidence,
    event_date,
    merge_relations,
    merge_transfers,
    system_record,
    to_figure,
    to_relation,
)
from summarizer.schemas import (
    Category,
    CountryRef,
    Event,
    EventKind,
    Relation,
    Status,
    SystemRecord,
    Transfer,
    Value,
)

RU, BY, TR = (
    CountryRef(code=c, name=n) for c, n in [("RU", "Russia"), ("BY", "Belarus"), ("TR", "Türkiye")]
)


def sentence(text: str) -> Sentence:
    return Sentence(1, text, 0, len(text))


@pytest.mark.parametrize(
    ("text", "model_date", "year", "expected"),
    [
        ("Am 17. Juli trafen sich die Minister in Ankara.", None, 2020, "2020-07-17"),
        ("Putin ve Erdoğan 27 Şubat'ta telefonda görüştü.", None, 2025, "2025-02-27"),
        (
            "Lavrov, Nisan ayında Türkiye'ye ikinci ziyaretini gerçekleştirdi.",
            "Nisan ayında",
            2025,
            "2025-04",
        ),
        ("Le 2 avril 2024, les ministres se sont rencontrés.", None, None, "2024-04-02"),
        ("Die Minister trafen sich erneut.", None, 2025, None),
    ],
)
def test_event_dates_come_from_the_sentence_first(
    text: str, model_date: str | None, year: int | None, expected: str | None
) -> None:
    draft = EventDraft(
        sentence=1, date=model_date, kind=EventKind.meeting, summary="The ministers met."
    )
    assert event_date(draft, sentence(text), year) == expected


def test_figure_value_is_parsed_in_code() -> None:
    text = "İki ülke arasındaki ticaret hacmi 2024 yılında 52 milyar doları aştı."
    figure = to_figure(
        FigureDraft(sentence=1, label="trade volume", value="52 milyar doları"),
        sentence(text),
        Evidence(text, text),
    )
    assert figure is not None
    assert (figure.amount, figure.unit, figure.year) == (52e9, "USD", 2024)
    assert text[figure.evidence_start : figure.evidence_end] == figure.evidence


def test_summary_not_in_english_is_replaced_in_code_and_marked() -> None:
    text = "Lukaşenko ve Putin, zirvenin ardından düzenledikleri ortak basın toplantısında konuştu."
    sentences = {s.n: s for s in split_sentences(text)}
    draft = RelationDraft(
        country_a="Russia",
        country_b="Belarus",
        events=[EventDraft(sentence=1, kind=EventKind.statement, summary=text)],
        tone="cooperative",
    )
    relation = to_relation(draft, sentences, Evidence(text, text), 2025)
    [event] = relation.events
    assert event.summary == "Statement between Belarus and Russia"
    assert event.summary_by == "code"
    assert [c.code for c in relation.countries] == ["BY", "RU"]


@pytest.mark.parametrize(
    ("name", "designation", "category"),
    [
        ("İskender", "Iskander", Category.missile),
        ("С-400 «Триумф»", "S-400", Category.air_defence),
        ("Drohnen", "drones", Category.drone),
        ("Wunderwaffe-9", "Wunderwaffe-9", Category.other),
    ],
)
def test_systems_are_made_canonical(name: str, designation: str, category: Category) -> None:
    record = system_record(name, 3)
    assert (record.designation, record.category, record.quantity) == (designation, category, 3)


def transfer(status: Status, start: int, *systems: str) -> Transfer:
    return Transfer(
        supplier=RU,
        recipient=BY,
        systems=[SystemRecord(designation=s, category=Category.air_defence) for s in systems],
        status=status,
        value=Value(amount=1e9, currency="USD"),
        evidence="x",
        evidence_start=start,
        evidence_end=start + 1,
    )


def test_transfers_from_overlapping_chunks_merge() -> None:
    merged = merge_transfers(
        [
            transfer(Status.deployed, 10, "S-400", "Iskander"),
            transfer(Status.deployed, 500, "Iskander", "S-400"),  # the same, from the next chunk
            transfer(Status.delivered, 20, "S-400"),  # a different status stays apart
        ]
    )
    assert [(t.status, t.evidence_start) for t in merged] == [
        (Status.deployed, 10),
        (Status.delivered, 20),
    ]


def event(start: int, date: str | None) -> Event:
    return Event(
        date=date,
        kind=EventKind.visit,
        summary="A visit.",
        evidence="x",
        evidence_start=start,
        evidence_end=start + 1,
    )


def test_relations_from_chunks_merge_by_pair_in_text_order() -> None:
    first = Relation(
        countries=[RU, TR],
        events=[event(900, "2025-12-01"), event(10, "2025-01-27")],
        topics=["gas"],
    )
    second = Relation(
        countries=[RU, TR],
        events=[event(10, "2025-01-27"), event(5000, "2025-12-13")],
        topics=["gas", "Syria"],
    )
    other = Relation(countries=[BY, RU], events=[event(50, None)])
    merged = merge_relations([first, other, second])
    assert [[c.code for c in r.countries] for r in merged] == [["RU", "TR"], ["BY", "RU"]]
    assert [e.date for e in merged[0].events] == ["2025-01-27", "2025-12-01", "2025-12-13"]
    assert merged[0].topics == ["gas", "Syria"]


def test_date_headings_glued_to_the_text_are_still_read() -> None:
    text = "turist geldiği belirtildi.24 KASIMPutin'den Erdoğan'a: ABD'nin önerileri"
    draft = EventDraft(sentence=1, kind=EventKind.call, summary="Putin called Erdoğan.")
    assert event_date(draft, sentence(text), 2025) == "2025-11-24"
