"""The store on a real PostgreSQL server (tests/pg.py starts one): the same schema and
guarantees as SQLite, and many ingest workers sharing one store through claims and leases."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import psycopg
import pytest

from summarizer.articles import read_article
from summarizer.errors import BusyError, StoreError
from summarizer.schemas import Summary
from summarizer.store import Store, locked
from summarizer.store_queue import LostClaim
from summarizer.store_schema import MIGRATIONS
from tests.procs import REMOTE, ROOT, cli_env, finish, model_server, run, start, wait_for
from tests.smtp import smtp_server

SEED = ROOT / "seeds" / "004_d87697af8abb7f05.txt"


def made(version: str = "v1") -> Summary:
    """A summary of the seed, as a worker would store it (its content does not matter here)."""
    from tests.test_store import article, summary

    return summary(article(SEED.read_text(encoding="utf-8"), str(SEED)), version=version)


SUMMARY = made()


def rows(url: str, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Rows read through a connection of its own, as another machine would see them."""
    with psycopg.connect(url, autocommit=True) as db:
        return list(db.execute(sql, params).fetchall())


def articles(folder: Path, count: int) -> Path:
    """`count` distinct articles (a seed with a numbered last line), one file each."""
    folder.mkdir()
    text = SEED.read_text(encoding="utf-8")
    for n in range(count):
        (folder / f"a{n:04d}.txt").write_text(f"{text}\nMeldung Nummer {n}.\n", "utf-8")
    return folder


# ------------------------------------------------------------------------- schema


def test_migrations_make_the_same_tables_once_even_when_two_open_a_new_database(
    pg_url: str,
) -> None:
    opened: list[int] = []

    def open_it() -> None:
        with Store(pg_url) as store:
            opened.append(store.version)

    threads = [threading.Thread(target=open_it) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert opened == [len(MIGRATIONS)] * 4
    tables = {
        r[0] for r in rows(pg_url, "SELECT tablename FROM pg_tables WHERE schemaname='public'")
    }
    assert tables >= {
        "articles", "sources", "runs", "summaries", "failures", "digests", "digest_items",
        "jobs", "workers", "schema_version",
    }  # fmt: skip
    assert rows(pg_url, "SELECT version FROM schema_version") == [(len(MIGRATIONS),)]


def test_a_newer_schema_is_refused_and_a_dead_server_is_one_line(pg_url: str) -> None:
    Store(pg_url).close()
    with psycopg.connect(pg_url, autocommit=True) as db:
        db.execute("UPDATE schema_version SET version = 99")
    with pytest.raises(StoreError, match="schema version 99 is newer"):
        Store(pg_url)
    dead = "postgresql://postgres:hunter22@127.0.0.1:1/nothing"
    with pytest.raises(StoreError) as caught:
        Store(dead)
    assert "hunter22" not in str(caught.value)
    assert str(caught.value).startswith("store postgresql://postgres:***@127.0.0.1:1/nothing:")


# --------------------------------------------------------------------- guarantees


def test_a_summary_is_committed_the_moment_it_is_saved_and_kept_once(pg_url: str) -> None:
    article = read_article(str(SEED))
    with Store(pg_url) as store, Store(pg_url) as other:
        first, new = store.add_article(article, source=str(SEED), url=None)
        again, new_again = other.add_article(article, source="elsewhere.txt", url=None)
        assert (first, new) == (again, True) or (new, new_again) == (True, False)
        assert again == first and not new_again
        summary_id = store.save_summary(first, SUMMARY, model="m", run_id=None)
        # Another connection sees it at once: nothing waits for a batch to end.
        assert other.summary_id(first, "m", SUMMARY.meta.prompt_version) == summary_id
        assert other.summary(summary_id).source.sha256 == article.sha256
        store.save_summary(first, SUMMARY, model="m", run_id=None)  # --force: same row
        assert rows(pg_url, "SELECT count(*) FROM summaries") == [(1,)]


def test_a_digest_marks_its_articles_in_the_same_transaction(pg_url: str) -> None:
    article = read_article(str(SEED))
    with Store(pg_url) as store:
        article_id, _ = store.add_article(article, source=str(SEED), url=None)
        store.save_summary(article_id, SUMMARY, model="m", run_id=None)
        unsent = store.unsent()
        assert [u.article.id for u in unsent] == [article_id]
        store.record_digest(status="failed", items=unsent, subject="s", recipients=["a@b"])
        assert [u.article.id for u in store.unsent()] == [article_id]  # a failure marks nothing
        store.record_digest(status="sent", items=unsent, subject="s", recipients=["a@b"])
        assert store.unsent() == []
        assert store.counts() == {"articles": 1, "summaries": 1, "digests": 1, "unsent": 0}


def test_only_one_digest_at_a_time_holds_the_lock(pg_url: str) -> None:
    busy = pytest.raises(BusyError, match="another `summarizer digest` is running")
    with locked(pg_url, "digest"), busy, locked(pg_url, "digest"):
        pass
    with locked(pg_url, "digest"):
        pass  # released when the first ended


# ------------------------------------------------------------------------- claims


def claim(store: Store, article_id: int, worker: str, *, lease: float = 30, since: float = 0):
    return store.claim(
        article_id,
        model="m",
        prompt_version="v",
        source="a.txt",
        worker=worker,
        lease=lease,
        since=since,
    )


def test_one_worker_claims_an_article_and_a_dead_ones_claim_runs_out(pg_url: str) -> None:
    article = read_article(str(SEED))
    summary = made("v")
    with Store(pg_url) as a, Store(pg_url) as b:
        article_id, _ = a.add_article(article, source=str(SEED), url=None)
        assert claim(a, article_id, "a", lease=1) == "claimed"
        assert claim(b, article_id, "b") == "busy"
        assert b.claim_next(model="m", prompt_version="v", worker="b", lease=30) is None
        time.sleep(1.2)  # a died: no heartbeat renews its lease
        assert b.claim_next(model="m", prompt_version="v", worker="b", lease=30) == (
            article_id,
            "a.txt",
        )
        with pytest.raises(LostClaim):  # a comes back too late: nothing of it is stored
            a.save_summary(article_id, summary, model="m", run_id=None, worker="a")
        b.save_summary(article_id, summary, model="m", run_id=None, worker="b")
        assert rows(pg_url, "SELECT state, claims FROM jobs") == [("done", 2)]
        assert claim(a, article_id, "a", since=b.clock() - 60) == "done"


def test_a_stopping_worker_gives_back_what_it_held(pg_url: str) -> None:
    article = read_article(str(SEED))
    with Store(pg_url) as a, Store(pg_url) as b:
        article_id, _ = a.add_article(article, source=str(SEED), url=None)
        a.register_worker("host:1:a", model="m", started_at="now")
        assert claim(a, article_id, "host:1:a") == "claimed"
        a.heartbeat("host:1:a", 30, current="a.txt", done=0)
        assert [w["current"] for w in b.workers(30)] == ["a.txt"]
        assert b.queue_depth()["claimed"] == 1
        a.stop_worker("host:1:a")
        assert b.claim_next(model="m", prompt_version="v", worker="b", lease=30) == (
            article_id,
            "a.txt",
        )
        assert [(w["state"], bool(w["alive"])) for w in b.workers(30)] == [("stopped", False)]


# ------------------------------------------------------------- many worker processes


def start_worker(url: str, model_url: str, folder: Path, env: dict[str, str], log: Path):
    args = ["ingest", "--db", url, *REMOTE, "--api-base", model_url, "-j", "1", str(folder)]
    with log.open("w") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "summarizer", *args],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )


@pytest.mark.timeout(300)
def test_four_workers_share_200_articles_and_one_killed_mid_way_loses_nothing(
    pg_url: str, tmp_path: Path
) -> None:
    folder = articles(tmp_path / "articles", 200)
    env = cli_env(tmp_path, SUMMARIZER_LEASE="2")
    Store(pg_url).close()  # migrated, so the test can watch the tables from the start
    with model_server(tmp_path / "model.log", delay=0.05) as server:
        logs = [tmp_path / f"worker{n}.log" for n in range(4)]
        procs = [start_worker(pg_url, server.url, folder, env, log) for log in logs]
        victim = procs[0]

        def victim_holds_a_claim() -> bool:
            held = rows(
                pg_url,
                "SELECT count(*) FROM jobs j JOIN workers w ON j.worker = w.id "
                "WHERE w.pid = %s AND j.state = 'claimed'",
                (victim.pid,),
            )
            done = rows(pg_url, "SELECT count(*) FROM summaries")
            return bool(held[0][0]) and done[0][0] >= 20

        wait_for(victim_holds_a_claim, victim, timeout=120)
        os.killpg(victim.pid, signal.SIGKILL)
        codes = [p.wait(timeout=240) for p in procs]
        asked = server.asked()
    outputs = [log.read_text() for log in logs]
    assert codes[0] == -signal.SIGKILL
    assert codes[1:] == [0, 0, 0], outputs
    # None lost: every article has its one summary, and every claim ended done.
    assert rows(pg_url, "SELECT count(*), count(DISTINCT article_id) FROM summaries") == [
        (200, 200)
    ]
    assert rows(pg_url, "SELECT state, count(*) FROM jobs GROUP BY state") == [("done", 200)]
    # None twice: the model was asked for each article once (every article makes the same
    # requests), but for the one the killed worker was summarising, which another worker
    # took over when its lease ran out.
    per_article = len(asked) // 200
    assert per_article >= 1 and len(asked) - 200 * per_article <= per_article, len(asked)
    assert rows(pg_url, "SELECT claims, count(*) FROM jobs GROUP BY claims ORDER BY claims") == [
        (1, 199),
        (2, 1),
    ]
    # The three that lived did the work between them, each a share of it.
    summarised = [
        int(line.split(" summarised")[0].rsplit(" ", 1)[-1])
        for text in outputs[1:]
        for line in text.splitlines()
        if "summarised," in line
    ]
    assert (
        sum(summarised)
        + rows(
            pg_url,
            "SELECT count(*) FROM summaries s JOIN runs r ON r.id = s.run_id "
            "JOIN workers w ON w.id = r.worker WHERE w.pid = %s",
            (victim.pid,),
        )[0][0]
        == 200
    )
    assert all(n >= 10 for n in summarised), summarised
    status = run(["status", "--db", pg_url], env)
    assert status.code == 0, status.err
    assert "queue: 0 waiting, 0 being summarised, 200 done, 0 failed" in status.out
    assert status.out.count("stopped") == 3 and "silent" in status.out


@pytest.mark.timeout(120)
def test_two_digests_at_once_send_one_email(pg_url: str, tmp_path: Path) -> None:
    article = read_article(str(SEED))
    with Store(pg_url) as store:
        article_id, _ = store.add_article(article, source=str(SEED), url=None)
        store.save_summary(article_id, SUMMARY, model="m", run_id=None)
    env = cli_env(
        tmp_path,
        SUMMARIZER_DIGEST_FROM="summarizer@example.org",
        SUMMARIZER_DIGEST_TO="desk@example.org",
    )
    with smtp_server() as server:
        args = ["digest", "--db", pg_url, "--smtp-host", "127.0.0.1"]
        args += ["--smtp-port", str(server.port), "--smtp-tls", "none"]
        procs = [start(args, env) for _ in range(2)]
        results = [finish(p, timeout=90) for p in procs]
    assert len(server.envelopes) == 1, [r.err for r in results]
    codes = sorted(r.code for r in results)
    assert codes in ([0, 0], [0, 9]), [r.err for r in results]
    said = " ".join(r.out + r.err for r in results)
    assert "sent 1 article(s)" in said
    assert "nothing new" in said or "another `summarizer digest` is running" in said
    assert rows(pg_url, "SELECT status, count(*) FROM digests GROUP BY status") == [("sent", 1)]


def test_a_postgresql_url_is_a_server_not_a_folder(cli, tmp_path: Path) -> None:
    from summarizer.config import store_path

    url = "postgresql://desk:s3cret-pw@127.0.0.1:1/desk"
    assert store_path(url) == url  # a Path would have folded '//' and made a local file
    result = cli("status", "--db", url)
    assert result.code == 8
    assert "s3cret-pw" not in result.err
    assert result.err.startswith("error: store postgresql://desk:***@127.0.0.1:1/desk: ")
    assert not (Path.cwd() / "postgresql:").exists()


def test_a_page_another_worker_is_summarising_is_not_fetched_again(
    cli, fake, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from summarizer.prompts import load_prompts
    from tests.test_digest_cli import feed, page
    from tests.web import Route, web_server

    monkeypatch.setenv("SUMMARIZER_FETCH_ALLOW_PRIVATE", "true")
    version = load_prompts().version
    seed = ROOT / "seeds" / "001_915c504d3d01d421.txt"  # one that makes a transfers call
    with web_server({"/a.html": Route(page("Minsk", seed))}) as web:
        web.routes["/feed.xml"] = Route(feed(web.base_url, ["/a.html"]), "application/rss+xml")
        fake.answers["transfers"] = {"transfers": "none"}  # never validates: not finished
        assert cli("ingest", "--model", "fake", "--db", pg_url, web.url("/feed.xml")).code == 1
        with Store(pg_url) as store:
            known = store.article_at(web.url("/a.html"))
            assert known is not None
            # Another worker takes the article up again and is busy with it.
            assert store.claim(
                known.id, model="fake", prompt_version=version, source="a", worker="other",
                lease=30, since=store.clock(),
            ) == "claimed"  # fmt: skip

        def other_worker_finishes() -> None:
            time.sleep(1.0)
            with Store(pg_url) as store:
                done = made(version).model_copy(update={"brief": None})
                store.save_summary(known.id, done, model="fake", run_id=None, worker="other")

        thread = threading.Thread(target=other_worker_finishes)
        thread.start()
        del fake.answers["transfers"]
        again = cli("ingest", "--model", "fake", "--db", pg_url, web.url("/feed.xml"))
        thread.join()
    assert again.code == 0, again.err
    assert "1 item(s) — 0 summarised, 1 already summarised" in again.out
    assert web.hits("/feed.xml") == 2 and web.hits("/a.html") == 1  # the page: first run only


def test_stopped_workers_are_listed_for_a_week(pg_url: str) -> None:
    with Store(pg_url) as store:
        store.register_worker("old:1:a", model="m", started_at="then")
        store.stop_worker("old:1:a")
        store.db.execute("UPDATE workers SET heartbeat = heartbeat - 8 * 86400")
        store.register_worker("new:2:b", model="m", started_at="now")
        assert [w["id"] for w in store.workers(60)] == ["new:2:b"]


def test_a_failure_by_another_worker_during_this_run_is_a_failure(pg_url: str) -> None:
    article = read_article(str(SEED))
    with Store(pg_url) as a, Store(pg_url) as b:
        article_id, _ = a.add_article(article, source=str(SEED), url=None)
        since = b.clock()
        assert claim(a, article_id, "a") == "claimed"
        a.finish_claim(article_id, model="m", prompt_version="v", worker="a", state="failed")
        assert claim(b, article_id, "b", since=since) == "failed"
        assert claim(b, article_id, "b", since=b.clock() + 1) == "claimed"  # a later run


@pytest.mark.timeout(120)
def test_a_dead_workers_article_is_taken_over_by_a_worker_given_other_sources(
    cli, fake, pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUMMARIZER_LEASE", "2")
    folder = articles(tmp_path / "articles", 2)
    orphan, own = sorted(folder.iterdir())
    with Store(pg_url) as store:  # a worker claimed the first article, then died
        article_id, _ = store.add_article(read_article(str(orphan)), source="x", url=None)
        store.register_worker("gone:1:x", model="fake", started_at="then")
        store.db.execute("UPDATE workers SET heartbeat = heartbeat - 60")
        from summarizer.prompts import load_prompts

        version = load_prompts().version
        assert store.claim(
            article_id, model="fake", prompt_version=version, source=str(orphan),
            worker="gone:1:x", lease=2, since=0,
        ) == "claimed"  # fmt: skip
    result = cli("ingest", "--model", "fake", "--db", pg_url, str(own))
    assert result.code == 0, result.err
    assert "2 item(s) — 2 summarised" in result.out  # its own article, and the dead worker's
    assert rows(pg_url, "SELECT state, claims FROM jobs ORDER BY article_id") == [
        ("done", 2),
        ("done", 1),
    ]


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://desk:s3cret-pw@127.0.0.1:1/desk",
        "postgresql://desk:s3cret/pw#x@127.0.0.1:1/desk",  # '/' and '#' inside the password
        "postgresql://desk@127.0.0.1:1/desk?password=s3cret-pw&sslmode=disable",
        "postgresql://desk:s3cr%et@127.0.0.1:1/desk",  # a bare '%': libpq cannot parse it
    ],
)
def test_no_form_of_password_reaches_a_message(url: str) -> None:
    from summarizer.store_backend import shown

    assert "s3cr" not in shown(url)
    with pytest.raises(StoreError) as caught:
        Store(url)
    assert "s3cr" not in str(caught.value), str(caught.value)
