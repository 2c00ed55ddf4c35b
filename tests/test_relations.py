"""Relations read in code: which pairs, their events and figures, topics and tone."""

from __future__ import annotations

from summarizer.grounding import split_sentences
from summarizer.records import Evidence
from summarizer.relations import relations_of, tone_of
from summarizer.schemas import (
    Category,
    CountryRef,
    EventKind,
    Relation,
    Status,
    SystemRecord,
    Tone,
    Transfer,
)

RU, BY = CountryRef(code="RU", name="Russia"), CountryRef(code="BY", name="Belarus")


def read(
    text: str, english: dict[int, str] | None = None, transfers: list[Transfer] | None = None
) -> tuple[list[Relation], list[str]]:
    return relations_of(
        split_sentences(text), Evidence(text, text), english or {}, 2025, transfers or []
    )


def pairs(relations: list[Relation]) -> list[list[str]]:
    return [[c.code for c in r.countries] for r in relations]


def transfer(supplier: CountryRef, recipient: CountryRef) -> Transfer:
    return Transfer(
        supplier=supplier,
        recipient=recipient,
        systems=[SystemRecord(designation="S-400", category=Category.air_defence)],
        status=Status.delivered,
        evidence="x",
        evidence_start=0,
        evidence_end=1,
    )


TEXT = (
    "Rusya ile Türkiye arasında doğalgaz görüşmeleri sürüyor. "  # 1: RU+TR
    "Putin 4 Mart 2025'te Türkiye'yi ziyaret etti. "  # 2: RU+TR, dated
    "Ankara ile Moskova yeni bir anlaşma imzaladı. "  # 3: RU+TR by their capitals
    "Belarus ile Rusya ortak tatbikat yaptı. "  # 4: BY+RU, once
    "Putin 9 Mayıs 2025'te konuştu."  # 5: no country
)


def test_a_pair_named_alone_twice_is_the_article_s_and_once_is_in_passing() -> None:
    relations, left = read(TEXT)
    assert pairs(relations) == [["RU", "TR"]]
    assert left == ["pair Belarus and Russia: named together once, no arms transfer"]


def test_an_arms_transfer_makes_its_pair_whatever_the_mentions() -> None:
    relations, left = read(TEXT, transfers=[transfer(RU, BY)])
    assert pairs(relations) == [["RU", "TR"], ["BY", "RU"]]  # the most mentioned first
    assert relations[1].topics[0] == "arms transfer"
    assert left == []


def test_a_roundup_naming_three_countries_at_once_makes_no_pair() -> None:
    text = (
        "Poland, Romania and South Korea signed for K9 howitzers. "
        "Poland, Romania and South Korea will meet again."
    )
    assert read(text) == ([], [])


def test_a_dated_sentence_is_an_event_of_the_one_pair_it_fits() -> None:
    english = {2: "Putin visited Türkiye on 4 March 2025."}
    [relation], _ = read(TEXT, english)
    dated = [e for e in relation.events if e.date]
    # "Türkiye'yi" names Türkiye only: it fits Russia–Türkiye. The 9 May sentence names no
    # country and is nobody's event.
    assert [(e.date, e.kind, e.summary, e.summary_by) for e in dated] == [
        ("2025-03-04", EventKind.visit, english[2], "translation")
    ]
    sentence = split_sentences(TEXT)[1]
    assert (dated[0].evidence, dated[0].evidence_start) == (sentence.text, sentence.start)


def test_untranslated_a_dated_event_has_a_summary_made_in_code() -> None:
    [relation], _ = read(TEXT)
    assert [(e.kind, e.summary, e.summary_by) for e in relation.events] == [
        (EventKind.other, "Other: Russia and Türkiye", "code")
    ]


def test_a_dated_sentence_that_fits_two_pairs_is_left_alone() -> None:
    text = TEXT + " Rusya 6 Mart 2025'te açıklama yaptı. Belarus ile Rusya yine görüştü."
    relations, _ = read(text)
    assert pairs(relations) == [["BY", "RU"], ["RU", "TR"]]  # as often named: by code
    assert all(e.date != "2025-03-06" for r in relations for e in r.events)


def test_an_undated_sentence_of_the_pair_is_an_event_when_its_english_says_what_happened() -> None:
    english = {
        1: "Gas talks between Russia and Türkiye are continuing.",
        3: "Ankara and Moscow signed a new agreement.",
    }
    [relation], _ = read(TEXT, english)
    undated = [(e.kind, e.summary) for e in relation.events if e.date is None]
    assert undated == [(EventKind.talks, english[1]), (EventKind.agreement, english[3])]


def test_a_figure_is_read_in_code_and_labelled_by_its_english() -> None:
    text = (
        "Rusya ile Türkiye arasındaki ticaret hacmi 2024 yılında 52 milyar doları aştı. "
        "Rusya ile Türkiye arasında 6,7 milyon turist seyahat etti. "
        "Rusya, Türkiye'ye 4 milyar dolarlık S-400 sattı."
    )
    english = {
        1: "Trade between Russia and Türkiye exceeded 52 billion dollars in 2024.",
        2: "6.7 million tourists travelled between Russia and Türkiye.",
        3: "Russia sold Türkiye S-400s worth 4 billion dollars.",
    }
    [relation], _ = read(text, english)
    got = [(f.label, f.amount, f.unit, f.year) for f in relation.figures]
    # The S-400 deal's value is its transfer's, not a figure of the relationship.
    assert got == [("trade volume", 52e9, "USD", 2024), ("tourists", 6.7e6, "people", None)]
    first = relation.figures[0]
    assert text[first.evidence_start : first.evidence_end] == first.evidence


def test_a_number_without_a_known_measure_is_no_figure() -> None:
    text = "Rusya ile Türkiye 3 kez görüştü. Rusya ile Türkiye 5 belge imzaladı."
    english = {1: "Russia and Türkiye met 3 times.", 2: "Russia and Türkiye signed 5 papers."}
    [relation], _ = read(text, english)
    assert relation.figures == []


def test_the_tone_comes_from_what_the_english_says() -> None:
    assert tone_of(["The two ministers signed a cooperation agreement."]) == Tone.cooperative
    assert tone_of(["Ankara condemned the move."]) == Tone.tense
    assert tone_of(["They signed a deal.", "Moscow warned Ankara."]) == Tone.mixed
    assert tone_of(["The army invaded the north."]) == Tone.hostile
    assert tone_of(["Russia delivered attack helicopters."]) == Tone.cooperative  # a weapon
    assert tone_of(["The weather was fine."]) == Tone.neutral
    assert tone_of([]) == Tone.neutral


def test_leaders_place_a_dated_event_with_their_countries_but_make_no_pair() -> None:
    text = TEXT + (
        " Erdoğan ve Putin 7 Ekim 2025'te telefonda görüştü."  # no country named: its leaders
        " Trump ve Zelenski de görüştü. Trump Zelenski'yi aradı."  # leaders only: no pair
    )
    english = {6: "Erdoğan and Putin spoke by phone on 7 October 2025."}
    relations, _ = read(text, english)
    assert pairs(relations) == [["RU", "TR"]]
    dated = {e.date: e.kind for e in relations[0].events if e.date}
    assert dated["2025-10-07"] == EventKind.call


def test_leaders_are_read_in_their_scripts_and_cases() -> None:
    from summarizer.normalize.leaders import leaders_named

    assert leaders_named("Путина поздравил Эрдоган") == {"RU", "TR"}
    assert leaders_named("وأجرى السيسي اتصالا مع بوتين") == {"EG", "RU"}
    assert leaders_named("Lukaşenko, Minsk'te Putin'i ağırladı.") == {"BY", "RU"}
    # Lower case is a word, not a name: "fidan" is a sapling, "merz" nothing.
    assert leaders_named("Bahçeye fidan dikildi.") == set()
