"""Evaluation metrics on hand-built predictions against the real fixture golds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer.errors import ConfigError
from summarizer.evaluation import (
    Fixture,
    Metrics,
    Prediction,
    failures,
    load_fixture,
    load_predictions,
    load_thresholds,
    score,
    score_article,
)
from summarizer.evaluation.matching import names_match
from summarizer.schemas import (
    Brief,
    CallStats,
    CountryRef,
    Event,
    Meta,
    Relation,
    Source,
    Summary,
    SystemRecord,
    Transfer,
)
from tests.conftest import ROOT

FIXTURES = ROOT / "evals" / "fixtures"
DATA = ROOT / "tests" / "data" / "eval"
BRIEF = Brief(
    headline="Nothing in particular happened",
    summary="The article reports on nothing that matters for this test at all.",
    key_points=["Nothing happened."],
)


def fixture(fid: str) -> Fixture:
    return load_fixture(FIXTURES / fid)


def grounded(fx: Fixture, evidence: str, shift: int = 0) -> dict[str, object]:
    start = fx.text.index(evidence) + shift
    return {"evidence": evidence, "evidence_start": start, "evidence_end": start + len(evidence)}


def country(code: str) -> CountryRef:
    return CountryRef(code=code, name=code + " land")


def transfer(fx: Fixture, supplier: str, recipient: str, systems: list[str], status: str,
             evidence: str | None = None, quantity: int | None = None) -> Transfer:  # fmt: skip
    evidence = evidence or fx.gold.transfers[0].evidence
    return Transfer(
        supplier=country(supplier),
        recipient=country(recipient),
        systems=[SystemRecord(designation=s, category="other", quantity=quantity) for s in systems],
        status=status,
        **grounded(fx, evidence),
    )


def summary(fx: Fixture, transfers: list[Transfer] | None = None,
            relations: list[Relation] | None = None, brief: Brief | None = BRIEF,
            meta: Meta | None = None) -> Summary:  # fmt: skip
    return Summary(
        source=Source(path=fx.path, sha256="0" * 64, language=fx.gold.language),
        brief=brief,
        arms_transfers=transfers or [],
        relations=relations or [],
        meta=meta or Meta(model="hand", prompt_version="0"),
    )


def perfect(fx: Fixture, shift_first: int = 0) -> Summary:
    """What a careful analyst would output: the gold itself, as a Summary."""
    gold = fx.gold
    transfers = [
        Transfer(
            supplier=country(t.supplier),
            recipient=country(t.recipient),
            systems=[SystemRecord(designation=t.system, category=t.category, quantity=t.quantity)],
            status=t.status,
            value=t.value.model_dump() if t.value else None,
            year=t.year,
            **grounded(fx, t.evidence, shift_first if i == 0 else 0),
        )
        for i, t in enumerate(gold.transfers)
    ]
    relations = [
        Relation(
            countries=[country(a), country(b)],
            events=[
                Event(date=e.date, kind=e.kind, summary="an event", **grounded(fx, e.evidence))
                for e in gold.events
                if tuple(e.countries) == (a, b)
            ],
        )
        for a, b in gold.pairs
    ]
    facts = ", ".join(group[0] for group in gold.key_facts)
    brief = Brief(
        headline="What the article reports",
        summary=f"The article reports on {facts}, according to the officials who spoke this week.",
        key_points=[facts],
    )
    return summary(fx, transfers, relations, brief)


def scored(fx: Fixture, s: Summary | None, error: str | None = None) -> Metrics:
    return score_article(fx, Prediction(id=fx.id, summary=s, error=error)).metrics


@pytest.mark.parametrize(
    "fid", ["ru_india_s400", "en_weekly_roundup", "es_argentina_f16", "fr_rafale_india"]
)
def test_a_perfect_prediction_scores_one(fid: str) -> None:
    m = scored(fixture(fid), perfect(fixture(fid)))
    assert (m.transfer_precision, m.transfer_recall, m.transfer_f1) == (1.0, 1.0, 1.0)
    assert m.status_accuracy == 1.0
    assert (m.pair_precision, m.pair_recall, m.event_date_recall) == (1.0, 1.0, 1.0)
    assert (m.key_fact_recall, m.grounding_rate, m.schema_valid_rate) == (1.0, 1.0, 1.0)
    assert (m.trap_hits, m.forbidden_hits, m.errors) == (0, 0, 0)
    assert m.brief_english_rate == 1.0


def test_a_reversed_direction_is_a_miss_and_a_false_record() -> None:
    fx = fixture("seed_001")
    pred = summary(fx, [
        transfer(fx, "RU", "BY", ["S-400"], "deployed"),
        transfer(fx, "BY", "RU", ["Iskander"], "deployed"),
    ])  # fmt: skip
    result = score_article(fx, Prediction(id=fx.id, summary=pred))
    c, m = result.counts, result.metrics
    assert (c.transfer_tp, c.transfer_fp, c.transfer_fn) == (1, 1, 1)
    assert (m.transfer_precision, m.transfer_recall, m.transfer_f1) == (0.5, 0.5, 0.5)
    assert [r.label for r in result.details.gold_transfers] == ["match", "missed"]
    assert [r.label for r in result.details.predicted_transfers] == ["match", "false"]
    assert m.trap_hits == 0


def test_reversing_into_a_trap_counts_the_trap() -> None:
    fx = fixture("seed_001")
    result = score_article(
        fx,
        Prediction(
            id=fx.id, summary=summary(fx, [transfer(fx, "BY", "RU", ["S-400"], "delivered")])
        ),
    )
    assert result.metrics.transfer_recall == 0.0
    assert result.metrics.trap_hits == 1
    assert result.details.predicted_transfers[0].label == "trap"
    assert [bool(t.hit_by) for t in result.details.traps] == [True, False, False]


def test_one_record_with_two_systems_matches_two_gold_records() -> None:
    fx = fixture("seed_001")
    m = scored(fx, summary(fx, [transfer(fx, "RU", "BY", ["S-400", "İskender"], "deployed")]))
    assert (m.transfer_precision, m.transfer_recall, m.status_accuracy) == (1.0, 1.0, 1.0)


def test_cyrillic_alias_matches_the_canonical_system() -> None:
    fx = fixture("ru_india_s400")
    pred = summary(fx, [
        transfer(fx, "RU", "IN", ["С-400"], "delivered", quantity=3),
        transfer(fx, "RU", "IN", ["С-400 «Триумф»"], "agreed", quantity=2),
        transfer(fx, "RU", "IN", ["Су-57Э"], "proposed"),
    ])  # fmt: skip
    m = scored(fx, pred)
    assert (m.transfer_precision, m.transfer_recall, m.status_accuracy) == (1.0, 1.0, 1.0)


def test_each_gold_record_counts_once() -> None:
    fx = fixture("seed_001")
    pred = summary(fx, [transfer(fx, "RU", "BY", ["S-400"], "deployed")] * 2)
    result = score_article(fx, Prediction(id=fx.id, summary=pred))
    assert (result.counts.transfer_tp, result.counts.transfer_fp, result.counts.transfer_fn) == (
        1,
        1,
        1,
    )


@pytest.mark.parametrize(
    ("predicted", "names", "expected"),
    [
        ("S 400", ["S-400"], True),
        ("s400", ["S-400"], True),
        ("AH-64E", ["AH-64 Apache", "AH-64"], True),
        ("iris-t slm", ["IRIS-T"], True),
        ("Drohnen", ["drones"], True),
        ("S-40", ["S-400"], False),
        ("S-500", ["S-400", "С-400"], False),
        ("drones", ["Bayraktar TB2"], False),
    ],
)
def test_system_names_match_by_alias_canonical_name_and_variant(
    predicted: str, names: list[str], expected: bool
) -> None:
    assert names_match(predicted, names) is expected


def test_a_planted_cancellation_is_a_trap_hit_and_a_wrong_status() -> None:
    fx = fixture("ru_india_s400")
    result = score_article(
        fx,
        Prediction(
            id=fx.id, summary=summary(fx, [transfer(fx, "RU", "IN", ["S-400"], "cancelled")])
        ),
    )
    c, m = result.counts, result.metrics
    assert (c.transfer_tp, c.transfer_fp, c.transfer_fn) == (1, 0, 2)
    assert m.status_accuracy == 0.0
    assert m.trap_hits == 1
    assert result.details.predicted_transfers[0].label == "trap"


def test_a_quantity_trap_is_hit_only_when_the_quantity_disagrees() -> None:
    fx = fixture("az_pakistan_jf17")  # trap: one deployed record of all 40 JF-17s
    whole = summary(fx, [transfer(fx, "PK", "AZ", ["JF-17"], "deployed", quantity=40)])
    part = summary(fx, [transfer(fx, "PK", "AZ", ["JF-17"], "deployed", quantity=12)])
    assert scored(fx, whole).trap_hits == 1
    assert scored(fx, part).trap_hits == 0


def test_grounding_rate_drops_when_an_offset_is_wrong() -> None:
    fx = fixture("ru_india_s400")  # 3 transfers + 2 events carry evidence
    assert scored(fx, perfect(fx)).grounding_rate == 1.0
    assert scored(fx, perfect(fx, shift_first=1)).grounding_rate == 0.8


def test_a_month_only_date_gets_no_credit() -> None:
    fx = fixture("ru_india_s400")
    events = [
        Event(
            date="2025-03-05",
            kind="talks",
            summary="talks",
            **grounded(fx, fx.gold.events[0].evidence),
        ),
        Event(
            date="2024-12",
            kind="visit",
            summary="visit",
            **grounded(fx, fx.gold.events[1].evidence),
        ),
    ]
    rel = Relation(countries=[country("RU"), country("IN")], events=events)
    result = score_article(fx, Prediction(id=fx.id, summary=summary(fx, relations=[rel])))
    assert result.metrics.event_date_recall == 0.5
    assert result.metrics.pair_precision == 1.0
    assert [r.label for r in result.details.predicted_events] == ["match", "false"]


def test_pairs_are_unordered_and_extra_pairs_are_false() -> None:
    fx = fixture("ru_india_s400")
    rels = [
        Relation(countries=[country("RU"), country("IN")]),
        Relation(countries=[country("US"), country("IN")]),
    ]
    result = score_article(fx, Prediction(id=fx.id, summary=summary(fx, relations=rels)))
    assert (result.metrics.pair_precision, result.metrics.pair_recall) == (0.5, 1.0)
    assert [(r.pair, r.label) for r in result.details.pairs] == [
        (("IN", "RU"), "match"),
        (("IN", "US"), "false"),
    ]


def test_key_facts_and_forbidden_claims_are_found_in_the_brief() -> None:
    fx = fixture("ru_india_s400")  # 5 key-fact groups, 2 forbidden groups
    brief = Brief(
        headline="Russia will deliver the last S400 sets to India in 2026",
        summary="Russia and India confirmed the schedule; a reader claimed the deal was CANCELLED.",
        key_points=["Two regiment sets are due in 2026."],
    )
    result = score_article(fx, Prediction(id=fx.id, summary=summary(fx, brief=brief)))
    assert result.metrics.key_fact_recall == 0.6  # S400, India, 2026; not 5.43, not Su-57
    assert result.metrics.forbidden_hits == 1
    assert [r.found for r in result.details.forbidden] == ["cancelled", None]


def test_a_failed_article_scores_as_empty_with_its_error() -> None:
    fx = fixture("seed_001")
    result = score_article(
        fx, Prediction(id=fx.id, error="model local: timed out", schema_valid=False)
    )
    m = result.metrics
    assert (m.transfer_recall, m.transfer_precision, m.transfer_f1) == (0.0, None, 0.0)
    assert (m.schema_valid_rate, m.key_fact_recall, m.errors) == (0.0, 0.0, 1)
    assert result.error == "model local: timed out"


def test_nothing_to_report_and_nothing_reported_is_not_measured() -> None:
    fx = fixture("weather_de")
    m = scored(fx, summary(fx))
    assert (m.transfer_precision, m.transfer_recall, m.transfer_f1) == (None, None, None)
    bad = scored(
        fx, summary(fx, [transfer(fx, "DE", "FR", ["drones"], "delivered", evidence="Sturmtief")])
    )
    assert (bad.transfer_precision, bad.transfer_f1) == (0.0, 0.0)


def test_meta_gives_attempts_tokens_seconds_and_dropped() -> None:
    fx = fixture("seed_001")
    meta = Meta(
        model="m", prompt_version="0", tokens={"prompt": 1000, "completion": 200, "cached": 800},
        seconds=12.5, attempts=4, dropped={"transfers": 2, "relations": 1},
        calls=[CallStats(task="brief", attempts=2), CallStats(task="transfers", attempts=1),
               CallStats(task="relations", attempts=1)],
    )  # fmt: skip
    m = scored(fx, summary(fx, meta=meta))
    assert (m.attempts_per_call, m.tokens_per_article, m.seconds_per_article) == (
        1.3333,
        1200,
        12.5,
    )
    assert m.dropped == 3


def test_totals_are_micro_averages_over_articles_and_languages() -> None:
    tr, en = fixture("seed_001"), fixture("en_weekly_roundup")  # 2 and 6 gold transfers
    result = score(
        [tr, en],
        [Prediction(id=tr.id, summary=perfect(tr)), Prediction(id=en.id, summary=summary(en))],
        model="hand",
        source="evals/fixtures",
    )
    assert result.overall.metrics.transfer_recall == 0.25  # 2 of 8, not the mean of 1 and 0
    assert result.overall.counts.transfer_fn == 6
    assert result.by_language["tr"].metrics.transfer_recall == 1.0
    assert result.by_language["en"].metrics.transfer_recall == 0.0
    assert list(result.by_language) == ["en", "tr"]


def test_saved_predictions_are_read_leniently(tmp_path: Path) -> None:
    fx = fixture("seed_001")
    turkish = (
        "Belarus Cumhurbaşkanı Lukaşenko, S-400 ve İskender sistemlerinin devrede olduğunu söyledi."
    )
    # The language of a brief is judged when it is made, not when a saved one is read: a
    # Turkish summary is valid Summary JSON, and the English rate still catches it.
    good = perfect(fx).model_dump(mode="json")
    good["brief"]["summary"] = turkish
    (tmp_path / "seed_001.json").write_text(json.dumps(good), encoding="utf-8")
    [pred] = load_predictions(tmp_path, [fx])
    assert (pred.schema_valid, pred.error) == (True, None)
    assert score_article(fx, pred).metrics.brief_english_rate == 0.0
    # A brief that breaks the contract (no key point) makes the file invalid; it still scores.
    good["brief"]["key_points"] = []
    (tmp_path / "seed_001.json").write_text(json.dumps(good), encoding="utf-8")
    [pred] = load_predictions(tmp_path, [fx])
    assert pred.schema_valid is False
    assert pred.error is not None and "brief" in pred.error
    result = score_article(fx, pred)
    assert result.metrics.transfer_f1 == 1.0  # the valid parts still score
    assert result.metrics.brief_english_rate == 0.0
    assert result.metrics.schema_valid_rate == 0.0

    (tmp_path / "seed_001.json").write_text("{not json", encoding="utf-8")
    [broken] = load_predictions(tmp_path, [fx])
    assert broken.summary is None and "not JSON" in (broken.error or "")


def test_threshold_failures_name_each_metric(tmp_path: Path) -> None:
    path = tmp_path / "thresholds.toml"
    path.write_text("[min]\ntransfer_f1 = 0.5\nkey_fact_recall = 0.2\n[max]\ntrap_hits = 2\n")
    metrics = Metrics(transfer_f1=0.42, key_fact_recall=0.9, trap_hits=5, event_date_recall=None)
    assert failures(metrics, load_thresholds(path)) == [
        "threshold: transfer_f1 0.42 < 0.50",
        "threshold: trap_hits 5 > 2",
    ]


def test_unknown_threshold_metric_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "thresholds.toml"
    path.write_text("[min]\ntransfer_f2 = 0.5\n")
    with pytest.raises(ConfigError, match="unknown metric 'transfer_f2' in \\[min\\]; known: "):
        load_thresholds(path)


def test_the_shipped_thresholds_file_loads() -> None:
    bounds = load_thresholds(ROOT / "evals" / "thresholds.toml")
    # Every quality metric is gated (at the measured level; tests/test_eval_gate.py replays
    # the recorded run against these bounds), and no article may fail outright.
    assert {"transfer_f1", "status_accuracy", "key_fact_recall", "grounding_rate"} <= set(
        bounds.min
    )
    assert {"trap_hits", "forbidden_hits"} <= set(bounds.max)
    assert bounds.max["errors"] == 0
    assert bounds.min["grounding_rate"] == bounds.min["schema_valid_rate"] == 1.0


def test_synthetic_predictions_score_as_documented() -> None:
    fx = load_fixture(DATA / "fixtures" / "xss_demo")
    [pred] = load_predictions(DATA / "predictions", [fx])
    result = score_article(fx, pred)
    assert (result.counts.transfer_tp, result.counts.transfer_fp) == (1, 1)
    assert (result.metrics.trap_hits, result.metrics.forbidden_hits) == (1, 0)
    assert (result.metrics.event_date_recall, result.metrics.grounding_rate) == (1.0, 1.0)
