"""Secrets stay out of everything the summarizer writes: cassettes, logs, errors, store, reports.

Two halves: a scanner run over every recorded cassette and data file (and proven on planted
samples), and runs of the real CLI with a recognisable key against loopback servers, after
which the key is searched for in every output a user or a CI log could see.
"""

from __future__ import annotations

import base64
import json
import logging
import math
import re
import traceback
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from summarizer.errors import DeliveryError, ProviderError
from tests.conftest import ROOT, SEEDS
from tests.fakes import FakeProvider
from tests.servers import Reply, chat_server, stub_server
from tests.smtp import parse, smtp_server

KEY = "sk-live-SECRET123456789"
SMTP_PASSWORD = "pw-SECRET"
WRONG_PASSWORD = "pw-SECRET-wrong"
SEED = str(SEEDS / "001_915c504d3d01d421.txt")
BRIEF = json.dumps(
    {
        "headline": "Russia delivers S-400 systems to Belarus",
        "summary": "Russia delivered S-400 air defence systems to Belarus in March, officials said.",
        "key_points": ["Russia delivered S-400 systems to Belarus."],
    }
)
# A translation of the sentences of seed 001 that its brief is made of.
TRANSLATION = json.dumps(
    {
        "english": [
            {"n": n, "en": en}
            for n, en in zip(
                [1, 2, 8, 9, 10, 15],
                json.loads((ROOT / "tests/data/fake/brief.json").read_text("utf-8"))["english"],
                strict=True,
            )
        ]
    }
)
NOISY_LOGGERS = ("LiteLLM", "litellm", "instructor", "httpx", "httpcore", "openai", "summarizer")

# --------------------------------------------------------------------------- the scanner

SECRET_HEADERS = {
    "authorization",
    "proxy-authorization",
    "api-key",
    "x-api-key",
    "x-goog-api-key",
    "cookie",
    "set-cookie",
}
TOKEN_PATTERNS = {
    "bearer token": re.compile(r"\bBearer\s+[A-Za-z0-9._~+/=-]{8,}"),
    "OpenAI/Anthropic-style key": re.compile(r"\bsk-(?:ant-|proj-|live-)?[A-Za-z0-9_-]{12,}"),
    "AWS access key": re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
    "GitHub token": re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})"),
    "Slack token": re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}"),
    "Google API key": re.compile(r"\bAIza[0-9A-Za-z_-]{30,}"),
}
_LONG_TOKEN = re.compile(r"[A-Za-z0-9+/=_.-]{24,}")


def entropy(text: str) -> float:
    """Shannon entropy in bits per character."""
    counts = Counter(text)
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())


def _high_entropy(value: str) -> str | None:
    """A long random-looking token (mixed letters and digits, >= 4 bits a character)."""
    for token in _LONG_TOKEN.findall(value):
        mixed = (
            re.search(r"\d", token) and re.search(r"[a-z]", token) and re.search(r"[A-Z]", token)
        )
        if mixed and entropy(token) >= 4.0:
            return token
    return None


def _strings(node: Any, where: str) -> Iterator[tuple[str, str]]:
    """(location, text) for every string in parsed YAML/JSON."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield f"{where}.{key}", str(key)
            yield from _strings(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _strings(value, f"{where}[{i}]")
    elif isinstance(node, (str, bytes)):
        yield where, node.decode("utf-8", "replace") if isinstance(node, bytes) else node


def _headers(node: Any, where: str) -> Iterator[tuple[str, str, list[str]]]:
    """(location, header name, values) for every `headers` mapping in the document."""
    if isinstance(node, dict):
        for key, value in node.items():
            if str(key).lower() == "headers" and isinstance(value, dict):
                for name, values in value.items():
                    values = values if isinstance(values, list) else [values]
                    yield f"{where}.headers", str(name), [str(v) for v in values]
            else:
                yield from _headers(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _headers(value, f"{where}[{i}]")


def scan(text: str, name: str = "<text>") -> list[str]:
    """Everything in a cassette or data file (YAML or JSON text) that looks like a credential."""
    findings: list[str] = []
    try:
        document = yaml.safe_load(text)  # JSON is YAML too
    except yaml.YAMLError:
        document = None
    for where, header, values in _headers(document, name):
        if header.lower() in SECRET_HEADERS:
            findings.append(f"{where}: secret header {header!r}")
        for value in values:
            token = _high_entropy(value)
            if token:
                findings.append(f"{where}: high-entropy value in {header!r}: {token[:6]}…")
    # The raw text (a file that does not parse) and every parsed string (YAML folds long
    # strings across lines): a token in a body, a URI, a header value.
    places = [(name, text), *_strings(document, name)]
    for where, value in places:
        for label, pattern in TOKEN_PATTERNS.items():
            for match in pattern.finditer(value):
                findings.append(f"{where}: {label}: {match.group()[:8]}…")
    return sorted(set(findings))


def recorded_files() -> list[Path]:
    """Every cassette and every YAML/JSON data file the tests and the eval gate use."""
    files = [*sorted((ROOT / "evals" / "cassettes").glob("*.yaml"))]
    files += sorted((ROOT / "tests" / "cassettes").glob("*.yaml"))
    for pattern in ("*.yaml", "*.yml", "*.json"):
        files += sorted((ROOT / "tests" / "data").rglob(pattern))
    return files


def test_the_recorded_files_are_many() -> None:
    names = {p.name for p in recorded_files()}
    assert len(names) >= 20
    assert {"truncated.yaml", "de_arrow3.yaml", "items.json"} <= names


@pytest.mark.parametrize("path", recorded_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_recorded_file_holds_a_credential(path: Path) -> None:
    assert scan(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT))) == []


CLEAN_CASSETTE = """\
interactions:
- request:
    body: '{"messages":[{"role":"user","content":"Summarise: Russia delivered S-400."}]}'
    headers:
      content-type: [application/json]
      user-agent: [OpenAI/Python 2.54.0]
      host: ['127.0.0.1:44205']
    method: POST
    uri: http://127.0.0.1:44205/v1/chat/completions
  response:
    body: {string: '{"id":"chatcmpl-nA4LlrSeMVY2bg6u7XVlQvkDat8KjGJm","choices":[]}'}
    headers:
      content-type: [application/json; charset=utf-8]
    status: {code: 200, message: OK}
version: 1
"""
PLANTED = {
    "authorization header": ("      host:", "      Authorization: [Bearer abc]\n      host:"),
    "api-key header": ("      host:", "      api-key: [0123456789abcdef]\n      host:"),
    "x-api-key header": ("      host:", "      x-api-key: [whatever]\n      host:"),
    "x-goog-api-key header": ("      host:", "      x-goog-api-key: [whatever]\n      host:"),
    "cookie header": ("      host:", "      Cookie: [session=1]\n      host:"),
    "set-cookie header": ("      content-type: [application/json; charset=utf-8]",
                          "      set-cookie: [id=1]\n      content-type: [text/html]"),
    "bearer in a body": ("Summarise:", "Bearer eyJhbGciOiJIUzI1NiJ9 Summarise:"),
    "sk- key in a body": ("Summarise:", f"{KEY} Summarise:"),
    "sk-ant- key": ("Summarise:", "sk-ant-api03-AbCdEfGhIjKlMnOp Summarise:"),
    "AWS key in the uri": ("/chat/completions", "/chat/completions?k=AKIAIOSFODNN7EXAMPLE"),
    "GitHub token": ("Summarise:", "ghp_16C7e42F292c6912E7710c838347Ae178B4a Summarise:"),
    "Slack token": ("Summarise:", "xoxb-1234567890-abcdefghij Summarise:"),
    "random header value": ("      host:", "      x-trace: [Zq8Lp2Xv9Rt4Mn7Bw3Kc6Hy1Jd5Fs0Ga]\n      host:"),
}  # fmt: skip


def test_the_scanner_passes_a_clean_cassette() -> None:
    assert scan(CLEAN_CASSETTE) == []


@pytest.mark.parametrize("planted", sorted(PLANTED))
def test_the_scanner_finds_a_planted_secret(planted: str) -> None:
    anchor, replacement = PLANTED[planted]
    assert anchor in CLEAN_CASSETTE
    assert scan(CLEAN_CASSETTE.replace(anchor, replacement, 1)) != []


def test_the_scanner_reads_headers_in_json_files_too() -> None:
    document = {"request": {"headers": {"X-Api-Key": ["0000"], "accept": ["application/json"]}}}
    assert scan(json.dumps(document), "data.json") == [
        "data.json.request.headers: secret header 'X-Api-Key'"
    ]


# --------------------------------------------------------------------------- the CLI


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """Every record of every logger, down to DEBUG (the CLI may raise the noisy ones)."""
    caplog.set_level(logging.DEBUG)
    for name in NOISY_LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def logged(caplog: pytest.LogCaptureFixture) -> str:
    """All log output: formatted lines, raw messages, arguments and tracebacks."""
    parts = [caplog.text]
    for record in caplog.records:
        parts.append(record.getMessage())
        parts.append(repr(record.args))
        if record.exc_info and record.exc_info[1] is not None:
            parts += traceback.format_exception(record.exc_info[1])
    return "\n".join(parts)


def files_under(folder: Path) -> str:
    """Every file below a folder, decoded leniently (SQLite pages, .eml, HTML, JSON)."""
    return "\n".join(
        p.read_bytes().decode("utf-8", "replace") for p in sorted(folder.rglob("*")) if p.is_file()
    )


def run(cli, *args: str) -> tuple[int, str]:
    """Run the CLI; with --debug an error escapes as an exception: return its traceback."""
    try:
        result = cli(*args)
    except ProviderError as exc:
        chain = "".join(traceback.format_exception(exc))
        return 5, chain
    return result.code, result.out + result.err


@pytest.mark.parametrize(
    "flags", [(), ("--verbose",), ("--debug",)], ids=["quiet", "verbose", "debug"]
)
@pytest.mark.parametrize(
    "replies",
    [[Reply(401)], [Reply(500)], [Reply(content=TRANSLATION)]],
    ids=["401", "500", "success"],
)
def test_the_key_never_shows_in_output_logs_or_tracebacks(
    cli, logs: pytest.LogCaptureFixture, monkeypatch, flags: tuple[str, ...], replies: list[Reply]
) -> None:
    monkeypatch.setenv("SUMMARIZER_RETRIES", "1")
    with chat_server(replies) as (url, script):
        code, output = run(
            cli, *flags, "brief", "--model", "openai/stub", "--api-base", url, "--api-key", KEY,
            SEED,
        )  # fmt: skip
    assert script.requests  # the key really went out with a request
    assert (code == 0) == (replies[0].status == 200), output
    assert KEY not in output
    assert KEY not in logged(logs)
    assert "SECRET" not in output + logged(logs)  # not even a fragment of it
    if flags == ("--verbose",):
        assert logs.records  # the logging really was on


def test_a_key_echoed_by_the_server_is_masked_in_the_error(
    cli, logs: pytest.LogCaptureFixture, monkeypatch, tmp_path: Path
) -> None:
    """Some gateways echo a rejected key back: the one-line error and the store must not."""
    monkeypatch.setenv("SUMMARIZER_RETRIES", "0")
    body = json.dumps({"error": {"message": f"Incorrect API key provided: {KEY}"}}).encode()
    db = tmp_path / "store.db"
    with chat_server([Reply(400, raw=body)]) as (url, _):
        brief = cli("brief", "--model", "openai/stub", "--api-base", url, "--api-key", KEY, SEED)
        ingest = cli(
            "ingest", "--db", str(db), "--model", "openai/stub", "--api-base", url,
            "--api-key", KEY, SEED,
        )  # fmt: skip
    assert brief.code == 5
    assert brief.err.startswith("error: model openai/stub: server answered 400:")
    assert "Incorrect API key provided: ***" in brief.err
    assert ingest.code == 5
    everything = brief.out + brief.err + ingest.out + ingest.err + files_under(tmp_path)
    assert KEY not in everything
    assert KEY not in logged(logs)


def test_a_key_echoed_by_the_server_never_reaches_the_verbose_log(
    cli, logs: pytest.LogCaptureFixture, monkeypatch
) -> None:
    monkeypatch.setenv("SUMMARIZER_RETRIES", "0")
    body = json.dumps({"error": {"message": f"Incorrect API key provided: {KEY}"}}).encode()
    with chat_server([Reply(400, raw=body)]) as (url, _):
        result = cli(
            "--verbose", "brief", "--model", "openai/stub", "--api-base", url, "--api-key", KEY,
            SEED,
        )  # fmt: skip
    assert result.code == 5
    assert KEY not in logged(logs)


@pytest.mark.parametrize("replies", [[Reply(401)], [Reply(500)]], ids=["401", "500"])
def test_the_key_never_reaches_the_store_of_a_failed_ingest(
    cli, logs: pytest.LogCaptureFixture, monkeypatch, tmp_path: Path, replies: list[Reply]
) -> None:
    monkeypatch.setenv("SUMMARIZER_RETRIES", "1")
    db = tmp_path / "store.db"
    with chat_server(replies) as (url, _):
        result = cli(
            "--verbose", "ingest", "--db", str(db), "--model", "openai/stub", "--api-base", url,
            "--api-key", KEY, SEED,
        )  # fmt: skip
    assert result.code == 5
    stored = files_under(tmp_path)
    assert "openai/stub" in stored  # the run and its failure are in the store
    assert KEY not in stored + result.out + result.err + logged(logs)


def test_the_key_never_reaches_the_store_eval_report_or_digest(
    cli, logs: pytest.LogCaptureFixture, monkeypatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SUMMARIZER_SMTP_USER", "digest")
    monkeypatch.setenv("SUMMARIZER_SMTP_PASSWORD", SMTP_PASSWORD)
    monkeypatch.setenv("SUMMARIZER_SMTP_HOST", "127.0.0.1")
    db, eml, evals = tmp_path / "store.db", tmp_path / "digest.eml", tmp_path / "eval"
    model = ["--model", "openai/stub", "--api-key", KEY]
    # No bounds: the stub model's quality is not what this test is about.
    bounds = tmp_path / "no-bounds.toml"
    bounds.write_text("[min]\n[max]\n", encoding="utf-8")
    with stub_server(delay=(0.0, 0.01)) as (url, stats):
        ingest = cli("--verbose", "ingest", "--db", str(db), *model, "--api-base", url, SEED)
        evaluate = cli(
            "--verbose", "eval", *model, "--api-base", url, "--fixtures",
            str(ROOT / "evals" / "fixtures"), "--only-fixture", "seed_001", "--out", str(evals),
            "--thresholds", str(bounds),
        )  # fmt: skip
    digest = cli("--verbose", "digest", "--db", str(db), "--dry-run", "--out", str(eml))
    assert stats.served >= 3
    assert ingest.code == 0, ingest.err
    assert evaluate.code == 0, evaluate.err
    assert digest.code == 0, digest.err
    assert {"metrics.json", "report.html"} <= {p.name for p in evals.iterdir()}
    assert "1 article" in str(parse(eml.read_bytes())["Subject"])
    everything = files_under(tmp_path) + logged(logs)
    for result in (ingest, evaluate, digest):
        everything += result.out + result.err
    assert KEY not in everything
    assert SMTP_PASSWORD not in everything


def test_a_wrong_smtp_password_never_shows_in_the_error_or_the_store(
    cli, logs: pytest.LogCaptureFixture, fake: FakeProvider, monkeypatch, tmp_path: Path
) -> None:
    """The CLI path of test_digest_send's authentication test: error line, store, logs."""
    db = tmp_path / "store.db"
    assert cli("ingest", "--db", str(db), "--model", "fake", SEED).code == 0
    monkeypatch.setenv("SUMMARIZER_SMTP_TLS", "none")
    monkeypatch.setenv("SUMMARIZER_SMTP_USER", "u")
    monkeypatch.setenv("SUMMARIZER_SMTP_PASSWORD", WRONG_PASSWORD)
    with smtp_server(credentials=("u", "right")) as server:
        result = cli(
            "--verbose", "digest", "--db", str(db), "--smtp-host", server.host, "--smtp-port",
            str(server.port), "--from", "a@example.org", "--to", "b@example.org",
        )  # fmt: skip
    assert server.logins and set(server.logins) == {"u"}  # the password really was tried
    assert result.code == DeliveryError.exit_code
    assert "authentication failed" in result.err
    everything = result.out + result.err + files_under(tmp_path) + logged(logs)
    assert "authentication failed" in files_under(tmp_path)  # the failure is recorded
    assert "pw-SECRET" not in everything
    assert base64.b64encode(WRONG_PASSWORD.encode()).decode() not in everything  # AUTH LOGIN form


# --------------------------------------------------------------------------- cassettes


def test_a_recorded_cassette_keeps_no_credential(tmp_path: Path) -> None:
    """Record real traffic carrying every kind of credential header through the recorder."""
    import httpx
    import vcr

    from summarizer.config import load_settings
    from summarizer.evaluation.cassettes import recorder
    from summarizer.llm import get_provider
    from summarizer.llm.base import Request
    from summarizer.schemas import Brief

    headers = {
        "Authorization": f"Bearer {KEY}",
        "Proxy-Authorization": f"Basic {KEY}",
        "api-key": KEY,
        "x-api-key": KEY,
        "x-goog-api-key": KEY,
        "Ocp-Apim-Subscription-Key": KEY,
        "Cookie": f"session={KEY}",
    }
    request = Request(
        task="brief",
        messages=[{"role": "user", "content": "Summarise."}],
        response_model=Brief,
        max_tokens=50,
    )

    def traffic(url: str) -> None:
        settings = load_settings(model="openai/stub", api_base=url, api_key=KEY, retries=0)
        get_provider(settings).generate(request)  # the real client: Authorization: Bearer
        httpx.post(f"{url}/chat/completions", headers=headers, json={"messages": []}, timeout=10)

    plain = vcr.VCR(cassette_library_dir=str(tmp_path), record_mode="all")
    with chat_server([Reply(content=BRIEF)]) as (url, script):
        with plain.use_cassette("unscrubbed.yaml"):
            traffic(url)
        with recorder(tmp_path, record=True).use_cassette("scrubbed.yaml"):
            traffic(url)
    assert len(script.requests) == 4
    unscrubbed = (tmp_path / "unscrubbed.yaml").read_text("utf-8")
    assert KEY in unscrubbed and scan(unscrubbed) != []  # the key was on the wire
    scrubbed = (tmp_path / "scrubbed.yaml").read_text("utf-8")
    assert len(yaml.safe_load(scrubbed)["interactions"]) == 2
    assert KEY not in scrubbed
    assert scan(scrubbed, "scrubbed.yaml") == []
