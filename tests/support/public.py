"""A published city with drafts hidden in every kind of object, for the public tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.extensions import db
from app.models import InterventionPartner
from app.models.indicator import breakdown_key
from tests.support import factories as f

DRAFT = "ZZ-DRAFT-7f3a"  # a unique marker: must never appear anywhere public


@dataclass
class PublicCity:
    mission_slug: str
    draft_mission_slug: str
    indicator_id: int
    sensitive_id: int
    draft_indicator_id: int
    intervention_id: int


def build_public_city(scale: int = 1) -> PublicCity:
    edu = f.department(code=f"PE{scale}", name=f"Education {scale}")
    wel = f.department(code=f"PW{scale}", name=f"Welfare {scale}")
    mission = f.mission(
        slug=f"children-{scale}", title="A Better City for Children", is_published=True,
        age_min=0, age_max=18, translations={"is": {"title": "Betri borg fyrir börn"}},
    )  # fmt: skip
    draft_mission = f.mission(slug=f"secret-{scale}", title=f"{DRAFT} mission", is_published=False)
    f.indicator(draft_mission, edu, title=f"{DRAFT} indicator of draft mission", is_published=True)
    outcome = f.outcome(mission, title="Every child feels safe")
    first = None
    for n in range(scale):
        item = f.intervention(
            mission, edu, title=f"Solution teams {n}", outcome_id=outcome.id, is_published=True,
            age_min=0, age_max=15, start_date=date(2023, 1, 1),
        )  # fmt: skip
        db.session.add(InterventionPartner(intervention_id=item.id, department_id=wel.id,
                                           role="Funding"))  # fmt: skip
        f.update(item, reported_on=date(2024, 3, 1), status="on_track", is_published=True,
                 summary="Teams started in ten schools.")  # fmt: skip
        f.update(item, reported_on=date(2024, 9, 1), status="at_risk", is_published=True,
                 summary="Hiring is slow.")  # fmt: skip
        f.update(item, reported_on=date(2024, 10, 1), status="off_track", is_published=False,
                 summary=f"{DRAFT} update", blockers="x")  # fmt: skip
        first = first or item
    f.intervention(mission, edu, title=f"{DRAFT} intervention", is_published=False,
                   age_min=16, age_max=17)  # fmt: skip
    indicator = None
    for n in range(scale):
        ind = f.indicator(
            mission, edu, title=f"Children waiting {n}", outcome_id=outcome.id,
            direction="decrease", is_published=True, baseline_period=date(2021, 1, 1),
            baseline_value=40.0, target_period=date(2030, 1, 1), target_value=10.0,
        )  # fmt: skip
        for year, value in ((2021, 40.0), (2022, 36.0), (2023, 31.0), (2024, 28.0)):
            f.measurement(ind, date(year, 1, 1), value)
        indicator = indicator or ind
    sensitive = f.indicator(
        mission, wel, title="Children in emergency placements", unit="children",
        direction="decrease", is_published=True, sensitive=True,
    )  # fmt: skip
    for district, value in (("Breiðholt", 3.0), ("Vesturbær", 12.0), ("Árbær", 40.0)):
        key = breakdown_key({"district": district})
        f.measurement(sensitive, date(2024, 1, 1), value, breakdown=key)
        f.measurement(sensitive, date(2023, 1, 1), value + 1, breakdown=key)
    f.measurement(sensitive, date(2024, 1, 1), 55.0)
    f.measurement(sensitive, date(2023, 1, 1), 58.0)
    draft_indicator = f.indicator(mission, edu, title=f"{DRAFT} indicator", is_published=False)
    f.measurement(draft_indicator, date(2024, 1, 1), 1234.5)
    db.session.commit()
    return PublicCity(
        mission_slug=mission.slug, draft_mission_slug=draft_mission.slug,
        indicator_id=indicator.id, sensitive_id=sensitive.id,
        draft_indicator_id=draft_indicator.id, intervention_id=first.id,
    )  # fmt: skip
