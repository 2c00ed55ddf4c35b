"""Quality gates: `[min]` and `[max]` tables of metric names in evals/thresholds.toml."""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import BaseModel, Field

from summarizer.errors import ConfigError
from summarizer.evaluation.metrics import Metrics

DEFAULT_THRESHOLDS = Path("evals/thresholds.toml")
EXIT_BELOW_THRESHOLD = 6


class Thresholds(BaseModel):
    """Lower bounds (min) and upper bounds (max) on overall metrics."""

    min: dict[str, float] = Field(default_factory=dict)
    max: dict[str, float] = Field(default_factory=dict)


def load_thresholds(path: Path) -> Thresholds:
    """Read and check a thresholds file; unknown metric names are an error that lists the known."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"Cannot read thresholds file {path}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    extra = sorted(set(data) - {"min", "max"})
    if extra:
        raise ConfigError(f"{path}: unknown table(s) {', '.join(extra)}; use [min] and [max]")
    known = set(Metrics.model_fields)
    for table in ("min", "max"):
        bounds = data.get(table, {})
        if not isinstance(bounds, dict):
            raise ConfigError(f"{path}: [{table}] must be a table of metric = number")
        for name, bound in bounds.items():
            if name not in known:
                names = ", ".join(sorted(known))
                raise ConfigError(f"{path}: unknown metric {name!r} in [{table}]; known: {names}")
            if isinstance(bound, bool) or not isinstance(bound, int | float):
                raise ConfigError(f"{path}: [{table}] {name} must be a number, got {bound!r}")
    return Thresholds.model_validate(data)


COUNTS = frozenset(n for n, f in Metrics.model_fields.items() if f.annotation is int)


def _fmt(name: str, value: float) -> str:
    return f"{value:g}" if name in COUNTS else f"{value:.2f}"


def failures(metrics: Metrics, thresholds: Thresholds) -> list[str]:
    """One line per metric outside its bound, e.g. 'threshold: transfer_f1 0.42 < 0.50'.

    A metric the run could not measure (None: nothing to count) does not fail its bound.
    """
    values = metrics.model_dump()
    lines = []
    for name, bound in thresholds.min.items():
        value = values[name]
        if value is not None and value < bound:
            lines.append(f"threshold: {name} {_fmt(name, value)} < {_fmt(name, bound)}")
    for name, bound in thresholds.max.items():
        value = values[name]
        if value is not None and value > bound:
            lines.append(f"threshold: {name} {_fmt(name, value)} > {_fmt(name, bound)}")
    return lines
