"""The JSON API under /api: articles, transfers (and their CSV), the register, country pairs,
POSTed articles and their jobs.

Every GET answers with an ETag (a hash of the body: If-None-Match gives 304) and the store's
Last-Modified; lists are paginated (limit, offset, total, next). Ids are the store's own
integer ids. Errors are `{"error": "one line"}`. The API returns JSON only: article and model
text is data, never markup (`<` `>` `&` are escaped as \\u003c... inside JSON strings too).
"""

from __future__ import annotations

import csv
import datetime as dt
import email.utils
import hashlib
import hmac
import io
import json
from dataclasses import asdict, dataclass, replace
from pathlib import PurePath
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from summarizer.schemas import Status
from summarizer.web.api_models import (
    ERRORS,
    ArticleDetail,
    ArticleIn,
    ArticleItem,
    ArticlePage,
    Country,
    DealItem,
    DealPage,
    ErrorBody,
    FlowItem,
    JobView,
    PairEventItem,
    PairFigureItem,
    PairItem,
    RelationView,
    StepItem,
    TransferItem,
    TransferPage,
)
from summarizer.web.desk import ArticleRow, Desk, TransferRow
from summarizer.web.jobs import Job, Jobs

MAX_LIMIT = 200
_ID = Path(ge=1, le=2**63 - 1, description="the store's integer id")
Code = Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2")]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Offset = Annotated[int, Query(ge=0, le=10**9)]
Day = Annotated[dt.date | None, Query(description="ISO date, inclusive")]


router = APIRouter(prefix="/api", tags=["api"], responses=ERRORS)
_bearer = HTTPBearer(auto_error=False, description="SUMMARIZER_API_TOKEN")


# --------------------------------------------------------------------------- helpers


def _desk(request: Request) -> Desk:
    desk: Desk = request.app.state.desk
    return desk


def encode(payload: Any) -> bytes:
    """Compact UTF-8 JSON with <, > and & escaped: inert even if something sniffs it as HTML."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").encode()


def answer(
    request: Request, body: bytes, media_type: str = "application/json", **headers: str
) -> Response:
    """A GET answer with an ETag and Last-Modified; 304 when the client has this body."""
    tag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    modified = email.utils.format_datetime(_desk(request).last_modified(), usegmt=True)
    common = {"ETag": tag, "Last-Modified": modified, "Cache-Control": "no-cache", **headers}
    wanted = request.headers.get("if-none-match", "")
    tags = {t.strip().removeprefix("W/") for t in wanted.split(",")}
    if tag in tags or "*" in tags:
        return Response(status_code=304, headers=common)
    return Response(body, media_type=media_type, headers=common)


def _next(request: Request, limit: int, offset: int, total: int) -> str | None:
    """The next page's URL, or None on the last page."""
    if offset + limit >= total:
        return None
    kept = [(k, v) for k, v in request.query_params.multi_items() if k not in ("limit", "offset")]
    return f"{request.url.path}?{urlencode([*kept, ('limit', limit), ('offset', offset + limit)])}"


def _source(row: ArticleRow) -> str:
    """Where an article came from, without the server's directories."""
    if row.url:
        return row.url
    if row.source.startswith("api:"):
        return "posted"
    return PurePath(row.source).name or row.source


def _item(row: ArticleRow) -> dict[str, Any]:
    return ArticleItem(
        id=row.id,
        title=row.title,
        language=row.language,
        date=row.date,
        source=_source(row),
        url=row.url,
        transfers=row.transfers,
        relations=row.relations,
        countries=list(row.countries),
        link=f"/api/articles/{row.id}",
    ).model_dump(mode="json")


def _transfer(t: TransferRow) -> dict[str, Any]:
    return TransferItem(
        article_id=t.article_id,
        article=f"/api/articles/{t.article_id}",
        article_title=t.article_title,
        date=t.date,
        supplier=Country(code=t.supplier, name=t.supplier_name),
        recipient=Country(code=t.recipient, name=t.recipient_name),
        systems=list(t.systems),
        status=Status(t.status),
        evidence=t.evidence,
        evidence_start=t.evidence_start,
        evidence_end=t.evidence_end,
    ).model_dump(mode="json")


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def job_view(job: Job) -> JobView:
    """What a client sees of a job."""
    return JobView(
        id=job.id,
        status=job.status,
        url=f"/api/jobs/{job.id}",
        article_id=job.article_id,
        article=f"/api/articles/{job.article_id}"
        if job.article_id and job.status == "done"
        else None,
        error=job.error,
        warning=job.warning,
        cached=job.cached,
        created=job.created,
        finished=job.finished,
    )


def require_token(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """Writes need the token when the server has one (always, off loopback); compared in
    constant time, never echoed."""
    token: str | None = request.app.state.token
    if token is None:
        if request.app.state.public:
            raise HTTPException(403, "writes are disabled: the server has no SUMMARIZER_API_TOKEN")
        return
    given = credentials.credentials if credentials is not None else ""
    if not hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8")):
        raise HTTPException(
            401,
            "a valid token is needed: Authorization: Bearer <SUMMARIZER_API_TOKEN>",
            headers={"WWW-Authenticate": "Bearer"},
        )


# --------------------------------------------------------------------------- articles


@router.get("/articles", response_model=ArticlePage, summary="List articles, newest first")
def list_articles(
    request: Request,
    q: Annotated[str | None, Query(max_length=200, description="words in title or text")] = None,
    language: Annotated[str | None, Query(pattern=r"^[a-z]{2,3}$")] = None,
    country: Code = None,
    since: Day = None,
    until: Day = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Response:
    rows, total = _desk(request).articles(
        q=q,
        language=language,
        country=country,
        since=_day(since),
        until=_day(until),
        limit=limit,
        offset=offset,
    )
    page = {"items": [_item(r) for r in rows], "total": total, "limit": limit, "offset": offset}
    return answer(request, encode({**page, "next": _next(request, limit, offset, total)}))


@router.get(
    "/articles/{article_id}",
    response_model=ArticleDetail,
    summary="One article: metadata, text and its newest summary",
)
def get_article(request: Request, article_id: Annotated[int, _ID]) -> Response:
    view = _desk(request).article(article_id)
    if view is None:
        raise HTTPException(404, f"no article {article_id}")
    summary = json.loads(view.summary.to_json()) if view.summary is not None else None
    return answer(request, encode({**_item(view.row), "text": view.text, "summary": summary}))


@router.post(
    "/articles",
    status_code=202,
    response_model=JobView,
    summary="Summarise and store an article (text or page address)",
    responses={
        200: {"model": JobView, "description": "already summarised: the stored article"},
        401: {"model": ErrorBody, "description": "token missing or wrong"},
        413: {"model": ErrorBody, "description": "too large"},
        415: {"model": ErrorBody, "description": "not JSON"},
        429: {"model": ErrorBody, "description": "too many writes"},
    },
    dependencies=[Depends(require_token)],
)
def post_article(request: Request, body: ArticleIn) -> Response:
    jobs: Jobs = request.app.state.jobs
    job = (
        jobs.submit_text(body.text)
        if body.text is not None
        else jobs.submit_url(str(body.url).strip())
    )
    view = job_view(job)
    done = job.status == "done"
    location = view.article if done and view.article else view.url
    return Response(
        encode(view.model_dump(mode="json")),
        status_code=200 if done else 202,
        media_type="application/json",
        headers={"Location": location},
    )


@router.get("/jobs/{job_id}", response_model=JobView, summary="Where a POSTed article stands")
def get_job(request: Request, job_id: Annotated[int, _ID]) -> Response:
    job = request.app.state.jobs.get(job_id)
    if job is None:
        raise HTTPException(404, f"no job {job_id} (jobs are kept in memory until a restart)")
    return Response(encode(job_view(job).model_dump(mode="json")), media_type="application/json")


# --------------------------------------------------------------------------- transfers


System = Annotated[str | None, Query(max_length=80)]


@dataclass(frozen=True)
class DealFilter:
    """Which deals or records: by supplier, recipient, system (a part of its name), status."""

    supplier: str | None = None
    recipient: str | None = None
    system: str | None = None
    status: str | None = None
    since: str | None = None
    until: str | None = None


def deal_filter(
    supplier: Code = None,
    recipient: Code = None,
    system: System = None,
    status: Status | None = None,
) -> DealFilter:
    """The register's filters (query parameters)."""
    return DealFilter(supplier, recipient, system, status.value if status else None)


def transfer_filter(
    base: Annotated[DealFilter, Depends(deal_filter)], since: Day = None, until: Day = None
) -> DealFilter:
    """The register's filters and a date range: the transfer lists' query parameters."""
    return replace(base, since=_day(since), until=_day(until))


def _transfers(
    request: Request, f: DealFilter, limit: int = MAX_LIMIT, offset: int = 0
) -> tuple[list[TransferRow], int]:
    return _desk(request).transfers(**asdict(f), limit=limit, offset=offset)


@router.get("/transfers", response_model=TransferPage, summary="Arms-transfer records")
def list_transfers(
    request: Request,
    f: Annotated[DealFilter, Depends(transfer_filter)],
    limit: Limit = 50,
    offset: Offset = 0,
) -> Response:
    rows, total = _transfers(request, f, limit, offset)
    page = {"items": [_transfer(t) for t in rows], "total": total, "limit": limit}
    page |= {"offset": offset, "next": _next(request, limit, offset, total)}
    return answer(request, encode(page))


CSV_COLUMNS = (
    "article_id",
    "date",
    "supplier",
    "supplier_name",
    "recipient",
    "recipient_name",
    "systems",
    "status",
    "evidence",
    "article_title",
)


def csv_cell(value: object) -> str:
    """A cell a spreadsheet will not run: text starting = + - @ (or tab, CR) gets a quote."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@router.get(
    "/transfers.csv",
    summary="Arms-transfer records as CSV (same filters, every match)",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "CSV, a header row first"}},
)
def transfers_csv(request: Request, f: Annotated[DealFilter, Depends(transfer_filter)]) -> Response:
    rows, _ = _transfers(request, f, 10**9)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for t in rows:
        values: tuple[object, ...] = (t.article_id, t.date, t.supplier, t.supplier_name)
        values += (t.recipient, t.recipient_name, "; ".join(t.systems), t.status, t.evidence)
        values += (t.article_title,)
        writer.writerow([csv_cell(v) for v in values])
    disposition = 'attachment; filename="transfers.csv"'
    body = out.getvalue().encode("utf-8")
    return answer(request, body, "text/csv; charset=utf-8", **{"Content-Disposition": disposition})


@router.get("/register", response_model=DealPage, summary="The transfer register: one row per deal")
def list_register(
    request: Request,
    f: Annotated[DealFilter, Depends(deal_filter)],
    limit: Limit = 50,
    offset: Offset = 0,
) -> Response:
    deals = _desk(request).register(
        supplier=f.supplier, recipient=f.recipient, system=f.system, status=f.status
    )
    items = [
        DealItem(
            supplier=Country(code=d.supplier, name=d.supplier_name),
            recipient=Country(code=d.recipient, name=d.recipient_name),
            system=d.system,
            status=d.status,
            history=[
                StepItem(status=s.status, date=s.date, article_id=s.article_id) for s in d.history
            ],
            articles=d.articles,
        ).model_dump(mode="json")
        for d in deals[offset : offset + limit]
    ]
    page = {"items": items, "total": len(deals), "limit": limit, "offset": offset}
    return answer(request, encode({**page, "next": _next(request, limit, offset, len(deals))}))


@router.get("/flows", response_model=list[FlowItem], summary="Supplier → recipient: deals")
def list_flows(request: Request, since: Day = None, until: Day = None) -> Response:
    flows = _desk(request).flows(since=_day(since), until=_day(until))
    items = [
        FlowItem(
            supplier=Country(code=f.supplier, name=f.supplier_name),
            recipient=Country(code=f.recipient, name=f.recipient_name),
            status=f.status,
            deals=f.deals,
        ).model_dump(mode="json")
        for f in flows
    ]
    return answer(request, encode(items))


# --------------------------------------------------------------------------- relations


@router.get("/pairs", response_model=list[PairItem], summary="Country pairs the store knows")
def list_pairs(request: Request) -> Response:
    pairs = [
        {"a": a, "b": b, "articles": n, "link": f"/api/relations?{urlencode({'a': a, 'b': b})}"}
        for a, b, n in _desk(request).pairs()
    ]
    return answer(request, encode(pairs))


@router.get("/relations", response_model=RelationView, summary="Two countries: events and figures")
def get_relations(
    request: Request,
    a: Annotated[str, Query(pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2")],
    b: Annotated[str, Query(pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2")],
) -> Response:
    if a.upper() == b.upper():
        raise HTTPException(422, "a and b must be two different countries")
    view = _desk(request).pair(a, b)
    if view is None:
        raise HTTPException(404, f"no article relates {a.upper()} and {b.upper()}")
    keys = ("label", "amount", "unit", "year", "evidence", "article_id")
    body = RelationView(
        a=Country(code=view.a, name=view.a_name),
        b=Country(code=view.b, name=view.b_name),
        articles=view.articles,
        tones=view.tones,
        events=[PairEventItem.model_validate(e, from_attributes=True) for e in view.events],
        figures=[PairFigureItem.model_validate({k: f.get(k) for k in keys}) for f in view.figures],
    )
    return answer(request, encode(body.model_dump(mode="json")))
