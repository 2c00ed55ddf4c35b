"""Settings: command-line flags win, then environment variables, then the TOML config file."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal, TypeVar
from urllib.parse import urlsplit

from platformdirs import user_cache_dir, user_config_dir, user_data_dir
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

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
    "concurrency": "SUMMARIZER_CONCURRENCY",
}


class Settings(BaseModel):
    """Everything a run needs to reach a model; built by `load_settings`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    model: str = "local"
    api_base: str | None = None
    api_key: SecretStr | None = None
    timeout: float = Field(default=600.0, gt=0, le=86400, allow_inf_nan=False)
    retries: int = Field(default=3, ge=0, le=10, description="retries of transient failures")
    reasks: int = Field(default=1, ge=0, le=5, description="re-asks after a validation failure")
    retry_wait: float = Field(
        default=1.0, ge=0, le=3600, allow_inf_nan=False, description="first backoff wait, seconds"
    )
    threads: int | None = Field(default=None, ge=1)
    n_ctx: int = Field(default=8192, ge=2048)
    max_input_bytes: int = Field(default=2_000_000, ge=1)
    model_dir: Path | None = None
    concurrency: int | None = Field(
        default=None, ge=1, le=64, description="articles in flight at once (remote models)"
    )

    @field_validator("api_base")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"must be an http:// or https:// URL with a host, got {value!r}")
        return value.strip()

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
    return load_section(Settings, None, ENV_VARS, flags)


class SmtpSettings(BaseModel):
    """How to reach the mail server: `[smtp]` in the config file, SUMMARIZER_SMTP_* variables."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    host: str | None = None
    port: int | None = Field(default=None, ge=1, le=65535, description="default by tls mode")
    tls: Literal["none", "starttls", "ssl"] = "starttls"
    user: str | None = None
    password: SecretStr | None = None
    timeout: float = Field(default=30.0, gt=0, le=3600, allow_inf_nan=False)

    @property
    def effective_port(self) -> int:
        """The port to use: the configured one or the usual one for the TLS mode."""
        return self.port or {"none": 25, "starttls": 587, "ssl": 465}[self.tls]


SMTP_ENV = {
    "host": "SUMMARIZER_SMTP_HOST",
    "port": "SUMMARIZER_SMTP_PORT",
    "tls": "SUMMARIZER_SMTP_TLS",
    "user": "SUMMARIZER_SMTP_USER",
    "password": "SUMMARIZER_SMTP_PASSWORD",
    "timeout": "SUMMARIZER_SMTP_TIMEOUT",
}


class DigestSettings(BaseModel):
    """What goes out and to whom: `[digest]` in the config file, SUMMARIZER_DIGEST_*."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    sender: str | None = Field(default=None, alias="from")
    recipients: list[str] = Field(default_factory=list, alias="to")
    subject: str = "Defence and foreign-policy digest"
    feeds: list[str] = Field(default_factory=list, description="sources the schedule ingests")


DIGEST_ENV = {
    "from": "SUMMARIZER_DIGEST_FROM",
    "to": "SUMMARIZER_DIGEST_TO",
    "feeds": "SUMMARIZER_DIGEST_FEEDS",
}


class FetchSettings(BaseModel):
    """Limits for fetching pages and feeds: `[fetch]` in the config file, SUMMARIZER_FETCH_*."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    timeout: float = Field(
        default=20.0, gt=0, le=3600, allow_inf_nan=False, description="seconds per request"
    )
    max_bytes: int = Field(default=5_000_000, ge=1, description="largest body read")
    max_redirects: int = Field(default=5, ge=0, le=20)
    max_items: int = Field(default=100, ge=1, description="entries read from one feed")
    allow_private: bool = Field(
        default=False, description="allow loopback and private-network addresses"
    )
    user_agent: str = "summarizer/0.1 (+https://github.com/summarizer)"


FETCH_ENV = {
    "timeout": "SUMMARIZER_FETCH_TIMEOUT",
    "max_bytes": "SUMMARIZER_FETCH_MAX_BYTES",
    "allow_private": "SUMMARIZER_FETCH_ALLOW_PRIVATE",
}

M = TypeVar("M", bound=BaseModel)

# The config file's tables besides its top-level model settings.
TABLES = ("digest", "fetch", "fleet", "smtp", "store")


def load_section(
    model: type[M], section: str | None, env: dict[str, str], flags: dict[str, Any]
) -> M:
    """One settings object: flags (None = unset) over environment over the config file.

    `section` is the config file's table (`[smtp]`), None for top-level keys. Keys are the
    field names (or aliases); list fields take comma-separated environment values.
    """
    names = {f.alias or name for name, f in model.model_fields.items()} | set(model.model_fields)
    raw = read_config_file()
    if section is None:
        unknown = sorted(k for k in raw if k not in names and k not in TABLES)
        if unknown:
            what = "table" if isinstance(raw[unknown[0]], dict) else "key"
            raise ConfigError(
                f"{config_path()}: unknown {what} {unknown[0]!r}; known keys: "
                f"{', '.join(sorted(env))}; tables: {', '.join(f'[{t}]' for t in TABLES)}"
            )
        file_values = {k: v for k, v in raw.items() if k in names}
    else:
        table = raw.get(section, {})
        if not isinstance(table, dict):
            raise ConfigError(f"{config_path()}: [{section}] must be a table")
        unknown = sorted(set(table) - names)
        if unknown:
            raise ConfigError(
                f"{config_path()}: unknown key {unknown[0]!r} in [{section}]; "
                f"known: {', '.join(sorted(env) or sorted(names))}"
            )
        file_values = dict(table)
    merged: dict[str, Any] = dict(file_values)
    lists = {
        f.alias or name
        for name, f in model.model_fields.items()
        if getattr(f.annotation, "__origin__", None) is list
    }
    for field, var in env.items():
        value = os.environ.get(var)
        if value:
            merged[field] = (
                [v.strip() for v in value.split(",") if v.strip()] if (field in lists) else value
            )
    merged.update({k: v for k, v in flags.items() if v is not None})
    try:
        return model.model_validate(merged)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        place = f"[{section}] in {config_path()}" if section else str(config_path())
        hint = f"{env[where]} or " if where in env else ""
        raise ConfigError(
            f"Bad setting {where!r}: {first['msg']} (check flags, {hint}{place})"
        ) from None


class StoreSettings(BaseModel):
    """The `[store]` table: where the store is, and how long a worker's claim lasts."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    path: str | None = None  # a SQLite file, or a postgresql:// URL
    lease: float = Field(
        default=60.0,
        ge=1,
        le=86400,
        allow_inf_nan=False,
        description="seconds a dead worker's article stays claimed before another takes it",
    )


STORE_ENV = {"path": "SUMMARIZER_DB", "lease": "SUMMARIZER_LEASE"}


def is_postgres(location: str | Path) -> bool:
    """Whether a store location names a PostgreSQL server (postgresql:// or postgres://)."""
    return str(location).startswith(("postgresql://", "postgres://"))


def store_settings() -> StoreSettings:
    """`[store]` under SUMMARIZER_DB and SUMMARIZER_LEASE."""
    return load_section(StoreSettings, "store", STORE_ENV, {})


def store_path(flag: str | Path | None = None) -> Path | str:
    """The store: --db, then SUMMARIZER_DB, then `[store] path`, then the data dir. A
    postgresql:// URL stays a string (a Path would fold its `//`); anything else is a file."""
    value = str(flag) if flag is not None else store_settings().path
    if not value:
        return data_dir() / "summarizer.db"
    return value if is_postgres(value) else Path(value).expanduser()
