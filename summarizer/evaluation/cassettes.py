"""Recorded model answers (vcrpy cassettes), so an evaluation can be replayed offline in CI.

Record once against the real embedded server; replay matches on method, path and body, so a
changed prompt or schema has no recorded answer and fails loudly until it is re-recorded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

SECRET_HEADERS = (
    "authorization",
    "proxy-authorization",
    "api-key",
    "x-api-key",
    "x-goog-api-key",  # litellm's gemini/ provider sends its key here
    "cookie",
    "set-cookie",
    "openai-organization",
    "openai-project",
)
# Any other header whose name says it carries a credential (Ocp-Apim-Subscription-Key...).
SECRET_NAME_PARTS = ("key", "token", "secret", "auth", "cookie", "session", "password")
# Replays go to an address where nothing listens: any request without a recording fails.
REPLAY_URL = "http://127.0.0.1:9/v1"


def scrub_request(request: Any) -> Any:
    """Drop credentials and client fingerprints before a request is written to a cassette."""
    for name in list(request.headers):
        lowered = name.lower()
        if (
            lowered in SECRET_HEADERS
            or lowered.startswith("x-stainless")
            or any(part in lowered for part in SECRET_NAME_PARTS)
        ):
            del request.headers[name]
    return request


def scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    """Keep only the content type of a recorded response's headers."""
    headers = response.get("headers", {})
    response["headers"] = {k: v for k, v in headers.items() if k.lower() == "content-type"}
    return response


def recorder(directory: Path, *, record: bool, missing: bool = False) -> Any:
    """A vcr.VCR that records afresh (record=True), records only the requests its cassettes
    lack and forgets the ones no longer asked (record and missing), or only replays."""
    import vcr

    mode = ("new_episodes" if missing else "all") if record else "none"
    return vcr.VCR(
        cassette_library_dir=str(directory),
        record_mode=mode,
        drop_unused_requests=record and missing,
        match_on=["method", "path", "body"],
        before_record_request=scrub_request,
        before_record_response=scrub_response,
        decode_compressed_response=True,
    )


def per_fixture(
    directory: Path, *, record: bool, missing: bool = False
) -> Callable[[str], AbstractContextManager[Any]]:
    """A context factory: wrap one fixture's calls in its own cassette, <directory>/<id>.yaml.

    With `missing`, a recording keeps the answers to requests that did not change (a prompt
    change of one task re-records that task only) and drops those nobody asks any more.
    """
    vcr_ = recorder(directory, record=record, missing=missing)
    if record:
        directory.mkdir(parents=True, exist_ok=True)

    @contextmanager
    def around(fixture_id: str) -> Iterator[Any]:
        name = f"{fixture_id}.yaml"
        if record and not missing:
            (directory / name).unlink(missing_ok=True)
        elif not (directory / name).is_file():
            raise FileNotFoundError(f"no cassette {directory / name}; record it with --record")
        with vcr_.use_cassette(name) as cassette:
            yield cassette

    return around
