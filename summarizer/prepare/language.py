"""Language detection (py3langid, loaded on first use) and English language names."""

from __future__ import annotations

import functools
import logging
from typing import Any

log = logging.getLogger("summarizer.prepare")  # one logger name for the whole package

# A news-language shortlist: restricting the model avoids exotic look-alikes (e.g. "crh" for
# Turkish) on short texts.
NEWS_LANGUAGES: tuple[str, ...] = (
    "ar", "az", "be", "bg", "bs", "cs", "da", "de", "el", "en", "es", "et", "fa", "fi", "fr",
    "he", "hi", "hr", "hu", "hy", "id", "it", "ja", "ka", "kk", "ko", "ky", "lt", "lv", "mk",
    "nl", "no", "pl", "ps", "pt", "ro", "ru", "sk", "sl", "sq", "sr", "sv", "tg", "tk", "tr",
    "uk", "ur", "uz", "vi", "zh",
)  # fmt: skip
_MIN_LETTERS = 20
_LANGID_SAMPLE = 20_000


@functools.cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages([lang for lang in NEWS_LANGUAGES if lang in set(ident.labels)])
    return ident


def detect_language(text: str) -> str:
    """Return the ISO 639-1 code of the text's language, or "und" if it is too short."""
    sample = text[:_LANGID_SAMPLE]
    if sum(ch.isalpha() for ch in sample) < _MIN_LETTERS:
        return "und"
    try:
        lang, _conf = _identifier().classify(sample)
    except Exception as exc:  # a broken model file or a full disk must not stop the pipeline
        log.warning("language detection failed (%s); language set to 'und'", exc)
        log.debug("language detection failure", exc_info=True)
        return "und"
    return str(lang) if len(str(lang)) == 2 else "und"


@functools.cache
def _english_names() -> dict[str, str]:
    """English names of languages from CLDR (babel): every news language, and more."""
    from babel import Locale

    return dict(Locale("en").languages)


def language_name(code: str) -> str:
    """English name of an ISO 639-1 code ("az" → "Azerbaijani"), or the code itself."""
    return _english_names().get(code, code)
