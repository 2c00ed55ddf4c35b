"""Untrusted text made inert before it reaches a terminal or a plain-text file.

Model answers, server error messages, article titles and file names can carry escape
sequences (colours, cursor moves, window titles, OSC 8 links), NULs, carriage returns and
bidirectional overrides that make a terminal show something other than what is there.
"""

from __future__ import annotations

import re

# ESC sequences: CSI (ESC [ … final), OSC (ESC ] … BEL or ESC \), DCS/SOS/PM/APC strings, and
# two-character escapes; also their 8-bit forms (CSI U+009B, OSC U+009D).
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|\x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)?"
    r"|\x1b[ -~]?"
    r"|\x9b[0-?]*[ -/]*[@-~]?"
    r"|\x9d[^\x07\x9c]*(?:\x07|\x9c)?"
)
# Other C0 and C1 controls (tab and newline stay), DEL, and the bidirectional embeddings,
# overrides, isolates and marks that reorder what a reader sees.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def inert(text: str, *, one_line: bool = False) -> str:
    """The text with escape sequences and control characters removed (one line if asked)."""
    text = _CONTROLS.sub("", _ESCAPES.sub("", text))
    return " ".join(text.split()) if one_line else text
