"""A fleet of model servers (`--model fleet`) over real HTTP: config, routing, limits, failover."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from summarizer import config, redact
from summarizer.config import Settings
from summarizer.errors import ConfigError, ProviderError
from summarizer.llm import Request, batch_concurrency, get_provider
from summarizer.llm.fleet import FleetProvider, FleetSettings, load_fleet
from summarizer.pipeline import Summarizer, run_batch
from summarizer.prompts import load_prompts
from summarizer.schemas import Brief
from tests.conftest import ROOT
from tests.servers import Reply, chat_server, stub_server

FIXTURES = sorted((ROOT / "evals" / "fixtures").glob("*/article.txt"))
GOOD = (ROOT / "tests" / "data" / "fleet" / "brief.json").read_text(encoding="utf-8")


def write_config(text: str) -> Path:
    path = config.config_path()
    path.write_text(text, encoding="utf-8")
    return path


def servers_toml(*servers: dict[str, object]) -> str:
    """`[[fleet.servers]]` tables for the given keys."""
    tables = []
    for server in servers:
        lines = [f"{key} = {json.dumps(value)}" for key, value in server.items()]
        tables.append("[[fleet.servers]]\n" + "\n".join(lines))
    return "\n\n".join(tables) + "\n"


def fleet(*servers: dict[str, object], **settings: object) -> FleetProvider:
    """A FleetProvider over the servers, defaults filled in (model openai/stub)."""
    listed = [{"model": "openai/stub", **server} for server in servers]
    return FleetProvider(
        "fleet",
        Settings(model="fleet", retry_wait=0.01, **settings),  # type: ignore[arg-type]
        FleetSettings.model_validate({"servers": listed}),
    )


def brief_request() -> Request:
    return Request(
        task="brief",
        messages=[{"role": "user", "content": "Summarise."}],
        response_model=Brief,
        max_tokens=200,
    )


def closed_port() -> str:
    """The base URL of a loopback port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


@pytest.fixture
def articles(tmp_path: Path) -> list[str]:
    paths = []
    for n, source in enumerate(FIXTURES[:6]):
        target = tmp_path / f"{n}_{source.parent.name}.txt"
        target.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
        paths.append(str(target))
    return paths


# ------------------------------------------------------------------------------------ config


def test_config_file_lists_the_servers() -> None:
    write_config(
        "[fleet]\ncooldown = 5\n\n"
        + servers_toml(
            {"api_base": "http://gpu-1:8080/v1", "model": "openai/qwen", "weight": 2},
            {"api_base": "https://gpu-2/v1", "model": "openai/qwen", "max_concurrency": 4},
        )
    )
    loaded = load_fleet()
    assert loaded.cooldown == 5
    assert [(s.api_base, s.weight, s.max_concurrency) for s in loaded.servers] == [
        ("http://gpu-1:8080/v1", 2, 1),
        ("https://gpu-2/v1", 1, 4),
    ]
    assert loaded.capacity == 5


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        (
            servers_toml({"model": "openai/qwen"}),
            "[[fleet.servers]] #1: 'api_base' is required",
        ),
        (
            servers_toml(
                {"api_base": "http://a/v1", "model": "openai/qwen"},
                {"api_base": "gpu-2:8080", "model": "openai/qwen"},
            ),
            "[[fleet.servers]] #2: bad 'api_base': must be an http:// or https:// URL with a "
            "host, got 'gpu-2:8080'",
        ),
        (
            servers_toml({"api_base": "http://a/v1", "model": "qwen"}),
            "[[fleet.servers]] #1: bad 'model': must be a litellm name like "
            "openai/qwen2.5-7b-instruct, got 'qwen'",
        ),
        (
            servers_toml({"api_base": "http://a/v1", "model": "openai/q", "weight": 0}),
            "[[fleet.servers]] #1: bad 'weight': Input should be greater than or equal to 1",
        ),
        (
            servers_toml({"api_base": "http://a/v1", "model": "openai/q", "max_concurrency": 0}),
            "[[fleet.servers]] #1: bad 'max_concurrency': Input should be greater than or "
            "equal to 1",
        ),
        (
            servers_toml({"api_base": "http://a/v1", "model": "openai/q", "slots": 2}),
            "[[fleet.servers]] #1: unknown key 'slots'; known: api_base, model, weight, "
            "max_concurrency, api_key",
        ),
        (
            "[fleet]\nretries = 2\n",
            "[fleet]: unknown key 'retries'; known: servers, cooldown",
        ),
        ("fleet = 3\n", "[fleet] must be a table"),
    ],
    ids=["missing", "url", "model", "weight", "concurrency", "unknown", "table-key", "not-table"],
)
def test_bad_config_is_one_line_naming_the_key(toml: str, message: str) -> None:
    path = write_config(toml)
    with pytest.raises(ConfigError) as err:
        load_fleet()
    assert str(err.value) == f"{path}: {message}"


def test_model_fleet_without_servers_says_what_to_add() -> None:
    path = write_config("[fleet]\ncooldown = 5\n")
    with pytest.raises(ConfigError) as err:
        get_provider(Settings(model="fleet"))
    assert str(err.value) == (
        f"--model fleet needs servers: add [[fleet.servers]] entries with api_base and model "
        f"to {path}"
    )


def test_api_keys_stay_out_of_reprs_and_logs() -> None:
    key = "sk-fleet-secret-1234"
    write_config(servers_toml({"api_base": "http://a/v1", "model": "openai/q", "api_key": key}))
    loaded = load_fleet()
    assert loaded.servers[0].api_key is not None
    assert loaded.servers[0].api_key.get_secret_value() == key
    assert key not in repr(loaded)
    assert redact.mask(f"rejected {key}") == "rejected ***"


def test_batch_fills_every_server_unless_told() -> None:
    write_config(
        servers_toml(
            {"api_base": "http://a/v1", "model": "openai/q", "max_concurrency": 3},
            {"api_base": "http://b/v1", "model": "openai/q"},
        )
    )
    assert batch_concurrency(Settings(model="fleet")) == 8  # two articles per slot
    assert batch_concurrency(Settings(model="fleet", concurrency=2)) == 2


# ----------------------------------------------------------------------------------- routing


def test_weights_bias_the_split_between_idle_servers() -> None:
    with (
        chat_server([Reply(content=GOOD)]) as (a, seen_a),
        chat_server([Reply(content=GOOD)]) as (
            b,
            seen_b,
        ),
    ):
        provider = fleet({"api_base": a, "weight": 3}, {"api_base": b, "weight": 1})
        for _ in range(8):
            result, _stats = provider.generate(brief_request())
            assert isinstance(result, Brief)
        provider.close()
    assert (len(seen_a.requests), len(seen_b.requests)) == (6, 2)
    assert seen_a.requests[0]["model"] == "stub"  # the server's own model name
    assert "metadata" not in seen_a.requests[0]  # the dispatch ticket stays in the client


def summarize_all(provider: FleetProvider, paths: list[str], jobs: int) -> list[str]:
    """Each article's outcome: 'ok' or its error."""
    summarizer = Summarizer(provider, load_prompts())
    try:
        return [
            "ok" if o.summary is not None and not o.summary.meta.failed else str(o.error)
            for o in run_batch(paths, summarizer, concurrency=jobs)
        ]
    finally:
        provider.close()


def test_a_key_the_server_echoes_is_masked_in_the_error() -> None:
    key = "sk-fleet-echoed-5678"
    body = json.dumps({"error": {"message": f"key {key} is not allowed here"}}).encode()
    with chat_server([Reply(status=400, raw=body)]) as (url, _):
        provider = fleet({"api_base": url, "api_key": key})
        with pytest.raises(ProviderError) as err:
            provider.generate(brief_request())
        provider.close()
    assert key not in str(err.value)
    assert str(err.value).endswith("key *** is not allowed here")


@pytest.mark.parametrize("limit", [1, 3])
def test_each_server_takes_at_most_its_max_concurrency(articles: list[str], limit: int) -> None:
    """Six articles at once over two servers: neither server ever has more than `limit` calls
    in flight, whichever threads make them; calls wait for a slot, none fails."""
    with (
        stub_server(delay=(0.05, 0.05)) as (a, stats_a),
        stub_server(delay=(0.05, 0.05)) as (
            b,
            stats_b,
        ),
    ):
        provider = fleet(*({"api_base": url, "max_concurrency": limit} for url in (a, b)))
        outcomes = summarize_all(provider, articles, jobs=6)
    assert outcomes == ["ok"] * 6
    assert stats_a.served > 0 and stats_b.served > 0  # both servers took work
    assert stats_a.max_in_flight <= limit and stats_b.max_in_flight <= limit
    if limit > 1:  # the servers do see concurrent calls when the limit allows them
        assert max(stats_a.max_in_flight, stats_b.max_in_flight) >= 2
    assert stats_a.rate_limited == stats_b.rate_limited == 0
    assert provider.dispatcher is not None
    assert set(provider.dispatcher.in_use().values()) == {0}  # every slot given back


# ---------------------------------------------------------------------------------- failover


def test_a_dead_server_is_skipped(articles: list[str]) -> None:
    with stub_server(delay=(0.02, 0.02)) as (live, stats):
        provider = fleet({"api_base": closed_port(), "weight": 5}, {"api_base": live})
        outcomes = summarize_all(provider, articles, jobs=2)
    assert outcomes == ["ok"] * 6
    assert stats.served >= 6


def test_a_failing_server_is_tried_once_then_cooled_down() -> None:
    with (
        chat_server([Reply(503)]) as (bad, seen_bad),
        chat_server([Reply(content=GOOD)]) as (
            good,
            seen_good,
        ),
    ):
        provider = fleet({"api_base": bad, "weight": 5}, {"api_base": good})
        for _ in range(6):
            result, stats = provider.generate(brief_request())
            assert isinstance(result, Brief)
            assert stats.attempts == 1  # the failover happened inside one attempt
        provider.close()
    assert len(seen_bad.requests) == 1
    assert len(seen_good.requests) == 6


def test_a_fleet_that_is_all_down_is_one_clear_error() -> None:
    with pytest.raises(ProviderError) as err:
        fleet({"api_base": closed_port()}, {"api_base": closed_port()}).generate(brief_request())
    assert str(err.value) == "model fleet: cannot connect to the model server; is it running?"


def test_every_round_tries_every_server_before_backing_off() -> None:
    with chat_server([Reply(503)]) as (a, seen_a), chat_server([Reply(503)]) as (b, seen_b):
        provider = fleet({"api_base": a}, {"api_base": b}, retries=1)
        with pytest.raises(ProviderError) as err:
            provider.generate(brief_request())
        provider.close()
    assert str(err.value) == (
        "model fleet: server answered 503: litellm.ServiceUnavailableError: "
        "ServiceUnavailableError: OpenAIException - scripted 503"
    )
    # the Router fails over within a round; call_model's one retry is the second round
    assert (len(seen_a.requests), len(seen_b.requests)) == (2, 2)


def test_cli_summarizes_with_model_fleet(cli, articles: list[str], tmp_path: Path) -> None:
    with (
        stub_server(delay=(0.02, 0.02)) as (a, stats_a),
        stub_server(delay=(0.02, 0.02)) as (
            b,
            stats_b,
        ),
    ):
        write_config(
            servers_toml(
                {"api_base": a, "model": "openai/stub"}, {"api_base": b, "model": "openai/stub"}
            )
        )
        result = cli("summarize", "--model", "fleet", "--out", str(tmp_path / "out"), *articles)
    assert result.code == 0, result.err
    assert len(list((tmp_path / "out").glob("*.json"))) == 6
    assert stats_a.served > 0 and stats_b.served > 0
    assert stats_a.max_in_flight == stats_b.max_in_flight == 1
