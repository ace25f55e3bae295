"""History views: who changed an object, for the roles whose lists show that object."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import aliased

from app.extensions import db
from app.history import bp
from app.models import (
    AuditEvent,
    Department,
    FollowUp,
    Indicator,
    Intervention,
    LearningEntry,
    Measurement,
    Milestone,
    Mission,
    Outcome,
    ProgressUpdate,
    ReportingRound,
    ReviewMeeting,
    StageGate,
    StatusReport,
    User,
)
from app.permissions import Action, authorize, staff_route
from app.reporting.rounds import load_report
from app.translating import translated


def _any_staff(_user: Any, _entity_id: int) -> bool:
    return True  # every staff role lists these (Action.VIEW, checked by the route)


def _own_or_admin(user: Any, entity_id: int) -> bool:
    # Accounts are listed on the admin's user page only; everyone else sees their own.
    return entity_id == user.id or authorize(user, Action.MANAGE_USERS)


# entity name in the URL -> (model, who may read its history: what the role's lists show).
# A history the reader may not see is a 404, as for an object that does not exist. API tokens
# and sign-in sessions have no history page: each person's token list is theirs alone.
ENTITIES: dict[str, tuple[type, Callable[[Any, int], bool]]] = {
    "department": (Department, _any_staff),
    "mission": (Mission, _any_staff),
    "outcome": (Outcome, _any_staff),
    "intervention": (Intervention, _any_staff),
    "milestone": (Milestone, _any_staff),
    "indicator": (Indicator, _any_staff),
    "measurement": (Measurement, _any_staff),
    "update": (ProgressUpdate, _any_staff),
    "learning": (LearningEntry, _any_staff),
    "stage_gate": (StageGate, _any_staff),
    "user": (User, _own_or_admin),
    "meeting": (ReviewMeeting, _any_staff),
    "follow_up": (FollowUp, _any_staff),
    "round": (ReportingRound, _any_staff),
    "report": (StatusReport, _any_staff),
}


def _report_label(report_id: int) -> str | None:
    """A status report has no title of its own: its intervention's, in its round."""
    report = load_report(report_id)
    if report is None:
        return None
    return f"{translated(report.intervention, 'title')} · {translated(report.round, 'title')}"


# Objects whose history page is headed by more than their own title or name.
LABELS: dict[str, Callable[[int], str | None]] = {"report": _report_label}


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
    found = ENTITIES.get(entity)
    if found is None:
        abort(404)
    model, may_read = found
    if not may_read(current_user, entity_id):
        abort(404)
    obj: Any = db.get_or_404(model, entity_id)
    label_of = LABELS.get(entity)
    label = (
        (label_of(entity_id) if label_of is not None else None)
        or getattr(obj, "title", None)
        or getattr(obj, "name", None)
        or f"#{entity_id}"
    )
    return render_template(
        "history/entity.html", label=label, events=list_history(model, entity_id)
    )
