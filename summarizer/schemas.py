"""The output contract: pydantic models for what the summarizer produces (see DESIGN.md)."""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

RECITAL_WORDS = 8
SCHEMA_VERSION = 2
_WORDS = re.compile(r"\w+")


def shares_run(text: str, source: str, n: int) -> bool:
    """Whether text contains a run of n consecutive words of source (case-insensitive)."""
    words = _WORDS.findall(source.lower())
    runs = {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}
    found = _WORDS.findall(text.lower())
    return any(tuple(found[i : i + n]) in runs for i in range(len(found) - n + 1))


class KeyPoint(BaseModel):
    """One key point: an article sentence in English, with the sentence it translates."""

    text: str = Field(min_length=1, max_length=500)
    evidence: str = Field(min_length=1, max_length=2000)
    evidence_start: int = Field(ge=0)
    evidence_end: int = Field(ge=0)


class Brief(BaseModel):
    """An English brief of one article, built from verified translations of its sentences.

    `key_points` are the English texts (contract since schema 1); `points` (schema 2) carry
    each point's evidence: the article sentence it translates, verbatim, with its offsets.
    """

    model_config = ConfigDict(json_schema_extra={"title": "Brief"})

    headline: str = Field(min_length=5, max_length=200, description="English headline")
    summary: str = Field(
        min_length=5, max_length=700, description="the first verified points, as prose"
    )
    key_points: list[str] = Field(
        min_length=1,
        max_length=12,
        description="English facts, each the translation of one sentence",
    )
    points: list[KeyPoint] = Field(
        default_factory=list, max_length=12, description="key points with their evidence"
    )

    @field_validator("summary")
    @classmethod
    def _stripped(cls, summary: str) -> str:
        # Its language is judged line by line when the brief is made (briefs.point_problem).
        return summary.strip()

    @field_validator("key_points")
    @classmethod
    def _bounded_points(cls, points: list[str]) -> list[str]:
        cleaned = [p.strip() for p in points if p.strip()]
        if not cleaned:
            raise ValueError("key_points must hold at least one non-empty fact")
        if any(len(p) > 500 for p in cleaned):
            raise ValueError("each key point must be under 500 characters")
        return cleaned


class Status(StrEnum):
    """Where a transfer stands (closed set, DESIGN.md)."""

    proposed = "proposed"
    negotiating = "negotiating"
    agreed = "agreed"
    delivered = "delivered"
    deployed = "deployed"
    cancelled = "cancelled"


class Category(StrEnum):
    """What kind of weapon system."""

    aircraft = "aircraft"
    helicopter = "helicopter"
    air_defence = "air_defence"
    missile = "missile"
    drone = "drone"
    armoured_vehicle = "armoured_vehicle"
    artillery = "artillery"
    naval = "naval"
    small_arms = "small_arms"
    electronic = "electronic"
    munitions = "munitions"
    other = "other"


class EventKind(StrEnum):
    """What kind of bilateral event (after PLOVER/CAMEO, coarser)."""

    visit = "visit"
    call = "call"
    talks = "talks"
    meeting = "meeting"
    agreement = "agreement"
    statement = "statement"
    exercise = "exercise"
    delivery = "delivery"
    sanction = "sanction"
    other = "other"


class Tone(StrEnum):
    """The overall tone of a relationship as the article presents it."""

    cooperative = "cooperative"
    neutral = "neutral"
    mixed = "mixed"
    tense = "tense"
    hostile = "hostile"


class CountryRef(BaseModel):
    """A country: ISO 3166-1 alpha-2 code and English name."""

    code: str = Field(pattern=r"^[A-Z]{2}$")
    name: str = Field(min_length=2, max_length=60)


class Value(BaseModel):
    """An amount of money in an ISO 4217 currency."""

    amount: float = Field(ge=0)
    currency: str = Field(pattern=r"^[A-Z]{3}$")


class SystemRecord(BaseModel):
    """One weapon system in a transfer."""

    designation: str = Field(min_length=1, max_length=80)
    category: Category
    quantity: int | None = Field(default=None, ge=1)


class Grounded(BaseModel):
    """A verbatim quote of the article (original language) and where it stands in the text."""

    evidence: str = Field(min_length=1, max_length=2000)
    evidence_start: int = Field(ge=0)
    evidence_end: int = Field(ge=0)


class Transfer(Grounded):
    """Who supplies what to whom, in what status."""

    supplier: CountryRef
    recipient: CountryRef
    systems: list[SystemRecord] = Field(min_length=1, max_length=12)
    status: Status
    value: Value | None = None
    year: int | None = Field(default=None, ge=1900, le=2100)
    corrections: list[str] = Field(
        default_factory=list, description="what code changed in the model's record, and why"
    )
    status_by: str = Field(
        default="model", description="'cue' when a word of the sentence decided the status"
    )


class Event(Grounded):
    """A dated event between two countries."""

    date: str | None = Field(
        default=None,
        pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$",
        description="ISO 8601 date, or year-month",
    )
    kind: EventKind
    summary: str = Field(min_length=3, max_length=600)
    summary_by: str = Field(
        default="translation",
        description="'translation': the sentence's verified English; 'code': made in code",
    )


class Figure(Grounded):
    """A number the article gives about a relationship (trade volume, tourists, exports)."""

    label: str = Field(min_length=2, max_length=120)
    amount: float
    unit: str = Field(max_length=20, description="ISO currency code, or a unit such as 'people'")
    year: int | None = Field(default=None, ge=1900, le=2100)


class Relation(BaseModel):
    """What an article says about one pair of countries."""

    countries: list[CountryRef] = Field(min_length=2, max_length=2)
    events: list[Event] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    topics: list[Annotated[str, Field(max_length=80)]] = Field(default_factory=list, max_length=10)
    tone: Tone = Tone.neutral


class Source(BaseModel):
    """Where an article came from and what it is."""

    path: str
    sha256: str
    language: str = Field(description="ISO 639-1 code detected in code, 'und' if unknown")
    title: str | None = None
    published: dt.date | None = None
    encoding: str | None = None
    chars: int = 0


class CallStats(BaseModel):
    """Accounting for one schema-constrained model call, re-asks included."""

    task: str
    attempts: int = 1
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0
    seconds: float = 0.0


class Meta(BaseModel):
    """How a summary was made: model, prompt version, tokens, time, attempts."""

    model: str
    prompt_version: str
    tokens: dict[str, int] = Field(default_factory=dict)
    seconds: float = 0.0
    attempts: int = 0
    calls: list[CallStats] = Field(default_factory=list)
    chunks: int = 1
    dropped: dict[str, int] = Field(
        default_factory=dict, description="records dropped as unsupported by the text, per task"
    )
    warnings: list[str] = Field(default_factory=list)
    failed: list[str] = Field(
        default_factory=list,
        description="parts that failed (brief, transfers, relations): absent, never empty",
    )
    schema_version: int = Field(default=SCHEMA_VERSION, description="2: key points with evidence")


class Summary(BaseModel):
    """Everything produced for one article; the JSON contract of DESIGN.md."""

    source: Source
    brief: Brief | None = None
    arms_transfers: list[Transfer] | None = None
    relations: list[Relation] | None = None
    meta: Meta

    def to_json(self, *, indent: int | None = None) -> str:
        """The contract JSON: tasks not run are left out, every other field kept (nulls too)."""
        skip = {k for k in ("brief", "arms_transfers", "relations") if getattr(self, k) is None}
        return self.model_dump_json(indent=indent, exclude=skip)
