"""Pure chart builders: rows in, a Plotly figure spec (plain dicts) out. No Flask, no database.

Every piece of user text that goes into a title, legend, hover text or annotation is escaped
here, because Plotly renders a subset of HTML in those places. Colours are the Okabe-Ito
palette, which stays distinct for the common kinds of colour blindness; lines also differ by
dash and marker, so colour is never the only cue. No WebGL traces (scattergl etc.) are used.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

OKABE_ITO = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # green
    "#CC79A7",  # purple
    "#56B4E9",  # sky
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",
)
INK = "#1b1f24"
MUTED = "#4a5360"
GAP = "#a4161a"
MIN_HEIGHT = 300  # the chart box is at least 18rem tall: fill it

Point = tuple[date, float]


def esc(text: object) -> str:
    """Text made safe for Plotly's HTML-like labels."""
    return html.escape(str(text), quote=True)


def plain_period(frequency: str, period: date) -> str:
    """A period's name without a locale (the callers pass app.periods.period_label)."""
    if frequency == "yearly":
        return str(period.year)
    if frequency == "quarterly":
        return f"{period.year} Q{(period.month - 1) // 3 + 1}"
    if frequency == "monthly":
        return period.strftime("%B %Y")
    return period.isoformat()


@dataclass(frozen=True)
class ChartLabels:
    """Translated words the charts use (the caller translates; this module stays pure)."""

    measured: str = "Measured"
    baseline: str = "Baseline"
    target: str = "Target"
    interim_target: str = "Interim target"
    path_to_target: str = "Path to target"
    projection: str = "Projection at the current pace"
    provisional: str = "provisional"
    age: str = "Age"
    departments: str = "Departments reaching this age"
    gap: str = "No intervention"
    interventions: str = "Interventions"
    milestone_done: str = "Milestone done"
    milestone_open: str = "Milestone open"
    milestone_overdue: str = "Milestone overdue"
    today: str = "Today"
    open_ended: str = "no end date"
    # Plotly's decimal mark then thousands separator: ".," in English, ",." in Icelandic, so a
    # hover reads 1.140,0 where 1140 is meant, never 1,140.0 (which an Icelandic reader takes
    # for 1.14).
    separators: str = ".,"
    # Periods and dates as the reader names them: the tick labels and hover text of time axes
    # are written here, not by Plotly (whose month names are English): "3. ársfj. 2024", never
    # "Jul 2024" or the period's first day.
    period_text: Callable[[str, date], str] = plain_period
    date_text: Callable[[date], str] = date.isoformat


@dataclass(frozen=True)
class IndicatorSeries:
    """What an indicator chart shows."""

    unit: str
    decimals: int
    headline: Sequence[Point]
    frequency: str = "yearly"
    provisional: frozenset[date] = frozenset()
    breakdowns: Mapping[str, Sequence[Point]] = field(default_factory=dict)
    baseline: Point | None = None
    target: Point | None = None
    interim_targets: Sequence[Point] = ()
    projection: Point | None = None
    # Points of the path the target needs (e.g. from target_trajectory); empty: a straight line.
    trajectory: Sequence[Point] = ()


# Most labelled ticks on a time axis (a small multiple has room for fewer).
MAX_TICKS = 8
MAX_TICKS_COMPACT = 4


def _hover(unit: str, decimals: int) -> str:
    # customdata holds the period's name; the number follows the layout's separators.
    return f"%{{customdata}}: %{{y:,.{decimals}f}} {esc(unit)}<extra>%{{fullData.name}}</extra>"


def _time_trace(points: Sequence[Point], name: Callable[[date], str]) -> dict[str, Any]:
    """x (ISO dates for a date axis), y and the periods' names for the hover text."""
    return {
        "x": [p[0].isoformat() for p in points],
        "y": [p[1] for p in points],
        "customdata": [esc(name(p[0])) for p in points],
    }


def _starts(first: date, last: date, months: int) -> list[date]:
    """The first days of the years (months=12) or quarters (3) from first to last."""
    year, month = first.year, (first.month - 1) // months * months + 1
    found = []
    while (day := date(year, month, 1)) <= last:
        if day >= first:
            found.append(day)
        month += months
        if month > 12:
            year, month = year + 1, month - 12
    return found


def period_axis(
    periods: Sequence[date], frequency: str, labels: ChartLabels, most: int = MAX_TICKS
) -> dict[str, Any]:
    """A date axis whose ticks are the periods drawn, named by labels.period_text.

    Too many periods for the room: monthly and quarterly series are ticked once a year (the
    year's name); otherwise every n-th period from the latest back, so the newest is named.
    """
    chosen = sorted(set(periods))
    frequency_shown = frequency
    if len(chosen) > most and frequency in ("monthly", "quarterly"):
        years = _starts(chosen[0], chosen[-1], 12)
        if len(years) >= 2:
            chosen, frequency_shown = years, "yearly"
    if len(chosen) > most:
        step = math.ceil(len(chosen) / most)
        chosen = chosen[::-1][::step][::-1]
    return {
        "type": "date",
        "tickmode": "array",
        "tickvals": [day.isoformat() for day in chosen],
        "ticktext": [esc(labels.period_text(frequency_shown, day)) for day in chosen],
        "gridcolor": "#e3e7ec",
    }


def _base_layout(y_title: str, separators: str = ".,") -> dict[str, Any]:
    return {
        "separators": separators,
        "margin": {"l": 56, "r": 16, "t": 16, "b": 40},
        "font": {
            "family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
            "color": INK,
        },
        "legend": {"orientation": "h", "y": -0.2, "x": 0},
        "yaxis": {"title": {"text": esc(y_title)}, "zeroline": False, "gridcolor": "#e3e7ec"},
        "xaxis": {"gridcolor": "#e3e7ec"},
        "hovermode": "closest",
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
    }


def indicator_figure(
    series: IndicatorSeries, labels: ChartLabels | None = None, *, compact: bool = False
) -> dict[str, Any]:
    """An indicator over time: measured values, baseline, target, path, interim targets, pace.

    compact draws a small multiple: shorter, tighter margins, no legend (the page explains the
    marks once for all charts).
    """
    labels = labels or ChartLabels()
    hover = _hover(series.unit, series.decimals)

    def name(day: date) -> str:
        return labels.period_text(series.frequency, day)

    data: list[dict[str, Any]] = []
    if series.headline:
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": esc(labels.measured),
                **_time_trace(series.headline, name),
                "line": {"color": OKABE_ITO[0], "width": 3},
                "marker": {
                    "color": OKABE_ITO[0],
                    "size": 7,
                    "symbol": [
                        "circle-open" if p[0] in series.provisional else "circle"
                        for p in series.headline
                    ],
                },
                "hovertemplate": hover,
            }
        )
    if series.baseline and series.target:
        path = list(series.trajectory) or [series.baseline, series.target]
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": esc(labels.path_to_target),
                **_time_trace(path, name),
                "line": {"color": MUTED, "dash": "dash", "width": 2},
                "hovertemplate": hover,
            }
        )
    if series.baseline:
        data.append(_marker(labels.baseline, [series.baseline], "square", MUTED, hover, name))
    if series.interim_targets:
        # One trace for every interim target, so the legend names them once.
        data.append(
            _marker(
                labels.interim_target, series.interim_targets, "diamond", OKABE_ITO[2], hover, name
            )
        )
    if series.target:
        data.append(
            _marker(labels.target, [series.target], "star", OKABE_ITO[2], hover, name, size=14)
        )
    if series.projection and series.headline:
        last = series.headline[-1]
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": esc(labels.projection),
                **_time_trace([last, series.projection], name),
                "line": {"color": OKABE_ITO[5], "dash": "dot", "width": 2},
                "hovertemplate": hover,
            }
        )
    for index, (label, points) in enumerate(sorted(series.breakdowns.items())):
        colour = OKABE_ITO[(index + 1) % len(OKABE_ITO)]
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": esc(label),
                **_time_trace(points, name),
                "visible": "legendonly",
                "line": {"color": colour, "width": 1.5},
                "marker": {"color": colour, "size": 5},
                "hovertemplate": hover,
            }
        )
    layout = _base_layout(series.unit, labels.separators)
    layout["showlegend"] = not compact
    drawn = [p[0] for p in series.headline] + [p[0] for p in series.interim_targets]
    drawn += [p[0] for p in (series.baseline, series.target) if p is not None]
    drawn += [p[0] for points in series.breakdowns.values() for p in points]
    layout["xaxis"] = period_axis(
        drawn, series.frequency, labels, MAX_TICKS_COMPACT if compact else MAX_TICKS
    )
    if compact:
        layout["margin"] = {"l": 48, "r": 8, "t": 8, "b": 32}
        layout["height"] = MIN_HEIGHT
    return {"data": data, "layout": layout}


def target_trajectory(baseline: Point, target: Point) -> list[Point]:
    """The path from baseline to target at a constant yearly rate, one point a year.

    The outcome method measures progress by compound annual growth, so the path it expects is a
    curve, not a straight line. When baseline and target are not both positive or both negative
    (no constant rate joins them), the path is straight.
    """
    (start, y0), (end, y1) = baseline, target
    if end <= start:
        return [baseline, target]
    points = [baseline]
    span = (end - start).days
    geometric = (y0 > 0 and y1 > 0) or (y0 < 0 and y1 < 0)
    for year in range(start.year + 1, end.year + 1):
        when = date(year, start.month, min(start.day, 28))  # each anniversary of the baseline
        if when >= end:
            break
        share = (when - start).days / span
        value = y0 * (y1 / y0) ** share if geometric else y0 + (y1 - y0) * share
        points.append((when, value))
    points.append(target)
    return points


def _marker(
    name: str,
    points: Sequence[Point],
    symbol: str,
    colour: str,
    hover: str,
    period_name: Callable[[date], str],
    size: int = 11,
) -> dict[str, Any]:
    return {
        "type": "scatter",
        "mode": "markers",
        "name": esc(name),
        **_time_trace(points, period_name),
        "marker": {
            "symbol": symbol,
            "size": size,
            "color": colour,
            "line": {"color": INK, "width": 1},
        },
        "hovertemplate": hover,
    }


@dataclass(frozen=True)
class AgeRow:
    """One age of the target population: who serves it."""

    age: int
    department_count: int
    intervention_titles: Sequence[str]


def coverage_figure(rows: Sequence[AgeRow], labels: ChartLabels | None = None) -> dict[str, Any]:
    """Departments reaching each age; ages nobody serves are marked as gaps."""
    labels = labels or ChartLabels()
    ages = [row.age for row in rows]
    served = [row.department_count for row in rows]
    hover_text = [
        "<br>".join(esc(title) for title in row.intervention_titles) or esc(labels.gap)
        for row in rows
    ]
    gap_ages = [row.age for row in rows if not row.intervention_titles]
    data: list[dict[str, Any]] = [
        {
            "type": "bar",
            "name": esc(labels.departments),
            "x": ages,
            "y": served,
            "marker": {"color": OKABE_ITO[0]},
            "text": hover_text,
            "hovertemplate": f"{esc(labels.age)} %{{x}}: %{{y}}<br>%{{text}}<extra></extra>",
            "textposition": "none",
        }
    ]
    if gap_ages:
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": esc(labels.gap),
                "x": gap_ages,
                "y": [0] * len(gap_ages),
                "marker": {"symbol": "x", "size": 14, "color": GAP},
                "hovertemplate": f"{esc(labels.age)} %{{x}}: {esc(labels.gap)}<extra></extra>",
            }
        )
    layout = _base_layout(labels.departments, labels.separators)
    layout["xaxis"] = {"title": {"text": esc(labels.age)}, "dtick": 1, "gridcolor": "#e3e7ec"}
    layout["yaxis"]["rangemode"] = "tozero"
    layout["yaxis"]["dtick"] = 1
    layout["bargap"] = 0.15
    layout["shapes"] = [
        {
            "type": "rect",
            "xref": "x",
            "yref": "paper",
            "x0": age - 0.5,
            "x1": age + 0.5,
            "y0": 0,
            "y1": 1,
            "fillcolor": GAP,
            "opacity": 0.12,
            "line": {"width": 0},
        }
        for age in gap_ages
    ]
    return {"data": data, "layout": layout}


# ---- dashboards: stacked bars, matrices and the intervention timeline ----

# One Okabe-Ito colour per implementation status, plus a fill pattern, so a stacked bar reads
# without colour too; stages get the palette in order.
STATUS_COLOURS = {
    "on_track": OKABE_ITO[2],
    "completed": OKABE_ITO[0],
    "at_risk": OKABE_ITO[1],
    "late": OKABE_ITO[5],
    "off_track": OKABE_ITO[3],
    "stale": OKABE_ITO[6],
    "not_started": OKABE_ITO[4],
    "stopped": OKABE_ITO[7],
}
STATUS_PATTERNS = {
    "on_track": "",
    "completed": ".",
    "at_risk": "/",
    "late": "x",
    "off_track": "\\",
    "stale": "-",
    "not_started": "|",
    "stopped": "+",
}
STAGE_COLOURS = {
    "explore": OKABE_ITO[4],
    "test": OKABE_ITO[1],
    "scale": OKABE_ITO[2],
    "sustain": OKABE_ITO[0],
    "stopped": OKABE_ITO[7],
}
SEQUENTIAL = [[0.0, "#e8f1f8"], [1.0, OKABE_ITO[0]]]
LABEL_CHARS = 32
MS_PER_DAY = 86_400_000


def short(text: object, limit: int = LABEL_CHARS) -> str:
    """An axis label: cut to limit characters (before escaping, so no entity is split)."""
    value = str(text)
    return esc(value if len(value) <= limit else value[: limit - 1].rstrip() + "…")


def _colour(key: str, index: int) -> str:
    return STATUS_COLOURS.get(key) or STAGE_COLOURS.get(key) or OKABE_ITO[index % len(OKABE_ITO)]


def _pattern(key: str, colour: str) -> dict[str, Any]:
    """A fill pattern drawn over the colour (dark lines; light ones on black)."""
    return {
        "shape": STATUS_PATTERNS.get(key, ""),
        "fillmode": "overlay",
        "fgcolor": "#ffffff" if colour == OKABE_ITO[7] else INK,
        "size": 7,
        "solidity": 0.25,
    }


def _legend_on_top() -> dict[str, Any]:
    # Stacked bars list their legend in reverse by default; keep the order of the stack.
    return {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0, "traceorder": "normal"}


def _category_axis(labels: Sequence[str], limit: int = LABEL_CHARS) -> dict[str, Any]:
    """A category axis by position, so two equal labels never merge into one row."""
    return {
        "tickmode": "array",
        "tickvals": list(range(len(labels))),
        "ticktext": [short(label, limit) for label in labels],
        "automargin": True,
        "range": [len(labels) - 0.5, -0.5],  # first row on top
        "showgrid": False,
        "zeroline": False,
    }


@dataclass(frozen=True)
class Stack:
    """One layer of a stacked bar chart: a status or stage and its count per category."""

    key: str
    name: str
    values: Sequence[float]


@dataclass(frozen=True)
class StackedBars:
    """Categories (rows) and the layers stacked in each."""

    categories: Sequence[str]
    stacks: Sequence[Stack]
    value_title: str = ""


def stacked_bar_figure(bars: StackedBars) -> dict[str, Any]:
    """Horizontal stacked bars, one row per category; empty layers are left out of the legend."""
    data: list[dict[str, Any]] = []
    rows = list(range(len(bars.categories)))
    hover_labels = [esc(label) for label in bars.categories]
    for index, stack in enumerate(bars.stacks):
        if not any(stack.values):
            continue
        colour = _colour(stack.key, index)
        data.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": esc(stack.name),
                "x": list(stack.values),
                "y": rows,
                "customdata": hover_labels,
                "marker": {
                    "color": colour,
                    "line": {"color": INK, "width": 0.5},
                    "pattern": _pattern(stack.key, colour),
                },
                "hovertemplate": f"%{{customdata}}: %{{x}} {esc(stack.name)}<extra></extra>",
            }
        )
    layout = _base_layout("")
    layout["barmode"] = "stack"
    layout["yaxis"] = _category_axis(bars.categories)
    layout["xaxis"] = {
        "title": {"text": esc(bars.value_title)},
        "gridcolor": "#e3e7ec",
        "rangemode": "tozero",
    }
    if _max_total(bars) <= 10:
        layout["xaxis"]["dtick"] = 1  # whole interventions, not 0.5 steps
    layout["height"] = max(MIN_HEIGHT, 120 + 30 * len(bars.categories))
    layout["legend"] = _legend_on_top()
    layout["margin"] = {"l": 8, "r": 16, "t": 48, "b": 40}
    return {"data": data, "layout": layout}


def _max_total(bars: StackedBars) -> float:
    totals = [0.0] * len(bars.categories)
    for stack in bars.stacks:
        for index, value in enumerate(stack.values):
            totals[index] += value
    return max(totals, default=0.0)


@dataclass(frozen=True)
class Matrix:
    """A rows x columns table of counts, with the words behind each cell for hover text."""

    rows: Sequence[str]
    columns: Sequence[str]
    values: Sequence[Sequence[float]]
    details: Sequence[Sequence[str]] = ()
    value_title: str = ""


def matrix_figure(matrix: Matrix) -> dict[str, Any]:
    """A heatmap of the matrix; empty cells stay blank, counts are printed in the cells."""
    z = [[value or None for value in row] for row in matrix.values]
    text = [
        [
            "<br>".join(
                part
                for part in (
                    f"{esc(matrix.rows[r])} × {esc(matrix.columns[c])}",
                    esc(matrix.details[r][c]) if matrix.details else "",
                )
                if part
            )
            for c in range(len(matrix.columns))
        ]
        for r in range(len(matrix.rows))
    ]
    data = [
        {
            "type": "heatmap",
            "x": list(range(len(matrix.columns))),
            "y": list(range(len(matrix.rows))),
            "z": z,
            "text": text,
            "texttemplate": "%{z}",
            "hovertemplate": "%{text}<extra></extra>",
            "hoverongaps": False,
            "colorscale": SEQUENTIAL,
            "zmin": 0,
            "xgap": 2,
            "ygap": 2,
            "showscale": False,
            "name": esc(matrix.value_title),
        }
    ]
    layout = _base_layout("")
    layout["yaxis"] = _category_axis(matrix.rows)
    layout["xaxis"] = {**_category_axis(matrix.columns), "range": None, "side": "top",
                       "tickangle": -30}  # fmt: skip
    layout["height"] = max(MIN_HEIGHT, 160 + 30 * len(matrix.rows))
    layout["margin"] = {"l": 8, "r": 8, "t": 8, "b": 8}
    layout["plot_bgcolor"] = "#ffffff"
    return {"data": data, "layout": layout}


@dataclass(frozen=True)
class TimelineBar:
    """One intervention on the timeline: its dates, status and a short note (lead, stage)."""

    label: str
    start: date
    end: date
    open_ended: bool
    status: str
    status_name: str
    note: str = ""


@dataclass(frozen=True)
class TimelineMilestone:
    """A milestone on a timeline row: state is "done", "open" or "overdue"."""

    row: int
    due: date
    title: str
    state: str


# Dark marks with a white outline stand out on every bar colour (black included).
_MILESTONE_MARKS = {
    "done": ("diamond", INK),
    "open": ("diamond-open", INK),
    "overdue": ("x", GAP),
}


def timeline_figure(
    bars: Sequence[TimelineBar],
    milestones: Sequence[TimelineMilestone],
    today: date,
    labels: ChartLabels | None = None,
) -> dict[str, Any]:
    """Interventions as bars from start to end (coloured by status) with milestone markers."""
    labels = labels or ChartLabels()
    data: list[dict[str, Any]] = []
    by_status: dict[str, list[int]] = {}
    for index, bar in enumerate(bars):
        by_status.setdefault(bar.status, []).append(index)
    for order, (status, indexes) in enumerate(by_status.items()):
        colour = _colour(status, order)
        data.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": esc(bars[indexes[0]].status_name),
                "y": indexes,
                "base": [bars[i].start.isoformat() for i in indexes],
                "x": [max((bars[i].end - bars[i].start).days, 1) * MS_PER_DAY for i in indexes],
                "text": [_timeline_hover(bars[i], labels) for i in indexes],
                "textposition": "none",
                "hovertemplate": "%{text}<extra></extra>",
                "marker": {
                    "color": colour,
                    "line": {"color": INK, "width": 0.5},
                    "pattern": _pattern(status, colour),
                },
                "width": 0.6,
            }
        )
    names = {
        "done": labels.milestone_done,
        "open": labels.milestone_open,
        "overdue": labels.milestone_overdue,
    }
    for state, (symbol, colour) in _MILESTONE_MARKS.items():
        chosen = [m for m in milestones if m.state == state]
        if not chosen:
            continue
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": esc(names[state]),
                "x": [m.due.isoformat() for m in chosen],
                "y": [m.row for m in chosen],
                "text": [f"{esc(m.title)}<br>{esc(labels.date_text(m.due))}" for m in chosen],
                "hovertemplate": "%{text}<extra>" + esc(names[state]) + "</extra>",
                "marker": {"symbol": symbol, "size": 12, "color": colour,
                           "line": {"color": "#ffffff", "width": 1.5}},
            }
        )  # fmt: skip
    layout = _base_layout("")
    layout["barmode"] = "overlay"
    # Shorter labels leave the bars room on a phone; the hover text and the table have them whole.
    layout["yaxis"] = _category_axis([bar.label for bar in bars], limit=24)
    layout["xaxis"] = _timeline_axis(bars, milestones, today, labels)
    layout["height"] = max(MIN_HEIGHT, 140 + 28 * len(bars))
    layout["legend"] = _legend_on_top()
    layout["margin"] = {"l": 8, "r": 16, "t": 56, "b": 40}
    layout["shapes"] = [
        {
            "type": "line",
            "xref": "x",
            "yref": "paper",
            "x0": today.isoformat(),
            "x1": today.isoformat(),
            "y0": 0,
            "y1": 1,
            "line": {"color": GAP, "width": 2, "dash": "dot"},
        }
    ]
    layout["annotations"] = [
        {
            "x": today.isoformat(),
            "xref": "x",
            "y": 1,
            "yref": "paper",
            "yanchor": "bottom",
            "text": esc(labels.today),
            "showarrow": False,
            "font": {"color": GAP},
        }
    ]
    return {"data": data, "layout": layout}


def _timeline_axis(
    bars: Sequence[TimelineBar],
    milestones: Sequence[TimelineMilestone],
    today: date,
    labels: ChartLabels,
) -> dict[str, Any]:
    """The timeline's date axis: a tick each year, or each quarter when it spans less than two
    years, named in the reader's language."""
    days = [today, *(b.start for b in bars), *(b.end for b in bars), *(m.due for m in milestones)]
    first, last = min(days), max(days)
    ticks, frequency = _starts(first, last, 12), "yearly"
    if len(ticks) < 2:
        ticks, frequency = _starts(first, last, 3), "quarterly"
    if len(ticks) < 2:
        ticks, frequency = _starts(first, last, 1), "monthly"
    if not ticks:
        ticks, frequency = [first], "daily"
    return period_axis(ticks, frequency, labels)


def _timeline_hover(bar: TimelineBar, labels: ChartLabels) -> str:
    end = esc(labels.open_ended) if bar.open_ended else esc(labels.date_text(bar.end))
    start = esc(labels.date_text(bar.start))
    parts = [esc(bar.label), f"{start} – {end}", esc(bar.status_name)]
    if bar.note:
        parts.append(esc(bar.note))
    return "<br>".join(parts)
