"""Deterministic normalisers for countries, dates, money and weapon systems in news text."""

from summarizer.normalize.countries import (
    Country,
    CountryMention,
    country_by_code,
    find_countries,
    resolve_country,
)
from summarizer.normalize.dates import DateMention, find_dates, parse_date, parse_month
from summarizer.normalize.direction import Role, RoleHint, direction_hints, orient
from summarizer.normalize.generic import GenericMention, find_generic_weapons, resolve_generic
from summarizer.normalize.money import Money, MoneyMention, find_money, parse_money, parse_number
from summarizer.normalize.status_cues import Status, StatusCue, dominant_status, find_status_cues
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
    "GenericMention",
    "Money",
    "MoneyMention",
    "Role",
    "RoleHint",
    "Status",
    "StatusCue",
    "System",
    "SystemMention",
    "all_systems",
    "article_names_system",
    "country_by_code",
    "direction_hints",
    "dominant_status",
    "find_countries",
    "find_dates",
    "find_designations",
    "find_generic_weapons",
    "find_money",
    "find_status_cues",
    "find_systems",
    "orient",
    "parse_date",
    "parse_money",
    "parse_month",
    "parse_number",
    "resolve_country",
    "resolve_generic",
    "resolve_system",
]
