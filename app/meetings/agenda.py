"""A meeting's agenda, drawn from the statuses the progress read model already computed.

Nothing here assesses anything: app.reporting.progress.load_progress gives every intervention's
and indicator's status with its explanation (app.progress), and this picks what a review meeting
must discuss, in order: interventions off track, at risk or without a recent update (or whose
update is overdue), late milestones, outcome indicators in deterioration and indicators whose data
is overdue, then every follow-up still open from earlier meetings of the mission.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app.models import FollowUp
from app.models.meeting import AgendaKind
from app.progress.implementation import AT_RISK, LATE, OFF_TRACK, STALE, milestone_overdue
from app.progress.vocabulary import IndicatorLevel, OutcomeStatus
from app.reporting.progress import MissionProgress

# Interventions on the agenda by their displayed status, worst first.
INTERVENTION_ORDER = (OFF_TRACK, LATE, AT_RISK, STALE)
DETERIORATION = OutcomeStatus.DETERIORATION.value
# Why an indicator or a follow-up is on the agenda (interventions and milestones carry theirs).
DATA_OVERDUE = "overdue"
OPEN = "open"
OPEN_OVERDUE = "overdue"


@dataclass(frozen=True)
class AgendaEntry:
    """One item as generated: what it is about, its status then, and the explanation."""

    kind: AgendaKind
    status: str
    subject: str
    explanation: str
    facts: dict[str, Any]
    # The subject in other languages: {"is": "…"}.
    subject_translations: dict[str, str] = field(default_factory=dict)
    intervention_id: int | None = None
    indicator_id: int | None = None
    follow_up_id: int | None = None

    @property
    def key(self) -> tuple[Any, ...]:
        """What makes two generations of the agenda the same item (a refresh keeps its notes)."""
        subject = self.subject if self.kind is AgendaKind.MILESTONE else None
        return (self.kind, self.intervention_id, self.indicator_id, self.follow_up_id, subject)


def _translations_of(translations: Any, field_name: str) -> dict[str, str]:
    return {
        lang: values[field_name]
        for lang, values in (translations or {}).items()
        if isinstance(values, dict) and values.get(field_name)
    }


def _intervention_entries(progress: MissionProgress) -> list[AgendaEntry]:
    rows: list[tuple[int, AgendaEntry]] = []
    for item in progress.interventions:
        status = progress.rollup.interventions[item.id]
        if status.status not in INTERVENTION_ORDER and not status.update_overdue:
            continue
        if status.status == LATE and not status.update_overdue:
            continue  # its late milestones are the items
        rank = (
            INTERVENTION_ORDER.index(status.status)
            if status.status in INTERVENTION_ORDER
            else len(INTERVENTION_ORDER)
        )
        rows.append(
            (
                rank,
                AgendaEntry(
                    kind=AgendaKind.INTERVENTION,
                    status=status.status,
                    subject=item.title,
                    explanation=status.reason,
                    facts=status.to_dict(),
                    subject_translations=_translations_of(item.translations, "title"),
                    intervention_id=item.id,
                ),
            )
        )
    rows.sort(key=lambda row: row[0])  # stable: the read model's order within a status
    return [entry for _rank, entry in rows]


def _milestone_entries(progress: MissionProgress) -> list[AgendaEntry]:
    entries: list[AgendaEntry] = []
    today = progress.rollup.today
    for item in progress.interventions:
        status = progress.rollup.interventions[item.id]
        if not status.active or not status.overdue_milestones:
            continue
        for milestone in progress.milestones.get(item.id, []):
            if not milestone_overdue(milestone, today):
                continue
            entries.append(
                AgendaEntry(
                    kind=AgendaKind.MILESTONE,
                    status=LATE,
                    subject=milestone.title,
                    explanation=f"Due on {milestone.due_date.isoformat()} and not done "
                    f"({item.title}).",
                    facts={"due_date": milestone.due_date.isoformat(), "intervention": item.title},
                    subject_translations=_translations_of(milestone.translations, "title"),
                    intervention_id=item.id,
                )
            )
    return entries


def _indicator_entries(progress: MissionProgress) -> list[AgendaEntry]:
    worse: list[AgendaEntry] = []
    overdue: list[AgendaEntry] = []
    for indicator in progress.indicators:
        result = progress.rollup.indicators[indicator.id]
        falling = (
            indicator.level == IndicatorLevel.MISSION_OUTCOME and result.status == DETERIORATION
        )
        if not falling and not result.freshness.overdue:
            continue
        facts = result.to_dict() | {
            "unit": indicator.unit,
            "decimals": indicator.decimals,
            "unit_translations": _translations_of(indicator.translations, "unit"),
        }
        reasons = [result.headline.reason or ""] if falling else []
        if result.freshness.overdue:
            due = result.freshness.due
            reasons.append(f"Data overdue since {due.isoformat() if due else 'its first period'}.")
        entry = AgendaEntry(
            kind=AgendaKind.INDICATOR,
            status=DETERIORATION if falling else DATA_OVERDUE,
            subject=indicator.title,
            explanation=" ".join(reason for reason in reasons if reason),
            facts=facts,
            subject_translations=_translations_of(indicator.translations, "title"),
            indicator_id=indicator.id,
        )
        (worse if falling else overdue).append(entry)
    return worse + overdue


def _follow_up_entries(open_follow_ups: Sequence[FollowUp], today: date) -> list[AgendaEntry]:
    entries = []
    for follow_up in open_follow_ups:
        meeting = follow_up.meeting
        late = follow_up.due_on is not None and follow_up.due_on < today
        owner = follow_up.owner.name if follow_up.owner is not None else None
        department = follow_up.department.code if follow_up.department is not None else None
        due = follow_up.due_on.isoformat() if follow_up.due_on else None
        entries.append(
            AgendaEntry(
                kind=AgendaKind.FOLLOW_UP,
                status=OPEN_OVERDUE if late else OPEN,
                subject=follow_up.text[:300],
                explanation=(
                    f"Open since the meeting of {meeting.meeting_date.isoformat()}; "
                    f"due {due}; owner {owner or department}."
                ),
                facts={
                    "due_on": due,
                    "overdue": late,
                    "owner": owner,
                    "department": department,
                    "meeting_id": meeting.id,
                    "meeting_date": meeting.meeting_date.isoformat(),
                },
                subject_translations={
                    lang: text[:300]
                    for lang, text in _translations_of(follow_up.translations, "text").items()
                },
                follow_up_id=follow_up.id,
            )
        )
    return entries


def agenda_entries(
    progress: MissionProgress, open_follow_ups: Sequence[FollowUp], today: date
) -> list[AgendaEntry]:
    """The agenda in order: interventions, late milestones, indicators, open follow-ups."""
    return [
        *_intervention_entries(progress),
        *_milestone_entries(progress),
        *_indicator_entries(progress),
        *_follow_up_entries(open_follow_ups, today),
    ]
