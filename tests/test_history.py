"""The history page names each audit action in the reader's language."""

from __future__ import annotations

from app import audit
from app.extensions import db
from app.models import Mission


def test_actions_are_shown_by_name(app, city, signed_in):
    with app.app_context():
        mission = db.session.get(Mission, city.mission.id)
        audit.record(mission, "publish", actor_id=None, old={"is_published": False},
                     new={"is_published": True})  # fmt: skip
        db.session.commit()
    page = signed_in("viewer").get(f"/staff/history/mission/{city.mission.id}")
    html = page.get_data(as_text=True)
    assert "<strong>Published</strong>" in html
    assert "<strong>publish</strong>" not in html
