"""Calendar dates written in news text (numeric or with month names) in several languages."""

from __future__ import annotations

import datetime
import re
from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from summarizer.normalize._text import TURKISH_SUFFIXES, fold, fold_with_offsets, source_span


class DateMention(BaseModel):
    """A date found in text; text[start:end] == surface; year_explicit is False if defaulted."""

    model_config = ConfigDict(frozen=True)

    date: datetime.date
    start: int
    end: int
    surface: str
    year_explicit: bool


# Month names per language, January first; several spellings separated by "|".
# Abbreviations are listed without their dot; the pattern accepts an optional one.
_MONTHS: dict[str, list[str]] = {
    "en": [
        "january|jan",
        "february|feb",
        "march|mar",
        "april|apr",
        "may",
        "june|jun",
        "july|jul",
        "august|aug",
        "september|sept|sep",
        "october|oct",
        "november|nov",
        "december|dec",
    ],
    "de": [
        "januar|jänner|jan",
        "februar|feber|feb",
        "märz|maerz|mär|mrz",
        "april|apr",
        "mai",
        "juni|jun",
        "juli|jul",
        "august|aug",
        "september|sept|sep",
        "oktober|okt",
        "november|nov",
        "dezember|dez",
    ],
    "tr": [
        "ocak",
        "şubat",
        "mart",
        "nisan",
        "mayıs",
        "haziran",
        "temmuz",
        "ağustos",
        "eylül",
        "ekim",
        "kasım",
        "aralık",
    ],
    "az": [
        "yanvar",
        "fevral",
        "mart",
        "aprel",
        "may",
        "iyun|iyn",
        "iyul|iyl",
        "avqust",
        "sentyabr",
        "oktyabr",
        "noyabr",
        "dekabr",
    ],
    "ru": [
        "января|январь|янв|январе",
        "февраля|февраль|фев|февр|феврале",
        "марта|март|мар|марте",
        "апреля|апрель|апр|апреле",
        "мая|май|мае",
        "июня|июнь|июн|июне",
        "июля|июль|июл|июле",
        "августа|август|авг|августе",
        "сентября|сентябрь|сен|сент|сентябре",
        "октября|октябрь|окт|октябре",
        "ноября|ноябрь|ноя|нояб|ноябре",
        "декабря|декабрь|дек|декабре",
    ],
    "fr": [
        "janvier|janv",
        "février|févr",
        "mars",
        "avril|avr",
        "mai",
        "juin",
        "juillet|juil",
        "août",
        "septembre|sept",
        "octobre|oct",
        "novembre|nov",
        "décembre|déc",
    ],
    "es": [
        "enero|ene",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre|setiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
    "ar": [
        "يناير|كانون الثاني",
        "فبراير|شباط",
        "مارس|آذار",
        "أبريل|ابريل|نيسان",
        "مايو|أيار",
        "يونيو|يونيه|حزيران",
        "يوليو|يوليه|تموز",
        "أغسطس|آب",
        "سبتمبر|أيلول",
        "أكتوبر|تشرين الأول",
        "نوفمبر|تشرين الثاني",
        "ديسمبر|كانون الأول",
    ],
}
# Languages whose month names take agglutinated suffixes ("Şubat'ta", "martda", "yanvarın").
_SUFFIXING = ("tr", "az")
# Short abbreviations that are ordinary words elsewhere; accepted only as month with a dot
# or in the day-month-year shape, never in "Month day" order.
_EN_ONLY = "en"


@lru_cache(maxsize=1)
def _month_tables() -> tuple[dict[str, int], frozenset[str], frozenset[str]]:
    months: dict[str, int] = {}
    suffixing: set[str] = set()
    english: set[str] = set()
    for lang, names in _MONTHS.items():
        for number, spellings in enumerate(names, start=1):
            for spelling in spellings.split("|"):
                key = fold(spelling)
                if months.setdefault(key, number) != number:
                    raise ValueError(f"month name {spelling!r} is ambiguous")
                if lang in _SUFFIXING:
                    suffixing.add(key)
                if lang == _EN_ONLY:
                    english.add(key)
    return months, frozenset(suffixing), frozenset(english)


_DAY_SUFFIX = r"(?:\.|st|nd|rd|th|er|eme|º|°|-?го|-?е|-?ci|-?cu|-?ncı|-?nci|-?inci|-?ıncı)?"


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    months, _, _ = _month_tables()
    alternation = "|".join(re.escape(m) for m in sorted(months, key=len, reverse=True))
    month = rf"(?P<month>{alternation})(?P<msuf>'?[^\W\d_]*)(?P<dot>\.)?"
    year = r"(?P<year>\d{4})(?!\d)"
    return {
        "iso": re.compile(r"(?<![\d.])(?P<year>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d])"),
        "numeric": re.compile(
            r"(?<![\d.,/])(?P<d>\d{1,2})(?P<sep>[./-])(?P<m>\d{1,2})(?P=sep)"
            r"(?P<year>\d{4}|\d{2})(?![\d]|[.,]\d)"
        ),
        "dmy": re.compile(
            rf"(?<![\d.,])(?P<d>\d{{1,2}}){_DAY_SUFFIX}(?:\s*(?:de|del|of)\s+|\s*-?\s*)"
            rf"{month}(?:,?\s*(?:de\s+|del\s+|of\s+)?{year})?"
        ),
        "mdy": re.compile(
            rf"(?<![^\W\d_]){month}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?![\d:.]\d)"
            rf"(?:,?\s+{year})?"
        ),
        "month": re.compile(rf"(?<![^\W\d_]){month}(?:\s+(?:de\s+)?{year})?"),
    }


def _month_from(m: re.Match[str], *, allow_suffix: bool = True) -> int | None:
    months, suffixing, _ = _month_tables()
    name = m.group("month")
    suffix = m.group("msuf").lstrip("'")
    # Letters glued to a month name only count as Turkish/Azerbaijani case suffixes,
    # so "Mayıs'ta" is May but "marsh" or "maybe" is nothing.
    if suffix and (not allow_suffix or name not in suffixing or suffix not in TURKISH_SUFFIXES):
        return None
    return months[name]


def _year(raw: str | None, default_year: int | None) -> tuple[int | None, bool]:
    if raw is None:
        return default_year, False
    y = int(raw)
    if len(raw) == 2:
        y += 2000 if y < 70 else 1900
    return y, True


def _make(year: int | None, month: int, day: int) -> datetime.date | None:
    if year is None or not 1 <= month <= 12:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _us_order(language: str | None) -> bool:
    return bool(language) and fold(language or "").replace("_", "-") in {"en-us", "us"}


# Levantine Arabic month names, written before the Egyptian ones with a slash.
_LEVANTINE_MONTHS = (
    "كانون الثاني",
    "شباط",
    "آذار",
    "نيسان",
    "أيار",
    "حزيران",
    "تموز",
    "آب",
    "أيلول",
    "تشرين الأول",
    "تشرين الثاني",
    "كانون الأول",
)
_LEVANTINE = re.compile(
    "(?:"
    + "|".join(re.escape(fold(n)) for n in sorted(_LEVANTINE_MONTHS, key=len, reverse=True))
    + r")\s*/\s*(?=\S)"
)


def find_dates(
    text: str, default_year: int | None = None, *, language: str | None = None
) -> list[DateMention]:
    """Find all day-precise dates in text; yearless ones only when default_year is given."""
    folded, offsets = fold_with_offsets(text)
    # "4 آذار/مارس 2025": Levantine month name, then the Egyptian one; read the second.
    folded = _LEVANTINE.sub(lambda m: " " * len(m.group()), folded)
    patterns = _patterns()
    _, _, english = _month_tables()
    found: list[tuple[int, int, datetime.date, bool]] = []
    taken: list[tuple[int, int]] = []

    def overlaps(s: int, e: int) -> bool:
        return any(s < te and ts < e for ts, te in taken)

    def add(s: int, e: int, value: datetime.date | None, explicit: bool) -> None:
        if value is None or overlaps(s, e):
            return
        taken.append((s, e))
        found.append((s, e, value, explicit))

    for m in patterns["iso"].finditer(folded):
        add(m.start(), m.end(), _make(int(m["year"]), int(m["m"]), int(m["d"])), True)
    for m in patterns["numeric"].finditer(folded):
        a, b = int(m["d"]), int(m["m"])
        if m["sep"] == "/" and (b > 12 or (_us_order(language) and a <= 12)):
            a, b = b, a
        y, _ = _year(m["year"], None)
        add(m.start(), m.end(), _make(y, b, a), True)
    for m in patterns["dmy"].finditer(folded):
        month = _month_from(m)
        if month is None:
            continue
        has_year = m["year"] is not None and 1900 <= int(m["year"]) <= 2100
        y, explicit = _year(m["year"] if has_year else None, default_year)
        end = m.end() if has_year else (m.end("dot") if m["dot"] else m.end("msuf"))
        add(m.start(), end, _make(y, month, int(m["d"])), explicit)
    for m in patterns["mdy"].finditer(folded):
        # "Month day" order is English usage; elsewhere it is usually "Mart 2025" or a count.
        if m["month"] not in english or m["msuf"]:
            continue
        month = _month_from(m, allow_suffix=False)
        if month is None:
            continue
        y, explicit = _year(m["year"], default_year)
        add(m.start(), m.end(), _make(y, month, int(m["d"])), explicit)

    found.sort(key=lambda f: f[0])
    out = []
    for s, e, value, explicit in found:
        start, end = source_span(offsets, s, e)
        out.append(
            DateMention(
                date=value, start=start, end=end, surface=text[start:end], year_explicit=explicit
            )
        )
    return out


def has_impossible_date(text: str) -> bool:
    """The text names a day its month does not have ("31 February 2026", "30 Şubat")."""
    folded = _LEVANTINE.sub(lambda m: " " * len(m.group()), fold(text))
    for m in _patterns()["dmy"].finditer(folded):
        month = _month_from(m)
        if month is not None and _make(2000, month, int(m["d"])) is None:
            return True  # 2000 is a leap year: 29 February is possible
    return False


def parse_date(
    text: str, *, default_year: int | None = None, language: str | None = None
) -> datetime.date | None:
    """Parse the first day-precise date in text; None if there is none (or no year to use)."""
    found = find_dates(text, default_year, language=language)
    return found[0].date if found else None


def parse_month(text: str, *, default_year: int | None = None) -> tuple[int | None, int] | None:
    """Parse the first month name in text as (year or default_year, month); None if absent."""
    for m in _patterns()["month"].finditer(fold(text)):
        month = _month_from(m)
        if month is None:
            continue
        raw = m["year"] if m["year"] and 1900 <= int(m["year"]) <= 2100 else None
        year, _ = _year(raw, default_year)
        return year, month
    return None
