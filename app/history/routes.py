"""History views."""

from __future__ import annotations

from flask import abort, render_template
from flask.typing import ResponseReturnValue
from sqlalchemy import select
from sqlalchemy.orm import aliased

from app.extensions import db
from app.history import bp
from app.models import (
    AuditEvent,
    Department,
    Indicator,
    Intervention,
    Measurement,
    Milestone,
    Mission,
    Outcome,
    ProgressUpdate,
    User,
)
from app.permissions import Action, staff_route

ENTITIES = {
    "department": Department,
    "mission": Mission,
    "outcome": Outcome,
    "intervention": Intervention,
    "milestone": Milestone,
    "indicator": Indicator,
    "measurement": Measurement,
    "update": ProgressUpdate,
    "user": User,
}


def list_history(model: type, entity_id: int) -> list[tuple[AuditEvent, str | None]]:
    """The audit events of one object, newest first, with the actor's name."""
    actor = aliased(User)
    stmt = (
        select(AuditEvent, actor.name)
        .outerjoin(actor, actor.id == AuditEvent.actor_id)
        .where(AuditEvent.entity_type == model.__name__, AuditEvent.entity_id == entity_id)
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
    )
    return [(event, name) for event, name in db.session.execute(stmt)]


@bp.get("/<entity>/<int:entity_id>")
@staff_route(Action.VIEW)
def entity(entity: str, entity_id: int) -> ResponseReturnValue:
    """Who changed this object, when, and from what to what."""
    model = ENTITIES.get(entity)
    if model is None:
        abort(404)
    obj = db.get_or_404(model, entity_id)
    label = getattr(obj, "title", None) or getattr(obj, "name", None) or f"#{entity_id}"
    return render_template(
        "history/entity.html", label=label, events=list_history(model, entity_id)
    )
