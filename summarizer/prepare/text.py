"""Character and whitespace normalisation, and the small string helpers the other modules share."""

from __future__ import annotations

import re

_DROP_CHARS = (
    "\u200b\u200c\u200d\ufeff\u2060\u00ad"  # zero-width and soft hyphen break quote search
    "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"  # bidi
    # other invisible format characters: planted instructions hide between visible letters
    "\u180e\u2061\u2062\u2063\u2064\u206a\u206b\u206c\u206d\u206e\u206f\ufff9\ufffa\ufffb"
)
# Unicode tag characters mirror ASCII invisibly ("ASCII smuggling"): a whole hidden sentence.
_TAG_CHARS = range(0xE0000, 0xE0080)
_SPACE_CHARS = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
_SPACE_CHARS += "\u202f\u205f\u3000\t"
_NEWLINE_CHARS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def _build_translation() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for code in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]:
        table[code] = None
    table.update(dict.fromkeys(map(ord, _DROP_CHARS)))
    table.update(dict.fromkeys(_TAG_CHARS))
    table.update(dict.fromkeys(map(ord, _SPACE_CHARS), " "))
    table.update(dict.fromkeys(map(ord, _NEWLINE_CHARS), "\n"))
    table[ord("\n")] = "\n"
    return table


_TRANSLATION = _build_translation()
_SPACE_RUN = re.compile(r" {2,}")
_SPACE_AROUND_NL = re.compile(r" *\n *")
_BLANK_RUN = re.compile(r"\n{3,}")


def normalize_whitespace(text: str) -> str:
    """Apply the whitespace and control-character normalisation used on every input."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_TRANSLATION)
    text = _SPACE_RUN.sub(" ", text)
    text = _SPACE_AROUND_NL.sub("\n", text)
    return _BLANK_RUN.sub("\n\n", text).strip()


def _join(lines: list[str]) -> str:
    """Lines joined back into text, with at most one blank line in a row."""
    return _BLANK_RUN.sub("\n\n", "\n".join(lines)).strip()


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _key(line: str) -> str:
    # casefold + drop the combining dot so Turkish "İ" compares equal to "i"
    return line.casefold().replace("\u0307", "").strip()


def _phrases(*items: str) -> str:
    """A regex alternation of the phrases' keys, longest first."""
    keys = sorted({_key(item) for item in items}, key=len, reverse=True)
    return "|".join(re.escape(k) for k in keys)
