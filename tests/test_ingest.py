"""`summarizer ingest`: summarise once, resume after a crash, record failures, never repeat."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from summarizer.errors import ProviderError
from summarizer.llm.base import Request
from summarizer.store import Store
from summarizer.store_lock import exclusive
from tests.conftest import SEEDS
from tests.fakes import FakeProvider

SEED_FILES = sorted(SEEDS.glob("*.txt"))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "store.db"


@pytest.fixture
def quiet_fake(fake: FakeProvider) -> FakeProvider:
    return fake  # its answers fit seed 001; on other seeds the validators drop what they lack


def briefs(fake: FakeProvider) -> int:
    """Articles the model was asked about: translation calls on an article's first chunk (the
    one holding sentence 1); a long article's later chunks have translation calls of their own."""
    return sum(
        1 for r in fake.requests if r.task == "brief" and 1 in (r.context or {})["sentences"]
    )


def test_ingest_summarises_each_article_once(cli, quiet_fake: FakeProvider, db: Path) -> None:
    first = cli("ingest", "--model", "fake", "--db", str(db), str(SEEDS))
    assert first.code == 0, first.err
    assert "5 item(s) — 5 summarised, 0 already summarised, 0 duplicate(s), 0 failed" in first.out
    assert briefs(quiet_fake) == 5
    quiet_fake.requests.clear()
    second = cli("ingest", "--model", "fake", "--db", str(db), str(SEEDS))
    assert second.code == 0, second.err
    assert "5 item(s) — 0 summarised, 5 already summarised" in second.out
    assert quiet_fake.requests == []  # a store hit makes no model call
    with Store(db) as store:
        assert store.counts()["summaries"] == 5
        runs = store.runs()
    assert [(r["status"], r["summarised"], r["cached"]) for r in runs] == [
        ("done", 0, 5),
        ("done", 5, 0),
    ]
    assert runs[1]["prompt_tokens"] > 0 and runs[1]["attempts"] >= 5


def test_force_summarises_again_in_place(cli, quiet_fake: FakeProvider, db: Path) -> None:
    seed = str(SEED_FILES[1])
    assert cli("ingest", "--model", "fake", "--db", str(db), seed).code == 0
    again = cli("ingest", "--model", "fake", "--db", str(db), "--force", seed)
    assert again.code == 0, again.err
    assert "1 summarised, 0 already summarised" in again.out
    assert briefs(quiet_fake) == 2
    with Store(db) as store:
        assert store.counts()["summaries"] == 1


def test_a_different_model_is_a_different_summary(cli, quiet_fake: FakeProvider, db: Path) -> None:
    from summarizer.llm import registry

    other = FakeProvider("fake-2")
    registry.register("fake-2", lambda name, settings: other)
    try:
        seed = str(SEED_FILES[1])
        assert cli("ingest", "--model", "fake", "--db", str(db), seed).code == 0
        result = cli("ingest", "--model", "fake-2", "--db", str(db), seed)
    finally:
        registry.unregister("fake-2")
    assert result.code == 0, result.err
    assert "1 summarised" in result.out and briefs(other) == 1
    with Store(db) as store:
        assert store.counts() == {"articles": 1, "summaries": 2, "digests": 0, "unsent": 1}


def test_same_text_under_another_name_is_a_duplicate(
    cli, quiet_fake: FakeProvider, db: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED_FILES[1], folder / "a.txt")
    shutil.copy(SEED_FILES[1], folder / "b.txt")
    result = cli("ingest", "--model", "fake", "--db", str(db), str(folder))
    assert result.code == 0, result.err
    assert "2 item(s) — 1 summarised, 0 already summarised, 1 duplicate(s)" in result.out
    assert briefs(quiet_fake) == 1


def test_a_changed_file_is_summarised_again(
    cli, quiet_fake: FakeProvider, db: Path, tmp_path: Path
) -> None:
    path = tmp_path / "a.txt"
    shutil.copy(SEED_FILES[1], path)
    first = cli("ingest", "--model", "fake", "--db", str(db), str(path))
    assert first.code == 0, first.err
    path.write_text(path.read_text(encoding="utf-8") + "\nYeni paragraf.\n", encoding="utf-8")
    result = cli("ingest", "--model", "fake", "--db", str(db), str(path))
    assert result.code == 0, result.err
    assert "1 summarised" in result.out
    with Store(db) as store:
        assert store.counts()["articles"] == 2


def test_bad_items_are_recorded_and_the_batch_goes_on(
    cli, quiet_fake: FakeProvider, db: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED_FILES[1], folder / "good.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    result = cli("ingest", "--model", "fake", "--db", str(db), str(folder), str(tmp_path / "nope"))
    assert result.code == 1
    assert "4 item(s) — 1 summarised, 0 already summarised, 0 duplicate(s), 3 failed" in result.out
    assert f"error: {folder / 'empty.txt'}: file is empty" in result.err
    assert "binary.txt: looks like a binary file" in result.err
    assert f"error: {tmp_path / 'nope'}: no such file" in result.err
    assert "reasons kept in the store (summarizer status --run 1)" in result.err
    status = cli("status", "--db", str(db), "--run", "1")
    assert status.code == 0
    assert "run 1: 3 failure(s)" in status.out
    assert f"{folder / 'empty.txt'}\t{folder / 'empty.txt'}: file is empty" in status.out


class InterruptingFake(FakeProvider):
    """Ctrl-C arrives while the model works on the article after `after` briefs."""

    def __init__(self, after: int) -> None:
        super().__init__("fake")
        self.after = after

    def generate(self, request: Request):  # type: ignore[override]
        if request.task == "brief" and sum(r.task == "brief" for r in self.requests) == self.after:
            raise KeyboardInterrupt
        return super().generate(request)


def test_interrupted_batch_resumes_without_repeating(
    cli, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from summarizer.llm import registry

    interrupting = InterruptingFake(after=2)
    registry.register("fake", lambda name, settings: interrupting)
    try:
        stopped = cli("ingest", "--model", "fake", "-j", "1", "--db", str(db), str(SEEDS))
        assert stopped.code == 130
        assert (
            "error: interrupted: every summary finished so far is kept in the store" in stopped.err
        )
        with Store(db) as store:
            assert store.counts()["summaries"] == 2
            assert store.runs()[0]["status"] == "interrupted"
        resumed_fake = FakeProvider()
        registry.register("fake", lambda name, settings: resumed_fake)
        resumed = cli("ingest", "--model", "fake", "--db", str(db), str(SEEDS))
    finally:
        registry.unregister("fake")
    assert resumed.code == 0, resumed.err
    assert "5 item(s) — 3 summarised, 2 already summarised" in resumed.out
    assert briefs(resumed_fake) == 3
    assert interrupting.closed  # the model server was stopped on the way out


def test_a_dead_model_ends_the_batch_and_keeps_what_was_done(cli, db: Path) -> None:
    from summarizer.llm import registry

    class DyingFake(FakeProvider):
        def generate(self, request: Request):  # type: ignore[override]
            if sum(r.task == "brief" for r in self.requests) == 1 and request.task == "brief":
                raise ProviderError("model fake: cannot connect to the server")
            return super().generate(request)

    dying = DyingFake()
    registry.register("fake", lambda name, settings: dying)
    try:
        result = cli("ingest", "--model", "fake", "-j", "1", "--db", str(db), str(SEEDS))
    finally:
        registry.unregister("fake")
    assert result.code == 5
    assert result.err.strip().endswith("error: model fake: cannot connect to the server")
    with Store(db) as store:
        assert store.counts()["summaries"] == 1
        run = store.runs()[0]
        assert (run["status"], run["error"]) == (
            "failed",
            "model fake: cannot connect to the server",
        )


def test_a_second_ingest_on_the_same_store_is_refused(
    cli, quiet_fake: FakeProvider, db: Path
) -> None:
    with exclusive(db, "ingest"):
        result = cli("ingest", "--model", "fake", "--db", str(db), str(SEEDS))
    assert result.code == 9
    assert result.err.startswith("error: another `summarizer ingest` is running on")
    assert quiet_fake.requests == []


def test_status_of_an_empty_place_says_what_to_do(cli, tmp_path: Path) -> None:
    result = cli("status", "--db", str(tmp_path / "none.db"))
    assert result.code == 2
    assert "no store yet; run `summarizer ingest` first" in result.err


def test_store_path_comes_from_environment_then_config(
    cli, quiet_fake: FakeProvider, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    config = Path(os.environ["SUMMARIZER_CONFIG"])
    config.write_text(f'[store]\npath = "{tmp_path / "from-config.db"}"\n', encoding="utf-8")
    seed = str(SEED_FILES[1])
    assert cli("ingest", "--model", "fake", seed).code == 0
    assert (tmp_path / "from-config.db").exists()
    monkeypatch.setenv("SUMMARIZER_DB", str(tmp_path / "from-env.db"))
    assert cli("ingest", "--model", "fake", seed).code == 0
    assert (tmp_path / "from-env.db").exists()


def test_a_summary_with_a_failed_part_is_kept_said_and_retried(
    cli, quiet_fake: FakeProvider, db: Path
) -> None:
    seed = str(SEED_FILES[1])
    quiet_fake.answers["transfers"] = {"transfers": "none"}  # never validates
    broken = cli("ingest", "--model", "fake", "--db", str(db), seed)
    assert broken.code == 1
    assert (
        f"error: {seed}: transfers failed; kept, and tried again on the next run "
        "(at most 3 tries in all)" in broken.err
    )
    assert "1 summarised, 0 already summarised, 0 duplicate(s), 0 failed, 1 incomplete" in (
        broken.out
    )
    assert "1 summary(ies) incomplete, kept and retried on the next run" in broken.err
    with Store(db) as store:
        assert store.counts()["summaries"] == 1  # what worked (brief, relations) is kept
        assert [(r["summarised"], r["incomplete"]) for r in store.runs()] == [(1, 1)]
    # The next run, with a healthy model and no --force, summarises it again, in place.
    del quiet_fake.answers["transfers"]  # the usual answer again
    again = cli("ingest", "--model", "fake", "--db", str(db), seed)
    assert again.code == 0, again.err
    assert "1 summarised, 0 already summarised" in again.out
    with Store(db) as store:
        assert store.counts()["summaries"] == 1
        [stored] = store.unsent()
    assert stored.summary.meta.failed == [] and stored.summary.arms_transfers
    third = cli("ingest", "--model", "fake", "--db", str(db), seed)
    assert third.code == 0, third.err
    assert "0 summarised, 1 already summarised" in third.out


@pytest.fixture
def read_only(db: Path):
    """The store file made read-only for everyone, root included (the immutable attribute)."""
    with Store(db):
        pass
    made = subprocess.run(["chattr", "+i", str(db)], capture_output=True, check=False)
    if made.returncode != 0:
        pytest.skip(f"this file system cannot make a file read-only for root: {made.stderr!r}")
    yield db
    subprocess.run(["chattr", "-i", str(db)], check=True)


def test_a_read_only_store_is_one_line_and_exit_8(
    cli, quiet_fake: FakeProvider, read_only: Path
) -> None:
    result = cli("ingest", "--model", "fake", "--db", str(read_only), str(SEED_FILES[1]))
    assert result.code == 8
    assert result.err.splitlines() == [
        f"error: store {read_only}: the file is read-only; make it writable or use another --db"
    ]
    assert quiet_fake.requests == []


def test_status_of_a_run_that_does_not_exist_is_an_error(
    cli, quiet_fake: FakeProvider, db: Path
) -> None:
    assert cli("ingest", "--model", "fake", "--db", str(db), str(SEED_FILES[1])).code == 0
    result = cli("status", "--db", str(db), "--run", "42")
    assert result.code == 2
    assert result.err.splitlines() == [
        f"error: {db}: no ingest run 42; `summarizer status` lists them"
    ]
    assert cli("status", "--db", str(db), "--run", "1").code == 0


@pytest.mark.parametrize(
    ("command", "text"),
    [("ingest", "[store] path"), ("digest", "[digest] feeds"), ("eval", "[min]/[max]")],
)
def test_help_keeps_square_brackets(cli, command: str, text: str) -> None:
    result = cli(command, "--help")
    assert result.code == 0
    assert text in " ".join(result.out.split())


def test_an_article_the_model_always_fails_on_is_tried_three_times_in_all(
    cli, quiet_fake: FakeProvider, db: Path
) -> None:
    seed = str(SEED_FILES[1])
    quiet_fake.answers["transfers"] = {"transfers": "none"}  # never validates
    runs = [cli("ingest", "--model", "fake", "--db", str(db), seed) for _ in range(4)]
    assert [r.code for r in runs] == [1, 1, 1, 0]
    assert "1 incomplete" in runs[2].out
    assert "0 summarised, 1 already summarised" in runs[3].out  # kept as it is, marked
    with Store(db) as store:
        [stored] = store.unsent()
    assert stored.summary.meta.failed == ["transfers"]


def test_status_shows_the_queue_and_the_workers(cli, quiet_fake: FakeProvider, db: Path) -> None:
    seed = str(SEED_FILES[1])
    assert cli("ingest", "--model", "fake", "--db", str(db), seed).code == 0
    status = cli("status", "--db", str(db))
    assert status.code == 0, status.err
    assert "queue: 0 waiting, 0 being summarised, 1 done, 0 failed" in status.out
    assert "workers" in status.out and "stopped" in status.out
    with Store(db) as store:
        (worker,) = store.workers(60)
        assert (worker["state"], worker["model"], worker["current"]) == ("stopped", "fake", None)
        assert store.runs()[0]["worker"] == worker["id"]
