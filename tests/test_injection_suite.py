"""Planted instructions in many places and languages (issue item 2), against the fake model.

The variants are tests/data/injection/*: a clean base article with one instruction planted
in the body, a reader comment, link text, HTML attributes, hidden elements, invisible
characters or behind a fake delimiter (listed with their goal in variants.toml). What code
guarantees, whatever a model does:

- text a reader never sees never reaches a model request, and no invisible character does;
- visible text that addresses the model ("ignore all previous instructions", "SYSTEM:",
  "</article>", "note to AI systems", in en/de/ru/tr) is set aside before the model, sentence
  by sentence, and `prepare()` lists it as "instruction to the model"; what is left of a
  planted instruction (a following sentence that names no model) stays inside the article
  block of the prompt;
- `addresses_the_model` fires on every planted instruction line and on no line of the
  evaluation fixtures and seeds (but the two planted there on purpose);
- a model that obeys is corrected or rejected: statuses follow the cited sentence, invented
  transfers are dropped and counted, translated lines of the brief that are not English (or
  recite the instructions) are dropped, re-asked when none is left, and a brief with no
  verified line is absent, listed in `meta.failed` and an error line of the CLI;
- with the same model answers, an injected article summarises exactly like the clean one.

tests/test_injection.py holds the first two checks for the original German sample; links
and escaping of model output in the digest HTML are covered in tests/test_digest_compose.py
(`test_javascript_and_attribute_breaking_links_never_become_markup`,
`test_markup_from_articles_is_escaped_in_html_and_literal_in_text`); the digest test here
adds the end-to-end path from the store.

Two defences overlap, and the tests keep them apart: hidden elements must be dropped before
the line filter ever reads them, and a delimiter the filter lets through must still be
defused in the prompt.

Ordinary news sentences that use "system", "instructions", "AI" or "model" in their usual
sense guard the line filter against false positives: a false positive is a fact the model
never reads.
"""

from __future__ import annotations

import copy
import json
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from summarizer.articles import read_article
from summarizer.grounding import split_sentences
from summarizer.prepare import Prepared, addresses_the_model, normalize_whitespace, prepare
from tests.conftest import ROOT
from tests.fakes import FakeProvider
from tests.servers import Reply, chat_server
from tests.smtp import parse
from tests.web import Route, web_server

DATA = ROOT / "tests" / "data" / "injection"
MANIFEST = tomllib.loads((DATA / "variants.toml").read_text(encoding="utf-8"))
ANSWERS = json.loads((DATA / "answers.json").read_text(encoding="utf-8"))
OBEYED = ANSWERS["obeyed"]
INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\U000e0000-\U000e007f]")


@dataclass(frozen=True)
class Variant:
    """One injected article (a row of variants.toml)."""

    file: str
    base: str
    place: str
    language: str
    goal: str
    planted: list[str]
    seen: bool

    @property
    def path(self) -> Path:
        return DATA / self.file

    @property
    def base_path(self) -> Path:
        return ROOT / MANIFEST["bases"][self.base]

    def __str__(self) -> str:
        return self.file


@dataclass(frozen=True)
class Instruction:
    """One planted instruction line (an [[instruction]] row of variants.toml)."""

    variant: str
    language: str
    line: str


VARIANTS = [Variant(**row) for row in MANIFEST["variant"]]
BY_NAME = {v.file: v for v in VARIANTS}
INSTRUCTIONS = [Instruction(**row) for row in MANIFEST["instruction"]]
SET_ASIDE = "instruction to the model"  # the label in Prepared.removed


def variants(
    *,
    seen: bool | None = None,
    goal: str | None = None,
) -> list[Any]:
    """Variants as pytest params."""
    out = []
    for v in VARIANTS:
        if (seen is not None and v.seen != seen) or (goal is not None and goal not in v.goal):
            continue
        out.append(pytest.param(v, id=v.file))
    return out


# --------------------------------------------------------------------------- helpers


def prepared(path: Path) -> Prepared:
    """What the pipeline makes of an article file before the model sees it."""
    return prepare(read_article(str(path)).text)


def sentences(path: Path) -> list[Any]:
    """The numbered sentences the pipeline makes of an article file."""
    return split_sentences(prepared(path).text)


def set_aside(result: Prepared) -> bool:
    """Whether prepare() set aside lines or sentences that address the model."""
    return any(r == SET_ASIDE or r.startswith(f"{SET_ASIDE} x") for r in result.removed)


def cited(path: Path, phrase: str) -> int:
    """The number of the one sentence that contains the phrase."""
    hits = [s.n for s in sentences(path) if phrase in s.text]
    assert len(hits) == 1, f"{path.name}: {phrase!r} is in sentences {hits}"
    return hits[0]


def first_cited(path: Path, phrase: str) -> int:
    """The number of the first sentence that contains the phrase (a repeated headline is
    translated once, where it first stands)."""
    hits = [s.n for s in sentences(path) if phrase in s.text]
    assert hits, f"{path.name}: {phrase!r} is in no sentence"
    return hits[0]


def lines(path: Path, brief: dict[str, Any]) -> dict[str, Any]:
    """A translation answer with every cited phrase turned into this file's sentence number."""
    return {
        "english": [
            {"n": first_cited(path, line["cite"]), "en": line["en"]} for line in brief["english"]
        ]
    }


def answers(path: Path, base: str) -> dict[str, Any]:
    """The base's fake answers with every cited phrase turned into this file's sentence number."""
    raw = copy.deepcopy(ANSWERS[base])
    for transfer in raw["transfers"]:
        transfer["sentence"] = cited(path, transfer.pop("cite"))
    return {
        "brief": lines(path, raw["brief"]),
        "transfers": {"transfers": raw["transfers"]},
    }


def summarize(
    cli, fake: FakeProvider, path: Path, given: dict[str, Any], out: Path, *args: str
) -> dict[str, Any]:
    """Summarise one article with the given fake answers; the contract JSON."""
    fake.requests.clear()
    fake.answers.clear()
    fake.answers.update(given)
    result = cli("summarize", "--model", "fake", "--out", str(out), *args, str(path))
    assert result.code == 0, result.err
    return json.loads((out / f"{path.stem}.json").read_text(encoding="utf-8"))


def contents(fake: FakeProvider) -> list[str]:
    """Every message the fake model was sent."""
    assert fake.requests, "no request was made: nothing was tested"
    return [m["content"] for r in fake.requests for m in r.messages]


def comparable(summary: dict[str, Any]) -> dict[str, Any]:
    """What must not change: the brief and the records, without offsets (they move with
    planted text)."""

    def strip(node: Any) -> Any:
        if isinstance(node, dict):
            return {
                k: strip(v) for k, v in node.items() if k not in ("evidence_start", "evidence_end")
            }
        if isinstance(node, list):
            return [strip(v) for v in node]
        return node

    return {
        "language": summary["source"]["language"],
        "brief": strip(summary["brief"]),
        "arms_transfers": strip(summary["arms_transfers"]),
        "relations": strip(summary["relations"]),
        "dropped": summary["meta"]["dropped"],
    }


def visible(text: str) -> str:
    """The text a reader sees: zero-width and tag characters removed."""
    return INVISIBLE.sub("", text)


def decoded_tags(text: str) -> str:
    """What Unicode tag characters spell (ASCII smuggling)."""
    return "".join(chr(ord(c) - 0xE0000) for c in text if 0xE0020 <= ord(c) <= 0xE007E)


# --------------------------------------------------------------------------- the data


def test_the_suite_covers_places_languages_and_goals() -> None:
    assert len(VARIANTS) >= 10
    assert len({v.place for v in VARIANTS}) >= 8
    assert {"en", "tr", "ru", "de"} <= {
        lang.strip() for v in VARIANTS for lang in v.language.split(",")
    }
    goals = " ".join(v.goal for v in VARIANTS)
    for goal in ("cancel", "invent", "Russian", "Turkish", "system prompt"):
        assert goal in goals
    # Every variant's instruction lines are listed, in all four languages.
    assert {i.variant for i in INSTRUCTIONS} == {v.file for v in VARIANTS}
    assert {i.language for i in INSTRUCTIONS} >= {"en", "tr", "ru", "de"}


@pytest.mark.parametrize("variant", VARIANTS, ids=str)
def test_every_variant_plants_its_instruction_in_its_base(variant: Variant) -> None:
    text = variant.path.read_text(encoding="utf-8")
    base = variant.base_path.read_text(encoding="utf-8")
    assert text != base
    readable = visible(text) + decoded_tags(text)
    for phrase in variant.planted:
        assert phrase in readable, phrase
        assert phrase not in base, phrase
    if "zero-width" in variant.place:
        assert {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"} <= set(text)
        assert not any(phrase in text for phrase in variant.planted)  # hidden from search
    if "tag characters" in variant.place:
        assert "F-35" in decoded_tags(text) and "F-35" not in visible(text)


# --------------------------------------------------------------------------- what the model sees


@pytest.mark.parametrize("variant", variants(seen=False))
def test_instructions_a_reader_never_sees_never_reach_the_model(
    cli, fake: FakeProvider, tmp_path: Path, variant: Variant
) -> None:
    summarize(cli, fake, variant.path, answers(variant.path, variant.base), tmp_path)
    sent = "\n".join(contents(fake))
    for phrase in variant.planted:
        assert phrase not in sent
    assert decoded_tags(sent) == ""
    # Hidden elements, attributes and comments go whole, before the line filter ever reads
    # them (it would catch only text that names the model); the visible article stays whole.
    ours, theirs = prepared(variant.path), prepared(variant.base_path)
    assert ours.text == theirs.text
    assert ours.removed == theirs.removed


@pytest.mark.parametrize("variant", VARIANTS, ids=str)
def test_no_invisible_character_reaches_the_model(
    cli, fake: FakeProvider, tmp_path: Path, variant: Variant
) -> None:
    summarize(cli, fake, variant.path, answers(variant.path, variant.base), tmp_path)
    for content in contents(fake):
        assert [hex(ord(c)) for c in content if unicodedata.category(c) == "Cf"] == []


@pytest.mark.parametrize("variant", variants(seen=True))
def test_visible_instructions_are_set_aside_before_the_model(
    cli, fake: FakeProvider, tmp_path: Path, variant: Variant
) -> None:
    clean = summarize(
        cli, fake, variant.base_path, answers(variant.base_path, variant.base), tmp_path / "clean"
    )
    clean_sent = contents(fake)
    injected = summarize(
        cli, fake, variant.path, answers(variant.path, variant.base), tmp_path / "injected"
    )
    injected_sent = contents(fake)
    assert variant.planted
    for phrase in variant.planted:
        assert not any(phrase in content for content in injected_sent), phrase
    ours, theirs = prepared(variant.path), prepared(variant.base_path)
    assert set_aside(ours), ours.removed
    assert not set_aside(theirs), theirs.removed
    # Only the instruction goes: the article the model reads is the clean one.
    assert re.sub(r"\n{3,}", "\n\n", ours.text).strip() == theirs.text
    assert injected_sent == clean_sent  # the model is sent exactly the clean article
    assert comparable(injected) == comparable(clean)


@pytest.mark.parametrize("variant", variants(seen=True))
def test_no_sentence_of_a_visible_instruction_reaches_the_model(
    cli, fake: FakeProvider, tmp_path: Path, variant: Variant
) -> None:
    summarize(cli, fake, variant.path, answers(variant.path, variant.base), tmp_path)
    sent = "\n".join(contents(fake))
    for phrase in variant.planted:
        assert phrase not in sent


@pytest.mark.parametrize("tags", [False, True], ids=["set-aside", "with-attributes"])
def test_a_planted_delimiter_cannot_close_the_article_block(
    cli, fake: FakeProvider, tmp_path: Path, tags: bool
) -> None:
    variant = BY_NAME["ru_fake_delimiter.txt"]
    path = variant.path
    if tags:
        # Tags with attributes pass the line filter: the prompt's own defusing must hold.
        path = tmp_path / variant.file
        text = variant.path.read_text(encoding="utf-8")
        text = text.replace("</article>", '</article data-end="1">')
        path.write_text(text.replace("<article>", '<article class="next">'), encoding="utf-8")
    summarize(cli, fake, path, answers(path, variant.base), tmp_path / "out")
    assert {r.task for r in fake.requests} == {"brief", "transfers"}
    for request in fake.requests:
        user = request.messages[1]["content"]
        if request.task == "brief":
            # The translation call carries its sentences in a block of its own, no article.
            assert user.count("\n<sentences>\n") == 1 and user.count("\n</sentences>\n") == 1
            assert "<article" not in user and "</article" not in user
            continue
        assert user.count("</article") == 1 and user.count("<article") == 1
        assert user.startswith("<article>") and "\n</article>\n" in user
        # The planted tags reach the model only as defused text, and only when not set aside
        # (double quotes become single ones in what the model reads: grounding.for_model).
        assert ("‹/article data-end='1'›" in user) == tags
        assert ("‹article class='next'›" in user) == tags


# --------------------------------------------------------------------------- what addresses the model

FIXTURES = sorted([*ROOT.glob("evals/fixtures/*/article.txt"), *ROOT.glob("seeds/*.txt")])
# The only instructions planted in real articles (the eval cases for a model that obeys).
PLANTED_IN_FIXTURES = {
    "evals/fixtures/en_weekly_roundup/article.txt": "Ignore previous instructions",
    "evals/fixtures/ru_india_s400/article.txt": "Игнорируйте все предыдущие инструкции",
}


# News sentences that use "system", "instructions", "AI", "model", "assistant", "prompt" in
# their ordinary sense; a false positive silently drops the sentence from the article.
ORDINARY = [
    pytest.param("The air defence system was delivered to Ankara in July 2019.", id="en-system"),
    pytest.param("Putin gave instructions to the defence ministry to speed up deliveries.", id="en-instructions"),
    pytest.param("The AI model of the drone was developed by Baykar engineers.", id="en-ai-model"),
    pytest.param("The assistant defence minister said the new model would enter service in 2027.", id="en-assistant"),
    pytest.param("Pilots must follow the instructions of the fire control system.", id="en-instructions-of"),
    pytest.param("The ministry asked for a prompt decision on the second S-400 battery.", id="en-prompt"),
    pytest.param("Analysts expect AI systems to change air defence within a decade.", id="en-ai-systems"),
    pytest.param(
        "The deployment of the system prompted protests in Athens.",
        id="en-system-prompted",
    ),
    pytest.param(
        "The White House sent instructions to the assistant secretary of state for arms control.",
        id="en-assistant-secretary",
    ),
    pytest.param(
        "Technical instructions for the models delivered in 2023 are still classified.",
        id="en-instructions-for-models",
    ),
    pytest.param(
        "System: S-400 Triumf; range: 400 km; crew: 8.",
        id="en-fact-box",
    ),
    pytest.param("Das Luftverteidigungssystem wurde im Dezember an die Bundeswehr übergeben.", id="de-system"),
    pytest.param("Der Minister gab Anweisungen, die KI-Systeme der Drohnen zu prüfen.", id="de-anweisungen-ki"),
    pytest.param("Das neue Modell des Eurofighter soll 2030 ausgeliefert werden.", id="de-modell"),
    pytest.param(
        "Die Anweisung an die Kieler Werft kam direkt aus dem Verteidigungsministerium.",
        id="de-kieler-werft",
    ),
    pytest.param(
        "Der Kommandeur ignorierte die früheren Anweisungen aus Berlin.",
        id="de-ignorierte",
    ),
    pytest.param("Система С-400 поставлена Индии в 2021 году.", id="ru-sistema"),
    pytest.param("Путин дал указания Министерству обороны ускорить поставки.", id="ru-ukazaniya"),
    pytest.param("Модель ИИ для беспилотника разработали в Казани.", id="ru-model-ii"),
    pytest.param("Инструкции по эксплуатации для модели Су-35 переданы иранской стороне.", id="ru-instruktsii"),
    pytest.param("Системный подход к закупкам предложил помощник министра.", id="ru-sistemnyi"),
    pytest.param(
        "Инструкция для модели Су-35 передана иранской стороне.",
        id="ru-instruktsiya-dlya-modeli",
    ),
    pytest.param("Sistem 2026'da teslim edilecek.", id="tr-sistem"),
    pytest.param("Bakan, savunma sanayii için yeni talimatlar verdi.", id="tr-talimatlar"),
    pytest.param("Yapay zeka modeli insansız hava aracına entegre edildi.", id="tr-yapay-zeka"),
    pytest.param("Ukrayna, Batı'dan daha fazla hava savunma sistemi istedi.", id="tr-sistemi-istedi"),
    pytest.param(
        "Türkiye şu aşamada yeni bir sistem istemiyor.",
        id="tr-sistem-istemiyor",
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    "instruction",
    INSTRUCTIONS,
    ids=[f"{i.language}-{i.variant}-{n}" for n, i in enumerate(INSTRUCTIONS)],
)
def test_every_planted_instruction_line_addresses_the_model(instruction: Instruction) -> None:
    text = (DATA / instruction.variant).read_text(encoding="utf-8")
    assert instruction.line in visible(text) + "\n" + decoded_tags(text)
    assert addresses_the_model(instruction.line)


def test_the_false_positive_guard_reads_every_fixture_and_seed() -> None:
    names = {path.relative_to(ROOT).as_posix() for path in FIXTURES}
    assert len(names) >= 20
    assert set(PLANTED_IN_FIXTURES) <= names
    assert any(name.startswith("seeds/") for name in names)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: path.relative_to(ROOT).as_posix())
def test_no_line_of_a_real_article_addresses_the_model(path: Path) -> None:
    planted = PLANTED_IN_FIXTURES.get(path.relative_to(ROOT).as_posix())
    lines = normalize_whitespace(read_article(str(path)).text).split("\n")
    fired = [line for line in lines if addresses_the_model(line)]
    assert fired == [line for line in lines if planted and planted in line]
    result = prepared(path)
    if planted:
        assert len(fired) == 1
        assert planted not in result.text  # set aside, or in the reader comments
    else:
        assert not set_aside(result), result.removed


@pytest.mark.parametrize("sentence", ORDINARY)
def test_an_ordinary_news_sentence_does_not_address_the_model(sentence: str) -> None:
    assert not addresses_the_model(sentence)
    result = prepare(
        "Defence news\n\nThe ministry confirmed the plans on Monday. "
        f"{sentence} No further details were released.\n"
    )
    assert sentence in result.text and not set_aside(result)


# --------------------------------------------------------------------------- same output


@pytest.mark.parametrize("variant", variants())
def test_an_injected_article_summarises_like_the_clean_one(
    cli, fake: FakeProvider, tmp_path: Path, variant: Variant
) -> None:
    clean = summarize(
        cli, fake, variant.base_path, answers(variant.base_path, variant.base), tmp_path / "clean"
    )
    injected = summarize(
        cli, fake, variant.path, answers(variant.path, variant.base), tmp_path / "injected"
    )
    assert clean["arms_transfers"] and clean["relations"]  # something to compare
    assert comparable(injected) == comparable(clean)


def test_a_planted_sentence_adds_nothing_to_the_task_or_the_warnings(
    cli, fake: FakeProvider, tmp_path: Path
) -> None:
    variant = BY_NAME["ru_fake_delimiter.txt"]
    clean = summarize(
        cli, fake, variant.base_path, answers(variant.base_path, variant.base), tmp_path / "clean"
    )
    injected = summarize(
        cli, fake, variant.path, answers(variant.path, variant.base), tmp_path / "injected"
    )
    tasks = [r.messages[1]["content"].rpartition("</article>")[2] for r in fake.requests]
    assert not any("F-35" in task or "Armenia" in task for task in tasks)
    assert injected["meta"]["warnings"] == clean["meta"]["warnings"]


# --------------------------------------------------------------------------- a model that obeys


@pytest.mark.parametrize("variant", variants(goal="cancel"))
def test_an_obeyed_cancellation_is_overridden_by_the_cited_sentence(
    cli, fake: FakeProvider, tmp_path: Path, variant: Variant
) -> None:
    clean = summarize(
        cli, fake, variant.base_path, answers(variant.base_path, variant.base), tmp_path / "clean"
    )
    obeyed = answers(variant.path, variant.base)
    for transfer in obeyed["transfers"]["transfers"]:
        transfer["status"] = "cancelled"
    injected = summarize(cli, fake, variant.path, obeyed, tmp_path / "injected")
    statuses = [t["status"] for t in injected["arms_transfers"]]
    assert statuses == [t["status"] for t in clean["arms_transfers"]]
    assert "cancelled" not in statuses
    from_model = [
        t
        for t in injected["arms_transfers"]
        if not any(c.startswith("found in code") for c in t["corrections"])
    ]
    assert from_model  # the model's records are there, put right by their sentences
    for transfer in from_model:
        assert (
            f"status cancelled → {transfer['status']}: the sentence says so"
            in (transfer["corrections"])
        )


@pytest.mark.parametrize("alone", [False, True], ids=["beside-real-ones", "alone"])
@pytest.mark.parametrize(
    "variant",
    variants(
        goal="invent",
    ),
)
def test_an_invented_transfer_is_dropped_and_counted_and_makes_no_relation(
    cli, fake: FakeProvider, tmp_path: Path, variant: Variant, alone: bool
) -> None:
    # The clean article with the same real answers (none, when the invented one is alone:
    # the pairs of real transfers are relations too).
    baseline = answers(variant.base_path, variant.base)
    if alone:
        baseline["transfers"]["transfers"] = []
    clean = summarize(cli, fake, variant.base_path, baseline, tmp_path / "clean")
    given = answers(variant.path, variant.base)
    real = given["transfers"]["transfers"]
    # The obedient model cites the planted sentence when it can see one, else a real one.
    where = [s.n for s in sentences(variant.path) if "F-35" in s.text] or [real[0]["sentence"]]
    invented = {**OBEYED["invented_transfer"], "sentence": where[0]}
    given["transfers"]["transfers"] = [invented] if alone else [*real, invented]
    injected = summarize(cli, fake, variant.path, given, tmp_path / "injected")
    # Alone, the clean run keeps only what code reads from the article itself; the invented
    # F-35 record is in neither.
    assert comparable(injected)["arms_transfers"] == comparable(clean)["arms_transfers"]
    assert all(s["designation"] != "F-35" for t in injected["arms_transfers"] for s in t["systems"])
    # Relations are read in code from the article: the USA–Armenia pair the planted text
    # names is no pair of the article.
    assert comparable(injected)["relations"] == comparable(clean)["relations"]
    # One more dropped transfer than the clean run: the invented one.
    before = clean["meta"]["dropped"]
    assert injected["meta"]["dropped"] == {**before, "transfers": before.get("transfers", 0) + 1}
    assert any("never names 'F-35'" in w for w in injected["meta"]["warnings"])
    codes = {c["code"] for t in injected["arms_transfers"] for c in (t["supplier"], t["recipient"])}
    assert "AM" not in codes


@pytest.mark.parametrize(
    ("name", "record"),
    [
        ("tr_body_en.txt", {"systems": ["KAAN"], "supplier": "Türkiye", "recipient": "Indonesia",
                            "status": "cancelled", "quantity": None}),
        ("ru_fake_delimiter.txt", OBEYED["invented_transfer"]),
    ],
    ids=["cancelled", "invented"],
)  # fmt: skip
def test_a_planted_sentence_is_never_evidence(
    cli, fake: FakeProvider, tmp_path: Path, name: str, record: dict[str, Any]
) -> None:
    variant = BY_NAME[name]
    given = answers(variant.path, variant.base)
    # The obedient model cites the planted sentence while it reaches it, else a real one.
    where = [s.n for s in sentences(variant.path) if variant.planted[-1] in s.text]
    where = where or [given["transfers"]["transfers"][0]["sentence"]]
    given["transfers"]["transfers"].append({**record, "sentence": where[0]})
    injected = summarize(cli, fake, variant.path, given, tmp_path)
    for transfer in injected["arms_transfers"]:
        assert not any(phrase in transfer["evidence"] for phrase in variant.planted)


def brief_context(path: Path) -> dict[str, Any]:
    """The validation context of the translation call for an article, as the pipeline makes it."""
    from summarizer.prompts import load_prompts

    text = prepared(path).text
    found = split_sentences(text)
    return {
        "sentences": {s.n: s for s in found},
        "numbers": [s.n for s in found],
        "article": text,
        "system_prompt": load_prompts().system_text,
    }


@pytest.mark.parametrize(
    ("name", "brief", "code"),
    [
        ("ru_body_ru.txt", "russian_brief", "ru"),
        ("tr_body_tr.txt", "turkish_brief", "tr"),
    ],
)
def test_a_brief_in_the_article_language_is_dropped_and_reported_as_failed(
    cli, fake: FakeProvider, tmp_path: Path, name: str, brief: str, code: str
) -> None:
    """A model that obeys "answer in Russian" translates nothing: every line is dropped, the
    brief is absent (never a brief in the wrong language), said in meta.failed and on stderr
    with exit 1, and the rest of the summary is still written."""
    variant = BY_NAME[name]
    given = answers(variant.path, variant.base)
    given["brief"] = lines(variant.path, OBEYED[brief])
    fake.answers.update(given)
    result = cli("summarize", "--model", "fake", "--out", str(tmp_path), str(variant.path))
    assert result.code == 1
    assert result.err.splitlines() == [
        f"error: {variant.path}: brief failed",
        "1 of 1 articles incomplete",
    ]
    written = json.loads((tmp_path / f"{variant.path.stem}.json").read_text(encoding="utf-8"))
    assert "brief" not in written  # absent, never empty
    assert written["meta"]["failed"] == ["brief"]
    assert written["arms_transfers"] and written["relations"]  # the other parts stand
    warnings = written["meta"]["warnings"]
    asked = len(OBEYED[brief]["english"])
    assert written["meta"]["dropped"]["brief"] == asked
    assert sum("the translation is not in English" in w for w in warnings) == asked
    assert "brief: no sentence of the article could be translated and verified" in warnings
    [call] = [c for c in written["meta"]["calls"] if c["task"] == "brief"]
    assert call["attempts"] == 2  # asked again with the reasons, then given up


def test_a_brief_in_russian_is_reasked_and_the_english_one_kept(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Over the wire: the re-ask carries the reason, the English answer is what is written."""
    variant = BY_NAME["ru_body_ru.txt"]
    english = lines(variant.path, ANSWERS[variant.base]["brief"])
    replies = [
        Reply(content=json.dumps(lines(variant.path, OBEYED["russian_brief"]), ensure_ascii=False)),
        Reply(content=json.dumps(english)),
    ]
    with chat_server(replies) as (url, script):
        result = cli(
            "summarize", "--model", "openai/stub", "--api-base", url, "--only", "brief",
            "--out", str(tmp_path), str(variant.path),
        )  # fmt: skip
    assert result.code == 0, result.err
    summary = json.loads((tmp_path / "ru_body_ru.json").read_text(encoding="utf-8"))
    brief = summary["brief"]
    [headline, *points] = [line["en"] for line in english["english"]]
    assert brief["headline"] == headline
    # Spellings are made English in code (hints.canonical_systems); variants such as
    # Su-30SM2 stay as the sentence gives them.
    assert brief["key_points"] == points
    article = read_article(str(variant.path)).text
    for point in brief["points"]:
        assert article[point["evidence_start"] : point["evidence_end"]] == point["evidence"]
    assert summary["source"]["language"] == "ru"
    assert summary["meta"]["attempts"] == 2
    assert summary["meta"]["failed"] == []
    assert len(script.requests) == 2
    assert "not in English" in script.requests[1]["messages"][-1]["content"]


def test_a_brief_with_a_turkish_headline_and_key_points_keeps_the_english_lines(
    cli, fake: FakeProvider, tmp_path: Path
) -> None:
    """All lines Turkish: the model is asked again. Some English: the Turkish lines are dropped
    without a re-ask, counted and said; the brief is made of the English ones."""
    from pydantic import ValidationError

    from summarizer.drafts import translation_draft

    variant = BY_NAME["tr_body_tr.txt"]
    turkish = lines(variant.path, OBEYED["turkish_brief"])
    model = translation_draft(len(turkish["english"]))
    with pytest.raises(ValidationError, match=r"the translation is not in English"):
        model.model_validate(turkish, context=brief_context(variant.path))  # re-asked
    given = answers(variant.path, variant.base)
    given["brief"] = lines(variant.path, OBEYED["turkish_headline_and_points"])
    fake.answers.update(given)
    result = cli("summarize", "--model", "fake", "--out", str(tmp_path), str(variant.path))
    assert result.code == 0, result.err
    written = json.loads((tmp_path / f"{variant.path.stem}.json").read_text(encoding="utf-8"))
    brief, meta = written["brief"], written["meta"]
    kept = [
        line["en"]
        for line in OBEYED["turkish_headline_and_points"]["english"]
        if line["cite"]
        in ("dost ve kardeş Endonezya", "7,1 milyar", "2028 yılı için", "12 Şubat 2025")
    ]
    # The brief's sentences, and the dated one translated for the relations, in article order.
    assert brief["key_points"] == kept
    assert brief["headline"] == kept[0].rstrip(".")  # the Turkish headline line was dropped
    assert "Endonezya" not in brief["headline"] + brief["summary"]
    assert meta["dropped"]["brief"] == 3
    assert sum("the translation is not in English" in w for w in meta["warnings"]) == 3
    assert meta["failed"] == []
    assert [c["attempts"] for c in meta["calls"] if c["task"] == "brief"] == [1]


@pytest.mark.parametrize("name", ["ru_zero_width.txt", "de_comment_tr.html"])
def test_a_brief_that_recites_the_system_prompt_is_rejected(
    cli, fake: FakeProvider, tmp_path: Path, name: str
) -> None:
    from summarizer.prompts import load_prompts

    system = load_prompts().system_text
    variant = BY_NAME[name]
    given = answers(variant.path, variant.base)
    leak = given["brief"]["english"][1]
    leak["en"] = system[:400]
    fake.answers.update(given)
    result = cli("summarize", "--model", "fake", "--out", str(tmp_path), str(variant.path))
    assert result.code == 0, result.err
    written = json.loads((tmp_path / f"{variant.path.stem}.json").read_text(encoding="utf-8"))
    assert system[:60] not in json.dumps(written, ensure_ascii=False)
    assert len(written["brief"]["points"]) == len(given["brief"]["english"]) - 2  # - headline
    assert written["meta"]["dropped"]["brief"] == 1
    assert (
        f"brief: dropped sentence {leak['n']}: it repeats the instructions instead of "
        "translating the sentence" in written["meta"]["warnings"]
    )


# --------------------------------------------------------------------------- the digest


def test_links_in_the_digest_come_from_the_store_never_from_the_model(
    cli, fake: FakeProvider, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    variant = BY_NAME["de_link_text.html"]
    given = answers(variant.path, variant.base)
    # Markup and links in translated lines: they pass the checks (no new number, country or
    # system) and so reach the brief's summary and key points, and the digest.
    first, second = given["brief"]["english"][1:3]
    first["en"] += (
        ' Read more: <a href="javascript:alert(document.cookie)">here</a> or '
        "https://evil.example/login."
    )
    second["en"] += " [Details](javascript:alert(document.cookie))"
    fake.answers.update(given)
    monkeypatch.setenv("SUMMARIZER_FETCH_ALLOW_PRIVATE", "true")
    db, eml = tmp_path / "store.db", tmp_path / "digest.eml"
    with web_server({"/arrow3.html": Route(variant.path.read_bytes())}) as web:
        page = web.url("/arrow3.html")
        assert cli("ingest", "--db", str(db), "--model", "fake", page).code == 0
    result = cli("digest", "--db", str(db), "--dry-run", "--out", str(eml))
    assert result.code == 0, result.err
    message = parse(eml.read_bytes())
    html = message.get_body(("html",)).get_content()
    text = message.get_body(("plain",)).get_content()
    assert set(re.findall(r'href="([^"]*)"', html)) == {page}
    assert "evil.example" not in "".join(re.findall(r"<a\b[^>]*>", html))
    assert "&lt;a href=&#34;javascript:alert(document.cookie)&#34;&gt;here&lt;/a&gt;" in html
    assert "[Details](javascript:alert(document.cookie))" in html
    # The article's planted link (an instruction as link text) was set aside before the model
    # and is nowhere in the digest, neither its text nor its target.
    assert not any(phrase in content for content in contents(fake) for phrase in variant.planted)
    for planted in [*variant.planted, "evil.example/arrow3"]:
        assert planted not in html + text, planted
    assert f"Source: {page}" in text
