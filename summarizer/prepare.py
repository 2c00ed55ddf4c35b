"""Turn a raw article (plain text or HTML) into the clean text the model sees.

Boilerplate (repeated headlines, related-link lists, subscription and share lines, comment
sections) is removed line by line, so every kept line of plain-text input survives verbatim
after `normalize_whitespace`; later code can find evidence quotes in `Prepared.text` by search.
Reader comments are kept apart in `Prepared.comments`: they are opinions, never facts, and a
favourite place for planted instructions.
"""

from __future__ import annotations

import bisect
import datetime
import functools
import html as html_lib
import itertools
import logging
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field

__all__ = [
    "Chunk",
    "Prepared",
    "chunk",
    "detect_language",
    "looks_like_html",
    "normalize_whitespace",
    "prepare",
]

log = logging.getLogger(__name__)


class Prepared(BaseModel):
    """What the model should see of one article, plus what was set aside."""

    text: str
    title: str | None = None
    published: datetime.date | None = None
    language: str = "und"
    comments: str = ""
    removed: list[str] = Field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Chunk:
    """A slice of `Prepared.text`: text == source[start:end]."""

    text: str
    start: int
    end: int


# --------------------------------------------------------------------------- whitespace

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


# --------------------------------------------------------------------------- language

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


_LANGUAGE_NAMES = {
    "en": "English", "tr": "Turkish", "de": "German", "ru": "Russian", "fr": "French",
    "es": "Spanish", "ar": "Arabic", "az": "Azerbaijani", "uk": "Ukrainian", "it": "Italian",
    "pl": "Polish", "fa": "Persian", "pt": "Portuguese", "nl": "Dutch", "zh": "Chinese",
    "ja": "Japanese", "ko": "Korean", "he": "Hebrew", "el": "Greek", "hy": "Armenian",
    "ka": "Georgian", "kk": "Kazakh", "sr": "Serbian", "bg": "Bulgarian", "ro": "Romanian",
}  # fmt: skip


def language_name(code: str) -> str:
    """English name of an ISO 639-1 code, or the code itself."""
    return _LANGUAGE_NAMES.get(code, code)


# --------------------------------------------------------------------------- dates


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_MONTHS: dict[str, int] = {}
for _num, _names in enumerate(
    [
        "ocak january januar jänner jan janvier enero gennaio января січня stycznia",
        "şubat subat february februar feb février fevrier febrero febbraio февраля лютого lutego",
        "mart march märz maerz mar mars marzo марта березня marca",
        "nisan april apr avril abril aprile апреля квітня kwietnia",
        "mayıs mayis may mai mayo maggio мая травня maja",
        "haziran june juni jun juin junio giugno июня червня czerwca",
        "temmuz july juli jul juillet julio luglio июля липня lipca",
        "ağustos agustos august aug août aout agosto августа серпня sierpnia",
        "eylül eylul september sep sept septembre septiembre setiembre settembre "
        "сентября вересня września",
        "ekim october oktober oct octobre octubre ottobre октября жовтня października",
        "kasım kasim november nov novembre noviembre ноября листопада listopada",
        "aralık aralik december dezember dec décembre decembre diciembre dicembre "
        "декабря грудня grudnia",
    ],
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name.casefold()] = _num

_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_DMY_DATE = re.compile(r"(?<!\d)(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?!\d)")
_NAMED_DMY = re.compile(
    r"(?<!\d)(\d{1,2})\.?\s(?:de\s)?([^\W\d_]{3,12})\.?,?\s(?:de\s)?(\d{4})(?!\d)"
)
_NAMED_MDY = re.compile(r"(?<![^\W\d_])([^\W\d_]{3,12})\.?\s(\d{1,2}),?\s(\d{4})(?!\d)")
_TIME = re.compile(r"(?<!\d)\d{1,2}\s?[:.h]\s?\d{2}(?::\d{2})?(?!\d)")
_DATE_FILLER = _words(
    "date datum tarih tarihi yayınlanma yayinlanma yayın güncelleme guncelleme güncellendi "
    "published updated posted veröffentlicht aktualisiert stand am um uhr saat опубликовано "
    "обновлено дата publié mis à jour le publicado actualizado el pubblicato aggiornato "
    "gmt utc msk tsi cet cest mez mesz trt et pt"
)
_WORD = re.compile(r"[^\W\d_]+")


def _make_date(year: str, month: int | str, day: str) -> datetime.date | None:
    try:
        value = datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None
    # Outside this window a "date" is far more likely an ID or a misread.
    return value if 1990 <= value.year <= 2100 else None


def _find_date(line: str) -> tuple[datetime.date, tuple[int, int]] | None:
    """Return the first full date in a line with its span."""
    found: list[tuple[int, datetime.date, tuple[int, int]]] = []
    for m in _ISO_DATE.finditer(line):
        d = _make_date(m[1], m[2], m[3])
        if d:
            found.append((m.start(), d, m.span()))
            break
    for m in _DMY_DATE.finditer(line):
        d = _make_date(m[3], m[2], m[1])  # day first: the sources are European or Turkish
        if d:
            found.append((m.start(), d, m.span()))
            break
    for m in _NAMED_DMY.finditer(line):
        month = _MONTHS.get(m[2].casefold())
        d = _make_date(m[3], month, m[1]) if month else None
        if d:
            found.append((m.start(), d, m.span()))
            break
    for m in _NAMED_MDY.finditer(line):
        month = _MONTHS.get(m[1].casefold())
        d = _make_date(m[3], month, m[2]) if month else None
        if d:
            found.append((m.start(), d, m.span()))
            break
    if not found:
        return None
    _pos, date, span = min(found, key=lambda item: item[0])
    return date, span


def _is_date_line(line: str) -> datetime.date | None:
    """Return the date if the line is a bare dateline ("22:43 30.01.2026", " date ... X")."""
    if len(line) > 80:
        return None
    hit = _find_date(line)
    if hit is None:
        return None
    date, (a, b) = hit
    rest = _TIME.sub(" ", line[:a] + " " + line[b:])
    unknown = [w for w in _WORD.findall(rest) if w.casefold() not in _DATE_FILLER]
    unknown = [w for w in unknown if w.casefold() not in _MONTHS]  # weekday-free remainder
    # One capitalised leftover is a section name ("Türkiye"); more is a real headline.
    if not unknown or (len(unknown) == 1 and unknown[0][:1].isupper()):
        return date
    return None


def _parse_any_date(value: str | None) -> datetime.date | None:
    if not value:
        return None
    hit = _find_date(value.strip()[:64])
    return hit[0] if hit else None


# --------------------------------------------------------------------------- line patterns


def _key(line: str) -> str:
    # casefold + drop the combining dot so Turkish "İ" compares equal to "i"
    return line.casefold().replace("\u0307", "").strip()


def _phrases(*items: str) -> str:
    keys = sorted({_key(item) for item in items}, key=len, reverse=True)
    return "|".join(re.escape(k) for k in keys)


_RELATED_PHRASES = _phrases(
    "Siehe auch", "Lesen Sie auch", "Lesen Sie mehr", "Mehr zum Thema", "Auch interessant",
    "Das könnte Sie auch interessieren", "Weitere Artikel", "Weitere Nachrichten",
    "İlginizi çekebilir", "Bunlar da ilginizi çekebilir", "İlgili haberler", "İlgili haber",
    "Benzer haberler", "Daha fazla haber", "Read more", "Read also", "Also read", "See also",
    "Related", "Related articles", "Related stories", "Related news", "Related content",
    "More on this", "More on this story", "You may also like", "Recommended",
    "См. также", "Смотрите также", "Читайте также", "По теме", "Читайте також",
    "Дивіться також", "Lire aussi", "Voir aussi", "À lire aussi", "A lire aussi",
    "Sur le même sujet", "Lea también", "Ver también", "Te puede interesar",
    "Noticias relacionadas", "Leggi anche", "Zobacz także", "Czytaj także",
    "اقرأ أيضا", "اقرأ أيضاً", "إقرأ أيضا", "إقرأ أيضاً", "اقرأ ايضا", "مواضيع ذات صلة",
    "أخبار ذات صلة",
)  # fmt: skip
_RELATED_HEAD = re.compile(rf"^(?:{_RELATED_PHRASES})\s*[:：.…»>-]*$")
_RELATED_INLINE = re.compile(rf"^(?:{_RELATED_PHRASES})\s*[:：»>-]\s*\S")
_RELATED_LINK_MAX = 250
_RELATED_MAX_LINKS = 15

_COMMENT_WORDS = _phrases(
    "Kommentare", "Leserkommentare", "Yorumlar", "Comments", "Reader comments",
    "Комментарии", "Комментариев", "Коментарі", "Commentaires", "Comentarios",
    "Comentários", "Commenti", "Komentarze", "التعليقات", "تعليقات", "Kommentar schreiben",
    "Yorum yap", "Yorum yaz", "Add a comment", "Leave a comment", "Post a comment",
    "Şərhlər", "Rəylər", "Réactions", "Reacciones", "Reaktionen", "Leserreaktionen",
    "Отзывы", "Обсуждение", "Reader reactions", "Okur yorumları",
)  # fmt: skip
_COMMENT_SINGULAR = _phrases("Kommentar", "Yorum", "Comment", "Комментарий", "Commentaire")
_COMMENT_HEAD = re.compile(
    rf"^(?:\d{{1,6}}\s+)?(?:{_COMMENT_WORDS})\s*(?:[·•|:-]\s*)?(?:\(\d{{1,6}}\)|\d{{1,6}})?\s*:?$"
    rf"|^\d{{1,6}}\s+(?:{_COMMENT_SINGULAR})$"
)
_DATEISH = r"[^()\n]{0,30}\d[^()\n]{0,30}"
_COMMENT_ENTRY = re.compile(
    # "Leser123 (30.01.2026): text"
    rf"^@?[\w.\-]{{2,40}}\s?\({_DATEISH}\)\s?:"
    # "Leser123 schrieb:" / "Max Muster schrieb am 30.01.2026:"
    r"|^@?[\w.\-]{2,40}(?: [\w.\-]{2,40})?\s(?:schrieb|schreibt|wrote|writes|yazdı|yazdi|"
    r"написал|написала|пишет|a écrit|escribió|scrive|ha scritto|napisał|napisała|كتب)"
    r"(?:\s[^\n:]{0,60})?:"
    # "user_1 · 2 hours ago"
    r"|^@?[\w.\-]{2,40}\s?[|·•–—-]\s?(?:\d{1,3}\s\w{3,12}\s(?:ago|önce|назад)|vor\s\d{1,3}\s\w+)",
    re.IGNORECASE,
)

_SUBSCRIBE_PHRASES = _phrases(
    "Abonnieren Sie", "Jetzt abonnieren", "Abo abschließen", "Subscribe to our",
    "Subscribe now", "Subscribe for", "Sign up for our", "Sign up to our",
    "Подписывайтесь", "Подпишитесь на", "Abonnez-vous", "Inscrivez-vous",
    "Suscríbete", "Suscríbase", "Iscriviti", "Zapisz się", "اشترك في", "اشترك الآن",
    "kanalımıza abone", "bültenimize", "Abone olun",
)  # fmt: skip
_PROMO_PHRASES = _phrases(
    "Unsere Nachrichtensender", "Folgen Sie uns", "Follow us on", "Bizi takip edin",
    "Наши новостные каналы", "Мы в соцсетях", "Suivez-nous", "Síguenos",
)  # fmt: skip
_PROMO = re.compile(_PROMO_PHRASES)
_SUBSCRIBE = re.compile(_SUBSCRIBE_PHRASES + r"|^abone ol\b")
_NEWSLETTER = re.compile(r"newsletter|bülten|рассылк")
_SIGNUP = re.compile(r"anmeld|abonn|bestell|sign up|subscri|kayıt|abone|подпис|inscri|suscri|email")
_COOKIE = re.compile(r"cookie|çerez|куки")
_COOKIE_ACT = re.compile(
    r"akzept|zustimm|verwende|nutzen|einverstanden|accept|agree|\buse|consent|settings|"
    r"einstellung|kabul|kullan|политик|использ|accepter|utilis|acept|utiliz|privacy|datenschutz"
)
_AD_LABEL = re.compile(
    r"^(?:anzeige|werbung|advertisement|sponsored|reklam|реклама|publicité|publicidad)$"
)
_LONE_NUMBER = re.compile(r"^[+-]?\d{1,6}$")
_SHARE_VERBS = _words(
    "share teilen paylaş paylas поделиться partager compartir condividi udostępnij مشاركة شارك "
    "tweet tweeten drucken print yazdır yazdir"
)
_SHARE_NETS = _words(
    "facebook twitter x whatsapp telegram e-mail email mail linkedin vk вконтакте "
    "одноклассники pinterest reddit xing threads bluesky messenger flipboard tumblr viber"
)
_SHARE_FILLER = _words(
    "on auf via sur en in per ile по в this article artikel diesen den haber haberi bu "
    "статьей статью cet este artículo link kopieren copy url seite sayfa"
)
_TOKEN = re.compile(r"[\w-]+")


def _is_share_line(key: str) -> bool:
    if len(key) > 120:
        return False
    tokens = [t.split("'")[0] for t in _TOKEN.findall(key.replace("’", "'"))]
    tokens = [t for t in tokens if t]
    if not tokens or len(tokens) > 12:
        return False
    vocab = _SHARE_VERBS | _SHARE_NETS | _SHARE_FILLER
    if not all(t in vocab for t in tokens):
        return False
    nets = sum(t in _SHARE_NETS for t in tokens)
    return any(t in _SHARE_VERBS for t in tokens) or nets >= 2


# Lines that address the model rather than the reader: planted instructions. No news
# sentence needs these phrases; a line with one is set aside like a reader comment.
_TO_THE_MODEL = re.compile(
    # English: a command to drop instructions (at the start, after a colon, or "and ..."),
    # notes addressed to AI tools, the system prompt, operator/model instructions.
    r"(?:^|[:.!;\[(]\s*|\band\s+)(?:please\s+)?(?:ignore|disregard|forget)\s+(?:all\s+|any\s+)?"
    r"(?:the\s+|your\s+)?(?:previous|prior|above|earlier)\s+(?:instructions|prompts?)\b"
    r"|\bsystem\s+prompts?\b"
    r"|\b(?:note|message)s?\s+(?:to|for)\s+(?:the\s+)?(?:ai|llms?|language\s+models?"
    r"|automated\s+\w+(?:\s+tools?)?|chatbots?)\b"
    r"|\bai\s+(?:assistants?|models?|systems?)\s*:"
    r"|\bnew\s+instructions?\s+(?:from|for)\s+the\s+(?:operator|model|ai|assistant)\b"
    r"|\bwhen\s+you\s+summari[sz]e\b"
    r"|</?\s*article\s*>"
    # German, Russian, Turkish equivalents.
    r"|(?:vergiss|vergessen\s+sie|ignoriere|ignorieren\s+sie)\s+(?:\w+\s+){0,2}"
    r"(?:bisherigen|vorherigen|früheren)\s+anweisungen"
    r"|\banweisung\s+an\s+(?:das|die|den)\s+(?:sprachmodell|ki|modell)\b"
    r"|игнорируйте\s+(?:\w+\s+){0,2}(?:предыдущие|прежние)\s+инструкц"
    r"|(?:примечание|указание|инструкция)\s+для\s+(?:нейросет|ии\b|ассистент|чат-?бот)"
    r"|системн\w+\s+промпт"
    r"|talimatları\s+(?:yok\s+say|görmezden\s+gel|unut)"
    r"|yapay\s+zek[aâ]\s+(?:modellerine|modeline|asistanına|için)\s+not"
    r"|\bsistem\s+istem(?:i|ini|inizi)\b",
    re.IGNORECASE,
)
# "SYSTEM:" / "ASSISTANT:" opening a line, in capitals: a chat-transcript role, not the
# "System: S-400" of a fact box.
_ROLE_LINE = re.compile(r"^\W*(?:SYSTEM|ASSISTANT)\s*:")


def addresses_the_model(line: str) -> bool:
    """Whether a line speaks to an AI model (a planted instruction), not to the reader."""
    return bool(_TO_THE_MODEL.search(line) or _ROLE_LINE.search(line))


def _without_instructions(line: str) -> str:
    """The line without its sentences that address the model."""
    cuts = [0, *_sentence_starts(line), len(line)]
    parts = [line[a:b] for a, b in itertools.pairwise(cuts) if line[a:b].strip()]
    return " ".join(p.strip() for p in parts if not addresses_the_model(p))


def _boilerplate_label(line: str) -> str | None:
    """Return why a single line is boilerplate, or None if it may be article text."""
    if len(line) > 400:
        return None
    key = _key(line)
    if _RELATED_INLINE.match(key) and len(line) <= 300:
        return "related link"
    if len(line) <= 250 and _SUBSCRIBE.search(key):
        return "subscription blurb"
    if len(line) <= 120 and _PROMO.search(key):
        return "channel promo"
    if _NEWSLETTER.search(key) and (len(line) <= 40 or (len(line) <= 250 and _SIGNUP.search(key))):
        return "newsletter blurb"
    if _COOKIE.search(key) and _COOKIE_ACT.search(key):
        return "cookie notice"
    if _AD_LABEL.match(key):
        return "advertisement label"
    if _is_share_line(key):
        return "social share line"
    return None


# --------------------------------------------------------------------------- cleaning


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


def _join(lines: list[str]) -> str:
    return _BLANK_RUN.sub("\n\n", "\n".join(lines)).strip()


def _split_comments(lines: list[str], first_body: int) -> tuple[int, str] | None:
    """Find where a reader-comment section starts; return (line index, label)."""
    for i in range(first_body + 1, len(lines)):
        line = lines[i]
        if len(line) <= 60 and _COMMENT_HEAD.match(_key(line)):
            count = re.search(r"\d+", line)
            entries = sum(1 for rest in lines[i + 1 :] if _COMMENT_ENTRY.match(rest))
            n = int(count[0]) if count else entries
            return i, f"comments ({n})" if n else "comments"
    # No heading: a trailing run of "user (date): text" lines that outweighs the rest.
    entry = [bool(_COMMENT_ENTRY.match(line)) for line in lines]
    nonblank = [bool(line) for line in lines]
    entries_after = nonblank_after = 0
    best: int | None = None
    best_entries = 0
    for i in range(len(lines) - 1, first_body, -1):
        entries_after += entry[i]
        nonblank_after += nonblank[i]
        if entry[i] and entries_after >= 2 and entries_after * 3 >= nonblank_after:
            best, best_entries = i, entries_after
    if best is not None:
        return best, f"comments ({best_entries})"
    return None


def _clean_lines(text: str, title_hint: str | None = None) -> _Cleaned:
    lines = text.split("\n") if text else []
    removed = _Counter()
    drop = [False] * len(lines)

    first_body = next((i for i, line in enumerate(lines) if _is_body_line(line)), len(lines))
    header_end = first_body
    nonblank_seen = 0
    for i in range(first_body):
        nonblank_seen += bool(lines[i])
        if nonblank_seen > 10:  # a "header" this long is really short-line body text
            header_end = i
            break

    # Comments first, so nothing below ever looks at reader text as article text.
    comments = ""
    cut = _split_comments(lines, max(header_end - 1, 0))
    if cut is not None:
        idx, label = cut
        comment_lines = lines[idx + 1 :] if _COMMENT_HEAD.match(_key(lines[idx])) else lines[idx:]
        comments = _join(comment_lines)
        removed.add(label)
        lines = lines[:idx]
        drop = drop[:idx]
        header_end = min(header_end, idx)

    # Header zone: datelines, comment counters, the headline.
    published: datetime.date | None = None
    title: str | None = None
    title_idx: int | None = None
    for i in range(header_end):
        line = lines[i]
        if not line:
            continue
        date = _is_date_line(line)
        if date is not None:
            published = published or date
            drop[i] = True
            removed.add("date line")
        elif _LONE_NUMBER.match(line):
            drop[i] = True
            removed.add("lone number")
        elif len(line) <= 60 and _COMMENT_HEAD.match(_key(line)):
            drop[i] = True
            removed.add("comment counter")
        elif (
            title is None
            and title_hint is None
            and _is_headline(line)
            and _boilerplate_label(line) is None
            and not _RELATED_HEAD.match(_key(line))
        ):
            title, title_idx = line, i
    if published is None:
        for i in range(header_end):
            if lines[i] and not drop[i] and i != title_idx and len(lines[i]) <= 200:
                hit = _find_date(lines[i])
                if hit:
                    published = hit[0]
                    break

    if title_hint:
        title = normalize_whitespace(title_hint).replace("\n", " ") or None
    if title:
        title_key = _key(title)
        seen_title = False
        for i, line in enumerate(lines):
            if line and not drop[i] and _key(line) == title_key:
                if seen_title:
                    drop[i] = True
                    removed.add("repeated headline")
                seen_title = True

    # Related-link blocks: the heading and the short headline-like lines under it.
    i = 0
    while i < len(lines):
        key = _key(lines[i]) if len(lines[i]) <= 60 else ""
        if not key or drop[i] or not _RELATED_HEAD.match(key):
            i += 1
            continue
        heading = lines[i].rstrip(":：.…»>- ")
        drop[i] = True
        taken = 0
        j = i + 1
        while j < len(lines) and taken < _RELATED_MAX_LINKS:
            line = lines[j]
            if line and not drop[j]:
                # Article paragraphs end in a full stop; headlines in a list do not.
                looks_like_link = len(line) <= _RELATED_LINK_MAX and not line.endswith(
                    (".", ":", ";")
                )
                if not looks_like_link:
                    break
                drop[j] = True
                taken += 1
            j += 1
        removed.add(f"related links ({heading})", max(taken, 1))
        i = j

    # Single boilerplate lines anywhere in the main text.
    previous_key: str | None = None
    for i, line in enumerate(lines):
        if not line or drop[i]:
            continue
        if addresses_the_model(line):
            # Only the sentences that speak to the model go; the reporting around them stays.
            kept_part = _without_instructions(line)
            removed.add("instruction to the model")
            if not kept_part:
                drop[i] = True
                continue
            lines[i] = line = kept_part
        why = _boilerplate_label(line)
        if why:
            drop[i] = True
            removed.add(why)
            continue
        key = _key(line)
        if key == previous_key and len(line) <= 1000:
            drop[i] = True
            removed.add("duplicate line")
            continue
        previous_key = key

    if title_idx is not None and drop[title_idx]:
        title = None  # the "headline" turned out to be a related link or other boilerplate
    kept = [line for i, line in enumerate(lines) if not drop[i]]
    return _Cleaned(_join(kept), title, published, comments, removed.labels())


# --------------------------------------------------------------------------- HTML

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


_LOWER = "translate(@style, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ ', 'abcdefghijklmnopqrstuvwxyz')"
_HIDDEN = (
    "//template | //*[@hidden] | //*[@aria-hidden='true' and not(.//img)]"
    f" | //*[contains({_LOWER}, 'display:none')] | //*[contains({_LOWER}, 'visibility:hidden')]"
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


def _prepare_html(raw: str) -> Prepared:
    removed: list[str] = []
    og_title = other_title = None
    meta_date: datetime.date | None = None
    tree = None
    try:
        tree = _parse_html(raw)
        og_title, other_title, meta_date = _html_meta(tree)
    except Exception:  # malformed or absurdly deep markup: keep going without metadata
        log.debug("lxml could not read the document head", exc_info=True)

    body = comments = ""
    traf_title: str | None = None
    traf_date: datetime.date | None = None
    try:
        visible = _without_hidden(tree) if tree is not None else None
        result = _trafilatura(visible or raw)
    except Exception:
        log.debug("trafilatura failed", exc_info=True)
        result = None
    if result is not None:
        body, comments, traf_title, traf_date = result
    else:
        removed.append("html fallback extraction")
        try:
            body = _lxml_text(tree) if tree is not None else _regex_text(raw)
        except Exception:
            log.debug("lxml text extraction failed", exc_info=True)
            body = ""
        if not body.strip():
            # libxml2 silently truncates absurdly deep trees; the tag strip still sees the text.
            body = _regex_text(raw)

    title = og_title or traf_title or other_title
    cleaned = _clean_lines(normalize_whitespace(body), title_hint=title)
    all_comments = _join([c for c in (normalize_whitespace(comments), cleaned.comments) if c])
    if comments.strip():
        removed.append("comments (html)")
    return Prepared(
        text=cleaned.text,
        title=cleaned.title,
        published=meta_date or traf_date or cleaned.published,
        language=detect_language(cleaned.text),
        comments=all_comments,
        removed=removed + cleaned.removed,
    )


# --------------------------------------------------------------------------- entry point


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


# --------------------------------------------------------------------------- chunking

_ABBREVIATIONS = _words(
    "dr prof mr mrs ms st nr no bzw vgl ca usw etc gen col lt sgt maj capt adm jr sr vs "
    "str abs art bd hr fr z b d h u a s o co inc ltd corp dipl ing doç doc yrd sn av "
    "г гг ул им т е к см рис тыс млн млрд др пр ген полк mme mlle m sra sr dña"
)
_SENTENCE_PUNCT = re.compile(r"[.!?…。！？؟]+[\"'”’»)\]]*")


def _sentence_starts(text: str, start: int = 0, end: int | None = None) -> Iterator[int]:
    """Yield positions in [start, end) where a new sentence begins (after its end mark)."""
    end = len(text) if end is None else end
    for m in _SENTENCE_PUNCT.finditer(text, start, end):
        pos = m.end()
        if pos >= end:
            continue
        nxt = text[pos]
        before = m.start()
        if text[m.start()] == ".":
            # "30. Januar", "z. B.", "Dr. Müller" are not sentence ends.
            if before == 0 or text[before - 1].isdigit():
                continue
            word_start = before
            while word_start > 0 and text[word_start - 1].isalpha():
                word_start -= 1
            if text[word_start:before].casefold() in _ABBREVIATIONS:
                continue
        if nxt.isspace():
            while pos < end and text[pos].isspace():
                pos += 1
            if pos < end:
                yield pos
        elif nxt.isupper() and before >= 2 and text[before - 1].islower():
            # Scraped text often glues paragraphs: "...odaklandı.Şubat ayında..."
            yield pos


_NEWLINE = re.compile(r"\n")
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
_LINE_START = re.compile(r"\n\s*(?=\S)")


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _pieces(text: str, start: int, end: int, level: int) -> list[tuple[int, int]]:
    """Split [start, end) at the boundaries of one level: 0 paragraph, 1 line, 2 sentence."""
    if level == 0:
        cuts = [m.end() for m in _PARAGRAPH_BREAK.finditer(text, start, end)]
    elif level == 1:
        cuts = [m.end() for m in _NEWLINE.finditer(text, start, end)]
    else:
        cuts = list(_sentence_starts(text, start, end))
    spans = []
    prev = start
    for cut in [*cuts, end]:
        a, b = _strip_span(text, prev, cut)
        if a < b:
            spans.append((a, b))
        prev = cut
    return spans


def _units(text: str, max_chars: int) -> list[tuple[int, int]]:
    """Split text into spans no longer than max_chars, preferring the coarsest boundary."""
    out: list[tuple[int, int]] = []
    stack: list[tuple[int, int, int]] = [(0, len(text), 0)]
    while stack:
        start, end, level = stack.pop()
        if level <= 2:
            pieces = _pieces(text, start, end, level)
            for a, b in reversed(pieces):
                if b - a <= max_chars:
                    stack.append((a, b, 99))
                else:
                    stack.append((a, b, level + 1))
            continue
        if level == 99:
            out.append((start, end))
            continue
        # A "sentence" longer than max_chars: cut between words, or hard-cut a giant token.
        pos = start
        while pos < end:
            a, _ = _strip_span(text, pos, end)
            if a >= end:
                break
            limit = min(a + max_chars, end)
            if limit == end:
                cut = end
            else:
                cut = limit
                while cut > a and not text[cut].isspace():
                    cut -= 1
                if cut == a:
                    cut = limit  # one token longer than max_chars: no choice but to cut it
            a, b = _strip_span(text, a, cut)
            if a < b:
                out.append((a, b))
            pos = cut
    return out


def chunk(text: str, max_chars: int, overlap_chars: int = 200) -> list[Chunk]:
    """Split text into ordered chunks of at most max_chars on paragraph/sentence boundaries."""
    if max_chars < 1:
        raise ValueError("max_chars must be positive")
    # More overlap than half a chunk would make chunking crawl forward.
    overlap_chars = max(0, min(overlap_chars, max_chars // 2))
    units = _units(text, max_chars)
    if not units:
        return []
    starts: list[int] | None = None
    chunks: list[Chunk] = []
    i = 0
    cur = units[0][0]
    while True:
        end = units[i][1]
        j = i + 1
        while j < len(units) and units[j][1] - cur <= max_chars:
            end = units[j][1]
            j += 1
        chunks.append(Chunk(text[cur:end], cur, end))
        if j >= len(units):
            return chunks
        nxt = units[j][0]
        if overlap_chars:
            if starts is None:
                lines = (m.end() for m in _LINE_START.finditer(text))
                starts = sorted({*_sentence_starts(text), *lines})
            k = bisect.bisect_left(starts, max(end - overlap_chars, cur + 1))
            while k < len(starts) and starts[k] < end and units[j][1] - starts[k] > max_chars:
                k += 1
            if k < len(starts) and starts[k] < end:
                nxt = starts[k]
        cur = nxt
        i = j
