"""A small city for staff tests: two departments, every role, and a mission with work in both."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from app.extensions import db
from tests.support import factories as f


@dataclass
class City:
    """Two departments with one lead each, every role, and a mission with work in both."""

    edu: Any
    wel: Any
    users: dict[str, Any]
    mission: Any
    outcome: Any
    edu_intervention: Any
    wel_intervention: Any
    edu_indicator: Any
    wel_indicator: Any
    edu_milestone: Any
    wel_milestone: Any
    edu_update: Any
    wel_update: Any
    edu_measurement: Any
    wel_measurement: Any
    # A review meeting with one agenda item, and a follow-up owned by each department's lead.
    meeting: Any = None
    agenda_item: Any = None
    edu_follow_up: Any = None
    wel_follow_up: Any = None
    edu_entry: Any = None  # a learning-log entry of each department's intervention
    wel_entry: Any = None


def build_city() -> City:
    """Create the city and commit it (inside an application context)."""
    edu = f.department(code="EDU", name="Education and Youth")
    wel = f.department(code="WEL", name="Welfare")
    users = {
        "admin": f.user(email="admin@example.org", role="admin", name="Ada Admin"),
        "mission_office": f.user(
            email="mayor@example.org", role="mission_office", name="Mo Office"
        ),
        "edu_lead": f.user(
            email="edu@example.org", role="department_lead", department_id=edu.id,
            name="Edda Lead",
        ),
        "wel_lead": f.user(
            email="wel@example.org", role="department_lead", department_id=wel.id,
            name="Valur Lead",
        ),
        "viewer": f.user(email="viewer@example.org", role="viewer", name="Vera Viewer"),
    }  # fmt: skip
    mission = f.mission(slug="children", title="A Better City for Children", age_min=0,
                        age_max=18)  # fmt: skip
    outcome = f.outcome(mission, title="Every child feels safe")
    edu_item = f.intervention(mission, edu, title="Solution teams", outcome_id=outcome.id)
    wel_item = f.intervention(mission, wel, title="Family courses", outcome_id=outcome.id)
    edu_ind = f.indicator(
        mission, edu, title="Pupils who feel safe", outcome_id=outcome.id, unit="%",
        min_value=0, max_value=100, limit_value=100,
    )  # fmt: skip
    wel_ind = f.indicator(
        mission, wel, title="Families waiting", outcome_id=outcome.id, unit="families",
        direction="decrease", frequency="quarterly", min_value=0,
    )  # fmt: skip
    city = City(
        edu=edu, wel=wel, users=users, mission=mission, outcome=outcome,
        edu_intervention=edu_item, wel_intervention=wel_item,
        edu_indicator=edu_ind, wel_indicator=wel_ind,
        edu_milestone=f.milestone(edu_item, title="Teams in 10 schools"),
        wel_milestone=f.milestone(wel_item, title="First course held"),
        edu_update=f.update(edu_item), wel_update=f.update(wel_item),
        edu_measurement=f.measurement(edu_ind, date(2024, 1, 1), 71.0),
        wel_measurement=f.measurement(wel_ind, date(2024, 1, 1), 30.0),
    )  # fmt: skip
    city.meeting = f.meeting(mission, title="Spring review")
    city.agenda_item = f.agenda_item(
        city.meeting, intervention_id=edu_item.id, subject=edu_item.title
    )
    city.edu_follow_up = f.follow_up(
        city.meeting, owner_id=users["edu_lead"].id, department_id=edu.id, text="Count the teams"
    )
    city.wel_follow_up = f.follow_up(
        city.meeting, owner_id=users["wel_lead"].id, department_id=wel.id, text="Book the rooms"
    )
    city.edu_entry = f.learning_entry(edu_item, title="Teams cut waiting")
    city.wel_entry = f.learning_entry(wel_item, title="Courses reach fathers")
    db.session().expire_on_commit = False  # keep ids and fields readable after the context
    db.session.commit()
    return city
