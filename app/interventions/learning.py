"""Learning-log writes (entries, publishing, stage moves through their gate, the gates' settings):
flush, never commit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from app import audit, editing
from app.database import check_columns
from app.errors import DomainError
from app.extensions import db
from app.interventions import gates
from app.models import Indicator, Intervention, LearningEntry, StageGate
from app.models.enums import Decision, LearningKind, Stage
from app.translating import Entered, with_entered


@dataclass(frozen=True)
class EntryData:
    """What the learning entry form submits."""

    kind: str
    entered_on: date
    title: str
    body: str = ""
    with_whom: str = ""
    evidence_url: str = ""
    indicator_id: int | None = None
    decision: str | None = None
    translations: Entered = field(default_factory=dict)

    def columns(self) -> dict[str, Any]:
        """The columns to store: each kind keeps only its own fields."""
        kind = self.kind
        return {
            "kind": kind,
            "entered_on": self.entered_on,
            "title": self.title.strip(),
            "body": (self.body or "").strip(),
            "with_whom": (self.with_whom or "").strip() if kind == LearningKind.TEST else "",
            "evidence_url": (self.evidence_url or "").strip()
            if kind == LearningKind.RESULT
            else "",
            "indicator_id": self.indicator_id if kind == LearningKind.RESULT else None,
            "decision": (self.decision or None) if kind == LearningKind.DECISION else None,
        }


def check_evidence_url(url: str) -> None:
    """A link to evidence: http or https with a host, nothing else (no javascript:, no files)."""
    if not url:
        return
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        host = None
        parts = None
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not host
        or any(ch.isspace() for ch in url)
    ):
        raise DomainError(
            _("Give a web address starting with http:// or https://."), "evidence_url"
        )


def _ensure_live(intervention: Intervention) -> None:
    if intervention.archived_at is not None:
        raise DomainError(_("This intervention is archived; it can no longer be changed."))


def _check_indicator(
    intervention: Intervention, entry: LearningEntry | None, indicator_id: int | None
) -> None:
    if indicator_id is None or (entry is not None and indicator_id == entry.indicator_id):
        return  # none, or the one it linked already (even if archived since)
    mission_id = db.session.scalar(
        select(Indicator.mission_id).where(
            Indicator.id == indicator_id, Indicator.archived_at.is_(None)
        )
    )
    if mission_id != intervention.mission_id:
        raise DomainError(_("Choose an indicator of this mission."), "indicator_id")


def _check_entry(
    intervention: Intervention, entry: LearningEntry | None, values: dict[str, Any], today: date
) -> None:
    _ensure_live(intervention)
    if values["kind"] not in {kind.value for kind in LearningKind}:
        raise DomainError(_("Choose what the entry records."), "kind")
    if not values["title"]:
        raise DomainError(_("Give the entry a title."), "title")
    check_columns(LearningEntry, values)
    if values["entered_on"] > today:
        raise DomainError(_("The date cannot be in the future."), "entered_on")
    if values["kind"] == LearningKind.DECISION and values["decision"] not in {
        decision.value for decision in Decision
    }:
        raise DomainError(_("Choose what was decided."), "decision")
    if (
        entry is not None
        and entry.to_stage is not None
        and (values["kind"] != entry.kind or values["decision"] != entry.decision)
    ):
        raise DomainError(
            _("This decision moved the intervention's stage: what it decided stays as it was."),
            "kind",
        )
    if (
        values["kind"] == LearningKind.DECISION
        and values["decision"] == Decision.STOP
        and (entry is None or entry.to_stage is None)
    ):
        raise DomainError(
            _("To stop the intervention, use Change stage: stopping goes through its gate."),
            "decision",
        )
    check_evidence_url(values["evidence_url"])
    _check_indicator(intervention, entry, values["indicator_id"])


def save_entry(
    entry: LearningEntry | None,
    intervention: Intervention,
    data: EntryData,
    *,
    expected_version: int,
    actor: Any,
    today: date | None = None,
) -> LearningEntry:
    """Create a draft entry (entry None) or change one; a published entry changed by someone
    who may not publish goes back to review (editing.send_back_to_review)."""
    today = today or date.today()
    values = data.columns()
    _check_entry(intervention, entry, values, today)
    with_entered(values, entry, data.translations)
    if entry is None:
        return editing.create(
            LearningEntry(intervention_id=intervention.id, author_id=actor.id, **values),
            actor_id=actor.id,
        )
    if editing.update(entry, values, expected_version=expected_version, actor_id=actor.id):
        editing.send_back_to_review(entry, actor=actor)
    return entry


def set_entry_published(entry: LearningEntry, published: bool, *, actor_id: int) -> bool:
    """Publish or unpublish a learning entry; an archived intervention's entries stay drafts."""
    if published:
        _ensure_live(entry.intervention)
    return editing.set_published(entry, published, actor_id=actor_id)


@dataclass(frozen=True)
class StageMove:
    """What the stage-change form submits: the target stage and the decision entry."""

    to_stage: str
    decision: str
    entered_on: date
    title: str
    answers: Sequence[str]
    body: str = ""
    translations: Entered = field(default_factory=dict)


def change_stage(
    intervention: Intervention,
    move: StageMove,
    *,
    expected_version: int,
    actor: Any,
    today: date | None = None,
) -> LearningEntry:
    """Move the intervention through the gate of its target stage: record the decision entry
    (with both stages and the answers) and set the stage and the day it entered it, together.
    A refused gate raises before anything is written."""
    today = today or date.today()
    _ensure_live(intervention)
    editing.check_version(
        intervention,
        expected_version,
        mine={"stage": move.to_stage},
        theirs={"stage": str(intervention.stage)},
    )
    values = {
        "kind": LearningKind.DECISION.value,
        "entered_on": move.entered_on,
        "title": move.title.strip(),
        "body": (move.body or "").strip(),
        "decision": move.decision,
        "with_whom": "",
        "evidence_url": "",
        "indicator_id": None,
    }
    if move.decision not in {decision.value for decision in Decision}:
        raise gates.GateRefused(_("Choose what was decided."), (), "decision")
    if not values["title"]:
        raise DomainError(_("Give the decision a title."), "title")
    check_columns(LearningEntry, values)
    _gate, answers = gates.check_move(
        intervention,
        move.to_stage,
        decision=move.decision,
        answers=move.answers,
        entered_on=move.entered_on,
        today=today,
    )
    with_entered(values, None, move.translations)
    entry = editing.create(
        LearningEntry(
            intervention_id=intervention.id,
            author_id=actor.id,
            from_stage=intervention.stage,
            to_stage=move.to_stage,
            gate_answers=answers,
            **values,
        ),
        actor_id=actor.id,
    )
    editing.update(
        intervention,
        {"stage": Stage(move.to_stage), "stage_since": move.entered_on},
        expected_version=expected_version,
        actor_id=actor.id,
    )
    editing.send_back_to_review(intervention, actor=actor)
    return entry


def _first_gate(stage: Stage, values: dict[str, Any], *, actor_id: int) -> StageGate:
    """Store the first custom gate into stage. When another save stored it since this one read
    (two people saving the defaults at once: to_stage is unique), a conflict that changes
    nothing, like any stale edit, not a database error."""
    savepoint = db.session.begin_nested()
    try:
        gate = editing.create(StageGate(to_stage=stage, **values), actor_id=actor_id)
    except IntegrityError:
        savepoint.rollback()
        theirs = gates.stored_gate(stage)
        if theirs is None:  # pragma: no cover - a different constraint; not a race
            raise
        raise editing.EditConflict(
            obj=theirs, theirs=audit.snapshot(theirs), mine=dict(values)
        ) from None
    savepoint.commit()
    return gate


def get_entry(entry_id: int) -> LearningEntry | None:
    """An entry with its intervention (the permission check needs the lead department)."""
    return db.session.scalar(
        select(LearningEntry)
        .options(joinedload(LearningEntry.intervention))
        .where(LearningEntry.id == entry_id)
    )


def save_gate(
    to_stage: str,
    *,
    questions: str,
    needs_evidence: bool,
    translations: Entered,
    expected_version: int,
    actor_id: int,
) -> StageGate:
    """Store the city's gate into a stage (the first save replaces the defaults)."""
    try:
        stage = Stage(to_stage)
    except ValueError:
        raise DomainError(_("Choose the stage to move to."), "to_stage") from None
    if stage not in gates.GATED:
        raise DomainError(_("Choose the stage to move to."), "to_stage")
    lines = gates.question_lines(questions)
    if not lines:
        raise DomainError(_("Ask at least one question."), "questions")
    if len(lines) > gates.MAX_QUESTIONS:
        raise DomainError(_("Ask at most %(n)d questions.", n=gates.MAX_QUESTIONS), "questions")
    if any(len(line) > gates.MAX_QUESTION for line in lines):
        raise DomainError(
            _("Each question holds at most %(n)d characters.", n=gates.MAX_QUESTION), "questions"
        )
    values: dict[str, Any] = {"questions": "\n".join(lines), "needs_evidence": needs_evidence}
    check_columns(StageGate, values)
    stored = gates.stored_gate(stage)
    with_entered(values, stored, translations)
    if stored is None:
        return _first_gate(stage, values, actor_id=actor_id)
    editing.update(stored, values, expected_version=expected_version, actor_id=actor_id)
    return stored
