"""Shared text folding: case, accent, script and quote folding with offsets back to the source;
and the word and pattern helpers the status, direction and weapon-word matchers share."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

_T = TypeVar("_T")

# A character of the Arabic or the Cyrillic script.
ARABIC = re.compile(r"[\u0600-\u06ff]")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")

# Characters whose generic Unicode lower-casing or decomposition is wrong for our purposes.
# Turkish/Azerbaijani dotted and dotless i all collapse to "i" so "İRAN", "Iran" and "ıran"
# compare equal; typographic quotes and dashes collapse so "Rusya’nın" == "Rusya'nın".
_SPECIAL: dict[str, str] = {
    "İ": "i",
    "I": "i",
    "ı": "i",
    "ə": "e",
    "Ə": "e",
    "ß": "ss",
    "ø": "o",
    "Ø": "o",
    "æ": "ae",
    "Æ": "ae",
    "œ": "oe",
    "Œ": "oe",
    "đ": "d",
    "Đ": "d",
    "ł": "l",
    "Ł": "l",
    "’": "'",
    "‘": "'",
    "ʼ": "'",
    "ʻ": "'",
    "`": "'",
    "´": "'",
    "′": "'",
    "‚": "'",
    "‐": "-",
    "‑": "-",
    "‒": "-",
    "–": "-",
    "—": "-",
    "―": "-",
    "−": "-",
    "\u00a0": " ",
    "\u202f": " ",
    "\u2009": " ",
    "\u2007": " ",
    "\u00ad": "",  # soft hyphen
    "\u200b": "",
    "\u200c": "",
    "\u200d": "",
    "\u200e": "",
    "\u200f": "",
    "ـ": "",  # Arabic tatweel
    "ٱ": "ا",
    "ى": "ي",
    "ة": "ه",
    "ё": "е",
    "Ё": "е",
}
# Arabic-Indic and extended (Persian) digits become ASCII so number patterns need one form.
for _i in range(10):
    _SPECIAL[chr(0x0660 + _i)] = str(_i)
    _SPECIAL[chr(0x06F0 + _i)] = str(_i)
_SPECIAL["٫"] = ","  # Arabic decimal separator
_SPECIAL["٬"] = "."  # Arabic thousands separator


@lru_cache(maxsize=8192)
def fold_char(ch: str) -> str:
    """Fold one character: lower case, no accents, Turkish i's merged, quotes/dashes unified."""
    special = _SPECIAL.get(ch)
    if special is not None:
        return special
    if ch.isascii():
        return ch.lower()
    decomposed = unicodedata.normalize("NFKD", ch)
    out = "".join(c for c in decomposed if not unicodedata.combining(c))
    return out.lower()


def fold(text: str) -> str:
    """Fold a whole string (see fold_char); lengths may change."""
    return "".join(fold_char(c) for c in text)


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """Fold text and return, for each folded character, the index of its source character.

    The offsets list has one extra trailing entry (len(text)) so a folded end index maps too.
    """
    mapped = list(map(fold_char, text))
    folded = "".join(mapped)
    if len(folded) == len(text) and min(map(len, mapped), default=1) == 1:
        # Every character folded to exactly one: offsets are the identity (the common case).
        return folded, list(range(len(text) + 1))
    pieces: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        f = fold_char(ch)
        if len(f) == 1:
            pieces.append(f)
            offsets.append(i)
        elif f:
            pieces.append(f)
            offsets.extend([i] * len(f))
    offsets.append(len(text))
    return "".join(pieces), offsets


def source_span(offsets: list[int], start: int, end: int) -> tuple[int, int]:
    """Map a [start, end) span of folded text back to the source text."""
    if end <= start:
        return offsets[start], offsets[start]
    return offsets[start], offsets[end - 1] + 1


def word_set(words: str) -> frozenset[str]:
    """A set of words written as one string, so word lists stay readable in several scripts."""
    return frozenset(words.split())


def fold_pattern(pattern: str) -> str:
    """Fold the literal characters of a regex the way text is folded, leaving escapes intact."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            out.append(pattern[i : i + 2])
            i += 2
            continue
        out.append(fold_char(ch))
        i += 1
    return "".join(out)


# Arabic glues "and", "so", "with", "to", "like" and the article onto the noun: والصواريخ.
AR_PREFIX = "(?:[وفبلك]?ال|لل|[وفبلك])?"


def alternation(alts: list[str], arabic_prefix: str = AR_PREFIX) -> str:
    """One whole-word regex for alts; Arabic ones may carry arabic_prefix (glued clitics)."""
    parts = [(arabic_prefix if ARABIC.search(alt) else "") + alt for alt in alts]
    # Regex alternation is first-match, not longest-match: try longer phrasings first.
    parts.sort(key=len, reverse=True)
    return r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)"


_WORD_START = re.compile(r"(?<!\w)\w")


def word_starts(text: str) -> list[int]:
    """Offsets where a word begins; every pattern here starts on one."""
    return [m.start() for m in _WORD_START.finditer(text)]


def matches_at(pattern: re.Pattern[str], text: str, starts: list[int]) -> list[re.Match[str]]:
    """All matches of pattern beginning at the given word starts (possibly overlapping)."""
    # Trying only word starts is about twice as fast as finditer, whose leading lookbehind
    # defeats the regex engine's own first-character skipping.
    out = []
    for pos in starts:
        m = pattern.match(text, pos)
        if m is not None:
            out.append(m)
    return out


def leftmost_longest(hits: list[tuple[int, int, int, _T]]) -> list[tuple[int, int, _T]]:
    """Non-overlapping (start, end, item) from (start, end, rank, item) hits: leftmost first,
    then longest, then lowest rank."""
    out: list[tuple[int, int, _T]] = []
    last_end = 0
    for start, end, _, item in sorted(hits, key=lambda h: (h[0], h[0] - h[1], h[2])):
        if start < last_end:
            continue
        out.append((start, end, item))
        last_end = end
    return out


# Words and the punctuation that bounds a clause, as negation and grammar checks read them.
_WORD = re.compile(r"\w+(?:'t(?!\w))?|[.,;:!?،؛]")
BOUNDARY = frozenset(".,;:!?،؛")


@dataclass(frozen=True)
class Word:
    """A word (or clause punctuation) of folded text."""

    text: str
    start: int  # folded offsets
    end: int


def split_words(folded: str) -> list[Word]:
    """The words and clause punctuation of folded text, with their offsets."""
    return [Word(m.group(), m.start(), m.end()) for m in _WORD.finditer(folded)]


def word_index(words: list[Word], pos: int) -> int:
    """Index of the first word that ends after folded offset pos."""
    lo, hi = 0, len(words)
    while lo < hi:
        mid = (lo + hi) // 2
        if words[mid].end <= pos:
            lo = mid + 1
        else:
            hi = mid
    return lo


# Cyrillic to Latin, tuned for weapon designations (С-400 -> s400, Су-35 -> su35, Х-101 -> kh101).
_CYR_TRANSLIT: dict[str, str] = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "i",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "і": "i",
    "ї": "i",
    "є": "e",
    "ґ": "g",
}
# Cyrillic letters that look like Latin ones, used when a token mixes both scripts
# (a sign that someone typed "ТB2" with a Cyrillic Т rather than meant Cyrillic).
_CYR_LOOKALIKE: dict[str, str] = {
    "а": "a",
    "в": "b",
    "е": "e",
    "к": "k",
    "м": "m",
    "н": "h",
    "о": "o",
    "р": "p",
    "с": "c",
    "т": "t",
    "х": "x",
    "у": "y",
    "і": "i",
}
_LATIN = re.compile(r"[a-z]")


# Arabic spellings of the letter prefixes of weapon designations ("سو-35" = Su-35) and of
# names the press writes in Arabic letters; a whole token is looked up, nothing else changes.
_ARABIC_DESIGNATIONS = {
    "سو": "su",
    "سوخوي": "sukhoi",
    "ميغ": "mig",
    "ميج": "mig",
    "مي": "mi",
    "ياك": "yak",
    "كا": "ka",
    "تو": "tu",
    "إس": "s",
    "اس": "s",
    "إف": "f",
    "اف": "f",
    "جيه": "j",
    "تي": "t",
    "إسكندر": "iskander",
    "اسكندر": "iskander",
    "بانتسير": "pantsir",
    "كينجال": "kinzhal",
    "أوريشنيك": "oreshnik",
    "اوريشنيك": "oreshnik",
    "شاهد": "shahed",
    "باتريوت": "patriot",
    "رافال": "rafale",
    "ميراج": "mirage",
    "هيمارس": "himars",
    "بيرقدار": "bayraktar",
    "أكينجي": "akinci",
    "أباتشي": "apache",
    "اباتشي": "apache",
    "جافلين": "javelin",
    "ستينغر": "stinger",
}


@lru_cache(maxsize=65536)
def latin_key(token: str) -> str:
    """Fold a token to lowercase ASCII-ish Latin, transliterating Cyrillic (lookalikes if mixed)."""
    folded = fold(token).lower()
    arabic = _ARABIC_DESIGNATIONS.get(folded)
    if arabic is not None:
        return arabic
    if not CYRILLIC.search(folded):
        return folded
    table = _CYR_LOOKALIKE if _LATIN.search(folded) else _CYR_TRANSLIT
    return "".join(table.get(c, c) for c in folded)


def _turkish_suffixes() -> frozenset[str]:
    # Suffix chains after folding (ı->i, ü->u, ö->o, ş->s, ç->c, ğ->g, ə->e). Vowel harmony is
    # ignored on purpose: folding already merges most variants and over-generation is harmless
    # because a suffix only ever extends a known stem.
    derivation = ["", "li", "lu", "ca", "ce", "ya", "ye"]
    plural = ["", "lar", "ler"]
    case = [
        "",
        "in",
        "nin",
        "un",
        "nun",
        "i",
        "u",
        "yi",
        "yu",
        "ni",
        "nu",
        "si",
        "su",
        "a",
        "e",
        "ya",
        "ye",
        "na",
        "ne",
        "da",
        "de",
        "ta",
        "te",
        "nda",
        "nde",
        "dan",
        "den",
        "tan",
        "ten",
        "ndan",
        "nden",
        "yla",
        "yle",
        "la",
        "le",
        "ki",
        "daki",
        "deki",
        "taki",
        "teki",
        "ndaki",
        "ndeki",
        "dir",
        "dur",
    ]
    out = set()
    for d in derivation:
        for p in plural:
            for c in case:
                out.add(d + p + c)
    return frozenset(out)


TURKISH_SUFFIXES: frozenset[str] = _turkish_suffixes()
