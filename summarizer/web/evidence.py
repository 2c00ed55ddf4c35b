"""An article's text with every record's evidence marked in place.

A record (key point, transfer, event, figure) quotes the article and gives the quote's offsets.
The text is cut into segments: plain runs, and regions that one or more records quote
(overlapping quotes merged into one region, so marks never nest). Characters an HTML parser
would drop or rewrite (CR, controls, bidirectional overrides) are replaced one for one, so
every offset still points at the same character in the page. The segments are escaped here
and printed as they are: the templates' finalize (which drops bidirectional marks) must not
shorten them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from summarizer.schemas import Grounded, KeyPoint, Summary

# C0/C1 controls and bidirectional overrides in article text: shown as U+FFFD, one for one,
# so evidence offsets still point at the right characters.
_HIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@dataclass
class Region:
    """A stretch of the text that one or more records quote (overlapping quotes merged)."""

    start: int
    end: int
    records: list[str] = field(default_factory=list)  # record keys: t1, e2, f1, p3
    kinds: set[str] = field(default_factory=set)
    titles: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"ev-{self.start}"


@dataclass(frozen=True)
class Segment:
    """A run of the article text (escaped here, printed as it is), plain or inside a mark."""

    text: Markup
    region: Region | None


def displayable(text: str) -> str:
    """The text with CR and control characters replaced one for one (offsets unchanged): an
    HTML parser would drop or rewrite them and shift every later position."""
    text = text.replace("\r\n", " \n").replace("\r", "\n")
    return _HIDDEN.sub("\ufffd", text)


def place(text: str, record: Grounded) -> tuple[int, int] | None:
    """Where a record's evidence stands in the text: at its offsets when they hold the quote,
    else the quote's first occurrence (the shown text is extracted from HTML); None if absent."""
    start, end = record.evidence_start, record.evidence_end
    if 0 <= start < end <= len(text) and text[start:end] == record.evidence:
        return start, end
    found = text.find(record.evidence) if record.evidence.strip() else -1
    return (found, found + len(record.evidence)) if found >= 0 else None


def regions(spans: list[tuple[int, int, str, str, str]]) -> list[Region]:
    """Merge overlapping (start, end, key, kind, title) spans into marked regions."""
    out: list[Region] = []
    for start, end, key, kind, title in sorted(spans):
        if out and start < out[-1].end:
            region = out[-1]
            region.end = max(region.end, end)
        else:
            region = Region(start, end)
            out.append(region)
        region.records.append(key)
        region.kinds.add(kind)
        region.titles.append(title)
    return out


def segments(text: str, marked: list[Region]) -> list[Segment]:
    """The whole text cut into plain runs and marked regions, in order."""
    out, pos = [], 0
    for region in marked:
        if region.start > pos:
            out.append(Segment(escape(text[pos : region.start]), None))
        out.append(Segment(escape(text[region.start : region.end]), region))
        pos = region.end
    if pos < len(text):
        out.append(Segment(escape(text[pos:]), None))
    return out


def records(summary: Summary) -> list[tuple[str, str, str, Grounded]]:
    """(key, kind, label, record) for every record that quotes the article."""
    out: list[tuple[str, str, str, Grounded]] = []
    if summary.brief:
        for i, point in enumerate(summary.brief.points, 1):
            out.append((f"p{i}", "point", f"key point {i}", _as_grounded(point)))
    for i, t in enumerate(summary.arms_transfers or [], 1):
        systems = ", ".join(s.designation for s in t.systems)
        label = f"T{i}: {t.supplier.name} → {t.recipient.name}, {systems} ({t.status.value})"
        out.append((f"t{i}", "transfer", label, t))
    e = f = 0
    for rel in summary.relations or []:
        pair = " – ".join(c.name for c in rel.countries)
        for ev in rel.events:
            e += 1
            out.append((f"e{e}", "event", f"E{e}: {pair}, {ev.kind.value} {ev.date or ''}", ev))
        for fig in rel.figures:
            f += 1
            out.append((f"f{f}", "figure", f"F{f}: {pair}, {fig.label}", fig))
    return out


def _as_grounded(point: KeyPoint) -> Grounded:
    return Grounded(
        evidence=point.evidence,
        evidence_start=point.evidence_start,
        evidence_end=point.evidence_end,
    )


def marked(summary: Summary | None, text: str) -> tuple[list[Segment], dict[str, Region]]:
    """The text's segments and, per record key, the region that marks its evidence."""
    if summary is None:
        return segments(text, []), {}
    spans = []
    for key, kind, label, record in records(summary):
        where = place(text, record)
        if where:
            spans.append((*where, key, kind, label))
    merged = regions(spans)
    return segments(text, merged), {key: r for r in merged for key in r.records}


def shown_text(stored: str, summary: Summary | None) -> str:
    """The text to show: as stored; or, for a page stored as HTML, the text extracted from it,
    unless the records quote the stored markup itself (plain text with tags in it)."""
    from summarizer.prepare import looks_like_html, prepare

    raw = displayable(stored)
    if not looks_like_html(stored):
        return raw
    extracted = displayable(prepare(stored, is_html=True).text)
    quotes = [record.evidence for *_, record in records(summary)] if summary else []
    in_raw = sum(q in raw for q in quotes)
    return raw if in_raw > sum(q in extracted for q in quotes) else extracted
