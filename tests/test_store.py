"""The SQLite store: migrations, de-duplication, summaries by key, digests, locks and errors."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from summarizer import store_backend as store_mod
from summarizer.articles import Article
from summarizer.errors import BusyError, StoreError
from summarizer.schemas import Meta, Source, Summary
from summarizer.store import RunTotals, Store
from summarizer.store_lock import exclusive
from summarizer.store_schema import MIGRATIONS


def article(text: str, path: str = "a.txt") -> Article:
    data = text.encode()
    return Article(
        path=path,
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding="utf-8",
        size=len(data),
    )


def summary(a: Article, *, version: str = "v1", title: str = "T") -> Summary:
    return Summary(
        source=Source(path=a.path, sha256=a.sha256, language="de", title=title),
        arms_transfers=[],
        relations=[],
        meta=Meta(model="fake", prompt_version=version, tokens={"prompt": 10, "completion": 5}),
    )


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "s.db") as s:
        yield s


def test_new_store_is_migrated_and_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "s.db"
    with Store(path) as s:
        assert s.version == len(MIGRATIONS)
        assert s.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {r[0] for r in s.db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"articles", "sources", "summaries", "runs", "failures", "digests"} <= tables
    with Store(path) as s:  # reopening applies nothing twice
        assert s.version == len(MIGRATIONS)


def test_store_from_a_newer_summarizer_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    Store(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    db.close()
    with pytest.raises(StoreError, match=r"schema version \d+ is newer .*upgrade summarizer"):
        Store(path)


def test_a_file_that_is_not_a_database_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match=r"not a database; move the file away"):
        Store(path)


def test_same_text_is_one_article_seen_at_two_sources(store: Store) -> None:
    first, new = store.add_article(article("Metin"), source="/x/a.txt", url=None)
    again, new_again = store.add_article(article("Metin", "b.txt"), source="/x/b.txt", url=None)
    assert new and not new_again and first == again
    assert store.article_at("/x/b.txt").source == "/x/a.txt"  # type: ignore[union-attr]
    assert store.article_at("/x/c.txt") is None


def test_summary_is_keyed_by_model_and_prompt_version(store: Store) -> None:
    a = article("Text")
    article_id, _ = store.add_article(a, source="/a", url=None)
    assert store.summary_id(article_id, "fake", "v1") is None
    sid = store.save_summary(article_id, summary(a), model="fake", run_id=None)
    assert store.summary_id(article_id, "fake", "v1") == sid
    assert store.summary_id(article_id, "other", "v1") is None
    assert store.summary_id(article_id, "fake", "v2") is None
    # --force replaces in place: same key, new content
    again = store.save_summary(article_id, summary(a, title="New"), model="fake", run_id=None)
    assert again == sid
    assert store.summary(sid).source.title == "New"
    row = store.db.execute("SELECT title, language FROM articles").fetchone()
    assert tuple(row) == ("New", "de")


def test_only_a_sent_digest_marks_articles_sent(store: Store) -> None:
    for text in ("one", "two"):
        a = article(text)
        article_id, _ = store.add_article(a, source=text, url=f"https://news.example/{text}")
        store.save_summary(article_id, summary(a), model="fake", run_id=None)
    unsent = store.unsent()
    assert [u.article.url for u in unsent] == [
        "https://news.example/one",
        "https://news.example/two",
    ]
    store.record_digest(
        status="failed", items=unsent, subject="s", recipients=["a@x"], error="down"
    )
    assert len(store.unsent()) == 2
    store.record_digest(status="sent", items=unsent[:1], subject="s", recipients=["a@x"])
    assert [u.article.url for u in store.unsent()] == ["https://news.example/two"]
    assert store.counts() == {"articles": 2, "summaries": 2, "digests": 1, "unsent": 1}
    latest = store.digests()
    assert [(d["status"], d["articles"]) for d in latest] == [("sent", 1), ("failed", 0)]
    assert json.loads(latest[0]["recipients"]) == ["a@x"]


def test_a_new_prompt_version_does_not_resend_an_article(store: Store) -> None:
    a = article("text")
    article_id, _ = store.add_article(a, source="a", url=None)
    store.save_summary(article_id, summary(a), model="fake", run_id=None)
    store.record_digest(status="sent", items=store.unsent(), subject="s", recipients=["a@x"])
    store.save_summary(article_id, summary(a, version="v2"), model="fake", run_id=None)
    assert store.unsent() == []


def test_runs_failures_and_stale_runs(store: Store) -> None:
    done = store.start_run("ingest", "fake", "v1")
    store.record_failure(done, "bad.txt", "bad.txt: file is empty")
    store.finish_run(done, "done", RunTotals(items=2, summarised=1, failed=1), seconds=1.5)
    stale = store.start_run("ingest", "fake", "v1")
    assert store.close_stale_runs("ingest") == 1
    runs = {r["id"]: r for r in store.runs()}
    assert (runs[done]["status"], runs[done]["summarised"], runs[done]["failed"]) == ("done", 1, 1)
    assert runs[stale]["status"] == "interrupted"
    assert store.failures(done) == [("bad.txt", "bad.txt: file is empty")]


def test_a_write_lock_held_elsewhere_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "s.db"
    Store(path).close()
    monkeypatch.setattr(store_mod, "BUSY_TIMEOUT_S", 0.2)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with Store(path) as s, pytest.raises(StoreError, match="database is locked by another"):
            s.start_run("ingest", "fake", "v1")
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_exclusive_lets_one_run_of_a_job_at_a_time(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with exclusive(db, "digest"):
        busy = pytest.raises(BusyError, match=r"another `summarizer digest` is running on .*s\.db")
        with busy, exclusive(db, "digest"):
            pass
        with exclusive(db, "ingest"):  # a different job may run alongside
            pass
    with exclusive(db, "digest"):  # released
        pass
