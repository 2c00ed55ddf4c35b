"""Line-by-line cleaning of normalised text: one function per pass, run in order by
`_clean_lines`.

Every kept line survives verbatim (a line with a planted instruction loses only the sentences
that address the model), so evidence quotes can be found in the result by search.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from summarizer.prepare.boilerplate import (
    _COMMENT_HEAD,
    _LONE_NUMBER,
    _RELATED_HEAD,
    _RELATED_LINK_MAX,
    _RELATED_MAX_LINKS,
    _boilerplate_label,
    _split_comments,
)
from summarizer.prepare.dates import _find_date, _is_date_line
from summarizer.prepare.instructions import _without_instructions, addresses_the_model
from summarizer.prepare.text import _join, _key, normalize_whitespace


def _is_body_line(line: str) -> bool:
    # Headlines may end in "?" or "!", but practically never in a full stop.
    return len(line) >= 200 or (len(line) >= 60 and line.rstrip("\"'”’»)").endswith("."))


def _is_headline(line: str) -> bool:
    return (
        0 < len(line) <= 300
        and len(line.split()) <= 40
        and not line.endswith((".", ":", ";", ","))
        and any(ch.isalpha() for ch in line)
    )


class _Counter:
    """Ordered tally of removal labels."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def add(self, label: str, n: int = 1) -> None:
        self.counts[label] = self.counts.get(label, 0) + n

    def labels(self) -> list[str]:
        return [label if n == 1 else f"{label} x{n}" for label, n in self.counts.items()]


@dataclass
class _Cleaned:
    text: str
    title: str | None
    published: datetime.date | None
    comments: str
    removed: list[str]


@dataclass
class _Lines:
    """The lines being cleaned, which of them are dropped, and the tally of why."""

    lines: list[str]
    drop: list[bool] = field(init=False)
    removed: _Counter = field(default_factory=_Counter)

    def __post_init__(self) -> None:
        self.drop = [False] * len(self.lines)

    def remove(self, i: int, label: str) -> None:
        self.drop[i] = True
        self.removed.add(label)


def _header_end(lines: list[str]) -> int:
    """Index where the header zone (datelines, headline) above the first body line ends."""
    first_body = next((i for i, line in enumerate(lines) if _is_body_line(line)), len(lines))
    nonblank_seen = 0
    for i in range(first_body):
        nonblank_seen += bool(lines[i])
        if nonblank_seen > 10:  # a "header" this long is really short-line body text
            return i
    return first_body


def _cut_comments(state: _Lines, header_end: int) -> tuple[str, int]:
    """Pass 1: cut off a reader-comment section; return (comments, header end after the cut).

    Comments go first, so no later pass ever looks at reader text as article text.
    """
    lines = state.lines
    cut = _split_comments(lines, max(header_end - 1, 0))
    if cut is None:
        return "", header_end
    idx, label = cut
    comment_lines = lines[idx + 1 :] if _COMMENT_HEAD.match(_key(lines[idx])) else lines[idx:]
    state.removed.add(label)
    state.lines = lines[:idx]
    state.drop = state.drop[:idx]
    return _join(comment_lines), min(header_end, idx)


def _read_header(
    state: _Lines, header_end: int, title_hint: str | None
) -> tuple[datetime.date | None, str | None, int | None]:
    """Pass 2: drop datelines, lone numbers and comment counters from the header zone; return
    (the first dateline's date, the headline, the headline's index)."""
    published: datetime.date | None = None
    title: str | None = None
    title_idx: int | None = None
    for i in range(header_end):
        line = state.lines[i]
        if not line:
            continue
        date = _is_date_line(line)
        if date is not None:
            published = published or date
            state.remove(i, "date line")
        elif _LONE_NUMBER.match(line):
            state.remove(i, "lone number")
        elif len(line) <= 60 and _COMMENT_HEAD.match(_key(line)):
            state.remove(i, "comment counter")
        elif (
            title is None
            and title_hint is None
            and _is_headline(line)
            and _boilerplate_label(line) is None
            and not _RELATED_HEAD.match(_key(line))
        ):
            title, title_idx = line, i
    return published, title, title_idx


def _header_date(state: _Lines, header_end: int, title_idx: int | None) -> datetime.date | None:
    """Pass 2, continued: without a dateline, the first date in a kept short header line."""
    for i in range(header_end):
        line = state.lines[i]
        if line and not state.drop[i] and i != title_idx and len(line) <= 200:
            hit = _find_date(line)
            if hit:
                return hit[0]
    return None


def _drop_repeated_title(state: _Lines, title: str) -> None:
    """Pass 3: keep the first line equal to the headline, drop its repeats."""
    title_key = _key(title)
    seen_title = False
    for i, line in enumerate(state.lines):
        if line and not state.drop[i] and _key(line) == title_key:
            if seen_title:
                state.remove(i, "repeated headline")
            seen_title = True


def _drop_related_links(state: _Lines) -> None:
    """Pass 4: related-link blocks, the heading and the short headline-like lines under it."""
    lines, drop = state.lines, state.drop
    i = 0
    while i < len(lines):
        key = _key(lines[i]) if len(lines[i]) <= 60 else ""
        if not key or drop[i] or not _RELATED_HEAD.match(key):
            i += 1
            continue
        heading = lines[i].rstrip(":：.…»>- ")
        drop[i] = True
        taken, i = _drop_links_below(state, i + 1)
        state.removed.add(f"related links ({heading})", max(taken, 1))


def _drop_links_below(state: _Lines, start: int) -> tuple[int, int]:
    """Drop the link lines of a related-link block from start on; return (links, next index)."""
    lines, drop = state.lines, state.drop
    taken = 0
    j = start
    while j < len(lines) and taken < _RELATED_MAX_LINKS:
        line = lines[j]
        if line and not drop[j]:
            # Article paragraphs end in a full stop; headlines in a list do not.
            looks_like_link = len(line) <= _RELATED_LINK_MAX and not line.endswith((".", ":", ";"))
            if not looks_like_link:
                break
            drop[j] = True
            taken += 1
        j += 1
    return taken, j


def _drop_boilerplate_lines(state: _Lines) -> None:
    """Pass 5: single boilerplate lines anywhere in the main text, sentences that address the
    model, and a line repeating the one before it."""
    lines = state.lines
    previous_key: str | None = None
    for i, line in enumerate(lines):
        if not line or state.drop[i]:
            continue
        if addresses_the_model(line):
            # Only the sentences that speak to the model go; the reporting around them stays.
            kept_part = _without_instructions(line)
            state.removed.add("instruction to the model")
            if not kept_part:
                state.drop[i] = True
                continue
            lines[i] = line = kept_part
        why = _boilerplate_label(line)
        if why:
            state.remove(i, why)
            continue
        key = _key(line)
        if key == previous_key and len(line) <= 1000:
            state.remove(i, "duplicate line")
            continue
        previous_key = key


def _clean_lines(text: str, title_hint: str | None = None) -> _Cleaned:
    """Run the cleaning passes over normalised text, in order."""
    state = _Lines(text.split("\n") if text else [])
    comments, header_end = _cut_comments(state, _header_end(state.lines))
    published, title, title_idx = _read_header(state, header_end, title_hint)
    if published is None:
        published = _header_date(state, header_end, title_idx)
    if title_hint:
        title = normalize_whitespace(title_hint).replace("\n", " ") or None
    if title:
        _drop_repeated_title(state, title)
    _drop_related_links(state)
    _drop_boilerplate_lines(state)
    if title_idx is not None and state.drop[title_idx]:
        title = None  # the "headline" turned out to be a related link or other boilerplate
    kept = [line for i, line in enumerate(state.lines) if not state.drop[i]]
    return _Cleaned(_join(kept), title, published, comments, state.removed.labels())
