"""Chart builders: the expected traces, escaped text, no WebGL."""

from __future__ import annotations

import json
from datetime import date

from app.dashboards.charts import (
    AgeRow,
    ChartLabels,
    IndicatorSeries,
    coverage_figure,
    indicator_figure,
)

EVIL = "<img src=x onerror=alert(1)>"


def _series(**kw) -> IndicatorSeries:  # type: ignore[no-untyped-def]
    values = {
        "unit": "%",
        "decimals": 1,
        "headline": [(date(2021, 1, 1), 40.0), (date(2024, 1, 1), 28.0)],
        "baseline": (date(2021, 1, 1), 40.0),
        "target": (date(2030, 1, 1), 10.0),
        "interim_targets": [(date(2026, 1, 1), 25.0)],
        "projection": (date(2030, 1, 1), 13.7),
        "provisional": frozenset({date(2024, 1, 1)}),
    }
    values.update(kw)
    return IndicatorSeries(**values)


def test_indicator_figure_traces():
    figure = indicator_figure(_series())
    names = [trace["name"] for trace in figure["data"]]
    assert names == [
        "Measured",
        "Path to target",
        "Baseline",
        "Interim target",
        "Target",
        "Projection at the current pace",
    ]
    measured = figure["data"][0]
    assert measured["x"] == ["2021-01-01", "2024-01-01"]
    assert measured["y"] == [40.0, 28.0]
    assert measured["marker"]["symbol"] == ["circle", "circle-open"]  # provisional is open
    path = figure["data"][1]
    assert path["y"] == [40.0, 10.0]
    projection = figure["data"][-1]
    assert projection["x"] == ["2024-01-01", "2030-01-01"]
    assert projection["y"] == [28.0, 13.7]


def test_breakdowns_start_hidden_in_the_legend():
    figure = indicator_figure(
        _series(breakdowns={"district=Breiðholt": [(date(2024, 1, 1), 30.0)]})
    )
    breakdown = figure["data"][-1]
    assert breakdown["name"] == "district=Breiðholt"
    assert breakdown["visible"] == "legendonly"


def test_without_target_there_is_no_path_or_projection():
    figure = indicator_figure(_series(target=None, projection=None, interim_targets=()))
    assert [t["name"] for t in figure["data"]] == ["Measured", "Baseline"]


def test_user_text_is_escaped_everywhere():
    labels = ChartLabels(measured=EVIL, target=EVIL)
    figure = indicator_figure(
        _series(unit=EVIL, breakdowns={EVIL: [(date(2024, 1, 1), 1.0)]}), labels
    )
    dumped = json.dumps(figure)
    assert "<img" not in dumped
    assert "&lt;img src=x onerror=alert(1)&gt;" in dumped


def test_no_webgl_traces():
    figures = [indicator_figure(_series()), coverage_figure([AgeRow(0, 1, ["A"])])]
    kinds = {trace["type"] for figure in figures for trace in figure["data"]}
    assert kinds <= {"scatter", "bar"}


def test_coverage_marks_gaps():
    rows = [AgeRow(15, 2, ["Teams", "Counselling"]), AgeRow(16, 0, []), AgeRow(17, 0, []),
            AgeRow(18, 1, [EVIL])]  # fmt: skip
    figure = coverage_figure(rows)
    bars, gaps = figure["data"]
    assert bars["x"] == [15, 16, 17, 18]
    assert bars["y"] == [2, 0, 0, 1]
    assert gaps["x"] == [16, 17]
    assert [(s["x0"], s["x1"]) for s in figure["layout"]["shapes"]] == [(15.5, 16.5), (16.5, 17.5)]
    assert "<img" not in json.dumps(figure)
