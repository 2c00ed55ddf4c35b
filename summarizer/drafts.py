"""What the model fills in: small, bounded drafts whose validators check them against the text.

A draft cites sentences by number, so its evidence is verbatim by construction; validators
check that the cited sentence supports the record. Failures go back to the model as a re-ask;
with context["lenient"] (after the re-asks) unsupported items are dropped and counted instead.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from pydantic import (
    BaseModel,
    Field,
    PrivateAttr,
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
        ctx = info.context
        if not ctx:
            return self
        wanted: list[int] = list(ctx.get("numbers") or [])
        article = ctx.get("article", "")
        # Every (line, sentence) a line faithfully translates, scored by what they share
        # (names, numbers, countries, systems); a line's own number wins a tie. A small model
        # shifts lines ("the English of sentence 2 given as line 1"): the best-scored pairs
        # are taken first, so each sentence gets the line that is most surely its own.
        fits: list[tuple[float, int, int, str]] = []
        own_problem: dict[int, str] = {}
        for i, line in enumerate(self.english):
            for n in wanted:
                sentence = _sentence(n, ctx)
                if sentence is None:
                    continue
                # Names put right in code before judging (see briefs.repair_names).
                text = repair_names(sentence.text, line.en)
                why = _recital(text, ctx) or point_problem(sentence.text, text, article)
                if n == line.n and why is not None:
                    own_problem[i] = why
                shared = anchors(sentence.text, text)
                # A line moved elsewhere must share something with its new sentence: a line
                # that shares nothing could translate anything.
                if why is None and (n == line.n or shared):
                    fits.append((shared + (0.5 if n == line.n else 0.0), i, n, text))
        claimed: dict[int, LineDraft] = {}
        placed: set[int] = set()
        for _, i, n, text in sorted(fits, key=lambda f: (-f[0], f[1])):
            if i in placed or n in claimed:
                continue
            line = self.english[i]
            if n != line.n:
                ctx.setdefault("warnings", []).append(
                    f"line {line.n} is the English of sentence {n}; moved there"
                )
            line.n, line.en = n, text
            claimed[n] = line
            placed.add(i)
        problems = []
        for i, line in enumerate(self.english):
            if i in placed:
                continue
            if line.n not in wanted or line.n in claimed:
                why = own_problem.get(i) or f"sentence {line.n} was not asked for (or twice)"
            else:
                why = own_problem.get(i, "another line translates it more surely")
            problems.append(f"sentence {line.n}: {why}")
        kept = [claimed[n] for n in wanted if n in claimed]
        if problems and not kept and not ctx.get("lenient"):
            raise ValueError(
                "; ".join(problems) + ". Translate each sentence faithfully into English."
            )
        if problems:
            ctx.setdefault("dropped", []).extend(problems)
        self.english = kept
        return self


def _recital(text: str, ctx: dict[str, Any]) -> str | None:
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
    # Set by validation, never by the model (private: not in the schema the model sees).
    _recited_from: int | None = PrivateAttr(default=None)

    @field_validator("systems")
    @classmethod
    def _designations(cls, systems: list[str]) -> list[str]:
        # Bounded in validation, not in the schema the model sees (its grammar is unchanged).
        for name in systems:
            if len(name) > 80:
                raise ValueError(f"a system name of {len(name)} characters; give the designation")
        return systems

    @property
    def recited_from(self) -> int | None:
        """The sentence the model cited, when code moved the evidence to a better one."""
        return self._recited_from


class TransfersDraft(BaseModel):
    """Every arms transfer in the numbered sentences; empty when there is none."""

    transfers: list[TransferDraft] = Field(default_factory=list, max_length=6)

    @model_validator(mode="after")
    def _supported(self, info: ValidationInfo) -> TransfersDraft:
        self.transfers = _keep_supported(self.transfers, _transfer_problem, info)
        return self


def _keep_supported(
    items: list[Any], problem: Any, info: ValidationInfo, *, reask: bool = True
) -> list[Any]:
    """Items the text supports; the others raise (re-ask) or, when lenient, are dropped."""
    ctx = info.context
    if not ctx:
        return items
    kept, problems = [], []
    for i, item in enumerate(items):
        why = problem(item, ctx)
        if why is None:
            kept.append(item)
        else:
            problems.append(f"item {i + 1}: {why}")
    # Re-ask only when nothing usable is left: measured on the embedded model, a re-ask with
    # some good items mostly repeats the same answer at full cost; dropping is cheaper.
    if problems and reask and not kept and not ctx.get("lenient"):
        raise ValueError("; ".join(problems))
    if problems:
        ctx.setdefault("dropped", []).extend(problems)
    return kept


def _sentence(n: int, ctx: dict[str, Any]) -> Sentence | None:
    sentences: dict[int, Sentence] = ctx["sentences"]
    return sentences.get(n)


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


def _transfer_problem(t: TransferDraft, ctx: dict[str, Any]) -> str | None:
    s = _sentence(t.sentence, ctx)
    if s is None:
        return f"sentence {t.sentence} is not one of the numbered sentences"
    supplier, recipient = country_of(t.supplier), country_of(t.recipient)
    if supplier is None:
        return f"supplier {t.supplier!r} is not a country; give the country's English name"
    if recipient is None:
        return f"recipient {t.recipient!r} is not a country; give the country's English name"
    article: str = ctx["article"]
    for name in t.systems:
        if not names_weapon(article, name):
            return f"the article never names {name!r}; list only systems the article names"
    if not any(names_weapon(s.text, name) for name in t.systems):
        better = _recite(t, ctx, {supplier, recipient})
        if better is None:
            return (
                f"sentence {t.sentence} does not name {', '.join(t.systems)}; "
                "cite the sentence that states the transfer"
            )
        # A small model miscounts sentence numbers; the nearest sentence that names the
        # systems (and a country of the record, if one does) is the evidence instead.
        t._recited_from, t.sentence = t.sentence, better
    return None


def _recite(t: TransferDraft, ctx: dict[str, Any], countries: set[Any]) -> int | None:
    """The nearest numbered sentence naming one of the systems, preferring one naming a country."""
    sentences: dict[int, Sentence] = ctx["sentences"]
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
