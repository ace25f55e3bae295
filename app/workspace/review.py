"""The mission office's review queue: drafts awaiting publication, published or returned in bulk.

A draft is in the queue until it is published, or returned to its author with a comment. A
returned draft keeps its text; when its author changes it (its version moves on) it is back in the
queue. A batch is all or nothing: one stale version, one item that is gone, archived, already
published or not the reviewer's to publish refuses the whole batch with a message naming it.
Every item published or returned gets its own audit event and review decision.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, Select, exists, select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.exc import StaleDataError

from app import audit, editing
from app.database import check_text
from app.errors import DomainError
from app.extensions import db
from app.measurements import rules
from app.measurements.queries import find_measurement
from app.models import (
    HEADLINE,
    AuditEvent,
    Department,
    Indicator,
    Intervention,
    LearningEntry,
    Measurement,
    Mission,
    PendingValue,
    ProgressUpdate,
    ReviewDecision,
)
from app.models.base import utcnow
from app.models.review import PUBLISHED, RETURNED
from app.permissions import Action, authorize
from app.reporting.visibility import intervention_is_live

# The kinds of draft in the queue, by the key the form posts, and their audit entity type.
UPDATE, INTERVENTION, INDICATOR, VALUE = "update", "intervention", "indicator", "value"
LEARNING = "learning"  # an entry of an intervention's learning log
MODELS: dict[str, Any] = {
    UPDATE: ProgressUpdate,
    LEARNING: LearningEntry,
    INTERVENTION: Intervention,
    INDICATOR: Indicator,
    VALUE: PendingValue,
}
MAX_BATCH = 500
MAX_COMMENT = 2000
# The author's "My work" shows decisions of this many recent days.
DECISION_DAYS = 30


class ReviewRefused(DomainError):
    """The batch was refused as a whole; nothing was published or returned."""


@dataclass(frozen=True)
class QueueItem:
    """One draft awaiting publication."""

    kind: str
    id: int
    version: int
    title: str
    department_code: str
    detail: str
    changed_at: datetime
    link_id: int  # what the item's page is about: the intervention or indicator

    @property
    def key(self) -> str:
        """What the form posts: kind, id and the version shown."""
        return f"{self.kind}:{self.id}:{self.version}"


def _not_returned(kind: str, model: Any) -> ColumnElement[bool]:
    """The draft was not returned at its current version (returned, then changed: back in)."""
    return ~exists().where(
        ReviewDecision.entity_type == model.__name__,
        ReviewDecision.entity_id == model.id,
        ReviewDecision.version == model.version,
        ReviewDecision.decision == RETURNED,
    )


def _drafts_of_live_interventions(model: Any, kind: str) -> Select[Any]:
    """Unpublished rows of model (updates, learning-log entries) on live interventions of live
    missions, not returned at their version, with the intervention's title and department."""
    return (
        select(model, Intervention.title, Department.code)
        .join(Intervention, Intervention.id == model.intervention_id)
        .join(Department, Department.id == Intervention.lead_department_id)
        .join(Mission, Mission.id == Intervention.mission_id)
        .where(
            model.is_published.is_(False),
            intervention_is_live(),
            Mission.archived_at.is_(None),
            _not_returned(kind, model),
        )
    )


def review_queue() -> list[QueueItem]:
    """Every draft awaiting publication, oldest change first: five queries, whatever their
    number."""
    items: list[QueueItem] = []
    updates = _drafts_of_live_interventions(ProgressUpdate, UPDATE)
    for update, title, code in db.session.execute(updates):
        items.append(
            QueueItem(
                UPDATE, update.id, update.version,
                _("Update of %(title)s, %(date)s", title=title,
                  date=update.reported_on.isoformat()),
                code, update.summary[:200], update.updated_at, update.intervention_id,
            )
        )  # fmt: skip
    entries = _drafts_of_live_interventions(LearningEntry, LEARNING)
    for entry, title, code in db.session.execute(entries):
        items.append(
            QueueItem(
                LEARNING, entry.id, entry.version,
                _("Learning log of %(title)s: %(entry)s", title=title, entry=entry.title),
                code, entry.body[:200], entry.updated_at, entry.intervention_id,
            )
        )  # fmt: skip
    for kind, model, department in (
        (INTERVENTION, Intervention, Intervention.lead_department_id),
        (INDICATOR, Indicator, Indicator.department_id),
    ):
        stmt = (
            select(model, Department.code)
            .join(Department, Department.id == department)
            .join(Mission, Mission.id == model.mission_id)
            .where(
                model.is_published.is_(False),
                model.archived_at.is_(None),
                Mission.archived_at.is_(None),
                _not_returned(kind, model),
            )
        )
        for obj, code in db.session.execute(stmt):
            items.append(
                QueueItem(kind, obj.id, obj.version, obj.title, code, "", obj.updated_at, obj.id)
            )
    values = (
        select(PendingValue, Indicator.title, Indicator.unit, Department.code)
        .join(Indicator, Indicator.id == PendingValue.indicator_id)
        .join(Department, Department.id == Indicator.department_id)
        .where(Indicator.archived_at.is_(None), _not_returned(VALUE, PendingValue))
    )
    for value, title, unit, code in db.session.execute(values):
        items.append(
            QueueItem(
                VALUE, value.id, value.version, title, code,
                f"{value.period.isoformat()}: {rules.plain_number(value.value)} {unit}",
                value.updated_at, value.indicator_id,
            )
        )  # fmt: skip
    return sorted(items, key=lambda item: (item.changed_at, item.kind, item.id))


def decisions_for(user_id: int, today: date) -> list[ReviewDecision]:
    """What the mission office published or returned of a user's work lately, newest first."""
    since = datetime.combine(today - timedelta(days=DECISION_DAYS), datetime.min.time())
    stmt = (
        select(ReviewDecision)
        .where(
            ReviewDecision.author_id == user_id,
            ReviewDecision.decided_at >= since.replace(tzinfo=utcnow().tzinfo),
        )
        .order_by(ReviewDecision.decided_at.desc(), ReviewDecision.id.desc())
        .limit(50)
    )
    return list(db.session.scalars(stmt))


# ---- the batch ----


def parse_keys(raw: Sequence[str]) -> list[tuple[str, int, int]]:
    """The posted 'kind:id:version' keys; a malformed one refuses the batch."""
    if not raw:
        raise ReviewRefused(_("Select at least one draft."), "items")
    if len(raw) > MAX_BATCH:
        raise ReviewRefused(_("Select at most %(n)d drafts at once.", n=MAX_BATCH), "items")
    keys = []
    for text in raw:
        parts = str(text).split(":")
        if (
            len(parts) != 3
            or parts[0] not in MODELS
            or not all(part.isascii() and part.isdigit() and len(part) < 10 for part in parts[1:])
        ):
            raise ReviewRefused(_("The selection was not understood. Reload the page."), "items")
        keys.append((parts[0], int(parts[1]), int(parts[2])))
    if len({(kind, item_id) for kind, item_id, _version in keys}) != len(keys):
        raise ReviewRefused(_("The selection was not understood. Reload the page."), "items")
    return keys


def _load(keys: list[tuple[str, int, int]]) -> dict[tuple[str, int], Any]:
    """The selected rows, one query per kind."""
    found: dict[tuple[str, int], Any] = {}
    for kind, model in MODELS.items():
        ids = [item_id for key_kind, item_id, _version in keys if key_kind == kind]
        if not ids:
            continue
        stmt = select(model).where(model.id.in_(ids))
        if kind == UPDATE:
            stmt = stmt.options(joinedload(ProgressUpdate.intervention))
        elif kind == LEARNING:
            stmt = stmt.options(joinedload(LearningEntry.intervention))
        elif kind == VALUE:
            stmt = stmt.options(joinedload(PendingValue.indicator))
        for obj in db.session.scalars(stmt):
            found[(kind, obj.id)] = obj
    return found


def _title(kind: str, obj: Any) -> str:
    if kind == UPDATE:
        return str(
            _(
                "Update of %(title)s, %(date)s",
                title=obj.intervention.title,
                date=obj.reported_on.isoformat(),
            )
        )
    if kind == VALUE:
        return f"{obj.indicator.title}, {obj.period.isoformat()}"
    if kind == LEARNING:
        return str(
            _("Learning log of %(title)s: %(entry)s", title=obj.intervention.title,
              entry=obj.title)
        )  # fmt: skip
    return str(obj.title)


def _archived(kind: str, obj: Any) -> bool:
    if kind in (UPDATE, LEARNING):
        return obj.intervention.archived_at is not None
    if kind == VALUE:
        return obj.indicator.archived_at is not None
    return obj.archived_at is not None


def _checked(keys: list[tuple[str, int, int]], actor: Any) -> list[tuple[str, Any, int]]:
    """The selected drafts, each still a draft at the version shown and the actor's to review."""
    found = _load(keys)
    checked = []
    for kind, item_id, version in keys:
        obj = found.get((kind, item_id))
        if obj is None:
            raise ReviewRefused(
                _("One of the selected drafts no longer exists. Nothing was changed."), "items"
            )
        title = _title(kind, obj)
        if not authorize(actor, Action.PUBLISH, obj):
            raise ReviewRefused(
                _("You may not review %(title)s. Nothing was changed.", title=title), "items"
            )
        if obj.version != version:
            raise ReviewRefused(
                _(
                    "%(title)s was changed after the queue was opened. Nothing was changed: "
                    "reload the queue and check it again.",
                    title=title,
                ),
                "items",
            )
        if kind != VALUE and obj.is_published:
            raise ReviewRefused(
                _("%(title)s is already published. Nothing was changed.", title=title), "items"
            )
        if _archived(kind, obj):
            raise ReviewRefused(
                _("%(title)s is archived. Nothing was changed.", title=title), "items"
            )
        checked.append((kind, obj, version))
    return checked


def _authors(checked: list[tuple[str, Any, int]]) -> dict[tuple[str, int], int | None]:
    """Who wrote each draft: an update's or value's author; for an intervention or indicator,
    whoever changed it last (from the audit trail, one query)."""
    authors: dict[tuple[str, int], int | None] = {}
    audited: dict[str, list[int]] = {}
    for kind, obj, _version in checked:
        if kind in (UPDATE, VALUE, LEARNING):
            authors[(kind, obj.id)] = obj.author_id
        else:
            audited.setdefault(type(obj).__name__, []).append(obj.id)
            authors[(kind, obj.id)] = None
    if audited:
        kinds = {model.__name__: kind for kind, model in MODELS.items()}
        stmt = (
            select(AuditEvent.entity_type, AuditEvent.entity_id, AuditEvent.actor_id)
            .where(
                AuditEvent.entity_type.in_(list(audited)),
                AuditEvent.entity_id.in_({i for ids in audited.values() for i in ids}),
                AuditEvent.action.in_(("create", "update")),
            )
            .order_by(AuditEvent.id)
        )
        for entity_type, entity_id, actor_id in db.session.execute(stmt):
            key = (kinds[entity_type], entity_id)
            if key in authors and entity_id in audited.get(entity_type, []):
                authors[key] = actor_id
    return authors


def _decide(
    kind: str, obj: Any, version: int, decision: str, comment: str, actor: Any, author: int | None
) -> None:
    db.session.add(
        ReviewDecision(
            entity_type=type(obj).__name__, entity_id=obj.id, version=version, decision=decision,
            title=_title(kind, obj)[:200], comment=comment, reviewer_id=actor.id, author_id=author,
        )
    )  # fmt: skip


def _publish_value(pending: PendingValue, actor: Any, today: date) -> None:
    """A reviewed value becomes a measurement (new or a correction), audited; the pending row
    goes, with its own audit event."""
    indicator = pending.indicator
    title = _title(VALUE, pending)
    current = find_measurement(indicator.id, HEADLINE, pending.period)
    try:
        if current is None:
            rules.check_new_value(
                indicator, period=pending.period, breakdown=HEADLINE, value=pending.value,
                status=pending.status, source_note=pending.source_note, today=today,
            )  # fmt: skip
            editing.create(
                Measurement(
                    indicator_id=indicator.id, period=pending.period, breakdown=HEADLINE,
                    value=pending.value, status=pending.status, source_note=pending.source_note,
                    entered_by_id=pending.author_id,
                ),
                actor_id=actor.id,
            )  # fmt: skip
        else:
            rules.check_correction(
                indicator, value=pending.value, status=pending.status,
                source_note=pending.source_note,
            )  # fmt: skip
            editing.update(
                current,
                {"value": pending.value, "status": pending.status,
                 "source_note": pending.source_note},
                expected_version=current.version,
                actor_id=actor.id,
            )  # fmt: skip
    except DomainError as error:
        raise ReviewRefused(
            _("%(title)s: %(reason)s Nothing was changed.", title=title, reason=error.message),
            "items",
        ) from None
    audit.record(pending, "publish", actor_id=actor.id, old=None, new=audit.snapshot(pending))
    db.session.delete(pending)


def publish_batch(raw: Sequence[str], *, actor: Any, today: date) -> int:
    """Publish every selected draft, or none (flushes; the view commits). Returns how many."""
    checked = _checked(parse_keys(raw), actor)
    authors = _authors(checked)
    try:
        for kind, obj, version in checked:
            author = authors.get((kind, obj.id))
            _decide(kind, obj, version, PUBLISHED, "", actor, author)
            if kind == VALUE:
                _publish_value(obj, actor, today)
            else:
                editing.set_published(obj, True, actor_id=actor.id)
        db.session.flush()
    except StaleDataError:
        raise ReviewRefused(
            _("A selected draft was changed while publishing. Nothing was changed."), "items"
        ) from None
    return len(checked)


def return_batch(raw: Sequence[str], comment: str, *, actor: Any) -> int:
    """Return every selected draft to its author with the comment, or none. The drafts keep
    their text; each return is audited. Returns how many."""
    comment = comment.strip()
    if not comment:
        raise ReviewRefused(_("Write a comment that tells the author what to change."), "comment")
    if len(comment) > MAX_COMMENT:
        raise ReviewRefused(_("Keep the comment to %(n)d characters.", n=MAX_COMMENT), "comment")
    check_text(comment, "comment")
    checked = _checked(parse_keys(raw), actor)
    authors = _authors(checked)
    for kind, obj, version in checked:
        _decide(kind, obj, version, RETURNED, comment, actor, authors.get((kind, obj.id)))
        audit.record(
            obj, "return", actor_id=actor.id, old=None, new={"comment": comment, "version": version}
        )
    return len(checked)
