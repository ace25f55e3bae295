"""API fixtures: the test city with published content, and tokens for its users."""

from __future__ import annotations

from datetime import date

import pytest

from app.auth.tokens import create_token
from app.extensions import db
from app.models import Indicator, Intervention, Mission, ProgressUpdate, User
from app.models.base import utcnow
from tests.support import factories as f


@pytest.fixture
def published(app, city):  # type: ignore[no-untyped-def]
    """Publish the city's mission and work, and add a sensitive indicator with small cells."""
    with app.app_context():
        now = utcnow()
        for model, ids in (
            (Mission, [city.mission.id]),
            (Intervention, [city.edu_intervention.id, city.wel_intervention.id]),
            (Indicator, [city.edu_indicator.id, city.wel_indicator.id]),
            (ProgressUpdate, [city.edu_update.id]),
        ):
            for obj_id in ids:
                obj = db.session.get(model, obj_id)
                obj.is_published = True
                obj.published_at = now
        sensitive = f.indicator(
            city.mission,
            city.wel,
            title="Children in care",
            sensitive=True,
            unit="children",
            is_published=True,
            published_at=now,
            outcome_id=city.outcome.id,
        )
        for district, value in (("A", 3.0), ("B", 40.0), ("C", 55.0)):
            f.measurement(sensitive, date(2024, 1, 1), value, breakdown=f"district={district}")
        f.measurement(sensitive, date(2024, 1, 1), 98.0)
        draft = f.indicator(city.mission, city.edu, title="Draft indicator")
        f.update(db.session.get(Intervention, city.wel_intervention.id), summary="Draft update")
        db.session().expire_on_commit = False
        db.session.commit()
        return {"sensitive": sensitive, "draft": draft}


@pytest.fixture
def token_for(app, city):  # type: ignore[no-untyped-def]
    """token_for("edu_lead") -> a bearer secret acting as that user of the city."""

    def make(who: str, *, days: int | None = 30) -> str:
        with app.app_context():
            user = db.session.get(User, city.users[who].id)
            _token, secret = create_token(user, name=f"{who} script", expires_in_days=days)
            db.session.commit()
            return secret

    return make
