"""Turn a raw article (plain text or HTML) into the clean text the model sees.

Boilerplate (repeated headlines, related-link lists, subscription and share lines, comment
sections) is removed line by line, so every kept line of plain-text input survives verbatim
after `normalize_whitespace`; later code can find evidence quotes in `Prepared.text` by search.
Reader comments are kept apart in `Prepared.comments`: they are opinions, never facts, and a
favourite place for planted instructions.

Modules, each with one job:

- `text`: whitespace and invisible-character normalisation, shared string helpers
- `language`: language detection and English language names
- `dates`: datelines and publication dates in article headers
- `glued`: line breaks a scraped page lost, put back
- `boilerplate`: related links, reader comments, subscription/promo/share/cookie lines
- `sentences`: where sentences start inside a line
- `instructions`: lines and sentences that address the model (planted instructions)
- `clean`: the line-cleaning passes, run in order
- `html`: telling HTML from plain text, and extracting a page's text and metadata
- `core`: `prepare()` and its result, `Prepared`
"""

from summarizer.prepare.core import Prepared, prepare, prepare_once
from summarizer.prepare.glued import unglue
from summarizer.prepare.html import looks_like_html
from summarizer.prepare.instructions import addresses_the_model
from summarizer.prepare.language import NEWS_LANGUAGES, detect_language, language_name
from summarizer.prepare.text import normalize_whitespace

__all__ = [
    "NEWS_LANGUAGES",
    "Prepared",
    "addresses_the_model",
    "detect_language",
    "language_name",
    "looks_like_html",
    "normalize_whitespace",
    "prepare",
    "prepare_once",
    "unglue",
]
