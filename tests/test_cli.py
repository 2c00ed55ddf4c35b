"""`summarizer brief` as a user sees it: output, JSON contract, errors and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import SEEDS
from tests.fakes import FakeProvider

SEED = str(SEEDS / "001_915c504d3d01d421.txt")


def test_brief_prints_headline_summary_and_points(cli, fake: FakeProvider) -> None:
    result = cli("brief", "--model", "fake", SEED)
    assert result.code == 0, result.err
    assert "Belarus puts Russian S-400 and Iskander systems on combat duty" in result.out
    assert "• Lukashenko and Putin met in Minsk." in result.out
    assert "(tr → en)" in result.out
    assert fake.closed


def test_json_output_follows_the_contract(cli, fake: FakeProvider) -> None:
    result = cli("brief", "--json", "--model", "fake", SEED)
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert set(data) == {"source", "brief", "meta"}
    source = data["source"]
    assert source["path"] == SEED
    assert source["language"] == "tr"
    assert len(source["sha256"]) == 64
    assert set(data["brief"]) == {"headline", "summary", "key_points"}
    meta = data["meta"]
    assert meta["model"] == "fake"
    assert len(meta["prompt_version"]) == 12
    assert meta["attempts"] == 1
    assert meta["tokens"]["completion"] == 50


def test_article_reaches_the_model_after_boilerplate_removal(cli, fake: FakeProvider) -> None:
    cli("brief", "--model", "fake", str(SEEDS / "000_6ae452d73ffa087b.txt"))
    user = fake.requests[0].messages[1]["content"]
    headline = "Putin: Zorlu küresel koşullara rağmen askeri-teknik işbirliği sistemi"
    assert user.count(headline) == 1  # the seed repeats it three times
    assert "Turkish" in user


def test_names_found_in_code_reach_the_prompt(cli, fake: FakeProvider) -> None:
    cli("brief", "--model", "fake", SEED)
    user = fake.requests[0].messages[1]["content"]
    assert "- Rusya = Russia\n" in user
    assert "- İskender = Iskander\n" in user
    assert "The brief must mention: S-400, Iskander, Belarus, Russia." in user


def test_a_brief_that_leaves_out_key_names_is_kept_with_a_warning(cli, fake: FakeProvider) -> None:
    fake.answers["brief"] = {
        "headline": "Belarus and Russia discuss military cooperation",
        "summary": "The presidents of Belarus and Russia met in Minsk and discussed defence.",
        "key_points": ["They met in Minsk."],
    }
    result = cli("brief", "--json", "--model", "fake", SEED)
    assert result.code == 0, result.err
    meta = json.loads(result.out)["meta"]
    assert meta["warnings"] == [
        "brief: the brief leaves out S-400, Iskander, which the article names; "
        "mention each of them in the summary"
    ]


def test_directory_and_stdin(cli, fake: FakeProvider, tmp_path: Path) -> None:
    fake.use_context = False
    result = cli("brief", "--json", "--model", "fake", str(SEEDS))
    assert result.code == 0, result.err
    assert len(result.out.splitlines()) == 5
    text = (SEEDS / "003_76069af4566144ff.txt").read_bytes()
    result = cli("brief", "--json", "--model", "fake", "-", stdin=text)
    assert result.code == 0, result.err
    assert json.loads(result.out)["source"]["language"] == "de"


def test_a_bad_article_is_reported_and_the_batch_goes_on(
    cli, fake: FakeProvider, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = cli("brief", "--json", "--model", "fake", str(empty), SEED, str(binary))
    assert result.code == 1
    assert len(result.out.splitlines()) == 1
    assert result.err.splitlines() == [
        f"error: {empty}: file is empty",
        f"error: {binary}: looks like a binary file (NUL bytes), not an article",
        "2 of 3 articles failed",
    ]


def test_missing_file_is_one_line_and_nonzero(cli, fake: FakeProvider, tmp_path: Path) -> None:
    result = cli("brief", "--model", "fake", str(tmp_path / "gone.txt"))
    assert result.code == 1
    assert result.err.splitlines()[0] == f"error: {tmp_path / 'gone.txt'}: no such file"


def test_cp1254_article_is_decoded(cli, fake: FakeProvider, tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes((SEEDS / "001_915c504d3d01d421.txt").read_text("utf-8").encode("cp1254"))
    result = cli("brief", "--json", "--model", "fake", str(path))
    assert result.code == 0, result.err
    assert json.loads(result.out)["source"]["encoding"] == "cp1254"


def test_invalid_model_answer_fails_that_article_only(cli, tmp_path: Path) -> None:
    from summarizer.llm import registry

    broken = FakeProvider(answers={"brief": {"headline": "x"}})
    registry.register("broken", lambda name, settings: broken)
    try:
        result = cli("brief", "--model", "broken", SEED)
    finally:
        registry.unregister("broken")
    assert result.code == 1
    assert result.err.startswith("error: model fake: invalid brief:")
    assert result.err.endswith("1 of 1 articles failed\n")


def test_provider_without_key_is_one_line(cli) -> None:
    result = cli("brief", "--model", "openai/gpt-4o-mini", SEED)
    assert result.code == 3
    assert (
        result.err
        == "error: No API key for openai/gpt-4o-mini: set OPENAI_API_KEY or pass --api-key\n"
    )


def test_dead_server_is_one_line(cli, monkeypatch) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("SUMMARIZER_RETRIES", "1")
    result = cli("brief", "--model", "openai/x", "--api-base", f"http://127.0.0.1:{port}/v1", SEED)
    assert result.code == 5
    assert result.err == (
        "error: model openai/x: cannot connect to the model server; is it running?\n"
    )


def test_unknown_model_name_is_explained(cli) -> None:
    result = cli("brief", "--model", "gpt4", SEED)
    assert result.code == 3
    assert "is not 'local' or a litellm name like openai/gpt-4o-mini" in result.err
