"""Property-based tests of the API against its own OpenAPI schema (schemathesis): every
operation, with valid and invalid inputs, on a real server over a seeded store, never
answers 5xx, and valid inputs get answers that match the schema."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from summarizer.config import Settings
from summarizer.llm import registry
from summarizer.web.app import create_app, running
from tests.fakes import FakeProvider
from tests.test_web_api import AUTH, TOKEN, seed_store

EXAMPLES = 30  # per operation and generation mode


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db: Path = tmp_path_factory.mktemp("store") / "store.db"
    seed_store(db)
    provider = FakeProvider(use_context=False)
    registry.register("fake", lambda name, settings: provider)
    app = create_app(db, token=TOKEN, settings=Settings(model="fake"), write_limit=100_000)
    try:
        with running(app) as url:
            yield url
    finally:
        registry.unregister("fake")


def explore(
    operation: schemathesis.APIOperation,
    mode: schemathesis.GenerationMode,
    live: str,
    runs: Counter[str],
    statuses: Counter[int],
) -> None:
    """Up to EXAMPLES generated requests to one operation, each answer checked."""
    label = f"{operation.method.upper()} {operation.path}"
    checks = [not_a_server_error]
    if mode is schemathesis.GenerationMode.POSITIVE:
        checks += [response_schema_conformance, status_code_conformance, content_type_conformance]

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case: schemathesis.Case) -> None:
        if isinstance(case.body, dict) and isinstance(case.body.get("url"), str):
            # Never fetch a generated address: loopback is refused before any DNS lookup.
            case.body["url"] = "http://127.0.0.1:9/generated"
        response = case.call(base_url=live, headers=AUTH, timeout=10)
        runs[f"{label} ({mode.value})"] += 1
        statuses[response.status_code] += 1
        case.validate_response(response, checks=checks, headers=AUTH)

    try:
        check()
    except Unsatisfiable:
        # Nothing to make invalid: an operation without parameters has no negative cases.
        assert mode is schemathesis.GenerationMode.NEGATIVE, label


def test_no_operation_answers_5xx(live: str) -> None:
    schema = schemathesis.openapi.from_url(f"{live}/openapi.json")
    runs: Counter[str] = Counter()
    statuses: Counter[int] = Counter()
    operations = [result.ok() for result in schema.get_all_operations()]
    for operation in operations:
        for mode in (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE):
            explore(operation, mode, live, runs, statuses)
    print(f"\nschemathesis: {sum(runs.values())} requests, {len(operations)} operations")
    for label, count in sorted(runs.items()):
        print(f"  {count:4d}  {label}")
    print(f"  statuses: {dict(sorted(statuses.items()))}")
    assert len(operations) >= 10
    assert not any(status >= 500 for status in statuses)
