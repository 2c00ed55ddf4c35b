"""Hand-labelled fixtures: evals/fixtures/<id>/article.txt and gold.json (see its README)."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from summarizer.articles import read_article
from summarizer.errors import InputError


class FixtureError(InputError):
    """A fixture directory or one of its files is missing or malformed."""


class GoldValue(BaseModel):
    """A deal value as the gold records it."""

    amount: float
    currency: str


class GoldTransfer(BaseModel):
    """One arms transfer an analyst recorded."""

    supplier: str
    recipient: str
    system: str
    aliases: list[str] = Field(default_factory=list)
    category: str
    status: str
    quantity: int | None = None
    value: GoldValue | None = None
    year: int | None = None
    evidence: str


class Trap(BaseModel):
    """A record a careless summarizer would produce; status/value narrow it when given."""

    supplier: str
    recipient: str
    system: str
    why: str
    status: str | None = None
    value: GoldValue | None = None


class GoldEvent(BaseModel):
    """A bilateral event; date is null when the article gives none."""

    countries: tuple[str, str]
    date: str | None = None
    kind: str
    evidence: str


class Gold(BaseModel):
    """The contents of one gold.json."""

    model_config = ConfigDict(extra="ignore")

    id: str
    language: str
    published: str | None = None
    transfers: list[GoldTransfer] = Field(default_factory=list)
    traps: list[Trap] = Field(default_factory=list)
    pairs: list[tuple[str, str]] = Field(default_factory=list)
    events: list[GoldEvent] = Field(default_factory=list)
    key_facts: list[list[str]] = Field(default_factory=list)
    forbidden: list[list[str]] = Field(default_factory=list)
    notes: str = ""


class Fixture(BaseModel):
    """One labelled article: its id, where it lives, its text and its gold."""

    id: str
    path: str
    text: str
    gold: Gold


def load_fixture(directory: Path) -> Fixture:
    """Read <directory>/article.txt and gold.json."""
    article_path = directory / "article.txt"
    gold_path = directory / "gold.json"
    if not article_path.is_file() or not gold_path.is_file():
        raise FixtureError(f"{directory}: a fixture needs article.txt and gold.json")
    try:
        gold = Gold.model_validate(json.loads(gold_path.read_text(encoding="utf-8")))
    except (json.JSONDecodeError, ValidationError) as exc:
        first = str(exc).splitlines()[0]
        raise FixtureError(f"{gold_path}: not a valid gold file ({first})") from None
    text = read_article(str(article_path)).text
    return Fixture(id=directory.name, path=str(article_path), text=text, gold=gold)


def load_fixtures(directory: Path, only: list[str] | None = None) -> list[Fixture]:
    """Every fixture under directory (sorted by id), or just the ids in only."""
    if not directory.is_dir():
        raise FixtureError(
            f"No fixtures directory at {directory}: run from the repository root "
            "or pass --fixtures DIR"
        )
    known = sorted(p.name for p in directory.iterdir() if (p / "gold.json").is_file())
    if only:
        unknown = [i for i in only if i not in known]
        if unknown:
            raise FixtureError(
                f"Unknown fixture {', '.join(unknown)} in {directory}; known: {', '.join(known)}"
            )
        known = [i for i in known if i in set(only)]
    if not known:
        raise FixtureError(f"{directory}: no fixtures (directories with gold.json) found")
    return [load_fixture(directory / i) for i in known]
