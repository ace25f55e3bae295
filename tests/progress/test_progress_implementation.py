"""Implementation lens: status precedence, overrides, update due dates and weighted roll-ups."""

from __future__ import annotations

from datetime import date

import pytest

from app.progress.implementation import (
    AT_RISK,
    COMPLETED,
    LATE,
    NOT_STARTED,
    OFF_TRACK,
    ON_TRACK,
    PROGRESS_VALUES,
    STALE,
    STOPPED,
    InterventionFacts,
    MilestoneFact,
    Override,
    UpdateFact,
    assess_intervention,
    progress_value,
    weighted_rollup,
)

TODAY = date(2025, 6, 1)


def facts(**changes: object) -> InterventionFacts:
    values: dict[str, object] = {
        "id": 7,
        "stage": "test",
        "start_date": date(2025, 1, 1),
        "end_date": date(2026, 12, 31),
        "update_cycle_days": 90,
        "latest_update": UpdateFact(date(2025, 5, 1), ON_TRACK),
        "milestones": [],
        "override": None,
    }
    values.update(changes)
    return InterventionFacts(**values)  # type: ignore[arg-type]


def test_on_track_from_latest_update() -> None:
    status = assess_intervention(facts(), TODAY)
    assert status.status == ON_TRACK
    assert status.reason == "The update of 2025-05-01 reports on track."
    assert status.update_due == date(2025, 7, 30)
    assert status.update_overdue is False
    assert status.last_update == date(2025, 5, 1)
    assert status.manual is False
    assert status.progress == 1.0
    assert status.active is True


def test_at_risk_from_latest_update() -> None:
    status = assess_intervention(facts(latest_update=(date(2025, 5, 1), AT_RISK)), TODAY)
    assert status.status == AT_RISK
    assert status.progress == 0.5


def test_off_track_beats_late_and_stale() -> None:
    status = assess_intervention(
        facts(
            latest_update=UpdateFact(date(2024, 12, 1), OFF_TRACK),
            milestones=[(date(2025, 3, 1), None, "Pilot in 3 schools")],
        ),
        TODAY,
    )
    assert status.status == OFF_TRACK
    assert status.overdue_milestones == ("Pilot in 3 schools (due 2025-03-01)",)
    assert status.update_overdue is True


def test_late_when_a_milestone_is_overdue() -> None:
    status = assess_intervention(
        facts(
            milestones=[
                MilestoneFact(date(2025, 3, 1), None, "Hire counsellors"),
                MilestoneFact(date(2025, 4, 1), date(2025, 4, 15), "Train staff"),
                MilestoneFact(date(2025, 9, 1), None, "Launch"),
            ]
        ),
        TODAY,
    )
    assert status.status == LATE
    assert status.reason == "1 milestone is overdue: Hire counsellors (due 2025-03-01)."
    assert status.progress == 0.0


def test_milestone_due_today_is_not_late() -> None:
    status = assess_intervention(facts(milestones=[(TODAY, None, "Report")]), TODAY)
    assert status.status == ON_TRACK


def test_milestone_completed_in_the_future_is_still_open() -> None:
    status = assess_intervention(
        facts(milestones=[(date(2025, 5, 1), date(2025, 7, 1), "Report")]), TODAY
    )
    assert status.status == LATE


def test_late_beats_stale() -> None:
    status = assess_intervention(
        facts(latest_update=None, milestones=[(date(2025, 2, 1), None, "Plan")]), TODAY
    )
    assert status.status == LATE
    assert status.update_overdue is True


def test_stale_when_no_update_within_cycle() -> None:
    status = assess_intervention(facts(latest_update=(date(2025, 2, 1), AT_RISK)), TODAY)
    assert status.status == STALE
    assert status.update_due == date(2025, 5, 2)
    assert status.reason == (
        "No progress update since the update of 2025-02-01; one was due by 2025-05-02 "
        "(every 90 days)."
    )


def test_stale_when_never_updated_since_start() -> None:
    status = assess_intervention(facts(latest_update=None), TODAY)
    assert status.status == STALE
    assert status.update_due == date(2025, 4, 1)
    assert "since the start on 2025-01-01" in status.reason


def test_update_due_on_the_day_is_not_stale() -> None:
    on_day = assess_intervention(facts(latest_update=(date(2025, 3, 3), ON_TRACK)), TODAY)
    assert on_day.update_due == TODAY
    assert on_day.status == ON_TRACK
    next_day = assess_intervention(facts(latest_update=(date(2025, 3, 2), ON_TRACK)), TODAY)
    assert next_day.status == STALE


def test_first_cycle_without_update_is_on_track() -> None:
    status = assess_intervention(facts(start_date=date(2025, 5, 1), latest_update=None), TODAY)
    assert status.status == ON_TRACK
    assert status.reason == "No progress update yet; the first is due by 2025-07-30."


def test_not_started_when_start_is_in_the_future() -> None:
    status = assess_intervention(
        facts(start_date=date(2025, 9, 1), latest_update=(date(2025, 5, 1), OFF_TRACK)), TODAY
    )
    assert status.status == NOT_STARTED
    assert status.reason == "Starts on 2025-09-01."
    assert status.progress is None
    assert status.active is False


def test_not_started_without_start_date_or_update() -> None:
    status = assess_intervention(facts(start_date=None, latest_update=None), TODAY)
    assert status.status == NOT_STARTED
    assert status.update_due is None


def test_no_start_date_but_an_update_counts_from_the_update() -> None:
    status = assess_intervention(
        facts(start_date=None, latest_update=(date(2025, 1, 1), ON_TRACK)), TODAY
    )
    assert status.status == STALE
    assert status.update_due == date(2025, 4, 1)


def test_stopped_beats_everything() -> None:
    status = assess_intervention(
        facts(stage="stopped", start_date=date(2026, 1, 1), latest_update=None), TODAY
    )
    assert status.status == STOPPED
    assert status.update_due is None
    assert status.update_overdue is False
    assert status.progress is None


def test_completed_when_ended_and_all_milestones_done() -> None:
    status = assess_intervention(
        facts(
            end_date=date(2025, 5, 31),
            latest_update=(date(2024, 6, 1), OFF_TRACK),
            milestones=[(date(2025, 3, 1), date(2025, 2, 20), "Final report")],
        ),
        TODAY,
    )
    assert status.status == COMPLETED
    assert status.reason == "Ended on 2025-05-31 and its milestone is done."
    assert status.update_due is None
    assert status.update_overdue is False
    assert status.progress == 1.0


def test_not_completed_on_end_date_or_with_open_milestones() -> None:
    on_end = assess_intervention(facts(end_date=TODAY), TODAY)
    assert on_end.status == ON_TRACK
    open_milestone = assess_intervention(
        facts(end_date=date(2025, 5, 1), milestones=[(date(2025, 4, 1), None, "Evaluation")]),
        TODAY,
    )
    assert open_milestone.status == LATE


def test_override_is_manual_and_keeps_computed_status() -> None:
    status = assess_intervention(
        facts(
            latest_update=(date(2025, 2, 1), ON_TRACK),
            override=Override(AT_RISK, "Budget cut announced", "mayor.office"),
        ),
        TODAY,
    )
    assert status.status == AT_RISK
    assert status.manual is True
    assert status.reason == "Set manually by mayor.office: Budget cut announced"
    assert status.computed_status == STALE
    assert status.computed_reason.startswith("No progress update since")
    assert (status.override_reason, status.override_author) == (
        "Budget cut announced",
        "mayor.office",
    )
    assert status.progress == 0.5
    data = status.to_dict()
    assert data["manual"] is True
    assert data["computed_status"] == "stale"
    assert data["update_due"] == "2025-05-02"


def test_invalid_facts_raise() -> None:
    with pytest.raises(ValueError, match="stage"):
        facts(stage="pilot")
    with pytest.raises(ValueError, match="update_cycle_days"):
        facts(update_cycle_days=0)
    with pytest.raises(ValueError, match="update status"):
        facts(latest_update=(TODAY, "late"))
    with pytest.raises(ValueError, match="override status"):
        facts(override=("great", "why", "me"))
    with pytest.raises(ValueError, match="needs a reason"):
        facts(override=(OFF_TRACK, "  ", "me"))


def test_progress_values_mapping() -> None:
    assert dict(PROGRESS_VALUES) == {
        "completed": 1.0,
        "on_track": 1.0,
        "at_risk": 0.5,
        "off_track": 0.0,
        "late": 0.0,
        "stale": 0.0,
        "not_started": None,
        "stopped": None,
    }
    assert progress_value("at_risk") == 0.5
    with pytest.raises(ValueError, match="Unknown"):
        progress_value("fine")


def test_weighted_rollup() -> None:
    assert weighted_rollup([(1.0, 1), (0.0, 1)]) == 0.5
    assert weighted_rollup([(1.0, 3), (0.0, 1)]) == 0.75
    assert weighted_rollup([(1.0, 2), (0.5, 2), (0.0, 4)]) == pytest.approx(0.375)
    assert weighted_rollup([1.0, 0.5]) == 0.75
    assert weighted_rollup([(1.0, None), (0.0, 3)]) == 0.25
    assert weighted_rollup([(None, 5), (0.5, 1)]) == 0.5
    assert weighted_rollup([]) is None
    assert weighted_rollup([(1.0, 0), (0.0, 0)]) is None
    assert weighted_rollup([(None, 1)]) is None
    with pytest.raises(ValueError, match="negative"):
        weighted_rollup([(1.0, -1)])
    with pytest.raises(ValueError, match="finite"):
        weighted_rollup([(float("nan"), 1)])
