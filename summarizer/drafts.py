"""What the model fills in: small, bounded drafts whose validators check them against the text.

A draft cites sentences by number, so its evidence is verbatim by construction. Validators
only judge: an answer with nothing the text supports goes back to the model as a re-ask.
What follows validation is code: `align_translation` gives each asked sentence its line,
`check_transfers` keeps the supported items; the rest are dropped and counted by the caller.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pydantic import (
    BaseModel,
    Field,
    ValidationInfo,
    create_model,
    field_validator,
    model_validator,
)

from summarizer.briefs import anchors, point_problem, repair_names
from summarizer.grounding import Sentence
from summarizer.normalize import (
    Country,
    article_names_system,
    country_by_code,
    find_countries,
    find_dates,
    find_generic_weapons,
    find_money,
    find_systems,
    parse_number,
    resolve_country,
    resolve_generic,
    resolve_system,
)
from summarizer.normalize.countries import resolve_capital
from summarizer.normalize.origins import company_country
from summarizer.schemas import RECITAL_WORDS, Status, shares_run
from summarizer.validation import ValidationContext

Name = Field(min_length=2, max_length=40)


class LineDraft(BaseModel):
    """One article sentence in English."""

    n: int = Field(ge=1, description="number of the sentence translated")
    en: str = Field(min_length=1, max_length=500, description="the sentence in English")


class TranslationDraft(BaseModel):
    """The chosen sentences in English, one line each; code checks each against its sentence."""

    english: list[LineDraft] = Field(default_factory=list, max_length=12)

    @model_validator(mode="after")
    def _faithful(self, info: ValidationInfo) -> TranslationDraft:
        # Asked again when no line is a faithful translation of its sentence. Which line goes
        # where, and what is dropped, is align_translation's, after validation.
        _judge(
            info,
            align_translation,
            self.english,
            ". Translate each sentence faithfully into English.",
        )
        return self


@dataclass
class Alignment:
    """Each asked sentence with the line that most surely translates it, and what was left."""

    kept: list[LineDraft] = field(default_factory=list)  # in the order asked, names put right
    moved: list[str] = field(default_factory=list)  # lines given under another number
    problems: list[str] = field(default_factory=list)  # lines dropped, and why


def align_translation(lines: list[LineDraft], ctx: ValidationContext) -> Alignment:
    """Every (line, sentence) a line faithfully translates, scored by what they share (names,
    numbers, countries, systems); a line's own number wins a tie.

    A small model shifts lines ("the English of sentence 2 given as line 1"): the best-scored
    pairs are taken first, so each sentence gets the line that is most surely its own. Names
    are put right in code before judging (see briefs.repair_names).
    """
    wanted: list[int] = list(ctx.get("numbers") or [])
    article = ctx.get("article", "")
    fits: list[tuple[float, int, int, str]] = []
    own_problem: dict[int, str] = {}
    for i, line in enumerate(lines):
        for n in wanted:
            sentence = _sentence(n, ctx)
            if sentence is None:
                continue
            text = repair_names(sentence.text, line.en)
            why = _recital(text, ctx) or point_problem(sentence.text, text, article)
            if n == line.n and why is not None:
                own_problem[i] = why
            shared = anchors(sentence.text, text)
            # A line moved elsewhere must share something with its new sentence: a line
            # that shares nothing could translate anything.
            if why is None and (n == line.n or shared):
                fits.append((shared + (0.5 if n == line.n else 0.0), i, n, text))
    out = Alignment()
    claimed: dict[int, LineDraft] = {}
    placed: set[int] = set()
    for _, i, n, text in sorted(fits, key=lambda f: (-f[0], f[1])):
        if i in placed or n in claimed:
            continue
        if n != lines[i].n:
            out.moved.append(f"line {lines[i].n} is the English of sentence {n}; moved there")
        claimed[n] = LineDraft(n=n, en=text)
        placed.add(i)
    for i, line in enumerate(lines):
        if i in placed:
            continue
        if line.n not in wanted or line.n in claimed:
            why = own_problem.get(i) or f"sentence {line.n} was not asked for (or twice)"
        else:
            why = own_problem.get(i, "another line translates it more surely")
        out.problems.append(f"sentence {line.n}: {why}")
    out.kept = [claimed[n] for n in wanted if n in claimed]
    return out


def _recital(text: str, ctx: ValidationContext) -> str | None:
    system = ctx.get("system_prompt")
    if system and shares_run(text, system, RECITAL_WORDS):
        return "it repeats the instructions instead of translating the sentence"
    return None


@lru_cache(maxsize=16)
def translation_draft(lines: int) -> type[TranslationDraft]:
    """A TranslationDraft of exactly `lines` lines: the grammar then cannot stop early."""
    return create_model(
        "TranslationDraft",
        __base__=TranslationDraft,
        english=(list[LineDraft], Field(min_length=lines, max_length=lines)),
    )


class TransferDraft(BaseModel):
    """One arms transfer as the model reads it from one sentence."""

    sentence: int = Field(ge=1, description="number of the sentence that states this transfer")
    supplier: str = Field(min_length=2, max_length=40, description="supplying country, in English")
    recipient: str = Field(min_length=2, max_length=40, description="receiving country, in English")
    systems: list[str] = Field(
        min_length=1, max_length=4, description="weapon systems as the article names them"
    )
    status: Status
    quantity: int | None = Field(default=None, ge=1, le=100000)

    @field_validator("systems")
    @classmethod
    def _designations(cls, systems: list[str]) -> list[str]:
        # Bounded in validation, not in the schema the model sees (its grammar is unchanged).
        for name in systems:
            if len(name) > 80:
                raise ValueError(f"a system name of {len(name)} characters; give the designation")
        return systems


class TransfersDraft(BaseModel):
    """Every arms transfer in the numbered sentences; empty when there is none."""

    transfers: list[TransferDraft] = Field(default_factory=list, max_length=6)

    @model_validator(mode="after")
    def _supported(self, info: ValidationInfo) -> TransfersDraft:
        # Asked again when no item is supported by the text. Re-asking for some bad items
        # among good ones mostly repeats the same answer at full cost (measured on the
        # embedded model); check_transfers drops them after validation instead.
        _judge(info, check_transfers, self.transfers)
        return self


def _judge(info: ValidationInfo, check: Any, items: list[Any], advice: str = "") -> None:
    """A validator's whole verdict: raise (the model is asked again with the reasons) when the
    text supports none of the items; never when lenient (salvage) or without a context."""
    ctx = info.context
    if not ctx or ctx.get("lenient"):
        return
    result = check(items, ctx)
    if result.problems and not result.kept:
        raise ValueError("; ".join(result.problems) + advice)


@dataclass
class Checked:
    """The items the text supports (cited sentence moved where needed), and why the others
    were left."""

    kept: list[TransferDraft] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def check_transfers(items: list[TransferDraft], ctx: ValidationContext) -> Checked:
    """Each transfer against the text: its countries resolve, its systems occur in the article
    and in the cited sentence. A small model miscounts sentence numbers: the nearest sentence
    that names the systems (and a country of the record, if one does) is cited instead."""
    out = Checked()
    for i, t in enumerate(items):
        why, better = _transfer_problem(t, ctx)
        if why is not None:
            out.problems.append(f"item {i + 1}: {why}")
        else:
            out.kept.append(t if better is None else t.model_copy(update={"sentence": better}))
    return out


def _sentence(n: int, ctx: ValidationContext) -> Sentence | None:
    return ctx.get("sentences", {}).get(n)


def names_weapon(text: str, name: str) -> bool:
    """True when text names the system `name` (by gazetteer, generic word or literally)."""
    system = resolve_system(name)
    if system is not None and any(m.system == system for m in find_systems(text)):
        return True
    generic = resolve_generic(name)
    if generic is not None and any(m.label == generic.label for m in find_generic_weapons(text)):
        return True
    return article_names_system(text, name) or _loosely_named(text, name)


def _loosely_named(text: str, name: str) -> bool:
    """Every word of the name (4+ letters) starts a word of the text: inflections allowed."""
    words = [w for w in re.findall(r"[^\W\d_]{4,}", name.casefold())]
    if not words:
        return False
    text_words = set(re.findall(r"[^\W\d_]{4,}", text.casefold()))
    return all(any(t.startswith(w[: max(4, len(w) - 3)]) for t in text_words) for w in words)


def country_of(name: str) -> Country | None:
    """The country a model named, also when it copied an inflected form ("Pakistand"), a
    capital ("Moskova") or an arms maker ("Saab")."""
    country = resolve_country(name)
    if country is None:
        found = {m.country for m in find_countries(name)}
        country = found.pop() if len(found) == 1 else None
    for cut in range(1, 4):  # a stem copied with part of a suffix: "Pakistand(an)"
        if country is None and len(name) - cut >= 4:
            country = resolve_country(name[:-cut])
    if country is None and (maker := company_country(name)) is not None:
        country = country_by_code(maker)  # "Saab" for Sweden: the maker's home country
    return country or resolve_capital(name)


def _transfer_problem(t: TransferDraft, ctx: ValidationContext) -> tuple[str | None, int | None]:
    """Why the text does not support the item (None if it does), and the sentence to cite
    instead of the model's when that one does not name the systems."""
    s = _sentence(t.sentence, ctx)
    if s is None:
        return f"sentence {t.sentence} is not one of the numbered sentences", None
    supplier, recipient = country_of(t.supplier), country_of(t.recipient)
    if supplier is None:
        return f"supplier {t.supplier!r} is not a country; give the country's English name", None
    if recipient is None:
        return f"recipient {t.recipient!r} is not a country; give the country's English name", None
    article = ctx.get("article", "")
    for name in t.systems:
        if not names_weapon(article, name):
            return f"the article never names {name!r}; list only systems the article names", None
    if any(names_weapon(s.text, name) for name in t.systems):
        return None, None
    better = _recite(t, ctx, {supplier, recipient})
    if better is None:
        return (
            f"sentence {t.sentence} does not name {', '.join(t.systems)}; "
            "cite the sentence that states the transfer"
        ), None
    return None, better


def _recite(t: TransferDraft, ctx: ValidationContext, countries: set[Any]) -> int | None:
    """The nearest numbered sentence naming one of the systems, preferring one naming a country."""
    sentences = ctx.get("sentences", {})
    naming = [s for s in sentences.values() if any(names_weapon(s.text, n) for n in t.systems)]
    if not naming:
        return None

    def rank(s: Sentence) -> tuple[int, int]:
        named = {m.country for m in find_countries(s.text)}
        return (0 if named & countries else 1, abs(s.n - t.sentence))

    return min(naming, key=rank).n


_COUNT = re.compile(
    r"(?<![\w.,])\d{1,3}(?:[.,\u00a0 ]\d{3})+(?![\d])|(?<![\w.,])\d+(?:[.,]\d+)?(?![\w])"
)


def figure_value(text: str) -> tuple[float, str, str] | None:
    """The sentence's amount: money first, else a count that is not a year."""
    money = find_money(text)
    if money:
        return money[0].money.amount, money[0].money.currency, money[0].surface
    dates = find_dates(text)
    for m in _COUNT.finditer(text):
        if any(d.start <= m.start() < d.end for d in dates):
            continue
        # With the scale word after it: "1,2 milyon turist" is 1,200,000.
        number = parse_number(text[m.start() : m.end() + 20]) or parse_number(m.group())
        if number is None or (number.is_integer() and 1900 <= number <= 2100):
            continue
        return number, "count", m.group()
    return None
