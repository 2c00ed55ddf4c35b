"""The desk's read-only views over a real store: articles, transfers, the register, pairs."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.articles import Article
from summarizer.schemas import (
    Brief,
    Category,
    CountryRef,
    Event,
    EventKind,
    Meta,
    Relation,
    Source,
    Status,
    Summary,
    SystemRecord,
    Transfer,
)
from summarizer.store import Store
from summarizer.web.desk import Desk

RU, BY, TR = (
    CountryRef(code=c, name=n) for c, n in [("RU", "Russia"), ("BY", "Belarus"), ("TR", "Türkiye")]
)


def transfer(status: Status, text: str, start: int = 0) -> Transfer:
    return Transfer(
        supplier=RU,
        recipient=BY,
        systems=[SystemRecord(designation="S-400", category=Category.air_defence)],
        status=status,
        evidence=text[start:],
        evidence_start=start,
        evidence_end=len(text),
    )


def summary(path: str, headline: str, published: str, transfers: list[Transfer]) -> Summary:
    text = transfers[0].evidence if transfers else "x"
    event = Event(
        date=published,
        kind=EventKind.meeting,
        summary="Putin and Lukashenko met.",
        evidence=text,
        evidence_start=0,
        evidence_end=len(text),
    )
    return Summary(
        source=Source(path=path, sha256="0" * 64, language="tr", published=published),
        brief=Brief(headline=headline, summary="A summary in English.", key_points=["A fact."]),
        arms_transfers=transfers,
        relations=[Relation(countries=[BY, RU], events=[event], tone="cooperative")],
        meta=Meta(model="fake", prompt_version="p1"),
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    """The store: a SQLite file, or a database on the suite's PostgreSQL server."""
    if request.param == "postgresql":
        return str(request.getfixturevalue("pg_url"))
    return tmp_path / "store.db"


@pytest.fixture
def desk(db: Path | str) -> Desk:
    texts = [
        ("Rusya, Belarus'a S-400 verecek.", "2025-01-10", Status.agreed, "Russia to give S-400"),
        ("Rusya, Belarus'a S-400 teslim etti.", "2025-06-01", Status.delivered, "S-400 arrive"),
    ]
    with Store(db) as store:
        for i, (text, date, status, headline) in enumerate(texts):
            article = Article(
                path=f"a{i}.txt", text=text, sha256=f"{i}" * 64, encoding="utf-8", size=len(text)
            )
            article_id, _ = store.add_article(article, source=f"a{i}.txt", url=None)
            made = summary(f"a{i}.txt", headline, date, [transfer(status, text)])
            store.save_summary(article_id, made, model="fake", run_id=None)
        weather = Article(
            path="w.txt", text="Hava güzel.", sha256="9" * 64, encoding="utf-8", size=9
        )
        store.add_article(weather, source="https://example.org/w", url="https://example.org/w")
    return Desk(db)


def test_articles_newest_first_with_filters_and_pagination(desk: Desk) -> None:
    rows, total = desk.articles()
    assert total == 3
    # Not summarised yet: dated by when it was first seen (today), so first; no title.
    unsummarised, *summarised = rows
    assert (unsummarised.transfers, unsummarised.url) == (None, "https://example.org/w")
    assert [r.title for r in summarised] == ["S-400 arrive", "Russia to give S-400"]
    assert summarised[0].countries == ("BY", "RU") and summarised[0].transfers == 1
    assert desk.articles(q="teslim")[1] == 1  # searches the text too
    assert desk.articles(country="by")[1] == 2
    assert desk.articles(since="2025-05-01", until="2025-12-31")[1] == 1
    page, total = desk.articles(limit=1, offset=2)
    assert total == 3 and page[0].title == "Russia to give S-400"


def test_an_article_has_its_text_and_newest_summary(desk: Desk) -> None:
    rows, _ = desk.articles(q="teslim")
    view = desk.article(rows[0].id)
    assert view is not None and view.summary is not None
    assert view.text == "Rusya, Belarus'a S-400 teslim etti."
    t = view.summary.arms_transfers[0]  # type: ignore[index]
    assert view.text[t.evidence_start : t.evidence_end] == t.evidence
    assert desk.article(9999) is None


def test_the_register_makes_one_deal_of_its_mentions_with_a_status_history(desk: Desk) -> None:
    [deal] = desk.register()
    assert (deal.supplier, deal.recipient, deal.system) == ("RU", "BY", "S-400")
    assert [(s.status, s.date) for s in deal.history] == [
        ("agreed", "2025-01-10"),
        ("delivered", "2025-06-01"),
    ]
    assert deal.status == "delivered" and len(deal.articles) == 2
    assert desk.register(status="agreed") == []  # the deal has moved on
    assert desk.transfers(status="agreed")[1] == 1  # the mention is still there
    [flow] = desk.flows()
    assert (flow.supplier, flow.recipient, flow.status, flow.deals) == ("RU", "BY", "delivered", 1)


def test_a_pair_gathers_its_events_across_articles(desk: Desk) -> None:
    view = desk.pair("ru", "BY")
    assert view is not None
    assert [e.date for e in view.events] == ["2025-01-10", "2025-06-01"]
    assert view.tones == ["cooperative", "cooperative"]
    assert desk.pair("RU", "TR") is None
    assert desk.pairs() == [("BY", "RU", 2)]


def test_the_desk_sees_new_summaries_without_a_restart(desk: Desk, db: Path | str) -> None:
    before = desk.version()
    assert desk.articles()[1] == 3
    with Store(db) as store:
        text = "Rusya, Türkiye'ye S-400 sattı."
        article = Article(path="b.txt", text=text, sha256="b" * 64, encoding="utf-8", size=31)
        store.add_article(article, source="b.txt", url=None)
    assert desk.articles()[1] == 4 and desk.version() != before


def test_a_summary_replaced_in_place_is_seen_at_once(desk: Desk, db: Path | str) -> None:
    rows, _ = desk.articles(q="teslim")
    article_id = rows[0].id
    text = "Rusya, Belarus'a S-400 teslim etti."
    with Store(db) as store:  # ingest --force: same key, same row id
        redone = summary(
            "a1.txt", "Russia hands over S-400", "2025-06-01", [transfer(Status.delivered, text)]
        )
        store.save_summary(article_id, redone, model="fake", run_id=None)
    view = desk.article(article_id)
    assert view is not None and view.row.title == "Russia hands over S-400"
