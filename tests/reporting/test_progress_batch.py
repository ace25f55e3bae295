"""Assessing several missions at once gives what one-by-one gives, in a fixed number of queries."""

from __future__ import annotations

from datetime import date

from app.extensions import db
from app.models import Mission
from app.reporting.progress import load_progress
from tests.support import factories as f

TODAY = date(2025, 3, 1)


def load_mission_progress(mission, *, today, published_only=False):  # type: ignore[no-untyped-def]
    """One mission's progress from every value of its series."""
    return load_progress([mission], published_only=published_only, points="full", today=today)[
        mission.id
    ]


def _mission(published: bool = False) -> int:
    dept = f.department()
    mission = f.mission(age_min=0, age_max=18)
    outcome = f.outcome(mission)
    indicator = f.indicator(
        mission, dept, outcome_id=outcome.id, baseline_period=date(2021, 1, 1),
        baseline_value=40.0, target_period=date(2030, 1, 1), target_value=80.0,
        is_published=published,
    )  # fmt: skip
    f.measurement(indicator, date(2023, 1, 1), 50.0)
    item = f.intervention(mission, dept, outcome_id=outcome.id, age_min=2, age_max=9)
    f.milestone(item, due_date=date(2024, 1, 1))
    f.update(item, reported_on=date(2025, 2, 1), is_published=published)
    f.intervention(mission, dept, is_published=published)
    return mission.id


def test_batch_matches_one_by_one(app, ctx):
    ids = [_mission(), _mission(published=True), _mission()]
    db.session.commit()
    missions = [db.session.get(Mission, mission_id) for mission_id in ids]
    for published_only in (False, True):
        batch = load_progress(missions, published_only=published_only, points="full", today=TODAY)
        assert list(batch) == ids
        for mission in missions:
            single = load_mission_progress(mission, today=TODAY, published_only=published_only)
            assert batch[mission.id].rollup.to_dict() == single.rollup.to_dict()
            assert [i.id for i in batch[mission.id].indicators] == [i.id for i in single.indicators]
            assert [i.id for i in batch[mission.id].interventions] == [
                i.id for i in single.interventions
            ]


def test_batch_query_count_is_fixed(app, ctx, count_queries):
    counts = []
    for scale in (1, 10):
        ids = [_mission() for _ in range(scale)]
        db.session.commit()
        missions = [db.session.get(Mission, mission_id) for mission_id in ids]
        with count_queries() as log:
            progress = load_progress(missions, published_only=False, points="full", today=TODAY)
        assert len(progress) == scale
        counts.append(log.count)
    assert counts[0] == counts[1] <= 7  # with the missing periods (load_owed_periods)


def test_no_missions_no_queries(app, ctx, count_queries):
    with count_queries() as log:
        assert load_progress([], published_only=False) == {}
    assert log.count == 0
