"""Department writes: flush, never commit."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from app import editing
from app.errors import DomainError
from app.extensions import db
from app.models import Department
from app.translating import Entered, merged_entered


def _check_unique(name: str, code: str, department_id: int | None) -> None:
    for column, value, field, message in (
        (Department.name, name, "name", _("Another department has this name.")),
        (Department.code, code, "code", _("Another department has this code.")),
    ):
        clash = db.session.scalar(select(Department.id).where(func.lower(column) == value.lower()))
        if clash is not None and clash != department_id:
            raise DomainError(message, field)


def save_department(
    department: Department | None,
    *,
    name: str,
    code: str,
    colour: str,
    translations: Entered | None = None,
    expected_version: int | None,
    actor_id: int,
    values_need_review: bool = False,
) -> Department:
    """Create (department None) or update a department."""
    name, code, colour = name.strip(), code.strip().upper(), colour.lower()
    _check_unique(name, code, department.id if department else None)
    values: dict[str, object] = {
        "name": name,
        "code": code,
        "colour": colour,
        "values_need_review": values_need_review,
    }
    if translations is not None:
        values["translations"] = merged_entered(
            department.translations if department else None, translations
        )
    if department is None:
        return editing.create(Department(**values), actor_id=actor_id)
    editing.update(
        department,
        values,
        expected_version=expected_version or 0,
        actor_id=actor_id,
    )
    return department
