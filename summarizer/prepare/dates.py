"""Dates in article headers: bare datelines and the publication date of a page."""

from __future__ import annotations

import datetime
import re

from summarizer.prepare.text import _words

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
# Each date shape with the group numbers of its year, month and day, and whether the month is
# a name. Numeric dates are day first: the sources are European or Turkish.
_DATE_SHAPES: tuple[tuple[re.Pattern[str], int, int, int, bool], ...] = (
    (_ISO_DATE, 1, 2, 3, False),
    (_DMY_DATE, 3, 2, 1, False),
    (_NAMED_DMY, 3, 2, 1, True),
    (_NAMED_MDY, 3, 1, 2, True),
)
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
    for pattern, year, month, day, named in _DATE_SHAPES:
        # The first valid date of each shape; the earliest of those wins.
        for m in pattern.finditer(line):
            month_value = _MONTHS.get(m[month].casefold()) if named else m[month]
            d = _make_date(m[year], month_value, m[day]) if month_value else None
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
