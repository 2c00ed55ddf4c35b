"""Money and quantity parsing with local separators, multiplier words and currencies."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.normalize import Money, find_money, parse_money, parse_number

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("15 milyar dolar", 15e9, "USD"),
        ("15 milyar doları", 15e9, "USD"),
        ("15 milyar dolarlık", 15e9, "USD"),
        ("5 milyar ABD doları", 5e9, "USD"),
        ("1,5 Mrd. Euro", 1.5e9, "EUR"),
        ("1,5 Milliarden Euro", 1.5e9, "EUR"),
        ("6,6 milliards d'euros", 6.6e9, "EUR"),
        ("$436.1 million", 436.1e6, "USD"),
        ("436,1 млн долларов", 436.1e6, "USD"),
        ("2 млрд рублей", 2e9, "RUB"),
        ("10 тысяч долларов", 10e3, "USD"),
        ("US$ 1.2 billion", 1.2e9, "USD"),
        ("€300m", 300e6, "EUR"),
        ("300 millones de dólares", 300e6, "USD"),
        ("1.234.567 TL", 1234567.0, "TRY"),
        ("5 milyon lira", 5e6, "TRY"),
        ("200 milyon manat", 200e6, "AZN"),
        ("£2bn", 2e9, "GBP"),
        ("1,500 million dollars", 1.5e9, "USD"),
        ("3 000 000 евро", 3e6, "EUR"),
        ("2.500 Euro", 2500.0, "EUR"),
        ("USD 5 million", 5e6, "USD"),
        ("EUR 3,5 Mio.", 3.5e6, "EUR"),
        ("10 Canadian dollars", 10.0, "CAD"),
        ("100 $", 100.0, "USD"),
        ("1.5 milliard roubles", 1.5e9, "RUB"),
        ("5 млн гривен", 5e6, "UAH"),
        ("٥ مليار دولار", 5e9, "USD"),
    ],
)
def test_parse_money(text: str, amount: float, currency: str) -> None:
    money = parse_money(text)
    assert money is not None
    assert money.currency == currency
    assert money.amount == pytest.approx(amount)


@pytest.mark.parametrize(
    "text",
    ["they try 5 times", "30'dan fazla ülke", "2 млрд", "15 milyar", "3 % Wachstum", "", "5 mit"],
)
def test_parse_money_none(text: str) -> None:
    assert parse_money(text) is None


def test_find_money_offsets() -> None:
    text = "Der Deal (1,5 Mrd. Euro) und weitere $436.1 million sowie 15 milyar doları."
    found = find_money(text)
    assert [(m.money, m.surface) for m in found] == [
        (Money(amount=1.5e9, currency="EUR"), "1,5 Mrd. Euro"),
        (Money(amount=436.1e6, currency="USD"), "$436.1 million"),
        (Money(amount=15e9, currency="USD"), "15 milyar doları"),
    ]
    for m in found:
        assert text[m.start : m.end] == m.surface


def test_currency_codes_must_be_upper_case() -> None:
    assert parse_money("we try 5 rub") is None
    assert parse_money("5 RUB") == Money(amount=5.0, currency="RUB")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,5 Milliarden", 1.5e9),
        ("2.500", 2500.0),
        ("1 500", 1500.0),
        ("1,234", 1234.0),
        ("3,5", 3.5),
        ("1.5", 1.5),
        ("15", 15.0),
        ("iki", 2.0),
        ("zwei", 2.0),
        ("two", 2.0),
        ("два", 2.0),
        ("iki milyar", 2e9),
        ("2,5 milyon", 2.5e6),
        ("1.234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("about 40 tanks", 40.0),
    ],
)
def test_parse_number(text: str, expected: float) -> None:
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["dozens", "onlarca", "Dutzende", "несколько", "", "many"])
def test_parse_number_vague(text: str) -> None:
    assert parse_number(text) is None


def test_parse_number_decimal_hint() -> None:
    assert parse_number("1,500", decimal_comma=True) == pytest.approx(1.5)
    assert parse_number("1.500", decimal_comma=True) == pytest.approx(1500.0)


def test_seed_000_fifteen_billion_dollars() -> None:
    text = (SEEDS / "000_6ae452d73ffa087b.txt").read_text(encoding="utf-8")
    found = find_money(text)
    assert [m.money for m in found] == [Money(amount=15e9, currency="USD")] * 2
    assert {m.surface for m in found} == {"15 milyar doları"}
    for m in found:
        assert text[m.start : m.end] == m.surface


def test_seeds_without_money() -> None:
    for name in ("001_915c504d3d01d421.txt", "003_76069af4566144ff.txt"):
        assert find_money((SEEDS / name).read_text(encoding="utf-8")) == []
