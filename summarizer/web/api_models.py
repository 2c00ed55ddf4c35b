"""The API's request and response models: what /openapi.json documents."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, model_validator

from summarizer.schemas import Status, Summary
from summarizer.web.jobs import JobStatus


class ErrorBody(BaseModel):
    """What every error answers."""

    error: str


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody, "description": text}
    for code, text in ((404, "not found"), (422, "bad parameters"), (503, "store unusable"))
}


class Country(BaseModel):
    code: str
    name: str


class ArticleItem(BaseModel):
    """One article as listed; counts are null when its summary has no such part."""

    id: int
    title: str | None
    language: str | None
    date: str
    source: str = Field(description="the page address, the file name, or 'posted'")
    url: str | None = Field(description="where it was fetched from (http/https), if anywhere")
    transfers: int | None
    relations: int | None
    countries: list[str]
    link: str


class ArticlePage(BaseModel):
    items: list[ArticleItem]
    total: int
    limit: int
    offset: int
    next: str | None


class ArticleDetail(ArticleItem):
    """One article: its text as read and its newest summary (the JSON contract)."""

    text: str
    summary: Summary | None


class TransferItem(BaseModel):
    article_id: int
    article: str
    article_title: str | None
    date: str
    supplier: Country
    recipient: Country
    systems: list[str]
    status: Status
    evidence: str
    evidence_start: int
    evidence_end: int


class TransferPage(BaseModel):
    items: list[TransferItem]
    total: int
    limit: int
    offset: int
    next: str | None


class StepItem(BaseModel):
    status: str
    date: str
    article_id: int


class DealItem(BaseModel):
    """Records of one supplier, recipient and system across articles: one deal."""

    supplier: Country
    recipient: Country
    system: str
    status: str
    history: list[StepItem]
    articles: list[int]


class DealPage(BaseModel):
    items: list[DealItem]
    total: int
    limit: int
    offset: int
    next: str | None


class FlowItem(BaseModel):
    supplier: Country
    recipient: Country
    status: str
    deals: int


class PairItem(BaseModel):
    a: str
    b: str
    articles: int
    link: str


class PairEventItem(BaseModel):
    article_id: int
    date: str | None
    kind: str
    summary: str
    evidence: str


class PairFigureItem(BaseModel):
    article_id: int
    label: str
    amount: float
    unit: str
    year: int | None = None
    evidence: str


class RelationView(BaseModel):
    """Two countries across the store: dated events first, then figures and tones."""

    a: Country
    b: Country
    articles: list[int]
    tones: list[str]
    events: list[PairEventItem]
    figures: list[PairFigureItem]


class ArticleIn(BaseModel):
    """An article to summarise: its text, or the address of its page (one of the two)."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(default=None, min_length=1)
    url: str | None = Field(default=None, min_length=1, max_length=2000)

    @model_validator(mode="after")
    def _one_of(self) -> ArticleIn:
        if (self.text is None) == (self.url is None):
            raise ValueError("give exactly one of text and url")
        if self.url is not None:
            parts = urlsplit(self.url.strip())
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise ValueError("url must be an http:// or https:// address")
        return self


class JobView(BaseModel):
    """A POSTed article: queued, running, done (article_id set) or failed (error set)."""

    id: int
    status: JobStatus
    url: str
    article_id: int | None
    article: str | None
    error: str | None
    warning: str | None = Field(description="a part of the summary failed: kept, retried")
    cached: bool = Field(description="answered from the store, no model call")
    created: str
    finished: str | None
