"""Feeding the progress engine from the database: correct inputs, constant query count."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from app.extensions import db
from app.models import InterventionPartner
from app.models.indicator import breakdown_key
from app.reporting.progress import load_progress
from tests.support import factories as f

TODAY = date(2025, 3, 1)


def load_mission_progress(mission, *, today, published_only=False):  # type: ignore[no-untyped-def]
    """One mission's progress from every value of its series."""
    return load_progress([mission], published_only=published_only, points="full", today=today)[
        mission.id
    ]


def _build(scale: int) -> int:
    """A mission with 3*scale indicators (20 points, 3 breakdowns) and 4*scale interventions."""
    edu = f.department(code=f"E{scale}")
    wel = f.department(code=f"W{scale}")
    mission = f.mission(age_min=0, age_max=18)
    outcome = f.outcome(mission)
    for i in range(3 * scale):
        ind = f.indicator(
            mission, edu, outcome_id=outcome.id, frequency="quarterly",
            baseline_period=date(2020, 1, 1), baseline_value=50.0,
            target_period=date(2030, 1, 1), target_value=80.0,
        )  # fmt: skip
        for q in range(20):
            period = date(2020 + q // 4, 1 + 3 * (q % 4), 1)
            for key in ("", breakdown_key({"district": "Breiðholt"}), breakdown_key({"sex": "F"})):
                f.measurement(ind, period, 50.0 + q + i % 3, breakdown=key)
    for i in range(4 * scale):
        item = f.intervention(mission, edu, outcome_id=outcome.id, age_min=i % 10, age_max=12)
        db.session.add(InterventionPartner(intervention_id=item.id, department_id=wel.id))
        f.milestone(item, due_date=date(2024, 1, 1))
        f.update(item, reported_on=date(2024, 12, 1))
        f.update(item, reported_on=date(2025, 2, 1), status="at_risk")
    db.session.commit()
    return mission.id


@pytest.mark.slow
def test_query_count_is_the_same_at_1x_and_10x(app, ctx, count_queries):
    from app.models import Mission

    counts = []
    for scale in (1, 10):
        mission = db.session.get(Mission, _build(scale))
        db.session.expire_all()
        mission = db.session.get(Mission, mission.id)
        with count_queries() as log:
            progress = load_mission_progress(mission, today=TODAY)
        counts.append(log.count)
        assert len(progress.rollup.indicators) == 3 * scale
        assert len(progress.rollup.interventions) == 4 * scale
    assert counts[0] == counts[1] <= 7  # with the missing periods (load_owed_periods)


def test_worked_example_through_the_database(app, ctx):
    dept = f.department()
    mission = f.mission(age_min=0, age_max=18)
    ind = f.indicator(
        mission, dept, direction="decrease", baseline_period=date(2021, 1, 1),
        baseline_value=40.0, target_period=date(2030, 1, 1), target_value=10.0,
    )  # fmt: skip
    f.measurement(ind, date(2021, 1, 1), 40.0)
    f.measurement(ind, date(2024, 1, 1), 28.0)
    db.session.commit()
    result = load_mission_progress(mission, today=date(2025, 1, 15)).rollup.indicators[ind.id]
    assert result.status == "moderate_progress"
    assert result.headline.score == pytest.approx(1.32, abs=0.01)
    assert result.headline.distance_travelled == pytest.approx(0.40)


def test_latest_update_and_overdue_milestone_drive_the_status(app, ctx):
    dept = f.department()
    mission = f.mission()
    late = f.intervention(mission, dept, start_date=date(2024, 1, 1))
    f.milestone(late, due_date=date(2025, 1, 1))
    # The latest update is the newest published one (drafts wait for review).
    f.update(late, reported_on=date(2025, 2, 1), is_published=True)
    fine = f.intervention(mission, dept, start_date=date(2024, 1, 1))
    f.update(fine, reported_on=date(2024, 6, 1), status="off_track", blockers="No staff",
             is_published=True)  # fmt: skip
    f.update(fine, reported_on=date(2025, 2, 1), status="on_track", is_published=True)
    db.session.commit()
    statuses = load_mission_progress(mission, today=TODAY).rollup.interventions
    assert statuses[late.id].status == "late"
    assert statuses[fine.id].status == "on_track"


def test_manual_override_is_shown_as_manual_with_author(app, ctx):
    dept = f.department()
    author = f.user(name="Mayor's analyst", role="mission_office")
    mission = f.mission()
    item = f.intervention(
        mission, dept, status_override="at_risk", override_reason="Budget not approved",
        override_by_id=author.id, override_at=datetime(2025, 2, 1, tzinfo=UTC),
    )  # fmt: skip
    f.update(item, reported_on=date(2025, 2, 1), status="on_track", is_published=True)
    db.session.commit()
    status = load_mission_progress(mission, today=TODAY).rollup.interventions[item.id]
    assert status.status == "at_risk"
    assert status.manual is True
    assert status.computed_status == "on_track"
    assert status.override_author == "Mayor's analyst"
    assert status.override_reason == "Budget not approved"


def test_published_only_leaves_drafts_out(app, ctx):
    dept = f.department()
    mission = f.mission(is_published=True)
    shown = f.intervention(mission, dept, is_published=True)
    f.intervention(mission, dept, is_published=False)
    f.update(shown, reported_on=date(2025, 1, 10), status="on_track", is_published=True)
    f.update(shown, reported_on=date(2025, 2, 10), status="at_risk", is_published=False)
    f.indicator(mission, dept, is_published=False)
    db.session.commit()
    progress = load_mission_progress(mission, today=TODAY, published_only=True)
    assert list(progress.rollup.interventions) == [shown.id]
    assert progress.rollup.interventions[shown.id].last_update == date(2025, 1, 10)
    assert progress.rollup.indicators == {}


def test_archived_rows_are_left_out(app, ctx):
    dept = f.department()
    mission = f.mission()
    f.intervention(mission, dept, archived_at=datetime(2025, 1, 1, tzinfo=UTC))
    f.indicator(mission, dept, archived_at=datetime(2025, 1, 1, tzinfo=UTC))
    db.session.commit()
    progress = load_mission_progress(mission, today=TODAY)
    assert progress.interventions == []
    assert progress.indicators == []


def test_life_course_gap_comes_from_the_age_ranges(app, ctx):
    dept = f.department()
    mission = f.mission(age_min=0, age_max=18)
    f.intervention(mission, dept, age_min=0, age_max=15, start_date=date(2024, 1, 1))
    f.intervention(mission, dept, age_min=18, age_max=18, start_date=date(2024, 1, 1))
    db.session.commit()
    coverage = load_mission_progress(mission, today=TODAY).rollup.coverage
    assert coverage.gaps == ((16, 17),)


def test_explain_command_prints_the_calculation(app, cli_runner):
    with app.app_context():
        dept = f.department()
        mission = f.mission()
        ind = f.indicator(
            mission, dept, direction="decrease", baseline_period=date(2021, 1, 1),
            baseline_value=40.0, target_period=date(2030, 1, 1), target_value=10.0,
        )  # fmt: skip
        f.measurement(ind, date(2021, 1, 1), 40.0)
        f.measurement(ind, date(2024, 1, 1), 28.0)
        db.session.commit()
        ind_id = ind.id
    result = cli_runner.invoke(args=["progress", "explain", str(ind_id), "--as-of", "2025-01-15"])
    assert result.exit_code == 0, result.output
    assert "moderate" in result.output.lower()
    assert "0.785" in result.output or "0.78" in result.output


def test_explain_unknown_indicator_fails_clearly(cli_runner):
    result = cli_runner.invoke(args=["progress", "explain", "999999"])
    assert result.exit_code == 1
    assert "no indicator has the id 999999" in result.output
