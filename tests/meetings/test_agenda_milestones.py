"""The agenda lists late milestones by the engine's rule: the late one, not the done or the open."""

from __future__ import annotations

from datetime import date

TODAY = date(2026, 6, 15)


def test_the_agenda_lists_a_late_milestone_whose_title_looks_like_the_engines_text(
    app, ctx
) -> None:
    """A title with brackets and a date in it is found too: nothing matches the engine's text."""
    from app.meetings.agenda import agenda_entries
    from app.models.meeting import AgendaKind
    from app.reporting.progress import load_progress
    from tests.support import factories as f

    dept = f.department(code="EDU")
    mission = f.mission()
    item = f.intervention(mission, dept, start_date=date(2024, 1, 1))
    f.milestone(item, title="Phase 2 (due 2020-01-01)", due_date=date(2025, 1, 1))
    f.milestone(item, title="Phase 1", due_date=date(2024, 6, 1), completed_on=date(2024, 5, 1))
    f.milestone(item, title="Phase 3", due_date=date(2027, 1, 1))
    progress = load_progress([mission], published_only=False, today=TODAY)[mission.id]
    milestones = [e for e in agenda_entries(progress, [], TODAY) if e.kind is AgendaKind.MILESTONE]
    assert [e.subject for e in milestones] == ["Phase 2 (due 2020-01-01)"]
