"""The mission health check: each of the five criteria met and not met, and the checklist pages."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.extensions import db
from app.missions.health import (
    Criterion,
    GapKind,
    beyond_baseline,
    check_mission_health,
    within_limits,
)
from app.models import Mission
from tests.support import factories as f

# ---- the rules, on plain rows ----


def _mission(**kw: Any) -> SimpleNamespace:
    return SimpleNamespace(**({"id": 1, "start_year": 2021, "horizon_year": 2030} | kw))


def _indicator(**kw: Any) -> SimpleNamespace:
    values = {
        "id": 10,
        "outcome_id": 1,
        "level": "mission_outcome",
        "direction": "increase",
        "baseline_value": 40.0,
        "target_value": 60.0,
        "target_period": date(2030, 1, 1),
        "limit_value": None,
        "min_value": None,
        "max_value": None,
        "archived_at": None,
    }
    return SimpleNamespace(**(values | kw))


def _intervention(i: int, department: int, stage: str = "test", outcome: int | None = 1):
    return SimpleNamespace(
        id=i, outcome_id=outcome, lead_department_id=department, stage=stage, archived_at=None
    )


OUTCOME = SimpleNamespace(id=1)


def _healthy() -> dict[str, Any]:
    return {
        "mission": _mission(),
        "outcomes": [OUTCOME],
        "indicators": [_indicator()],
        "interventions": [_intervention(1, 1, "explore"), _intervention(2, 2, "scale")],
    }


def _check(**changes: Any):  # type: ignore[no-untyped-def]
    return check_mission_health(**(_healthy() | changes))


def _gaps(health, criterion: Criterion) -> list[GapKind]:  # type: ignore[no-untyped-def]
    (check,) = [c for c in health.checks if c.criterion == criterion]
    return [gap.kind for gap in check.gaps]


def test_a_healthy_mission_meets_all_five():
    health = _check()
    assert health.all_met
    assert health.met_count == 5
    assert [c.criterion for c in health.checks] == list(Criterion)


def test_measurable_needs_outcomes_indicators_baselines_and_targets():
    assert _gaps(_check(outcomes=[], indicators=[]), Criterion.MEASURABLE) == [GapKind.NO_OUTCOMES]
    assert _gaps(_check(indicators=[]), Criterion.MEASURABLE) == [GapKind.OUTCOME_WITHOUT_INDICATOR]
    bare = _indicator(baseline_value=None, target_value=None, target_period=None)
    assert _gaps(_check(indicators=[bare]), Criterion.MEASURABLE) == [
        GapKind.NO_BASELINE,
        GapKind.NO_TARGET,
    ]


def test_output_and_archived_indicators_do_not_measure_an_outcome():
    output = _indicator(level="intervention_output")
    archived = _indicator(archived_at=date(2024, 1, 1))
    assert _gaps(_check(indicators=[output, archived]), Criterion.MEASURABLE) == [
        GapKind.OUTCOME_WITHOUT_INDICATOR
    ]


def test_time_bound_needs_a_horizon_and_targets_due_by_it():
    early = [_indicator(target_period=date(2021, 6, 1))]
    assert _gaps(
        _check(mission=_mission(horizon_year=2021), indicators=early), Criterion.TIME_BOUND
    ) == [GapKind.NO_HORIZON]
    late = _indicator(target_period=date(2031, 1, 1))
    assert _gaps(_check(indicators=[late]), Criterion.TIME_BOUND) == [GapKind.TARGET_AFTER_HORIZON]
    assert _check(indicators=[_indicator(target_period=date(2030, 12, 1))]).checks[1].met


def test_ambitious_needs_targets_beyond_the_baseline_and_within_limits():
    flat = _indicator(target_value=40.0)
    assert _gaps(_check(indicators=[flat]), Criterion.AMBITIOUS) == [
        GapKind.TARGET_NOT_BEYOND_BASELINE
    ]
    wrong_way = _indicator(direction="decrease", baseline_value=40.0, target_value=50.0)
    assert _gaps(_check(indicators=[wrong_way]), Criterion.AMBITIOUS) == [
        GapKind.TARGET_NOT_BEYOND_BASELINE
    ]
    past_limit = _indicator(target_value=110.0, limit_value=100.0)
    assert _gaps(_check(indicators=[past_limit]), Criterion.AMBITIOUS) == [
        GapKind.TARGET_BEYOND_LIMIT
    ]
    out_of_range = _indicator(target_value=120.0, max_value=100.0)
    assert _gaps(_check(indicators=[out_of_range]), Criterion.AMBITIOUS) == [
        GapKind.TARGET_BEYOND_LIMIT
    ]
    nothing = _indicator(target_value=None, target_period=None)
    assert _gaps(_check(indicators=[nothing]), Criterion.AMBITIOUS) == [GapKind.NO_TARGET_TO_JUDGE]


def test_cross_department_needs_two_leads_of_active_work():
    one = [_intervention(1, 1, "explore"), _intervention(2, 1, "scale")]
    health = _check(interventions=one)
    assert _gaps(health, Criterion.CROSS_DEPARTMENT) == [GapKind.ONE_LEAD_DEPARTMENT]
    assert health.checks[3].gaps[0].count == 1
    stopped = [_intervention(1, 1, "explore"), _intervention(2, 2, "stopped")]
    assert _gaps(_check(interventions=stopped), Criterion.CROSS_DEPARTMENT) == [
        GapKind.ONE_LEAD_DEPARTMENT
    ]


def test_many_solutions_needs_several_stages_and_two_interventions_per_outcome():
    same_stage = [_intervention(1, 1, "test"), _intervention(2, 2, "test")]
    assert _gaps(_check(interventions=same_stage), Criterion.MANY_SOLUTIONS) == [GapKind.ONE_STAGE]
    elsewhere = [_intervention(1, 1, "explore"), _intervention(2, 2, "scale", outcome=None)]
    health = _check(interventions=elsewhere)
    assert _gaps(health, Criterion.MANY_SOLUTIONS) == [GapKind.OUTCOME_FEW_INTERVENTIONS]
    assert health.checks[4].gaps[0].count == 1
    assert _gaps(_check(interventions=[]), Criterion.MANY_SOLUTIONS) == [
        GapKind.ONE_STAGE,
        GapKind.OUTCOME_FEW_INTERVENTIONS,
    ]


finite = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False)


@given(baseline=finite, target=finite, direction=st.sampled_from(["increase", "decrease"]))
def test_a_target_is_beyond_its_baseline_exactly_when_it_is_better(baseline, target, direction):
    row = _indicator(baseline_value=baseline, target_value=target, direction=direction)
    better = target > baseline if direction == "increase" else target < baseline
    assert beyond_baseline(row) is better


@given(baseline=finite, target=finite, limit=finite)
def test_a_target_across_the_natural_limit_from_its_baseline_is_out_of_reach(
    baseline, target, limit
):
    row = _indicator(baseline_value=baseline, target_value=target, limit_value=limit)
    crosses = (baseline <= limit < target) or (target < limit <= baseline)
    assert within_limits(row) is not crosses


def test_a_limit_bounds_both_directions():
    # A share of 100 % is bounded by 100 % also when lower is better.
    down = _indicator(direction="decrease", baseline_value=30.0, target_value=4.0, limit_value=100)
    assert within_limits(down)
    assert not within_limits(_indicator(target_value=101.0, limit_value=100.0))
    assert not within_limits(_indicator(baseline_value=None, target_value=-101.0, limit_value=100))
    assert not within_limits(_indicator(target_value=-1.0, min_value=0.0))


@given(
    leads=st.lists(st.integers(1, 4), min_size=0, max_size=8),
    stages=st.lists(st.sampled_from(["explore", "test", "scale", "sustain"]), max_size=8),
)
def test_cross_department_counts_distinct_leads(leads, stages):
    items = [
        _intervention(i, lead, stages[i] if i < len(stages) else "test")
        for i, lead in enumerate(leads)
    ]
    check = _check(interventions=items).checks[3]
    assert check.met is (len(set(leads)) > 1)


# ---- the pages ----


def _sick_mission(city: Any) -> Any:
    """A mission with one outcome measured by an indicator without a target, one department and
    one stage: three criteria unmet."""
    mission = f.mission(slug="sick", title="Sick mission")
    outcome = f.outcome(mission, title="Nobody waits")
    f.indicator(mission, city.edu, title="Waiting list", outcome_id=outcome.id, baseline_value=5)
    f.intervention(mission, city.edu, title="Only one", outcome_id=outcome.id)
    db.session.commit()
    return SimpleNamespace(id=mission.id)


def test_the_mission_page_shows_what_is_missing_with_links(app, city, signed_in):
    with app.app_context():
        mission = _sick_mission(city)
    page = signed_in("mission_office").get(f"/staff/missions/{mission.id}").get_data(True)
    assert 'id="health-heading"' in page
    assert "1 of 5 mission criteria met." in page
    assert "Time-bound: met" in page
    assert "“Waiting list” has no target and target date." in page
    assert "1 department leads the active interventions." in page
    assert "“Nobody waits” has 1 active intervention." in page
    assert "/staff/indicators/" in page
    assert "/edit" in page
    assert f"/staff/interventions/new?mission_id={mission.id}" in page


def test_viewers_see_the_checklist_without_links_to_fix(app, city, signed_in):
    with app.app_context():
        mission = _sick_mission(city)
    page = signed_in("viewer").get(f"/staff/missions/{mission.id}").get_data(True)
    assert "“Waiting list” has no target and target date." in page
    assert "Set the target" not in page


def test_the_checklist_renders_in_icelandic(app, city, signed_in):
    with app.app_context():
        mission = _sick_mission(city)
    page = signed_in("viewer").get(f"/staff/missions/{mission.id}?lang=is").get_data(True)
    assert '<html lang="is"' in page
    assert "Mission health check" not in page
    assert 'id="health-heading"' in page


def test_the_dashboard_shows_the_checklist(app, city, signed_in):
    with app.app_context():
        mission = _sick_mission(city)
    page = signed_in("viewer").get(f"/staff/dashboards/missions/{mission.id}").get_data(True)
    assert "1 of 5 mission criteria met." in page


@pytest.mark.parametrize("path", ["/staff/missions/{id}", "/staff/dashboards/missions/{id}"])
def test_the_health_check_costs_no_query_as_the_mission_grows(
    app, city, signed_in, count_queries, path
):
    client = signed_in("viewer")
    with app.app_context():
        mission = _sick_mission(city)
    counts = []
    for _round in range(2):
        with count_queries() as log:
            assert client.get(path.format(id=mission.id)).status_code == 200
        counts.append(log.count)
        with app.app_context():
            row = db.session.get(Mission, mission.id)
            for i in range(5):
                outcome = f.outcome(row)
                f.indicator(row, city.wel, outcome_id=outcome.id, baseline_value=i)
                f.intervention(row, city.wel, outcome_id=outcome.id, stage="scale")
            db.session.commit()
    assert counts[0] == counts[1]
