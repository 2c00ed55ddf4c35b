"""Untrusted text reaches terminals and plain-text files inert (issue 12, class 4)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer.terminal import inert
from tests.conftest import SEEDS
from tests.fakes import FakeProvider

SEED = sorted(SEEDS.glob("*.txt"))[1]
HOSTILE = (
    "\x1b[31mred\x1b[0m \x1b]0;window title\x07 \x1b]8;;http://evil.example/\x1b\\link\x1b]8;;\x1b\\"
    " nul\x00 cr\rover \u202egnp.exe \x9b2J \x1bPdcs\x1b\\ end"
)
BAD = ("\x1b", "\x07", "\x00", "\r", "\u202e", "\x9b")


def clean(text: str) -> bool:
    return not any(b in text for b in BAD)


def test_escape_sequences_and_controls_are_removed_and_text_kept() -> None:
    out = inert(HOSTILE)
    assert clean(out)
    assert out == "red  link nul crover gnp.exe   end"
    assert inert("two\nlines\tand a tab") == "two\nlines\tand a tab"
    assert inert("two\nlines", one_line=True) == "two lines"


@pytest.fixture
def hostile_brief(fake: FakeProvider) -> FakeProvider:
    brief = json.loads((Path(__file__).parent / "data" / "fake" / "brief.json").read_text())
    # Sequences without digits (a digit would fail the number check and drop the line).
    brief["english"][0] = "\x1b[K\x1bc\u202e\x07\x9b" + brief["english"][0] + "\x1b]l\x07"
    fake.answers["brief"] = brief
    return fake


def test_brief_output_carries_no_escape_sequence(cli, hostile_brief: FakeProvider) -> None:
    result = cli("brief", "--model", "fake", str(SEED))
    assert result.code == 0, result.err
    assert "Alexander Lukashenko" in result.out  # the line is shown, inert
    assert clean(result.out) and clean(result.err)


def test_a_file_name_is_neither_markup_nor_escapes(
    cli, fake: FakeProvider, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # the table keeps the name on one line
    name = tmp_path / "[bold red]x[blink]\x1b[2Jnews.txt"
    name.write_bytes(SEED.read_bytes())
    result = cli("summarize", "--model", "fake", "--out", str(tmp_path / "out"), str(name))
    assert result.code == 0, result.err
    assert "[bold red]x[blink]news.txt" in result.out  # shown as written, not applied
    assert clean(result.out) and clean(result.err)


def test_the_plain_text_digest_is_inert(fake: FakeProvider) -> None:
    import datetime as dt

    from summarizer.digest import DigestItem, render
    from summarizer.schemas import Summary

    data = Path(__file__).parent / "data" / "digest"
    row = json.loads((data / "items.json").read_text("utf-8"))["digest"][0]
    summary = Summary.model_validate_json((data / row["summary"]).read_text("utf-8"))
    assert summary.brief is not None
    brief = summary.brief.model_copy(update={"headline": "Headline " + HOSTILE})
    item = DigestItem(summary.model_copy(update={"brief": brief}), row["link"], row["label"])
    text, html = render([item], subject="Digest", now=dt.datetime(2026, 11, 30, tzinfo=dt.UTC))
    assert "Headline red" in text
    assert clean(text) and clean(html)
