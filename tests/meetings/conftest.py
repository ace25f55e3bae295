"""A city whose statuses put work on a review meeting's agenda."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from app.extensions import db
from app.models import Indicator, Intervention, Milestone, Mission
from tests.support import factories as f


@pytest.fixture
def troubled(app, city) -> Any:  # type: ignore[no-untyped-def]
    """The city with an intervention off track, a late milestone, an outcome indicator in
    deterioration whose data is also overdue, and a published mission."""
    today = date.today()
    with app.app_context():
        mission = db.session.get(Mission, city.mission.id)
        mission.is_published = True
        mission.published_at = datetime(2021, 1, 1, tzinfo=UTC)
        f.update(city.edu_intervention, reported_on=today - timedelta(days=5),
                 status="off_track", blockers="Two counsellors left.",
                 is_published=True)  # fmt: skip
        # The welfare work reports on track lately, but a milestone is overdue: late.
        f.update(city.wel_intervention, reported_on=today - timedelta(days=5),
                 status="on_track", is_published=True)  # fmt: skip
        db.session.get(Milestone, city.edu_milestone.id).completed_on = date(2024, 5, 1)
        wel_milestone = db.session.get(Milestone, city.wel_milestone.id)
        wel_milestone.due_date = today - timedelta(days=20)
        wel_milestone.translations = {"is": {"title": "Fyrsta námskeiðið haldið"}}
        indicator = db.session.get(Indicator, city.edu_indicator.id)
        indicator.baseline_period, indicator.baseline_value = date(2021, 1, 1), 80.0
        indicator.target_period, indicator.target_value = date(2030, 1, 1), 90.0
        indicator.translations = {"is": {"title": "Nemendur sem finna til öryggis"}}
        f.measurement(indicator, date(2021, 1, 1), 80.0)
        db.session.get(Intervention, city.edu_intervention.id).translations = {
            "is": {"title": "Lausnateymi"}
        }
        db.session.commit()
    return city
