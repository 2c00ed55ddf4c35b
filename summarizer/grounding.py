"""Grounding: numbered sentences the model cites, and quotes located in the article text."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# A sentence ends at . ! ? … (and closing quotes) followed by space and a capital, digit or quote.
# The lookbehind starts a match only at the first mark of a run: retrying from every mark of
# "......" would take quadratic time.
_END = re.compile(
    r"(?<![.!?…])[.!?…]+[\"'”’»)]*\s+(?=[\"'“„«(]?[^\W\d_a-zа-яё]|\d|[\"“„«])", re.UNICODE
)
# Tokens before a period that do not end a sentence: numbers (German ordinals "17. Juli", but
# not a designation's "F-35."), initials and common abbreviations.
_NO_BREAK = re.compile(
    r"(?:(?<![\w-])\d{1,2}|\b[^\W\d_]|\b(?:Dr|Prof|St|Mr|Mrs|Ms|Nr|No|bzw|ca|vgl|Abs|Jh|sog|gen|"
    r"z\.B|u\.a|d\.h|etc|vs|Gen|Col|Lt|Sgt|Adm|Yb|Alb|Dz|Tuğg|Korg|Org|Av|Doç|г|гг|им|т\.е|"
    r"т\.к|др|пр|ул|Mme|Mlle|av|Sr|Sra|Dña|Gral))\.$",
    re.UNICODE,
)
_QUOTES = str.maketrans({c: '"' for c in "'\"“”„‟«»‘’‚‛‹›`´"})
_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—―−"})


@dataclass(frozen=True)
class Sentence:
    """One numbered sentence of the prepared text; text == source[start:end]."""

    n: int
    text: str
    start: int
    end: int


def split_sentences(text: str, *, max_chars: int = 1200) -> list[Sentence]:
    """Split text into sentences with offsets: paragraphs first, then sentence ends."""
    sentences: list[Sentence] = []
    for para in re.finditer(r"[^\n]+", text):
        start = para.start()
        line = para.group()
        pos = 0
        for m in _END.finditer(line):
            mark = m.group().rstrip()
            stop = m.start() + len(mark)
            # _NO_BREAK looks at the last few characters only; searching the whole pending
            # head again at every "1." of a long line would take quadratic time.
            mark_end = m.start() + len(mark.rstrip("\"'”’»)"))
            if _NO_BREAK.search(line[max(pos, mark_end - 16) : mark_end]):
                continue
            _add(sentences, text, start + pos, start + stop, max_chars)
            pos = m.end()
        _add(sentences, text, start + pos, para.end(), max_chars)
    return sentences


def _add(out: list[Sentence], text: str, start: int, end: int, max_chars: int) -> None:
    """Append the trimmed span, cut at spaces when it is longer than max_chars."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > max_chars:
        cut = text.rfind(" ", start, start + max_chars)
        cut = cut if cut > start else start + max_chars
        piece_end = cut
        while text[piece_end - 1].isspace():  # text[start] is not a space: this stops
            piece_end -= 1
        out.append(Sentence(len(out) + 1, text[start:piece_end], start, piece_end))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append(Sentence(len(out) + 1, text[start:end], start, end))


def group_sentences(sentences: list[Sentence], max_chars: int) -> list[list[Sentence]]:
    """Pack consecutive sentences into groups of at most max_chars (one chunk each)."""
    groups: list[list[Sentence]] = []
    size = 0
    for s in sentences:
        # What `numbered` adds: "[n] " and a newline; at least 6 keeps short articles' grouping.
        cost = len(s.text) + max(6, len(str(s.n)) + 4)
        if groups and size + cost <= max_chars:
            groups[-1].append(s)
            size += cost
        else:
            groups.append([s])
            size = cost
    return groups


# Double quotes of any script become single ones in what the model reads: asked for JSON, a
# small model copies „Zoltan“ as "Zoltan" and its answer's string ends at the first quote.
_DOUBLE_QUOTES = str.maketrans({c: "'" for c in '"“”„‟«»〝〞＂'})


def for_model(text: str) -> str:
    """A sentence as the model reads it: double quotes made single (evidence keeps them)."""
    return text.translate(_DOUBLE_QUOTES)


def numbered(sentences: list[Sentence]) -> str:
    """The sentences as the model sees them: one per line, each behind its number."""
    return "\n".join(f"[{s.n}] {for_model(s.text)}" for s in sentences)


def _fold(ch: str) -> str:
    """One character, folded for tolerant matching (case, quote marks, dashes, accents kept)."""
    ch = ch.translate(_QUOTES).translate(_DASHES)
    if ch == "İ":
        return "i"
    folded = ch.casefold()
    return folded if len(folded) == 1 else unicodedata.normalize("NFC", folded)[:1] or ch


def _normalise(text: str) -> tuple[str, list[int]]:
    """Folded text with whitespace runs collapsed, and each output char's source index."""
    out: list[str] = []
    index: list[int] = []
    space = False
    for i, ch in enumerate(text):
        if ch.isspace() or unicodedata.category(ch) == "Cf":
            if out and not space and unicodedata.category(ch) != "Cf":
                out.append(" ")
                index.append(i)
                space = True
            continue
        space = False
        out.append(_fold(ch))
        index.append(i)
    return "".join(out), index


def _unquote(piece: str) -> str:
    """Drop one pair of quote marks the model put around the whole quote."""
    marks = "\"'“”„«»‘’"
    piece = piece.strip()
    if len(piece) > 1 and piece[0] in marks and piece[-1] in marks:
        return piece[1:-1].strip()
    return piece


def locate(quote: str, text: str) -> tuple[int, int] | None:
    """Where a quote stands in text, tolerant of whitespace, case and quote marks; else None.

    A quote shortened with "..." or "…" matches when its pieces occur in order.
    """
    pieces = [p.strip() for p in re.split(r"\.\.\.|…|\[\.\.\.\]", quote) if p.strip()]
    if not pieces:
        return None
    hay, index = _normalise(text)
    pos = 0
    first = last = -1
    for piece in pieces:
        needle, _ = _normalise(_unquote(piece))
        needle = needle.strip()
        if not needle:
            continue
        found = hay.find(needle, pos)
        if found < 0:
            return None
        if first < 0:
            first = found
        last = found + len(needle) - 1
        pos = found + len(needle)
    if first < 0:
        return None
    return index[first], index[last] + 1
