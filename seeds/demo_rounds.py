"""The demo city's published reporting round: the main mission's latest 1 January or 1 July round,
opened, written (prefilled from the demo's updates, log and indicators), approved and published
through the same services as the app. Idempotent: a mission that has a round gets no other."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from babel.dates import format_date
from sqlalchemy import select

from app.extensions import db
from app.models import Mission, ReportingRound, StatusReport
from app.models.enums import UpdateStatus
from app.models.rounds import ReportState
from app.rounds.services import latest_round_day, open_round, publish_round, round_title

ROUND_DAYS = ((1, 1), (7, 1))
DUE_DAYS = 30
# A report with nothing to prefill (no update in the period) says so, in both languages.
QUIET = "No progress update in this period; the work continues as planned."
QUIET_IS = "Engin framvinduskýrsla á tímabilinu; vinnan heldur áfram samkvæmt áætlun."


def load_demo_rounds(mission_slug: str, today: date) -> tuple[int, int]:
    """Open, approve and publish the mission's round of the newest report day that is past its
    due date on today. Returns (rounds created, rounds already present)."""
    mission = db.session.scalar(select(Mission).where(Mission.slug == mission_slug))
    if mission is None:
        return 0, 0
    present = db.session.scalars(
        select(ReportingRound.id).where(ReportingRound.mission_id == mission.id)
    ).all()
    if present:
        return 0, len(present)
    day = latest_round_day(today - timedelta(days=DUE_DAYS), ROUND_DAYS)
    if day is None:
        return 0, 0
    the_round = open_round(
        mission, title=round_title(day), opened_on=day, due_on=day + timedelta(days=DUE_DAYS),
        actor_id=None,
    )  # fmt: skip
    the_round.translations = {"is": {"title": format_date(day, "LLLL y", locale="is").capitalize()}}
    reports = list(
        db.session.scalars(select(StatusReport).where(StatusReport.round_id == the_round.id))
    )
    for report in reports:
        if report.status is None:
            report.status = UpdateStatus.ON_TRACK
        if not report.summary:
            report.summary = QUIET
            report.translations = {
                **(report.translations or {}),
                "is": {**(report.translations or {}).get("is", {}), "summary": QUIET_IS},
            }
        report.state = ReportState.APPROVED
    db.session.flush()
    publish_round(the_round, reports, expected_version=the_round.version, actor_id=None)
    # The demo city published it a few days after it fell due, not on the day it was loaded.
    the_round.published_at = datetime.combine(the_round.due_on + timedelta(days=5), time(10), UTC)
    return 1, 0
