"""Deterministic normalisers for countries, dates, money and weapon systems in news text."""

from summarizer.normalize.countries import (
    Country,
    CountryMention,
    country_by_code,
    find_countries,
    resolve_country,
)
from summarizer.normalize.dates import DateMention, find_dates, parse_date, parse_month
from summarizer.normalize.money import Money, MoneyMention, find_money, parse_money, parse_number
from summarizer.normalize.systems import (
    Category,
    DesignationMention,
    System,
    SystemMention,
    all_systems,
    article_names_system,
    find_designations,
    find_systems,
    resolve_system,
)

__all__ = [
    "Category",
    "Country",
    "CountryMention",
    "DateMention",
    "DesignationMention",
    "Money",
    "MoneyMention",
    "System",
    "SystemMention",
    "all_systems",
    "article_names_system",
    "country_by_code",
    "find_countries",
    "find_dates",
    "find_designations",
    "find_money",
    "find_systems",
    "parse_date",
    "parse_money",
    "parse_month",
    "parse_number",
    "resolve_country",
    "resolve_system",
]
