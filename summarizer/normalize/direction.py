"""Direction hints: the grammar that says which country gives the weapons and which gets them
(cases, prepositions, subjects of buying and selling verbs), for checking a model's reading."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict

from summarizer.normalize import _direction_data as vocab
from summarizer.normalize._text import (
    ARABIC,
    BOUNDARY,
    CYRILLIC,
    TURKISH_SUFFIXES,
    Word,
    alternation,
    fold,
    fold_pattern,
    fold_with_offsets,
    matches_at,
    split_words,
    word_index,
    word_starts,
)
from summarizer.normalize.countries import (
    Country,
    CountryMention,
    _tables,
    find_countries,
    resolve_country,
)
from summarizer.normalize.generic import find_generic_weapons
from summarizer.normalize.status_cues import NEGATORS, find_status_cues, is_negator

Role = Literal["supplier", "recipient"]
_VerbKind = Literal["supply", "acquire"]


class RoleHint(BaseModel):
    """A grammatical clue that a country mention is the supplier or the recipient."""

    model_config = ConfigDict(frozen=True)

    country: Country
    role: Role
    surface: str
    start: int
    end: int
    marker: str


@dataclass(frozen=True)
class _Verb:
    start: int  # word index
    kind: _VerbKind
    passive: bool


@lru_cache(maxsize=1)
def _verb_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    def build(alts: list[str]) -> re.Pattern[str]:
        return re.compile(alternation([fold_pattern(a) for a in alts], arabic_prefix=r"[وف]?"))

    return build(vocab.SUPPLY_VERBS), build(vocab.ACQUIRE_VERBS)


def _verb_matches(folded: str) -> list[tuple[_VerbKind, re.Match[str]]]:
    """Supply verbs, then acquire verbs, found in folded text."""
    starts = word_starts(folded)
    supply, acquire = _verb_patterns()
    kinds: tuple[tuple[_VerbKind, re.Pattern[str]], ...] = (
        ("supply", supply),
        ("acquire", acquire),
    )
    return [(kind, m) for kind, pattern in kinds for m in matches_at(pattern, folded, starts)]


def names_transfer_verb(sentence: str) -> bool:
    """Whether the sentence has a verb of giving or getting weapons (sell, deliver, buy...)."""
    return bool(_verb_matches(fold(sentence)))


def _passive(texts: list[str], k: int) -> bool:
    """Whether the verb at word k is passive, so its subject is the goods, not a country."""
    if k > 0 and texts[k - 1] in vocab.PASSIVE_AUX:
        return True
    if k + 1 < len(texts) and texts[k + 1] in {"werden", "worden"}:
        return True
    if texts[k].startswith("ge") or texts[k] in {"ubergeben", "angeboten"}:
        # German verb-final participle: "Drohnen wurden an Kiew geliefert".
        for j in range(k - 1, max(-1, k - 11), -1):
            if texts[j] in BOUNDARY:
                break
            if texts[j] in vocab.DE_PASSIVE:
                return True
    return False


def _languages(words: list[str], sentence: str) -> set[str]:
    langs = set()
    ws = set(words)
    if ws & vocab.EN_HINTS:
        langs.add("en")
    if ws & vocab.DE_HINTS:
        langs.add("de")
    if ws & vocab.ES_HINTS:
        langs.add("es")
    if vocab.ES_LETTERS.search(sentence):
        langs.add("es")
    if vocab.TR_LETTERS.search(sentence) or ws & vocab.TR_HINTS or vocab.TR_CASE.search(sentence):
        langs.add("tr")
    return langs


def _turkish_case(suffix: str) -> str:
    """The case a Turkish/Azerbaijani suffix marks: dat, abl, gen or other."""
    if suffix in vocab.TR_DATIVE:
        return "dat"
    if suffix in vocab.TR_ABLATIVE:
        return "abl"
    if suffix in vocab.TR_GENITIVE:
        return "gen"
    return "other"


def _stem_rest(word: str) -> tuple[str, bool] | None:
    """Split a folded word into a known country stem and its ending; flag Turkish stems."""
    stems = _tables().stems
    for cut in range(len(word), 2, -1):
        entries = stems.get(word[:cut])
        if entries:
            rest = word[cut:]
            turkish = any(e.suffixes == TURKISH_SUFFIXES for e in entries)
            return rest, turkish
    return None


def _case(mention: CountryMention, langs: set[str]) -> str:
    """Grammatical case read off the mention itself: dat, abl, gen, poss, degen or ""."""
    folded = fold(mention.surface)
    if "'" in folded:
        suffix = folded.rsplit("'", 1)[1]
        if suffix == "s" and "tr" not in langs:
            return "poss"
        return _turkish_case(suffix)
    last = folded.split()[-1] if folded.split() else folded
    split = _stem_rest(last)
    if split is None:
        return ""
    rest, turkish = split
    if not rest:
        return ""
    if turkish and "tr" in langs:
        return _turkish_case(rest)
    if rest in {"s", "es"} and "de" in langs:
        return "degen"  # "Russlands": a German genitive, owner not direction
    return ""


@dataclass(frozen=True)
class _Parsed:
    """A sentence folded and split into words, as the direction rules read it."""

    folded: str
    offsets: list[int]
    words: list[Word]
    texts: list[str]  # the folded words
    raw: list[str]  # the same words unfolded, in lower case
    langs: set[str]


def _parse(sentence: str) -> _Parsed:
    folded, offsets = fold_with_offsets(sentence)
    words = split_words(folded)
    texts = [w.text for w in words]
    # Raw (unfolded) lower-case words, for the French "à" that folding merges with "a".
    raw = [sentence[offsets[w.start] : offsets[w.end - 1] + 1].lower() for w in words]
    return _Parsed(folded, offsets, words, texts, raw, _languages(texts, sentence))


@dataclass(frozen=True)
class _Before:
    """What stands before a country name: the governing word, past up to two articles."""

    prev: str
    prev2: str  # the word before prev
    prev_raw: str  # prev unfolded, so French "à" is not Spanish "a"
    skipped: list[str]  # the articles passed over, nearest the name first


def _before(p: _Parsed, first: int) -> _Before:
    """Look back from word index first past articles to the governing preposition."""
    k = first - 1
    skipped: list[str] = []
    while k >= 0 and p.texts[k] in vocab.ARTICLES and len(skipped) < 2:
        skipped.append(p.texts[k])
        k -= 1
    return _Before(
        prev=p.texts[k] if k >= 0 else "",
        prev2=p.texts[k - 1] if k >= 1 else "",
        prev_raw=p.raw[k] if k >= 0 else "",
        skipped=skipped,
    )


def _preposition_role(before: _Before, langs: set[str], transfer: bool) -> tuple[Role, str] | None:
    """Role given by the preposition before a country name, or None if it gives none."""
    prev, prev2, prev_raw, skipped = before.prev, before.prev2, before.prev_raw, before.skipped
    supplier = (
        prev in vocab.FROM
        or (prev == "de" and prev2 in {"provenance", "procedentes"})
        or (prev == "من" and transfer)
        or (
            prev in vocab.BY
            and (_verb_patterns()[0].fullmatch(prev2) or prev2 in vocab.SUPPLIED_FR)
        )
    )
    if prev2 in NEGATORS:
        return None  # "not from Germany"
    if supplier:
        return "supplier", prev
    if prev in vocab.TO or (prev in vocab.FOR and transfer and prev2 not in vocab.NOT_DESTINATION):
        return "recipient", prev
    # "an" is German only if the sentence is not English ("an Iranian drone").
    if prev == "an" and "de" in langs and "en" not in langs:
        return "recipient", prev
    if prev == "in" and skipped and skipped[-1] in {"die", "den"} and "de" in langs:
        return "recipient", "in " + skipped[-1]
    # "compró a Dinamarca", "comprados a Dinamarca", "achetés à la Suède": bought from, not
    # sent to; the buying word is itself the transfer.
    if prev_raw in {"à", "au", "aux", "a", "al"} and vocab.BUY_BEFORE_A.match(prev2):
        return "supplier", f"{prev2} {prev_raw}"
    if not transfer:
        return None
    # French à/au/aux and Spanish a/al, only where something changes hands: Spanish also puts
    # "a" before any personal object ("acusó a Ucrania").
    if prev_raw in {"à", "au", "aux"}:
        return "recipient", prev_raw
    if prev_raw in {"a", "al"} and "es" in langs and "en" not in langs:
        return "recipient", prev_raw
    return None


def _russian_role(item: _Mention, prev: str, folded: str) -> tuple[Role, str] | None:
    """Role read off a Russian case after the word prev; "в"/"во" also marks the mention."""
    surface = fold(item.mention.surface)
    if prev in {"в", "во"}:
        item.marked = True
        if vocab.RU_ACCUSATIVE.search(surface) and vocab.RU_TRANSFER.search(folded):
            return "recipient", prev  # "поставила в Индию"
        return None
    if prev.startswith(("поставлен", "передан", "продан")) and vocab.RU_INSTRUMENTAL.search(
        surface
    ):
        return "supplier", prev  # instrumental agent: "поставленные Россией"
    if (
        vocab.RU_TRANSFER.match(prev)
        and not item.mention.surface.isupper()
        and vocab.RU_DATIVE.search(surface)
    ):
        return "recipient", prev  # dative object: "поставила Индии"
    return None


def _governed(before: _Before, surface: str, langs: set[str]) -> bool:
    """Whether a name with no role still hangs on a preposition or German case article, which
    rules it out as a subject; surface is the folded name."""
    if before.prev in vocab.OTHER_PREPOSITIONS:
        return True  # some other preposition: not a subject either
    if "de" not in langs:
        return False
    article = before.skipped[-1] if before.skipped else ""
    # German dative: "den USA", "dem Iran"; "der Ukraine" is dative or genitive, and only
    # "der Iran" is a subject.
    return article in {"dem", "den"} or (article == "der" and surface not in vocab.DE_MASCULINE)


_SUBJECT_WINDOW = 12  # words a subject may stand before its verb
_ADJACENT = 2  # other words allowed between subject and verb ("army", "plans to")


def _subject(
    items: list[_Mention], texts: list[str], verb: _Verb, langs: set[str]
) -> _Mention | None:
    """The country that is the grammatical subject of verb, if one clearly is."""
    before = [
        item
        for item in items
        if item.last < verb.start
        and verb.start - item.last <= _SUBJECT_WINDOW
        and not any(texts[j] in {";", ":"} for j in range(item.last + 1, verb.start))
    ]
    unmarked = [item for item in before if not item.marked]
    if not unmarked:
        return None
    subject = unmarked[-1]
    between = [item for item in items if subject.last < item.first < verb.start]
    # SVO with at most an adverb or auxiliary in between: "Russia (has) delivered".
    gap = [
        w for w in texts[subject.last + 1 : verb.start] if w not in vocab.AUX and not is_negator(w)
    ]
    if len(gap) <= _ADJACENT and not between:
        return subject
    # Anything else in between must be a marked object ("an den Iran", "Belarus'a"), never a
    # genitive owner, which starts an embedded clause: "Rusya, Türkiye'nin ... teslim ettiğini".
    if any(not item.marked or item.case == "gen" for item in between):
        return None
    after = texts[subject.last + 1] if subject.last + 1 < len(texts) else ""
    # German verb-second with a participle at the end ("Russland hat ... geliefert"), or
    # Turkish/Azerbaijani verb-final order ("Türkiye Azerbaycan'a ... teslim etti").
    if after in vocab.AUX or "tr" in langs:
        return subject
    return None


@dataclass
class _Mention:
    mention: CountryMention
    first: int  # word index of the mention's first word
    last: int
    case: str
    marked: bool = False  # carries a preposition or case that rules it out as a subject


def _locate(mentions: list[CountryMention], p: _Parsed) -> list[_Mention]:
    """Each country mention with its word span and the case its own form shows."""
    inv: dict[int, int] = {}
    for folded_pos, source_pos in enumerate(p.offsets[:-1]):
        inv.setdefault(source_pos, folded_pos)
    items: list[_Mention] = []
    for m in mentions:
        fstart = inv.get(m.start, 0)
        first = word_index(p.words, fstart)
        last = max(first, word_index(p.words, inv.get(m.end - 1, fstart)))
        items.append(_Mention(m, first, last, _case(m, p.langs)))
    return items


def _find_verbs(p: _Parsed) -> list[_Verb]:
    """Supply and acquire verbs in word order, each flagged if passive."""
    verbs: list[_Verb] = []
    for kind, match in _verb_matches(p.folded):
        k = word_index(p.words, match.start())
        verbs.append(_Verb(k, kind, _passive(p.texts, k)))
    verbs.sort(key=lambda v: v.start)
    return verbs


def _add(hints: list[RoleHint], item: _Mention, role: Role, marker: str) -> None:
    """Record a role for item's mention, which also rules it out as a verb's subject."""
    m = item.mention
    hints.append(
        RoleHint(
            country=m.country,
            role=role,
            surface=m.surface,
            start=m.start,
            end=m.end,
            marker=marker,
        )
    )
    item.marked = True


def _mark(item: _Mention, p: _Parsed, transfer: bool, hints: list[RoleHint]) -> None:
    """Hints from a mention's own case, its preposition or a following "tarafından"; marks the
    mentions these rule out as subjects."""
    if item.case in {"dat", "abl", "gen", "poss", "degen", "other"}:
        item.marked = True
    if item.case == "dat":
        _add(hints, item, "recipient", "dative")
        return
    if item.case == "abl":
        _add(hints, item, "supplier", "ablative")
        return
    before = _before(p, item.first)
    found = _preposition_role(before, p.langs, transfer)
    if found is None and CYRILLIC.search(item.mention.surface):
        found = _russian_role(item, before.prev, p.folded)
    if found is not None:
        role, marker = found
        _add(hints, item, role, marker)
        return
    if _governed(before, fold(item.mention.surface), p.langs):
        item.marked = True
    # Turkish "X tarafından" (by X).
    after = p.texts[item.last + 1] if item.last + 1 < len(p.texts) else ""
    if after == "tarafindan":
        _add(hints, item, "supplier", after)


def _genitive_suppliers(items: list[_Mention], hints: list[RoleHint]) -> None:
    """Genitive/possessive owners ("Rusya'nın ... Belarus'a", "Russia's ... to Belarus") are
    suppliers only when another country is the recipient and nobody else is the supplier."""
    recipients = {h.country.code for h in hints if h.role == "recipient"}
    if any(h.role == "supplier" for h in hints):
        return
    for item in items:
        if item.case in {"gen", "poss"} and recipients - {item.mention.country.code}:
            _add(hints, item, "supplier", "genitive" if item.case == "gen" else "'s")


def _verb_first_subject(items: list[_Mention], verb: _Verb) -> _Mention | None:
    """Arabic is verb-first: "سلمت روسيا ..." (Russia delivered)."""
    for item in items:
        if 0 < item.first - verb.start <= 2 and not item.marked:
            return item
    return None


def _nominative(mention: CountryMention) -> bool:
    """Whether the name's form allows a subject: any but a Russian name in an oblique case."""
    s = mention.surface
    return not CYRILLIC.search(s) or s.isupper() or bool(vocab.RU_NOMINATIVE.search(fold(s)))


def _verb_subjects(
    items: list[_Mention], verbs: list[_Verb], p: _Parsed, hints: list[RoleHint]
) -> None:
    """Subjects of supply/acquire verbs: the nearest unmarked country before the verb, with no
    other unmarked country in between (Arabic puts the verb first: "سلمت روسيا")."""
    used: set[int] = set()
    for verb in verbs:
        if verb.passive:
            continue
        chosen = _subject(items, p.texts, verb, p.langs)
        if chosen is None and ARABIC.search(p.folded):
            chosen = _verb_first_subject(items, verb)
        if chosen is None or id(chosen) in used or not _nominative(chosen.mention):
            continue
        used.add(id(chosen))
        role: Role = "supplier" if verb.kind == "supply" else "recipient"
        _add(hints, chosen, role, "subject of " + p.texts[verb.start])


def direction_hints(sentence: str) -> list[RoleHint]:
    """Grammatical clues (cases, prepositions, subjects of supply verbs) for each country."""
    mentions = find_countries(sentence)
    if not mentions:
        return []
    p = _parse(sentence)
    verbs = _find_verbs(p)
    transfer = (
        bool(verbs) or bool(find_status_cues(sentence)) or bool(find_generic_weapons(sentence))
    )
    items = _locate(mentions, p)
    hints: list[RoleHint] = []
    for item in items:
        _mark(item, p, transfer, hints)
    _genitive_suppliers(items, hints)
    _verb_subjects(items, verbs, p, hints)
    hints.sort(key=lambda h: (h.start, h.role))
    return hints


def _code(value: str) -> str:
    country = resolve_country(value)
    return country.code if country is not None else value.strip().upper()


def direction_verdict(supplier: str, recipient: str, sentence: str) -> str | None:
    """What the sentence's grammar says of supplier → recipient (ISO codes): "supports",
    "contradicts" (only on a clear contradiction), or None when it says nothing."""
    roles: dict[str, set[str]] = {}
    for hint in direction_hints(sentence):
        roles.setdefault(hint.country.code, set()).add(hint.role)
    sup_roles, rec_roles = roles.get(supplier, set()), roles.get(recipient, set())
    supports = "supplier" in sup_roles or "recipient" in rec_roles
    contradicts = sup_roles == {"recipient"} or rec_roles == {"supplier"}
    if contradicts and not supports:
        return "contradicts"
    return "supports" if supports else None


def orient(supplier: str, recipient: str, sentence: str) -> tuple[str, str, bool]:
    """Check a model's supplier/recipient against the hints; swap only on clear contradiction."""
    sup, rec = _code(supplier), _code(recipient)
    if sup != rec and direction_verdict(sup, rec, sentence) == "contradicts":
        return recipient, supplier, True
    return supplier, recipient, False
