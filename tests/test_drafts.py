"""The grounding validators (they judge: pass, or ask again) and what code does after them:
which items the text supports, which line translates which sentence."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from summarizer.drafts import (
    Alignment,
    TransfersDraft,
    align_translation,
    check_transfers,
    country_of,
    figure_value,
    translation_draft,
)
from summarizer.grounding import split_sentences

TEXT = (
    "Russland hat zwei S-400-Systeme an Belarus geliefert. "
    "Die Türkei bot Aserbaidschan Drohnen und Raketen an. "
    "Das Wetter in Minsk war gut. "
    "Der Handel zwischen Russland und Belarus erreichte 50 Milliarden Dollar."
)


def context(**extra: Any) -> dict[str, Any]:
    return {"sentences": {s.n: s for s in split_sentences(TEXT)}, "article": TEXT, **extra}


def item(**changes: Any) -> dict[str, Any]:
    base = {
        "sentence": 1,
        "supplier": "Russia",
        "recipient": "Belarus",
        "systems": ["S-400"],
        "status": "delivered",
        "quantity": 2,
    }
    return {**base, **changes}


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"sentence": 9}, "sentence 9 is not one of the numbered sentences"),
        ({"supplier": "Atlantis"}, "supplier 'Atlantis' is not a country"),
        ({"systems": ["Su-35"]}, "the article never names 'Su-35'"),
    ],
)
def test_unsupported_transfer_is_refused_with_the_reason(
    changes: dict[str, Any], problem: str
) -> None:
    with pytest.raises(ValidationError, match=problem):
        TransfersDraft.model_validate({"transfers": [item(**changes)]}, context=context())


def test_a_miscounted_sentence_is_recited_to_the_one_naming_the_systems() -> None:
    ctx = context()
    draft = TransfersDraft.model_validate({"transfers": [item(sentence=3)]}, context=ctx)
    assert draft.transfers[0].sentence == 3  # the validator only judges
    [transfer] = check_transfers(draft.transfers, ctx).kept
    assert transfer.sentence == 1


def test_evidence_that_no_sentence_supports_is_refused() -> None:
    ctx = context()
    ctx["sentences"] = {n: s for n, s in ctx["sentences"].items() if n == 3}  # this chunk only
    with pytest.raises(ValidationError, match="sentence 3 does not name S-400"):
        TransfersDraft.model_validate({"transfers": [item(sentence=3)]}, context=ctx)


@pytest.mark.parametrize(
    "good",
    [
        item(),
        item(supplier="Rusya", recipient="Беларусь"),  # names in other languages resolve
        item(
            sentence=2,
            supplier="Turkey",
            recipient="Azerbaijan",
            systems=["drones", "Raketen"],
            status="proposed",
            quantity=None,
        ),
    ],
)
def test_supported_transfers_pass(good: dict[str, Any]) -> None:
    draft = TransfersDraft.model_validate({"transfers": [good]}, context=context())
    assert len(draft.transfers) == 1


def test_an_answer_with_a_good_item_passes_and_code_leaves_out_the_bad_ones() -> None:
    ctx = context()
    answer = {"transfers": [item(), item(systems=["Su-35"])]}
    draft = TransfersDraft.model_validate(answer, context=ctx)  # no re-ask: one item stands
    checked = check_transfers(draft.transfers, ctx)
    assert [t.systems for t in checked.kept] == [["S-400"]]
    assert checked.problems == [
        "item 2: the article never names 'Su-35'; list only systems the article names"
    ]
    assert ctx == context()  # the context is read, never written


def test_lenient_validation_judges_nothing_as_a_whole() -> None:
    answer = {"transfers": [item(systems=["Su-35"])]}
    with pytest.raises(ValidationError, match="never names 'Su-35'"):
        TransfersDraft.model_validate(answer, context=context())
    draft = TransfersDraft.model_validate(answer, context=context(lenient=True))
    assert check_transfers(draft.transfers, context()).kept == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Der Handel erreichte 50 Milliarden Dollar.", (50e9, "USD", "50 Milliarden Dollar")),
        ("Im Jahr 2024 kamen 12.500 Touristen.", (12500.0, "count", "12.500")),
        ("Am 17. Juli 2024 trafen sich 3 Minister.", (3.0, "count", "3")),  # not the date
        ("Im Jahr 2024 wuchs der Handel.", None),  # a year is not an amount
        ("Das Wetter in Minsk war gut.", None),
        ("Geçen yıl 1,2 milyon turist geldi.", (1.2e6, "count", "1,2")),  # the scale word counts
    ],
)
def test_figure_values_are_read_from_the_sentence(
    text: str, expected: tuple[float, str, str] | None
) -> None:
    assert figure_value(text) == expected


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Russia", "RU"),
        ("Rusya", "RU"),
        ("Россия", "RU"),
        ("Moscow", "RU"),  # a capital stands for its country
        ("the Kremlin", "RU"),
        ("New Delhi", "IN"),
        ("Ankara", "TR"),
        ("Pakistand", "PK"),  # a stem copied with part of a suffix (Pakistan'dan)
        ("Pakistandan", "PK"),
        ("Atlantis", None),
    ],
)
def test_country_of_a_model_name(name: str, code: str | None) -> None:
    country = country_of(name)
    assert (country.code if country else None) == code


# --------------------------------------------------------------------------- translations

SOURCE = (
    "Rusya, Belarus'a iki S-400 sistemi teslim etti. "
    "Ankara'ya göre Su-35 alımı için görüşme yapılmadı. "
    "Mısır, KAAN programına katılmak istiyor. "
    "Lukaşenko ve Putin Minsk'te bir araya geldi."
)


def translation_context(**extra: Any) -> dict[str, Any]:
    found = split_sentences(SOURCE)
    return {
        "sentences": {s.n: s for s in found},
        "numbers": [s.n for s in found],
        "article": SOURCE,
        "system_prompt": "You are a careful analyst of defence and foreign-policy news. "
        "You read one news article and fill in a JSON record about it, in English.",
        **extra,
    }


GOOD = [
    "Russia delivered two S-400 systems to Belarus.",
    "According to Ankara, no talks were held on buying Su-35 jets.",
    "Egypt wants to join the KAAN programme.",
    "Lukashenko and Putin held a meeting in Minsk.",
]


def answer(*texts: str) -> dict[str, Any]:
    return {"english": [{"n": n, "en": t} for n, t in enumerate(texts, start=1)]}


def aligned(raw: dict[str, Any], ctx: dict[str, Any], lines: int = 4) -> Alignment:
    """Validate a translation answer (the validator judges), then align it as the pipeline does."""
    draft = translation_draft(lines).model_validate(raw, context=ctx)
    return align_translation(draft.english, ctx)


def test_a_translation_has_exactly_the_lines_asked_for() -> None:
    model = translation_draft(4)
    assert model is translation_draft(4)  # one model per size
    schema = model.model_json_schema()["properties"]["english"]
    assert (schema["minItems"], schema["maxItems"]) == (4, 4)
    with pytest.raises(ValidationError):
        model.model_validate(answer(*GOOD[:3]))
    assert len(model.model_validate(answer(*GOOD), context=translation_context()).english) == 4


@pytest.mark.parametrize(
    ("n", "bad", "problem"),
    [
        (1, "Rusya, Belarus'a iki S-400 sistemi teslim etti ve bunu açıkladı.", "not in English"),
        (1, "Russia delivered 12 S-400 systems to Belarus.", "numbers the sentence does not: 12"),
        (1, "Russia delivered two S-400 systems to Belarus and Armenia.", "countries the article does not: Armenia"),
        (1, "Russia delivered two S-400 and Iskander systems to Belarus.", "systems the sentence does not: Iskander"),
        (2, "According to Ankara, talks were held on buying Su-35 jets.", "denies or negates something"),
        (4, "Yes.", "empty or too short"),
        (
            4,
            "You are a careful analyst of defence and foreign-policy news. You read one news article.",
            "repeats the instructions",
        ),
    ],
)  # fmt: skip
def test_an_unfaithful_line_is_dropped_and_the_others_kept(n: int, bad: str, problem: str) -> None:
    texts = list(GOOD)
    texts[n - 1] = bad
    result = aligned(answer(*texts), translation_context())
    assert [line.n for line in result.kept] == [i for i in (1, 2, 3, 4) if i != n]
    [dropped] = result.problems
    assert dropped.startswith(f"sentence {n}: ") and problem in dropped


def test_a_line_for_a_sentence_not_asked_for_is_dropped() -> None:
    lines = {"english": [{"n": 1, "en": GOOD[0]}, {"n": 3, "en": GOOD[2]}]}
    result = aligned(lines, translation_context(numbers=[1, 4]), lines=2)
    assert [line.n for line in result.kept] == [1]
    assert result.problems == ["sentence 3: sentence 3 was not asked for (or twice)"]


def test_no_faithful_line_is_reasked_then_an_empty_translation() -> None:
    turkish = [
        "Rusya, Belarus'a iki S-400 sistemi teslim etti ve bunu açıkladı.",
        "Ankara'ya göre Su-35 alımı için hiçbir görüşme yapılmadı.",
        "Mısır, KAAN programına katılmak istediğini bugün açıkladı.",
        "Lukaşenko ve Putin Minsk'te bugün bir araya geldiler.",
    ]
    with pytest.raises(ValidationError, match="Translate each sentence faithfully into English"):
        translation_draft(4).model_validate(answer(*turkish), context=translation_context())
    result = aligned(answer(*turkish), translation_context(lenient=True))
    assert result.kept == []
    assert len(result.problems) == 4


def test_a_wrong_country_or_system_is_put_right_from_the_sentence() -> None:
    texts = list(GOOD)
    texts[2] = "Syria wants to join the Hürjet programme."  # Mısır is Egypt; KAAN, not Hürjet
    result = aligned(answer(*texts), translation_context())
    assert result.kept[2].en == "Egypt wants to join the KAAN programme."
    assert result.problems == []


def test_without_context_drafts_are_only_shape_checked() -> None:
    draft = TransfersDraft.model_validate({"transfers": [item(systems=["Su-35"])]})
    assert draft.transfers[0].systems == ["Su-35"]


def test_a_shifted_line_moves_to_the_sentence_it_translates() -> None:
    # Line 2 carries the English of sentence 3 (it shares nothing with sentence 2) and line 3
    # is junk: the faithful English of sentence 3 becomes sentence 3's line, with its
    # evidence; sentence 2 is left out.
    texts = [GOOD[0], GOOD[2], "Yes.", GOOD[3]]
    result = aligned(answer(*texts), translation_context())
    assert [(line.n, line.en) for line in result.kept] == [
        (1, GOOD[0]),
        (3, GOOD[2]),
        (4, GOOD[3]),
    ]
    assert result.moved == ["line 2 is the English of sentence 3; moved there"]
    assert result.problems == ["sentence 3: the translation is empty or too short"]


def test_lines_shifted_by_one_each_find_their_sentence() -> None:
    # The model gave every line the English of the next sentence, and junk last: each line
    # goes to the sentence it shares most with (Ankara and the Su-35; Egypt and KAAN; Putin
    # and Minsk), and sentence 1, which no line translates, is left out.
    texts = [GOOD[1], GOOD[2], GOOD[3], "Yes."]
    result = aligned(answer(*texts), translation_context())
    assert [(line.n, line.en) for line in result.kept] == [
        (2, GOOD[1]),
        (3, GOOD[2]),
        (4, GOOD[3]),
    ]
    assert result.moved == [
        "line 1 is the English of sentence 2; moved there",
        "line 2 is the English of sentence 3; moved there",
        "line 3 is the English of sentence 4; moved there",
    ]
    assert result.problems == ["sentence 4: the translation is empty or too short"]
