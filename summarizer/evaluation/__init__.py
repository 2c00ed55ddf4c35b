"""Scoring summaries against hand-labelled fixtures: metrics, runs, thresholds and the report.

Only runner.py reaches a model (through the Summarizer); everything else scores pydantic
objects, so saved predictions are scored exactly like fresh ones.
"""

from summarizer.evaluation.gold import Fixture, FixtureError, Gold, load_fixture, load_fixtures
from summarizer.evaluation.metrics import (
    Aggregate,
    ArticleScore,
    Counts,
    Metrics,
    Prediction,
    aggregate,
    by_language,
    score_article,
)
from summarizer.evaluation.predictions import load_predictions, save_predictions
from summarizer.evaluation.runner import EvalResult, run_eval, run_model, score, write_results
from summarizer.evaluation.thresholds import (
    EXIT_BELOW_THRESHOLD,
    Thresholds,
    failures,
    load_thresholds,
)

__all__ = [
    "EXIT_BELOW_THRESHOLD",
    "Aggregate",
    "ArticleScore",
    "Counts",
    "EvalResult",
    "Fixture",
    "FixtureError",
    "Gold",
    "Metrics",
    "Prediction",
    "Thresholds",
    "aggregate",
    "by_language",
    "failures",
    "load_fixture",
    "load_fixtures",
    "load_predictions",
    "load_thresholds",
    "run_eval",
    "run_model",
    "save_predictions",
    "score",
    "score_article",
    "write_results",
]
