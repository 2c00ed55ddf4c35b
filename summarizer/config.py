"""Settings: command-line flags win, then environment variables, then the TOML config file."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from platformdirs import user_cache_dir, user_config_dir, user_data_dir
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

from summarizer.errors import ConfigError

APP = "summarizer"

# Environment variable for each setting; the TOML file uses the field names themselves.
ENV_VARS: dict[str, str] = {
    "model": "SUMMARIZER_MODEL",
    "api_base": "SUMMARIZER_API_BASE",
    "api_key": "SUMMARIZER_API_KEY",
    "timeout": "SUMMARIZER_TIMEOUT",
    "retries": "SUMMARIZER_RETRIES",
    "reasks": "SUMMARIZER_REASKS",
    "retry_wait": "SUMMARIZER_RETRY_WAIT",
    "threads": "SUMMARIZER_THREADS",
    "n_ctx": "SUMMARIZER_N_CTX",
    "max_input_bytes": "SUMMARIZER_MAX_INPUT_BYTES",
    "model_dir": "SUMMARIZER_MODEL_DIR",
}


class Settings(BaseModel):
    """Everything a run needs to reach a model; built by `load_settings`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    model: str = "local"
    api_base: str | None = None
    api_key: SecretStr | None = None
    timeout: float = Field(default=600.0, gt=0)
    retries: int = Field(default=3, ge=0, le=10, description="retries of transient failures")
    reasks: int = Field(default=1, ge=0, le=5, description="re-asks after a validation failure")
    retry_wait: float = Field(default=1.0, ge=0, description="first backoff wait, seconds")
    threads: int | None = Field(default=None, ge=1)
    n_ctx: int = Field(default=8192, ge=2048)
    max_input_bytes: int = Field(default=2_000_000, ge=1)
    model_dir: Path | None = None

    @property
    def cache_dir(self) -> Path:
        """Where the embedded model is assembled."""
        return self.model_dir or Path(user_cache_dir(APP)) / "models"


def config_path() -> Path:
    """The TOML config file: $SUMMARIZER_CONFIG or the user's config directory."""
    env = os.environ.get("SUMMARIZER_CONFIG")
    return Path(env) if env else Path(user_config_dir(APP)) / "config.toml"


def data_dir() -> Path:
    """The per-user data directory (store, state)."""
    return Path(user_data_dir(APP))


def read_config_file(path: Path | None = None) -> dict[str, Any]:
    """The parsed config file, or {} when there is none."""
    path = path or config_path()
    if not path.exists():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"Cannot read config file {path}: {exc}") from exc


def load_settings(**flags: Any) -> Settings:
    """Merge flags (None means unset) over environment variables over the config file."""
    file_values = read_config_file()
    merged: dict[str, Any] = {k: v for k, v in file_values.items() if k in Settings.model_fields}
    for field, var in ENV_VARS.items():
        if os.environ.get(var):
            merged[field] = os.environ[var]
    merged.update({k: v for k, v in flags.items() if v is not None})
    try:
        return Settings(**merged)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ConfigError(
            f"Bad setting {where!r}: {first['msg']} (check flags, {ENV_VARS.get(where, '')} "
            f"or {config_path()})"
        ) from None
