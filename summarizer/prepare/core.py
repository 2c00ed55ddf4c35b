"""The entry point: one raw article (plain text or HTML) in, `Prepared` out."""

from __future__ import annotations

import datetime
import functools
import logging

from pydantic import BaseModel, Field

from summarizer.prepare.clean import _clean_lines, _Cleaned
from summarizer.prepare.glued import unglue
from summarizer.prepare.html import _extract_html, looks_like_html
from summarizer.prepare.language import detect_language
from summarizer.prepare.text import _join, normalize_whitespace

log = logging.getLogger("summarizer.prepare")  # one logger name for the whole package


class Prepared(BaseModel):
    """What the model should see of one article, plus what was set aside."""

    text: str
    title: str | None = None
    published: datetime.date | None = None
    language: str = "und"
    comments: str = ""
    removed: list[str] = Field(default_factory=list)


def _prepare_html(raw: str) -> Prepared:
    page = _extract_html(raw)
    cleaned = _clean_lines(normalize_whitespace(page.body), title_hint=page.title)
    all_comments = _join([c for c in (normalize_whitespace(page.comments), cleaned.comments) if c])
    removed = page.removed
    if page.comments.strip():
        removed.append("comments (html)")
    return Prepared(
        text=cleaned.text,
        title=cleaned.title,
        published=page.published or cleaned.published,
        language=detect_language(cleaned.text),
        comments=all_comments,
        removed=removed + cleaned.removed,
    )


def prepare(raw: str, *, is_html: bool | None = None) -> Prepared:
    """Clean one raw article into the text the model sees; never raises on odd input."""
    if not isinstance(raw, str):
        raise TypeError(f"prepare() needs str, got {type(raw).__name__}")
    if is_html is None:
        is_html = looks_like_html(raw)
    if is_html:
        return _prepare_html(raw)
    text = unglue(normalize_whitespace(raw))
    try:
        cleaned = _clean_lines(text)
    except Exception:  # a cleaning bug must cost boilerplate removal, not the article
        log.warning("boilerplate removal failed; passing the text through", exc_info=True)
        cleaned = _Cleaned(text, None, None, "", ["cleaning failed"])
    return Prepared(
        text=cleaned.text,
        title=cleaned.title,
        published=cleaned.published,
        language=detect_language(cleaned.text),
        comments=cleaned.comments,
        removed=cleaned.removed,
    )


@functools.lru_cache(maxsize=16)
def prepare_once(raw: str) -> Prepared:
    """prepare(raw), kept for the next few callers: a fetched page is prepared when it is read
    (to find its main text) and again when it is summarised; the second time costs nothing.
    The result is shared: callers must not change it."""
    return prepare(raw)
