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
    # Relations are read in code from the brief's translations: two model calls.
    assert [c.task for c in fake.requests] == ["brief", "transfers"]
    assert SEED.name in result.out and "tr" in result.out
    assert f"wrote 1 file(s) to {tmp_path}" in result.out


def test_transfer_is_grounded_and_corrected_in_code(
    cli, fake: FakeProvider, tmp_path: Path
) -> None:
    result = run_summarize(cli, tmp_path, SEED)
    assert result.code == 0, result.err
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
    result = run_summarize(cli, tmp_path, SEED)
    assert result.code == 0, result.err
    data = json.loads((tmp_path / f"{SEED.stem}.json").read_text("utf-8"))
    [relation] = data["relations"]
    assert [c["code"] for c in relation["countries"]] == ["BY", "RU"]
    assert relation["topics"][0] == "arms transfer"  # the S-400 and Iskander deliveries
    [event] = relation["events"]
    article = SEED.read_text("utf-8")
    assert article[event["evidence_start"] : event["evidence_end"]] == event["evidence"]
    # The kind and summary come from the sentence's translation, made for the brief.
    assert (event["kind"], event["summary_by"]) == ("meeting", "translation")


def test_unsupported_items_beside_a_supported_one_are_dropped_and_counted(
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
    result = run_summarize(cli, tmp_path, SEED)
    assert result.code == 0, result.err
    data = json.loads((tmp_path / f"{SEED.stem}.json").read_text("utf-8"))
    # The model's S-400 record is kept, its invented Su-35 dropped; code itself reads the
    # Iskander ("Rusya'nın ... Belarus'a sevk ettiği": the grammar names giver and getter)
    # from the seed's sentences.
    records = [(t["systems"][0]["designation"], t["corrections"]) for t in data["arms_transfers"]]
    assert [name for name, _ in records] == ["S-400", "Iskander"]
    assert records[1][1] == [
        "found in code: the sentence's grammar names the supplier and recipient"
    ]
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
    result = run_summarize(cli, tmp_path, SEED)
    assert result.code == 0, result.err
    transfers = next(r for r in fake.requests if r.task == "transfers")
    user = transfers.messages[1]["content"]
    assert user.startswith("<article>")
    assert "[10] Rusya’nın S-400 hava savunma sistemleri" in user
    assert "Sentences that name weapons and a step of a deal: 1, 8, 10, 15" in user
    # The brief's translation call carries only its chosen sentences, no article.
    brief = next(r for r in fake.requests if r.task == "brief")
    assert "<article>" not in brief.messages[1]["content"]
    assert "<sentences>" in brief.messages[1]["content"]


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


def test_an_english_article_is_its_own_translation(cli, fake: FakeProvider, tmp_path: Path) -> None:
    article = tmp_path / "en.txt"
    article.write_text(
        "Russia hands Belarus a second S-400 battery\n\n"
        "Russia delivered a second S-400 air defence battery to Belarus on Friday, the "
        "Belarusian defence ministry said. The systems will be put on combat duty in 2026, "
        "according to the ministry. Lukashenko thanked Putin for the delivery in a phone call.\n",
        "utf-8",
    )
    result = run_summarize(cli, tmp_path / "out", article, only="brief")
    assert result.code == 0, result.err
    assert fake.requests == []  # no call: the sentences are already English
    brief = json.loads((tmp_path / "out" / "en.json").read_text("utf-8"))["brief"]
    assert brief["headline"] == "Russia hands Belarus a second S-400 battery"
    assert brief["key_points"][0] == (
        "Russia delivered a second S-400 air defence battery to Belarus on Friday, the "
        "Belarusian defence ministry said."
    )
    assert all(p["text"] == p["evidence"] for p in brief["points"])


def test_a_failed_extraction_is_listed_and_the_rest_is_kept(
    cli, fake: FakeProvider, tmp_path: Path
) -> None:
    fake.answers["transfers"] = {"transfers": "none"}  # not even the shape
    result = run_summarize(cli, tmp_path, SEED)
    assert result.code == 1
    assert result.err.splitlines() == [
        f"error: {SEED}: transfers failed",
        "1 of 1 articles incomplete",
    ]
    data = json.loads((tmp_path / f"{SEED.stem}.json").read_text("utf-8"))
    assert data["meta"]["failed"] == ["transfers"]
    assert any(w.startswith("transfers: chunk skipped:") for w in data["meta"]["warnings"])
    assert data["brief"]["key_points"] and data["relations"]


def test_a_pair_named_together_once_is_dropped_and_counted(
    cli, fake: FakeProvider, tmp_path: Path
) -> None:
    article = tmp_path / "de.txt"
    article.write_text(
        "Russland liefert Belarus weitere Luftabwehrsysteme\n\n"
        "Russland hat Belarus im Dezember zwei weitere S-400-Systeme geliefert. "
        "Die Türkei und Belarus sprachen am Rande über Handel.\n",
        "utf-8",
    )
    fake.answers["transfers"] = {"transfers": []}
    fake.answers["brief"] = {
        "english": [
            "Russia supplies Belarus with more air defence systems",
            "In December Russia delivered two more S-400 systems to Belarus.",
            "Türkiye and Belarus talked about trade on the sidelines.",
        ]
    }
    result = run_summarize(cli, tmp_path / "out", article)
    assert result.code == 0, result.err
    data = json.loads((tmp_path / "out" / "de.json").read_text("utf-8"))
    # Russia–Belarus: named alone twice, and code reads the delivery. Belarus–Türkiye: once.
    assert [[c["code"] for c in r["countries"]] for r in data["relations"]] == [["BY", "RU"]]
    assert data["meta"]["dropped"] == {"relations": 1}
    assert (
        "relations: dropped pair Belarus and Türkiye: named together once, no arms transfer"
        in data["meta"]["warnings"]
    )


def test_model_strings_of_any_length_cannot_bloat_the_output(
    cli, fake: FakeProvider, tmp_path: Path
) -> None:
    huge = "S" * 200_000
    fake.answers["transfers"] = {
        "transfers": [
            {
                "sentence": 10,
                "supplier": "Russia",
                "recipient": "Belarus",
                "systems": [huge],
                "status": "deployed",
            }
        ]
    }
    result = run_summarize(cli, tmp_path, SEED)
    # The overlong name fails validation: the transfers part fails (exit 1), the rest is kept.
    assert result.code == 1, result.err
    out = tmp_path / f"{SEED.stem}.json"
    assert out.stat().st_size < 60_000  # 800 kB of model text went nowhere
    data = json.loads(out.read_text("utf-8"))
    assert all(len(s["designation"]) <= 80 for t in data["arms_transfers"] for s in t["systems"])
    assert all(len(w) <= 600 for w in data["meta"]["warnings"])


def test_an_output_name_taken_by_a_directory_is_one_line_and_leaves_nothing(
    cli, fake: FakeProvider, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    (out / f"{SEED.stem}.json").mkdir(parents=True)
    result = run_summarize(cli, out, SEED)
    assert result.code == 3
    assert result.err.splitlines() == [
        f"error: Cannot write {out / SEED.stem}.json: Is a directory"
    ]
    assert sorted(p.name for p in out.iterdir()) == [f"{SEED.stem}.json"]  # no .tmp left


def test_the_same_text_under_the_same_stem_twice_is_written_twice(
    cli, fake: FakeProvider, tmp_path: Path
) -> None:
    copies = [tmp_path / folder / SEED.name for folder in ("a", "b", "c")]
    for copy in copies:
        copy.parent.mkdir()
        copy.write_bytes(SEED.read_bytes())
    out = tmp_path / "out"
    result = run_summarize(cli, out, *copies)
    assert result.code == 0, result.err
    written = sorted(p.name for p in out.iterdir())
    assert len(written) == 3 and f"{SEED.stem}.json" in written  # none overwritten
    assert "wrote 3 file(s)" in result.out
