"""Where sentences start inside one line (used to cut planted instructions out of a line).

This is not `summarizer.grounding.split_sentences`: it also breaks glued sentences
("odaklandı.Şubat") and knows other abbreviations, so the two disagree on some lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from summarizer.prepare.text import _words

_ABBREVIATIONS = _words(
    "dr prof mr mrs ms st nr no bzw vgl ca usw etc gen col lt sgt maj capt adm jr sr vs "
    "str abs art bd hr fr z b d h u a s o co inc ltd corp dipl ing doç doc yrd sn av "
    "г гг ул им т е к см рис тыс млн млрд др пр ген полк mme mlle m sra sr dña"
)
_SENTENCE_PUNCT = re.compile(r"[.!?…。！？؟]+[\"'”’»)\]]*")


def _sentence_starts(text: str, start: int = 0, end: int | None = None) -> Iterator[int]:
    """Yield positions in [start, end) where a new sentence begins (after its end mark)."""
    end = len(text) if end is None else end
    for m in _SENTENCE_PUNCT.finditer(text, start, end):
        pos = m.end()
        if pos >= end:
            continue
        nxt = text[pos]
        before = m.start()
        if text[m.start()] == ".":
            # "30. Januar", "z. B.", "Dr. Müller" are not sentence ends.
            if before == 0 or text[before - 1].isdigit():
                continue
            word_start = before
            while word_start > 0 and text[word_start - 1].isalpha():
                word_start -= 1
            if text[word_start:before].casefold() in _ABBREVIATIONS:
                continue
        if nxt.isspace():
            while pos < end and text[pos].isspace():
                pos += 1
            if pos < end:
                yield pos
        elif nxt.isupper() and before >= 2 and text[before - 1].islower():
            # Scraped text often glues paragraphs: "...odaklandı.Şubat ayında..."
            yield pos
