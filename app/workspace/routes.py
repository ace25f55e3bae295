"""The "My work" page."""

from __future__ import annotations

from datetime import date

from flask import render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user

from app.models.enums import Role
from app.permissions import Action, staff_route
from app.translating import language_name
from app.workspace import bp
from app.workspace.queries import data_due, reviews_due, updates_due
from app.workspace.translation_status import count_translation_gaps, translation_gaps


@bp.get("/")
@staff_route(Action.VIEW)
def home() -> ResponseReturnValue:
    """What the user owes: their department's updates and data, or the whole city's overdue."""
    today = date.today()
    department_id = (
        current_user.department_id if current_user.role == Role.DEPARTMENT_LEAD else None
    )
    office = current_user.role in (Role.ADMIN, Role.MISSION_OFFICE)
    updates = updates_due(department_id, today)
    data = data_due(department_id, today)
    if department_id is None:
        # The mission office and viewers see what is overdue across every department.
        updates = [row for row in updates if row.overdue]
        data = [row for row in data if row.overdue]
    return render_template(
        "workspace/home.html", updates=updates, data=data, scoped=department_id is not None,
        today=today, reviews=reviews_due(department_id),
        translation_gaps=count_translation_gaps() if office else None,
    )  # fmt: skip


@bp.get("/translations")
@staff_route(Action.VIEW)
def translations() -> ResponseReturnValue:
    """Published content that lacks a translation, per language and kind, with edit links."""
    return render_template(
        "workspace/translations.html", languages=translation_gaps(), language_name=language_name
    )
