"""Writes of review meetings: create with its agenda, refresh it, notes, follow-ups, held,
minutes and their publication, and closing follow-ups. Each flushes and audits; never commits."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import format_date
from flask_babel import gettext as _

from app import audit, editing
from app.errors import DomainError
from app.extensions import db
from app.meetings.agenda import AgendaEntry, agenda_entries
from app.meetings.queries import OWNER_ROLES, open_follow_ups_before
from app.models import AgendaItem, Department, FollowUp, Mission, ReviewMeeting, User
from app.models.base import utcnow
from app.models.enums import Role
from app.models.meeting import FollowUpKind, MeetingState
from app.reporting.progress import load_progress
from app.translating import Entered, with_entered


def _clean_title(title: str) -> str:
    title = title.strip()
    if not title:
        raise DomainError(_("Give the meeting a title."), "title")
    return title


def create_meeting(
    mission: Mission,
    *,
    title: str,
    meeting_date: date,
    actor_id: int,
    translations: Entered | None = None,
    today: date | None = None,
) -> ReviewMeeting:
    """A planned meeting of mission, its agenda generated from today's statuses."""
    if mission.archived_at is not None:
        raise DomainError(_("This mission is archived; it can have no new meetings."))
    values = with_entered(
        {"title": _clean_title(title), "meeting_date": meeting_date}, None, translations
    )
    meeting = editing.create(
        ReviewMeeting(mission_id=mission.id, created_by_id=actor_id, **values), actor_id=actor_id
    )
    _generate(meeting, mission, actor_id=actor_id, today=today or date.today())
    return meeting


def _item(meeting: ReviewMeeting, position: int, entry: AgendaEntry) -> AgendaItem:
    return AgendaItem(
        meeting_id=meeting.id,
        position=position,
        kind=entry.kind,
        intervention_id=entry.intervention_id,
        indicator_id=entry.indicator_id,
        follow_up_id=entry.follow_up_id,
        subject=entry.subject,
        status=entry.status,
        explanation=entry.explanation,
        facts=entry.facts,
        translations={lang: {"subject": text} for lang, text in entry.subject_translations.items()},
    )


def _subject_translations(current: dict[str, Any], fresh: dict[str, Any]) -> dict[str, Any]:
    """current translations (the notes' included) with the subject's replaced by fresh's."""
    result: dict[str, Any] = {}
    for lang in {*current, *fresh}:
        values = {k: v for k, v in (current.get(lang) or {}).items() if k != "subject"}
        if (fresh.get(lang) or {}).get("subject"):
            values["subject"] = fresh[lang]["subject"]
        if values:
            result[lang] = values
    return result


def _key(item: AgendaItem) -> tuple[Any, ...]:
    subject = item.subject if item.kind == "milestone" else None
    return (item.kind, item.intervention_id, item.indicator_id, item.follow_up_id, subject)


def _generate(
    meeting: ReviewMeeting,
    mission: Mission,
    *,
    actor_id: int,
    today: date,
    existing: list[AgendaItem] | None = None,
) -> int:
    """Write the agenda from the read model's statuses. On a refresh an item still on the
    agenda keeps its notes (its status and explanation are brought up to date); an item that
    left it is removed, unless it has notes: what was said stays on the record."""
    progress = load_progress([mission], published_only=False, today=today)[mission.id]
    entries = agenda_entries(progress, open_follow_ups_before(meeting), today)
    kept = {_key(item): item for item in existing or []}
    position = 0
    for entry in entries:
        position += 1
        old = kept.pop(entry.key, None)
        if old is None:
            db.session.add(_item(meeting, position, entry))
            continue
        fresh = _item(meeting, position, entry)
        old.position, old.status, old.subject = position, fresh.status, fresh.subject
        old.explanation, old.facts = fresh.explanation, fresh.facts
        old.translations = _subject_translations(old.translations, fresh.translations)
    for item in kept.values():
        if item.notes.strip():
            position += 1
            item.position = position
        else:
            db.session.delete(item)
    meeting.agenda_generated_at = utcnow()
    db.session.flush()
    audit.record(meeting, "agenda", actor_id=actor_id, new={"items": position})
    return position


def refresh_agenda(
    meeting: ReviewMeeting, *, expected_version: int, actor_id: int, today: date | None = None
) -> int:
    """Generate a planned meeting's agenda again from today's statuses; returns its length."""
    editing.check_version(meeting, expected_version)
    if meeting.state != MeetingState.PLANNED:
        raise DomainError(_("The meeting has been held: its agenda is the record and stays."))
    existing = list(
        db.session.scalars(db.select(AgendaItem).where(AgendaItem.meeting_id == meeting.id))
    )
    count = _generate(
        meeting, meeting.mission, actor_id=actor_id, today=today or date.today(), existing=existing
    )
    _bump(meeting)
    return count


def _bump(meeting: ReviewMeeting) -> None:
    """Move the meeting's version (a change of its agenda counts), so a form loaded before is
    refused."""
    meeting.updated_at = utcnow()
    db.session.flush()


def update_meeting(
    meeting: ReviewMeeting,
    *,
    title: str,
    meeting_date: date,
    minutes: str,
    expected_version: int,
    actor_id: int,
    translations: Entered | None = None,
    today: date | None = None,
) -> ReviewMeeting:
    """Change a meeting's title, date and minutes."""
    today = today or date.today()
    if meeting.state == MeetingState.HELD and meeting_date > today:
        raise DomainError(
            _("A meeting that has been held cannot be dated in the future."), "meeting_date"
        )
    values = with_entered(
        {"title": _clean_title(title), "meeting_date": meeting_date, "minutes": minutes.strip()},
        meeting,
        translations,
    )
    editing.update(meeting, values, expected_version=expected_version, actor_id=actor_id)
    return meeting


def hold_meeting(
    meeting: ReviewMeeting, *, expected_version: int, actor_id: int, today: date | None = None
) -> bool:
    """Mark a planned meeting held: its agenda becomes the record. False when it already was."""
    today = today or date.today()
    editing.check_version(meeting, expected_version)
    if meeting.state == MeetingState.HELD:
        return False
    if meeting.meeting_date > today:
        raise DomainError(_("The meeting is dated %(date)s: it cannot be held before then.",
                            date=format_date(meeting.meeting_date, "medium")))  # fmt: skip
    editing.update(
        meeting,
        {"state": MeetingState.HELD},
        expected_version=expected_version,
        actor_id=actor_id,
        action="hold",
    )
    return True


def set_minutes_published(
    meeting: ReviewMeeting, published: bool, *, expected_version: int, actor_id: int
) -> bool:
    """Publish the minutes of a held meeting on the public mission page, or take them off."""
    editing.check_version(meeting, expected_version)
    if published and meeting.state != MeetingState.HELD:
        raise DomainError(_("Only the minutes of a meeting that has been held can be published."))
    if published and not meeting.minutes.strip():
        raise DomainError(_("Write the minutes before publishing them."))
    if meeting.minutes_published == published:
        return False
    values: dict[str, Any] = {"minutes_published": published}
    if published:
        values["published_at"] = utcnow()
    editing.update(
        meeting,
        values,
        expected_version=expected_version,
        actor_id=actor_id,
        action="publish" if published else "unpublish",
    )
    return True


def save_item_notes(
    item: AgendaItem,
    *,
    notes: str,
    expected_version: int,
    actor_id: int,
    translations: Entered | None = None,
) -> AgendaItem:
    """The discussion notes of one agenda item."""
    values = with_entered({"notes": notes.strip()}, item, translations)
    editing.update(item, values, expected_version=expected_version, actor_id=actor_id)
    return item


def _owner(owner_id: int | None) -> User | None:
    if owner_id is None:
        return None
    owner = db.session.get(User, owner_id)
    if owner is None or not owner.active or owner.role not in OWNER_ROLES:
        raise DomainError(_("Choose an owner from the active staff who do the work."), "owner_id")
    return owner


def record_follow_up(
    meeting: ReviewMeeting,
    *,
    kind: str,
    text: str,
    owner_id: int | None,
    department_id: int | None,
    due_on: date | None,
    actor_id: int,
    translations: Entered | None = None,
) -> FollowUp:
    """A decision, or an action with an owner (a person and/or a department) and a due date.

    A department lead who owns an action owns it for their department, so the department's
    lead can close it (app.permissions); an action cannot fall due before the meeting."""
    text = text.strip()
    if not text:
        raise DomainError(_("Say what was decided or what is to be done."), "text")
    try:
        kind_value = FollowUpKind(kind)
    except ValueError:
        raise DomainError(_("Choose a decision or an action."), "kind") from None
    owner = _owner(owner_id)
    department = db.session.get(Department, department_id) if department_id is not None else None
    if department_id is not None and department is None:
        raise DomainError(_("Choose a department from the list."), "department_id")
    if owner is not None and owner.role == Role.DEPARTMENT_LEAD:
        if department is not None and department.id != owner.department_id:
            raise DomainError(
                _("This owner leads another department: choose theirs, or no department."),
                "department_id",
            )
        department_id = owner.department_id
    if kind_value is FollowUpKind.ACTION:
        if owner is None and department_id is None:
            raise DomainError(_("An action needs an owner: a person or a department."), "owner_id")
        if due_on is None:
            raise DomainError(_("An action needs a due date."), "due_on")
    if due_on is not None and due_on < meeting.meeting_date:
        raise DomainError(_("The due date cannot be before the meeting."), "due_on")
    values = with_entered(
        {
            "kind": kind_value,
            "text": text,
            "owner_id": owner.id if owner is not None else None,
            "department_id": department_id,
            "due_on": due_on,
        },
        None,
        translations,
    )
    return editing.create(
        FollowUp(meeting_id=meeting.id, recorded_by_id=actor_id, **values), actor_id=actor_id
    )


def close_follow_up(
    follow_up: FollowUp,
    *,
    note: str,
    expected_version: int,
    actor_id: int,
    translations: Entered | None = None,
) -> FollowUp:
    """Close an open action with a note on what was done; it leaves My work and the agenda."""
    if follow_up.kind != FollowUpKind.ACTION:
        raise DomainError(_("A decision is a record: there is nothing to close."))
    if follow_up.closed_at is not None:
        raise DomainError(_("This follow-up is already closed."))
    note = note.strip()
    if not note:
        raise DomainError(_("Say what was done (or why it is closed)."), "closing_note")
    values = with_entered(
        {"closed_at": utcnow(), "closed_by_id": actor_id, "closing_note": note},
        follow_up,
        translations,
    )
    editing.update(
        follow_up, values, expected_version=expected_version, actor_id=actor_id, action="close"
    )
    return follow_up
