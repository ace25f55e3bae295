"""A reporting round of the test city, opened through the service (for tests that need one)."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.extensions import db
from app.models import Mission, ReportingRound, StatusReport
from app.rounds.services import open_round

OPENED_ON = date(2026, 7, 1)
DUE_ON = date(2026, 7, 31)


def city_round(city: Any) -> tuple[ReportingRound, dict[str, StatusReport]]:
    """The city's round (opened once, then reused) and its reports by department side."""
    cached = getattr(city, "_round", None)
    if cached is None:
        mission = db.session.get(Mission, city.mission.id)
        assert mission is not None
        opened = open_round(
            mission, title="July 2026", opened_on=OPENED_ON, due_on=DUE_ON,
            actor_id=city.users["mission_office"].id,
        )  # fmt: skip
        db.session.commit()
        reports = {
            side: db.session.query(StatusReport)
            .filter_by(round_id=opened.id,
                       intervention_id=getattr(city, f"{side}_intervention").id)
            .one()
            for side in ("edu", "wel")
        }  # fmt: skip
        cached = (opened, reports)
        city._round = cached
    return cached
