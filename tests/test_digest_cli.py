"""`summarizer ingest` + `summarizer digest` end to end: a real SMTP server on loopback,
pages and feeds from a real HTTP server on loopback, the store on disk."""

from __future__ import annotations

import email.policy
import json
import os
import shutil
from email import message_from_bytes
from pathlib import Path

import pytest

from summarizer.store import Store
from summarizer.store_lock import exclusive
from tests.conftest import ROOT, SEEDS
from tests.fakes import FakeProvider
from tests.servers import STUB_TRANSLATION
from tests.smtp import closed_port, smtp_server
from tests.web import Route, web_server

SEED_FILES = sorted(SEEDS.glob("*.txt"))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "store.db"


@pytest.fixture
def mail_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUMMARIZER_SMTP_TLS", "none")
    monkeypatch.setenv("SUMMARIZER_DIGEST_FROM", "summarizer@example.org")
    monkeypatch.setenv("SUMMARIZER_DIGEST_TO", "desk@example.org, chief@example.org")


def smtp_args(port: int) -> list[str]:
    return ["--smtp-host", "127.0.0.1", "--smtp-port", str(port)]


def ingest(cli, db: Path, *sources: str):
    result = cli("ingest", "--model", "fake", "--db", str(db), *sources)
    return result


def test_seeds_then_one_digest_then_nothing(cli, fake: FakeProvider, db: Path, mail_env) -> None:
    # One canned translation serves every seed; the records are not what this is about.
    fake.use_context = False
    fake.answers.update({"transfers": {"transfers": []}, "relations": {"relations": []}})
    assert ingest(cli, db, str(SEEDS)).code == 0
    with smtp_server() as server:
        first = cli("digest", "--db", str(db), *smtp_args(server.port))
        second = cli("digest", "--db", str(db), *smtp_args(server.port))
    assert first.code == 0, first.err
    assert first.out.startswith("digest: sent 5 article(s) to desk@example.org, chief@example.org")
    assert second.code == 0, second.err
    assert second.out.strip() == "digest: nothing new since the last digest; no email sent"
    assert len(server.envelopes) == 1
    envelope = server.envelopes[0]
    assert envelope.mail_from == "summarizer@example.org"
    assert envelope.rcpt_tos == ["desk@example.org", "chief@example.org"]
    message = envelope.message
    assert message.get_content_type() == "multipart/alternative"
    parts = list(message.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
    assert all(p.get_content_charset() == "utf-8" for p in parts)
    text, html = (p.get_content() for p in parts)
    assert "5 articles" in str(message["Subject"])
    for seed in SEED_FILES:  # every article's source is named in both parts
        assert str(seed) in text and str(seed) in html
    headline = "Alexander Lukashenko: the S-400 and Iskander systems are now in use"
    assert text.splitlines().count(headline) == 1  # seed 001's headline line
    # The other four articles are headed by the stand-in model's verified lines.
    assert sum(line.startswith(STUB_TRANSLATION) for line in text.splitlines()) >= 4
    with Store(db) as store:
        assert store.counts()["unsent"] == 0
        sent = store.digests()[0]
    assert (sent["status"], sent["articles"]) == ("sent", 5)
    assert sent["message_id"] == message["Message-ID"]


def test_new_articles_go_out_in_the_next_digest_only(
    cli, fake: FakeProvider, db: Path, mail_env
) -> None:
    ingest(cli, db, str(SEED_FILES[0]))
    with smtp_server() as server:
        first = cli("digest", "--db", str(db), *smtp_args(server.port))
        ingest(cli, db, str(SEED_FILES[0]), str(SEED_FILES[1]))
        result = cli("digest", "--db", str(db), *smtp_args(server.port))
    assert first.code == 0, first.err
    assert result.code == 0, result.err
    assert "sent 1 article(s)" in result.out
    second = server.messages[1].get_body(preferencelist=("plain",)).get_content()
    assert str(SEED_FILES[1]) in second and str(SEED_FILES[0]) not in second


@pytest.mark.parametrize("refuse", ["all", "data"])
def test_a_refusing_server_leaves_everything_unsent(
    cli, fake: FakeProvider, db: Path, mail_env, refuse: str
) -> None:
    ingest(cli, db, str(SEEDS))
    kwargs = {"refuse": "all"} if refuse == "all" else {"refuse_data": True}
    with smtp_server(**kwargs) as server:  # type: ignore[arg-type]
        result = cli("digest", "--db", str(db), *smtp_args(server.port))
    assert result.code == 7
    assert result.err.startswith(f"error: SMTP 127.0.0.1:{server.port}: ")
    assert server.envelopes == []
    with Store(db) as store:
        assert store.counts()["unsent"] == 5
        failed = store.digests()[0]
    assert (failed["status"], failed["articles"]) == ("failed", 0)
    assert failed["error"] in result.err
    with smtp_server() as server:  # the next run sends them all
        again = cli("digest", "--db", str(db), *smtp_args(server.port))
    assert again.code == 0, again.err
    assert "sent 5 article(s)" in again.out
    assert len(server.envelopes) == 1


def test_a_dead_server_leaves_everything_unsent(
    cli, fake: FakeProvider, db: Path, mail_env
) -> None:
    ingest(cli, db, str(SEEDS))
    port = closed_port()
    result = cli("digest", "--db", str(db), *smtp_args(port))
    assert result.code == 7
    assert result.err.strip() == f"error: SMTP 127.0.0.1:{port}: connection refused"
    with Store(db) as store:
        assert store.counts()["unsent"] == 5


def test_some_refused_recipients_are_reported_and_the_digest_counts_as_sent(
    cli, fake: FakeProvider, db: Path, mail_env
) -> None:
    ingest(cli, db, str(SEED_FILES[0]))
    with smtp_server(refuse=["chief@example.org"]) as server:
        result = cli("digest", "--db", str(db), *smtp_args(server.port))
    assert result.code == 0
    assert "refused by the server: chief@example.org" in result.out
    assert server.envelopes[0].rcpt_tos == ["desk@example.org"]


def test_dry_run_writes_the_message_and_marks_nothing(
    cli, fake: FakeProvider, db: Path, tmp_path: Path
) -> None:
    ingest(cli, db, str(SEEDS))
    out = tmp_path / "digest.eml"
    result = cli("digest", "--db", str(db), "--dry-run", "--out", str(out))
    assert result.code == 0, result.err
    assert result.out.strip() == f"digest: 5 article(s) written to {out} (not sent)"
    message = message_from_bytes(out.read_bytes(), policy=email.policy.default)
    assert message.get_content_type() == "multipart/alternative"
    with Store(db) as store:
        assert store.counts()["unsent"] == 5
    missing = cli("digest", "--db", str(db), "--dry-run")
    assert missing.code == 3
    assert "--dry-run needs --out FILE.eml" in missing.err


def test_nothing_new_sends_nothing_unless_asked(cli, db: Path, mail_env) -> None:
    Store(db).close()
    with smtp_server() as server:
        quiet = cli("digest", "--db", str(db), *smtp_args(server.port))
        empty = cli("digest", "--db", str(db), "--send-empty", *smtp_args(server.port))
    assert quiet.code == 0, quiet.err
    assert "nothing new" in quiet.out
    assert empty.code == 0 and "sent 0 article(s)" in empty.out
    assert len(server.envelopes) == 1
    text = server.messages[0].get_body(preferencelist=("plain",)).get_content()
    assert "Nothing new since the last digest." in text


def test_missing_recipients_name_the_setting(cli, fake: FakeProvider, db: Path) -> None:
    ingest(cli, db, str(SEED_FILES[0]))
    result = cli("digest", "--db", str(db), "--from", "a@example.org", "--smtp-host", "x")
    assert result.code == 3
    assert "No digest recipients: set SUMMARIZER_DIGEST_TO, pass --to" in result.err


def test_settings_come_from_the_config_file(
    cli, fake: FakeProvider, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest(cli, db, str(SEED_FILES[0]))
    with smtp_server() as server:
        Path(os.environ["SUMMARIZER_CONFIG"]).write_text(
            f'[smtp]\nhost = "127.0.0.1"\nport = {server.port}\ntls = "none"\n'
            '[digest]\nfrom = "cfg@example.org"\nto = ["a@example.org"]\n',
            encoding="utf-8",
        )
        result = cli("digest", "--db", str(db))
        assert result.code == 0, result.err
    assert server.envelopes[0].mail_from == "cfg@example.org"
    Path(os.environ["SUMMARIZER_CONFIG"]).write_text('[smtp]\nhots = "x"\n', encoding="utf-8")
    typo = cli("digest", "--db", str(db))
    assert typo.code == 3
    assert "unknown key 'hots' in [smtp]" in typo.err


def test_two_digests_never_overlap(cli, fake: FakeProvider, db: Path, mail_env) -> None:
    ingest(cli, db, str(SEED_FILES[0]))
    with exclusive(db, "digest"), smtp_server() as server:
        result = cli("digest", "--db", str(db), *smtp_args(server.port))
    assert result.code == 9
    assert "another `summarizer digest` is running" in result.err
    assert server.envelopes == []


def test_html_from_the_model_or_article_reaches_the_email_escaped(
    cli, fake: FakeProvider, db: Path, mail_env, tmp_path: Path
) -> None:
    # Model output is untrusted too: a brief carrying markup must arrive as text.
    brief = json.loads((ROOT / "tests/data/fake/brief.json").read_text(encoding="utf-8"))
    # The headline sentence's translation, which becomes the brief's headline.
    brief["english"][0] = "Belarus puts <script>alert('x')</script> S-400 & <b>Iskander</b> on duty"
    fake.answers["brief"] = brief
    ingest(cli, db, str(SEED_FILES[1]))
    with smtp_server() as server:
        assert cli("digest", "--db", str(db), *smtp_args(server.port)).code == 0
    message = server.messages[0]
    html = message.get_body(preferencelist=("html",)).get_content()
    plain = message.get_body(preferencelist=("plain",)).get_content()
    assert "<script>" not in html and "&lt;script&gt;alert(" in html
    assert "<b>Iskander</b>" not in html and "&lt;b&gt;Iskander&lt;/b&gt;" in html
    assert "<script>alert('x')</script> S-400 & <b>Iskander</b>" in plain


# ------------------------------------------------------------------ pages and feeds

PAGE = """<html><head><title>{title}</title>
<meta property="og:title" content="{title}"></head>
<body><nav>Home | World | Sport</nav><article><h1>{title}</h1>{body}</article>
<footer>© News</footer></body></html>"""


def page(title: str, seed: Path) -> bytes:
    paragraphs = "".join(
        f"<p>{line}</p>" for line in seed.read_text(encoding="utf-8").splitlines() if line.strip()
    )
    return PAGE.format(title=title, body=paragraphs).encode()


def feed(base: str, paths: list[str]) -> bytes:
    items = "".join(
        f"<item><title>Story {i}</title><link>{base}{p}</link></item>" for i, p in enumerate(paths)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>'
        f"<link>{base}/</link>{items}</channel></rss>"
    ).encode()


def test_feed_items_are_fetched_once_and_linked_in_the_digest(
    cli, fake: FakeProvider, db: Path, mail_env, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUMMARIZER_FETCH_ALLOW_PRIVATE", "true")
    routes = {
        "/a.html": Route(page("Minsk S-400", SEED_FILES[1])),
        "/b.html": Route(page("Bakü", SEED_FILES[3])),
        "/b-copy.html": Route(page("Bakü", SEED_FILES[3])),  # same story, second address
        "/gone.html": Route(body=b"gone", content_type="text/plain", status=404),
    }
    with web_server(routes) as web:
        paths = ["/a.html", "/b.html", "/b-copy.html", "/gone.html"]
        web.routes["/feed.xml"] = Route(feed(web.base_url, paths), "application/rss+xml")
        first = ingest(cli, db, web.url("/feed.xml"))
        second = ingest(cli, db, web.url("/feed.xml"))
        hits = {p: web.hits(p) for p in paths}
    assert first.code == 1  # one entry failed; the rest went on
    assert "4 item(s) — 2 summarised, 0 already summarised, 1 duplicate(s), 1 failed" in first.out
    assert f"error: {web.url('/gone.html')}: HTTP 404" in first.err
    assert "0 summarised, 3 already summarised, 0 duplicate(s), 1 failed" in second.out
    # known addresses are not fetched again; the dead one is retried
    assert hits == {"/a.html": 1, "/b.html": 1, "/b-copy.html": 1, "/gone.html": 2}
    with smtp_server() as server:
        assert cli("digest", "--db", str(db), *smtp_args(server.port)).code == 0
    html = server.messages[0].get_body(preferencelist=("html",)).get_content()
    assert f'href="{web.url("/a.html")}"' in html
    assert f'href="{web.url("/b.html")}"' in html


def test_pages_on_private_addresses_need_permission(cli, fake: FakeProvider, db: Path) -> None:
    with web_server({"/a.html": Route(page("Minsk", SEED_FILES[1]))}) as web:
        result = ingest(cli, db, web.url("/a.html"))
        assert web.hits("/a.html") == 0
    assert result.code == 1
    assert "1 item(s) — 0 summarised, 0 already summarised, 0 duplicate(s), 1 failed" in result.out
    assert f"error: {web.url('/a.html')}: refused: loopback address" in result.err


# ------------------------------------------------------------------------ schedule


def test_scheduled_run_ingests_feeds_then_sends(
    cli, fake: FakeProvider, db: Path, mail_env, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SUMMARIZER_FETCH_ALLOW_PRIVATE", "true")
    route = Route(page("Minsk S-400", SEED_FILES[1]))
    with web_server({"/a.html": route}) as web, smtp_server() as server:
        result = cli(
            "digest", "--db", str(db), "--every", "0 7 * * *", "--run-now", "--max-runs", "1",
            "--feed", web.url("/a.html"), "--model", "fake", *smtp_args(server.port),
        )  # fmt: skip
    assert result.code == 0, result.err
    assert "1 summarised" in result.out
    assert "digest: sent 1 article(s)" in result.out
    assert len(server.envelopes) == 1


def test_a_bad_schedule_is_one_clear_error(cli, db: Path, mail_env) -> None:
    result = cli("digest", "--db", str(db), "--every", "every morning")
    assert result.code == 3
    assert result.err.startswith("error: --every 'every morning' is not a cron schedule")
    assert "e.g. '0 7 * * *'" in result.err


def test_copying_a_store_keeps_everything(
    cli, fake: FakeProvider, db: Path, tmp_path: Path
) -> None:
    """The store is one file plus its WAL: a copy taken after a run has every summary."""
    ingest(cli, db, str(SEEDS))
    with Store(db) as store:
        store.db.execute("PRAGMA wal_checkpoint(FULL)")
    copy = tmp_path / "copy.db"
    shutil.copy(db, copy)
    with Store(copy) as store:
        assert store.counts()["summaries"] == 5
