"""Charts drawn on the server as inline SVG: no script, nothing fetched, readable without JavaScript.

Each function returns SVG markup (markupsafe.Markup) whose every text is escaped here; sizes are in
the viewBox's units and the page's CSS scales the picture to the screen (it stays legible on a
phone: the viewBox is narrow, and labels sit above the bars instead of beside them). Colours are
classes styled by static/tanka.css, so the page's Content-Security-Policy can forbid inline styles.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from markupsafe import Markup, escape

WIDTH = 400
Format = Callable[[float], str]


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10ⁿ at or above `value` (an axis end people can read)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= value)


def ticks(top: float, count: int = 4) -> list[float]:
    """`count` + 1 evenly spaced ticks from 0 to `top`."""
    return [top * n / count for n in range(count + 1)]


def _svg(height: float, label: str, body: list[str], css: str) -> Markup:
    return Markup(f'<svg class="chart {css}" viewBox="0 0 {WIDTH} {height:.0f}" role="img" '
                  f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">'
                  f'<title>{escape(label)}</title>{"".join(body)}</svg>')


def _text(x: float, y: float, text: str, css: str = "", anchor: str = "start") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" class="{css}" text-anchor="{anchor}">{escape(text)}</text>')


# ----- distributions: one row per kind and site -----------------------------------------------------------
@dataclass(frozen=True)
class SpreadRow:
    label: str
    note: str  # printed at the row's right: "42 gigs · median ¥1,020/h"
    p10: float
    p25: float
    median: float
    p75: float
    p90: float
    total: bool = False  # the row over every site: drawn stronger


ROW, PAD_TOP, PAD_BOTTOM, LEFT, RIGHT = 40, 26, 24, 8, 8


def spread_chart(rows: Sequence[SpreadRow], fmt: Format, label: str,
                 line: tuple[float, str] | None = None) -> Markup:
    """Box plots on one axis from 0: the middle half of the gigs as a box, the median as a bar,
    whiskers from the 10th to the 90th percentile; `line`, (value, text), drawn across every row
    (the minimum wage)."""
    top = nice_ceiling(max([r.p90 for r in rows] + [line[0] * 1.1 if line else 0.0] + [1e-9]))
    plot = WIDTH - LEFT - RIGHT
    height = PAD_TOP + ROW * len(rows) + PAD_BOTTOM

    def x(value: float) -> float:
        return LEFT + plot * min(max(value, 0.0), top) / top

    body = []
    axis_y = PAD_TOP + ROW * len(rows)
    for tick in ticks(top):
        body.append(f'<line class="grid" x1="{x(tick):.1f}" y1="{PAD_TOP - 4}" x2="{x(tick):.1f}" y2="{axis_y}"/>')
        anchor = "start" if tick == 0 else "end" if tick == top else "middle"
        body.append(_text(x(tick), axis_y + 16, fmt(tick), "tick", anchor))
    for n, row in enumerate(rows):
        y = PAD_TOP + ROW * n
        mid = y + 26
        css = "spread total" if row.total else "spread"
        body.append(_text(LEFT, y + 12, row.label, "row-label strong" if row.total else "row-label"))
        body.append(_text(WIDTH - RIGHT, y + 12, row.note, "row-note", "end"))
        body.append(f'<g class="{css}"><line class="whisker" x1="{x(row.p10):.1f}" y1="{mid}" '
                    f'x2="{x(row.p90):.1f}" y2="{mid}"/>'
                    f'<rect class="box" x="{x(row.p25):.1f}" y="{mid - 7}" '
                    f'width="{max(x(row.p75) - x(row.p25), 1.5):.1f}" height="14"/>'
                    f'<line class="median" x1="{x(row.median):.1f}" y1="{mid - 9}" x2="{x(row.median):.1f}" '
                    f'y2="{mid + 9}"/></g>')
    if line:
        value, text = line
        body.append(f'<line class="benchmark" x1="{x(value):.1f}" y1="{PAD_TOP - 8}" x2="{x(value):.1f}" '
                    f'y2="{axis_y}"/>')
        anchor = "end" if x(value) > WIDTH * 0.6 else "start"
        body.append(_text(x(value) + (-4 if anchor == "end" else 4), PAD_TOP - 12, text, "benchmark-label", anchor))
    return _svg(height, label, body, "spread-chart")


# ----- one gig's history ------------------------------------------------------------------------------------
def history_chart(points: Sequence[tuple[datetime, float | None]], fmt: Format, label: str, now: datetime,
                  day_label: Callable[[datetime], str]) -> Markup:
    """A step line of one figure over time (each snapshot holds until the next), from the first
    snapshot to `now`; the values at the start and the end are written beside the line."""
    known = [(t, v) for t, v in points if v is not None]
    height, top_pad, bottom_pad = 110, 18, 22
    if not known:
        return _svg(40, label, [_text(WIDTH / 2, 24, "—", "tick", "middle")], "history-chart")
    start, end = known[0][0], max(now, known[-1][0])
    span = (end - start).total_seconds() or 1.0
    low, high = min(v for _, v in known), max(v for _, v in known)
    top = nice_ceiling(high * 1.15) if high > 0 else 1.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, height - top_pad - bottom_pad

    def x(moment: datetime) -> float:
        return LEFT + plot_w * (moment - start).total_seconds() / span

    def y(value: float) -> float:
        return top_pad + plot_h * (1 - value / top)

    body = [f'<line class="grid" x1="{LEFT}" y1="{y(0):.1f}" x2="{WIDTH - RIGHT}" y2="{y(0):.1f}"/>']
    path = f"M{x(known[0][0]):.1f},{y(known[0][1]):.1f}"
    for moment, value in known[1:]:
        path += f" H{x(moment):.1f} V{y(value):.1f}"
    path += f" H{x(end):.1f}"
    body.append(f'<path class="history" d="{path}"/>')
    body += [f'<circle class="point" cx="{x(t):.1f}" cy="{y(v):.1f}" r="3"/>' for t, v in known]
    body.append(_text(x(known[0][0]) + 2, y(known[0][1]) - 6, fmt(known[0][1]), "value"))
    if len(known) > 1 or end > known[0][0]:
        body.append(_text(WIDTH - RIGHT, y(known[-1][1]) - 6, fmt(known[-1][1]), "value", "end"))
    body.append(_text(LEFT, height - 6, day_label(start), "tick"))
    body.append(_text(WIDTH - RIGHT, height - 6, day_label(end), "tick", "end"))
    if high != low:
        body.append(_text(WIDTH / 2, height - 6, f"{fmt(low)} – {fmt(high)}", "tick", "middle"))
    return _svg(height, label, body, "history-chart")


# ----- new gigs per day --------------------------------------------------------------------------------------
def per_day_chart(counts: Sequence[tuple[date, str, int]], series: Sequence[str], first: date, last: date,
                  label: str, day_label: Callable[[date], str]) -> Markup:
    """Stacked bars: one per day from `first` to `last`, one colour per series (site), in `series` order."""
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    stacks: dict[date, dict[str, int]] = {d: {} for d in days}
    for day, name, n in counts:
        if day in stacks:
            stacks[day][name] = stacks[day].get(name, 0) + int(n)
    top = nice_ceiling(max([sum(s.values()) for s in stacks.values()] + [1]))
    height, top_pad, bottom_pad, left = 150, 10, 22, 34
    plot_w, plot_h = WIDTH - left - RIGHT, height - top_pad - bottom_pad
    slot = plot_w / len(days)
    body = []
    for tick in ticks(top):
        y = top_pad + plot_h * (1 - tick / top)
        body.append(f'<line class="grid" x1="{left}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}"/>')
        body.append(_text(left - 4, y + 4, f"{tick:,.0f}", "tick", "end"))
    for n, day in enumerate(days):
        base = top_pad + plot_h
        for index, name in enumerate(series):
            value = stacks[day].get(name, 0)
            if not value:
                continue
            h = plot_h * value / top
            base -= h
            body.append(f'<rect class="bar series-{index % 6}" x="{left + slot * n + slot * 0.1:.1f}" '
                        f'y="{base:.1f}" width="{max(slot * 0.8, 0.8):.1f}" height="{h:.1f}">'
                        f'<title>{escape(day_label(day))} {escape(name)}: {value:,}</title></rect>')
    body.append(_text(left, height - 6, day_label(first), "tick"))
    body.append(_text(WIDTH - RIGHT, height - 6, day_label(last), "tick", "end"))
    return _svg(height, label, body, "per-day-chart")
