"""HTML: telling a page from plain text, and getting its main text, comments, title and date.

lxml and trafilatura are imported on first use: importing them costs more than a CLI start.
"""

from __future__ import annotations

import datetime
import html as html_lib
import itertools
import logging
import re
import string
from dataclasses import dataclass, field
from typing import Any

from summarizer.prepare.dates import _parse_any_date
from summarizer.prepare.text import _words, normalize_whitespace

log = logging.getLogger("summarizer.prepare")  # one logger name for the whole package

_HTML_STRONG = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)
_HTML_TAG = re.compile(
    r"</?(?:p|div|span|a|br|h[1-6]|article|section|main|nav|header|footer|ul|ol|li|table|tr|td|"
    r"meta|link|script|style|title|img|em|strong|b|i|figure|time)\b[^<>]{0,500}>",
    re.IGNORECASE,
)
_HTML_SNIFF = 20_000


def looks_like_html(raw: str) -> bool:
    """Guess whether the text is an HTML document or fragment rather than plain text."""
    head = raw[:_HTML_SNIFF]
    if _HTML_STRONG.search(head):
        return True
    # Three known tags: one stray "<b>" in plain text is not enough.
    return sum(1 for _ in itertools.islice(_HTML_TAG.finditer(head), 3)) >= 3


_DROP_TAGS = (
    "script", "style", "noscript", "template", "iframe", "svg", "nav", "header", "footer",
    "aside", "form", "button", "select", "head",
)  # fmt: skip
_BLOCK_TAGS = _words(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 article section main tr table blockquote figure "
    "figcaption pre dd dt dl"
)
_META_TITLE = (
    "//meta[@property='og:title' or @name='og:title' or @name='twitter:title' "
    "or @property='twitter:title']/@content"
)
_META_DATE = (
    "//meta[@property='article:published_time' or @name='article:published_time' "
    "or @itemprop='datePublished' or @name='pubdate' or @name='publishdate' "
    "or @name='date' or @name='dc.date' or @name='DC.date.issued' "
    "or @property='og:published_time']/@content"
)


def _parse_html(raw: str) -> Any:
    import lxml.html

    try:
        return lxml.html.document_fromstring(raw)
    except ValueError:
        # lxml refuses str input that carries an XML encoding declaration.
        parser = lxml.html.HTMLParser(encoding="utf-8")
        return lxml.html.document_fromstring(raw.encode("utf-8", "replace"), parser=parser)


def _first(tree: Any, xpath: str) -> str | None:
    for value in tree.xpath(xpath):
        text = value if isinstance(value, str) else value.text_content()
        text = normalize_whitespace(str(text)).replace("\n", " ")
        if text:
            return text
    return None


def _html_meta(tree: Any) -> tuple[str | None, str | None, datetime.date | None]:
    """Return (og:title, <title> or <h1>, published date) from the document head."""
    og = _first(tree, _META_TITLE)
    fallback = _first(tree, "//h1") or _first(tree, "//title")
    date = _parse_any_date(_first(tree, _META_DATE))
    if date is None:
        date = _parse_any_date(_first(tree, "//time[@datetime]/@datetime"))
    return og, fallback, date


def _lxml_text(tree: Any) -> str:
    """Plain text of the body with block elements on their own lines."""
    for element in tree.xpath("|".join(f"//{tag}" for tag in _DROP_TAGS)):
        parent = element.getparent()
        if parent is not None:
            element.drop_tree()
    parts: list[str] = []
    for node in tree.iter():
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag.lower() in _BLOCK_TAGS:
            parts.append("\n")
        if node.text and tag:
            parts.append(node.text)
        if node.tail:
            parts.append(node.tail)
    return "".join(parts)


_TAG = re.compile(r"<[^<>]*>")
# Tag names are ASCII; str.lower() would shift offsets ("İ".lower() is two characters).
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def _regex_text(raw: str) -> str:
    """Last-resort tag strip for documents no parser can handle."""
    out: list[str] = []
    lowered = raw.translate(_ASCII_LOWER)
    pos = 0
    found = {tag: lowered.find(f"<{tag}") for tag in ("script", "style")}
    while True:
        # Look again only for a tag already passed: searching the rest of the document for an
        # absent tag after every script would take quadratic time.
        for tag in found:
            if 0 <= found[tag] < pos:
                found[tag] = lowered.find(f"<{tag}", pos)
        starts = [s for s in found.values() if s >= 0]
        if not starts:
            out.append(raw[pos:])
            break
        start = min(starts)
        tag = "script" if lowered.startswith("<script", start) else "style"
        out.append(raw[pos:start])
        close = lowered.find(f"</{tag}", start)
        if close < 0:
            break  # unterminated script: everything after it is code, not text
        end = lowered.find(">", close)
        pos = len(raw) if end < 0 else end + 1
    text = _TAG.sub("\n", "".join(out))
    return html_lib.unescape(text)


def _trafilatura(raw: str) -> tuple[str, str, str | None, datetime.date | None] | None:
    import trafilatura

    doc = trafilatura.bare_extraction(
        raw,
        favor_recall=True,
        include_comments=True,
        include_tables=True,
        with_metadata=True,
        # Only the document's own date, never a guess from dates in the body.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if doc is None or isinstance(doc, dict):
        return None
    text = str(doc.text or "")
    if not text.strip():
        return None
    return text, str(doc.comments or ""), doc.title, _parse_any_date(doc.date)


_LOWER_STYLE = "translate(@style, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ ', 'abcdefghijklmnopqrstuvwxyz')"
_HIDDEN = (
    "//template | //*[@hidden] | //*[@aria-hidden='true' and not(.//img)]"
    f" | //*[contains({_LOWER_STYLE}, 'display:none')]"
    f" | //*[contains({_LOWER_STYLE}, 'visibility:hidden')]"
)


def _without_hidden(tree: Any) -> str | None:
    """The document without elements a reader never sees (planted text hides there), or None
    when it has none: trafilatura keeps the text of <template> and `hidden` elements."""
    try:
        hidden = tree.xpath(_HIDDEN)
        if not hidden:
            return None
        for element in hidden:
            if element.getparent() is not None:
                element.drop_tree()
        import lxml.html

        return str(lxml.html.tostring(tree, encoding="unicode"))
    except Exception:  # odd markup: extraction goes on with the document as it came
        log.debug("could not drop hidden elements", exc_info=True)
        return None


@dataclass
class _Extracted:
    """What an HTML page yields before line cleaning."""

    body: str = ""
    comments: str = ""
    title: str | None = None
    published: datetime.date | None = None
    removed: list[str] = field(default_factory=list)


def _fallback_body(raw: str, tree: Any) -> str:
    """The page's text without trafilatura: lxml's, or the tag strip's if lxml gives none."""
    try:
        body = _lxml_text(tree) if tree is not None else _regex_text(raw)
    except Exception:
        log.debug("lxml text extraction failed", exc_info=True)
        body = ""
    if not body.strip():
        # libxml2 silently truncates absurdly deep trees; the tag strip still sees the text.
        body = _regex_text(raw)
    return body


def _extract_html(raw: str) -> _Extracted:
    """Main text, comments, title and date of a page; never raises on odd markup."""
    out = _Extracted()
    og_title = other_title = None
    meta_date: datetime.date | None = None
    tree = None
    try:
        tree = _parse_html(raw)
        og_title, other_title, meta_date = _html_meta(tree)
    except Exception:  # malformed or absurdly deep markup: keep going without metadata
        log.debug("lxml could not read the document head", exc_info=True)

    traf_title: str | None = None
    traf_date: datetime.date | None = None
    try:
        visible = _without_hidden(tree) if tree is not None else None
        result = _trafilatura(visible or raw)
    except Exception:
        log.debug("trafilatura failed", exc_info=True)
        result = None
    if result is not None:
        out.body, out.comments, traf_title, traf_date = result
    else:
        out.removed.append("html fallback extraction")
        out.body = _fallback_body(raw, tree)
    out.title = og_title or traf_title or other_title
    out.published = meta_date or traf_date
    return out
