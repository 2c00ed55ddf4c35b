"""The output contract: pydantic models for what the summarizer produces (see DESIGN.md)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from summarizer.prepare import detect_language, language_name


class Brief(BaseModel):
    """An English brief of one article, bounded so a small model cannot ramble."""

    model_config = ConfigDict(json_schema_extra={"title": "Brief"})

    headline: str = Field(
        min_length=5, max_length=160, description="English headline: who did what, 6-16 words"
    )
    summary: str = Field(
        min_length=20,
        max_length=600,
        description="2-4 English sentences with the key names, numbers and dates",
    )
    key_points: list[str] = Field(
        min_length=1,
        max_length=6,
        description="1-6 short English facts from the article, each with its name, number or date",
    )

    @field_validator("key_points")
    @classmethod
    def _bounded_points(cls, points: list[str]) -> list[str]:
        cleaned = [p.strip() for p in points if p.strip()]
        if not cleaned:
            raise ValueError("key_points must hold at least one non-empty fact")
        if any(len(p) > 240 for p in cleaned):
            raise ValueError("each key point must be under 240 characters")
        return cleaned

    @field_validator("summary")
    @classmethod
    def _english(cls, summary: str) -> str:
        lang = detect_language(summary)
        if lang not in ("en", "und"):
            raise ValueError(
                f"the summary is written in {language_name(lang)}, not English; "
                "translate every sentence into English, keeping names and numbers"
            )
        return summary.strip()

    @model_validator(mode="after")
    def _carries_key_names(self, info: ValidationInfo) -> Brief:
        from summarizer.hints import missing_names

        names = (info.context or {}).get("must_mention") or []
        text = " ".join([self.headline, self.summary, *self.key_points])
        missing = missing_names(text, names)
        if missing:
            raise ValueError(
                f"the brief leaves out {', '.join(missing)}, which the article names; "
                "mention each of them in the summary"
            )
        return self


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
    warnings: list[str] = Field(default_factory=list)


class Summary(BaseModel):
    """Everything produced for one article; the JSON contract of DESIGN.md."""

    source: Source
    brief: Brief | None = None
    meta: Meta
