"""The domain model: constraints, relationships that refuse lazy loads, timestamps, locking."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError, InvalidRequestError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from app.extensions import db
from app.models import Intervention, InterventionPartner, Measurement, Mission
from app.models.indicator import HEADLINE, breakdown_key, parse_breakdown
from tests.support import factories as f


@pytest.fixture
def city(app, ctx):
    edu = f.department(code="EDU", name="Education")
    wel = f.department(code="WEL", name="Welfare")
    mission = f.mission(age_min=0, age_max=18)
    return {"edu": edu, "wel": wel, "mission": mission}


def _violates(obj) -> None:
    db.session.add(obj)
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_relationships_refuse_lazy_loading(city):
    mission_id = city["mission"].id
    db.session.commit()
    db.session.expunge_all()
    mission = db.session.get(Mission, mission_id)
    with pytest.raises(InvalidRequestError, match="lazy='raise'"):
        _ = mission.outcomes


def test_eager_loading_works(city):
    f.outcome(city["mission"], title="Safe at school")
    db.session.commit()
    db.session.expunge_all()
    mission = db.session.scalar(select(Mission).options(selectinload(Mission.outcomes)))
    assert [o.title for o in mission.outcomes] == ["Safe at school"]


def test_partners_carry_a_role(city):
    item = f.intervention(city["mission"], city["edu"])
    db.session.add(
        InterventionPartner(intervention_id=item.id, department_id=city["wel"].id, role="Funds")
    )
    db.session.commit()
    loaded = db.session.scalar(select(Intervention).options(selectinload(Intervention.partners)))
    assert [(p.department_id, p.role) for p in loaded.partners] == [(city["wel"].id, "Funds")]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("stage", "dreaming"),
        ("age_min", 12),  # age_max missing while age_min set
        ("budget", -1),
        ("update_cycle_days", 0),
    ],
)
def test_intervention_checks(city, field, value):
    item = Intervention(
        mission_id=city["mission"].id,
        lead_department_id=city["edu"].id,
        title="Bad",
        **{field: value},
    )
    _violates(item)


def test_intervention_dates_in_order(city):
    _violates(
        Intervention(
            mission_id=city["mission"].id,
            lead_department_id=city["edu"].id,
            title="Backwards",
            start_date=date(2025, 1, 1),
            end_date=date(2024, 1, 1),
        )
    )


def test_age_range_in_order(city):
    _violates(
        Intervention(
            mission_id=city["mission"].id,
            lead_department_id=city["edu"].id,
            title="Ages backwards",
            age_min=15,
            age_max=6,
        )
    )


@pytest.mark.parametrize(
    "overrides",
    [
        {"frequency": "hourly"},
        {"direction": "sideways"},
        {"level": "intervention_output"},  # output indicator without an intervention
        {"target_value": 10.0},  # target without a target period
        {"baseline_period": date(2030, 1, 1), "target_period": date(2025, 1, 1), "target_value": 1},
    ],
)
def test_indicator_checks(city, overrides):
    from app.models import Indicator

    values = {
        "mission_id": city["mission"].id,
        "department_id": city["edu"].id,
        "title": "Bad indicator",
        "unit": "%",
        "direction": "increase",
        "frequency": "yearly",
    }
    values.update(overrides)
    _violates(Indicator(**values))


def test_measurement_unique_per_period_and_breakdown(city):
    ind = f.indicator(city["mission"], city["edu"])
    f.measurement(ind, date(2024, 1, 1), 10.0)
    f.measurement(ind, date(2024, 1, 1), 11.0, breakdown=breakdown_key({"district": "Breiðholt"}))
    _violates(Measurement(indicator_id=ind.id, period=date(2024, 1, 1), value=12.0))


def test_headline_is_the_empty_breakdown(city):
    ind = f.indicator(city["mission"], city["edu"])
    m = f.measurement(ind, date(2024, 1, 1), 10.0)
    assert m.breakdown == HEADLINE == ""


def test_breakdown_key_is_canonical():
    key = breakdown_key({"sex": "Female", "age": "6-12"})
    assert key == "age=6-12|sex=Female"
    assert parse_breakdown(key) == {"age": "6-12", "sex": "Female"}
    assert breakdown_key({}) == HEADLINE
    with pytest.raises(ValueError, match="may not contain"):
        breakdown_key({"district": "a|b"})


def test_lead_needs_department(app, ctx):
    from app.models import User

    _violates(User(email="lead@example.org", name="L", password_hash="x", role="department_lead"))


def test_timestamps_are_timezone_aware(city):
    mission_id = city["mission"].id
    db.session.commit()
    db.session.expunge_all()
    mission = db.session.get(Mission, mission_id)
    assert mission.created_at.tzinfo is not None
    assert abs((datetime.now(UTC) - mission.created_at).total_seconds()) < 300


def test_naive_datetimes_are_refused(city):
    city["mission"].published_at = datetime(2024, 1, 1)  # a naive datetime: the point of the test
    with pytest.raises(Exception, match="naive"):
        db.session.flush()
    db.session.rollback()


def test_optimistic_locking_refuses_a_stale_write(city):
    mission = city["mission"]
    db.session().expire_on_commit = False  # keep our loaded copy at version 1
    db.session.commit()
    assert mission.version == 1
    # Someone else saves first: the row moves to version 2 behind our loaded copy.
    db.session.execute(
        update(Mission)
        .where(Mission.id == mission.id)
        .values(title="Changed elsewhere", version=Mission.version + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    mission.title = "Stale edit"
    with pytest.raises(StaleDataError):
        db.session.flush()
    db.session.rollback()
    title = db.session.scalar(select(Mission.title).where(Mission.id == mission.id))
    assert title == "Changed elsewhere"
