"""Grounding: sentences with exact offsets, tolerant quote location, chunk grouping."""

from __future__ import annotations

import pytest

from summarizer.grounding import group_sentences, locate, numbered, split_sentences
from summarizer.prepare import prepare
from tests.conftest import SEEDS

TR = (
    "Rusya’nın S-400 hava savunma sistemleri ile “İskender” füze sistemlerini daha önce "
    "Belarus’a sevk ettiğine dikkati çeken Lukaşenko, “S-400 sistemlerini bugün devreye "
    "soktuk.” ifadelerini kullandı."
)


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        # the article's own words, exactly
        ("Belarus’a sevk ettiğine", "Belarus’a sevk ettiğine"),
        # straight quotes for curly ones, other case, broken whitespace
        (
            'rusya\'nın S-400   hava savunma\nsistemleri ile "İskender"',
            "Rusya’nın S-400 hava savunma sistemleri ile “İskender”",
        ),
        # a quote shortened with an ellipsis matches from its first piece to its last
        (
            "Rusya’nın S-400 ... devreye soktuk",
            "Rusya’nın S-400 hava savunma sistemleri ile “İskender” füze sistemlerini daha önce Belarus’a sevk ettiğine dikkati çeken Lukaşenko, “S-400 sistemlerini bugün devreye soktuk",
        ),
        # surrounding quote marks from the model are ignored
        ("“S-400 sistemlerini bugün devreye soktuk.”", "S-400 sistemlerini bugün devreye soktuk."),
    ],
)
def test_locate_is_tolerant_of_whitespace_case_and_quotes(quote: str, expected: str) -> None:
    span = locate(quote, TR)
    assert span is not None
    assert TR[span[0] : span[1]] == expected


@pytest.mark.parametrize(
    "quote",
    [
        "Russia shipped S-400 air defence systems to Belarus",  # an English paraphrase
        "Belarus’a teslim etti",  # words the article does not use
        "devreye soktuk ... Rusya’nın",  # pieces out of order
        "   ",
    ],
)
def test_locate_rejects_what_the_article_does_not_say(quote: str) -> None:
    assert locate(quote, TR) is None


def test_sentences_have_exact_offsets_on_every_seed() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        text = prepare(path.read_text("utf-8")).text
        sentences = split_sentences(text)
        assert sentences, path
        assert [s.n for s in sentences] == list(range(1, len(sentences) + 1))
        for s in sentences:
            assert text[s.start : s.end] == s.text
            assert s.text == s.text.strip() and s.text


def test_sentence_split_keeps_ordinals_and_abbreviations() -> None:
    text = "Am 17. Juli trafen sich Dr. Müller und Gen. Akar in Ankara. Danach sprachen sie. Ok."
    assert [s.text for s in split_sentences(text)] == [
        "Am 17. Juli trafen sich Dr. Müller und Gen. Akar in Ankara.",
        "Danach sprachen sie.",
        "Ok.",
    ]


def test_overlong_sentence_is_cut_at_spaces() -> None:
    text = " ".join(["kelime"] * 400)
    sentences = split_sentences(text, max_chars=200)
    assert all(len(s.text) <= 200 for s in sentences)
    assert " ".join(s.text for s in sentences) == text


def test_groups_cover_every_sentence_in_order_within_the_limit() -> None:
    text = prepare((SEEDS / "002_41edd80deb4bf2e6.txt").read_text("utf-8")).text
    sentences = split_sentences(text)
    groups = group_sentences(sentences, 7000)
    assert len(groups) >= 3
    assert [s for g in groups for s in g] == sentences
    assert all(len(numbered(g)) <= 7000 for g in groups)
