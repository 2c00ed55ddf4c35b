"""`summarizer brief` as a user sees it: output, JSON contract, errors and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import SEEDS
from tests.fakes import FakeProvider

SEED = str(SEEDS / "001_915c504d3d01d421.txt")


def words(text: str) -> str:
    """Terminal output with the console's line wrapping undone."""
    return " ".join(text.split())


def test_brief_prints_headline_summary_and_points(cli, fake: FakeProvider) -> None:
    result = cli("brief", "--model", "fake", SEED)
    assert result.code == 0, result.err
    out = words(result.out)
    # The headline is the translated headline sentence, the points the other translations.
    assert "Alexander Lukashenko: the S-400 and Iskander systems are now in use" in out
    assert (
        "• Belarusian President Alexander Lukashenko met Russian President Vladimir Putin "
        "in his country's capital, Minsk." in out
    )
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
    brief = data["brief"]
    assert set(brief) == {"headline", "summary", "key_points", "points"}
    # Every key point is the translation of one article sentence, quoted verbatim as evidence.
    assert [p["text"] for p in brief["points"]] == brief["key_points"]
    article = Path(SEED).read_text("utf-8")
    for point in brief["points"]:
        assert set(point) == {"text", "evidence", "evidence_start", "evidence_end"}
        assert article[point["evidence_start"] : point["evidence_end"]] == point["evidence"]
    meta = data["meta"]
    assert meta["model"] == "fake"
    assert len(meta["prompt_version"]) == 12
    assert meta["attempts"] == 1
    assert meta["tokens"]["completion"] == 50
    assert meta["failed"] == []
    assert meta["schema_version"] == 2


def test_article_reaches_the_model_after_boilerplate_removal(cli, fake: FakeProvider) -> None:
    result = cli("brief", "--model", "fake", str(SEEDS / "000_6ae452d73ffa087b.txt"))
    assert result.code == 0, result.err
    user = fake.requests[0].messages[1]["content"]
    headline = "Putin: Zorlu küresel koşullara rağmen askeri-teknik işbirliği sistemi"
    assert user.count(headline) == 1  # the seed repeats it three times
    assert "Turkish" in user


def test_names_found_in_code_reach_the_prompt(cli, fake: FakeProvider) -> None:
    result = cli("brief", "--model", "fake", SEED)
    assert result.code == 0, result.err
    user = fake.requests[0].messages[1]["content"]
    assert "English names: Rusya = Russia; İskender = Iskander.\n" in user


def test_the_brief_asks_for_the_chosen_sentences_only(cli, fake: FakeProvider) -> None:
    result = cli("brief", "--model", "fake", SEED)
    assert result.code == 0, result.err
    [request] = fake.requests
    user = request.messages[1]["content"]
    assert "<article>" not in user  # the sentences to translate stand alone
    block = user.split("\n<sentences>\n")[1].split("\n</sentences>")[0].splitlines()
    assert [int(line[1 : line.index("]")]) for line in block] == request.context["numbers"]
    assert block[0] == "[1] Aleksandr Lukaşenko: S-400 ve İskender sistemleri devrede"
    assert request.response_model.model_json_schema()["properties"]["english"]["minItems"] == 6


def test_a_translated_line_that_adds_a_number_is_dropped_with_a_warning(
    cli, fake: FakeProvider
) -> None:
    answer = json.loads((Path(__file__).parent / "data" / "fake" / "brief.json").read_text())
    answer["english"][1] = answer["english"][1].replace("Putin", "Putin on 3 May 2024")
    fake.answers["brief"] = answer
    result = cli("brief", "--json", "--model", "fake", SEED)
    assert result.code == 0, result.err
    data = json.loads(result.out)
    n = fake.requests[0].context["numbers"][1]
    assert data["meta"]["dropped"] == {"brief": 1}
    assert data["meta"]["warnings"] == [
        f"brief: dropped sentence {n}: the translation has numbers the sentence does not: 2024, 3"
    ]
    assert not any("2024" in p for p in data["brief"]["key_points"])
    assert len(data["brief"]["key_points"]) == 4  # six sentences, one headline, one dropped


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


def test_invalid_model_answer_fails_that_part_only(cli, tmp_path: Path) -> None:
    """An answer that is not a translation at all: the brief is absent and said to have
    failed (an error line, exit 1), the rest of the summary is still printed."""
    from summarizer.llm import registry

    broken = FakeProvider(answers={"brief": {"headline": "x"}})
    registry.register("broken", lambda name, settings: broken)
    try:
        result = cli("brief", "--json", "--model", "broken", SEED)
    finally:
        registry.unregister("broken")
    assert result.code == 1
    assert result.err.splitlines() == [f"error: {SEED}: brief failed", "1 of 1 articles incomplete"]
    data = json.loads(result.out)
    assert "brief" not in data
    assert data["meta"]["failed"] == ["brief"]
    assert data["meta"]["warnings"][0].startswith(
        "brief: chunk skipped: model fake: invalid brief:"
    )
    assert (
        "brief: no sentence of the article could be translated and verified"
        in (data["meta"]["warnings"])
    )


def test_a_brief_with_no_verified_line_is_an_error_line_in_the_terminal(
    cli, fake: FakeProvider
) -> None:
    fake.answers["brief"] = {
        "english": ["Lukaşenko, Minsk'te Putin ile bir araya geldi ve konuştu."]
    }
    result = cli("brief", "--model", "fake", SEED)
    assert result.code == 1
    assert "no verified English brief" in result.out
    assert result.err.splitlines() == [f"error: {SEED}: brief failed", "1 of 1 articles incomplete"]


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
