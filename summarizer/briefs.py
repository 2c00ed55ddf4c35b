"""The grounded brief: code picks the sentences that carry the facts, the model translates them.

A 1.5B model asked for a free brief drops the numbers, invents others and turns denials and
directions around; asked to translate given sentences one by one it keeps them. So the brief
is built in code from verified translations: each key point is the English of one article
sentence (its evidence), checked in code against that sentence (language, numbers, countries,
systems, negation); headline and summary are made of the verified points.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from summarizer.grounding import Sentence
from summarizer.normalize import (
    find_countries,
    find_dates,
    find_generic_weapons,
    find_money,
    find_status_cues,
    find_systems,
)
from summarizer.normalize._text import fold
from summarizer.prepare import detect_language
from summarizer.records import Evidence
from summarizer.schemas import Brief, KeyPoint

HEADLINE_CHARS = 160
SUMMARY_CHARS = 560

_LETTER_WORD = re.compile(r"[^\W\d_]{2,}")
_DIGIT = re.compile(r"\d")
_NUMBER = re.compile(r"\d+(?:[.,\u00a0 ]\d+)*")
_BREADCRUMB = re.compile(r"\s[>»/|›]\s.*\s[>»/|›]\s|^\s*[>»/|›]")
_SECTION = re.compile(r"\s[>»/|›•·]\s")
_BYLINE = re.compile(
    r"^(?:by|par|von|por|автор|yazan|müəllif|بقلم|temps de lecture|lesezeit|reading time|"
    r"okuma süresi|время чтения|tiempo de lectura)\b",
    re.IGNORECASE,
)
# Words that deny or negate, in the languages the tables cover (folded to lower case).
_DENIAL = re.compile(
    r"(?:\bden(?:y|ies|ied)\b|\bdément|\bdementi|\bbestreit|\bdementier|\bопроверг|\bотрица|"
    r"\bнет\b|\bне\b|\bни\b|\byalanla|\breddet|\bniega|\bdesmient|\bnegó|\bnie\b|\bnicht\b|"
    r"\bkein|\bpas\b|\baucun|\bno\b|\bnot\b|\bnever\b|\bnunca\b|\btəkzib|\bdeyil\b|\byox\b|"
    r"نف[ىيت]|تنفي|ينفي|لم\b|لن\b|ليس|"
    r"m[ae](?:dı|di|miş|mış|yacak|yecek)\b|m[ae]d[ıi]ğ|m[ae]yen\b|değil\b|yoxdur|deyil)",
    re.IGNORECASE,
)
_ENGLISH_NEGATION = re.compile(
    r"\b(?:no|not|never|none|neither|nor|without|den(?:y|ies|ied|ial)|refut\w*|reject\w*|"
    r"dismiss\w*|yet to|\w+n't)\b",
    re.IGNORECASE,
)


def is_noise(sentence: Sentence) -> bool:
    """Page furniture the brief should never translate: breadcrumbs, bylines, bare dates."""
    text = sentence.text.strip()
    words = _LETTER_WORD.findall(text)
    if len(words) < 4 or _BREADCRUMB.search(text):
        return True
    # Bylines are short ("Von Anna Schmidt, Berlin"); "Par ailleurs, la France a livré..." and
    # "Por su parte, el ministerio..." are sentences.
    if _BYLINE.match(text) and len(words) <= 8:
        return True
    # "Wirtschaft | Rüstungsindustrie", "Economía · Defensa": section labels, not sentences.
    if _SECTION.search(text) and len(words) <= 8 and not text.rstrip().endswith((".", "!", "?")):
        return True
    # A line that is only a date, a time and a label ("Publié le 29 avril 2025 à 08h15").
    dates = find_dates(text)
    covered = sum(d.end - d.start for d in dates)
    return bool(dates) and len(words) <= 6 and covered > len(text) / 4


def information(sentence: Sentence) -> int:
    """How many kinds of fact a sentence carries: numbers, money, dates, weapons, countries."""
    text = sentence.text
    score = 0
    if _DIGIT.search(text):
        score += 2
    if find_money(text):
        score += 2
    if find_dates(text):
        score += 1
    if find_systems(text) or find_generic_weapons(text):
        score += 3
    score += min(2, len({m.country.code for m in find_countries(text)}))
    return score


def _looks_like_headline(sentence: Sentence) -> bool:
    text = sentence.text.strip()
    ends = text.endswith((".", "!", "?", "…", '"', "»", "”"))
    return not ends and len(text) <= 200 and len(_LETTER_WORD.findall(text)) >= 5


@dataclass(frozen=True)
class Selection:
    """The sentences the brief is made of, in article order, and which one heads it."""

    sentences: list[Sentence]
    headline: int | None  # number of the headline sentence, if the article has one


def select_for_brief(sentences: Iterable[Sentence], limit: int = 6) -> Selection:
    """The headline, the lead and the sentences richest in facts, without repeats or noise."""
    seen: set[str] = set()
    candidates: list[Sentence] = []
    for s in sentences:
        key = " ".join(_LETTER_WORD.findall(s.text.casefold()))
        if key in seen or is_noise(s):
            continue
        seen.add(key)
        candidates.append(s)
    if not candidates:
        return Selection([], None)
    head = candidates[0] if _looks_like_headline(candidates[0]) else None
    body = [s for s in candidates if s is not head]
    # The lead carries the story in news writing; after it, the sentences with most facts.
    ranked = sorted(
        body,
        key=lambda s: (-(information(s) + (3 if s is body[0] else 0)), s.n),
    )
    keep = ranked[: limit - (1 if head else 0)]
    chosen = ([head] if head else []) + sorted(keep, key=lambda s: s.n)
    return Selection(chosen, head.n if head else None)


def _digits_key(digits: str) -> str:
    """Significant digits: "6,6" and "6.6" are "66"; "1.200 millones" and "1.2 billion" "12"."""
    return digits.strip("0") or "0"


def _numbers(text: str) -> set[str]:
    """Numbers written with digits, keyed by their significant digits."""
    return {_digits_key(re.sub(r"\D", "", m.group())) for m in _NUMBER.finditer(text)}


def _number_parts(text: str) -> set[str]:
    """Every digit run of the text, and the runs joined across separators."""
    return {_digits_key(p) for p in re.findall(r"\d+", text)} | _numbers(text)


_DENY = re.compile(
    r"\bden(?:y|ies|ied|ial)\b|\bdément|\bdementi|\bbestreit|\bопроверг|\bотрица|"
    r"\byalanla|\breddett?i|\bniega|\bnegó|\bdesmient|\btəkzib|نف[ىيت]|تنفي|ينفي|نفت",
    re.IGNORECASE,
)
_CONFIRM = re.compile(
    r"\bconfirm|\bbestätig|\bподтверд|\bdoğrula|\bconfirm[óa]|\btəsdiq|تؤكد|يؤكد|أكد|وتؤكد|"
    r"\bbut\b|\baber\b|\bmais\b|\bpero\b|\bно\b|\bancak\b|\bamma\b|لكن",
    re.IGNORECASE,
)


def denied_spans(text: str) -> list[tuple[int, int]]:
    """Stretches of the sentence under a denial: its clause, between "but"/"confirms" words."""
    spans = []
    bounds = [m.start() for m in _CONFIRM.finditer(text)]
    for m in _DENY.finditer(text):
        # The denial covers its clause: from the "but"/"confirms" before it (verb-final
        # languages put "yalanladı", "bestritt" last) to the one after it.
        start = max([b for b in bounds if b < m.start()], default=0)
        stop = min([b for b in bounds if b > m.end()], default=len(text))
        spans.append((start, stop))
    return spans


def is_negative(text: str) -> bool:
    """The sentence denies or negates something (a negated status cue or a denial word)."""
    if any(c.negated for c in find_status_cues(text)):
        return True
    return bool(_DENIAL.search(text.casefold()))


def repair_names(source: str, english: str) -> str:
    """The translation with a wrong country or system put right when the sentence names one.

    A small model writes "Syria" for "Mısır" (Egypt) or "Su-35" for "ياك-130" (Yak-130). When
    the sentence names exactly one country (system) and the translation exactly one other,
    the sentence wins: its name replaces the model's, as code knows it.
    """
    src_countries = {m.country for m in find_countries(source)}
    out_countries = find_countries(english)
    if len(src_countries) == 1 and len({m.country for m in out_countries}) == 1:
        right = next(iter(src_countries))
        if out_countries[0].country != right and not any(c.country == right for c in out_countries):
            english = _replace(english, [(m.start, m.end) for m in out_countries], right.name)
    src_systems = {m.system for m in find_systems(source)}
    out_systems = find_systems(english)
    if len(src_systems) == 1 and len({m.system for m in out_systems}) == 1:
        right_system = next(iter(src_systems))
        if out_systems[0].system != right_system:
            spans = [(m.start, m.end) for m in out_systems]
            english = _replace(english, spans, right_system.name)
    return english


def _replace(text: str, spans: list[tuple[int, int]], name: str) -> str:
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + name + text[end:]
    return text


_RUMOUR = re.compile(
    r"media reports?|reportedly|rumou?r|speculat|unconfirmed|"
    r"medienbericht|berichten zufolge|laut (?:der |dem |einem )?(?:bild|spiegel|zeitung|bericht)|"
    r"spekulation|gerücht|unbestätigt|"
    r"по данным сми|по сообщениям сми|слух|неподтвержд|"
    r"iddia|söylenti|doğrulanmamış|basında çıkan|"
    r"selon (?:des|la|le) (?:informations|presse|médias)|rumeur|non confirmé|"
    r"según (?:medios|la prensa|informaciones)|rumor|sin confirmar|se especula|"
    r"تقارير إعلامية|شائعات|غير مؤكد|"
    r"mediada yayılan|şayiə|təsdiqlənməmiş|təsdiqlənməyib|"
    r"not (?:been )?(?:officially )?confirmed|nicht bestätigt|не подтвердил|не подтверждено|"
    r"doğrulanma(?:dı|mış)|doğrulama(?:dı|mış)|teyit edilme(?:di|miş)|yönünde haber|"
    r"never (?:been )?(?:officially )?confirmed|nie (?:offiziell )?bestätigt|"
    r"no (?:ha sido )?confirmad[oa]|nunca (?:fue )?confirmad[oa]|jamais confirmé|"
    r"pas (?:été )?confirmé|لم يؤكد|لم تؤكد|لم يتم تأكيد",
    re.IGNORECASE,
)


def is_rumour(text: str) -> bool:
    """The sentence reports a media rumour or speculation rather than a fact."""
    return bool(_RUMOUR.search(text))


_LATIN_LETTER = re.compile(r"[a-zA-Z]")
_ANY_LETTER = re.compile(r"[^\W\d_]")


def is_english(text: str, source: str) -> bool:
    """Whether a translation is English: Latin letters, and not read as the source's language.

    Language identification misreads short English lines full of names ("Lukashenko and
    Putin met in Minsk." reads as Finnish), so a line fails only when it reads as the language
    of the sentence it translates (left untranslated) or is mostly in another script.
    """
    letters = _ANY_LETTER.findall(text)
    if letters and len(_LATIN_LETTER.findall(text)) < 0.8 * len(letters):
        return False
    lang = detect_language(text)
    if lang in ("en", "und"):
        return True
    return lang != detect_language(source)


def _has_anchor(source: str) -> bool:
    return bool(_numbers(source) or find_countries(source) or find_systems(source))


def _shared(source: str, english: str) -> tuple[set[str], set[str], set[Any]]:
    """The numbers, countries and weapon systems a translation and its sentence share."""
    numbers = _numbers(english) & _number_parts(source)
    countries = {m.country.code for m in find_countries(english)} & {
        m.country.code for m in find_countries(source)
    }
    systems = {m.system for m in find_systems(english)} & {m.system for m in find_systems(source)}
    return numbers, countries, systems


def shares_anchor(source: str, english: str) -> bool:
    """Whether a translation and a sentence share a number, a country or a weapon system."""
    return any(_shared(source, english))


_PROPER = re.compile(r"\b[A-ZÀ-ÖØ-ÞĞİŞ][^\W\d_]{3,}")


def anchors(source: str, english: str) -> int:
    """How many numbers, countries, systems and proper names a translation shares with a
    sentence: how surely it is that sentence's English."""
    names = {fold(w) for w in _PROPER.findall(source)}
    proper = {fold(w) for w in _PROPER.findall(english)} & names
    return sum(len(found) for found in _shared(source, english)) + len(proper)


def point_problem(source: str, english: str, article: str = "") -> str | None:
    """Why a translated sentence cannot be a key point; None when it is faithful enough."""
    text = english.strip()
    if len(_LETTER_WORD.findall(text)) < 3:
        return "the translation is empty or too short"
    if not is_english(text, source):
        return "the translation is not in English"
    known = _number_parts(source)
    extra = sorted(n for n in _numbers(text) if n not in known)
    if extra:
        return f"the translation has numbers the sentence does not: {', '.join(extra)}"
    # A country the article names elsewhere may be what "Paris" or "the Élysée" stands for.
    named = {m.country.code for m in find_countries(source + "\n" + article)}
    added = {m.country.name for m in find_countries(text) if m.country.code not in named}
    if added:
        return f"the translation names countries the article does not: {', '.join(sorted(added))}"
    systems = {m.system.name for m in find_systems(source)}
    said = {m.system.name for m in find_systems(text)}
    new_systems = said - systems
    if new_systems:
        return (
            f"the translation names systems the sentence does not: {', '.join(sorted(new_systems))}"
        )
    if _has_anchor(source) and not shares_anchor(source, text):
        # A line with none of its sentence's names and numbers translates another sentence.
        return "the translation shares no name or number with the sentence"
    if is_negative(source) and not _ENGLISH_NEGATION.search(text):
        return "the sentence denies or negates something and the translation does not"
    return None


def _cut(text: str, limit: int) -> str:
    """Text cut at a word boundary to at most limit characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _sentence_case(text: str) -> str:
    text = text.strip()
    if text and text[-1] not in ".!?…\"'”»)":
        text += "."
    return text[:1].upper() + text[1:]


def headline_and_summary(head: str | None, points: list[str]) -> tuple[str, str]:
    """Headline: the translated headline, else the first point; summary: the first points."""
    headline = _cut((head or points[0]).rstrip("."), HEADLINE_CHARS)
    body = [p for p in points if p.rstrip(".").casefold() != headline.casefold()] or points
    summary = ""
    for p in body:
        candidate = (summary + " " + _sentence_case(p)).strip()
        if summary and len(candidate) > SUMMARY_CHARS:
            break
        summary = candidate
        if len(summary) >= SUMMARY_CHARS // 2:
            break
    return headline, _cut(summary, SUMMARY_CHARS)


_MAX_POINTS = 12  # the contract's bound on key points


def make_brief(
    selection: Selection,
    english: dict[int, str],
    evidence: Evidence,
    sentences: Iterable[Sentence] = (),
) -> Brief | None:
    """The brief from the verified translations: points in article order, each with evidence.

    The chosen sentences come first; other sentences of `sentences` that were translated
    and verified anyway (the dated events the relations read) fill the points up to 12.
    """
    head = english.get(selection.headline) if selection.headline is not None else None
    chosen = [s for s in selection.sentences if s.n in english and s.n != selection.headline]
    if not chosen:
        chosen = [s for s in selection.sentences if s.n in english]
    if not chosen:
        return None
    have = {s.n for s in chosen} | {selection.headline}
    more = [s for s in sentences if s.n in english and s.n not in have and not is_noise(s)]
    chosen = sorted([*chosen, *more][:_MAX_POINTS], key=lambda s: s.n)
    points: list[KeyPoint] = []
    for s in chosen:
        if any(p.text.casefold() == english[s.n].casefold() for p in points):
            continue  # two sentences that translate alike make one point
        text, start, end = evidence.span(s)
        points.append(
            KeyPoint(text=english[s.n], evidence=text, evidence_start=start, evidence_end=end)
        )
    headline, summary = headline_and_summary(head, [p.text for p in points])
    return Brief(
        headline=headline, summary=summary, key_points=[p.text for p in points], points=points
    )


def event_sentences(sentences: Iterable[Sentence], exclude: list[int], limit: int = 6) -> list[int]:
    """Sentences likely to state a dated bilateral event: a day-precise date and a country."""
    out = []
    for s in sentences:
        if s.n in exclude or is_noise(s):
            continue
        # Any year stands in: a yearless "2 avril" is still a day-precise date.
        if find_dates(s.text, default_year=2000) and find_countries(s.text):
            out.append(s.n)
    return out[:limit]


_KINDS = (
    ("call", r"\b(?:phone|call(?:ed|s)?|telephone)\b"),
    ("visit", r"\bvisit"),
    ("agreement", r"\b(?:sign(?:ed|s|ing)?|agreement|memorand|accord|treaty|deal)\b"),
    ("talks", r"\b(?:talks|negotiat\w*|discuss\w*)\b"),
    ("meeting", r"\b(?:met|meet\w*|summit)\b"),
    ("exercise", r"\b(?:exercise|drill)s?\b"),
    ("delivery", r"\bdeliver\w*"),
    ("sanction", r"\b(?:sanction\w*|embargo\w*)\b"),
    ("statement", r"\b(?:said|says|stated|statement|announced|declared|warned|accused)\b"),
)


def event_kind(english: str | None) -> str:
    """The kind of event an English sentence reports, by its verbs; 'other' when unclear."""
    if english:
        for kind, pattern in _KINDS:
            if re.search(pattern, english, re.IGNORECASE):
                return kind
    return "other"
