"""A self-contained HTML report of an evaluation run: metrics, highlighted evidence, diffs."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

from pydantic import BaseModel

from summarizer.evaluation.metrics import Metrics
from summarizer.evaluation.runner import EvalResult
from summarizer.evaluation.thresholds import COUNTS
from summarizer.schemas import Grounded, Summary
from summarizer.templating import environment

TEMPLATES = Path(__file__).parent / "templates"


class Span(BaseModel):
    """A predicted record's evidence offsets in the article, with a label for the title."""

    start: int
    end: int
    title: str
    grounded: bool


class Segment(BaseModel):
    """A run of article text covered by the same set of spans (none: plain text)."""

    text: str
    titles: list[str]
    grounded: bool = True


def _span(record: Grounded, title: str, text: str) -> Span | None:
    start, end = record.evidence_start, record.evidence_end
    if not 0 <= start < end <= len(text):
        return None
    grounded = text[start:end] == record.evidence
    suffix = "" if grounded else " (offsets do not match the quoted evidence)"
    return Span(start=start, end=end, title=title + suffix, grounded=grounded)


def spans_of(summary: Summary | None, text: str) -> list[Span]:
    """Every predicted transfer, event and figure that points into the text."""
    if summary is None:
        return []
    found: list[Span | None] = []
    for i, t in enumerate(summary.arms_transfers or [], 1):
        systems = ", ".join(s.designation for s in t.systems)
        title = f"transfer T{i}: {t.supplier.code}→{t.recipient.code} {systems} ({t.status.value})"
        found.append(_span(t, title, text))
    e = f = 0
    for rel in summary.relations or []:
        pair = "–".join(c.code for c in rel.countries)
        for ev in rel.events:
            e += 1
            title = f"event E{e}: {pair} {ev.date or 'undated'} {ev.kind.value}"
            found.append(_span(ev, title, text))
        for fig in rel.figures:
            f += 1
            found.append(_span(fig, f"figure F{f}: {pair} {fig.label}", text))
    return [s for s in found if s is not None]


def segments(text: str, spans: list[Span]) -> list[Segment]:
    """Cut the text at every span boundary; overlapping spans share a segment's titles."""
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    out = []
    for a, b in pairwise(cuts):
        covering = [s for s in spans if s.start <= a and b <= s.end]
        out.append(
            Segment(
                text=text[a:b],
                titles=[s.title for s in covering],
                grounded=all(s.grounded for s in covering),
            )
        )
    return out


def fmt(value: float | int | None, name: str = "") -> str:
    """A metric for display: counts as integers, rates with two decimals, '–' if unmeasured."""
    if value is None:
        return "–"
    if name in COUNTS or isinstance(value, int):
        return f"{value:g}"
    if name == "tokens_per_article":
        return f"{value:.0f}"
    return f"{value:.2f}"


def render_report(result: EvalResult) -> str:
    """The report as one HTML string (inline CSS, no scripts, everything escaped)."""
    env = environment(TEMPLATES, html=True, trim=True, filters={"fmt": fmt})
    summaries = {p.id: p.summary for p in result.predictions}
    articles = []
    for score in result.articles:
        text = result.texts.get(score.id, "")
        summary = summaries.get(score.id)
        articles.append(
            {
                "score": score,
                "summary": summary,
                "segments": segments(text, spans_of(summary, text)),
            }
        )
    return env.get_template("report.html.j2").render(
        result=result,
        articles=articles,
        metric_names=list(Metrics.model_fields),
    )


def write_report(result: EvalResult, path: Path) -> Path:
    """Write render_report(result) to path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_report(result), encoding="utf-8")
    return path
