"""Line breaks a scraped page lost, put back where the text shows them."""

from __future__ import annotations

import re

from summarizer.prepare.dates import _MONTHS

# Scraped pages that lost their line breaks: "…bıraktı.24 ŞUBATAnkara'da Fidan-Lavrov
# görüşmesiRusya Dışişleri…" is a paragraph end, a date heading, a subheading and a paragraph.
_LOWER = "a-zçğıöşüäßàâéèêëîïôûùñáíóúа-яё"
_UPPER = "A-ZÇĞİÖŞÜÄÀÂÉÈÊËÎÏÔÛÙÑÁÍÓÚА-ЯЁ"
_GLUED_END = re.compile(
    rf"(?<=[{_LOWER}]{{2}}[.!?])(?=[{_UPPER}][{_LOWER}]|\d{{1,2}} [{_LOWER}]{{2}})"
)
_GLUED_DATE = re.compile(
    rf"(?<=[.!?\"”»])(\d{{1,2}} ([{_UPPER}]{{3,}}?))(?=[{_UPPER}][{_LOWER}]|\s*$)", re.M
)
_GLUED_WORDS = re.compile(rf"(?<=[{_LOWER}]{{2}})(?=[{_UPPER}][{_LOWER}]{{2}})")


def unglue(text: str) -> str:
    """Line breaks a scraped page lost, put back where the text shows them.

    A sentence end glued to the next sentence ("çizdi.Rusya", "etti.3 yıl") gets its space; a
    date heading in capitals glued between paragraphs ("bıraktı.24 ŞUBATAnkara'da") gets its
    own line; and on a page with two or more such headings, a subheading glued to its
    paragraph ("görüşmesiRusya") is cut there too.
    """
    headings = [
        m for m in _GLUED_DATE.finditer(text) if m[2].replace("İ", "I").casefold() in _MONTHS
    ]
    if len(headings) >= 2:
        pieces, pos = [], 0
        for m in headings:
            pieces += [text[pos : m.start()], "\n", m[1], "\n"]
            pos = m.end()
        # A page that lost its breaks lost them everywhere: a word glued to the capitalised
        # next one ("görüşmesiRusya", "DolmabahçeRus") is a heading glued to its paragraph.
        text = _GLUED_WORDS.sub("\n", "".join(pieces) + text[pos:])
    return _GLUED_END.sub(" ", text)
