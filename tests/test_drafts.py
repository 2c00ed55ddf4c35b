"""The grounding validators: what the text must support before a record is kept."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from summarizer.drafts import RelationsDraft, TransfersDraft
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
        ({"recipient": "Russland"}, "supplier and recipient are both Russia"),
        ({"systems": ["Su-35"]}, "the article never names 'Su-35'"),
    ],
)
def test_unsupported_transfer_is_refused_with_the_reason(
    changes: dict[str, Any], problem: str
) -> None:
    with pytest.raises(ValidationError, match=problem):
        TransfersDraft.model_validate({"transfers": [item(**changes)]}, context=context())


def test_a_miscounted_sentence_is_recited_to_the_one_naming_the_systems() -> None:
    draft = TransfersDraft.model_validate({"transfers": [item(sentence=3)]}, context=context())
    [transfer] = draft.transfers
    assert (transfer.sentence, transfer.recited_from) == (1, 3)


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


def test_lenient_validation_drops_and_lists_what_fails() -> None:
    ctx = context(lenient=True)
    draft = TransfersDraft.model_validate(
        {"transfers": [item(), item(systems=["Su-35"])]}, context=ctx
    )
    assert len(draft.transfers) == 1
    assert ctx["dropped"] == [
        "item 2: the article never names 'Su-35'; list only systems the article names"
    ]


def test_relations_keep_good_parts_and_drop_the_rest_without_reasking() -> None:
    ctx = context()
    draft = RelationsDraft.model_validate(
        {
            "relations": [
                {
                    "country_a": "Russia",
                    "country_b": "Belarus",
                    "events": [
                        {
                            "sentence": 1,
                            "kind": "delivery",
                            "summary": "Russia delivered S-400 systems.",
                        },
                        {"sentence": 12, "kind": "visit", "summary": "A visit."},
                    ],
                    "figures": [
                        {"sentence": 4, "label": "trade", "value": "50 Milliarden Dollar"},
                        {"sentence": 4, "label": "trade", "value": "fifty billion dollars"},
                        {"sentence": 3, "label": "weather", "value": "null"},
                    ],
                    "tone": "cooperative",
                },
                {"country_a": "Russia", "country_b": "France", "tone": "tense"},
            ]
        },
        context=ctx,
    )
    [relation] = draft.relations
    assert [e.sentence for e in relation.events] == [1]
    # a translated value is replaced by the sentence's own amount, written as the article has it
    assert [f.value for f in relation.figures] == ["50 Milliarden Dollar", "50 Milliarden Dollar"]
    assert ctx["dropped"] == [
        "item 2: the article never names France; use only countries the article names",
        "item 2: event sentence 12 is not one of the numbered sentences",
        "item 3: the value 'null' is not written in sentence 3; copy it exactly",
    ]


def test_without_context_drafts_are_only_shape_checked() -> None:
    draft = TransfersDraft.model_validate({"transfers": [item(systems=["Su-35"])]})
    assert draft.transfers[0].systems == ["Su-35"]
