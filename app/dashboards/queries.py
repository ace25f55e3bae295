"""Dashboard reads: SQL aggregates and progress roll-ups, a fixed number of queries per page."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import Date, Select, and_, func, literal, or_, select, union_all
from sqlalchemy.orm import aliased, joinedload, selectinload

from app.extensions import db
from app.missions.queries import (
    MissionProgress,
    indicator_input,
    intervention_input,
    latest_update_facts,
    milestone_facts,
)
from app.models import (
    HEADLINE,
    Department,
    Indicator,
    InterimTarget,
    Intervention,
    InterventionPartner,
    Measurement,
    Mission,
    Outcome,
    User,
)
from app.progress.implementation import (
    IMPLEMENTATION_STATUSES,
    InterventionAssessment,
    MilestoneFact,
    assess_intervention,
)
from app.progress.rollup import IndicatorResult, ProgressSummary, assess_indicator, rollup_mission
from app.workspace.queries import DUE_SOON_DAYS, DataDue, UpdateDue, updates_due

Point = tuple[date, float]

# The overdue lists show this many rows at most; the count above them is the full number.
OVERDUE_SHOWN = 50


@dataclass(frozen=True)
class DashboardFilters:
    """What a dashboard is narrowed to; None means any. Lenses always describe the whole."""

    department_id: int | None = None
    outcome_id: int | None = None
    mission_id: int | None = None
    stage: str | None = None
    status: str | None = None

    @property
    def active(self) -> bool:
        """True when any filter is set."""
        return any(
            value is not None
            for value in (
                self.department_id,
                self.outcome_id,
                self.mission_id,
                self.stage,
                self.status,
            )
        )


def _status_ids(
    statuses: dict[int, InterventionAssessment], wanted: str | None
) -> list[int] | None:
    """Ids of the interventions with the wanted computed status (None: no status filter)."""
    if wanted is None:
        return None
    return [item_id for item_id, status in statuses.items() if status.status == wanted]


def _keeps(item: Intervention, status: InterventionAssessment, filters: DashboardFilters) -> bool:
    """Whether an intervention passes the stage, status, outcome and mission filters."""
    return (
        (filters.stage is None or item.stage == filters.stage)
        and (filters.status is None or status.status == filters.status)
        and (filters.outcome_id is None or item.outcome_id == filters.outcome_id)
        and (filters.mission_id is None or item.mission_id == filters.mission_id)
    )


def all_departments() -> list[Department]:
    """Every department by name (filter choices and matrix rows)."""
    return list(db.session.scalars(select(Department).order_by(Department.name, Department.id)))


# ---- the roll-ups, reading only what the dashboards show ----

# Overview charts start this many years before the mission's start, or at the indicator's baseline
# when that is earlier: context without the whole history (the indicator's own page has it all).
OVERVIEW_YEARS_BEFORE = 3


def summary_series(indicators: Iterable[Indicator]) -> dict[int, list[tuple[date, float, str]]]:
    """The headline points the outcome method reads, per indicator, in one query.

    The method compares the base (the first value at or after the baseline period, or the first
    value when there is no baseline period) with the latest value; the configured baseline value
    is added by the engine. So two rows per indicator give the same assessment and freshness as
    the whole series, whatever its length. Points are (period, value, status).

    Each point is found by an index seek (indicator, headline, period) from the baseline
    forwards and from the newest period backwards, then joined back for its value and status.
    """
    ids = [indicator.id for indicator in indicators]
    if not ids:
        return {}
    seek = aliased(Measurement)
    first, last = aliased(Measurement), aliased(Measurement)

    def period_of(*, oldest: bool):  # type: ignore[no-untyped-def]
        stmt = select(seek.period).where(
            seek.indicator_id == Indicator.id, seek.breakdown == HEADLINE
        )
        if oldest:
            # coalesce keeps the condition a plain range, which the index can seek to.
            floor = func.coalesce(Indicator.baseline_period, literal(date.min, Date))
            stmt = stmt.where(seek.period >= floor).order_by(seek.period.asc())
        else:
            stmt = stmt.order_by(seek.period.desc())
        return stmt.limit(1).correlate(Indicator).scalar_subquery()

    def joined(alias, *, oldest: bool):  # type: ignore[no-untyped-def]
        return and_(
            alias.indicator_id == Indicator.id,
            alias.breakdown == HEADLINE,
            alias.period == period_of(oldest=oldest),
        )

    stmt = (
        select(
            Indicator.id,
            first.period,
            first.value,
            first.status,
            last.period,
            last.value,
            last.status,
        )
        .select_from(Indicator)
        .outerjoin(first, joined(first, oldest=True))
        .outerjoin(last, joined(last, oldest=False))
        .where(Indicator.id.in_(ids))
    )
    result: dict[int, list[tuple[date, float, str]]] = {}
    for indicator_id, p0, v0, s0, p1, v1, s1 in db.session.execute(stmt):
        points = []
        if p0 is not None:
            points.append((p0, v0, s0))
        if p1 is not None and p1 != p0:
            points.append((p1, v1, s1))
        result[indicator_id] = points
    return result


def headline_window(
    indicators: Sequence[Indicator], since: date
) -> tuple[dict[int, list[Point]], dict[int, frozenset[date]]]:
    """Headline points from the earlier of since and each indicator's baseline period, in one
    query (the overview charts), and the provisional periods among them."""
    series: dict[int, list[Point]] = defaultdict(list)
    provisional: dict[int, set[date]] = defaultdict(set)
    if not indicators:
        return {}, {}
    # One index range per distinct start date (usually one or two), so each is a seek.
    starts: dict[date, list[int]] = defaultdict(list)
    for indicator in indicators:
        baseline = indicator.baseline_period
        starts[baseline if baseline is not None and baseline < since else since].append(
            indicator.id
        )
    stmt = (
        select(Measurement.indicator_id, Measurement.period, Measurement.value, Measurement.status)
        .where(
            Measurement.breakdown == HEADLINE,
            or_(
                *(
                    and_(Measurement.indicator_id.in_(group), Measurement.period >= start)
                    for start, group in starts.items()
                )
            ),
        )
        .order_by(Measurement.indicator_id, Measurement.period)
    )
    for indicator_id, period, value, status in db.session.execute(stmt):
        series[indicator_id].append((period, value))
        if status == "provisional":
            provisional[indicator_id].add(period)
    return series, {key: frozenset(periods) for key, periods in provisional.items()}


def _partner_ids(intervention_ids: Sequence[int]) -> dict[int, list[tuple[int, str]]]:
    """(department id, role) of each intervention's partners other than its lead."""
    partners: dict[int, list[tuple[int, str]]] = defaultdict(list)
    if intervention_ids:
        stmt = (
            select(
                InterventionPartner.intervention_id,
                InterventionPartner.department_id,
                InterventionPartner.role,
            )
            .join(Intervention, Intervention.id == InterventionPartner.intervention_id)
            .where(
                InterventionPartner.intervention_id.in_(intervention_ids),
                InterventionPartner.department_id != Intervention.lead_department_id,
            )
        )
        for intervention_id, department_id, role in db.session.execute(stmt):
            partners[intervention_id].append((department_id, role))
    return partners


@dataclass(frozen=True)
class LoadedProgress:
    """Roll-ups of several missions and the rows behind them (partners with their roles)."""

    missions: dict[int, MissionProgress]
    partners: dict[int, list[tuple[int, str]]]
    milestones: dict[int, list[MilestoneFact]]


def load_progress(
    missions: Sequence[Mission], *, today: date, chart_since: date | None = None
) -> LoadedProgress:
    """The roll-up of load_missions_progress (drafts included), from the points it reads.

    Only the headline decides the lenses and freshness (breakdowns are reported, never
    combined), and only two of its points decide an assessment (see summary_series). So this
    reads two rows per indicator instead of every measurement: the same lenses, statuses and
    freshness, at a cost that does not grow with the series. Breakdown assessments are left
    out; the indicator dashboard has them. With chart_since, the headline points from then on
    are loaded as well, for the overview charts (MissionProgress.series). Six queries, seven
    with chart_since.
    """
    mission_ids = [mission.id for mission in missions]
    if not mission_ids:
        return LoadedProgress({}, {}, {})
    indicator_author, intervention_author = aliased(User), aliased(User)
    indicator_rows = db.session.execute(
        select(Indicator, indicator_author.name)
        .outerjoin(indicator_author, indicator_author.id == Indicator.override_by_id)
        .where(Indicator.mission_id.in_(mission_ids), Indicator.archived_at.is_(None))
        .order_by(Indicator.outcome_id, Indicator.id)
    ).all()
    intervention_rows = db.session.execute(
        select(Intervention, intervention_author.name)
        .outerjoin(intervention_author, intervention_author.id == Intervention.override_by_id)
        .where(Intervention.mission_id.in_(mission_ids), Intervention.archived_at.is_(None))
        .order_by(Intervention.id)
    ).all()
    indicators = [row[0] for row in indicator_rows]
    points = summary_series(indicators)
    chart_series: dict[int, list[Point]] = {}
    provisional: dict[int, frozenset[date]] = {}
    if chart_since is not None:
        chart_series, provisional = headline_window(indicators, chart_since)
    ids = [row[0].id for row in intervention_rows]
    partners, milestones = _partner_ids(ids), milestone_facts(ids)
    latest = latest_update_facts(ids)

    result: dict[int, MissionProgress] = {}
    for mission in missions:
        own_indicators = [row for row in indicator_rows if row[0].mission_id == mission.id]
        own_items = [row for row in intervention_rows if row[0].mission_id == mission.id]
        rollup = rollup_mission(
            [
                indicator_input(
                    indicator, {None: [(p, v) for p, v, _s in points.get(indicator.id, [])]}, author
                )
                for indicator, author in own_indicators
            ],
            [
                intervention_input(
                    item,
                    partners=[department for department, _role in partners.get(item.id, [])],
                    milestones=milestones.get(item.id, []),
                    latest=latest.get(item.id),
                    override_author=author,
                )
                for item, author in own_items
            ],
            today=today,
            age_min=mission.age_min,
            age_max=mission.age_max,
        )
        own_ids = [row[0].id for row in own_indicators]
        result[mission.id] = MissionProgress(
            mission=mission,
            indicators=[row[0] for row in own_indicators],
            interventions=[row[0] for row in own_items],
            rollup=rollup,
            series={key: {None: chart_series.get(key, [])} for key in own_ids},
            provisional={key: provisional.get(key, frozenset()) for key in own_ids},
        )
    return LoadedProgress(result, partners, milestones)


# ---- the portfolio: every live mission side by side ----


@dataclass(frozen=True)
class MissionRow:
    """A mission with its whole-mission summary and the status mix of its filtered work."""

    mission: Mission
    summary: ProgressSummary
    status_counts: dict[str, int]


@dataclass
class MatrixCell:
    """What one department does in one mission: interventions led and partnered."""

    led: int = 0
    partnered: int = 0
    budget: Decimal | None = None
    statuses: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Portfolio:
    """Everything the portfolio dashboard shows."""

    today: date
    rows: list[MissionRow]
    departments: list[Department]
    matrix_departments: list[Department]
    cells: dict[tuple[int, int], MatrixCell]
    updates_overdue: list[UpdateDue]
    updates_overdue_count: int
    data_overdue: list[DataDue]
    data_overdue_count: int


def live_missions() -> list[Mission]:
    """Missions that are not archived, drafts included, oldest first."""
    return list(
        db.session.scalars(
            select(Mission)
            .where(Mission.archived_at.is_(None))
            .order_by(Mission.start_year, Mission.title, Mission.id)
        )
    )


def _involvement_counts(
    filters: DashboardFilters, status_ids: list[int] | None, group: str
) -> Select:
    """Interventions led and partnered per department and mission or outcome, in one statement.

    group is "mission_id" or "outcome_id": the second key of each row. Rows: kind ("led" or
    "partner"), department id, key, stage, count, budget sum (led only).
    """
    led_key = getattr(Intervention, group)
    led = (
        select(
            literal("led").label("kind"),
            Intervention.lead_department_id.label("department_id"),
            led_key.label("key"),
            Intervention.stage.label("stage"),
            func.count(Intervention.id).label("n"),
            func.sum(Intervention.budget).label("budget"),
        )
        .select_from(Intervention)
        .join(Mission, Mission.id == Intervention.mission_id)
        .where(Intervention.archived_at.is_(None), Mission.archived_at.is_(None))
        .group_by(Intervention.lead_department_id, led_key, Intervention.stage)
    )
    partner = (
        select(
            literal("partner").label("kind"),
            InterventionPartner.department_id.label("department_id"),
            led_key.label("key"),
            Intervention.stage.label("stage"),
            func.count(Intervention.id).label("n"),
            literal(None).label("budget"),
        )
        .select_from(InterventionPartner)
        .join(Intervention, Intervention.id == InterventionPartner.intervention_id)
        .join(Mission, Mission.id == Intervention.mission_id)
        .where(
            Intervention.archived_at.is_(None),
            Mission.archived_at.is_(None),
            InterventionPartner.department_id != Intervention.lead_department_id,
        )
        .group_by(InterventionPartner.department_id, led_key, Intervention.stage)
    )
    if filters.department_id is not None:
        led = led.where(Intervention.lead_department_id == filters.department_id)
        partner = partner.where(InterventionPartner.department_id == filters.department_id)
    for column, value in (
        (Intervention.mission_id, filters.mission_id),
        (Intervention.outcome_id, filters.outcome_id),
        (Intervention.stage, filters.stage),
    ):
        if value is not None:
            led, partner = led.where(column == value), partner.where(column == value)
    if status_ids is not None:
        led = led.where(Intervention.id.in_(status_ids))
        partner = partner.where(Intervention.id.in_(status_ids))
    return union_all(led, partner)  # type: ignore[return-value]


def data_due_rows(
    assessed: Iterable[tuple[Indicator, str, IndicatorResult]],
    codes: dict[int, str],
    today: date,
) -> list[DataDue]:
    """Data due or overdue as workspace.data_due lists it, taken from assessed indicators.

    Overdue first (oldest first), then what falls due within DUE_SOON_DAYS. The roll-up's
    freshness is the one data_due computes (the newer of the newest headline period and the
    baseline), so the measurements need no second scan.
    """
    horizon = date.fromordinal(today.toordinal() + DUE_SOON_DAYS)
    rows = [
        DataDue(
            indicator.id,
            indicator.title,
            mission_title,
            codes.get(indicator.department_id, "–"),
            indicator.frequency,
            result.freshness.latest_period,
            result.freshness.due,
            result.freshness.overdue,
        )
        for indicator, mission_title, result in assessed
    ]
    kept = [row for row in rows if row.overdue or (row.due is not None and row.due <= horizon)]
    return sorted(kept, key=lambda row: (not row.overdue, row.due or date.min, row.title))


def load_portfolio(
    filters: DashboardFilters, today: date, departments: list[Department]
) -> Portfolio:
    """Every live mission's lenses, the department x mission matrix and what is overdue.

    departments: every department (the view loaded them for the filter choices).
    """
    missions = live_missions()
    progress = load_progress(missions, today=today).missions
    statuses = {
        item_id: status
        for mission_progress in progress.values()
        for item_id, status in mission_progress.rollup.interventions.items()
    }
    cells: dict[tuple[int, int], MatrixCell] = defaultdict(MatrixCell)
    statement = _involvement_counts(filters, _status_ids(statuses, filters.status), "mission_id")
    for kind, department_id, mission_id, _stage, n, budget in db.session.execute(statement):
        cell = cells[(department_id, mission_id)]
        if kind == "led":
            cell.led += n
            if budget is not None:
                cell.budget = (cell.budget or Decimal(0)) + Decimal(budget)
        else:
            cell.partnered += n

    rows = []
    for mission in missions:
        counts = dict.fromkeys(IMPLEMENTATION_STATUSES, 0)
        mission_progress = progress[mission.id]
        for item in mission_progress.interventions:
            status = mission_progress.rollup.interventions[item.id]
            if not _keeps(item, status, filters) or (
                filters.department_id is not None
                and item.lead_department_id != filters.department_id
            ):
                continue
            counts[status.status] += 1
            cell_statuses = cells[(item.lead_department_id, mission.id)].statuses
            cell_statuses[status.status] = cell_statuses.get(status.status, 0) + 1
        rows.append(MissionRow(mission, mission_progress.rollup.mission, counts))

    involved = {department_id for department_id, _mission_id in cells}
    matrix_departments = [
        d
        for d in departments
        if d.id in involved and (filters.department_id is None or d.id == filters.department_id)
    ]
    updates = [row for row in updates_due(filters.department_id, today) if row.overdue]
    codes = {department.id: department.code for department in departments}
    data = [
        row
        for row in data_due_rows(
            (
                (indicator, mission_progress.mission.title, progress_result)
                for mission_progress in progress.values()
                for indicator in mission_progress.indicators
                if filters.department_id in (None, indicator.department_id)
                for progress_result in (mission_progress.rollup.indicators[indicator.id],)
            ),
            codes,
            today,
        )
        if row.overdue
    ]
    return Portfolio(
        today=today,
        rows=rows,
        departments=departments,
        matrix_departments=matrix_departments,
        cells=dict(cells),
        updates_overdue=updates[:OVERDUE_SHOWN],
        updates_overdue_count=len(updates),
        data_overdue=data[:OVERDUE_SHOWN],
        data_overdue_count=len(data),
    )


# ---- one mission: the Reykjavík view ----


@dataclass(frozen=True)
class IndicatorCard:
    """One small multiple: an indicator, its assessment and what its chart draws."""

    indicator: Indicator
    result: IndicatorResult
    headline: list[Point]
    provisional: frozenset[date]
    interim_targets: list[Point]

    @property
    def latest(self) -> Point | None:
        return self.headline[-1] if self.headline else None


@dataclass(frozen=True)
class OutcomePanel:
    """An outcome (None: work tied to no outcome) with its summary and indicator cards."""

    outcome: Outcome | None
    summary: ProgressSummary | None
    cards: list[IndicatorCard]


@dataclass(frozen=True)
class InterventionLine:
    """An intervention with its computed status, departments and milestones."""

    intervention: Intervention
    status: InterventionAssessment
    lead: Department
    partners: list[Department]
    milestones: list[MilestoneFact]


@dataclass
class DepartmentMix:
    """One department's interventions in a mission: by stage and by computed status."""

    department: Department
    stages: dict[str, int] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)
    budget: Decimal | None = None

    @property
    def total(self) -> int:
        return sum(self.stages.values())


@dataclass
class Contribution:
    """One department's part in one outcome: interventions led, partnered, indicators owned."""

    led: int = 0
    partnered: int = 0
    indicators: int = 0

    @property
    def total(self) -> int:
        return self.led + self.partnered + self.indicators


@dataclass(frozen=True)
class MissionDashboard:
    """Everything the mission dashboard shows."""

    mission: Mission
    progress: MissionProgress
    today: date
    departments: list[Department]
    panels: list[OutcomePanel]
    lines: list[InterventionLine]
    mixes: list[DepartmentMix]
    contribution_departments: list[Department]
    contribution_outcomes: list[Outcome | None]
    contributions: dict[tuple[int, int | None], Contribution]
    intervention_titles: dict[int, str]
    department_names: dict[int, str]
    overdue_cards: list[IndicatorCard]
    overdue_lines: list[InterventionLine]


def _interim_targets(indicator_ids: Sequence[int]) -> dict[int, list[Point]]:
    targets: dict[int, list[Point]] = defaultdict(list)
    if indicator_ids:
        stmt = (
            select(InterimTarget.indicator_id, InterimTarget.period, InterimTarget.value)
            .where(InterimTarget.indicator_id.in_(indicator_ids))
            .order_by(InterimTarget.indicator_id, InterimTarget.period)
        )
        for indicator_id, period, value in db.session.execute(stmt):
            targets[indicator_id].append((period, value))
    return targets


def _indicator_counts(filters: DashboardFilters, mission_id: int) -> Select:
    """Live indicators per owning department and outcome of one mission."""
    stmt = (
        select(Indicator.department_id, Indicator.outcome_id, func.count(Indicator.id))
        .where(Indicator.mission_id == mission_id, Indicator.archived_at.is_(None))
        .group_by(Indicator.department_id, Indicator.outcome_id)
    )
    if filters.department_id is not None:
        stmt = stmt.where(Indicator.department_id == filters.department_id)
    if filters.outcome_id is not None:
        stmt = stmt.where(Indicator.outcome_id == filters.outcome_id)
    return stmt


def outcome_choices(mission_id: int) -> list[tuple[int, str]]:
    """The outcomes of a mission as (id, title), in their order."""
    stmt = (
        select(Outcome.id, Outcome.title)
        .where(Outcome.mission_id == mission_id)
        .order_by(Outcome.position, Outcome.id)
    )
    return [(outcome_id, title) for outcome_id, title in db.session.execute(stmt)]


def load_mission_dashboard(
    mission_id: int, filters: DashboardFilters, today: date, departments: list[Department]
) -> MissionDashboard | None:
    """A mission's dashboard, or None when there is no such mission.

    departments: every department (the view loaded them for the filter choices).
    """
    mission = db.session.scalar(
        select(Mission)
        .options(joinedload(Mission.owner), selectinload(Mission.outcomes))
        .where(Mission.id == mission_id)
    )
    if mission is None:
        return None
    filters = DashboardFilters(
        department_id=filters.department_id,
        outcome_id=filters.outcome_id,
        mission_id=mission.id,
        stage=filters.stage,
        status=filters.status,
    )
    since = date(mission.start_year - OVERVIEW_YEARS_BEFORE, 1, 1)
    loaded = load_progress([mission], today=today, chart_since=since)
    progress = loaded.missions[mission.id]
    partners, milestones = loaded.partners, loaded.milestones
    rollup = progress.rollup
    by_id = {department.id: department for department in departments}
    interim = _interim_targets([indicator.id for indicator in progress.indicators])

    def card(indicator: Indicator) -> IndicatorCard:
        series = progress.series.get(indicator.id, {})
        return IndicatorCard(
            indicator=indicator,
            result=rollup.indicators[indicator.id],
            headline=list(series.get(None, [])),
            provisional=progress.provisional.get(indicator.id, frozenset()),
            interim_targets=interim.get(indicator.id, []),
        )

    cards = [
        card(indicator)
        for indicator in progress.indicators
        if (filters.department_id is None or indicator.department_id == filters.department_id)
        and (filters.outcome_id is None or indicator.outcome_id == filters.outcome_id)
    ]
    outcomes: list[Outcome | None] = list(mission.outcomes)
    if any(item.outcome_id is None for item in progress.interventions) or any(
        indicator.outcome_id is None for indicator in progress.indicators
    ):
        outcomes.append(None)
    shown_outcomes = [
        outcome
        for outcome in outcomes
        if filters.outcome_id is None or (outcome is not None and outcome.id == filters.outcome_id)
    ]
    panels = [
        OutcomePanel(
            outcome=outcome,
            summary=rollup.outcomes.get(None if outcome is None else outcome.id),
            cards=[c for c in cards if c.indicator.outcome_id == (outcome and outcome.id)],
        )
        for outcome in shown_outcomes
    ]

    lines = []
    for item in progress.interventions:
        status = rollup.interventions[item.id]
        partner_ids = [department_id for department_id, _role in partners.get(item.id, [])]
        if not _keeps(item, status, filters):
            continue
        if filters.department_id is not None and filters.department_id not in (
            item.lead_department_id,
            *partner_ids,
        ):
            continue
        lines.append(
            InterventionLine(
                intervention=item,
                status=status,
                lead=by_id[item.lead_department_id],
                partners=[by_id[d] for d in partner_ids if d in by_id],
                milestones=milestones.get(item.id, []),
            )
        )

    # Stored facts are counted by SQL; the computed status of each is added from the roll-up.
    mixes: dict[int, DepartmentMix] = {}
    contributions: dict[tuple[int, int | None], Contribution] = defaultdict(Contribution)
    status_ids = _status_ids(dict(rollup.interventions), filters.status)
    for kind, department_id, outcome_id, stage, n, budget in db.session.execute(
        _involvement_counts(filters, status_ids, "outcome_id")
    ):
        cell = contributions[(department_id, outcome_id)]
        if kind == "led":
            cell.led += n
            mix = mixes.setdefault(department_id, DepartmentMix(by_id[department_id]))
            mix.stages[stage] = mix.stages.get(stage, 0) + n
            if budget is not None:
                mix.budget = (mix.budget or Decimal(0)) + Decimal(budget)
        else:
            cell.partnered += n
    for department_id, outcome_id, n in db.session.execute(_indicator_counts(filters, mission.id)):
        contributions[(department_id, outcome_id)].indicators += n
    for line in lines:
        mix = mixes.get(line.lead.id)
        if mix is not None:
            mix.statuses[line.status.status] = mix.statuses.get(line.status.status, 0) + 1

    contributing = {department_id for department_id, _outcome in contributions}
    overdue_ids = set(rollup.mission.freshness.overdue_indicator_ids)
    return MissionDashboard(
        mission=mission,
        progress=progress,
        today=today,
        departments=departments,
        panels=panels,
        lines=lines,
        mixes=sorted(mixes.values(), key=lambda m: (-m.total, m.department.name)),
        contribution_departments=[d for d in departments if d.id in contributing],
        contribution_outcomes=shown_outcomes,
        contributions=dict(contributions),
        intervention_titles={item.id: item.title for item in progress.interventions},
        department_names={d.id: d.name for d in departments},
        overdue_cards=[c for c in cards if c.indicator.id in overdue_ids],
        overdue_lines=[line for line in lines if line.status.update_overdue],
    )


# ---- one department across missions ----


@dataclass(frozen=True)
class DepartmentLine:
    """An intervention the department leads or partners on, with its status."""

    intervention: Intervention
    mission_title: str
    lead_code: str
    role: str | None  # the partner role; None when the department leads
    status: InterventionAssessment


@dataclass(frozen=True)
class OwnedIndicator:
    """An indicator the department owns, with its latest value and assessment."""

    indicator: Indicator
    mission_title: str
    result: IndicatorResult
    latest: Point | None


@dataclass
class MissionShare:
    """The department's part in one mission (SQL counts) and the status mix of what it leads."""

    mission_id: int
    mission_title: str
    led: int = 0
    partnered: int = 0
    indicators: int = 0
    budget: Decimal | None = None
    statuses: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class DepartmentDashboard:
    """Everything the department dashboard shows."""

    department: Department
    today: date
    missions: list[Mission]
    led: list[DepartmentLine]
    partnered: list[DepartmentLine]
    indicators: list[OwnedIndicator]
    shares: list[MissionShare]
    updates: list[UpdateDue]
    data: list[DataDue]


def load_department_dashboard(
    department_id: int, filters: DashboardFilters, today: date, missions: list[Mission]
) -> DepartmentDashboard | None:
    """A department's work across missions and what it owes, or None when there is none.

    missions: the live missions (the view loaded them for the filter choices).
    """
    department = db.session.get(Department, department_id)
    if department is None:
        return None
    lead = aliased(Department)
    author = aliased(User)
    partner = aliased(InterventionPartner)
    item_stmt = (
        select(Intervention, Mission.title, lead.code, partner.role, author.name)
        .join(Mission, Mission.id == Intervention.mission_id)
        .join(lead, lead.id == Intervention.lead_department_id)
        .outerjoin(
            partner,
            and_(
                partner.intervention_id == Intervention.id,
                partner.department_id == department_id,
                Intervention.lead_department_id != department_id,
            ),
        )
        .outerjoin(author, author.id == Intervention.override_by_id)
        .where(
            Intervention.archived_at.is_(None),
            Mission.archived_at.is_(None),
            or_(
                Intervention.lead_department_id == department_id,
                partner.department_id.is_not(None),
            ),
        )
        .order_by(Mission.start_year, Mission.title, Intervention.title, Intervention.id)
    )
    rows = db.session.execute(item_stmt).all()
    ids = [row[0].id for row in rows]
    milestones, latest = milestone_facts(ids), latest_update_facts(ids)
    led, partnered = [], []
    shares: dict[int, MissionShare] = {}
    for item, mission_title, lead_code, role, author_name in rows:
        facts = intervention_input(
            item,
            partners=[],
            milestones=milestones.get(item.id, []),
            latest=latest.get(item.id),
            override_author=author_name,
        ).facts
        status = assess_intervention(facts, today)
        if not _keeps(item, status, filters):
            continue
        leads = item.lead_department_id == department_id
        line = DepartmentLine(item, mission_title, lead_code, None if leads else role or "", status)
        (led if leads else partnered).append(line)
        if leads:
            share = shares.setdefault(item.mission_id, MissionShare(item.mission_id, mission_title))
            share.statuses[status.status] = share.statuses.get(status.status, 0) + 1

    indicator_author = aliased(User)
    indicator_stmt = (
        select(Indicator, Mission.title, indicator_author.name)
        .join(Mission, Mission.id == Indicator.mission_id)
        .outerjoin(indicator_author, indicator_author.id == Indicator.override_by_id)
        .where(
            Indicator.department_id == department_id,
            Indicator.archived_at.is_(None),
            Mission.archived_at.is_(None),
        )
        .order_by(Mission.start_year, Mission.title, Indicator.title, Indicator.id)
    )
    indicator_rows = db.session.execute(indicator_stmt).all()
    points = summary_series(row[0] for row in indicator_rows)
    owned = []
    for indicator, mission_title, author_name in indicator_rows:
        series = [(period, value) for period, value, _status in points.get(indicator.id, [])]
        result = assess_indicator(indicator_input(indicator, {None: series}, author_name), today)
        latest_point = series[-1] if series else None
        owned.append(OwnedIndicator(indicator, mission_title, result, latest_point))

    status_ids = None
    if filters.status is not None:
        status_ids = [line.intervention.id for line in (*led, *partnered)]
    for kind, mission_id, n, budget in db.session.execute(
        _department_counts(department_id, filters, status_ids)
    ):
        share = shares.setdefault(mission_id, MissionShare(mission_id, ""))
        if kind == "led":
            share.led += n
            share.budget = None if budget is None else Decimal(budget)
        elif kind == "partner":
            share.partnered += n
        else:
            share.indicators += n
    titles = {mission.id: mission.title for mission in missions}
    # What is owed is owed whatever the filters; the list of indicators follows the mission filter.
    owed_data = data_due_rows(
        ((row.indicator, row.mission_title, row.result) for row in owned),
        {department.id: department.code},
        today,
    )
    if filters.mission_id is not None:
        owned = [row for row in owned if row.indicator.mission_id == filters.mission_id]
    for share in shares.values():
        share.mission_title = titles.get(share.mission_id, share.mission_title)
    ordered = [shares[m.id] for m in missions if m.id in shares]
    return DepartmentDashboard(
        department=department,
        today=today,
        missions=missions,
        led=led,
        partnered=partnered,
        indicators=owned,
        shares=ordered,
        updates=updates_due(department_id, today),
        data=owed_data,
    )


def _department_counts(
    department_id: int, filters: DashboardFilters, status_ids: list[int] | None
) -> Select:
    """Per live mission: interventions the department leads (with budget) and partners on, and
    indicators it owns. Rows: kind, mission id, count, budget sum."""
    live = and_(Intervention.archived_at.is_(None), Mission.archived_at.is_(None))
    led = (
        select(
            literal("led"),
            Intervention.mission_id,
            func.count(Intervention.id),
            func.sum(Intervention.budget),
        )
        .join(Mission, Mission.id == Intervention.mission_id)
        .where(live, Intervention.lead_department_id == department_id)
        .group_by(Intervention.mission_id)
    )
    partner = (
        select(
            literal("partner"), Intervention.mission_id, func.count(Intervention.id), literal(None)
        )
        .select_from(InterventionPartner)
        .join(Intervention, Intervention.id == InterventionPartner.intervention_id)
        .join(Mission, Mission.id == Intervention.mission_id)
        .where(
            live,
            InterventionPartner.department_id == department_id,
            Intervention.lead_department_id != department_id,
        )
        .group_by(Intervention.mission_id)
    )
    owned = (
        select(literal("indicator"), Indicator.mission_id, func.count(Indicator.id), literal(None))
        .join(Mission, Mission.id == Indicator.mission_id)
        .where(
            Indicator.archived_at.is_(None),
            Mission.archived_at.is_(None),
            Indicator.department_id == department_id,
        )
        .group_by(Indicator.mission_id)
    )
    if filters.mission_id is not None:
        led = led.where(Intervention.mission_id == filters.mission_id)
        partner = partner.where(Intervention.mission_id == filters.mission_id)
        owned = owned.where(Indicator.mission_id == filters.mission_id)
    if filters.stage is not None:
        led = led.where(Intervention.stage == filters.stage)
        partner = partner.where(Intervention.stage == filters.stage)
    if status_ids is not None:
        led = led.where(Intervention.id.in_(status_ids))
        partner = partner.where(Intervention.id.in_(status_ids))
    return union_all(led, partner, owned)  # type: ignore[return-value]


# ---- one indicator: the full series ----


@dataclass(frozen=True)
class IndicatorDashboard:
    """An indicator with its whole series (every breakdown) and the assessment."""

    indicator: Indicator
    result: IndicatorResult
    headline: list[Point]
    provisional: frozenset[date]
    breakdowns: dict[str, list[Point]]
    interim_targets: list[Point]
    # (breakdown key, period) of values the public pages withhold (small numbers).
    withheld_in_public: frozenset[tuple[str, date]]
    today: date

    @property
    def periods(self) -> list[date]:
        """Every period with a value in any series, newest first."""
        found = {period for period, _value in self.headline}
        for points in self.breakdowns.values():
            found.update(period for period, _value in points)
        return sorted(found, reverse=True)

    def table(self) -> list[tuple[date, float | None, list[tuple[float | None, bool]]]]:
        """Rows of the table view: period, headline value, then each breakdown's value (in key
        order) with whether the public pages withhold it."""
        headline = dict(self.headline)
        keys = sorted(self.breakdowns)
        columns = {key: dict(self.breakdowns[key]) for key in keys}
        return [
            (
                period,
                headline.get(period),
                [
                    (columns[key].get(period), (key, period) in self.withheld_in_public)
                    for key in keys
                ],
            )
            for period in self.periods
        ]


def load_indicator_dashboard(
    indicator_id: int, today: date, threshold: int
) -> IndicatorDashboard | None:
    """An indicator with its mission, outcome, owner, targets and every value, or None."""
    from app.privacy import suppress_breakdowns

    author = aliased(User)
    row = db.session.execute(
        select(Indicator, author.name)
        .options(
            joinedload(Indicator.mission),
            joinedload(Indicator.outcome),
            joinedload(Indicator.department),
            selectinload(Indicator.interim_targets),
        )
        .outerjoin(author, author.id == Indicator.override_by_id)
        .where(Indicator.id == indicator_id)
    ).first()
    if row is None:
        return None
    indicator, author_name = row
    series: dict[str | None, list[Point]] = {}
    provisional = set()
    stmt = (
        select(Measurement.breakdown, Measurement.period, Measurement.value, Measurement.status)
        .where(Measurement.indicator_id == indicator_id)
        .order_by(Measurement.breakdown, Measurement.period)
    )
    for breakdown, period, value, status in db.session.execute(stmt):
        key = None if breakdown == HEADLINE else breakdown
        series.setdefault(key, []).append((period, value))
        if key is None and status == "provisional":
            provisional.add(period)
    result = assess_indicator(indicator_input(indicator, series, author_name), today)
    breakdowns = {key: points for key, points in series.items() if key is not None}
    withheld: frozenset[tuple[str, date]] = frozenset()
    if indicator.sensitive:
        public, _any_withheld = suppress_breakdowns(breakdowns, True, threshold)
        withheld = frozenset(
            (key, point.period)
            for key, points in public.items()
            for point in points
            if point.withheld
        )
    return IndicatorDashboard(
        indicator=indicator,
        result=result,
        headline=series.get(None, []),
        provisional=frozenset(provisional),
        breakdowns=breakdowns,
        interim_targets=[(t.period, t.value) for t in indicator.interim_targets],
        withheld_in_public=withheld,
        today=today,
    )
