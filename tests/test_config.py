"""Settings precedence: flags, then environment variables, then the config file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from summarizer.config import load_settings
from summarizer.errors import ConfigError


def write_config(text: str) -> Path:
    path = Path(os.environ["SUMMARIZER_CONFIG"])
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_any_setting() -> None:
    settings = load_settings()
    assert settings.model == "local"
    assert settings.api_key is None
    assert settings.n_ctx == 8192


def test_flags_beat_environment_beat_config_file(monkeypatch: pytest.MonkeyPatch) -> None:
    write_config('model = "ollama/qwen2.5:7b"\ntimeout = 30\nretries = 5\n')
    assert load_settings().model == "ollama/qwen2.5:7b"
    monkeypatch.setenv("SUMMARIZER_MODEL", "openai/gpt-4o-mini")
    monkeypatch.setenv("SUMMARIZER_TIMEOUT", "45")
    settings = load_settings()
    assert (settings.model, settings.timeout, settings.retries) == ("openai/gpt-4o-mini", 45.0, 5)
    settings = load_settings(model="local", timeout=None)
    assert (settings.model, settings.timeout) == ("local", 45.0)


def test_api_key_is_never_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUMMARIZER_API_KEY", "sk-secret-value-123")
    settings = load_settings()
    assert settings.api_key is not None
    assert settings.api_key.get_secret_value() == "sk-secret-value-123"
    assert "sk-secret" not in repr(settings)
    assert "sk-secret" not in settings.model_dump_json()


def test_bad_values_name_the_setting_and_where_to_fix_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUMMARIZER_TIMEOUT", "soon")
    with pytest.raises(ConfigError, match=r"Bad setting 'timeout'.*SUMMARIZER_TIMEOUT"):
        load_settings()


def test_broken_config_file_is_one_clear_error() -> None:
    path = write_config("model = [unclosed\n")
    with pytest.raises(ConfigError, match=f"Cannot read config file {path}"):
        load_settings()


@pytest.mark.parametrize("value", ["inf", "nan", "-inf", "1e9"])
def test_a_timeout_must_be_a_finite_number_of_seconds(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("SUMMARIZER_TIMEOUT", value)
    with pytest.raises(ConfigError, match=r"Bad setting 'timeout'"):
        load_settings()


@pytest.mark.parametrize(
    "value", ["127.0.0.1:8080", "ftp://example.org/v1", "file:///etc/passwd", "http://", "x"]
)
def test_an_api_base_must_be_an_http_url(value: str) -> None:
    with pytest.raises(ConfigError, match=r"Bad setting 'api_base'.*http:// or https://"):
        load_settings(api_base=value)
    assert load_settings(api_base=" http://127.0.0.1:8080/v1 ").api_base == (
        "http://127.0.0.1:8080/v1"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('modle = "local"\n', "unknown key 'modle'"),
        ('[stor]\npath = "/tmp/x.db"\n', r"unknown table 'stor'"),
        ('[store]\npaht = "/tmp/x.db"\n', r"unknown key 'paht' in \[store\]"),
    ],
)
def test_a_typo_in_the_config_file_is_named(text: str, message: str) -> None:
    from summarizer.config import store_path

    write_config(text)
    with pytest.raises(ConfigError, match=message):
        load_settings()
        store_path()


def test_typos_in_the_config_file_are_exit_3_in_the_cli(cli) -> None:
    path = write_config('modle = "local"\n')
    result = cli("brief", "--model", "local", str(Path(__file__)))
    assert result.code == 3
    assert result.err.splitlines() == [
        f"error: {path}: unknown key 'modle'; known keys: api_base, api_key, concurrency, "
        "max_input_bytes, model, model_dir, n_ctx, reasks, retries, retry_wait, threads, "
        "timeout; tables: [digest], [fetch], [fleet], [smtp], [store]"
    ]
