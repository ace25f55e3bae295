"""Changing rows safely: version check, audit of the changed fields, publish, archive, restore.

The publishing policy lives here: only the mission office publishes, so when someone who may not
publish changes published work, it goes back to draft for review (returns_to_review). Archive and
restore are the mission office's (Action.ARCHIVE); a restored row comes back as a draft.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError

from app import audit
from app.extensions import db
from app.models.base import Base, utcnow
from app.permissions import Action, authorize

Row = TypeVar("Row", bound=Base)


@dataclass
class EditConflict(Exception):
    """Someone saved the row after this form was loaded; nothing was overwritten."""

    obj: Any
    theirs: dict[str, Any]
    mine: dict[str, Any]


def create(obj: Row, *, actor_id: int | None) -> Row:
    """Add a new row and its 'create' audit event (flushes; never commits)."""
    db.session.add(obj)
    audit.record(obj, "create", actor_id=actor_id)
    return obj


def check_version(
    obj: Any,
    expected_version: int,
    *,
    mine: dict[str, Any] | None = None,
    theirs: dict[str, Any] | None = None,
) -> None:
    """Raise EditConflict unless obj is still at the version the form was loaded at.

    theirs (default: obj's columns now) and mine (what the form tried to save; default: the same
    as theirs, for a step that saves no values of its own) fill the conflict page.
    """
    if obj.version != expected_version:
        stored = audit.snapshot(obj) if theirs is None else theirs
        raise EditConflict(obj=obj, theirs=stored, mine=stored if mine is None else mine)


def flush_versioned(obj: Any, *, mine: dict[str, Any] | None = None) -> None:
    """Flush obj's changes under its version counter: when another save got in between, roll
    back and raise EditConflict (theirs: the row as it now is)."""
    try:
        db.session.flush()
    except StaleDataError:
        db.session.rollback()
        db.session.refresh(obj)
        stored = audit.snapshot(obj)
        raise EditConflict(obj=obj, theirs=stored, mine=stored if mine is None else mine) from None


def update(
    obj: Any,
    changes: dict[str, Any],
    *,
    expected_version: int,
    actor_id: int | None,
    related_old: dict[str, Any] | None = None,
    related_new: dict[str, Any] | None = None,
    action: str = "update",
) -> bool:
    """Apply changes if obj is still at expected_version; audit what changed.

    related_old and related_new describe rows that belong to obj (its interim targets, its
    partners) as JSON values, before and after this save; the caller has already written those
    rows (on a conflict the view's rollback drops them). They go into the same audit event as the
    columns, and when only they changed the row's version still moves, so a second form loaded
    before this save is refused as a conflict.

    The audit event's action is ``update`` unless a step names its own (``hold``, ``close``).
    Returns False when nothing changed. Raises EditConflict when the row moved on, before or
    during the write (the version counter makes the UPDATE match no row then).
    """
    related_old, related_new = related_old or {}, related_new or {}
    before = audit.snapshot(obj) | related_old
    mine = _jsonable(changes) | related_new
    check_version(obj, expected_version, mine=mine, theirs=before)
    for key, value in changes.items():
        setattr(obj, key, value)
    old, new = audit.changed_fields(before, audit.snapshot(obj) | related_new)
    if not new:
        return False
    if new.keys() <= related_new.keys():
        obj.updated_at = utcnow()  # so the row's UPDATE (and its version check) still runs
    flush_versioned(obj, mine=mine)
    audit.record(obj, action, actor_id=actor_id, old=old, new=new)
    return True


def copy_title(title: str, limit: int = 200) -> str:
    """The title of a duplicate: 'Title (copy)', the original shortened to fit the column."""
    suffix = str(_(" (copy)"))
    return title[: limit - len(suffix)].rstrip() + suffix


def set_published(obj: Any, published: bool, *, actor_id: int | None) -> bool:
    """Publish or unpublish; returns False when it already was so."""
    if bool(obj.is_published) == published:
        return False
    obj.is_published = published
    obj.published_at = utcnow() if published else obj.published_at
    db.session.flush()
    audit.record(
        obj,
        "publish" if published else "unpublish",
        actor_id=actor_id,
        old={"is_published": not published},
        new={"is_published": published},
    )
    return True


def returns_to_review(obj: Any, actor: Any) -> bool:
    """Whether actor's change to obj would take it off the public pages for review.

    True for published work changed by someone who may not publish (a department lead): the
    public never sees text the mission office has not reviewed. The office's own edits stay
    published. The forms use this to warn before saving.
    """
    return bool(obj is not None and obj.is_published and not authorize(actor, Action.PUBLISH))


def send_back_to_review(obj: Any, *, actor: Any) -> bool:
    """After actor changed obj: unpublish it (audited) when returns_to_review says so.

    Returns True when obj went back to draft. Call it only when the save changed something.
    """
    if not returns_to_review(obj, actor):
        return False
    return set_published(obj, False, actor_id=actor.id)


def archive(obj: Any, *, actor_id: int | None) -> bool:
    """Archive instead of deleting; archived rows leave lists and public pages."""
    if obj.archived_at is not None:
        return False
    obj.archived_at = utcnow()
    obj.is_published = False
    db.session.flush()
    audit.record(
        obj, "archive", actor_id=actor_id, old={"archived_at": None},
        new={"archived_at": obj.archived_at.isoformat()},
    )  # fmt: skip
    return True


def restore(obj: Any, *, actor_id: int | None) -> bool:
    """Bring an archived row back as a draft (never straight to the public pages); audited."""
    if obj.archived_at is None:
        return False
    archived_at = obj.archived_at
    obj.archived_at = None
    obj.is_published = False
    db.session.flush()
    audit.record(
        obj, "restore", actor_id=actor_id,
        old={"archived_at": archived_at.isoformat(), "is_published": False},
        new={"archived_at": None, "is_published": False},
    )  # fmt: skip
    return True


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    return {key: audit.jsonable(value) for key, value in values.items()}
