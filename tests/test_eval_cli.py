"""`summarizer eval` as a user runs it: files written, table printed, thresholds and exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.fakes import FakeProvider
from tests.test_eval_metrics import DATA, FIXTURES

LENIENT = "[min]\ntransfer_f1 = 0.1\n[max]\nerrors = 0\n"


@pytest.fixture
def fixtures_dir(tmp_path: Path) -> Path:
    """seed_001 (real) and xss_demo (synthetic), the two ids with saved predictions."""
    target = tmp_path / "fixtures"
    shutil.copytree(FIXTURES / "seed_001", target / "seed_001")
    shutil.copytree(DATA / "fixtures" / "xss_demo", target / "xss_demo")
    return target


@pytest.fixture
def lenient(tmp_path: Path) -> Path:
    path = tmp_path / "lenient.toml"
    path.write_text(LENIENT, encoding="utf-8")
    return path


def test_eval_scores_saved_predictions_without_a_model(
    cli, fixtures_dir: Path, lenient: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = cli("eval", "--predictions", str(DATA / "predictions"), "--fixtures", str(fixtures_dir),
                 "--out", str(out), "--thresholds", str(lenient))  # fmt: skip
    assert result.code == 0, result.err
    assert "seed_001" in result.out and "xss_demo" in result.out and "micro total" in result.out
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    overall = metrics["overall"]["metrics"]
    assert overall["transfer_recall"] == 1.0  # 3 of 3 gold transfers
    assert overall["transfer_precision"] == 0.75  # the F-35 from the comment is false
    assert overall["trap_hits"] == 1
    assert [a["id"] for a in metrics["articles"]] == ["seed_001", "xss_demo"]
    assert set(metrics["by_language"]) == {"en", "tr"}
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in report
    assert sorted(p.name for p in (out / "predictions").iterdir()) == [
        "seed_001.json",
        "xss_demo.json",
    ]


def test_a_metric_below_its_threshold_exits_6_and_names_it(
    cli, fixtures_dir: Path, tmp_path: Path
) -> None:
    strict = tmp_path / "strict.toml"
    strict.write_text(
        "[min]\ntransfer_precision = 0.9\ntransfer_recall = 0.5\n[max]\ntrap_hits = 0\n"
    )
    result = cli("eval", "--predictions", str(DATA / "predictions"), "--fixtures", str(fixtures_dir),
                 "--out", str(tmp_path / "out"), "--thresholds", str(strict))  # fmt: skip
    assert result.code == 6
    assert result.err.splitlines() == [
        "threshold: transfer_precision 0.75 < 0.90",
        "threshold: trap_hits 1 > 0",
    ]
    assert (tmp_path / "out" / "report.html").is_file()  # outputs are written before the verdict


def test_only_fixture_limits_the_run(
    cli, fixtures_dir: Path, lenient: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = cli("eval", "--predictions", str(DATA / "predictions"), "--fixtures", str(fixtures_dir),
                 "--out", str(out), "--thresholds", str(lenient), "--only-fixture", "seed_001")  # fmt: skip
    assert result.code == 0, result.err
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert [a["id"] for a in metrics["articles"]] == ["seed_001"]
    assert metrics["overall"]["metrics"]["transfer_f1"] == 1.0


def test_an_unknown_fixture_id_is_one_clear_line(cli, fixtures_dir: Path, tmp_path: Path) -> None:
    result = cli("eval", "--predictions", str(DATA / "predictions"), "--fixtures", str(fixtures_dir),
                 "--out", str(tmp_path / "out"), "--only-fixture", "nope")  # fmt: skip
    assert result.code == 2
    assert (
        result.err == f"error: Unknown fixture nope in {fixtures_dir}; known: seed_001, xss_demo\n"
    )


def test_predictions_and_model_together_are_refused(
    cli, fixtures_dir: Path, tmp_path: Path
) -> None:
    result = cli("eval", "--predictions", str(DATA / "predictions"), "--model", "fake",
                 "--fixtures", str(fixtures_dir), "--out", str(tmp_path / "out"))  # fmt: skip
    assert result.code == 3
    assert "--predictions scores saved files without a model" in result.err


def test_a_missing_prediction_counts_as_a_failed_article(
    cli, fixtures_dir: Path, lenient: Path, tmp_path: Path
) -> None:
    preds = tmp_path / "preds"
    preds.mkdir()
    shutil.copy(DATA / "predictions" / "seed_001.json", preds)
    out = tmp_path / "out"
    result = cli("eval", "--predictions", str(preds), "--fixtures", str(fixtures_dir),
                 "--out", str(out), "--thresholds", str(lenient))  # fmt: skip
    assert result.code == 6
    assert result.err == "threshold: errors 1 > 0\n"
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    xss = metrics["articles"][1]
    assert xss["error"] == f"{preds / 'xss_demo.json'}: no prediction file"
    assert xss["metrics"]["schema_valid_rate"] == 0.0


def test_eval_runs_the_model_end_to_end(
    cli, fake: FakeProvider, lenient: Path, tmp_path: Path
) -> None:
    fixtures = tmp_path / "fixtures"
    shutil.copytree(FIXTURES / "seed_001", fixtures / "seed_001")
    out = tmp_path / "out"
    result = cli("eval", "--model", "fake", "--fixtures", str(fixtures), "--out", str(out),
                 "--thresholds", str(lenient))  # fmt: skip
    assert result.code == 0, result.err
    assert {r.task for r in fake.requests} == {"brief", "transfers"}
    assert fake.closed
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["model"] == "fake"
    article = metrics["articles"][0]
    assert article["error"] is None
    assert article["counts"]["calls"] == 2
    saved = json.loads((out / "predictions" / "seed_001.json").read_text(encoding="utf-8"))
    assert saved["meta"]["model"] == "fake"
    assert (out / "report.html").is_file()


def test_a_failing_article_does_not_stop_the_run(
    cli, fake: FakeProvider, lenient: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from summarizer.errors import ProviderError

    answer = fake.generate

    def flaky(request):  # the model fails on the weather article only
        if any("Zoltan" in m["content"] for m in request.messages):
            raise ProviderError("model fake: the server went away")
        return answer(request)

    monkeypatch.setattr(fake, "generate", flaky)
    fixtures = tmp_path / "fixtures"
    shutil.copytree(FIXTURES / "weather_de", fixtures / "weather_de")
    shutil.copytree(FIXTURES / "seed_001", fixtures / "seed_001")
    out = tmp_path / "out"
    result = cli("eval", "--model", "fake", "--fixtures", str(fixtures), "--out", str(out),
                 "--thresholds", str(lenient))  # fmt: skip
    assert result.code == 6  # errors = 0 is a threshold
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    errors = {a["id"]: a["error"] for a in metrics["articles"]}
    assert errors == {"seed_001": None, "weather_de": "model fake: the server went away"}
    assert metrics["overall"]["metrics"]["errors"] == 1
    assert [p.name for p in (out / "predictions").iterdir()] == ["seed_001.json"]


def test_an_invalid_brief_answer_loses_the_brief_only(
    cli, fake: FakeProvider, lenient: Path, tmp_path: Path
) -> None:
    fake.answers["brief"] = {"headline": "x", "summary": "too short", "key_points": []}
    fixtures = tmp_path / "fixtures"
    shutil.copytree(FIXTURES / "seed_001", fixtures / "seed_001")
    out = tmp_path / "out"
    result = cli("eval", "--model", "fake", "--fixtures", str(fixtures), "--out", str(out),
                 "--thresholds", str(lenient))  # fmt: skip
    assert result.code == 0, result.err
    saved = json.loads((out / "predictions" / "seed_001.json").read_text(encoding="utf-8"))
    assert "brief" not in saved and saved["arms_transfers"]
    assert saved["meta"]["failed"] == ["brief"]
    assert saved["meta"]["warnings"][0].startswith(
        "brief: chunk skipped: model fake: invalid brief"
    )
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["overall"]["metrics"]["errors"] == 0
    assert metrics["overall"]["metrics"]["transfer_recall"] > 0


def test_eval_has_help(cli) -> None:
    result = cli("eval", "--help")
    assert result.code == 0
    for flag in (
        "--model",
        "--fixtures",
        "--out",
        "--thresholds",
        "--predictions",
        "--only-fixture",
    ):
        assert flag in result.out
