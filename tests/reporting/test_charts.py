"""Chart builders: the expected traces, escaped text, no WebGL."""

from __future__ import annotations

import itertools
import json
from datetime import date

from app.reporting.charts import (
    OKABE_ITO,
    AgeRow,
    ChartLabels,
    IndicatorSeries,
    Matrix,
    Stack,
    StackedBars,
    TimelineBar,
    TimelineMilestone,
    coverage_figure,
    indicator_figure,
    matrix_figure,
    stacked_bar_figure,
    target_trajectory,
    timeline_figure,
)

EVIL = "<img src=x onerror=alert(1)>"
ESC = "&lt;img src=x onerror=alert(1)&gt;"


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


def _all_strings(value):  # type: ignore[no-untyped-def]
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _all_strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _all_strings(item)]
    return []


def test_interim_targets_share_one_legend_entry():
    figure = indicator_figure(
        _series(interim_targets=[(date(2025, 1, 1), 30.0), (date(2027, 1, 1), 20.0)])
    )
    interim = [t for t in figure["data"] if t["name"] == "Interim target"]
    assert len(interim) == 1
    assert interim[0]["x"] == ["2025-01-01", "2027-01-01"]
    assert interim[0]["y"] == [30.0, 20.0]


def test_compact_small_multiple_has_no_legend_and_a_fixed_height():
    figure = indicator_figure(_series(), compact=True)
    assert figure["layout"]["showlegend"] is False
    assert figure["layout"]["height"] == 300
    assert indicator_figure(_series())["layout"]["showlegend"] is True


def test_target_trajectory_follows_a_constant_yearly_rate():
    path = target_trajectory((date(2021, 1, 1), 40.0), (date(2030, 1, 1), 10.0))
    assert path[0] == (date(2021, 1, 1), 40.0)
    assert path[-1] == (date(2030, 1, 1), 10.0)
    assert [p[0].year for p in path] == list(range(2021, 2031))
    ratios = [b[1] / a[1] for a, b in itertools.pairwise(path)]
    assert max(ratios) - min(ratios) < 0.01  # the same factor every year (leap days aside)
    assert path[4][1] < 40.0 - 4 * (30.0 / 9)  # below the straight line: a convex curve
    # Through zero no constant rate exists: the path is straight.
    straight = target_trajectory((date(2021, 1, 1), 10.0), (date(2031, 1, 1), 0.0))
    assert [round(p[1], 2) for p in straight][:3] == [10.0, 9.0, 8.0]


def test_the_path_uses_the_trajectory_when_given():
    path = target_trajectory((date(2021, 1, 1), 40.0), (date(2030, 1, 1), 10.0))
    figure = indicator_figure(_series(trajectory=path))
    assert figure["data"][1]["name"] == "Path to target"
    assert len(figure["data"][1]["x"]) == 10


def test_stacked_bars_one_trace_per_status_with_colour_and_pattern():
    bars = StackedBars(
        categories=["Mission A", EVIL, "Mission A"],
        stacks=[
            Stack("on_track", "On track", [2, 0, 1]),
            Stack("late", "Late", [1, 3, 0]),
            Stack("stale", "No recent update", [0, 0, 0]),
        ],
        value_title="Interventions",
    )
    figure = stacked_bar_figure(bars)
    assert [t["name"] for t in figure["data"]] == ["On track", "Late"]  # empty layer left out
    on_track, late = figure["data"]
    assert on_track["type"] == late["type"] == "bar"
    assert on_track["orientation"] == "h"
    assert on_track["x"] == [2, 0, 1]
    assert on_track["y"] == [0, 1, 2]
    assert on_track["marker"]["color"] == OKABE_ITO[2]
    assert late["marker"]["pattern"]["shape"] == "x"
    assert figure["layout"]["barmode"] == "stack"
    axis = figure["layout"]["yaxis"]
    assert axis["tickvals"] == [0, 1, 2]  # by position: equal titles stay two rows
    assert axis["ticktext"][1] == "&lt;img src=x onerror=alert(1)&gt;"
    assert "<img" not in json.dumps(figure)


def test_matrix_prints_counts_and_leaves_empty_cells_blank():
    figure = matrix_figure(
        Matrix(
            rows=["EDU", "WEL"],
            columns=["Outcome 1", EVIL],
            values=[[2, 0], [0, 5]],
            details=[["Leads 2", ""], ["", EVIL]],
        )
    )
    (heatmap,) = figure["data"]
    assert heatmap["type"] == "heatmap"
    assert heatmap["z"] == [[2, None], [None, 5]]
    assert heatmap["texttemplate"] == "%{z}"
    assert heatmap["text"][1][1] == f"WEL × {ESC}<br>{ESC}"
    assert figure["layout"]["xaxis"]["ticktext"] == ["Outcome 1", ESC]
    assert all("<img" not in s for s in _all_strings(figure))


def test_timeline_bars_run_from_start_to_end_with_milestones():
    bars = [
        TimelineBar(EVIL, date(2023, 1, 1), date(2023, 1, 11), False, "on_track", "On track",
                    "EDU · Test"),
        TimelineBar("Courses", date(2024, 1, 1), date(2030, 12, 31), True, "late", "Late"),
        TimelineBar("Teams", date(2022, 1, 1), date(2025, 1, 1), False, "on_track", "On track"),
    ]  # fmt: skip
    marks = [
        TimelineMilestone(0, date(2023, 1, 5), EVIL, "done"),
        TimelineMilestone(1, date(2024, 6, 1), "First course", "overdue"),
        TimelineMilestone(2, date(2026, 1, 1), "All schools", "open"),
    ]
    figure = timeline_figure(bars, marks, today=date(2025, 3, 1))
    kinds = [(t["type"], t["name"]) for t in figure["data"]]
    assert kinds == [
        ("bar", "On track"),
        ("bar", "Late"),
        ("scatter", "Milestone done"),
        ("scatter", "Milestone open"),
        ("scatter", "Milestone overdue"),
    ]
    on_track = figure["data"][0]
    assert on_track["y"] == [0, 2]
    assert on_track["base"] == ["2023-01-01", "2022-01-01"]
    assert on_track["x"][0] == 10 * 86_400_000  # ten days, in milliseconds on a date axis
    assert "no end date" in figure["data"][1]["text"][0]
    done = figure["data"][2]
    assert done["x"] == ["2023-01-05"]
    assert done["y"] == [0]
    assert figure["layout"]["xaxis"]["type"] == "date"
    assert figure["layout"]["shapes"][0]["x0"] == "2025-03-01"  # today
    # Cut to 24 characters before escaping, so no entity is split.
    assert figure["layout"]["yaxis"]["ticktext"][0] == "&lt;img src=x onerror=aler…"
    assert all("<img" not in s for s in _all_strings(figure))


def test_dashboard_charts_use_no_webgl():
    figures = [
        stacked_bar_figure(StackedBars(["A"], [Stack("on_track", "On track", [1])])),
        matrix_figure(Matrix(["A"], ["B"], [[1]])),
        timeline_figure(
            [TimelineBar("A", date(2023, 1, 1), date(2024, 1, 1), False, "late", "Late")],
            [TimelineMilestone(0, date(2023, 6, 1), "M", "open")],
            date(2024, 1, 1),
        ),
    ]
    kinds = {trace["type"] for figure in figures for trace in figure["data"]}
    assert kinds <= {"scatter", "bar", "heatmap"}


def test_charts_use_the_readers_decimal_mark(app):
    """Plotly formats hover numbers with layout.separators: 1140 reads '1.140,0' in Icelandic,
    never '1,140.0' (which an Icelandic reader takes for 1.14)."""
    from flask_babel import force_locale

    from app.reporting.charts import coverage_figure
    from app.reporting.figures import chart_labels

    with app.test_request_context():
        with force_locale("is"):
            icelandic = chart_labels()
        with force_locale("en"):
            english = chart_labels()
    assert (icelandic.separators, english.separators) == (",.", ".,")
    assert coverage_figure([], icelandic)["layout"]["separators"] == ",."


# ---- time axes in the reader's language (issue 13) ----


def _icelandic_period(frequency: str, day: date) -> str:
    return f"{(day.month - 1) // 3 + 1}. ársfj. {day.year}" if frequency == "quarterly" else "?"


def test_time_ticks_and_hover_name_the_periods_never_their_first_day():
    quarters = [(date(2024, m, 1), float(m)) for m in (1, 4, 7, 10)]
    figure = indicator_figure(
        _series(headline=quarters, baseline=None, target=None, interim_targets=[],
                projection=None, frequency="quarterly"),
        ChartLabels(period_text=_icelandic_period),
    )  # fmt: skip
    axis = figure["layout"]["xaxis"]
    assert axis["tickmode"] == "array"
    assert axis["tickvals"] == ["2024-01-01", "2024-04-01", "2024-07-01", "2024-10-01"]
    assert axis["ticktext"] == ["1. ársfj. 2024", "2. ársfj. 2024", "3. ársfj. 2024",
                                "4. ársfj. 2024"]  # fmt: skip
    measured = figure["data"][0]
    assert measured["customdata"][2] == "3. ársfj. 2024"
    assert measured["hovertemplate"].startswith("%{customdata}: %{y:,.1f} %")
    assert not any("%{x" in trace.get("hovertemplate", "") for trace in figure["data"])


def test_every_trace_of_an_indicator_names_its_periods():
    figure = indicator_figure(_series())
    for trace in figure["data"]:
        assert len(trace["customdata"]) == len(trace["x"])
    assert figure["data"][0]["customdata"] == ["2021", "2024"]  # yearly: the year
    assert figure["layout"]["xaxis"]["ticktext"] == ["2021", "2024", "2026", "2030"]


def test_a_long_monthly_series_is_ticked_once_a_year():
    months = [(date(2020 + i // 12, i % 12 + 1, 1), float(i)) for i in range(48)]
    figure = indicator_figure(
        _series(headline=months, baseline=None, target=None, interim_targets=[],
                projection=None, frequency="monthly")
    )  # fmt: skip
    axis = figure["layout"]["xaxis"]
    assert axis["ticktext"] == ["2020", "2021", "2022", "2023"]
    assert figure["data"][0]["customdata"][2] == "March 2020"  # hover: the month


def test_a_long_yearly_series_keeps_the_latest_tick():
    years = [(date(2000 + i, 1, 1), float(i)) for i in range(25)]
    figure = indicator_figure(
        _series(headline=years, baseline=None, target=None, interim_targets=[], projection=None),
        compact=True,
    )
    ticks = figure["layout"]["xaxis"]["ticktext"]
    assert len(ticks) <= 4
    assert ticks[-1] == "2024"


def test_timeline_dates_are_written_by_the_labels():
    bars = [TimelineBar("Teams", date(2024, 2, 1), date(2024, 9, 30), False, "on_track", "On")]
    marks = [TimelineMilestone(0, date(2024, 5, 15), "Half", "open")]
    labels = ChartLabels(date_text=lambda d: f"{d.day}. {d.month}. {d.year}",
                         period_text=_icelandic_period)  # fmt: skip
    figure = timeline_figure(bars, marks, today=date(2024, 6, 1), labels=labels)
    assert "1. 2. 2024 – 30. 9. 2024" in figure["data"][0]["text"][0]
    assert figure["data"][1]["text"][0] == "Half<br>15. 5. 2024"
    # Less than two years: a tick each quarter, named as the reader names quarters.
    assert figure["layout"]["xaxis"]["ticktext"] == ["2. ársfj. 2024", "3. ársfj. 2024"]
