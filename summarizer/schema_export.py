"""JSON Schemas of the output contract and the model-facing drafts, as exported to schemas/."""

from __future__ import annotations

from typing import Any

from summarizer.drafts import TransfersDraft
from summarizer.schemas import Brief, Summary


def all_schemas() -> dict[str, dict[str, Any]]:
    """Name → JSON Schema, for every model the project exports."""
    return {
        "summary": Summary.model_json_schema(),
        "brief": Brief.model_json_schema(),
        "transfers_draft": TransfersDraft.model_json_schema(),
    }
