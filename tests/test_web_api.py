"""`summarizer serve`'s JSON API on a real uvicorn server on loopback, over a store filled by
the real `summarizer ingest` with the fake model: lists, filters, pagination, ETags, CSV,
POSTed articles and their jobs, tokens, limits and security headers."""

from __future__ import annotations

import csv
import io
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from summarizer.config import Settings
from summarizer.errors import ConfigError, ProviderError
from summarizer.llm import registry
from summarizer.llm.base import Capabilities, Provider, Request
from summarizer.store import Store
from summarizer.store_lock import exclusive
from summarizer.web.app import CSP, create_app, running
from summarizer.web.desk import Desk
from tests.conftest import SEEDS
from tests.fakes import FakeProvider

SEED_FILES = sorted(SEEDS.glob("*.txt"))
SEED_001 = SEEDS / "001_915c504d3d01d421.txt"
TOKEN = "test-token-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
BIN = Path(sys.executable).parent


def seed_store(db: Path) -> None:
    """Ingest every seed into db through the real CLI with the fake model."""
    from typer.testing import CliRunner

    from summarizer.cli import app

    provider = FakeProvider()
    registry.register("fake", lambda name, settings: provider)
    try:
        with pytest.MonkeyPatch.context() as env:
            for var in list(os.environ):
                if var.startswith("SUMMARIZER_") or var.endswith("_API_KEY"):
                    env.delenv(var)
            env.setenv("SUMMARIZER_CONFIG", str(db.parent / "config.toml"))
            args = ["ingest", "--model", "fake", "--db", str(db), str(SEEDS)]
            result = CliRunner().invoke(app, args)
    finally:
        registry.unregister("fake")
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("store") / "store.db"
    seed_store(db)
    return db


@pytest.fixture(scope="module")
def api(seeded: Path) -> Iterator[httpx.Client]:
    """A read-only session against the seeded store (no token: loopback)."""
    app = create_app(seeded, settings=Settings(model="fake"))
    with running(app) as url, httpx.Client(base_url=url, timeout=10) as client:
        yield client


@pytest.fixture
def store_copy(seeded: Path, tmp_path: Path) -> Path:
    db = tmp_path / "store.db"
    shutil.copy(seeded, db)
    return db


@pytest.fixture
def desk(store_copy: Path, fake: FakeProvider) -> Iterator[httpx.Client]:
    """A server on a copy of the seeded store that writes with the fake model and a token."""
    app = create_app(store_copy, token=TOKEN, settings=Settings(model="fake"), lock_wait=5)
    with running(app) as url, httpx.Client(base_url=url, timeout=10) as client:
        yield client


def wait_for(client: httpx.Client, job_url: str, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(job_url).json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_url} still {job['status']}")


def ids(response: httpx.Response) -> list[int]:
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def seed_text(path: Path) -> str:
    return path.read_bytes().decode("utf-8")  # byte for byte: the same hash as the file


# --------------------------------------------------------------------------- reading


def test_articles_are_paginated_with_next_links(api: httpx.Client) -> None:
    everything = api.get("/api/articles").json()
    assert everything["total"] == 5 and everything["next"] is None
    seen, url = [], "/api/articles?limit=2&language=tr"
    while url:
        page = api.get(url).json()
        assert page["limit"] == 2 and page["total"] == 3
        seen += [item["id"] for item in page["items"]]
        url = page["next"]
    assert len(seen) == 3 == len(set(seen))
    assert api.get("/api/articles?limit=2&offset=2&language=tr").json()["next"] is None
    first = everything["items"][0]
    assert set(first) >= {"id", "title", "language", "date", "transfers", "relations", "link"}
    assert first["link"] == f"/api/articles/{first['id']}"
    assert "/" not in first["source"]  # a file name, never the server's directories


def test_article_filters(api: httpx.Client) -> None:
    by_seed = {item["source"][:3]: item["id"] for item in api.get("/api/articles").json()["items"]}
    assert sorted(ids(api.get("/api/articles?language=de"))) == sorted(
        [by_seed["003"], by_seed["004"]]
    )
    assert ids(api.get("/api/articles?country=by")) == [by_seed["001"]]
    assert ids(api.get("/api/articles?q=lukashenko")) == [by_seed["001"]]
    # Published dates detected in the text: seed 000 on 2026-01-30, seed 002 on 2025-12-31.
    assert ids(api.get("/api/articles?until=2026-06-30")) == [by_seed["000"], by_seed["002"]]
    assert ids(api.get("/api/articles?since=2026-01-01&until=2026-06-30")) == [by_seed["000"]]
    assert ids(api.get("/api/articles?q=no-such-words-anywhere")) == []


def test_article_detail_has_its_text_and_the_contract_summary(api: httpx.Client) -> None:
    [item] = api.get("/api/articles?country=BY").json()["items"]
    detail = api.get(item["link"])
    assert detail.status_code == 200
    assert detail.headers["content-type"] == "application/json"
    data = detail.json()
    assert data["text"] == seed_text(SEED_001)
    summary = data["summary"]
    assert summary["meta"]["schema_version"] == 2 and summary["meta"]["model"] == "fake"
    assert summary["brief"]["headline"] == item["title"]
    [transfer] = summary["arms_transfers"]
    assert (transfer["supplier"]["code"], transfer["recipient"]["code"]) == ("RU", "BY")


def test_errors_are_one_json_line_with_the_right_status(api: httpx.Client) -> None:
    for url, status in [
        ("/api/articles/999999", 404),
        ("/api/jobs/12345", 404),
        ("/api/no-such-thing", 404),
        ("/api/articles/abc", 422),
        ("/api/articles?limit=0", 422),
        ("/api/articles?limit=100000", 422),
        ("/api/articles?since=yesterday", 422),
        ("/api/transfers?status=rumoured", 422),
        ("/api/relations?a=TR", 422),
    ]:
        response = api.get(url)
        assert response.status_code == status, url
        assert response.headers["content-type"] == "application/json"
        error = response.json()["error"]
        assert set(response.json()) == {"error"} and "\n" not in error and "Traceback" not in error
    assert api.delete("/api/articles/1").status_code == 405


def test_etags_give_304_and_change_with_the_answer(api: httpx.Client) -> None:
    first = api.get("/api/articles?limit=3")
    tag = first.headers["etag"]
    assert first.headers["last-modified"].endswith("GMT")
    again = api.get("/api/articles?limit=3", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == tag
    assert (
        api.get("/api/articles?limit=3", headers={"If-None-Match": f"W/{tag}"}).status_code == 304
    )
    other = api.get("/api/articles?limit=2", headers={"If-None-Match": tag})
    assert other.status_code == 200 and other.headers["etag"] != tag
    csv_tag = api.get("/api/transfers.csv").headers["etag"]
    assert api.get("/api/transfers.csv", headers={"If-None-Match": csv_tag}).status_code == 304


def test_transfer_filters(api: httpx.Client) -> None:
    everything = api.get("/api/transfers").json()
    assert everything["total"] == 1
    [record] = everything["items"]
    assert record["supplier"] == {"code": "RU", "name": "Russia"}
    assert record["systems"] == ["S-400", "Iskander"] and record["status"] == "deployed"
    text = api.get(record["article"]).json()["text"]
    assert text[record["evidence_start"] : record["evidence_end"]] == record["evidence"]
    for query, total in [
        ("supplier=RU", 1),
        ("supplier=ru&recipient=BY", 1),
        ("recipient=RU", 0),
        ("system=iskander", 1),
        ("system=Patriot", 0),
        ("status=deployed", 1),
        ("status=agreed", 0),
        ("since=2099-01-01", 0),
    ]:
        assert api.get(f"/api/transfers?{query}").json()["total"] == total, query


def test_transfers_export_as_csv(api: httpx.Client) -> None:
    response = api.get("/api/transfers.csv?supplier=RU")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == 'attachment; filename="transfers.csv"'
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0][:3] == ["article_id", "date", "supplier"]
    assert len(rows) == 2 and rows[1][2:5] == ["RU", "Russia", "BY"]
    assert rows[1][6] == "S-400; Iskander"
    assert len(list(csv.reader(io.StringIO(api.get("/api/transfers.csv?supplier=FR").text)))) == 1


def test_relations_of_a_pair(api: httpx.Client) -> None:
    pairs = api.get("/api/pairs").json()
    assert pairs[0] == {"a": "AZ", "b": "TR", "articles": 2, "link": "/api/relations?a=AZ&b=TR"}
    view = api.get("/api/relations?a=tr&b=az").json()
    assert view["a"]["code"] == "AZ" and view["b"]["code"] == "TR" and len(view["articles"]) == 2
    dated = [e["date"] for e in view["events"] if e["date"]]
    assert dated == sorted(dated)
    assert api.get("/api/relations?a=FR&b=IN").status_code == 404
    assert api.get("/api/relations?a=TR&b=tr").status_code == 422


def test_register_and_flows(api: httpx.Client) -> None:
    register = api.get("/api/register?supplier=RU").json()
    assert register["total"] == 2 and {d["system"] for d in register["items"]} == {
        "S-400",
        "Iskander",
    }
    assert register["items"][0]["history"][0]["status"] == "deployed"
    assert api.get("/api/flows").json()[0]["deals"] == 2


def test_every_answer_carries_the_security_headers(api: httpx.Client) -> None:
    for url in ("/api/articles", "/api/articles/999999", "/openapi.json", "/api/docs"):
        headers = api.get(url).headers
        assert headers["content-security-policy"] == CSP, url
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert "server" not in headers


def test_openapi_schema_and_local_docs_page(api: httpx.Client) -> None:
    schema = api.get("/openapi.json").json()
    paths = schema["paths"]
    assert {
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/transfers",
        "/api/jobs/{job_id}",
    } <= set(paths)
    listed = paths["/api/articles"]["get"]["responses"]["200"]["content"]["application/json"]
    assert listed["schema"]["$ref"].endswith("/ArticlePage")
    assert "Summary" in str(schema["components"]["schemas"]["ArticleDetail"])
    assert api.get("/docs").status_code == 404  # no Swagger UI from a CDN
    page = api.get("/api/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "/api/transfers.csv" in page.text
    assert "<script" not in page.text and "https://" not in page.text and "//cdn" not in page.text


def test_a_foreign_host_header_is_refused(api: httpx.Client) -> None:
    # A page on another name that resolves to 127.0.0.1 (DNS rebinding) reaches nothing.
    response = api.get("/api/articles", headers={"Host": "attacker.example:8000"})
    assert response.status_code == 400 and "Host" in response.json()["error"]
    assert api.get("/api/articles", headers={"Host": "localhost"}).status_code == 200


# --------------------------------------------------------------------------- writing


def test_writes_need_the_token_and_json(desk: httpx.Client, fake: FakeProvider) -> None:
    body = {"text": "Irgendein Text über Panzer."}
    missing = desk.post("/api/articles", json=body)
    assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
    wrong = desk.post("/api/articles", json=body, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and TOKEN not in wrong.text
    as_form = desk.post(
        "/api/articles", content=b"text=hello", headers={**AUTH, "Content-Type": "text/plain"}
    )
    assert as_form.status_code == 415
    assert desk.post("/api/articles", json={}, headers=AUTH).status_code == 422
    both = desk.post("/api/articles", json={**body, "url": "https://example.org/a"}, headers=AUTH)
    assert both.status_code == 422 and "exactly one" in both.json()["error"]
    ftp = desk.post("/api/articles", json={"url": "ftp://example.org/a"}, headers=AUTH)
    assert ftp.status_code == 422
    assert desk.post("/api/articles", json={"text": "  \n"}, headers=AUTH).status_code == 422
    assert fake.requests == []


def test_a_posted_article_is_summarised_once(
    desk: httpx.Client, fake: FakeProvider, store_copy: Path
) -> None:
    text = seed_text(SEED_001) + "\nEk bilgi: haber güncellendi.\n"
    posted = desk.post("/api/articles", json={"text": text}, headers=AUTH)
    assert posted.status_code == 202, posted.text
    job = posted.json()
    assert posted.headers["location"] == job["url"] == f"/api/jobs/{job['id']}"
    assert job["status"] in ("queued", "running", "done")
    done = wait_for(desk, job["url"])
    assert done["status"] == "done" and done["error"] is None and not done["cached"]
    article = desk.get(done["article"]).json()
    assert article["text"] == text and article["source"] == "posted"
    assert article["summary"]["brief"]["headline"].startswith("Alexander Lukashenko")
    calls = len(fake.requests)
    assert calls > 0
    again = desk.post("/api/articles", json={"text": text}, headers=AUTH)
    assert again.status_code == 200
    assert again.json()["status"] == "done" and again.json()["cached"]
    assert again.json()["article_id"] == done["article_id"]
    assert again.headers["location"] == done["article"]
    assert len(fake.requests) == calls  # no model call the second time
    assert desk.get("/api/articles").json()["total"] == 6
    with Store(store_copy) as store:
        assert store.counts()["summaries"] == 6
        assert store.runs()[0]["status"] == "done"  # the job ran as an ingest run


def test_a_posted_article_waits_for_a_running_ingest(
    desk: httpx.Client, fake: FakeProvider, store_copy: Path
) -> None:
    text = seed_text(SEED_001) + "\nSon dakika.\n"
    with exclusive(store_copy, "ingest"):  # a `summarizer ingest` is running
        job = desk.post("/api/articles", json={"text": text}, headers=AUTH).json()
        time.sleep(0.5)
        assert desk.get(job["url"]).json()["status"] == "queued"
        assert fake.requests == []
    assert wait_for(desk, job["url"])["status"] == "done"


def test_a_job_gives_up_on_a_lock_held_too_long(store_copy: Path, fake: FakeProvider) -> None:
    app = create_app(store_copy, settings=Settings(model="fake"), lock_wait=0.3)
    with (
        running(app) as url,
        httpx.Client(base_url=url, timeout=10) as client,
        exclusive(store_copy, "ingest"),
    ):
        job = client.post("/api/articles", json={"text": seed_text(SEED_001) + "\nX.\n"})
        done = wait_for(client, job.json()["url"])
    assert done["status"] == "failed" and "another `summarizer ingest` is running" in done["error"]
    assert fake.requests == []


def test_an_ingested_seed_posted_again_makes_no_model_call(
    desk: httpx.Client, fake: FakeProvider
) -> None:
    posted = desk.post("/api/articles", json={"text": seed_text(SEED_001)}, headers=AUTH)
    assert posted.status_code == 200 and posted.json()["cached"]
    assert desk.get(posted.headers["location"]).json()["text"] == seed_text(SEED_001)
    assert fake.requests == []


def test_a_script_in_the_text_comes_back_as_json_text(
    desk: httpx.Client, fake: FakeProvider
) -> None:
    text = seed_text(SEED_001) + '\n<script>alert("x")</script><img src=x onerror=alert(1)>\n'
    job = desk.post("/api/articles", json={"text": text}, headers=AUTH).json()
    done = wait_for(desk, job["url"])
    response = desk.get(f"/api/articles/{done['article_id']}")
    assert response.headers["content-type"] == "application/json"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert b"<script>" not in response.content and b"\\u003cscript\\u003e" in response.content
    assert response.json()["text"] == text


def test_an_unreachable_page_fails_its_job_with_one_line(
    desk: httpx.Client, fake: FakeProvider, store_copy: Path
) -> None:
    job = desk.post("/api/articles", json={"url": "http://127.0.0.1:9/story"}, headers=AUTH)
    assert job.status_code == 202
    done = wait_for(desk, job.json()["url"])
    assert done["status"] == "failed" and done["article_id"] is None
    assert "127.0.0.1" in done["error"] and "\n" not in done["error"]
    assert fake.requests == []
    with Store(store_copy) as store:
        assert store.counts()["articles"] == 5


class DeadProvider(Provider):
    name = "dead"
    capabilities = Capabilities(needs_key=False)

    def generate(self, request: Request):  # type: ignore[override]
        raise ProviderError("model dead: connection refused at 127.0.0.1:1")


def test_a_dead_model_fails_the_job_and_stores_no_summary(store_copy: Path) -> None:
    registry.register("dead", lambda name, settings: DeadProvider())
    try:
        app = create_app(store_copy, settings=Settings(model="dead"), lock_wait=5)
        with running(app) as url, httpx.Client(base_url=url, timeout=10) as client:
            text = seed_text(SEED_001) + "\nSon dakika.\n"
            job = client.post("/api/articles", json={"text": text}).json()  # loopback: no token
            done = wait_for(client, job["url"])
    finally:
        registry.unregister("dead")
    assert done["status"] == "failed"
    assert done["error"] == "model dead: connection refused at 127.0.0.1:1"
    with Store(store_copy) as store:
        assert store.counts()["summaries"] == 5  # nothing empty was stored


def test_a_body_over_the_limit_gets_413(desk: httpx.Client, fake: FakeProvider) -> None:
    big = {"text": "Panzer " * 400_000}  # 2.8 MB
    response = desk.post("/api/articles", json=big, headers=AUTH)
    assert response.status_code == 413 and "bytes" in response.json()["error"]
    assert fake.requests == []


def test_writes_over_the_rate_limit_get_429(store_copy: Path, fake: FakeProvider) -> None:
    app = create_app(store_copy, token=TOKEN, settings=Settings(model="fake"), write_limit=3)
    with running(app) as url, httpx.Client(base_url=url, timeout=10) as client:
        codes = [
            client.post(
                "/api/articles", json={"text": seed_text(SEED_001)}, headers=AUTH
            ).status_code
            for _ in range(4)
        ]
        assert codes == [200, 200, 200, 429]
        limited = client.post("/api/articles", json={"text": "x"}, headers=AUTH)
        assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1
        assert client.get("/api/articles").status_code == 200  # reads are not limited


def test_csv_cells_cannot_become_formulas(store_copy: Path, seeded: Path) -> None:
    with Store(store_copy) as store:
        [unsent] = [u for u in store.unsent() if u.summary.arms_transfers]
        summary = unsent.summary
        hostile = summary.arms_transfers[0].model_copy(
            update={"evidence": '=HYPERLINK("http://x.example","click"), "quoted"\nline'}
        )
        article = store.article_text(unsent.article.id).model_copy(
            update={"sha256": "f" * 64, "path": "evil.txt"}
        )
        article_id, _ = store.add_article(article, source="/tmp/evil.txt", url=None)
        evil = summary.model_copy(
            update={
                "arms_transfers": [hostile],
                "brief": summary.brief.model_copy(update={"headline": "@SUM(A1:A9) and more"}),
            }
        )
        store.save_summary(article_id, evil, model="fake", run_id=None)
    app = create_app(store_copy)
    with running(app) as url:
        response = httpx.get(f"{url}/api/transfers.csv")
    rows = list(csv.reader(io.StringIO(response.text)))
    [row] = [r for r in rows[1:] if r[0] == str(article_id)]
    assert row[8] == '\'=HYPERLINK("http://x.example","click"), "quoted"\nline'
    assert row[9] == "'@SUM(A1:A9) and more"


def test_a_broken_store_or_a_bug_is_a_json_error_without_a_traceback(
    store_copy: Path, tmp_path: Path
) -> None:
    app = create_app(store_copy)
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"this is not a database, " * 100)
    app.state.desk = Desk(broken)
    with running(app) as url, httpx.Client(base_url=url, timeout=10) as client:
        unusable = client.get("/api/articles")
        assert unusable.status_code == 503 and "broken.db" in unusable.json()["error"]

        def bug(**kwargs: object) -> None:
            raise RuntimeError("secret internals")

        app.state.desk = Desk(store_copy)
        app.state.desk.transfers = bug
        crashed = client.get("/api/transfers")
        assert crashed.status_code == 500
        assert crashed.json() == {"error": "internal error (see the server log)"}
        assert crashed.headers["content-security-policy"] == CSP


def test_off_loopback_every_write_needs_the_token(store_copy: Path, fake: FakeProvider) -> None:
    with pytest.raises(ConfigError, match="SUMMARIZER_API_TOKEN"):
        create_app(store_copy, host="0.0.0.0")
    app = create_app(store_copy, host="0.0.0.0", token=TOKEN, settings=Settings(model="fake"))
    with running(app) as url, httpx.Client(base_url=url, timeout=10) as client:
        named = {"Host": "desk.example.org"}  # any name reaches a public server
        assert client.get("/api/articles", headers=named).status_code == 200
        body = {"text": seed_text(SEED_001)}
        assert client.post("/api/articles", json=body, headers=named).status_code == 401
        assert client.post("/api/articles", json=body, headers={**named, **AUTH}).status_code == 200


# --------------------------------------------------------------------------- the command


def test_serve_refuses_a_public_address_without_a_token(cli, tmp_path: Path) -> None:
    result = cli("serve", "--host", "0.0.0.0", "--db", str(tmp_path / "s.db"))
    assert result.code == 3
    assert result.err.count("\n") == 1 and "SUMMARIZER_API_TOKEN" in result.err
    assert not (tmp_path / "s.db").exists()


def test_serve_refuses_a_short_token_and_a_busy_port(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUMMARIZER_API_TOKEN", "short")
    result = cli("serve", "--host", "0.0.0.0", "--db", str(tmp_path / "s.db"))
    assert result.code == 3 and "at least 16 characters" in result.err
    monkeypatch.delenv("SUMMARIZER_API_TOKEN")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        result = cli("serve", "--port", port, "--db", str(tmp_path / "s.db"))
    assert result.code == 3 and f"cannot listen on 127.0.0.1:{port}" in result.err


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_starts_without_the_model_and_stops_on_sigint(store_copy: Path) -> None:
    """A real process answers the API without loading any model (start-up time is measured by
    bench/serve.py, not asserted here) and exits 0 on Ctrl-C."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "SUMMARIZER_API_TOKEN"}
    started = time.monotonic()
    process = subprocess.Popen(
        [str(BIN / "summarizer"), "serve", "--db", str(store_copy), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/api/articles?limit=1", timeout=1)
                break
            except httpx.TransportError:
                assert process.poll() is None, process.communicate()[1]
                assert time.monotonic() - started < 60, "the server never answered"
                time.sleep(0.02)
        assert response.status_code == 200 and response.json()["total"] == 5
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=15)
    assert process.returncode == 0, err
    assert f"serving http://127.0.0.1:{port}/" in err and "model local" in err


def test_the_desk_reads_and_writes_a_postgresql_store(
    pg_url: str, fake: FakeProvider, seeded: Path, api: httpx.Client
) -> None:
    with Store(seeded) as source, Store(pg_url) as store:  # the seeded store, copied over
        for row in source.db.execute("SELECT id FROM articles ORDER BY id").fetchall():
            article = source.article_text(row["id"])
            known = source.article_at(article.path)
            article_id, _ = store.add_article(article, source=article.path, url=known and known.url)
            query = "SELECT id FROM summaries WHERE article_id = ?"
            for (summary_id,) in source.db.execute(query, (row["id"],)).fetchall():
                summary = source.summary(summary_id)
                store.save_summary(article_id, summary, model="fake", run_id=None)
    app = create_app(pg_url, token=TOKEN, settings=Settings(model="fake"), lock_wait=5)
    with running(app) as url, httpx.Client(base_url=url, timeout=10) as desk:
        listed = desk.get("/api/articles").json()
        assert listed["total"] == api.get("/api/articles").json()["total"] == 5
        assert desk.get("/api/register").json() == api.get("/api/register").json()
        text = seed_text(SEED_001) + "\nEk bilgi: haber güncellendi.\n"
        posted = desk.post("/api/articles", json={"text": text}, headers=AUTH)
        assert posted.status_code == 202, posted.text
        done = wait_for(desk, posted.json()["url"])
        assert done["status"] == "done" and done["error"] is None, done
        assert desk.get("/api/articles").json()["total"] == 6
    with Store(pg_url) as store:
        assert store.counts()["summaries"] == 6
        assert store.runs()[0]["status"] == "done"  # the job ran as an ingest run
