"""Pure chart builders: rows in, a Plotly figure spec (plain dicts) out. No Flask, no database.

Every piece of user text that goes into a title, legend, hover text or annotation is escaped
here, because Plotly renders a subset of HTML in those places. Colours are the Okabe-Ito
palette, which stays distinct for the common kinds of colour blindness; lines also differ by
dash and marker, so colour is never the only cue. No WebGL traces (scattergl etc.) are used.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
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

Point = tuple[date, float]


def esc(text: object) -> str:
    """Text made safe for Plotly's HTML-like labels."""
    return html.escape(str(text), quote=True)


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


@dataclass(frozen=True)
class IndicatorSeries:
    """What an indicator chart shows."""

    unit: str
    decimals: int
    headline: Sequence[Point]
    provisional: frozenset[date] = frozenset()
    breakdowns: Mapping[str, Sequence[Point]] = field(default_factory=dict)
    baseline: Point | None = None
    target: Point | None = None
    interim_targets: Sequence[Point] = ()
    projection: Point | None = None


def _hover(unit: str, decimals: int) -> str:
    return f"%{{x|%Y-%m-%d}}: %{{y:,.{decimals}f}} {esc(unit)}<extra>%{{fullData.name}}</extra>"


def _base_layout(y_title: str) -> dict[str, Any]:
    return {
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


def indicator_figure(series: IndicatorSeries, labels: ChartLabels | None = None) -> dict[str, Any]:
    """An indicator over time: measured values, baseline, target, path, interim targets, pace."""
    labels = labels or ChartLabels()
    hover = _hover(series.unit, series.decimals)
    data: list[dict[str, Any]] = []
    if series.headline:
        xs = [p[0].isoformat() for p in series.headline]
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": esc(labels.measured),
                "x": xs,
                "y": [p[1] for p in series.headline],
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
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": esc(labels.path_to_target),
                "x": [series.baseline[0].isoformat(), series.target[0].isoformat()],
                "y": [series.baseline[1], series.target[1]],
                "line": {"color": MUTED, "dash": "dash", "width": 2},
                "hovertemplate": hover,
            }
        )
    if series.baseline:
        data.append(_marker(labels.baseline, series.baseline, "square", MUTED, hover))
    for point in series.interim_targets:
        data.append(_marker(labels.interim_target, point, "diamond", OKABE_ITO[2], hover))
    if series.target:
        data.append(_marker(labels.target, series.target, "star", OKABE_ITO[2], hover, size=14))
    if series.projection and series.headline:
        last = series.headline[-1]
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": esc(labels.projection),
                "x": [last[0].isoformat(), series.projection[0].isoformat()],
                "y": [last[1], series.projection[1]],
                "line": {"color": OKABE_ITO[5], "dash": "dot", "width": 2},
                "hovertemplate": hover,
            }
        )
    for index, (name, points) in enumerate(sorted(series.breakdowns.items())):
        colour = OKABE_ITO[(index + 1) % len(OKABE_ITO)]
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": esc(name),
                "x": [p[0].isoformat() for p in points],
                "y": [p[1] for p in points],
                "visible": "legendonly",
                "line": {"color": colour, "width": 1.5},
                "marker": {"color": colour, "size": 5},
                "hovertemplate": hover,
            }
        )
    layout = _base_layout(series.unit)
    layout["showlegend"] = True
    return {"data": data, "layout": layout}


def _marker(
    name: str, point: Point, symbol: str, colour: str, hover: str, size: int = 11
) -> dict[str, Any]:
    return {
        "type": "scatter",
        "mode": "markers",
        "name": esc(name),
        "x": [point[0].isoformat()],
        "y": [point[1]],
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
    layout = _base_layout(labels.departments)
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
