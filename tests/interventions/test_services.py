"""The intervention services on their own: rules that hold whatever the form lets through."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.editing import EditConflict
from app.errors import DomainError
from app.extensions import db
from app.interventions.queries import get_intervention_for_edit, load_intervention_detail
from app.interventions.services import (
    InterventionData,
    UpdateData,
    save_intervention,
    save_update,
    set_override,
)
from app.models import Intervention, InterventionPartner, User


@pytest.fixture
def ctx(app):  # type: ignore[no-untyped-def]
    """A request context: the services translate their messages for the current request."""
    with app.test_request_context():
        yield


def _data(city, **kw) -> InterventionData:  # type: ignore[no-untyped-def]
    values = {
        "mission_id": city.mission.id, "outcome_id": city.outcome.id,
        "lead_department_id": city.edu.id, "title": "Home counselling",
    }  # fmt: skip
    values.update(kw)
    return InterventionData(**values)


def _user(city, who: str) -> User:  # type: ignore[no-untyped-def]
    return db.session.get(User, city.users[who].id)


def test_service_refuses_a_lead_choosing_another_department(app, ctx, city):
    with pytest.raises(DomainError) as error:
        save_intervention(
            None, _data(city, lead_department_id=city.wel.id), expected_version=0,
            actor=_user(city, "edu_lead"),
        )  # fmt: skip
    assert error.value.field == "lead_department_id"
    db.session.rollback()
    assert (
        db.session.scalar(select(Intervention).where(Intervention.title == "Home counselling"))
        is None
    )


def test_service_lets_the_mission_office_choose_any_lead(app, ctx, city):
    item = save_intervention(
        None, _data(city, lead_department_id=city.wel.id), expected_version=0,
        actor=_user(city, "mission_office"),
    )  # fmt: skip
    assert item.lead_department_id == city.wel.id


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "  "}, "title"),
        ({"stage": "dreaming"}, "stage"),
        ({"mission_id": 999999}, "mission_id"),
        ({"lead_department_id": 999999}, "lead_department_id"),
        ({"start_date": date(2025, 1, 1), "end_date": date(2024, 1, 1)}, "end_date"),
        ({"budget": Decimal("-1")}, "budget"),
        ({"age_min": 3}, "age_max"),
        ({"age_max": 3}, "age_min"),
        ({"age_min": 0, "age_max": 121}, "age_min"),
        ({"update_cycle_days": 400}, "update_cycle_days"),
        ({"weight": 0.0}, "weight"),
        ({"weight": float("inf")}, "weight"),
        ({"partners": ((999999, ""),)}, "partners"),
    ],
)
def test_service_rules(app, ctx, city, changes, field):
    with pytest.raises(DomainError) as error:
        save_intervention(
            None, _data(city, **changes), expected_version=0, actor=_user(city, "admin")
        )
    assert error.value.field == field


def test_partners_are_updated_in_place(app, ctx, city):
    admin = _user(city, "admin")
    item = save_intervention(
        None, _data(city, partners=((city.wel.id, "Courses"),)), expected_version=0, actor=admin
    )
    db.session.commit()
    item = get_intervention_for_edit(item.id)
    version = item.version
    save_intervention(
        item, _data(city, partners=((city.wel.id, "Courses and outreach"),)),
        expected_version=version, actor=admin,
    )  # fmt: skip
    db.session.commit()
    rows = db.session.execute(
        select(InterventionPartner.department_id, InterventionPartner.role).where(
            InterventionPartner.intervention_id == item.id
        )
    ).all()
    assert rows == [(city.wel.id, "Courses and outreach")]
    assert item.version == version + 1


def test_stale_version_raises_before_anything_changes(app, ctx, city):
    item = get_intervention_for_edit(city.edu_intervention.id)
    with pytest.raises(EditConflict):
        save_intervention(
            item, _data(city, title="Changed", stage=item.stage, partners=((city.wel.id, ""),)),
            expected_version=item.version - 1, actor=_user(city, "admin"),
        )  # fmt: skip


def test_override_feeds_the_engine_as_manual(app, ctx, city):
    item = db.session.get(Intervention, city.edu_intervention.id)
    office = _user(city, "mission_office")
    set_override(item, status="at_risk", reason="Funding under review",
                 expected_version=item.version, actor_id=office.id)  # fmt: skip
    db.session.commit()
    db.session.expire_all()
    page = load_intervention_detail(item.id, date(2025, 3, 1))
    assert page.status.status == "at_risk"
    assert page.status.manual is True
    assert page.status.override_author == "Mo Office"
    assert page.status.computed_status == "late"


def test_update_service_refuses_off_track_without_blockers(app, ctx, city):
    item = db.session.get(Intervention, city.edu_intervention.id)
    with pytest.raises(DomainError) as error:
        save_update(
            None, item,
            UpdateData(reported_on=date(2025, 1, 1), status="off_track", summary="Stuck"),
            expected_version=0, actor=_user(city, "edu_lead"),
        )  # fmt: skip
    assert error.value.field == "blockers"


def test_detail_reports_overdue_milestones_for_the_day(app, ctx, city):
    page = load_intervention_detail(city.edu_intervention.id, date(2024, 6, 2))
    assert page.milestone_overdue(page.milestones[0]) is True
    page = load_intervention_detail(city.edu_intervention.id, date(2024, 6, 1))
    assert page.milestone_overdue(page.milestones[0]) is False
