"""Pictures drawn on the server as SVG: arms flows between countries, and a pair's timeline.

Every text that reaches the SVG (country names, event summaries: article and model text) goes
through `esc`, which XML-escapes it (quotes too, for attributes) after stripping control
characters. Colours are presentation attributes, never `style`: the pages' CSP allows no
inline styles. Links inside the pictures point at the desk's own pages only.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from summarizer.terminal import inert
from summarizer.web.desk import Flow, PairEvent

# Where a deal stands, in order, and its colour (Okabe–Ito, readable by colour-blind readers).
STATUS_COLOURS: dict[str, str] = {
    "proposed": "#56B4E9",
    "negotiating": "#0072B2",
    "agreed": "#E69F00",
    "delivered": "#009E73",
    "deployed": "#00573F",
    "cancelled": "#D55E00",
}
KIND_COLOURS: dict[str, str] = {
    "visit": "#0072B2",
    "call": "#56B4E9",
    "talks": "#CC79A7",
    "meeting": "#8E5C9E",
    "agreement": "#009E73",
    "statement": "#7F7F7F",
    "exercise": "#E69F00",
    "delivery": "#00573F",
    "sanction": "#D55E00",
    "other": "#B0B0B0",
}
_OTHER = "#7F7F7F"
_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
_CHAR_W = 6.6  # average width of a 12px character, for laying out labels
_ROW = 18.0  # height of a row of timeline labels
_STACK = 14.0  # how far apart the dots of one day are stacked
FLOW_LIMIT = 60  # bands in the flows picture: the biggest flows
_MAX_ROWS = 6  # label rows per side; a label that finds no room is left to the tooltip


def esc(text: object) -> str:
    """Text made safe for SVG element content and attribute values."""
    return html.escape(inert(str(text), one_line=True), quote=True)


def _num(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _open(width: float, height: float, label: str, css_class: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}" role="img" '
        f'width="{_num(width)}" height="{_num(height)}" '
        f'viewBox="0 0 {_num(width)} {_num(height)}" font-family="{esc(_FONT)}" font-size="12">',
        f"<title>{esc(label)}</title>",
    ]


def _legend(items: Sequence[tuple[str, str]], x: float, y: float) -> list[str]:
    """Colour swatches with their names in a row."""
    out = ['<g class="legend">']
    for name, colour in items:
        out.append(
            f'<rect x="{_num(x)}" y="{_num(y - 10)}" width="14" height="10" rx="2" '
            f'fill="{colour}"/><text x="{_num(x + 19)}" y="{_num(y)}">{esc(name)}</text>'
        )
        x += 19 + len(name) * _CHAR_W + 18
    out.append("</g>")
    return out


# --------------------------------------------------------------------------- flows


@dataclass
class _Node:
    code: str
    name: str
    total: int = 0
    y: float = 0.0  # top of its bar
    height: float = 0.0
    used: float = 0.0  # how much of the bar the links drawn so far take


def _column(flows: Sequence[Flow], side: str) -> dict[str, _Node]:
    nodes: dict[str, _Node] = {}
    for f in flows:
        code, name = (
            (f.supplier, f.supplier_name) if side == "s" else (f.recipient, f.recipient_name)
        )
        nodes.setdefault(code, _Node(code, name)).total += f.deals
    return dict(sorted(nodes.items(), key=lambda kv: (-kv[1].total, kv[1].name)))


def _facing(
    shown: Sequence[Flow], left: dict[str, _Node], right: dict[str, _Node]
) -> dict[str, _Node]:
    """The recipients in the order of the suppliers they take from (each at the deal-weighted
    mean of its suppliers' places), so few bands cross."""
    place = {code: i for i, code in enumerate(left)}
    weight: dict[str, float] = {}
    for f in shown:
        weight[f.recipient] = weight.get(f.recipient, 0.0) + place[f.supplier] * f.deals
    return dict(sorted(right.items(), key=lambda kv: (weight[kv[0]] / kv[1].total, -kv[1].total)))


def _stack(nodes: dict[str, _Node], top: float, unit: float, gap: float) -> float:
    """Place the bars one under another; the column's bottom."""
    y = top
    for node in nodes.values():
        node.y, node.height = y, max(node.total * unit, 3.0)
        y += node.height + gap
    return y - gap


def _ends(
    shown: Sequence[Flow], left: dict[str, _Node], right: dict[str, _Node], unit: float
) -> dict[tuple[str, str], tuple[float, float]]:
    """Where each band meets its two bars: stacked in the other column's order, so bands
    leaving one bar do not cross each other."""
    order_l = {code: i for i, code in enumerate(left)}
    order_r = {code: i for i, code in enumerate(right)}
    ya: dict[tuple[str, str], float] = {}
    yb: dict[tuple[str, str], float] = {}
    for f in sorted(shown, key=lambda f: (order_l[f.supplier], order_r[f.recipient])):
        node = left[f.supplier]
        ya[f.supplier, f.recipient] = node.y + node.used + f.deals * unit / 2
        node.used += f.deals * unit
    for f in sorted(shown, key=lambda f: (order_r[f.recipient], order_l[f.supplier])):
        node = right[f.recipient]
        yb[f.supplier, f.recipient] = node.y + node.used + f.deals * unit / 2
        node.used += f.deals * unit
    return {key: (ya[key], yb[key]) for key in ya}


def flows_svg(flows: Sequence[Flow], *, width: int = 1080, limit: int = FLOW_LIMIT) -> str:
    """Suppliers on the left, recipients on the right, a band per flow: its width the number of
    deals, its colour the status of the latest step. Each band links to the register."""
    shown = sorted(flows, key=lambda f: (-f.deals, f.supplier, f.recipient))[:limit]
    if not shown:
        return _empty(width, "No arms transfers in this range.")
    left, right = _column(shown, "s"), _column(shown, "r")
    right = _facing(shown, left, right)
    total = sum(f.deals for f in shown)
    unit = max(2.0, min(14.0, 28.0 * max(len(left), len(right)) / total))
    top = 58.0
    bottom = max(_stack(left, top, unit, 10.0), _stack(right, top, unit, 10.0))
    ends = _ends(shown, left, right, unit)
    label_w = 180.0
    x0, x1 = label_w + 12, width - label_w - 12
    out = _open(width, bottom + 16, "Arms flows between countries by latest status", "flows")
    out += _legend(list(STATUS_COLOURS.items()), 8, 18)
    out.append(
        f'<text x="{_num(x0 - 12)}" y="48" text-anchor="end" class="axis">suppliers</text>'
        f'<text x="{_num(x1 + 12)}" y="48" class="axis">recipients</text>'
    )
    out.append('<g class="links" fill="none">')
    for f in shown:
        out.append(_band(f, ends[f.supplier, f.recipient], x0, x1, unit))
    out.append("</g>")
    out += _bars(left, x0 - 8, "end", x0 - 12)
    out += _bars(right, x1, "start", x1 + 12)
    out.append("</svg>")
    return "\n".join(out)


def _band(f: Flow, ys: tuple[float, float], x0: float, x1: float, unit: float) -> str:
    """One curved band from its supplier's bar to its recipient's, linking to the register."""
    ya, yb = ys
    colour = STATUS_COLOURS.get(f.status, _OTHER)
    mid = (x0 + x1) / 2
    query = urlencode({"supplier": f.supplier, "recipient": f.recipient})
    deals = "1 deal" if f.deals == 1 else f"{f.deals} deals"
    tip = f"{f.supplier_name} → {f.recipient_name}: {deals}, latest {f.status}"
    return (
        f'<a href="/register?{esc(query)}" class="flow st-{esc(f.status)}">'
        f'<path d="M{_num(x0)},{_num(ya)} C{_num(mid)},{_num(ya)} {_num(mid)},{_num(yb)} '
        f'{_num(x1)},{_num(yb)}" stroke="{colour}" stroke-width="{_num(max(f.deals * unit, 1.5))}" '
        f'stroke-opacity="0.65" data-deals="{f.deals}"><title>{esc(tip)}</title></path></a>'
    )


def _bars(nodes: dict[str, _Node], x: float, anchor: str, tx: float) -> list[str]:
    out = ['<g class="nodes">']
    for n in nodes.values():
        mid = n.y + n.height / 2 + 4
        out.append(
            f'<rect x="{_num(x)}" y="{_num(n.y)}" width="8" height="{_num(n.height)}" '
            f'fill="#3E4C59"><title>{esc(n.name)}: {n.total}</title></rect>'
            f'<text x="{_num(tx)}" y="{_num(mid)}" text-anchor="{anchor}">'
            f"{esc(n.name)} ({n.total})</text>"
        )
    out.append("</g>")
    return out


# --------------------------------------------------------------------------- timeline


def parse_date(value: str | None) -> dt.date | None:
    """An event date (YYYY, YYYY-MM or YYYY-MM-DD) as the first day it can mean."""
    if not value:
        return None
    parts = value.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
        day = int(parts[2]) if len(parts) > 2 else 1
        return dt.date(year, month, day)
    except (ValueError, IndexError):
        return None


def _ticks(first: dt.date, last: dt.date) -> list[tuple[dt.date, str]]:
    """Axis ticks: years for long spans, months for short ones (at most ~12)."""
    if (last - first).days > 730:
        step = max(1, (last.year - first.year + 1) // 10)
        years = range(first.year + (first.month > 1 or first.day > 1), last.year + 1, step)
        return [(dt.date(y, 1, 1), str(y)) for y in years]
    months = (last.year - first.year) * 12 + last.month - first.month
    step = max(1, (months + 11) // 12)
    ticks = []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        day = dt.date(y, m, 1)
        if day >= first:
            ticks.append((day, f"{y}-{m:02d}"))
        m += step
        y, m = y + (m - 1) // 12, (m - 1) % 12 + 1
    return ticks


def _label(event: PairEvent, size: int = 38) -> str:
    text = inert(event.summary, one_line=True)
    text = text if len(text) <= size else text[: size - 1].rstrip() + "…"
    return f"{event.kind}: {text}"


@dataclass
class _Mark:
    """One event placed on the timeline."""

    x: float
    day: dt.date
    event: PairEvent
    text: str
    up: bool  # label above the axis (else below)
    lane: int | None  # label row away from the axis; None: no room, tooltip only
    flip: bool  # label ends at the dot (it would run off the right edge)
    stack: int  # events on the same day before this one: the dot sits higher


def _place(dated: list[tuple[dt.date, PairEvent]], x_of: Any, width: int) -> list[_Mark]:
    """Labels alternate above and below the axis, each in the first row it fits in."""
    rows: dict[bool, list[float]] = {True: [], False: []}  # per side: each row's right end
    same: dict[dt.date, int] = {}
    out = []
    for i, (day, event) in enumerate(dated):
        x, text, up = x_of(day), _label(event), i % 2 == 0
        w = len(text) * _CHAR_W
        flip = x + 3 + w > width - 4
        lo, hi = (x - 3 - w, x) if flip else (x, x + 3 + w)
        lanes = rows[up]
        lane = next((k for k, end in enumerate(lanes) if end < lo - 6), None)
        if lane is None and len(lanes) < _MAX_ROWS:
            lanes.append(0.0)
            lane = len(lanes) - 1
        if lane is not None:
            lanes[lane] = hi
        out.append(_Mark(x, day, event, text, up, lane, flip, same.get(day, 0)))
        same[day] = same.get(day, 0) + 1
    return out


def timeline_svg(events: Sequence[PairEvent], *, title: str, width: int = 960) -> str:
    """The dated events on a time axis: a dot per event coloured by kind (events of one day
    stacked), labels in rows above and below the axis, the full text in each dot's tooltip;
    undated events are left out (the page lists them)."""
    dated = [(d, e) for e in events if (d := parse_date(e.date)) is not None]
    dated.sort(key=lambda de: (de[0], de[1].article_id))
    if not dated:
        return _empty(width, "No dated events for this pair.")
    first, last = dated[0][0], dated[-1][0]
    if first == last:
        first, last = first - dt.timedelta(days=15), last + dt.timedelta(days=15)
    pad, span = 40.0, max((last - first).days, 1)

    def x_of(day: dt.date) -> float:
        return pad + (width - 2 * pad) * (day - first).days / span

    marks = _place(dated, x_of, width)
    up_rows = max([m.lane + 1 for m in marks if m.up and m.lane is not None] + [1])
    down_rows = max([m.lane + 1 for m in marks if not m.up and m.lane is not None] + [1])
    tallest = max(m.stack for m in marks)
    axis_y = 50 + _ROW * up_rows + _STACK * tallest
    out = _open(width, axis_y + 40 + _ROW * down_rows, title, "timeline")
    kinds = sorted({e.kind for _, e in dated})
    out += _legend([(k, KIND_COLOURS.get(k, _OTHER)) for k in kinds], 8, 18)
    out.append(
        f'<line x1="{_num(pad)}" y1="{_num(axis_y)}" x2="{_num(width - pad)}" '
        f'y2="{_num(axis_y)}" stroke="#3E4C59" stroke-width="1.5"/>'
    )
    for day, name in _ticks(first, last):
        x = x_of(day)
        out.append(
            f'<line x1="{_num(x)}" y1="{_num(axis_y)}" x2="{_num(x)}" y2="{_num(axis_y + 5)}" '
            f'stroke="#3E4C59"/><text x="{_num(x)}" y="{_num(axis_y + 18)}" '
            f'text-anchor="middle" class="tick">{esc(name)}</text>'
        )
    top = axis_y - _STACK * tallest
    out += [_event_mark(m, axis_y, top) for m in marks]
    out.append("</svg>")
    return "\n".join(out)


def _event_mark(m: _Mark, axis_y: float, top: float) -> str:
    """A dot (with its tooltip), and its label joined to it by a thin line."""
    event = m.event
    colour = KIND_COLOURS.get(event.kind, _OTHER)
    cy = axis_y - _STACK * m.stack
    tip = f"{event.date} · {event.kind} — {event.summary}"
    parts = [f'<a href="/articles/{int(event.article_id)}" class="event k-{esc(event.kind)}">']
    if m.lane is not None:
        ty = top - 16 - m.lane * _ROW if m.up else axis_y + 34 + m.lane * _ROW
        tx, anchor = (m.x - 3, "end") if m.flip else (m.x + 3, "start")
        parts.append(
            f'<line x1="{_num(m.x)}" y1="{_num(cy)}" x2="{_num(m.x)}" '
            f'y2="{_num(ty + (4 if m.up else -12))}" stroke="{colour}" stroke-opacity="0.5"/>'
            f'<text x="{_num(tx)}" y="{_num(ty)}" text-anchor="{anchor}" class="label">'
            f"{esc(m.text)}<title>{esc(tip)}</title></text>"
        )
    parts.append(
        f'<circle cx="{_num(m.x)}" cy="{_num(cy)}" r="6" fill="{colour}" stroke="#FFFFFF" '
        f'stroke-width="1.5" data-date="{esc(m.day.isoformat())}"><title>{esc(tip)}</title>'
        "</circle></a>"
    )
    return "".join(parts)


def _empty(width: int, message: str) -> str:
    out = _open(width, 60, message, "empty")
    out.append(f'<text x="16" y="34" class="empty">{esc(message)}</text></svg>')
    return "\n".join(out)


def pair_href(a: str, b: str) -> str:
    """The desk's page of a country pair."""
    return f"/pairs/{quote(a)}-{quote(b)}"
