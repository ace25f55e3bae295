"""The one rule of a late milestone, shared by the engine, the staff pages, the timeline and the
review meeting's agenda."""

from __future__ import annotations

from datetime import date

import pytest

from app.progress.implementation import MilestoneFact, milestone_done, milestone_overdue

TODAY = date(2026, 6, 15)


@pytest.mark.parametrize(
    ("due", "completed", "done", "overdue"),
    [
        (date(2026, 6, 14), None, False, True),  # due yesterday, open: late
        (date(2026, 6, 15), None, False, False),  # due today: not late yet
        (date(2026, 6, 1), date(2026, 6, 15), True, False),  # done today
        (date(2026, 6, 1), date(2026, 6, 16), False, True),  # "done" tomorrow: still late today
        (date(2026, 7, 1), None, False, False),  # due later
    ],
)
def test_a_milestone_is_late_when_due_before_today_and_not_done_by_today(
    due: date, completed: date | None, done: bool, overdue: bool
) -> None:
    milestone = MilestoneFact(due_date=due, completed_on=completed, title="Step")
    assert milestone_done(milestone, TODAY) is done
    assert milestone_overdue(milestone, TODAY) is overdue
