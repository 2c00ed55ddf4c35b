"""The web desk's pages, served by the real app on a loopback port and read in headless Chromium.

The store holds the digest fixtures (model output of the replay run, with their articles), seed
001 summarised through the real `ingest` path by the fake model, an article whose text and model
output carry planted markup, and summary-less fillers (so the list has a second page). What is
checked: filters and pagination, evidence marked at its offsets, planted markup inert, the SVG
pictures drawn, and on every page no console error, no CSP violation, no dialog and no request
off loopback.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from summarizer.articles import Article
from summarizer.llm import registry
from summarizer.schemas import (
    Brief,
    Category,
    CountryRef,
    Event,
    EventKind,
    Figure,
    Grounded,
    KeyPoint,
    Meta,
    Relation,
    Source,
    Status,
    Summary,
    SystemRecord,
    Transfer,
)
from summarizer.store import Store
from tests.browser import Browser, BrowserMissing, require_chromium
from tests.conftest import ROOT, SEEDS
from tests.fakes import FakeProvider

pytestmark = pytest.mark.timeout(600)

DIGEST = ROOT / "tests" / "data" / "digest"
FIXTURES = ROOT / "evals" / "fixtures"
SEED = SEEDS / "001_915c504d3d01d421.txt"
FILLERS = 21

HOSTILE_LINES = (
    "Oslo, 3 March 2025. Norway will deliver two NASAMS air defence systems to Lithuania.",
    "A reader wrote: <script>alert('article')</script> and <img src=x onerror=alert('img')>.",
    "The defence ministers met in Vilnius on 4 March 2025 to sign the agreement.",
)
HOSTILE_TEXT = "\n".join(HOSTILE_LINES) + "\n"
PLANTED = "<script>alert('headline')</script>"
# CR LF line ends, a control character and a right-to-left mark: a browser would drop or
# rewrite the first two and the templates' finalize drops the last; offsets must still hold.
TRICKY_QUOTE = "Türkiye will sell 48 \u200fKAAN jets to Indonesia."
TRICKY_TEXT = f"Ankara\x07 bureau\r\n{TRICKY_QUOTE}\r\nThe deal was signed on 11 June 2025.\r\n"
TRICKY_SHOWN = TRICKY_TEXT.replace("\r\n", " \n").replace("\x07", "\ufffd")


@dataclass
class Stored:
    """The test store: its file and, per article id, the text and summary written into it."""

    db: Path
    texts: dict[int, str]
    summaries: dict[int, Summary]
    hostile: int
    seed: int


# --------------------------------------------------------------------------- the store


def _article(text: str, name: str) -> Article:
    data = text.encode("utf-8")
    return Article(
        path=name,
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding="utf-8",
        size=len(data),
    )


def _quote(line: int) -> dict[str, Any]:
    start = HOSTILE_TEXT.index(HOSTILE_LINES[line])
    return {
        "evidence": HOSTILE_LINES[line],
        "evidence_start": start,
        "evidence_end": start + len(HOSTILE_LINES[line]),
    }


def hostile_summary() -> Summary:
    """Model output with markup planted in every kind of text the pages show."""
    norway = CountryRef(code="NO", name="Norway<script>alert('name')</script>")
    lithuania = CountryRef(code="LT", name="Lithuania<img src=x onerror=alert(3)>")
    return Summary(
        source=Source(
            path="hostile.txt",
            sha256="0" * 64,
            language="en",
            title="<script>alert('title')</script>",
            published="2025-03-05",
        ),
        brief=Brief(
            headline=f"Norway sends NASAMS {PLANTED}",
            summary="Two systems <img src=x onerror=alert('summary')> go to Lithuania.",
            key_points=["A reader planted <script>alert('point')</script>"],
            points=[KeyPoint(text="A reader planted <script>alert('point')</script>", **_quote(1))],
        ),
        arms_transfers=[
            Transfer(
                supplier=norway,
                recipient=lithuania,
                systems=[
                    SystemRecord(
                        designation="NASAMS<script>alert('system')</script>",
                        category=Category.air_defence,
                        quantity=2,
                    )
                ],
                status=Status.agreed,
                **_quote(0),
            )
        ],
        relations=[
            Relation(
                countries=[norway, lithuania],
                events=[
                    Event(
                        date="2025-03-04",
                        kind=EventKind.meeting,
                        summary="Ministers met <script>alert('event')</script>",
                        **_quote(2),
                    )
                ],
                figures=[Figure(label="<b>deal</b> value", amount=2.0, unit="units", **_quote(0))],
                topics=["<script>alert('topic')</script>"],
            )
        ],
        meta=Meta(model="fixture", prompt_version="test"),
    )


def tricky_summary() -> Summary:
    start = TRICKY_TEXT.index(TRICKY_QUOTE)
    quote = {"evidence": TRICKY_QUOTE, "evidence_start": start, "evidence_end": start + len(TRICKY_QUOTE)}  # fmt: skip
    turkey, indonesia = CountryRef(code="TR", name="Türkiye"), CountryRef(code="ID", name="Indonesia")  # fmt: skip
    return Summary(
        source=Source(path="tricky.txt", sha256="1" * 64, language="tr", published="2025-06-11"),
        brief=Brief(
            headline="Türkiye sells KAAN jets to Indonesia",
            summary="Türkiye will sell 48 KAAN jets to Indonesia.",
            key_points=["Türkiye will sell 48 KAAN jets to Indonesia."],
            points=[KeyPoint(text="Türkiye will sell 48 KAAN jets to Indonesia.", **quote)],
        ),
        arms_transfers=[
            Transfer(
                supplier=turkey,
                recipient=indonesia,
                systems=[SystemRecord(designation="KAAN", category=Category.aircraft, quantity=48)],
                status=Status.agreed,
                **quote,
            )
        ],
        relations=[],
        meta=Meta(model="fixture", prompt_version="test"),
    )


def _ingest_seed(db: Path, home: Path) -> None:
    """Seed 001 through the real `summarizer ingest`, answered by the fake model."""
    from summarizer.cli import main

    provider = FakeProvider()
    registry.register("fake", lambda name, settings: provider)
    try:
        with pytest.MonkeyPatch.context() as mp:
            for var in list(os.environ):
                if var.startswith("SUMMARIZER_") or var.endswith("_API_KEY"):
                    mp.delenv(var, raising=False)
            mp.setenv("SUMMARIZER_CONFIG", str(home / "config.toml"))
            mp.setattr(sys, "argv", ["summarizer", "ingest", "--model", "fake", "--db", str(db), str(SEED)])  # fmt: skip
            try:
                main()
            except SystemExit as exc:
                assert exc.code in (0, None), f"ingest exited with {exc.code}"
    finally:
        registry.unregister("fake")


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> Stored:
    folder = tmp_path_factory.mktemp("desk")
    db = folder / "store.db"
    texts: dict[int, str] = {}
    summaries: dict[int, Summary] = {}
    items = json.loads((DIGEST / "items.json").read_text(encoding="utf-8"))["digest"]
    with Store(db) as store:
        for item in items:
            name = item["summary"].removesuffix(".json")
            text = (FIXTURES / name / "article.txt").read_text(encoding="utf-8")
            summary = Summary.model_validate_json((DIGEST / item["summary"]).read_text("utf-8"))
            article_id, _ = store.add_article(_article(text, name), source=item["label"], url=item["link"])  # fmt: skip
            store.save_summary(article_id, summary, model="fixture", run_id=None)
            texts[article_id], summaries[article_id] = text, summary
        hostile, _ = store.add_article(
            _article(HOSTILE_TEXT, "hostile.txt"),
            source="javascript:alert(1)",
            url="javascript:alert(1)",
        )
        store.save_summary(hostile, hostile_summary(), model="fixture", run_id=None)
        texts[hostile], summaries[hostile] = HOSTILE_TEXT, hostile_summary()
        tricky, _ = store.add_article(_article(TRICKY_TEXT, "tricky.txt"), source="tricky.txt", url=None)  # fmt: skip
        store.save_summary(tricky, tricky_summary(), model="fixture", run_id=None)
        texts[tricky], summaries[tricky] = TRICKY_SHOWN, tricky_summary()  # as a page shows it
        for n in range(FILLERS):
            store.add_article(_article(f"Filler article {n} about the weather.\n", f"filler{n}.txt"), source=f"filler{n}.txt", url=None)  # fmt: skip
    _ingest_seed(db, folder)
    with Store(db) as store:
        seed = store.article_at(str(SEED))
        assert seed is not None
        # the seed is also a digest fixture's article: its page shows the newest summary
        row = store.db.execute("SELECT json FROM summaries WHERE article_id = ? AND model = 'fake'", (seed.id,)).fetchone()  # fmt: skip
        summaries[seed.id] = Summary.model_validate_json(row["json"])
        texts[seed.id] = store.article_text(seed.id).text
    return Stored(db, texts, summaries, hostile, seed.id)


@pytest.fixture(scope="module")
def server(stored: Stored) -> Iterator[str]:
    from summarizer.web.app import create_app, running

    with running(create_app(stored.db)) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    try:
        require_chromium()
    except BrowserMissing as exc:
        pytest.fail(str(exc))  # never skipped quietly: CI installs it (.ci/run)
    with Browser() as started:
        yield started


@pytest.fixture
def page(browser: Browser, server: str) -> Iterator[Browser]:
    """The browser, its log cleared; after the test, nothing bad may have happened on a page."""
    browser.log.clear()
    yield browser
    log = browser.log
    assert log.errors() == []
    assert log.csp_violations() == []
    assert log.dialogs == []
    off = [u for u in log.requests if not u.startswith((server + "/", "data:"))]
    assert off == [], f"requests left loopback: {off}"


def visit(browser: Browser, server: str, path: str) -> None:
    browser.navigate(server + path)
    assert not browser.evaluate("document.title").startswith("Not found"), path


def submit(browser: Browser, form: str, values: dict[str, str]) -> None:
    """Fill a page's GET form as a reader would and press its button."""
    script = (
        f"(() => {{ const f = document.querySelector({json.dumps(form)}); "
        f"for (const [k, v] of Object.entries({json.dumps(values)})) f.elements[k].value = v; "
        "f.querySelector('button').click(); })()"
    )
    with browser.expect_load():
        browser.evaluate(script)


def rows(browser: Browser, selector: str) -> list[Any]:
    return browser.evaluate(
        f"Array.from(document.querySelectorAll({json.dumps(selector)})).map(r => ({{...r.dataset}}))"
    )


def _store_rows(db: Path) -> list[sqlite3.Row]:
    with sqlite3.connect(db) as con:
        con.row_factory = sqlite3.Row
        return con.execute("SELECT id, language, published, first_seen FROM articles").fetchall()


def _day(row: sqlite3.Row) -> str:
    return str(row["published"] or row["first_seen"])[:10]


# --------------------------------------------------------------------------- front page


def test_front_page_filters_search_and_pages(page: Browser, server: str, stored: Stored) -> None:
    everything = _store_rows(stored.db)
    visit(page, server, "/")
    assert len(rows(page, "tr.article-row")) == 25
    assert page.evaluate("document.getElementById('count').textContent") == f"{len(everything)} articles"  # fmt: skip
    with page.expect_load():
        page.evaluate("document.querySelector('a[rel=next]').click()")
    assert len(rows(page, "tr.article-row")) == len(everything) - 25

    visit(page, server, "/")
    submit(page, "form.filters", {"language": "es"})
    spanish = {r["id"] for r in everything if r["language"] == "es"}
    assert {int(r["id"]) for r in rows(page, "tr.article-row")} == spanish
    assert "language=es" in page.evaluate("location.search")

    submit(page, "form.filters", {"language": "", "since": "2025-06-01", "until": "2025-09-30"})
    in_range = {r["id"] for r in everything if "2025-06-01" <= _day(r) <= "2025-09-30"}
    assert {int(r["id"]) for r in rows(page, "tr.article-row")} == in_range and in_range

    submit(page, "form.filters", {"since": "", "until": "", "country": "BY"})
    with_belarus = {
        i
        for i, s in stored.summaries.items()
        if any("BY" in (t.supplier.code, t.recipient.code) for t in s.arms_transfers or [])
        or any("BY" in {c.code for c in r.countries} for r in s.relations or [])
    }
    assert {int(r["id"]) for r in rows(page, "tr.article-row")} == with_belarus

    submit(page, "form.filters", {"country": "", "q": "KAAN"})
    found = {int(r["id"]) for r in rows(page, "tr.article-row")}
    assert found and all("KAAN" in stored.texts[i] for i in found)


# --------------------------------------------------------------------------- evidence


MARKS_JS = """(() => {
  const box = document.getElementById('article-text');
  const marks = [];
  let pos = 0;
  for (const node of box.childNodes) {
    const n = Array.from(node.textContent).length;
    if (node.nodeName === 'MARK') marks.push({id: node.id, start: pos, end: pos + n,
      text: node.textContent, records: node.dataset.records.split(' ')});
    pos += n;
  }
  const records = Array.from(document.querySelectorAll('[data-key]')).map(
    e => ({key: e.dataset.key, ev: e.dataset.ev || null}));
  return {text: box.textContent, marks: marks, records: records};
})()"""


def grounded(summary: Summary) -> dict[str, Grounded | KeyPoint]:
    """Every record that quotes the article, by the key the page gives it."""
    found: dict[str, Grounded | KeyPoint] = {}
    for i, point in enumerate(summary.brief.points if summary.brief else [], 1):
        found[f"p{i}"] = point
    for i, t in enumerate(summary.arms_transfers or [], 1):
        found[f"t{i}"] = t
    events = [e for r in summary.relations or [] for e in r.events]
    figures = [f for r in summary.relations or [] for f in r.figures]
    found.update({f"e{i}": e for i, e in enumerate(events, 1)})
    found.update({f"f{i}": f for i, f in enumerate(figures, 1)})
    return found


def test_evidence_is_marked_in_place(page: Browser, server: str, stored: Stored) -> None:
    checked = exact = 0
    for article_id, summary in stored.summaries.items():
        visit(page, server, f"/articles/{article_id}")
        shown = page.evaluate(MARKS_JS)
        assert shown["text"] == stored.texts[article_id]  # the whole text, unchanged
        marks = {m["id"]: m for m in shown["marks"]}
        keys = {r["key"]: r["ev"] for r in shown["records"]}
        for key, record in grounded(summary).items():
            if shown["text"][record.evidence_start : record.evidence_end] != record.evidence:
                continue  # the model's offsets miss its quote: nothing to check in place
            mark = marks[keys[key]]
            assert key in mark["records"]
            assert mark["start"] <= record.evidence_start < record.evidence_end <= mark["end"]
            assert shown["text"][record.evidence_start : record.evidence_end] == record.evidence
            if (mark["start"], mark["end"]) == (record.evidence_start, record.evidence_end):
                assert mark["text"] == record.evidence
                exact += 1
            checked += 1
        for mark in marks.values():  # marks never overlap and each covers only its records
            assert mark["text"] == shown["text"][mark["start"] : mark["end"]]
    assert checked >= 40 and exact >= 20, (checked, exact)


def test_a_record_leads_to_its_evidence(page: Browser, server: str, stored: Stored) -> None:
    visit(page, server, f"/articles/{stored.seed}")
    target = page.evaluate("document.querySelector('#rec-t1').dataset.ev")
    page.evaluate(
        "document.querySelector('#rec-t1').dispatchEvent(new MouseEvent('mouseover', {bubbles: true}))"
    )
    assert page.evaluate(f"document.getElementById('{target}').classList.contains('active')")
    page.evaluate("document.querySelector('#rec-t1 .ev-link').click()")
    assert page.evaluate("location.hash") == f"#{target}"
    href = page.evaluate("document.querySelector('#rec-t1 .ev-link').getAttribute('href')")
    assert href == f"#{target}"  # without the script the link jumps there by itself


# --------------------------------------------------------------------------- hostile text


INERT_JS = """(() => ({
  scripts: Array.from(document.scripts).map(s => s.getAttribute('src')),
  images: document.querySelectorAll('img, b, iframe, object').length,
  handlers: Array.from(document.querySelectorAll('*')).filter(
    e => Array.from(e.attributes).some(a => a.name.startsWith('on'))).length,
  text: document.body.innerText + ' ' + Array.from(document.querySelectorAll('svg title, [title]'))
    .map(e => e.textContent + ' ' + (e.getAttribute('title') || '')).join(' '),
  sourceLinks: Array.from(document.querySelectorAll('a')).map(a => a.getAttribute('href'))
    .filter(h => h && !h.startsWith('/') && !h.startsWith('#')),
}))()"""


def test_planted_markup_stays_text(page: Browser, server: str, stored: Stored) -> None:
    pages = {
        f"/articles/{stored.hostile}": [
            PLANTED,
            "<script>alert('article')</script>",
            "alert('point')",
        ],
        "/?q=NASAMS": [PLANTED],
        "/register?supplier=NO": ["NASAMS<script>alert('system')</script>", "Norway<script>"],
        "/flows": ["Norway<script>alert('name')</script>", "Lithuania<img src=x onerror=alert(3)>"],
        "/pairs/LT-NO": ["Ministers met <script>alert('event')</script>", "<b>deal</b> value"],
    }
    for path, planted in pages.items():
        visit(page, server, path)
        found = page.evaluate(INERT_JS)
        assert found["scripts"] == ["/static/desk.js"], path
        assert found["images"] == 0 and found["handlers"] == 0, path
        assert found["sourceLinks"] == [], path  # javascript: from the store is not a link
        for text in planted:
            assert text in found["text"], (path, text)
    assert page.log.console == [] and page.log.dialogs == []


def test_source_link_comes_from_the_store_only(page: Browser, server: str, stored: Stored) -> None:
    with sqlite3.connect(stored.db) as con:
        article_id, url = con.execute("SELECT id, url FROM articles WHERE url LIKE 'https://%' LIMIT 1").fetchone()  # fmt: skip
    visit(page, server, f"/articles/{article_id}")
    link = page.evaluate(
        "(() => { const a = document.querySelector('a.source'); return [a.getAttribute('href'), a.rel]; })()"
    )
    assert link == [url, "noopener noreferrer nofollow"]


# --------------------------------------------------------------------------- register


def _deals(summaries: dict[int, Summary]) -> dict[tuple[str, str, str], set[str]]:
    deals: dict[tuple[str, str, str], set[str]] = {}
    for summary in summaries.values():
        for t in summary.arms_transfers or []:
            for s in t.systems:
                deals.setdefault((t.supplier.code, t.recipient.code, s.designation), set()).add(t.status.value)  # fmt: skip
    return deals


def test_register_has_one_row_per_deal(page: Browser, server: str, stored: Stored) -> None:
    deals = _deals(stored.summaries)
    visit(page, server, "/register")
    shown = rows(page, "tr.deal")
    assert len(shown) == len(deals)
    assert {(r["supplier"], r["recipient"]) for r in shown} == {(a, b) for a, b, _ in deals}
    history = page.evaluate(
        "Array.from(document.querySelectorAll('tr.deal')).map(r => r.querySelectorAll('ol.history li').length)"
    )
    assert max(history) >= 2  # a deal seen as proposed, then agreed or delivered

    submit(page, "form.filters", {"status": "deployed"})
    deployed = rows(page, "tr.deal")
    assert deployed and {r["status"] for r in deployed} == {"deployed"}
    submit(page, "form.filters", {"status": "", "supplier": "RU"})
    assert {r["supplier"] for r in rows(page, "tr.deal")} == {"RU"}
    sources = page.evaluate(
        "Array.from(document.querySelectorAll('tr.deal ul.sources a')).map(a => a.getAttribute('href'))"
    )
    assert sources and all(h.startswith("/articles/") for h in sources)


# --------------------------------------------------------------------------- pictures


SVG_JS = """((sel) => {
  const svg = document.querySelector(sel);
  if (!svg) return null;
  const box = svg.getBoundingClientRect();
  return {width: box.width, height: box.height, paths: svg.querySelectorAll('path').length,
    circles: svg.querySelectorAll('circle').length,
    widths: Array.from(svg.querySelectorAll('path')).map(p => p.getBBox().width),
    titles: svg.querySelectorAll('title').length};
})"""


def test_flows_picture_renders(page: Browser, server: str, stored: Stored) -> None:
    pairs = {(a, b) for a, b, _ in _deals(stored.summaries)}
    visit(page, server, "/flows")
    svg = page.evaluate(SVG_JS + "('svg.flows')")
    assert svg is not None and svg["width"] > 300 and svg["height"] > 100
    assert svg["paths"] == len(pairs)
    assert all(w > 100 for w in svg["widths"])  # each band spans the picture
    assert svg["titles"] > len(pairs)  # every band and bar has its tooltip
    with page.expect_load():
        page.evaluate("document.querySelector('svg.flows a.flow').dispatchEvent(new MouseEvent('click', {bubbles: true}))")  # fmt: skip
    assert page.evaluate("location.pathname") == "/register"


def test_pair_timeline_renders(page: Browser, server: str, stored: Stored) -> None:
    events = [
        e
        for s in stored.summaries.values()
        for r in s.relations or []
        if {c.code for c in r.countries} == {"RU", "TR"}
        for e in r.events
    ]
    visit(page, server, "/pairs/RU-TR")
    svg = page.evaluate(SVG_JS + "('svg.timeline')")
    assert svg is not None and svg["width"] > 300 and svg["height"] > 50
    assert svg["circles"] == sum(1 for e in events if e.date) > 0
    dates = page.evaluate(
        "Array.from(document.querySelectorAll('svg.timeline circle')).map(c => c.dataset.date)"
    )
    assert dates == sorted(dates)
    visit(page, server, "/pairs")
    assert page.evaluate("document.querySelectorAll('a[href=\"/pairs/RU-TR\"]').length") == 1


# --------------------------------------------------------------------------- plain HTTP


def test_pages_answer_with_the_apps_headers(server: str, stored: Stored) -> None:
    with httpx.Client(base_url=server) as client:
        front = client.get("/")
        assert front.status_code == 200 and "script-src 'self'" in front.headers["content-security-policy"]  # fmt: skip
        assert front.headers["content-type"].startswith("text/html")
        css = client.get("/static/desk.css")
        assert css.headers["content-type"].startswith("text/css")
        assert client.get("/static/desk.css", headers={"If-None-Match": css.headers["etag"]}).status_code == 304  # fmt: skip
        assert client.get("/static/../pyproject.toml").status_code == 404
        missing = client.get("/articles/999999", headers={"Accept": "text/html"})
        assert missing.status_code == 404 and "no article 999999" in missing.text
        assert client.get("/pairs/XX-YY").status_code == 404
        lost = client.get("/no/such/page", headers={"Accept": "text/html"})
        assert (
            lost.status_code == 404
            and '<link rel="stylesheet" href="/static/desk.css">' in lost.text
        )
        assert client.get("/?since=yesterday&page=x&country=<b>").status_code == 200
        body = client.get(f"/articles/{stored.hostile}").text
        assert PLANTED not in body and "&lt;script&gt;alert(&#39;headline&#39;)" in body


# --------------------------------------------------------------------------- marks, in code


def test_overlapping_quotes_share_one_mark() -> None:
    from summarizer.web.evidence import regions, segments

    text = "0123456789abcdefghij"
    spans = [(2, 6, "t1", "transfer", "T1"), (4, 9, "e1", "event", "E1"), (12, 15, "p1", "point", "P1")]  # fmt: skip
    merged = regions(spans)
    assert [(r.start, r.end, r.records) for r in merged] == [(2, 9, ["t1", "e1"]), (12, 15, ["p1"])]
    parts = segments(text, merged)
    assert "".join(str(p.text) for p in parts) == text
    assert [str(p.text) for p in parts if p.region] == ["2345678", "cde"]


def test_html_is_shown_as_its_text_unless_the_records_quote_the_markup() -> None:
    from summarizer.web.evidence import marked, shown_text

    page = "<html><head><title>T</title></head><body><article><p>" + "Filler words here. " * 30
    page += "Norway will deliver NASAMS to Lithuania.</p></article></body></html>"
    summary = hostile_summary().model_copy(update={"brief": None, "relations": []})
    text = shown_text(page, summary)
    assert "<p>" not in text
    quote = "Norway will deliver NASAMS to Lithuania."
    record = summary.arms_transfers[0].model_copy(update={"evidence": quote, "evidence_start": 5, "evidence_end": 9})  # fmt: skip
    _, where = marked(summary.model_copy(update={"arms_transfers": [record]}), text)
    assert text[where["t1"].start : where["t1"].end] == quote  # found where it stands
    assert shown_text(HOSTILE_TEXT, hostile_summary()) == HOSTILE_TEXT  # quotes markup: as stored
