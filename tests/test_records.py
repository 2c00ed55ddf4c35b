"""Drafts to records: dates, figures, summaries, direction and status in code; the brief;
merging across chunks."""

from __future__ import annotations

from typing import Any

import pytest

from summarizer.briefs import Selection, make_brief
from summarizer.code_transfers import code_transfers, phase_transfers
from summarizer.dating import event_date
from summarizer.drafts import TransferDraft
from summarizer.grounding import Sentence, split_sentences
from summarizer.records import Evidence, system_record
from summarizer.schemas import (
    Brief,
    Category,
    CountryRef,
    Status,
    SystemRecord,
    Transfer,
    Value,
)
from summarizer.transfers import Drop, merge_transfers, to_transfer

RU, BY, TR = (
    CountryRef(code=c, name=n) for c, n in [("RU", "Russia"), ("BY", "Belarus"), ("TR", "Türkiye")]
)


def sentence(text: str) -> Sentence:
    return Sentence(1, text, 0, len(text))


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        ("Am 17. Juli trafen sich die Minister in Ankara.", 2020, "2020-07-17"),
        ("Putin ve Erdoğan 27 Şubat'ta telefonda görüştü.", 2025, "2025-02-27"),
        ("Lavrov, Nisan ayında Türkiye'ye ikinci ziyaretini gerçekleştirdi.", 2025, "2025-04"),
        ("Le 2 avril 2024, les ministres se sont rencontrés.", None, "2024-04-02"),
        ("Die Minister trafen sich erneut.", 2025, None),
    ],
)
def test_event_dates_come_from_the_sentence(
    text: str, year: int | None, expected: str | None
) -> None:
    assert event_date(sentence(text), year) == expected


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
            transfer(Status.delivered, 20, "S-400"),  # other systems: a record of their own
        ]
    )
    assert [(t.status, t.evidence_start) for t in merged] == [
        (Status.deployed, 10),
        (Status.delivered, 20),
    ]


def test_statuses_only_the_model_gave_collapse_to_the_first_mention() -> None:
    # S-400 to India came out delivered, negotiating, agreed and proposed from one model.
    merged = merge_transfers(
        [
            transfer(Status.negotiating, 300, "S-400"),
            transfer(Status.delivered, 100, "S-400"),
            transfer(Status.agreed, 200, "S-400"),
            transfer(Status.proposed, 400, "S-400"),
        ]
    )
    assert [(t.status, t.evidence_start) for t in merged] == [(Status.negotiating, 300)]


def test_statuses_confirmed_by_cues_are_distinct_phases_and_all_stay() -> None:
    delivered = transfer(Status.delivered, 100, "S-400").model_copy(update={"status_by": "cue"})
    agreed = transfer(Status.agreed, 200, "S-400").model_copy(update={"status_by": "cue"})
    guessed = transfer(Status.proposed, 50, "S-400")  # the model's guess: a cue speaks instead
    merged = merge_transfers([guessed, delivered, agreed])
    assert [(t.status, t.evidence_start) for t in merged] == [
        (Status.delivered, 100),
        (Status.agreed, 200),
    ]


def test_date_headings_glued_to_the_text_are_still_read() -> None:
    text = "turist geldiği belirtildi.24 KASIMPutin'den Erdoğan'a: ABD'nin önerileri"
    assert event_date(sentence(text), 2025) == "2025-11-24"


# --------------------------------------------------------------------------- transfers


def draft_transfer(**changes: Any) -> TransferDraft:
    base: dict[str, Any] = {
        "sentence": 1,
        "supplier": "Russia",
        "recipient": "Belarus",
        "systems": ["S-400"],
        "status": "delivered",
        "quantity": None,
    }
    return TransferDraft(**{**base, **changes})


def convert(text: str, **changes: Any) -> Transfer | Drop:
    sentences = {s.n: s for s in split_sentences(text)}
    return to_transfer(draft_transfer(**changes), sentences, Evidence(text, text))


def test_a_denied_transfer_is_dropped() -> None:
    text = (
        "Лукашенко также опроверг сообщения ряда телеграм-каналов о поставке в республику "
        "зенитных систем С-500."
    )
    record = convert(text, systems=["S-500"])
    assert record == Drop("Russia→Belarus S-500: the sentence denies it")


def test_only_the_denied_part_of_a_sentence_is_dropped() -> None:
    text = (
        "The ministry denied that Russia had delivered S-400 systems to Belarus, "
        "but confirmed that Russia delivered Iskander systems to Belarus in 2024."
    )
    assert isinstance(convert(text), Drop)
    kept = convert(text, systems=["Iskander"])
    assert isinstance(kept, Transfer)
    assert ([s.designation for s in kept.systems], kept.status, kept.year) == (
        ["Iskander"],
        Status.delivered,
        2024,
    )


def test_a_cue_in_a_denied_clause_does_not_set_another_record_s_status() -> None:
    text = (
        "The ministry denied that Russia had delivered a second S-400 battery to Egypt, "
        "but confirmed that talks with Russia on Su-35 jets for Egypt continue."
    )
    record = convert(text, recipient="Egypt", systems=["Su-35"], status="delivered")
    assert isinstance(record, Transfer)
    assert (record.status, record.status_by) == (Status.negotiating, "cue")
    assert isinstance(convert(text, recipient="Egypt"), Drop)  # the S-400 is denied


def test_a_rumour_is_dropped() -> None:
    text = (
        "Laut einem Bericht der Bild-Zeitung soll Deutschland Taurus-Marschflugkörper an die "
        "Ukraine liefern."
    )
    record = convert(
        text, supplier="Germany", recipient="Ukraine", systems=["Taurus"], status="proposed"
    )
    assert record == Drop("Germany→Ukraine Taurus: the sentence reports a rumour, not a fact")


def test_the_maker_of_the_systems_is_the_supplier() -> None:
    # No grammar marks the direction; France makes the Rafale, so India is the buyer.
    text = "India and France signed a deal for 26 Rafale Marine jets."
    record = convert(
        text, supplier="India", recipient="France", systems=["Rafale Marine"], status="agreed"
    )
    assert isinstance(record, Transfer)
    assert (record.supplier.code, record.recipient.code) == ("FR", "IN")
    assert record.corrections == ["supplier and recipient swapped: France makes the system"]


def test_grammar_and_status_cues_correct_the_model_and_say_so() -> None:
    text = "Rusya'nın S-400 sistemlerini Belarus'a sevk ettiği belirtildi."
    record = convert(text, supplier="Belarus", recipient="Russia", status="agreed")
    assert isinstance(record, Transfer)
    assert (record.supplier.code, record.recipient.code) == ("RU", "BY")
    assert (record.status, record.status_by) == (Status.delivered, "cue")
    assert record.corrections == [
        "supplier and recipient swapped: the sentence's grammar says so",
        "status agreed → delivered: the sentence says so",
    ]
    assert text[record.evidence_start : record.evidence_end] == record.evidence


def test_the_status_is_the_model_s_when_no_cue_speaks() -> None:
    text = "Türkiye, Endonezya'ya KAAN ve yapay zekâ sistemleri gönderecek."
    record = convert(
        text,
        supplier="Türkiye",
        recipient="Indonesia",
        systems=["KAAN", "yapay zekâ"],
        status="proposed",
    )
    assert isinstance(record, Transfer)
    assert (record.status, record.status_by) == (Status.proposed, "model")
    assert [s.designation for s in record.systems] == ["KAAN"]
    assert record.corrections == ["dropped yapay zekâ: not a weapon system"]


def test_an_arms_maker_named_as_supplier_stands_for_its_country() -> None:
    text = "Saab will deliver four Gripen E fighters to Thailand in 2029."
    record = convert(
        text, supplier="Saab", recipient="Thailand", systems=["Gripen E"], status="agreed"
    )
    assert isinstance(record, Transfer)
    assert (record.supplier.code, record.recipient.code) == ("SE", "TH")
    maker = "Diehl Defence soll die Systeme bis Ende 2026 an die Ukraine liefern."
    assert convert(maker, supplier="Germany", recipient="Ukraine", systems=["Diehl Defence"]) == (
        Drop("Diehl Defence: not a weapon system")
    )


@pytest.mark.parametrize(
    ("text", "given", "expected"),
    [
        # The maker supplies, the one other country receives, whichever the model doubled.
        (
            "L'armée de Terre a cédé à l'Ukraine 30 Caesar en 2022, a indiqué la France.",
            "France",
            ("FR", "UA"),
        ),
        ("Thailand has ordered four Gripen fighters from Sweden.", "Thailand", ("SE", "TH")),
        # Two other countries, or a maker the article never names: no one to stand behind.
        ("Thailand and Brazil have ordered Gripen fighters.", "Thailand", None),
        ("Thailand has ordered four Gripen fighters.", "Thailand", None),
    ],
)
def test_one_country_given_twice_is_put_right_only_when_the_sentence_says_who(
    text: str, given: str, expected: tuple[str, str] | None
) -> None:
    record = convert(
        text,
        supplier=given,
        recipient=given,
        systems=["Caesar"] if "Caesar" in text else ["Gripen"],
    )
    if expected is None:
        assert isinstance(record, Drop)
        assert "the same country" in record.reason
    else:
        assert isinstance(record, Transfer)
        assert (record.supplier.code, record.recipient.code) == expected
        assert record.corrections[0].startswith("one country given twice")


def test_a_record_whose_sentence_names_other_countries_only_is_dropped() -> None:
    text = "Türkiye received S-400 in 2019; Indonesia dropped its Su-35 contract in 2021."
    record = convert(text, recipient="Iran", systems=["Su-35"], status="cancelled")
    assert record == Drop(
        "Russia→Iran Su-35: the sentence names other countries and neither of these"
    )


def _phases(text: str, *records: Transfer) -> list[tuple[str, str, str, str]]:
    found = phase_transfers(list(records), split_sentences(text), Evidence(text, text))
    return [
        (t.supplier.code, t.recipient.code, t.systems[0].designation, t.status.value) for t in found
    ]


def test_other_steps_of_a_deal_are_read_from_other_sentences() -> None:
    text = (
        "Argentina received the first six F-16 from Denmark on Saturday. "
        "The contract, signed in Copenhagen in April 2024, covers 24 F-16 jets. "
        "In Hanoi, a contract for F-16 parts was signed too. "
        "Rumours say more F-16 will be ordered."
    )
    delivered = convert(
        text, supplier="Denmark", recipient="Argentina", systems=["F-16"], status="delivered"
    )
    assert isinstance(delivered, Transfer)
    # The Copenhagen sentence is the deal's agreed step; the Hanoi one (Vietnam's capital)
    # and the rumour are not.
    assert _phases(text, delivered) == [("DK", "AR", "F-16", "agreed")]


def test_in_a_sentence_of_two_deals_each_step_is_its_own_clause_s() -> None:
    text = (
        "Deutschland hat der Ukraine zwei Patriot-Systeme übergeben. "
        "Deutschland unterzeichnete einen Vertrag über IRIS-T mit der Ukraine. "
        "Pistorius in Kiew: Zwei Patriot-Systeme übergeben, Vertrag über IRIS-T unterzeichnet."
    )
    patriot = convert(text, supplier="Germany", recipient="Ukraine", systems=["Patriot"])
    iris = convert(
        text.split(". ")[1],
        supplier="Germany",
        recipient="Ukraine",
        systems=["IRIS-T"],
        status="agreed",
    )
    assert isinstance(patriot, Transfer) and isinstance(iris, Transfer)
    assert _phases(text, patriot, iris) == []


def test_a_record_of_no_weapon_is_dropped() -> None:
    text = "Türkiye ve Endonezya yapay zekâ alanında anlaşma imzaladı."
    record = convert(
        text, supplier="Türkiye", recipient="Indonesia", systems=["yapay zekâ"], status="agreed"
    )
    assert record == Drop("yapay zekâ: not a weapon system")


def test_beside_a_weapon_code_knows_a_plain_name_is_a_person_unless_quoted() -> None:
    text = (
        "Gemeinsam mit seinem ukrainischen Amtskollegen unterzeichnete Pistorius einen Vertrag "
        "über vier IRIS-T SLM für die Ukraine aus Deutschland."
    )
    both = convert(text, supplier="Germany", recipient="Ukraine", systems=["Pistorius", "IRIS-T"])
    assert isinstance(both, Transfer)
    assert [s.designation for s in both.systems] == ["IRIS-T"]
    assert "dropped Pistorius: not a weapon system" in both.corrections
    alone = convert(text, supplier="Germany", recipient="Ukraine", systems=["Pistorius"])
    assert alone == Drop("Pistorius: not a weapon system")
    ship = "Индия получила от России фрегат «Тамал» по контракту 2018 года."
    named = convert(ship, supplier="Russia", recipient="India", systems=["Тамал"])
    assert isinstance(named, Transfer) and named.systems[0].designation == "Тамал"


def test_a_record_of_a_country_the_deal_s_sentence_does_not_name_is_dropped() -> None:
    text = "Thailand has ordered four Gripen E/F fighters from Sweden."
    wrong = convert(
        text, supplier="Brazil", recipient="Thailand", systems=["Gripen"], status="agreed"
    )
    assert wrong == Drop(
        "Brazil→Thailand Gripen: the sentence names the countries of its deal, and Brazil "
        "is not one"
    )
    right = convert(
        text, supplier="Sweden", recipient="Thailand", systems=["Gripen"], status="agreed"
    )
    assert isinstance(right, Transfer)


# --------------------------------------------------------------------------- the brief

BRIEF_TEXT = (
    "Rusya Belarus'a S-400 teslim etti\n"
    "Rusya, S-400 sistemlerini 2024'te Belarus'a teslim etti. "
    "Lukaşenko, sistemlerin devreye girdiğini söyledi. "
    "Hava Minsk'te güzeldi."
)
BRIEF_SENTENCES = split_sentences(BRIEF_TEXT)


def test_the_brief_is_made_of_the_verified_translations_with_their_evidence() -> None:
    head, lead, said, _weather = BRIEF_SENTENCES
    selection = Selection([head, lead, said], head.n)
    english = {
        head.n: "Russia delivered S-400 to Belarus",
        lead.n: "Russia delivered the S-400 systems to Belarus in 2024.",
        said.n: "Lukashenko said the systems had entered service",
    }
    brief = make_brief(selection, english, Evidence(BRIEF_TEXT, BRIEF_TEXT))
    assert isinstance(brief, Brief)
    assert brief.headline == "Russia delivered S-400 to Belarus"
    assert brief.key_points == [english[lead.n], english[said.n]]
    assert brief.summary == (
        "Russia delivered the S-400 systems to Belarus in 2024. "
        "Lukashenko said the systems had entered service."
    )
    assert [p.evidence for p in brief.points] == [lead.text, said.text]
    for point in brief.points:
        assert BRIEF_TEXT[point.evidence_start : point.evidence_end] == point.evidence


def test_without_its_headline_the_brief_is_headed_by_the_first_point() -> None:
    head, lead, said, _weather = BRIEF_SENTENCES
    selection = Selection([head, lead, said], head.n)
    english = {lead.n: "Russia delivered the S-400 systems to Belarus in 2024."}
    brief = make_brief(selection, english, Evidence(BRIEF_TEXT, BRIEF_TEXT))
    assert brief is not None
    assert brief.headline == "Russia delivered the S-400 systems to Belarus in 2024"
    assert brief.key_points == [english[lead.n]]
    # Only the headline translated: it is the one point, too.
    only_head = make_brief(
        selection, {head.n: "Russia delivered S-400 to Belarus"}, Evidence(BRIEF_TEXT, BRIEF_TEXT)
    )
    assert only_head is not None
    assert only_head.key_points == ["Russia delivered S-400 to Belarus"]
    assert only_head.points[0].evidence == head.text


def test_other_verified_translations_fill_the_brief_in_article_order() -> None:
    head, lead, said, _weather = BRIEF_SENTENCES
    selection = Selection([head, said], head.n)
    english = {
        said.n: "Lukashenko said the systems had entered service",
        lead.n: "Russia delivered the S-400 systems to Belarus in 2024.",  # translated anyway
    }
    evidence = Evidence(BRIEF_TEXT, BRIEF_TEXT)
    brief = make_brief(selection, english, evidence, BRIEF_SENTENCES)
    assert brief is not None
    assert brief.key_points == [english[lead.n], english[said.n]]
    # Without the chosen sentences' own translations there is no brief to fill.
    assert make_brief(selection, {lead.n: english[lead.n]}, evidence, BRIEF_SENTENCES) is None


def test_no_verified_translation_makes_no_brief() -> None:
    head, lead, said, weather = BRIEF_SENTENCES
    selection = Selection([head, lead, said], head.n)
    evidence = Evidence(BRIEF_TEXT, BRIEF_TEXT)
    assert make_brief(selection, {}, evidence) is None
    # A translation of a sentence that was not chosen does not make one either.
    assert make_brief(selection, {weather.n: "The weather in Minsk was fine."}, evidence) is None


# --------------------------------------------------------------------------- code transfers


def _code(text: str) -> list[Transfer]:
    return code_transfers(split_sentences(text), Evidence(text, text))


def test_code_reads_a_transfer_from_the_maker_and_the_one_other_country() -> None:
    text = (
        "Brazil took delivery of two more Gripen fighters on Friday. "
        "Brazil now flies ten of them. "
        "Sweden said more would follow."
    )
    [record] = _code(text)
    assert (record.supplier.code, record.recipient.code) == ("SE", "BR")
    assert (record.status, record.status_by) == (Status.delivered, "cue")
    assert record.corrections == ["found in code: Sweden makes JAS 39 Gripen"]
    assert text[record.evidence_start : record.evidence_end] == record.evidence


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Two other countries: a resale or a comparison; only grammar tells who sells.
        ("Argentina and Denmark signed for F-16 jets. Argentina and Denmark met in 2024.", []),
        (
            "Argentina bought F-16 jets from Denmark. Argentina and Denmark signed in 2024.",
            [("DK", "AR", "agreed")],
        ),
        # A country named once in passing is nobody's buyer; a maker the article never
        # names is nobody's seller (the jets may come second-hand from anywhere).
        (
            "Argentina bought F-16 jets, and the Chinese offer lost. Argentina signed in 2024.",
            [],
        ),
        (
            "Argentina bought F-16 jets, the US said. Argentina signed in 2024.",
            [("US", "AR", "agreed")],
        ),
        # No status cue: nothing changes hands.
        ("Brazil admires the Gripen. Brazil will decide later.", []),
        # Denied.
        ("Brazil denied that it took delivery of Gripen jets. Brazil said so on Friday.", []),
    ],
)
def test_code_reads_only_what_it_can_stand_behind(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    found = [(t.supplier.code, t.recipient.code, t.status.value) for t in _code(text)]
    assert found == expected


def test_code_reads_who_gives_and_who_gets_from_the_grammar() -> None:
    # Patriots are American; the sentence says Germany gave them, from its own stocks.
    text = "Deutschland hat der Ukraine bis Ende 2024 drei Patriot-Systeme übergeben."
    [record] = _code(text)
    assert (record.supplier.code, record.recipient.code, record.status) == (
        "DE",
        "UA",
        Status.delivered,
    )
    assert record.corrections == [
        "found in code: the sentence's grammar names the supplier and recipient"
    ]


def test_a_system_being_replaced_changes_no_hands() -> None:
    text = (
        "Sweden ordered four Embraer C-390 aircraft from Brazil to replace its C-130 Hercules "
        "fleet. Sweden and Brazil signed in June."
    )
    found = [(t.supplier.code, t.recipient.code, t.systems[0].designation) for t in _code(text)]
    assert found == [("BR", "SE", "C-390 Millennium")]  # the C-130s are not part of the deal


def test_a_record_contained_in_a_fuller_one_is_merged_away() -> None:
    both = convert(
        "Rusya'nın S-400 ve İskender sistemlerini Belarus'a sevk ettiği belirtildi.",
        systems=["S-400", "Iskander"],
    )
    alone = convert("Rusya'nın S-400 sistemlerini Belarus'a sevk ettiği belirtildi.")
    assert isinstance(both, Transfer) and isinstance(alone, Transfer)
    assert merge_transfers([alone, both]) == [both]


def test_a_quantity_the_sentence_does_not_state_is_dropped_and_said() -> None:
    text = "Rusya, iki S-400 sistemini Belarus'a teslim etti."
    kept = convert(text, quantity=2)
    assert isinstance(kept, Transfer) and kept.systems[0].quantity == 2  # "iki" is two
    invented = convert(text, quantity=48)
    assert isinstance(invented, Transfer)
    assert invented.systems[0].quantity is None
    assert "quantity 48 dropped: the sentence does not state it" in invented.corrections


@pytest.mark.parametrize(
    "text",
    [
        "The ministers met on 31 February 2026 in Minsk.",
        "Bakanlar 30 Şubat 2026'da Minsk'te görüştü.",
    ],
)
def test_an_impossible_date_is_no_date_at_all(text: str) -> None:
    assert event_date(sentence(text), 2026) is None
