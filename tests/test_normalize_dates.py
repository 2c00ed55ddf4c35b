"""Date parsing and scanning: numeric forms and month names in eight languages."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from summarizer.normalize import find_dates, parse_date, parse_month

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
D = datetime.date


@pytest.mark.parametrize(
    ("text", "default_year", "expected"),
    [
        ("30.01.2026", None, D(2026, 1, 30)),
        ("2026-01-30", None, D(2026, 1, 30)),
        ("22:43 30.01.2026", None, D(2026, 1, 30)),
        ("30.01.26", None, D(2026, 1, 30)),
        ("17 Juli 2020", None, D(2020, 7, 17)),
        ("17. Juli", 2020, D(2020, 7, 17)),
        ("am Donnerstag, dem 16. Juli", 2020, D(2020, 7, 16)),
        ("Am 2. April brachte der Präsident", 2024, D(2024, 4, 2)),
        ("27 ŞUBAT", 2025, D(2025, 2, 27)),
        ("27 Şubat 2025", None, D(2025, 2, 27)),
        ("30 NİSAN 2024", None, D(2024, 4, 30)),
        ("3 Mart'ta", 2025, D(2025, 3, 3)),
        ("15 Mayıs'ta", 2025, D(2025, 5, 15)),
        ("12 Aralık 2024 tarihinde", None, D(2024, 12, 12)),
        ("2 avril", 2024, D(2024, 4, 2)),
        ("2 avril 2024", None, D(2024, 4, 2)),
        ("1er avril 2024", None, D(2024, 4, 1)),
        ("5 марта 2025 года", None, D(2025, 3, 5)),
        ("March 5, 2025", None, D(2025, 3, 5)),
        ("Dec. 31, 2025", None, D(2025, 12, 31)),
        ("5 March 2025", None, D(2025, 3, 5)),
        ("15 de marzo de 2025", None, D(2025, 3, 15)),
        ("5 yanvar 2025", None, D(2025, 1, 5)),
        ("12 İYUL 2024", None, D(2024, 7, 12)),
        ("3 avqust 2023-cü il", None, D(2023, 8, 3)),
        ("20 sentyabr", 2023, D(2023, 9, 20)),
        ("5 مارس 2025", None, D(2025, 3, 5)),
        ("١٥ يناير ٢٠٢٤", None, D(2024, 1, 15)),
        ("10 تشرين الأول 2023", None, D(2023, 10, 10)),
    ],
)
def test_parse_date(text: str, default_year: int | None, expected: datetime.date) -> None:
    assert parse_date(text, default_year=default_year) == expected


@pytest.mark.parametrize(
    "text",
    ["17. Juli", "mart ayında", "15 milyar dolar", "March 2025", "31.02.2025", "2026-2028", ""],
)
def test_parse_date_none(text: str) -> None:
    assert parse_date(text) is None


def test_slash_order_follows_language() -> None:
    assert parse_date("03/04/2025") == D(2025, 4, 3)
    assert parse_date("03/04/2025", language="en-US") == D(2025, 3, 4)
    assert parse_date("13/04/2025", language="en-US") == D(2025, 4, 13)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mart ayında", (None, 3)),
        ("März 2025", (2025, 3)),
        ("im Februar", (None, 2)),
        ("в декабре", (None, 12)),
        ("Ekim 2024'te", (2024, 10)),
        ("no month here", None),
    ],
)
def test_parse_month(text: str, expected: tuple[int | None, int] | None) -> None:
    assert parse_month(text) == expected


def test_find_dates_offsets_and_year_flag() -> None:
    text = "Am 17. Juli, also 17 Juli 2020, und am 30.01.2026 um 22:43."
    found = find_dates(text, default_year=2021)
    assert [(m.date, m.surface, m.year_explicit) for m in found] == [
        (D(2021, 7, 17), "17. Juli", False),
        (D(2020, 7, 17), "17 Juli 2020", True),
        (D(2026, 1, 30), "30.01.2026", True),
    ]
    for m in found:
        assert text[m.start : m.end] == m.surface


def test_find_dates_skips_yearless_without_default() -> None:
    assert [m.surface for m in find_dates("17. Juli und 17 Juli 2020")] == ["17 Juli 2020"]


def test_no_dates_in_quantities() -> None:
    assert find_dates("15 milyar dolar, 30'dan fazla ülke, 2026-2028 dönemi, 3 % Wachstum") == []


def test_seed_000_finds_2026_01_30() -> None:
    text = (SEEDS / "000_6ae452d73ffa087b.txt").read_text(encoding="utf-8")
    found = find_dates(text)
    assert [(m.date, m.surface) for m in found] == [
        (D(2026, 1, 30), "2026-01-30"),
        (D(2026, 1, 30), "30.01.2026"),
    ]
    for m in found:
        assert text[m.start : m.end] == m.surface


def test_seed_002_turkish_month_names() -> None:
    text = (SEEDS / "002_41edd80deb4bf2e6.txt").read_text(encoding="utf-8")
    found = find_dates(text, default_year=2025)
    assert found[0].date == D(2025, 12, 31)
    assert (D(2025, 5, 16), "16 Mayıs'ta") in [(m.date, m.surface) for m in found]
    assert (D(2025, 6, 2), "2 Haziran'da") in [(m.date, m.surface) for m in found]


def test_seed_003_german_comment_dates() -> None:
    text = (SEEDS / "003_76069af4566144ff.txt").read_text(encoding="utf-8")
    dates = [m.date for m in find_dates(text, default_year=2020)]
    assert dates == [D(2020, 7, 17), D(2020, 7, 16), D(2020, 7, 17), D(2020, 7, 17)]
