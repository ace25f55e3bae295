"""The one way every page, the API and the commands read progress from the database.

`load_progress` feeds `app.progress` for any number of missions in a constant number of queries.
`points` says how much of each indicator's data a page needs:

* ``"summary"``: the two headline values the outcome method reads (the base: the first value at or
  after the baseline period, or the first value; and the latest). The lenses, statuses and
  freshness are the same as from the whole series, at a cost that does not grow with it.
  Breakdowns are reported, never combined, so they are not read. For lists and dashboards.
* ``"headline"``: the summary, plus every headline value (from ``since`` when given) for charts.
* ``"full"``: every value of every series, breakdowns included, assessed in full.

`load_indicator_progress` reads one indicator and its whole series, whatever the size of its
mission.

The headline is the series of total rows (the empty breakdown key), or, when the data has none,
the breakdown the indicator's owner chose (``Indicator.headline_breakdown``, e.g. 'sex=Both
sexes'): ``headline_key`` is the one home of that choice and every read here goes through it.
Each indicator also gets the newest period of any of its series, so freshness counts every
series, and an indicator with values but no headline says what to choose ("no_headline")
instead of "no values". Both take ``published_only``: the public definition of visibility
(app.reporting.visibility), or the staff one (live, drafts included).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from itertools import groupby
from operator import itemgetter
from typing import Any, Literal, NamedTuple

from sqlalchemy import (
    ColumnElement,
    Date,
    ScalarSelect,
    Select,
    String,
    Subquery,
    and_,
    bindparam,
    func,
    literal,
    or_,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.orm import aliased, joinedload

from app.extensions import db
from app.models import (
    HEADLINE,
    Indicator,
    InterimTarget,
    Intervention,
    Measurement,
    Milestone,
    Mission,
    PendingValue,
    ProgressUpdate,
    UncollectedPeriod,
    User,
)
from app.models.enums import MeasurementStatus
from app.progress.freshness import lookback_start, owed_periods
from app.progress.implementation import (
    NO_TRANSLATIONS,
    InterventionAssessment,
    InterventionFacts,
    MilestoneFact,
    Override,
    UpdateFact,
    assess_intervention,
)
from app.progress.rollup import (
    IndicatorInput,
    IndicatorResult,
    InterventionInput,
    MissionRollup,
    assess_indicator,
    rollup_mission,
)
from app.reporting.relations import Partner, load_partners
from app.reporting.visibility import (
    indicator_condition,
    intervention_condition,
    update_condition,
)

Point = tuple[date, float]
# breakdown key (None for the headline) -> points in period order
SeriesSet = dict[str | None, list[Point]]
Points = Literal["summary", "headline", "full"]
# A value's status as stored text: series have thousands of rows, and turning each status into the
# enum member costs more than the rest of the row (only "provisional" is looked for).
STATUS_TEXT = type_coerce(Measurement.status, String()).label("status")


@dataclass(frozen=True)
class MissionProgress:
    """A mission, the rows behind its roll-up, the series it read, and the roll-up."""

    mission: Mission
    indicators: Sequence[Indicator]
    interventions: Sequence[Intervention]
    rollup: MissionRollup
    # indicator id -> series read for charts ({} with points="summary")
    series: Mapping[int, SeriesSet] = field(default_factory=dict)
    # indicator id -> periods whose headline value is provisional (among the series read)
    provisional: Mapping[int, frozenset[date]] = field(default_factory=dict)
    # intervention id -> partner departments other than the lead, with their roles
    partners: Mapping[int, list[Partner]] = field(default_factory=dict)
    # intervention id -> milestones as the progress engine reads them
    milestones: Mapping[int, list[MilestoneFact]] = field(default_factory=dict)

    # indicator id -> newest headline value, whatever was read
    latest: Mapping[int, Point] = field(default_factory=dict)

    def headline(self, indicator_id: int) -> list[Point]:
        """The headline points read for an indicator (empty with points="summary")."""
        return list(self.series.get(indicator_id, {}).get(None, []))


# ---- the progress engine's view of the rows ----


def _override(status: str | None, reason: str, author: str | None) -> Override | None:
    if status is None:
        return None
    return Override(status=status, reason=reason, author=author or "unknown")


def listed_on(item: Indicator | Intervention) -> date | None:
    """When an item was listed: its publication (what residents saw), or its creation while it
    has never been published. Nothing is overdue before its first cycle from this day has passed
    (app.progress.freshness). A publication dated before the row was created (an import or the
    demo city, written with its history) counts as it is dated."""
    moment = item.published_at or item.created_at
    return None if moment is None else moment.date()


def indicator_input(
    indicator: Indicator,
    series: SeriesSet,
    override_author: str | None = None,
    *,
    latest_period: date | None = None,
    owed: Sequence[date] = (),
) -> IndicatorInput:
    """The progress engine's view of one indicator; latest_period: the newest period of any of
    its series (freshness, and "choose a headline" rather than "no values"); owed: its ended
    periods still missing (load_owed_periods)."""
    return IndicatorInput(
        id=indicator.id,
        outcome_id=indicator.outcome_id,
        level=indicator.level,
        direction=indicator.direction,
        baseline_period=indicator.baseline_period,
        baseline_value=indicator.baseline_value,
        target_value=indicator.target_value,
        target_period=indicator.target_period,
        limit=indicator.limit_value,
        frequency=indicator.frequency,
        series=series,
        override=_override(indicator.status_override, indicator.override_reason, override_author),
        latest_period=latest_period,
        owed=tuple(owed),
        listed_on=listed_on(indicator),
    )


def intervention_input(
    intervention: Intervention,
    *,
    partners: Sequence[Partner] = (),
    milestones: Sequence[MilestoneFact] = (),
    latest: UpdateFact | None = None,
    override_author: str | None = None,
) -> InterventionInput:
    """The progress engine's view of one intervention."""
    facts = InterventionFacts(
        id=intervention.id,
        stage=intervention.stage,
        start_date=intervention.start_date,
        end_date=intervention.end_date,
        update_cycle_days=intervention.update_cycle_days,
        latest_update=latest,
        milestones=tuple(milestones),
        override=_override(
            intervention.status_override, intervention.override_reason, override_author
        ),
        listed_on=listed_on(intervention),
    )
    return InterventionInput(
        facts=facts,
        outcome_id=intervention.outcome_id,
        lead_department_id=intervention.lead_department_id,
        partner_department_ids=[p.department_id for p in partners],
        age_min=intervention.age_min,
        age_max=intervention.age_max,
        weight=intervention.weight,
    )


# ---- reads feeding the engine, one query each ----


def load_milestone_facts(intervention_ids: Sequence[int]) -> dict[int, list[MilestoneFact]]:
    """The milestones of each intervention as the progress engine reads them, in one query."""
    milestones: dict[int, list[MilestoneFact]] = defaultdict(list)
    if intervention_ids:
        stmt = (
            select(
                Milestone.intervention_id,
                Milestone.due_date,
                Milestone.completed_on,
                Milestone.title,
                Milestone.translations,
            )
            .where(Milestone.intervention_id.in_(intervention_ids))
            .order_by(Milestone.due_date, Milestone.id)
        )
        for intervention_id, due, completed, title, translations in db.session.execute(stmt):
            milestones[intervention_id].append(
                MilestoneFact(due, completed, title, translations or NO_TRANSLATIONS)
            )
    return milestones


def newest_update_ids(
    intervention_ids: Sequence[int], *, published_only: bool, before: date | None = None
) -> Subquery:
    """A subquery of the id of each intervention's newest update (by report date, then id), only
    among those the public may see with published_only, and strictly before a day if given: the
    one definition of "latest update" that statuses and status reports share.

    The latest update is the newest *published* one, on staff pages as on public ones: a draft
    waiting for review does not change a status until the mission office publishes it (staff
    pages list drafts, marked "draft")."""
    conditions = [
        ProgressUpdate.intervention_id.in_(intervention_ids),
        ProgressUpdate.is_published.is_(True),
        update_condition(published_only=published_only),
    ]
    if before is not None:
        conditions.append(ProgressUpdate.reported_on < before)
    ranked = (
        select(
            ProgressUpdate.id,
            func.row_number()
            .over(
                partition_by=ProgressUpdate.intervention_id,
                order_by=(ProgressUpdate.reported_on.desc(), ProgressUpdate.id.desc()),
            )
            .label("rank"),
        )
        .where(*conditions)
        .subquery()
    )
    return select(ranked.c.id).where(ranked.c.rank == 1).subquery()


def load_latest_updates(
    intervention_ids: Sequence[int], *, published_only: bool
) -> dict[int, UpdateFact]:
    """The newest update of each intervention, as the progress engine reads it, in one query.

    With published_only, only updates the public may see count."""
    if not intervention_ids:
        return {}
    newest = newest_update_ids(intervention_ids, published_only=published_only)
    stmt = select(
        ProgressUpdate.intervention_id, ProgressUpdate.reported_on, ProgressUpdate.status
    ).join(newest, newest.c.id == ProgressUpdate.id)
    return {row[0]: UpdateFact(row[1], row[2]) for row in db.session.execute(stmt)}


def load_owed_periods(
    indicators: Sequence[Indicator], today: date, *, published_only: bool
) -> dict[int, list[date]]:
    """Each indicator's ended periods still missing (app.progress.freshness.owed_periods), in
    one query: its headline periods within the look-back, its first headline period, and the
    periods marked "not collected" (and, for staff, values waiting for review).

    The first period with data is the earlier of the first headline value and the baseline."""
    if not indicators:
        return {}
    ids = [indicator.id for indicator in indicators]
    start = min(lookback_start(indicator.frequency, today) for indicator in indicators)
    headline = and_(
        Measurement.indicator_id == Indicator.id,
        Measurement.breakdown == Indicator.headline_breakdown,
        Measurement.indicator_id.in_(ids),
    )
    parts: list[Select[Any]] = [
        select(Measurement.indicator_id, Measurement.period, literal("value").label("kind"))
        .join(Indicator, headline)
        .where(Measurement.period >= start),
        select(
            Measurement.indicator_id, func.min(Measurement.period), literal("first").label("kind")
        )
        .join(Indicator, headline)
        .group_by(Measurement.indicator_id),
        select(
            UncollectedPeriod.indicator_id, UncollectedPeriod.period, literal("value").label("kind")
        ).where(UncollectedPeriod.indicator_id.in_(ids), UncollectedPeriod.period >= start),
    ]
    if not published_only:
        parts.append(
            select(PendingValue.indicator_id, PendingValue.period, literal("value").label("kind"))
            .where(PendingValue.indicator_id.in_(ids), PendingValue.period >= start)
        )  # fmt: skip
    covered: dict[int, set[date]] = defaultdict(set)
    first: dict[int, date] = {}
    for indicator_id, period, kind in db.session.execute(union_all(*parts)):
        if kind == "first":
            first[indicator_id] = period
        else:
            covered[indicator_id].add(period)
    result: dict[int, list[date]] = {}
    for indicator in indicators:
        anchors = [first.get(indicator.id)]
        if indicator.baseline_value is not None:
            anchors.append(indicator.baseline_period)
        anchor = min((day for day in anchors if day is not None), default=None)
        result[indicator.id] = owed_periods(
            indicator.frequency, covered[indicator.id], anchor, today
        )
    return result


def headline_key(indicator: Indicator) -> str:
    """The breakdown whose series is the indicator's headline: the one its owner chose when the
    data has no total rows ('sex=Both sexes'), else the headline rows themselves ('').

    The one home of the headline choice: every read below goes through it."""
    return indicator.headline_breakdown or HEADLINE


def _group_series(
    rows: Iterable[Sequence[Any]], headline: str = HEADLINE
) -> tuple[SeriesSet, set[date]]:
    """(breakdown, period, value, status) rows in breakdown and period order -> the series by
    breakdown key (None: the headline, the chosen breakdown when there is one) and the
    headline's provisional periods. With a chosen headline, total rows (if any) are left out."""
    series: SeriesSet = {}
    provisional: set[date] = set()
    for breakdown, period, value, status in rows:
        if breakdown == headline:
            key = None
        elif breakdown == HEADLINE:
            continue
        else:
            key = breakdown
        series.setdefault(key, []).append((period, value))
        if key is None and status == MeasurementStatus.PROVISIONAL:
            provisional.add(period)
    return series, provisional


def _full_series(
    indicators: Sequence[Indicator],
) -> tuple[dict[int, SeriesSet], dict[int, set[date]]]:
    """Every value of the indicators, by indicator and breakdown, and provisional headlines."""
    if not indicators:
        return {}, {}
    headlines = {indicator.id: headline_key(indicator) for indicator in indicators}
    indicator_ids = list(headlines)
    stmt = (
        select(
            Measurement.indicator_id,
            Measurement.breakdown,
            Measurement.period,
            Measurement.value,
            STATUS_TEXT,
        )
        .where(Measurement.indicator_id.in_(indicator_ids))
        .order_by(Measurement.indicator_id, Measurement.breakdown, Measurement.period)
    )
    series: dict[int, SeriesSet] = {}
    provisional: dict[int, set[date]] = {}
    for indicator_id, rows in groupby(db.session.execute(stmt), key=itemgetter(0)):
        series[indicator_id], provisional[indicator_id] = _group_series(
            (row[1:] for row in rows), headlines[indicator_id]
        )
    return series, provisional


def summary_points(indicator_ids: Sequence[int]) -> dict[int, list[Point]]:
    """The two headline points the outcome method reads, per indicator, in one query."""
    return summary_and_latest(indicator_ids)[0]


def latest_period_of(indicator_id: Any) -> ScalarSelect[date]:
    """The newest period of any series of an indicator: one seek on (indicator, period)."""
    newest = aliased(Measurement)
    return (
        select(newest.period)
        .where(newest.indicator_id == indicator_id)
        .order_by(newest.period.desc())
        .limit(1)
        .scalar_subquery()
    )


def summary_and_latest(
    indicator_ids: Sequence[int],
) -> tuple[dict[int, list[Point]], dict[int, date]]:
    """The two headline points the outcome method reads, and the newest period of any series,
    per indicator, in one query.

    Each point is found by an index seek (indicator, headline, period) from the baseline period
    forwards and from the newest period backwards, then joined back for its value; the headline
    is the chosen breakdown where there is one (headline_key).
    """
    if not indicator_ids:
        return {}, {}
    seek = aliased(Measurement)
    first, last = aliased(Measurement), aliased(Measurement)

    def period_of(*, oldest: bool) -> ScalarSelect[date]:
        stmt = select(seek.period).where(
            seek.indicator_id == Indicator.id, seek.breakdown == Indicator.headline_breakdown
        )
        if oldest:
            # coalesce keeps the condition a plain range, which the index can seek to.
            floor = func.coalesce(Indicator.baseline_period, literal(date.min, Date))
            stmt = stmt.where(seek.period >= floor).order_by(seek.period.asc())
        else:
            stmt = stmt.order_by(seek.period.desc())
        return stmt.limit(1).correlate(Indicator).scalar_subquery()

    def joined(alias: type[Measurement], *, oldest: bool) -> ColumnElement[bool]:
        return and_(
            alias.indicator_id == Indicator.id,
            alias.breakdown == Indicator.headline_breakdown,
            alias.period == period_of(oldest=oldest),
        )

    stmt = (
        select(
            Indicator.id,
            first.period,
            first.value,
            last.period,
            last.value,
            latest_period_of(Indicator.id).correlate(Indicator),
        )
        .select_from(Indicator)
        .outerjoin(first, joined(first, oldest=True))
        .outerjoin(last, joined(last, oldest=False))
        .where(Indicator.id.in_(indicator_ids))
    )
    result: dict[int, list[Point]] = {}
    latest: dict[int, date] = {}
    for indicator_id, p0, v0, p1, v1, newest in db.session.execute(stmt):
        points: list[Point] = []
        if p0 is not None:
            points.append((p0, v0))
        if p1 is not None and p1 != p0:
            points.append((p1, v1))
        result[indicator_id] = points
        if newest is not None:
            latest[indicator_id] = newest
    return result, latest


def summary_of(headline: Sequence[Point], baseline_period: date | None) -> list[Point]:
    """The two points summary_points reads, taken from a whole headline in period order."""
    if not headline:
        return []
    floor = baseline_period or date.min
    latest = headline[-1]
    base = next((point for point in headline if point[0] >= floor), None)
    if base is None:  # every value is older than the baseline period
        return [latest]
    return [base] if latest[0] == base[0] else [base, latest]


def headline_window(
    indicators: Sequence[Indicator], since: date | None
) -> tuple[dict[int, list[Point]], dict[int, set[date]]]:
    """Headline points from the earlier of since and each indicator's baseline period (all of
    them when since is None), in one query, and the provisional periods among them."""
    series: dict[int, list[Point]] = defaultdict(list)
    provisional: dict[int, set[date]] = defaultdict(set)
    if not indicators:
        return series, provisional
    condition: ColumnElement[bool]
    if since is None:
        condition = Measurement.indicator_id.in_([indicator.id for indicator in indicators])
    else:
        # One index range per distinct start date (usually one or two), so each is a seek.
        starts: dict[date, list[int]] = defaultdict(list)
        for indicator in indicators:
            baseline = indicator.baseline_period
            start = baseline if baseline is not None and baseline < since else since
            starts[start].append(indicator.id)
        condition = or_(
            *(
                and_(Measurement.indicator_id.in_(group), Measurement.period >= start)
                for start, group in starts.items()
            )
        )
    stmt = (
        select(Measurement.indicator_id, Measurement.period, Measurement.value, STATUS_TEXT)
        .join(Indicator, Indicator.id == Measurement.indicator_id)
        .where(Measurement.breakdown == Indicator.headline_breakdown, condition)
        .order_by(Measurement.indicator_id, Measurement.period)
    )
    for indicator_id, period, value, status in db.session.execute(stmt):
        series[indicator_id].append((period, value))
        if status == MeasurementStatus.PROVISIONAL:
            provisional[indicator_id].add(period)
    return series, provisional


def newest_of(series: SeriesSet) -> date:
    """The newest period of any series of a set (each series is in period order)."""
    return max(points[-1][0] for points in series.values() if points)


def latest_periods(indicator_ids: Sequence[int]) -> dict[int, date]:
    """The newest period of any series, per indicator, in one query (one seek each)."""
    if not indicator_ids:
        return {}
    stmt = select(Indicator.id, latest_period_of(Indicator.id).correlate(Indicator)).where(
        Indicator.id.in_(indicator_ids)
    )
    return {row[0]: row[1] for row in db.session.execute(stmt) if row[1] is not None}


# ---- the loaders ----


def load_progress(
    missions: Sequence[Mission],
    *,
    published_only: bool,
    points: Points = "summary",
    since: date | None = None,
    today: date | None = None,
) -> dict[int, MissionProgress]:
    """Assess several missions at once, keyed by mission id.

    Seven queries whatever the number of missions, indicators and values (eight with
    points="headline" and a start date). With published_only, only what the public may see is
    read (drafts and archived rows left out); otherwise live rows, drafts included. `since`
    limits the headline points read for charts (points="headline").
    """
    today = today or date.today()
    mission_ids = [mission.id for mission in missions]
    if not mission_ids:
        return {}
    indicator_author, intervention_author = aliased(User), aliased(User)
    indicator_rows = db.session.execute(
        select(Indicator, indicator_author.name)
        .outerjoin(indicator_author, indicator_author.id == Indicator.override_by_id)
        .where(
            Indicator.mission_id.in_(mission_ids),
            indicator_condition(published_only=published_only),
        )
        .order_by(Indicator.outcome_id, Indicator.id)
    ).all()
    intervention_rows = db.session.execute(
        select(Intervention, intervention_author.name)
        .outerjoin(intervention_author, intervention_author.id == Intervention.override_by_id)
        .where(
            Intervention.mission_id.in_(mission_ids),
            intervention_condition(published_only=published_only),
        )
        .order_by(Intervention.id)
    ).all()
    indicators = [row[0] for row in indicator_rows]
    indicator_ids = [indicator.id for indicator in indicators]

    assessed: dict[int, SeriesSet]
    charted: dict[int, SeriesSet] = {}
    provisional: Mapping[int, set[date]] = {}
    newest: dict[int, date]
    if points == "full":
        assessed, provisional = _full_series(indicators)
        charted = assessed
        newest = {key: newest_of(series) for key, series in assessed.items() if series}
    elif points == "headline" and since is None:
        newest = latest_periods(indicator_ids)
        # The whole headline is read for the charts: the two points come from it.
        window, provisional = headline_window(indicators, None)
        charted = {indicator.id: {None: window.get(indicator.id, [])} for indicator in indicators}
        assessed = {
            indicator.id: {
                None: summary_of(window.get(indicator.id, []), indicator.baseline_period)
            }
            for indicator in indicators
        }
    else:
        summary, newest = summary_and_latest(indicator_ids)
        assessed = {key: {None: value} for key, value in summary.items()}
        if points == "headline":
            window, provisional = headline_window(indicators, since)
            charted = {
                indicator.id: {None: window.get(indicator.id, [])} for indicator in indicators
            }

    intervention_ids = [row[0].id for row in intervention_rows]
    partners = load_partners(intervention_ids)
    milestones = load_milestone_facts(intervention_ids)
    latest = load_latest_updates(intervention_ids, published_only=published_only)
    owed = load_owed_periods(indicators, today, published_only=published_only)

    indicators_by_mission: dict[int, list[tuple[Indicator, str | None]]] = defaultdict(list)
    for indicator, author in indicator_rows:
        indicators_by_mission[indicator.mission_id].append((indicator, author))
    interventions_by_mission: dict[int, list[tuple[Intervention, str | None]]] = defaultdict(list)
    for item, author in intervention_rows:
        interventions_by_mission[item.mission_id].append((item, author))

    result: dict[int, MissionProgress] = {}
    for mission in missions:
        own_indicators = indicators_by_mission.get(mission.id, [])
        own_items = interventions_by_mission.get(mission.id, [])
        rollup = rollup_mission(
            [
                indicator_input(
                    indicator,
                    assessed.get(indicator.id, {}),
                    author,
                    latest_period=newest.get(indicator.id),
                    owed=owed.get(indicator.id, ()),
                )
                for indicator, author in own_indicators
            ],
            [
                intervention_input(
                    item,
                    partners=partners.get(item.id, []),
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
        own_ids = [indicator.id for indicator, _ in own_indicators]
        item_ids = [item.id for item, _ in own_items]
        result[mission.id] = MissionProgress(
            mission=mission,
            indicators=[indicator for indicator, _ in own_indicators],
            interventions=[item for item, _ in own_items],
            rollup=rollup,
            series={key: charted[key] for key in own_ids if key in charted},
            provisional={key: frozenset(provisional.get(key, ())) for key in own_ids},
            partners={key: partners.get(key, []) for key in item_ids},
            milestones={key: milestones.get(key, []) for key in item_ids},
            latest={
                key: assessed[key][None][-1] for key in own_ids if assessed.get(key, {}).get(None)
            },
        )
    return result


class AssessedIntervention(NamedTuple):
    """An intervention's status and the newest update it was assessed from."""

    status: InterventionAssessment
    latest_update: UpdateFact | None


def assess_interventions(
    rows: Iterable[tuple[Intervention, str | None]], *, published_only: bool, today: date
) -> dict[int, AssessedIntervention]:
    """The implementation status of each intervention, whatever its mission: two queries.

    rows: (intervention, name of who overrode its status) pairs, as lists read them.
    """
    pairs = list(rows)
    ids = [item.id for item, _author in pairs]
    milestones = load_milestone_facts(ids)
    latest = load_latest_updates(ids, published_only=published_only)
    result: dict[int, AssessedIntervention] = {}
    for item, author in pairs:
        facts = intervention_input(
            item,
            milestones=milestones.get(item.id, []),
            latest=latest.get(item.id),
            override_author=author,
        ).facts
        result[item.id] = AssessedIntervention(
            assess_intervention(facts, today), latest.get(item.id)
        )
    return result


def assess_indicators_summary(
    rows: Iterable[tuple[Indicator, str | None]], *, today: date, published_only: bool
) -> dict[int, tuple[IndicatorResult, Point | None]]:
    """Each indicator's assessment from its two summary points, and its latest value: two
    queries.

    rows: (indicator, name of who overrode its status) pairs, as lists read them.
    """
    pairs = list(rows)
    points, newest = summary_and_latest([indicator.id for indicator, _author in pairs])
    owed = load_owed_periods(
        [indicator for indicator, _author in pairs], today, published_only=published_only
    )
    result: dict[int, tuple[IndicatorResult, Point | None]] = {}
    for indicator, author in pairs:
        own = points.get(indicator.id, [])
        assessment = assess_indicator(
            indicator_input(
                indicator,
                {None: own},
                author,
                latest_period=newest.get(indicator.id),
                owed=owed.get(indicator.id, ()),
            ),
            today,
        )
        result[indicator.id] = (assessment, own[-1] if own else None)
    return result


@dataclass(frozen=True)
class IndicatorProgress:
    """One indicator (mission, outcome and owner loaded), its whole series and assessment."""

    indicator: Indicator
    result: IndicatorResult
    headline: list[Point]
    provisional: frozenset[date]
    breakdowns: dict[str, list[Point]]
    interim_targets: list[Point]
    override_author: str | None
    # The newest edit of the indicator or of a value read (pages say "last updated").
    last_changed: datetime

    @property
    def latest(self) -> Point | None:
        return self.headline[-1] if self.headline else None


# The one-indicator pages are the most requested uncached pages (indicator pages, embeds, the
# API): their statements are built once per process with a bound id, so a request neither builds
# them nor computes their cache keys again.
@cache
def _one_indicator_statement(published_only: bool) -> Select[tuple[Indicator, str]]:
    author = aliased(User)
    # The author's name is None when nobody overrode the status (an outer join).
    stmt = (
        select(Indicator, author.name)
        .options(
            joinedload(Indicator.mission),
            joinedload(Indicator.outcome),
            joinedload(Indicator.department),
        )
        .outerjoin(author, author.id == Indicator.override_by_id)
        .where(Indicator.id == bindparam("indicator_id"))
    )
    if published_only:
        stmt = stmt.where(indicator_condition(published_only=True))
    return stmt


@cache
def _one_series_statement(breakdowns: bool) -> Select[tuple[str, date, float, str, datetime]]:
    stmt = (
        select(
            Measurement.breakdown,
            Measurement.period,
            Measurement.value,
            STATUS_TEXT,
            Measurement.updated_at,
        )
        .where(Measurement.indicator_id == bindparam("indicator_id"))
        .order_by(Measurement.breakdown, Measurement.period)
    )
    if breakdowns:
        return stmt
    chosen = (
        select(Indicator.headline_breakdown)
        .where(Indicator.id == bindparam("indicator_id"))
        .scalar_subquery()
    )
    return stmt.add_columns(latest_period_of(bindparam("indicator_id"))).where(
        Measurement.breakdown == chosen
    )


@cache
def _one_interim_statement() -> Select[tuple[date, float]]:
    return (
        select(InterimTarget.period, InterimTarget.value)
        .where(InterimTarget.indicator_id == bindparam("indicator_id"))
        .order_by(InterimTarget.period)
    )


def load_indicator_progress(
    indicator_id: int, *, published_only: bool, today: date | None = None, breakdowns: bool = True
) -> IndicatorProgress | None:
    """One indicator with its whole series and its assessment, or None (unknown, or not public
    with published_only). Four queries whatever the size of its mission. Without breakdowns,
    only the headline is read (and assessed): what an embedded chart shows."""
    bound = {"indicator_id": indicator_id}
    row = db.session.execute(_one_indicator_statement(published_only), bound).first()
    if row is None:
        return None
    indicator, author_name = row
    rows = db.session.execute(_one_series_statement(breakdowns), bound).all()
    own, provisional = _group_series((tuple(row[:4]) for row in rows), headline_key(indicator))
    if breakdowns:
        newest: date | None = max((row[1] for row in rows), default=None)
    else:
        # Only the headline was read: the newest period of any series came with each row.
        newest = rows[0][5] if rows else latest_periods([indicator_id]).get(indicator_id)
    last_changed = max([indicator.updated_at, *(row[4] for row in rows)])
    today = today or date.today()
    owed = load_owed_periods([indicator], today, published_only=published_only)
    result = assess_indicator(
        indicator_input(
            indicator, own, author_name, latest_period=newest, owed=owed.get(indicator.id, ())
        ),
        today,
    )
    return IndicatorProgress(
        indicator=indicator,
        result=result,
        headline=list(own.get(None, [])),
        provisional=frozenset(provisional),
        breakdowns={key: points for key, points in own.items() if key is not None},
        interim_targets=[
            (period, value) for period, value in db.session.execute(_one_interim_statement(), bound)
        ],
        override_author=author_name,
        last_changed=last_changed,
    )
