"""Writes of reporting rounds: open (with prefilled drafts), edit, submit, review, exclude and
publish. Every step is version-checked and audited; services flush, the caller commits."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from babel.dates import format_date
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from app import audit, editing
from app.errors import DomainError
from app.extensions import db
from app.models import (
    Indicator,
    Intervention,
    LearningEntry,
    Mission,
    ProgressUpdate,
    ReportingRound,
    StatusReport,
)
from app.models.base import utcnow
from app.models.enums import IndicatorLevel, MissionStatus, UpdateStatus
from app.models.rounds import ReportState, RoundState
from app.permissions import Action, authorize
from app.reporting.progress import assess_indicators_summary, headline_window
from app.reporting.visibility import intervention_is_active
from app.translating import (
    Entered,
    field_key,
    gathered_translations,
    merged_entered,
    source_language,
    translated,
    translation_languages,
    with_entered,
)

MAX_TEXT = 5000
MAX_TITLE = 120
# How far before a round's opening its reports may look back when there is no earlier round.
FIRST_ROUND_LOOKBACK = timedelta(days=366)
KIND_LABELS = {
    "hypothesis": _l("Hypothesis"),
    "test": _l("Test"),
    "result": _l("Result"),
    "decision": _l("Decision"),
}
# The states in which a lead may still write; the office's decision comes after.
WRITABLE = frozenset({ReportState.DRAFT, ReportState.RETURNED, ReportState.SUBMITTED,
                      ReportState.APPROVED})  # fmt: skip


class RoundRefused(DomainError):
    """A round step broke a rule; nothing was changed."""


# ---- opening ----


def active_interventions(mission_id: int) -> list[Intervention]:
    """The interventions a round asks a report of: not archived, not stopped."""
    stmt = (
        select(Intervention)
        .where(Intervention.mission_id == mission_id, intervention_is_active())
        .order_by(Intervention.lead_department_id, Intervention.title)
    )
    return list(db.session.scalars(stmt))


def previous_round(mission_id: int, before: date) -> ReportingRound | None:
    """The mission's newest round opened before a day."""
    stmt = (
        select(ReportingRound)
        .where(ReportingRound.mission_id == mission_id, ReportingRound.opened_on < before)
        .order_by(ReportingRound.opened_on.desc())
        .limit(1)
    )
    return db.session.scalars(stmt).first()


def open_round(
    mission: Mission,
    *,
    title: str,
    opened_on: date,
    due_on: date,
    actor_id: int | None,
    translations: Entered | None = None,
) -> ReportingRound:
    """Open a round and a prefilled draft report for every active intervention of the mission.

    Refused while the mission has an open round, on a day that already has one, or when the due
    day is before the opening.
    """
    title = title.strip()
    if not title:
        raise RoundRefused(_("Give the round a title."), "title")
    if len(title) > MAX_TITLE:
        raise RoundRefused(_("Keep the title under %(n)d characters.", n=MAX_TITLE), "title")
    if due_on < opened_on:
        raise RoundRefused(_("Reports cannot be due before the round opens."), "due_on")
    if mission.archived_at is not None:
        raise RoundRefused(_("This mission is archived; it can no longer be changed."))
    rounds = db.session.execute(
        select(ReportingRound.opened_on, ReportingRound.state).where(
            ReportingRound.mission_id == mission.id
        )
    ).all()
    if any(state == RoundState.OPEN for _day, state in rounds):
        raise RoundRefused(_("This mission has an open round: publish it before opening another."))
    if any(day == opened_on for day, _state in rounds):
        raise RoundRefused(_("This mission already has a round opened on that day."), "opened_on")
    if any(day > opened_on for day, _state in rounds):
        raise RoundRefused(_("A later round exists: a round cannot open before it."), "opened_on")
    earlier = previous_round(mission.id, opened_on)
    interventions = active_interventions(mission.id)
    covers_from = _covers_from(earlier, interventions, opened_on)
    new_round = editing.create(
        ReportingRound(
            mission_id=mission.id, title=title, covers_from=covers_from, opened_on=opened_on,
            due_on=due_on, opened_by_id=actor_id,
            translations=merged_entered(None, translations) if translations else {},
        ),
        actor_id=actor_id,
    )  # fmt: skip
    reports = prefilled_reports(new_round, interventions, earlier is not None)
    db.session.add_all(reports)
    db.session.flush()
    db.session.add_all([audit.unsaved_event(r, "create", actor_id=actor_id) for r in reports])
    db.session.flush()
    return new_round


def _covers_from(
    earlier: ReportingRound | None, interventions: Sequence[Intervention], opened_on: date
) -> date:
    if earlier is not None:
        return earlier.opened_on
    starts = [_started(item) for item in interventions]
    floor = opened_on - FIRST_ROUND_LOOKBACK
    return max(min(starts, default=floor), floor) if starts else floor


def _started(item: Intervention) -> date:
    return item.start_date or item.created_at.date()


def prefilled_reports(
    new_round: ReportingRound, interventions: Sequence[Intervention], has_earlier: bool
) -> list[StatusReport]:
    """A draft per intervention, prefilled from what happened in the period the round covers:
    progress updates, learning-log entries and the movement of its indicators. Four queries,
    whatever the number of interventions."""
    ids = [item.id for item in interventions]
    start, end = new_round.covers_from, new_round.opened_on
    since = {
        item.id: start if has_earlier else min(max(_started(item), start), end)
        for item in interventions
    }
    updates: dict[int, list[ProgressUpdate]] = defaultdict(list)
    for update in db.session.scalars(
        select(ProgressUpdate)
        .where(
            ProgressUpdate.intervention_id.in_(ids),
            ProgressUpdate.reported_on >= start,
            ProgressUpdate.reported_on <= end,
        )
        .order_by(ProgressUpdate.reported_on, ProgressUpdate.id)
    ):
        if update.reported_on >= since[update.intervention_id]:
            updates[update.intervention_id].append(update)
    entries: dict[int, list[LearningEntry]] = defaultdict(list)
    for entry in db.session.scalars(
        select(LearningEntry)
        .where(
            LearningEntry.intervention_id.in_(ids),
            LearningEntry.entered_on >= start,
            LearningEntry.entered_on <= end,
        )
        .order_by(LearningEntry.entered_on, LearningEntry.id)
    ):
        if entry.entered_on >= since[entry.intervention_id]:
            entries[entry.intervention_id].append(entry)
    movement = indicator_movement(interventions, since, end)
    return [
        StatusReport(
            round_id=new_round.id,
            intervention_id=item.id,
            department_id=item.lead_department_id,
            state=ReportState.DRAFT,
            **_prefill(updates[item.id], entries[item.id]),
            indicators=movement.get(item.id, []),
        )
        for item in interventions
    ]


def _prefill(updates: list[ProgressUpdate], entries: list[LearningEntry]) -> dict[str, Any]:
    """The draft's text from the period's updates and log entries, and the same text from their
    translations (a line without one keeps its original) in every language they have."""
    newest = updates[-1] if updates else None
    rows: list[Any] = [*updates, *entries]
    languages = sorted({lang for row in rows for lang in (row.translations or {})})

    def text(row: Any, field: str, lang: str | None) -> str:
        value = (row.translations or {}).get(lang, {}).get(field) if lang else None
        return str(value or getattr(row, field)).strip()

    def fields(lang: str | None) -> dict[str, str]:
        summary = "\n".join(
            f"- {u.reported_on.isoformat()}: {text(u, 'summary', lang)}" for u in updates
        )
        with force_locale(lang or source_language()):
            results = "\n".join(
                f"- {e.entered_on.isoformat()} ({KIND_LABELS[str(e.kind)]}) "
                f"{text(e, 'title', lang)}"
                + (f": {text(e, 'body', lang)}" if e.body.strip() else "")
                for e in entries
            )
        next_steps = text(newest, "next_steps", lang) if newest is not None else ""
        return {
            "summary": summary[:MAX_TEXT],
            "results": results[:MAX_TEXT],
            "next_steps": next_steps[:MAX_TEXT],
        }

    original = fields(None)
    translations = {}
    for lang in languages:
        if lang == source_language():
            continue
        translated = {k: v for k, v in fields(lang).items() if v and v != original[k]}
        if translated:
            translations[lang] = translated
    return {
        "status": newest.status if newest is not None else None,
        **original,
        "translations": translations,
    }


def indicator_movement(
    interventions: Sequence[Intervention], since: dict[int, date], until: date
) -> dict[int, list[dict[str, Any]]]:
    """Per intervention, how its indicators moved: its own output indicators and the outcome
    indicators of its outcome, each with its value at the start of the period, its latest
    value up to until, and its status (app.reporting.progress reads and assesses them)."""
    outcome_ids = {item.outcome_id for item in interventions if item.outcome_id is not None}
    ids = [item.id for item in interventions]
    indicators = list(
        db.session.scalars(
            select(Indicator)
            .where(
                Indicator.archived_at.is_(None),
                or_(
                    Indicator.intervention_id.in_(ids),
                    (Indicator.level == IndicatorLevel.MISSION_OUTCOME)
                    & Indicator.outcome_id.in_(outcome_ids),
                ),
            )
            .order_by(Indicator.title, Indicator.id)
        )
    )
    if not indicators:
        return {}
    start = min(since.values())
    series, _provisional = headline_window(indicators, start)
    assessed = assess_indicators_summary(
        [(indicator, None) for indicator in indicators], today=until, published_only=False
    )
    result: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for item in interventions:
        for indicator in indicators:
            if indicator.intervention_id != item.id and not (
                indicator.level == IndicatorLevel.MISSION_OUTCOME
                and indicator.outcome_id is not None
                and indicator.outcome_id == item.outcome_id
            ):
                continue
            points = [p for p in series.get(indicator.id, []) if p[0] <= until]
            before = [p for p in points if p[0] <= since[item.id]]
            first = before[-1] if before else (points[0] if points else None)
            last = points[-1] if points else None
            result[item.id].append(
                {
                    "indicator_id": indicator.id,
                    "title": indicator.title,
                    "unit": indicator.unit,
                    "from": _point(first),
                    "to": _point(last),
                    "status": assessed[indicator.id][0].status,
                    "frequency": str(indicator.frequency),
                    "decimals": indicator.decimals,
                    "translations": gathered_translations(
                        title=(indicator.translations, "title"),
                        unit=(indicator.translations, "unit"),
                    ),
                }
            )
    return result


def _point(point: tuple[date, float] | None) -> list[Any] | None:
    return None if point is None else [point[0].isoformat(), point[1]]


# ---- writing and review ----


@dataclass(frozen=True)
class ReportData:
    """What the lead writes in a report."""

    status: str | None
    summary: str
    results: str
    next_steps: str
    translations: Entered | None = None


def _ensure_open(report: StatusReport) -> None:
    if report.round.state != RoundState.OPEN:
        raise RoundRefused(_("This round is published; its reports can no longer be changed."))


def save_report(
    report: StatusReport,
    data: ReportData,
    *,
    expected_version: int,
    actor: Any,
    submit: bool = False,
) -> StatusReport:
    """Change a report's text (and submit it for review when submit). A lead's change to an
    approved report sends it back to review, as published work does (app.editing)."""
    _ensure_open(report)
    if report.state not in WRITABLE:
        raise RoundRefused(_("This report is excluded from the round; it cannot be written."))
    values: dict[str, Any] = {
        "status": data.status or None,
        "summary": data.summary.strip(),
        "results": data.results.strip(),
        "next_steps": data.next_steps.strip(),
    }
    if values["status"] is not None and values["status"] not in set(UpdateStatus):
        raise RoundRefused(_("Choose a status."), "status")
    for name in ("summary", "results", "next_steps"):
        if len(values[name]) > MAX_TEXT:
            raise RoundRefused(_("Keep this under %(n)d characters.", n=MAX_TEXT), name)
    with_entered(values, report, data.translations)
    may_approve = authorize(actor, Action.PUBLISH)
    if submit or (report.state == ReportState.APPROVED and not may_approve):
        if values["status"] is None:
            raise RoundRefused(_("Choose a status."), "status")
        if not values["summary"]:
            raise RoundRefused(_("Say how the work went."), "summary")
    changed = editing.update(report, values, expected_version=expected_version,
                             actor_id=actor.id)  # fmt: skip
    if submit and report.state in (ReportState.DRAFT, ReportState.RETURNED):
        _move(report, ReportState.SUBMITTED, "submit", actor_id=actor.id,
              submitted_at=utcnow(), submitted_by_id=actor.id)  # fmt: skip
    elif changed and report.state == ReportState.APPROVED and not may_approve:
        _move(report, ReportState.SUBMITTED, "back_to_review", actor_id=actor.id)
    return report


def _move(
    report: StatusReport, state: ReportState, action: str, *, actor_id: int, **fields: Any
) -> None:
    """Change a report's state (and fields), flush under the version check, audit as action."""
    old = {"state": str(report.state), **{k: audit.jsonable(getattr(report, k)) for k in fields}}
    report.state = state
    for key, value in fields.items():
        setattr(report, key, value)
    editing.flush_versioned(report, mine={})
    new = {"state": str(state), **{k: audit.jsonable(v) for k, v in fields.items()}}
    audit.record(report, action, actor_id=actor_id, old=old, new=new)


APPROVE, RETURN, EXCLUDE, INCLUDE = "approve", "return", "exclude", "include"


def review_report(
    report: StatusReport,
    decision: str,
    note: str,
    *,
    expected_version: int,
    actor: Any,
    translations: Entered | None = None,
) -> None:
    """The mission office's decision on one report: approve a submitted report, return it to
    its lead with a comment, exclude it from the round with a reason (and the reason's
    translations, entered as the note's), or include an excluded report again (as a draft)."""
    _ensure_open(report)
    note = note.strip()
    editing.check_version(report, expected_version, mine={"decision": decision, "note": note})
    if len(note) > MAX_TEXT:
        raise RoundRefused(_("Keep this under %(n)d characters.", n=MAX_TEXT), "note")
    if decision == APPROVE:
        if report.state != ReportState.SUBMITTED:
            raise RoundRefused(_("Only a submitted report can be approved."))
        _move(report, ReportState.APPROVED, "approve", actor_id=actor.id, approved_at=utcnow())
    elif decision == RETURN:
        if report.state not in (ReportState.SUBMITTED, ReportState.APPROVED):
            raise RoundRefused(_("Only a submitted or approved report can be returned."))
        if not note:
            raise RoundRefused(_("Say what to change: a returned report needs a comment."), "note")
        _move(report, ReportState.RETURNED, "return", actor_id=actor.id, review_comment=note,
              approved_at=None)  # fmt: skip
    elif decision == EXCLUDE:
        if report.state == ReportState.EXCLUDED:
            raise RoundRefused(_("This report is already excluded."))
        if not note:
            raise RoundRefused(
                _("Give the reason: it is published as why the report is missing."), "note"
            )
        reason = {lang: {"excluded_reason": (values or {}).get("excluded_reason")}
                  for lang, values in (translations or {}).items()}  # fmt: skip
        for lang, values in reason.items():
            if len(values["excluded_reason"] or "") > MAX_TEXT:
                raise RoundRefused(
                    _("Keep this under %(n)d characters.", n=MAX_TEXT), field_key("note", lang)
                )
        _move(report, ReportState.EXCLUDED, "exclude", actor_id=actor.id, excluded_reason=note,
              approved_at=None,
              translations=merged_entered(report.translations, reason))  # fmt: skip
    elif decision == INCLUDE:
        if report.state != ReportState.EXCLUDED:
            raise RoundRefused(_("Only an excluded report can be included again."))
        cleared = {lang: {"excluded_reason": None} for lang in translation_languages()}
        _move(report, ReportState.DRAFT, "include", actor_id=actor.id, excluded_reason="",
              translations=merged_entered(report.translations, cleared))  # fmt: skip
    else:
        raise RoundRefused(_("Choose a decision."), "decision")


def publish_round(
    the_round: ReportingRound,
    reports: Iterable[StatusReport],
    *,
    expected_version: int,
    actor_id: int | None,
) -> int:
    """Publish the round with all its approved reports at once. Refused, naming them, while any
    report is neither approved nor excluded with a reason; the report of an intervention archived
    since the round opened holds nothing up (it is never public). Returns the reports published."""
    if the_round.state != RoundState.OPEN:
        raise RoundRefused(_("This round is already published."))
    editing.check_version(the_round, expected_version, mine={})
    reports = list(reports)
    missing = [
        r
        for r in reports
        if r.state not in (ReportState.APPROVED, ReportState.EXCLUDED)
        and r.intervention.archived_at is None
    ]
    if missing:
        names = ", ".join(
            f"{translated(r.intervention, 'title')} ({r.department.code})" for r in missing
        )
        raise RoundRefused(
            _(
                "Not published: every report must be approved or excluded with a reason. "
                "Still open: %(names)s.",
                names=names,
            )
        )
    the_round.state = RoundState.PUBLISHED
    the_round.published_at = utcnow()
    editing.flush_versioned(the_round, mine={})
    audit.record(the_round, "publish", actor_id=actor_id, old={"state": "open"},
                 new={"state": "published"})  # fmt: skip
    approved = [r for r in reports if r.state == ReportState.APPROVED]
    db.session.add_all(
        [
            audit.unsaved_event(r, "publish", actor_id=actor_id, new={"round_id": the_round.id})
            for r in approved
        ]
    )
    db.session.flush()
    return len(approved)


# ---- rounds on configured dates ----


@dataclass(frozen=True)
class DueOutcome:
    """What `flask rounds open-due` did for one mission."""

    mission_id: int
    mission_title: str
    opened: ReportingRound | None
    reason: str  # "opened", "exists", "open_round" (an earlier round is still open)


def latest_round_day(today: date, days: Sequence[tuple[int, int]]) -> date | None:
    """The newest configured day (month, day) on or before today, this year or last."""
    candidates = [
        date(year, month, day)
        for year in (today.year - 1, today.year)
        for month, day in days
        if not (month == 2 and day == 29 and not _leap(year))
    ]
    past = [day for day in candidates if day <= today]
    return max(past, default=None)


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def round_title(day: date, lang: str | None = None) -> str:
    """A round's title from its day, in a language (the site's source language by default):
    'July 2026', 'Júlí 2026'."""
    return str(format_date(day, "LLLL y", locale=lang or source_language())).capitalize()


def open_due_rounds(
    today: date, days: Sequence[tuple[int, int]], due_days: int
) -> list[DueOutcome]:
    """Open the round of the newest configured day for every active mission that lacks one.

    Idempotent: a mission that has a round on or after that day is left alone, as is one whose
    previous round is still open. A day longer ago than due_days is not caught up on (a round
    opened that late would be due already).
    """
    day = latest_round_day(today, days)
    if day is None or (today - day).days > due_days:
        return []
    missions = db.session.scalars(
        select(Mission)
        .where(Mission.archived_at.is_(None), Mission.status == MissionStatus.ACTIVE)
        .order_by(Mission.id)
    ).all()
    outcomes = []
    for mission in missions:
        rounds = db.session.execute(
            select(ReportingRound.opened_on, ReportingRound.state).where(
                ReportingRound.mission_id == mission.id
            )
        ).all()
        if any(opened_on >= day for opened_on, _state in rounds):
            outcomes.append(DueOutcome(mission.id, mission.title, None, "exists"))
        elif any(state == RoundState.OPEN for _opened_on, state in rounds):
            outcomes.append(DueOutcome(mission.id, mission.title, None, "open_round"))
        else:
            opened = open_round(
                mission, title=round_title(day), opened_on=day,
                due_on=day + timedelta(days=due_days), actor_id=None,
                translations={lang: {"title": round_title(day, lang)}
                              for lang in translation_languages()},
            )  # fmt: skip
            outcomes.append(DueOutcome(mission.id, mission.title, opened, "opened"))
    return outcomes
