"""Glue between dashboard reads and the pure chart builders: translated words, figure specs."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext as _

from app.dashboards.queries.department import MissionShare
from app.dashboards.queries.indicator import IndicatorDashboard
from app.dashboards.queries.mission import (
    DepartmentMix,
    IndicatorCard,
    InterventionLine,
    MissionDashboard,
    OutcomeStageMix,
)
from app.dashboards.queries.portfolio import MissionRow, Portfolio
from app.models.enums import ImplementationStatus, Stage
from app.progress.implementation import milestone_done, milestone_overdue
from app.reporting.charts import (
    Matrix,
    Stack,
    StackedBars,
    TimelineBar,
    TimelineMilestone,
    matrix_figure,
    stacked_bar_figure,
    timeline_figure,
)
from app.reporting.figures import chart_labels, indicator_chart
from app.templating import number_formatter, status_name
from app.translating import translated

STATUSES = [status.value for status in ImplementationStatus]
STAGES = [stage.value for stage in Stage]


def mix_text(counts: dict[str, int]) -> str:
    """'3 On track, 1 Late': a status mix in words (for hover text and tables)."""
    return ", ".join(f"{n} {status_name(key)}" for key, n in counts.items() if n)


def _status_stacks(rows: list[dict[str, int]]) -> list[Stack]:
    return [Stack(key, status_name(key), [row.get(key, 0) for row in rows]) for key in STATUSES]


def portfolio_status_figure(rows: list[MissionRow]) -> dict[str, Any]:
    """Implementation statuses of each mission's (filtered) interventions, stacked."""
    return stacked_bar_figure(
        StackedBars(
            categories=[translated(row.mission, "title") for row in rows],
            stacks=_status_stacks([row.status_counts for row in rows]),
            value_title=_("Interventions"),
        )
    )


def portfolio_matrix_figure(portfolio: Portfolio) -> dict[str, Any]:
    """Departments x missions: interventions led or partnered in each cell."""
    missions = [row.mission for row in portfolio.rows]
    values, details = [], []
    for department in portfolio.matrix_departments:
        row_values, row_details = [], []
        for mission in missions:
            cell = portfolio.cells.get((department.id, mission.id))
            if cell is None:
                row_values.append(0)
                row_details.append("")
                continue
            row_values.append(cell.led + cell.partnered)
            words = [_("Leads %(led)d, partner in %(partnered)d", led=cell.led,
                       partnered=cell.partnered)]  # fmt: skip
            if cell.statuses:
                words.append(mix_text(cell.statuses))
            row_details.append(" · ".join(words))
        values.append(row_values)
        details.append(row_details)
    return matrix_figure(
        Matrix(
            rows=[translated(department, "name") for department in portfolio.matrix_departments],
            columns=[translated(mission, "title") for mission in missions],
            values=values,
            details=details,
            value_title=_("Interventions"),
        )
    )


def card_figure(card: IndicatorCard) -> dict[str, Any]:
    """A small multiple of one indicator."""
    return indicator_chart(
        card.indicator,
        card.result,
        card.headline,
        card.provisional,
        card.interim_targets,
        compact=True,
    )


def indicator_page_figure(page: IndicatorDashboard) -> dict[str, Any]:
    """The full chart of one indicator, breakdowns in the legend to toggle."""
    return indicator_chart(
        page.indicator,
        page.result,
        page.headline,
        page.provisional,
        page.interim_targets,
        page.breakdowns,
    )


def department_status_figure(mixes: list[DepartmentMix]) -> dict[str, Any]:
    """Interventions each department leads, by computed status."""
    return stacked_bar_figure(
        StackedBars(
            categories=[translated(mix.department, "name") for mix in mixes],
            stacks=_status_stacks([mix.statuses for mix in mixes]),
            value_title=_("Interventions led"),
        )
    )


def department_stage_figure(mixes: list[DepartmentMix]) -> dict[str, Any]:
    """Interventions each department leads, by innovation stage."""
    return stacked_bar_figure(
        StackedBars(
            categories=[translated(mix.department, "name") for mix in mixes],
            stacks=[
                Stack(stage, status_name(stage), [mix.stages.get(stage, 0) for mix in mixes])
                for stage in STAGES
            ],
            value_title=_("Interventions led"),
        )
    )


def outcome_stage_figure(mixes: list[OutcomeStageMix]) -> dict[str, Any]:
    """The portfolio's stage mix: each outcome's interventions, by innovation stage."""
    return stacked_bar_figure(
        StackedBars(
            categories=[outcome_title(mix.outcome) for mix in mixes],
            stacks=[
                Stack(stage, status_name(stage), [mix.stages.get(stage, 0) for mix in mixes])
                for stage in STAGES
            ],
            value_title=_("Interventions"),
        )
    )


def timeline(lines: list[InterventionLine], today: date, horizon_end: date) -> dict[str, Any]:
    """Interventions with a start date, from start to end (or the horizon), with milestones."""
    bars: list[TimelineBar] = []
    marks: list[TimelineMilestone] = []
    for line in timeline_lines(lines):
        item = line.intervention
        assert item.start_date is not None
        end = item.end_date or max(horizon_end, item.start_date)
        row = len(bars)
        bars.append(
            TimelineBar(
                label=translated(item, "title"),
                start=item.start_date,
                end=end,
                open_ended=item.end_date is None,
                status=line.status.status,
                status_name=status_name(line.status.status),
                note=f"{line.lead.code} · {status_name(item.stage)}",
            )
        )
        for milestone in line.milestones:
            state = (
                "done"
                if milestone_done(milestone, today)
                else "overdue"
                if milestone_overdue(milestone, today)
                else "open"
            )
            marks.append(
                TimelineMilestone(row, milestone.due_date, translated(milestone, "title"), state)
            )
    return timeline_figure(bars, marks, today, chart_labels())


def timeline_lines(lines: list[InterventionLine]) -> list[InterventionLine]:
    """The interventions the timeline can draw (those with a start date), by start."""
    dated = [line for line in lines if line.intervention.start_date is not None]
    return sorted(dated, key=lambda line: (line.intervention.start_date, line.intervention.id))


def contribution_figure(page: MissionDashboard) -> dict[str, Any]:
    """Departments x outcomes: interventions led, partnered and indicators owned."""
    values, details = [], []
    for department in page.contribution_departments:
        row_values, row_details = [], []
        for outcome in page.contribution_outcomes:
            cell = page.contributions.get((department.id, outcome.id if outcome else None))
            row_values.append(cell.total if cell else 0)
            row_details.append(
                _(
                    "Leads %(led)d, partner in %(partnered)d, owns %(owned)d indicators",
                    led=cell.led,
                    partnered=cell.partnered,
                    owned=cell.indicators,
                )
                if cell
                else ""
            )
        values.append(row_values)
        details.append(row_details)
    return matrix_figure(
        Matrix(
            rows=[translated(department, "name") for department in page.contribution_departments],
            columns=[outcome_title(outcome) for outcome in page.contribution_outcomes],
            values=values,
            details=details,
            value_title=_("Contributions"),
        )
    )


def outcome_title(outcome: Any) -> str:
    """An outcome's title in the current language; work without an outcome is named so."""
    return translated(outcome, "title") if outcome is not None else _("Not tied to an outcome")


def share_figure(shares: list[MissionShare]) -> dict[str, Any]:
    """Per mission: the interventions a department leads, by computed status."""
    return stacked_bar_figure(
        StackedBars(
            categories=[share.mission_title for share in shares],
            stacks=_status_stacks([share.statuses for share in shares]),
            value_title=_("Interventions led"),
        )
    )


def value_table(
    page: IndicatorDashboard,
) -> list[tuple[date, str, bool, list[tuple[str, bool]]]]:
    """The indicator's table view, formatted: period, headline, whether the headline is
    provisional, then each breakdown (key order) with whether the public pages withhold it."""
    fmt = number_formatter(page.indicator.decimals)
    return [
        (
            period,
            fmt(headline) if headline is not None else "–",
            period in page.provisional,
            [(fmt(value) if value is not None else "–", withheld) for value, withheld in cells],
        )
        for period, headline, cells in page.table()
    ]
