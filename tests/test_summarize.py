"""`summarizer summarize` and `schema`: the JSON contract, grounding, corrections, gates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer.schema_export import all_schemas
from tests.conftest import ROOT, SEEDS
from tests.fakes import FakeProvider

SEED = SEEDS / "001_915c504d3d01d421.txt"


def run_summarize(cli, out: Path, *paths: Path | str, only: str | None = None):
    args = ["summarize", "--model", "fake", "--out", str(out), *map(str, paths)]
    if only:
        args += ["--only", only]
    return cli(*args)


def test_writes_contract_json_per_article(cli, fake: FakeProvider, tmp_path: Path) -> None:
    result = run_summarize(cli, tmp_path, SEED)
    assert result.code == 0, result.err
    data = json.loads((tmp_path / f"{SEED.stem}.json").read_text("utf-8"))
    assert set(data) == {"source", "brief", "arms_transfers", "relations", "meta"}
    assert {"path", "sha256", "language", "title", "published"} <= set(data["source"])
    assert [c.task for c in fake.requests] == [
        "brief",
        "transfers",
        "relations",
    ]
    assert SEED.name in result.out and "tr" in result.out
    assert f"wrote 1 file(s) to {tmp_path}" in result.out


def test_transfer_is_grounded_and_corrected_in_code(
    cli, fake: FakeProvider, tmp_path: Path
) -> None:
    run_summarize(cli, tmp_path, SEED)
    data = json.loads((tmp_path / f"{SEED.stem}.json").read_text("utf-8"))
    [transfer] = data["arms_transfers"]
    # The fake model reversed the direction and chose "delivered"; the sentence's grammar
    # ("Rusya’nın ... Belarus’a sevk") and its cue ("devreye soktuk") correct both.
    assert transfer["supplier"] == {"code": "RU", "name": "Russia"}
    assert transfer["recipient"] == {"code": "BY", "name": "Belarus"}
    assert transfer["status"] == "deployed"
    assert [s["designation"] for s in transfer["systems"]] == ["S-400", "Iskander"]
    assert [s["category"] for s in transfer["systems"]] == ["air_defence", "missile"]
    assert len(transfer["corrections"]) == 2
    article = SEED.read_text("utf-8")
    assert article[transfer["evidence_start"] : transfer["evidence_end"]] == transfer["evidence"]
    assert "devreye soktuk" in transfer["evidence"]


def test_relations_sorted_pair_and_grounded_events(cli, fake: FakeProvider, tmp_path: Path) -> None:
    run_summarize(cli, tmp_path, SEED)
    data = json.loads((tmp_path / f"{SEED.stem}.json").read_text("utf-8"))
    [relation] = data["relations"]
    assert [c["code"] for c in relation["countries"]] == ["BY", "RU"]
    [event] = relation["events"]
    assert event["kind"] == "meeting"
    article = SEED.read_text("utf-8")
    assert article[event["evidence_start"] : event["evidence_end"]] == event["evidence"]
    assert relation["tone"] == "cooperative"


def test_unsupported_items_are_reasked_then_dropped_and_counted(
    cli, fake: FakeProvider, tmp_path: Path
) -> None:
    fake.answers["transfers"] = {
        "transfers": [
            {
                "sentence": 10,
                "supplier": "Russia",
                "recipient": "Belarus",
                "systems": ["S-400"],
                "status": "deployed",
            },
            {
                "sentence": 3,
                "supplier": "Russia",
                "recipient": "Belarus",
                "systems": ["Su-35"],
                "status": "delivered",
            },
        ]
    }
    run_summarize(cli, tmp_path, SEED)
    data = json.loads((tmp_path / f"{SEED.stem}.json").read_text("utf-8"))
    assert [t["systems"][0]["designation"] for t in data["arms_transfers"]] == ["S-400"]
    assert data["meta"]["dropped"] == {"transfers": 1}
    assert "the article never names 'Su-35'" in data["meta"]["warnings"][0]


def test_only_runs_the_chosen_tasks(cli, fake: FakeProvider, tmp_path: Path) -> None:
    result = run_summarize(cli, tmp_path, SEED, only="transfers")
    assert result.code == 0, result.err
    data = json.loads((tmp_path / f"{SEED.stem}.json").read_text("utf-8"))
    assert "brief" not in data and "relations" not in data
    assert [r.task for r in fake.requests] == ["transfers"]
    bad = run_summarize(cli, tmp_path, SEED, only="brief,poems")
    assert bad.code == 3
    assert "--only takes a comma-separated list of brief, transfers, relations" in bad.err


def test_article_without_weapons_or_pairs_makes_no_extraction_call(
    cli, fake: FakeProvider, tmp_path: Path
) -> None:
    weather = ROOT / "tests" / "data" / "weather_de.txt"
    fake.use_context = False
    result = run_summarize(cli, tmp_path, weather)
    assert result.code == 0, result.err
    data = json.loads((tmp_path / "weather_de.json").read_text("utf-8"))
    assert data["arms_transfers"] == [] and data["relations"] == []
    assert [r.task for r in fake.requests] == ["brief"]


def test_same_stem_twice_gets_distinct_files(cli, fake: FakeProvider, tmp_path: Path) -> None:
    other = tmp_path / "in" / SEED.name
    other.parent.mkdir()
    other.write_text(SEED.read_text("utf-8") + "\nEk paragraf.\n", "utf-8")
    out = tmp_path / "out"
    assert run_summarize(cli, out, SEED, other).code == 0
    assert len(list(out.glob("*.json"))) == 2


def test_prompt_carries_numbered_sentences_and_weapon_candidates(
    cli, fake: FakeProvider, tmp_path: Path
) -> None:
    run_summarize(cli, tmp_path, SEED)
    transfers = next(r for r in fake.requests if r.task == "transfers")
    user = transfers.messages[1]["content"]
    assert "[10] Rusya’nın S-400 hava savunma sistemleri" in user
    assert "Sentences that name weapons: 1, 8, 9, 10, 15" in user
    # the article block is identical across tasks, so the server caches it once
    brief = next(r for r in fake.requests if r.task == "brief")
    prefix = brief.messages[1]["content"].split("</article>")[0]
    assert user.startswith(prefix)


@pytest.mark.parametrize("name", sorted(all_schemas()))
def test_schema_files_match_the_models(name: str) -> None:
    path = ROOT / "schemas" / f"{name}.schema.json"
    assert json.loads(path.read_text("utf-8")) == all_schemas()[name], (
        f"{path} is stale: run `summarizer schema --write schemas`"
    )


def test_schema_command_prints_the_contract(cli) -> None:
    result = cli("schema")
    assert result.code == 0
    schemas = json.loads(result.out)
    status = schemas["summary"]["$defs"]["Status"]["enum"]
    assert status == ["proposed", "negotiating", "agreed", "delivered", "deployed", "cancelled"]
