"""Writing the audit trail: one event per create, update, archive or publish, same transaction."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import inspect

from app.extensions import db
from app.models import AuditEvent

# Columns that change on every write or must never be copied into the trail.
_SKIPPED = frozenset({"created_at", "updated_at", "version", "password_hash"})


def jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def snapshot(obj: Any) -> dict[str, Any]:
    """The column values of a model instance as JSON-ready data (secrets left out)."""
    mapper = inspect(obj).mapper
    return {
        attr.key: jsonable(getattr(obj, attr.key))
        for attr in mapper.column_attrs
        if attr.key not in _SKIPPED
    }


def changed_fields(
    old: dict[str, Any], new: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields that differ between two snapshots, as (old, new)."""
    keys = [k for k in new if old.get(k) != new.get(k)]
    return {k: old.get(k) for k in keys}, {k: new[k] for k in keys}


def record(
    obj: Any,
    action: str,
    *,
    actor_id: int | None,
    old: dict[str, Any] | None = None,
    new: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add an audit event for obj to the session (flushes so obj has its id); never commits."""
    db.session.flush()
    event = unsaved_event(obj, action, actor_id=actor_id, old=old, new=new)
    db.session.add(event)
    db.session.flush()
    return event


def unsaved_event(
    obj: Any,
    action: str,
    *,
    actor_id: int | None,
    old: dict[str, Any] | None = None,
    new: dict[str, Any] | None = None,
) -> AuditEvent:
    """The audit event record() would add, for a flushed obj, not yet in the session: what a
    service that writes many rows at once adds in one go."""
    return AuditEvent(
        actor_id=actor_id,
        entity_type=type(obj).__name__,
        entity_id=obj.id,
        action=action,
        old_values=old,
        new_values=new if new is not None else snapshot(obj),
    )
