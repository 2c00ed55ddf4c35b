"""Deal-status cues: words that say where an arms deal stands (offered, signed, delivered, in
service, cancelled), read with their negations and modal or future framing."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict

from summarizer.normalize._status_data import STATUS_CUES
from summarizer.normalize._text import (
    BOUNDARY,
    Word,
    alternation,
    fold,
    fold_pattern,
    fold_with_offsets,
    leftmost_longest,
    matches_at,
    source_span,
    split_words,
    word_index,
    word_set,
    word_starts,
)

Status = Literal["proposed", "negotiating", "agreed", "delivered", "deployed", "cancelled"]


class StatusCue(BaseModel):
    """A word or phrase signalling a deal's status; text[start:end] == surface."""

    model_config = ConfigDict(frozen=True)

    status: Status
    start: int
    end: int
    surface: str
    negated: bool


# Most decisive first: the order dominant_status() uses when several statuses are signalled.
PRIORITY: tuple[Status, ...] = (
    "cancelled",
    "deployed",
    "delivered",
    "agreed",
    "negotiating",
    "proposed",
)

# Words (folded) that negate a cue a few words later: English, German, Russian, French,
# Spanish, Arabic, Turkish/Azerbaijani (which mostly negate with a verb suffix, below).
NEGATORS = word_set("""no not never neither nor nicht kein keine keinen keinem keiner keines nie
    niemals не ни нет никогда pas jamais aucun aucune ne nunca ningun ninguno ninguna jamas
    tampoco لم لا لن ليس ليست عدم hic hec""")
# Negators that follow the cue: "lieferte nicht", "ne livre pas", "teslim edildi değil".
_POST_NEGATORS = word_set("nicht pas jamais degil deyil yok yoktur yoxdur")
# A negation does not reach across these: "did not sign a contract but delivered drones".
_CONTRAST = word_set(
    "but aber sondern doch но однако mais pero sino ama fakat ancak lakin amma لكن بل"
)
# Modal/future words that turn "delivered"/"geliefert"/"livrés" into a plan: "will be
# delivered", "sollen geliefert", "будут поставлены", "seront livrés", "سيتم تسليم".
_MODALS = word_set("""be will would could might shall should must soll sollen sollte sollten
    wollen будет будут должен должна должны должно может могут sera seront devrait devraient
    doit doivent pourrait pourraient etre seran debe deben debera deberan podria podrian ser
    سوف سيتم ستتم""")
_TR_NEG_SUFFIX = re.compile(r"m[ae](?:di|dig|mis|yecek|yacak|yib|z)")
_NEG_WINDOW = 6
_MODAL_WINDOW = 4
# Agreement nouns, which name a deal without saying it has been concluded (folded forms).
_AGREEMENT_NOUN = re.compile(
    fold_pattern(
        r"(?:ال)?(?:contracts?|deals?|agreements?|\w*vertrag\w*|\w*vertrage|\w*abkommen"
        r"|vereinbarung\w*|контракт\w*|соглашени\w*|договор\w*|contrats?|accords?|contratos?"
        r"|acuerdos?|anlasma\w*|sozlesme\w*|mutabakat\w*|muqavile\w*|sazis\w*|siparis\w*"
        r"|[وف]?(?:ال)?(?:اتفاق\w*|صفق\w*))"
    )
)
_REALISED: frozenset[Status] = frozenset({"deployed", "delivered", "agreed", "cancelled"})


@lru_cache(maxsize=1)
def _cue_patterns() -> list[tuple[Status, re.Pattern[str]]]:
    out = []
    for status, langs in STATUS_CUES.items():
        groups = [
            f"(?P<{lang}>{alternation([fold_pattern(a) for a in alts])})"
            for lang, alts in langs.items()
        ]
        out.append((status, re.compile("|".join(groups))))
    return out


def is_negator(word: str) -> bool:
    """Whether a folded word negates what follows it ("not", "nicht", "не", "didn't")."""
    return word in NEGATORS or word.endswith("n't")


def _looks_back(words: list[Word], first: int, window: int, hit: Callable[[str], bool]) -> bool:
    """Whether one of the window words before words[first], within its clause, is a hit."""
    for k in range(first - 1, max(-1, first - 1 - window), -1):
        w = words[k].text
        if w in BOUNDARY or w in _CONTRAST:
            break
        if hit(w):
            return True
    return False


def _negated(words: list[Word], first: int, last: int, lang: str, surface: str) -> bool:
    if lang == "tr":
        tail = surface.split()[-1] if surface.split() else surface
        if _TR_NEG_SUFFIX.search(tail):
            return True
    if _looks_back(words, first, _NEG_WINDOW, is_negator):
        return True
    for k in range(last + 1, min(len(words), last + 3)):
        w = words[k].text
        if w in BOUNDARY:
            break
        if w in _POST_NEGATORS:
            return True
    return False


def _modal(words: list[Word], first: int, last: int) -> bool:
    if _looks_back(words, first, _MODAL_WINDOW, _MODALS.__contains__):
        return True
    # German future/modal passive puts the auxiliary after the participle: "geliefert werden".
    return last + 1 < len(words) and words[last + 1].text == "werden"


def find_status_cues(sentence: str) -> list[StatusCue]:
    """Find words signalling a deal's status (offered, signed, delivered...), with negation."""
    folded, offsets = fold_with_offsets(sentence)
    hits: list[tuple[int, int, int, tuple[Status, str]]] = []
    starts = word_starts(folded)
    for rank, (status, pattern) in enumerate(_cue_patterns()):
        for m in matches_at(pattern, folded, starts):
            hits.append((m.start(), m.end(), rank, (status, m.lastgroup or "")))
    words = split_words(folded)
    out: list[StatusCue] = []
    for fstart, fend, (status, lang) in leftmost_longest(hits):
        first = word_index(words, fstart)
        last = max(first, word_index(words, fend - 1))
        if status in _REALISED and _modal(words, first, last):
            if status == "cancelled":
                continue  # "could be cancelled" says nothing about the deal itself
            status = "proposed"
        start, end = source_span(offsets, fstart, fend)
        out.append(
            StatusCue(
                status=status,
                start=start,
                end=end,
                surface=sentence[start:end],
                negated=_negated(words, first, last, lang, folded[fstart:fend]),
            )
        )
    return out


def is_agreement_noun(surface: str) -> bool:
    """A cue that only names a deal ("contract", "sözleşme", "صفقة"), saying nothing of its step."""
    return bool(_AGREEMENT_NOUN.fullmatch(fold(surface)))


def dominant_status(sentence: str) -> Status | None:
    """The single status the sentence asserts, by priority; None if absent or contradictory.

    Rule: ignore negated cues; among the rest take the first status in PRIORITY (cancelled >
    deployed > delivered > agreed > negotiating > proposed), with two exceptions:
    - an agreement noun alone ("deal", "Vertrag", "контракт", "sözleşme") does not make
      "agreed" when a negotiating or proposed cue is present: "talks on a submarine deal"
      is about a deal not yet made;
    - if the winning status is also negated elsewhere in the sentence ("delivered the S-300
      but not the S-400") the sentence is mixed and None is returned rather than a guess.
    """
    cues = find_status_cues(sentence)
    positive = {c.status for c in cues if not c.negated}
    negative = {c.status for c in cues if c.negated}
    if "agreed" in positive and positive & {"negotiating", "proposed"}:
        agreed = [c for c in cues if c.status == "agreed" and not c.negated]
        if all(is_agreement_noun(c.surface) for c in agreed):
            positive.discard("agreed")
    for status in PRIORITY:
        if status in positive:
            return None if status in negative else status
    return None
