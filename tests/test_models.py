"""The domain model: constraints, relationships that refuse lazy loads, timestamps, locking."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import IntegrityError, InvalidRequestError, StatementError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from app.extensions import db
from app.models import (
    Indicator,
    Intervention,
    InterventionPartner,
    Measurement,
    Mission,
    ProgressUpdate,
    User,
)
from app.models.enums import (
    Direction,
    Frequency,
    IndicatorLevel,
    MeasurementStatus,
    MissionStatus,
    Role,
    Stage,
    UpdateStatus,
)
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


VOCABULARY_COLUMNS = {
    ("missions", "status"): MissionStatus,
    ("interventions", "stage"): Stage,
    ("indicators", "direction"): Direction,
    ("indicators", "frequency"): Frequency,
    ("indicators", "level"): IndicatorLevel,
    ("measurements", "status"): MeasurementStatus,
    ("progress_updates", "status"): UpdateStatus,
    ("users", "role"): Role,
}
MODELS = {
    "missions": Mission,
    "interventions": Intervention,
    "indicators": Indicator,
    "measurements": Measurement,
    "progress_updates": ProgressUpdate,
    "users": User,
}


@pytest.fixture
def vocabulary_rows(city):
    """table -> the id of one row that can take every word of the table's vocabularies."""
    item = f.intervention(city["mission"], city["edu"])
    ind = f.indicator(city["mission"], city["edu"], intervention_id=item.id)
    return {
        "missions": city["mission"].id,
        "interventions": item.id,
        "indicators": ind.id,
        "measurements": f.measurement(ind, date(2024, 1, 1), 1.0).id,
        "progress_updates": f.update(item, blockers="Waiting for funds").id,
        "users": f.user(role="viewer", department_id=city["edu"].id).id,
    }


def _stored(table: str, column: str, row_id: int):  # type: ignore[no-untyped-def]
    return db.session.execute(
        text(f"SELECT {column} FROM {table} WHERE id = :id"), {"id": row_id}
    ).scalar_one()


@pytest.mark.parametrize(("table", "column"), VOCABULARY_COLUMNS)
def test_the_database_refuses_words_outside_the_vocabulary(vocabulary_rows, table, column):
    """SQL that bypasses the models still meets the CHECK constraint."""
    with pytest.raises(IntegrityError):
        db.session.execute(
            text(f"UPDATE {table} SET {column} = 'dreaming' WHERE id = :id"),
            {"id": vocabulary_rows[table]},
        )
    db.session.rollback()


@pytest.mark.parametrize(("table", "column"), VOCABULARY_COLUMNS)
def test_the_models_refuse_words_outside_the_vocabulary(vocabulary_rows, table, column):
    """The column type refuses an unknown word before the database sees it."""
    obj = db.session.get(MODELS[table], vocabulary_rows[table])
    setattr(obj, column, "dreaming")
    with pytest.raises(StatementError, match="'dreaming' is not among the defined enum values"):
        db.session.flush()
    db.session.rollback()


@pytest.mark.parametrize(("table", "column"), VOCABULARY_COLUMNS)
def test_vocabulary_is_stored_as_its_plain_words(vocabulary_rows, table, column):
    """Every word is stored as itself ('on_track'), whether written as a plain string or as the
    enum member, and read back as the member, which equals the word."""
    row_id = vocabulary_rows[table]
    for member in VOCABULARY_COLUMNS[(table, column)]:
        for written in (member.value, member):
            obj = db.session.get(MODELS[table], row_id)
            setattr(obj, column, written)
            db.session.flush()
            stored = _stored(table, column, row_id)
            assert type(stored) is str
            assert stored == member.value
            db.session.expire(obj)
            loaded = getattr(obj, column)
            assert loaded is member
            assert loaded == member.value
            assert f"{loaded}" == member.value


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
