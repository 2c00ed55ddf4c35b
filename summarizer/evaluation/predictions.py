"""Saved predictions: one <id>.json Summary per fixture, read leniently so bad ones still score."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from summarizer.evaluation.gold import Fixture, FixtureError
from summarizer.evaluation.metrics import Prediction
from summarizer.schemas import Brief, Meta, Relation, Source, Summary, Transfer


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"]) or "(top level)"
    return f"{where}: {err['msg']}"


def _valid_items(raw: Any, model: type[BaseModel]) -> list[Any] | None:
    if not isinstance(raw, list):
        return None
    out = []
    for item in raw:
        try:
            out.append(model.model_validate(item))
        except ValidationError:
            continue
    return out


def _lenient_brief(raw: Any) -> Brief | None:
    """The brief even if a validator refused it (e.g. not English), so it can still be scored."""
    try:
        return Brief.model_validate(raw)
    except ValidationError:
        pass
    if not isinstance(raw, dict):
        return None
    head, summary, points = raw.get("headline"), raw.get("summary"), raw.get("key_points")
    if not (isinstance(head, str) and isinstance(summary, str) and isinstance(points, list)):
        return None
    return Brief.model_construct(
        headline=head, summary=summary, key_points=[p for p in points if isinstance(p, str)]
    )


def salvage(raw: Any, fixture_id: str) -> Summary | None:
    """What can be scored from JSON that is not a valid Summary: each valid part on its own."""
    if not isinstance(raw, dict):
        return None
    try:
        source = Source.model_validate(raw.get("source"))
    except ValidationError:
        source = Source(path=fixture_id, sha256="", language="und")
    try:
        meta = Meta.model_validate(raw.get("meta"))
    except ValidationError:
        meta = Meta(model="unknown", prompt_version="unknown")
    return Summary.model_construct(
        source=source,
        brief=_lenient_brief(raw.get("brief")),
        arms_transfers=_valid_items(raw.get("arms_transfers"), Transfer),
        relations=_valid_items(raw.get("relations"), Relation),
        meta=meta,
    )


def read_prediction(path: Path, fixture_id: str) -> Prediction:
    """One saved prediction; a missing, broken or invalid file becomes a recorded error."""
    if not path.is_file():
        return Prediction(id=fixture_id, error=f"{path}: no prediction file", schema_valid=False)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return Prediction(id=fixture_id, error=f"{path}: not JSON ({exc})", schema_valid=False)
    try:
        return Prediction(id=fixture_id, summary=Summary.model_validate(raw))
    except ValidationError as exc:
        return Prediction(
            id=fixture_id,
            summary=salvage(raw, fixture_id),
            error=f"{path}: not a valid Summary ({_first_error(exc)})",
            schema_valid=False,
        )


def load_predictions(directory: Path, fixtures: list[Fixture]) -> list[Prediction]:
    """The saved prediction <directory>/<id>.json of every fixture."""
    if not directory.is_dir():
        raise FixtureError(f"No predictions directory at {directory}: pass --predictions DIR")
    return [read_prediction(directory / f"{f.id}.json", f.id) for f in fixtures]


def save_predictions(predictions: list[Prediction], directory: Path) -> list[Path]:
    """Write each prediction's Summary as <directory>/<id>.json (the --predictions format)."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for p in predictions:
        if p.summary is None:
            continue
        target = directory / f"{p.id}.json"
        body = p.summary.model_dump_json(indent=2, exclude_none=True, warnings=False)
        target.write_text(body + "\n", encoding="utf-8")
        written.append(target)
    return written
