"""Scores of one prediction against its gold, and micro averages over many articles.

Every rate is built from integer counts (Counts) so totals are micro averages: counts are
summed across articles first and divided once. A rate whose denominator is zero is None
("not measured"), never a made-up 0 or 1.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Literal

from pydantic import BaseModel, Field

from summarizer.evaluation.gold import Fixture, GoldEvent, GoldTransfer, GoldValue, Trap
from summarizer.evaluation.matching import pair_of, same_direction, system_indices
from summarizer.prepare import detect_language
from summarizer.schemas import Brief, Event, Grounded, Summary, Transfer, Value

VALUE_TOLERANCE = 0.01  # a trap's value counts as attached within 1 %


class Prediction(BaseModel):
    """What the summarizer produced for one fixture, or why it produced nothing."""

    id: str
    summary: Summary | None = None
    error: str | None = None
    schema_valid: bool = True


class Counts(BaseModel):
    """Summable tallies behind every metric."""

    articles: int = 0
    errors: int = 0
    schema_valid: int = 0
    transfer_tp: int = 0
    transfer_fp: int = 0
    transfer_fn: int = 0
    status_correct: int = 0
    status_total: int = 0
    traps: int = 0
    trap_hits: int = 0
    pair_tp: int = 0
    pair_fp: int = 0
    pair_fn: int = 0
    dated_events: int = 0
    dated_events_found: int = 0
    key_facts: int = 0
    key_facts_found: int = 0
    forbidden_hits: int = 0
    evidence_total: int = 0
    evidence_grounded: int = 0
    briefs: int = 0
    briefs_english: int = 0
    calls: int = 0
    attempts: int = 0
    timed_articles: int = 0
    tokens: int = 0
    seconds: float = 0.0
    dropped: int = 0

    def __add__(self, other: Counts) -> Counts:
        mine, theirs = self.model_dump(), other.model_dump()
        return Counts(**{k: mine[k] + theirs[k] for k in mine})


def _rate(num: float, den: float) -> float | None:
    return round(num / den, 4) if den else None


class Metrics(BaseModel):
    """The reported numbers; None means the article set gave nothing to measure."""

    transfer_precision: float | None = None
    transfer_recall: float | None = None
    transfer_f1: float | None = None
    status_accuracy: float | None = None
    trap_hits: int = 0
    pair_precision: float | None = None
    pair_recall: float | None = None
    event_date_recall: float | None = None
    key_fact_recall: float | None = None
    forbidden_hits: int = 0
    grounding_rate: float | None = None
    schema_valid_rate: float | None = None
    brief_english_rate: float | None = None
    attempts_per_call: float | None = None
    tokens_per_article: float | None = None
    seconds_per_article: float | None = None
    dropped: int = 0
    errors: int = 0

    @classmethod
    def from_counts(cls, c: Counts) -> Metrics:
        """Rates from summed counts (micro averages)."""
        return cls(
            transfer_precision=_rate(c.transfer_tp, c.transfer_tp + c.transfer_fp),
            transfer_recall=_rate(c.transfer_tp, c.transfer_tp + c.transfer_fn),
            transfer_f1=_rate(2 * c.transfer_tp, 2 * c.transfer_tp + c.transfer_fp + c.transfer_fn),
            status_accuracy=_rate(c.status_correct, c.status_total),
            trap_hits=c.trap_hits,
            pair_precision=_rate(c.pair_tp, c.pair_tp + c.pair_fp),
            pair_recall=_rate(c.pair_tp, c.pair_tp + c.pair_fn),
            event_date_recall=_rate(c.dated_events_found, c.dated_events),
            key_fact_recall=_rate(c.key_facts_found, c.key_facts),
            forbidden_hits=c.forbidden_hits,
            grounding_rate=_rate(c.evidence_grounded, c.evidence_total),
            schema_valid_rate=_rate(c.schema_valid, c.articles),
            brief_english_rate=_rate(c.briefs_english, c.briefs),
            attempts_per_call=_rate(c.attempts, c.calls),
            tokens_per_article=_rate(c.tokens, c.timed_articles),
            seconds_per_article=_rate(c.seconds, c.timed_articles),
            dropped=c.dropped,
            errors=c.errors,
        )


Label = Literal["match", "missed", "false", "trap", "unscored"]


class GoldTransferRow(BaseModel):
    """A gold transfer and the predicted record that found it, if any."""

    gold: GoldTransfer
    predicted: int | None = None
    status_ok: bool | None = None

    @property
    def label(self) -> Label:
        return "missed" if self.predicted is None else "match"


class PredictedTransferRow(BaseModel):
    """A predicted transfer, the gold records it matched and the traps it fell into."""

    transfer: Transfer
    gold: list[int] = Field(default_factory=list)
    traps: list[int] = Field(default_factory=list)
    grounded: bool = False

    @property
    def label(self) -> Label:
        if self.traps:
            return "trap"
        return "match" if self.gold else "false"


class TrapRow(BaseModel):
    """A trap and the predicted records that fell into it."""

    trap: Trap
    hit_by: list[int] = Field(default_factory=list)


class PairRow(BaseModel):
    """A country pair: in both (match), only in gold (missed), only predicted (false)."""

    pair: tuple[str, str]
    label: Label


class GoldEventRow(BaseModel):
    """A gold event; dated ones are scored, undated ones shown for reference."""

    event: GoldEvent
    label: Label


class PredictedEventRow(BaseModel):
    """A predicted event with the pair it was reported under."""

    pair: tuple[str, str]
    event: Event
    label: Label
    grounded: bool = False


class PhraseRow(BaseModel):
    """A key-fact or forbidden group and the phrase of it found in the brief, if any."""

    phrases: list[str]
    found: str | None = None


class Details(BaseModel):
    """Row-level results behind one article's counts, for the report."""

    gold_transfers: list[GoldTransferRow] = Field(default_factory=list)
    predicted_transfers: list[PredictedTransferRow] = Field(default_factory=list)
    traps: list[TrapRow] = Field(default_factory=list)
    pairs: list[PairRow] = Field(default_factory=list)
    gold_events: list[GoldEventRow] = Field(default_factory=list)
    predicted_events: list[PredictedEventRow] = Field(default_factory=list)
    key_facts: list[PhraseRow] = Field(default_factory=list)
    forbidden: list[PhraseRow] = Field(default_factory=list)
    brief_language: str | None = None


class ArticleScore(BaseModel):
    """One article's counts, metrics and row-level details."""

    id: str
    language: str
    error: str | None = None
    counts: Counts
    metrics: Metrics
    details: Details


class Aggregate(BaseModel):
    """Summed counts and micro-averaged metrics over a set of articles."""

    articles: list[str]
    counts: Counts
    metrics: Metrics


def is_grounded(record: Grounded, article_text: str) -> bool:
    """The record's evidence stands verbatim at its offsets in the article."""
    start, end = record.evidence_start, record.evidence_end
    return 0 <= start < end <= len(article_text) and article_text[start:end] == record.evidence


def match_transfers(
    gold: list[GoldTransfer], predicted: list[Transfer]
) -> dict[int, tuple[int, int]]:
    """Gold index -> (predicted index, system index); each gold and each predicted system once.

    A predicted record with several systems can match several gold records. Same-status
    matches are taken first, so a split order (3 delivered + 2 agreed) pairs up sensibly.
    """
    matched: dict[int, tuple[int, int]] = {}
    used: set[tuple[int, int]] = set()
    for strict in (True, False):
        for gi, g in enumerate(gold):
            if gi in matched:
                continue
            names = [g.system, *g.aliases]
            for pi, t in enumerate(predicted):
                if not same_direction(t, g.supplier, g.recipient):
                    continue
                if strict and t.status.value != g.status:
                    continue
                free = [si for si in system_indices(t, names) if (pi, si) not in used]
                if free:
                    matched[gi] = (pi, free[0])
                    used.add((pi, free[0]))
                    break
    return matched


def _same_value(value: Value | GoldValue | None, other: GoldValue | None) -> bool:
    if value is None or other is None:
        return value is None and other is None
    tolerance = VALUE_TOLERANCE * max(other.amount, 1)
    return value.currency == other.currency and abs(value.amount - other.amount) <= tolerance


def falls_into(transfer: Transfer, trap: Trap) -> bool:
    """The predicted record is what the trap describes (its status/value too, when given)."""
    if not same_direction(transfer, trap.supplier, trap.recipient):
        return False
    if not system_indices(transfer, [trap.system]):
        return False
    if trap.status is not None and transfer.status.value != trap.status:
        return False
    return trap.value is None or _same_value(transfer.value, trap.value)


def agrees(transfer: Transfer, system: int, gold: GoldTransfer) -> bool:
    """A matched record says what the gold says: same status, and same quantity if both give one."""
    quantity = transfer.systems[system].quantity
    same_quantity = quantity is None or gold.quantity is None or quantity == gold.quantity
    return transfer.status.value == gold.status and same_quantity


def _excused(trap: Trap, golds: list[GoldTransfer]) -> bool:
    """Gold wins: a trap cannot condemn a record that agrees with a gold record."""
    return any(trap.value is None or _same_value(g.value, trap.value) for g in golds)


def _brief_text(brief: Brief | None) -> str:
    if brief is None:
        return ""
    return "\n".join([brief.headline, brief.summary, *brief.key_points]).casefold()


def _phrase_rows(groups: list[list[str]], text: str) -> list[PhraseRow]:
    rows = []
    for group in groups:
        found = next((p for p in group if p.casefold() in text), None)
        rows.append(PhraseRow(phrases=group, found=found))
    return rows


def _score_transfers(
    fixture: Fixture, transfers: list[Transfer], counts: Counts, details: Details
) -> None:
    gold = fixture.gold.transfers
    matched = match_transfers(gold, transfers)
    rows = [
        PredictedTransferRow(transfer=t, grounded=is_grounded(t, fixture.text)) for t in transfers
    ]
    for gi, g in enumerate(gold):
        hit = matched.get(gi)
        if hit is None:
            details.gold_transfers.append(GoldTransferRow(gold=g))
            continue
        ok = transfers[hit[0]].status.value == g.status
        details.gold_transfers.append(GoldTransferRow(gold=g, predicted=hit[0], status_ok=ok))
        rows[hit[0]].gold.append(gi)
        counts.status_total += 1
        counts.status_correct += ok
    # Some traps describe a wrong quantity or the other of two orders in the same status
    # ("a single delivered record of 24"); a record that agrees with its gold match is fine.
    agreeing: dict[int, list[GoldTransfer]] = defaultdict(list)
    for gi, (pi, si) in matched.items():
        if agrees(transfers[pi], si, gold[gi]):
            agreeing[pi].append(gold[gi])
    for ti, trap in enumerate(fixture.gold.traps):
        hit_by = [
            pi
            for pi, t in enumerate(transfers)
            if falls_into(t, trap) and not _excused(trap, agreeing.get(pi, []))
        ]
        for pi in hit_by:
            rows[pi].traps.append(ti)
        details.traps.append(TrapRow(trap=trap, hit_by=hit_by))
    details.predicted_transfers = rows
    counts.transfer_tp = len(matched)
    counts.transfer_fn = len(gold) - len(matched)
    counts.transfer_fp = sum(1 for r in rows if not r.gold)
    counts.traps = len(fixture.gold.traps)
    counts.trap_hits = sum(1 for r in details.traps if r.hit_by)


def _score_relations(fixture: Fixture, summary: Summary | None, counts: Counts, d: Details) -> None:
    gold_pairs = {pair_of(*p) for p in fixture.gold.pairs}
    predicted: list[tuple[tuple[str, str], Event]] = []
    predicted_pairs: set[tuple[str, str]] = set()
    figures_grounded = []
    for rel in (summary.relations if summary else None) or []:
        a, b = rel.countries[0].code, rel.countries[1].code
        if a == b:
            continue
        pair = pair_of(a, b)
        predicted_pairs.add(pair)
        predicted += [(pair, e) for e in rel.events]
        figures_grounded += [is_grounded(f, fixture.text) for f in rel.figures]
    for pair in sorted(gold_pairs | predicted_pairs):
        label: Label = (
            "match" if pair in gold_pairs & predicted_pairs
            else "missed" if pair in gold_pairs
            else "false"
        )  # fmt: skip
        d.pairs.append(PairRow(pair=pair, label=label))
    counts.pair_tp = len(gold_pairs & predicted_pairs)
    counts.pair_fp = len(predicted_pairs - gold_pairs)
    counts.pair_fn = len(gold_pairs - predicted_pairs)

    # A "YYYY-MM" (or "YYYY") prediction gets no credit for a day-dated gold event: the gold
    # lists only day-dated events, so a month is a less precise answer, not a half-right one.
    predicted_dates = {(pair, e.date) for pair, e in predicted if e.date}
    gold_dates = set()
    for gev in fixture.gold.events:
        pair = pair_of(*gev.countries)
        if gev.date is None:
            d.gold_events.append(GoldEventRow(event=gev, label="unscored"))
            continue
        gold_dates.add((pair, gev.date))
        found = (pair, gev.date) in predicted_dates
        counts.dated_events += 1
        counts.dated_events_found += found
        d.gold_events.append(GoldEventRow(event=gev, label="match" if found else "missed"))
    for pair, event in predicted:
        plabel: Label = (
            "unscored" if event.date is None
            else "match" if (pair, event.date) in gold_dates
            else "false"
        )  # fmt: skip
        grounded = is_grounded(event, fixture.text)
        d.predicted_events.append(
            PredictedEventRow(pair=pair, event=event, label=plabel, grounded=grounded)
        )
    counts.evidence_total += len(predicted) + len(figures_grounded)
    counts.evidence_grounded += sum(r.grounded for r in d.predicted_events) + sum(figures_grounded)


def _score_meta(summary: Summary, counts: Counts) -> None:
    meta = summary.meta
    counts.calls = len(meta.calls)
    counts.attempts = sum(c.attempts for c in meta.calls)
    counts.timed_articles = 1
    counts.tokens = meta.tokens.get("prompt", 0) + meta.tokens.get("completion", 0)
    counts.seconds = meta.seconds
    counts.dropped = sum(meta.dropped.values())


def score_article(fixture: Fixture, prediction: Prediction) -> ArticleScore:
    """All counts and metrics of one prediction against its fixture's gold."""
    summary = prediction.summary
    counts = Counts(
        articles=1,
        errors=int(prediction.error is not None),
        schema_valid=int(prediction.schema_valid and prediction.error is None),
    )
    details = Details()
    transfers = (summary.arms_transfers if summary else None) or []
    _score_transfers(fixture, transfers, counts, details)
    counts.evidence_total += len(transfers)
    counts.evidence_grounded += sum(r.grounded for r in details.predicted_transfers)
    _score_relations(fixture, summary, counts, details)

    brief = summary.brief if summary else None
    text = _brief_text(brief)
    details.key_facts = _phrase_rows(fixture.gold.key_facts, text)
    details.forbidden = _phrase_rows(fixture.gold.forbidden, text)
    counts.key_facts = len(details.key_facts)
    counts.key_facts_found = sum(1 for r in details.key_facts if r.found)
    counts.forbidden_hits = sum(1 for r in details.forbidden if r.found)
    if brief is not None:
        details.brief_language = detect_language(brief.summary)
        counts.briefs = 1
        counts.briefs_english = int(details.brief_language == "en")
    if summary is not None:
        _score_meta(summary, counts)
    return ArticleScore(
        id=fixture.id,
        language=fixture.gold.language,
        error=prediction.error,
        counts=counts,
        metrics=Metrics.from_counts(counts),
        details=details,
    )


def aggregate(scores: list[ArticleScore]) -> Aggregate:
    """Micro averages: counts summed over the articles, then divided once."""
    total = Counts()
    for s in scores:
        total = total + s.counts
    return Aggregate(
        articles=[s.id for s in scores], counts=total, metrics=Metrics.from_counts(total)
    )


def by_language(scores: list[ArticleScore]) -> dict[str, Aggregate]:
    """Micro averages per article language, languages sorted."""
    groups: dict[str, list[ArticleScore]] = defaultdict(list)
    for s in scores:
        groups[s.language].append(s)
    return {lang: aggregate(groups[lang]) for lang in sorted(groups)}
