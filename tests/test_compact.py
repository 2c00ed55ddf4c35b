"""Compact JSON for the embedded server: json_schema response formats become llguidance
grammars in the HTTP transport (summarizer/llm/compact.py)."""

from __future__ import annotations

import json
from typing import Any

import httpx

from summarizer.drafts import TransfersDraft, translation_draft
from summarizer.llm.compact import CompactJSONTransport, compact_grammar, rewrite_body
from tests.servers import Reply, chat_server

HEAD = "%llguidance {}\nstart: %json "


def grammar_schema(grammar: str) -> dict[str, Any]:
    """The JSON schema inside a compact grammar."""
    assert grammar.startswith(HEAD), grammar[:40]
    return json.loads(grammar[len(HEAD) :])


def chat_body(schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "model": "local",
        "messages": [{"role": "user", "content": "Übersetze: „Zoltan“"}],
        "max_tokens": 100,
        "response_format": {
            "type": "json_schema",
            "json_schema": {"name": "TranslationDraft", "schema": schema},
        },
    }


def test_the_grammar_is_the_schema_without_free_whitespace_and_with_closed_objects() -> None:
    schema = translation_draft(3).model_json_schema()
    inner = grammar_schema(compact_grammar(schema))
    assert inner["x-guidance"]["whitespace_flexible"] is False
    # llguidance allows extra keys unless told not to: every object is closed, nested ones too.
    assert inner["additionalProperties"] is False
    assert inner["$defs"]["LineDraft"]["additionalProperties"] is False
    # Everything else is the schema as pydantic wrote it.
    rest = {k: v for k, v in inner.items() if k not in ("x-guidance", "additionalProperties")}
    line = {k: v for k, v in rest["$defs"]["LineDraft"].items() if k != "additionalProperties"}
    assert line == schema["$defs"]["LineDraft"]
    assert rest["properties"] == schema["properties"]
    assert (
        rest["properties"]["english"]["minItems"],
        rest["properties"]["english"]["maxItems"],
    ) == (
        3,
        3,
    )
    assert schema.get("additionalProperties") is None  # the caller's schema is not changed


def test_every_object_of_a_nested_draft_is_closed() -> None:
    inner = grammar_schema(compact_grammar(TransfersDraft.model_json_schema()))
    defs = inner["$defs"]
    assert {name for name, d in defs.items() if d.get("type") == "object"} == {"TransferDraft"}
    assert all(
        d["additionalProperties"] is False for d in defs.values() if d.get("type") == "object"
    )
    assert "additionalProperties" not in defs["Status"]  # an enum is not an object


def test_a_json_schema_response_format_becomes_a_grammar() -> None:
    body = chat_body(translation_draft(2).model_json_schema())
    out = rewrite_body(body)
    assert "response_format" not in out
    assert grammar_schema(out["grammar"])["properties"]["english"]["maxItems"] == 2
    assert {k: v for k, v in out.items() if k != "grammar"} == {
        k: v for k, v in body.items() if k != "response_format"
    }
    assert "response_format" in body  # the request the client built is left as it was


def test_other_requests_are_passed_through_unchanged() -> None:
    plain = {"model": "local", "messages": []}
    json_object = {**plain, "response_format": {"type": "json_object"}}
    no_schema = {**plain, "response_format": {"type": "json_schema", "json_schema": {}}}
    for body in (plain, json_object, no_schema):
        assert rewrite_body(body) is body


def test_the_transport_sends_the_grammar_over_the_wire() -> None:
    body = chat_body(translation_draft(1).model_json_schema())
    answer = json.dumps({"english": [{"n": 1, "en": "Translate: 'Zoltan'"}]})
    with (
        chat_server([Reply(content=answer)]) as (url, script),
        httpx.Client(transport=CompactJSONTransport(), timeout=10) as client,
    ):
        response = client.post(f"{url}/chat/completions", json=body)
        other = client.post(f"{url}/embeddings", json=body)
    assert response.status_code == 200
    assert response.json()["choices"][0]["message"]["content"] == answer
    sent, untouched = script.requests
    assert "response_format" not in sent and sent["grammar"] == compact_grammar(
        body["response_format"]["json_schema"]["schema"]
    )
    assert sent["messages"] == body["messages"]  # non-ASCII text arrives intact
    assert untouched == body  # only chat completions are rewritten
    assert other.status_code == 200
