"""Read-only views of the store for the web desk and its API: articles, transfers, the transfer
register (one row per deal), country pairs and flows.

Each article is shown with its newest summary. The store is opened read-only per call; the
parsed summaries are kept until the store changes (new article or summary), so a page over
1,000 articles parses their JSON once, not per request.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarizer.errors import StoreError
from summarizer.schemas import Summary
from summarizer.store_backend import Backend, connect

# Where a deal stands, in the order a deal moves; a later step of the same deal supersedes.
STATUS_ORDER = ("proposed", "negotiating", "agreed", "delivered", "deployed", "cancelled")


@dataclass(frozen=True)
class ArticleRow:
    """One stored article as listed: what it is, where from, what its summary holds."""

    id: int
    title: str | None  # the brief's English headline, else the page title
    language: str | None
    date: str  # ISO date: published, else first seen
    source: str
    url: str | None  # only the store's own http(s) address, never model text
    transfers: int | None  # None: no summary yet, or the part failed
    relations: int | None
    countries: tuple[str, ...]  # ISO codes the summary's records name


@dataclass(frozen=True)
class TransferRow:
    """One transfer record of one article."""

    article_id: int
    article_title: str | None
    date: str
    supplier: str
    supplier_name: str
    recipient: str
    recipient_name: str
    systems: tuple[str, ...]
    status: str
    evidence: str
    evidence_start: int
    evidence_end: int


@dataclass(frozen=True)
class Step:
    """A status a deal reached, when, and in which article."""

    status: str
    date: str
    article_id: int


@dataclass
class Deal:
    """Records of the same supplier, recipient and system across articles: one deal."""

    supplier: str
    supplier_name: str
    recipient: str
    recipient_name: str
    system: str
    history: list[Step] = field(default_factory=list)  # by date, then by status order
    articles: list[int] = field(default_factory=list)

    @property
    def status(self) -> str:
        """The latest step's status."""
        return self.history[-1].status if self.history else "proposed"


@dataclass(frozen=True)
class PairEvent:
    """A dated or undated event of a country pair, from one article."""

    article_id: int
    date: str | None
    kind: str
    summary: str
    evidence: str


@dataclass
class PairView:
    """Everything the store says about two countries: events, figures, tones, articles."""

    a: str
    b: str
    a_name: str
    b_name: str
    events: list[PairEvent] = field(default_factory=list)  # dated first, by date
    figures: list[dict[str, Any]] = field(default_factory=list)
    tones: list[str] = field(default_factory=list)
    articles: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Flow:
    """Arms moving from one country to another: deals and the latest status."""

    supplier: str
    supplier_name: str
    recipient: str
    recipient_name: str
    status: str
    deals: int


@dataclass(frozen=True)
class ArticleView:
    """One article in full: its row, the text as read, and its newest summary."""

    row: ArticleRow
    text: str
    summary: Summary | None


@dataclass
class _Loaded:
    key: tuple[int, int, int, str]
    rows: list[ArticleRow]
    data: dict[int, dict[str, Any]]  # article id → the summary's contract JSON
    texts: dict[int, str]


class Desk:
    """Read-only queries over one store: a SQLite file or a PostgreSQL database."""

    def __init__(self, location: Path | str) -> None:
        self.location = location
        self._lock = threading.Lock()
        self._loaded: _Loaded | None = None

    def _connect(self) -> Backend:
        return connect(self.location, read_only=True)

    def _key(self, db: Backend) -> tuple[int, int, int, str]:
        # A summary replaced in place (ingest --force, a retried part) keeps its id: its
        # created_at is what changes.
        row = db.execute(
            "SELECT (SELECT COALESCE(MAX(id), 0) FROM articles) AS a, "
            "(SELECT COALESCE(MAX(id), 0) FROM summaries) AS s, "
            "(SELECT COUNT(*) FROM summaries) AS n, "
            "(SELECT COALESCE(MAX(created_at), '') || ':' || "
            "CAST(COALESCE(SUM(LENGTH(json)), 0) AS TEXT) || ':' || "
            "CAST(COALESCE(SUM(tries), 0) AS TEXT) FROM summaries) AS t"
        ).fetchone()
        return int(row["a"]), int(row["s"]), int(row["n"]), str(row["t"])

    def _load(self) -> _Loaded:
        """Every article with its newest summary, parsed once per change of the store."""
        db = self._connect()
        try:
            key = self._key(db)
            with self._lock:
                if self._loaded is not None and self._loaded.key == key:
                    return self._loaded
            loaded = _read_all(db, key)
        except db.errors as exc:
            raise StoreError(f"store {db.name}: cannot read ({exc})") from None
        finally:
            db.close()
        with self._lock:
            self._loaded = loaded
        return loaded

    def last_modified(self) -> dt.datetime:
        """When the store last gained an article or a summary (UTC)."""
        db = self._connect()
        try:
            row = db.execute(
                "SELECT MAX(t) AS t FROM (SELECT MAX(first_seen) AS t FROM articles "
                "UNION ALL SELECT MAX(created_at) FROM summaries) AS latest"
            ).fetchone()
        except db.errors as exc:
            raise StoreError(f"store {db.name}: cannot read ({exc})") from None
        finally:
            db.close()
        return _parse_time(row["t"]) if row and row["t"] else dt.datetime(1970, 1, 1, tzinfo=dt.UTC)

    def version(self) -> str:
        """A tag that changes whenever the store gains an article or a summary (for ETags)."""
        db = self._connect()
        try:
            a, s, n, t = self._key(db)
        finally:
            db.close()
        return f"{a}-{s}-{n}-{t}"

    # ----------------------------------------------------------------------- articles

    def articles(
        self,
        *,
        q: str | None = None,
        language: str | None = None,
        country: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[list[ArticleRow], int]:
        """Articles newest first, filtered; and how many match in all."""
        loaded = self._load()
        needle = q.casefold().strip() if q else ""
        code = country.upper() if country else None
        found = []
        for row in loaded.rows:
            if language and row.language != language:
                continue
            if code and code not in row.countries:
                continue
            if not _in_range(row.date, since, until):
                continue
            if needle and not _matches(needle, row, loaded.data.get(row.id), loaded.texts[row.id]):
                continue
            found.append(row)
        return found[offset : offset + limit], len(found)

    def article(self, article_id: int) -> ArticleView | None:
        """One article with its text and newest summary; None if there is no such id."""
        loaded = self._load()
        row = next((r for r in loaded.rows if r.id == article_id), None)
        if row is None:
            return None
        data = loaded.data.get(article_id)
        summary = Summary.model_validate(data) if data is not None else None
        return ArticleView(row=row, text=loaded.texts[article_id], summary=summary)

    # ----------------------------------------------------------------------- transfers

    def transfers(
        self,
        *,
        supplier: str | None = None,
        recipient: str | None = None,
        system: str | None = None,
        status: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> tuple[list[TransferRow], int]:
        """Transfer records newest first, filtered; and how many match in all."""
        found = [
            t
            for t in self._all_transfers()
            if _transfer_matches(t, supplier, recipient, system, status)
            and _in_range(t.date, since, until)
        ]
        return found[offset : offset + limit], len(found)

    def _all_transfers(self) -> list[TransferRow]:
        loaded = self._load()
        out = []
        for row in loaded.rows:
            for t in (loaded.data.get(row.id) or {}).get("arms_transfers") or []:
                out.append(
                    TransferRow(
                        article_id=row.id,
                        article_title=row.title,
                        date=row.date,
                        supplier=t["supplier"]["code"],
                        supplier_name=t["supplier"]["name"],
                        recipient=t["recipient"]["code"],
                        recipient_name=t["recipient"]["name"],
                        systems=tuple(s["designation"] for s in t["systems"]),
                        status=t["status"],
                        evidence=t["evidence"],
                        evidence_start=t["evidence_start"],
                        evidence_end=t["evidence_end"],
                    )
                )
        return out

    def register(
        self,
        *,
        supplier: str | None = None,
        recipient: str | None = None,
        system: str | None = None,
        status: str | None = None,
    ) -> list[Deal]:
        """One row per deal (supplier, recipient, system) with its status history; a deal is
        kept when its latest status matches `status`."""
        deals: dict[tuple[str, str, str], Deal] = {}
        for t in self._all_transfers():
            if not _transfer_matches(t, supplier, recipient, system, None):
                continue
            for name in t.systems:
                key = (t.supplier, t.recipient, name)
                deal = deals.setdefault(
                    key, Deal(t.supplier, t.supplier_name, t.recipient, t.recipient_name, name)
                )
                step = Step(t.status, t.date, t.article_id)
                if step not in deal.history:
                    deal.history.append(step)
                if t.article_id not in deal.articles:
                    deal.articles.append(t.article_id)
        for deal in deals.values():
            deal.history.sort(key=lambda s: (s.date, _status_rank(s.status)))
            deal.articles.sort()
        out = [d for d in deals.values() if status is None or d.status == status]
        return sorted(out, key=lambda d: (-len(d.articles), d.supplier, d.recipient, d.system))

    def flows(self, *, since: str | None = None, until: str | None = None) -> list[Flow]:
        """Supplier → recipient: how many deals, and the status of the latest step."""
        totals: dict[tuple[str, str], list[Deal]] = {}
        for deal in self.register():
            steps = [s for s in deal.history if _in_range(s.date, since, until)]
            if not steps:
                continue
            totals.setdefault((deal.supplier, deal.recipient), []).append(deal)
        out = []
        for (a, b), group in totals.items():
            latest = max(group, key=lambda d: (d.history[-1].date, _status_rank(d.status)))
            first = group[0]
            out.append(
                Flow(a, first.supplier_name, b, first.recipient_name, latest.status, len(group))
            )
        return sorted(out, key=lambda f: (-f.deals, f.supplier, f.recipient))

    # ----------------------------------------------------------------------- pairs

    def pair(self, a: str, b: str) -> PairView | None:
        """The relations of two countries across articles; None if no article has the pair."""
        loaded = self._load()
        codes = sorted({a.upper(), b.upper()})
        if len(codes) != 2:
            return None
        view: PairView | None = None
        for row in loaded.rows:
            for rel in (loaded.data.get(row.id) or {}).get("relations") or []:
                if sorted(c["code"] for c in rel["countries"]) != codes:
                    continue
                if view is None:
                    names = {c["code"]: c["name"] for c in rel["countries"]}
                    view = PairView(codes[0], codes[1], names[codes[0]], names[codes[1]])
                view.articles.append(row.id)
                view.tones.append(rel.get("tone", "neutral"))
                view.events += [_event(row.id, e) for e in rel.get("events") or []]
                view.figures += [{**f, "article_id": row.id} for f in rel.get("figures") or []]
        if view is None:
            return None
        view.events.sort(key=lambda e: (e.date is None, e.date or "", e.article_id))
        view.articles = sorted(set(view.articles))
        return view

    def pairs(self) -> list[tuple[str, str, int]]:
        """Every pair the store knows, with how many articles have it, most first."""
        loaded = self._load()
        counts: dict[tuple[str, str], int] = {}
        for data in loaded.data.values():
            for rel in data.get("relations") or []:
                key = tuple(sorted(c["code"] for c in rel["countries"]))
                counts[key] = counts.get(key, 0) + 1
        return sorted(
            ((a, b, n) for (a, b), n in counts.items()), key=lambda p: (-p[2], p[0], p[1])
        )


# --------------------------------------------------------------------------- helpers


def _read_all(db: Backend, key: tuple[int, int, int, str]) -> _Loaded:
    newest = {
        int(r["article_id"]): r["json"]
        for r in db.execute(
            "SELECT article_id, json FROM summaries WHERE id IN "
            "(SELECT MAX(id) FROM summaries GROUP BY article_id)"
        )
    }
    rows: list[ArticleRow] = []
    data: dict[int, dict[str, Any]] = {}
    texts: dict[int, str] = {}
    for r in db.execute(
        "SELECT id, source, url, language, title, published, first_seen, text FROM articles"
    ):
        article_id = int(r["id"])
        summary = json.loads(newest[article_id]) if article_id in newest else None
        if summary is not None:
            data[article_id] = summary
        texts[article_id] = r["text"]
        rows.append(_row(r, summary))
    rows.sort(key=lambda row: (row.date, row.id), reverse=True)
    return _Loaded(key=key, rows=rows, data=data, texts=texts)


def _row(r: Any, summary: dict[str, Any] | None) -> ArticleRow:
    brief = (summary or {}).get("brief") or {}
    transfers = (summary or {}).get("arms_transfers")
    relations = (summary or {}).get("relations")
    countries = {c["code"] for t in transfers or [] for c in (t["supplier"], t["recipient"])}
    countries |= {c["code"] for rel in relations or [] for c in rel["countries"]}
    url = r["url"] if r["url"] and str(r["url"]).startswith(("http://", "https://")) else None
    return ArticleRow(
        id=int(r["id"]),
        title=brief.get("headline") or r["title"],
        language=r["language"],
        date=(r["published"] or r["first_seen"] or "")[:10],
        source=r["source"],
        url=url,
        transfers=len(transfers) if transfers is not None else None,
        relations=len(relations) if relations is not None else None,
        countries=tuple(sorted(countries)),
    )


def _matches(needle: str, row: ArticleRow, summary: dict[str, Any] | None, text: str) -> bool:
    brief = (summary or {}).get("brief") or {}
    haystack: Iterable[str] = (
        row.title or "",
        brief.get("summary") or "",
        " ".join(brief.get("key_points") or []),
        text,
    )
    return any(needle in part.casefold() for part in haystack)


def _transfer_matches(
    t: TransferRow,
    supplier: str | None,
    recipient: str | None,
    system: str | None,
    status: str | None,
) -> bool:
    if supplier and t.supplier != supplier.upper():
        return False
    if recipient and t.recipient != recipient.upper():
        return False
    if status and t.status != status:
        return False
    return not system or any(system.casefold() in s.casefold() for s in t.systems)


def _in_range(date: str, since: str | None, until: str | None) -> bool:
    """ISO dates compare as text; an empty date is outside every bounded range."""
    if since and (not date or date < since):
        return False
    return not (until and (not date or date > until))


def _status_rank(status: str) -> int:
    return STATUS_ORDER.index(status) if status in STATUS_ORDER else len(STATUS_ORDER)


def _event(article_id: int, e: dict[str, Any]) -> PairEvent:
    return PairEvent(
        article_id=article_id,
        date=e.get("date"),
        kind=e.get("kind", "other"),
        summary=e.get("summary", ""),
        evidence=e.get("evidence", ""),
    )


def _parse_time(value: str) -> dt.datetime:
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
