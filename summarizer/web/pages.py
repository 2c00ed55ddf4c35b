"""The web desk's pages: server-rendered HTML over the store (read through `Desk`).

Every page is a GET that works without JavaScript (filters are plain GET forms, evidence links
are fragment links); /static/desk.js only adds hover highlighting. Templates render through
the one sandboxed Jinja2 setup with autoescaping: article and model text is always text.
The app's CSP allows no inline script or style, so pages use classes and the static files
served here. A source link comes only from the store's own URL column, never from model text.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from summarizer.templating import environment
from summarizer.terminal import inert
from summarizer.web import evidence, svg
from summarizer.web.desk import STATUS_ORDER, ArticleRow, Desk

if TYPE_CHECKING:
    from jinja2 import Environment

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
PAGE_SIZE = 25
DEALS_PAGE = 50
_STATIC_TYPES = {
    "desk.css": "text/css; charset=utf-8",
    "desk.js": "text/javascript; charset=utf-8",
    "favicon.svg": "image/svg+xml",
}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CODE = re.compile(r"^[A-Za-z]{2}$")
_REL = "noopener noreferrer nofollow"

router = APIRouter(include_in_schema=False)


# --------------------------------------------------------------------------- plumbing


def desk_of(request: Request) -> Desk:
    """The app's Desk (create_app keeps it at app.state.desk)."""
    desk = getattr(request.app.state, "desk", None)
    if not isinstance(desk, Desk):
        raise RuntimeError("the web app holds no Desk at app.state.desk")
    return desk


def _inert(value: Any) -> Any:
    if isinstance(value, Markup):
        return value  # built here from escaped parts (the SVG pictures)
    return inert(value) if isinstance(value, str) else value


@functools.cache
def _env() -> Environment:
    return environment(TEMPLATES, html=True, trim=True, finalize=_inert)


def _page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("nav", "")
    html = _env().get_template(name).render(**context)
    return HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-cache"})


def _not_found(what: str) -> HTMLResponse:
    return _page("error.html", 404, title="Not found", message=what)


_TITLES = {400: "Bad request", 404: "Not found", 405: "Not allowed", 413: "Too large"}


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    """An error as a desk page, for a browser (the app calls this off /api)."""
    title = _TITLES.get(status, "Something went wrong" if status >= 500 else "Request refused")
    shown = message if status < 500 else "The server could not answer this page."
    return _page("error.html", status, title=title, message=shown)


@functools.cache
def country_name(code: str) -> str:
    """The English name of an ISO code ('RU' → 'Russia'); the code when unknown."""
    from summarizer.normalize.countries import country_by_code

    found = country_by_code(code) if _CODE.match(code) else None
    return found.name if found else code


@functools.cache
def language_label(code: str | None) -> str:
    """'tr' → 'Turkish'; 'unknown' when the store has no language."""
    if not code or code == "und":
        return "unknown"
    from summarizer.prepare import language_name

    try:
        return str(language_name(code))
    except Exception:  # a code babel does not know is shown as it is
        return code


def safe_href(url: str | None) -> str | None:
    """The store's URL when it is a plain http(s) address with a host, else None."""
    if not url or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme in ("http", "https") and parts.hostname else None


def _date(value: str | None) -> str | None:
    """An ISO date from a form field, or None (a bad date is ignored, not an error)."""
    if not value or not _DATE.match(value):
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        return None


def _code(value: str | None) -> str | None:
    return value.upper() if value and _CODE.match(value) else None


def _text(value: str | None, size: int = 200) -> str | None:
    value = " ".join((value or "").split())[:size]
    return value or None


def _page_number(value: str | None) -> int:
    return int(value) if value and value.isdigit() and 0 < int(value) < 1_000_000 else 1


@dataclass(frozen=True)
class Pager:
    """Where a list stands: page n of pages, and the links to the pages either side."""

    page: int
    pages: int
    total: int
    prev: str | None
    next: str | None


def _pager(path: str, filters: dict[str, str | None], page: int, total: int, size: int) -> Pager:
    pages = max(1, math.ceil(total / size))
    kept = {k: v for k, v in filters.items() if v}

    def href(n: int) -> str:
        return f"{path}?{urlencode({**kept, 'page': n})}" if n > 1 else f"{path}?{urlencode(kept)}"

    return Pager(
        page=page,
        pages=pages,
        total=total,
        prev=href(page - 1) if page > 1 else None,
        next=href(page + 1) if page < pages else None,
    )


# --------------------------------------------------------------------------- static files


@functools.cache
def _static(name: str) -> tuple[bytes, str]:
    body = (STATIC / name).read_bytes()
    return body, '"' + hashlib.sha256(body).hexdigest()[:16] + '"'


@router.get("/static/{name}")
def static(name: str, request: Request) -> Response:
    """The desk's own CSS, script and icon (nothing is loaded from elsewhere)."""
    if name not in _STATIC_TYPES:
        return Response("not found", status_code=404, media_type="text/plain")
    body, etag = _static(name)
    headers = {"ETag": etag, "Cache-Control": "public, max-age=3600"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=_STATIC_TYPES[name], headers=headers)


# --------------------------------------------------------------------------- front page


def _article_item(row: ArticleRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "headline": row.title or row.source,
        "language": language_label(row.language),
        "date": row.date,
        "transfers": "—" if row.transfers is None else row.transfers,
        "relations": "—" if row.relations is None else row.relations,
        "countries": [(c, country_name(c)) for c in row.countries],
    }


@router.get("/", response_class=HTMLResponse)
def front(
    request: Request,
    q: str | None = None,
    language: str | None = None,
    country: str | None = None,
    since: str | None = None,
    until: str | None = None,
    page: str | None = None,
) -> HTMLResponse:
    """Recent articles, newest first, with filters and search."""
    desk = desk_of(request)
    filters = {
        "q": _text(q),
        "language": _text(language, 8),
        "country": _code(country),
        "since": _date(since),
        "until": _date(until),
    }
    number = _page_number(page)
    rows, total = desk.articles(**filters, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE)
    every, _ = desk.articles(limit=1_000_000)
    languages = sorted({r.language for r in every if r.language}, key=language_label)
    countries = sorted({c for r in every for c in r.countries}, key=country_name)
    return _page(
        "index.html",
        title="Articles",
        nav="articles",
        filters={k: v or "" for k, v in filters.items()},
        languages=[(code, language_label(code)) for code in languages],
        countries=[(code, country_name(code)) for code in countries],
        articles=[_article_item(r) for r in rows],
        paging=_pager("/", filters, number, total, PAGE_SIZE),
    )


# --------------------------------------------------------------------------- article page


def _amount(amount: float) -> str:
    for size, word in ((1e9, "billion"), (1e6, "million")):
        if amount >= size:
            return f"{round(amount / size, 2):g} {word}"
    return f"{amount:,.0f}" if amount == int(amount) else f"{amount:,.2f}"


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(request: Request, article_id: int) -> HTMLResponse:
    """The brief, the records, and the original text with every record's evidence marked."""
    view = desk_of(request).article(article_id)
    if view is None:
        return _not_found(f"There is no article {article_id} in the store.")
    summary = view.summary
    text = evidence.shown_text(view.text, summary)
    parts, where = evidence.marked(summary, text)
    row = view.row
    return _page(
        "article.html",
        title=row.title or row.source,
        nav="articles",
        row=row,
        language=language_label(row.language),
        href=safe_href(row.url),
        rel=_REL,
        summary=summary,
        segments=parts,
        where=where,
        amount=_amount,
        pair_href=svg.pair_href,
        failed=", ".join(summary.meta.failed) if summary else "",
        placed=len(where),
    )


# --------------------------------------------------------------------------- register


@router.get("/register", response_class=HTMLResponse)
def register(
    request: Request,
    supplier: str | None = None,
    recipient: str | None = None,
    system: str | None = None,
    status: str | None = None,
    page: str | None = None,
) -> HTMLResponse:
    """One row per deal (supplier, recipient, system): its status history and sources."""
    desk = desk_of(request)
    filters = {
        "supplier": _code(supplier),
        "recipient": _code(recipient),
        "system": _text(system, 80),
        "status": status if status in STATUS_ORDER else None,
    }
    everything = desk.register()
    deals = desk.register(**filters) if any(filters.values()) else everything
    number = _page_number(page)
    titles = {r.id: (r.title or r.source, r.date) for r in desk.articles(limit=1_000_000)[0]}
    suppliers = sorted({(d.supplier, d.supplier_name) for d in everything}, key=lambda c: c[1])
    recipients = sorted({(d.recipient, d.recipient_name) for d in everything}, key=lambda c: c[1])
    return _page(
        "register.html",
        title="Transfer register",
        nav="register",
        filters={k: v or "" for k, v in filters.items()},
        suppliers=suppliers,
        recipients=recipients,
        statuses=STATUS_ORDER,
        deals=deals[(number - 1) * DEALS_PAGE : number * DEALS_PAGE],
        titles=titles,
        paging=_pager("/register", filters, number, len(deals), DEALS_PAGE),
    )


# --------------------------------------------------------------------------- pictures


@router.get("/flows", response_class=HTMLResponse)
def flows(request: Request, since: str | None = None, until: str | None = None) -> HTMLResponse:
    """Arms flows between countries: suppliers left, recipients right, colour = status."""
    filters = {"since": _date(since), "until": _date(until)}
    found = desk_of(request).flows(**filters)
    return _page(
        "flows.html",
        title="Arms flows",
        nav="flows",
        filters={k: v or "" for k, v in filters.items()},
        picture=Markup(svg.flows_svg(found, limit=svg.FLOW_LIMIT)),
        flows=found,
        limit=svg.FLOW_LIMIT,
        colours=svg.STATUS_COLOURS,
    )


@router.get("/pairs", response_class=HTMLResponse)
def pairs(request: Request) -> HTMLResponse:
    """Every country pair the store has relations for, most written about first."""
    found = desk_of(request).pairs()
    return _page(
        "pairs.html",
        title="Country pairs",
        nav="pairs",
        pairs=[(svg.pair_href(a, b), country_name(a), country_name(b), n) for a, b, n in found],
    )


@router.get("/pairs/{pair}", response_class=HTMLResponse)
def pair(request: Request, pair: str) -> HTMLResponse:
    """A pair's events on a timeline, its figures and tones, and the articles behind them."""
    a, _, b = pair.partition("-")
    view = desk_of(request).pair(a, b) if _code(a) and _code(b) else None
    if view is None:
        return _not_found(f"The store has no relations for the pair {pair!r}.")
    title = f"{view.a_name} – {view.b_name}"
    tones: dict[str, int] = {}
    for tone in view.tones:
        tones[tone] = tones.get(tone, 0) + 1
    return _page(
        "pair.html",
        title=title,
        nav="pairs",
        view=view,
        picture=Markup(svg.timeline_svg(view.events, title=f"Timeline of events: {title}")),
        tones=sorted(tones.items(), key=lambda kv: -kv[1]),
        undated=sum(1 for e in view.events if not svg.parse_date(e.date)),
        amount=_amount,
    )
