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
