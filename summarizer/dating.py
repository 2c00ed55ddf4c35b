"""Dating events in code: the date a sentence gives, the year of yearless dates, and the dates
timeline headings give the sentences under them."""

from __future__ import annotations

import re
from collections.abc import Iterable

from summarizer.grounding import Sentence
from summarizer.normalize import find_dates, parse_month
from summarizer.normalize.dates import has_impossible_date

# Date headings glued to the next sentence by the site's markup: "24 KASIMPutin'den".
_GLUED_HEADING = re.compile(r"(\b\d{1,2}\s+[A-ZÇĞİÖŞÜ]{3,}?)([A-ZÇĞİÖŞÜ][a-zçğıöşü])")
_GLUED_DAY = re.compile(r"([.!?])(\d{1,2}\s+[A-ZÇĞİÖŞÜa-zçğıöşü])")


def article_year(sentences: Iterable[Sentence], published: int | None) -> int | None:
    """The year a yearless date ("10 Kasım'da") is in: the publication's, else the latest
    year of the article's full dates (news tells of now; its older dates are background)."""
    if published is not None:
        return published
    years = [d.date.year for s in sentences for d in find_dates(s.text) if d.year_explicit]
    return max(years, default=None)


_HEADING = re.compile(r"\d{1,2}\.? [^\W\d_]{3,12}(?: \d{4})?")


def heading_dates(sentences: Iterable[Sentence], default_year: int | None) -> dict[int, str]:
    """Dates that date headings of a timeline give the sentences under them.

    A chronicle heads its paragraphs with a bare date ("24 ŞUBAT"); a sentence with no date of
    its own under such a heading happened that day. Two headings or more make a timeline: one
    dateline at the top ("Bakı, 15 may") dates nothing else.
    """
    current: str | None = None
    out: dict[int, str] = {}
    headings = 0
    for s in sentences:
        if _HEADING.fullmatch(s.text.strip()) and (date := event_date(s, default_year)):
            current, headings = date, headings + 1
        elif current is not None:
            out[s.n] = current
    return out if headings >= 2 else {}


def event_date(sentence: Sentence, default_year: int | None) -> str | None:
    """The event's ISO date, found in its sentence by code (day, else month); None if absent."""
    text = _GLUED_HEADING.sub(r"\1 \2", _GLUED_DAY.sub(r"\1 \2", sentence.text))
    found = find_dates(text, default_year=default_year)
    if found:
        return found[0].date.isoformat()
    if has_impossible_date(text):
        return None  # "31 February 2026" is no date, and not February either
    month = parse_month(text, default_year=default_year)
    if month is not None and (month[0] or default_year):
        return f"{month[0] or default_year:04d}-{month[1]:02d}"
    return None
