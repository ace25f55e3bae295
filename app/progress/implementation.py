"""Implementation lens: an intervention's status on a given day, and weighted roll-ups.

Precedence, first match wins (each rule only looks at facts known on ``today``):

1. ``stopped``: the stage is ``stopped``.
2. ``not_started``: the start date is after today, or there is no start date and no update yet.
3. ``completed``: the end date is before today and every milestone is done (no milestones counts
   as all done).
4. ``off_track``: the latest update says off track (however old it is: bad news does not expire).
5. ``late``: a milestone is overdue (due before today and not done by today).
6. ``stale``: no update within the update cycle. The cycle runs from the later of the latest update
   and the start date (see ``freshness.update_due``), so an intervention that never posted an update
   goes stale one cycle after its start.
7. ``at_risk``: the latest update says at risk.
8. ``on_track``: the latest update says on track, or no update is due yet (first cycle, no update).

A milestone is done when ``completed_on`` is set and not after ``today``. A manual override replaces
the displayed status but is always flagged ``manual`` with its reason and author, and the computed
status and reason are kept next to it. An override needs a non-empty reason.

``update_due`` is ``None`` (and ``update_overdue`` False) for stopped and completed interventions:
no more updates are expected from them.

Numeric progress per status, for weighted roll-ups (``PROGRESS_VALUES``): ``completed`` and
``on_track`` 1.0, ``at_risk`` 0.5, ``off_track``, ``late`` and ``stale`` 0.0; ``not_started`` and
``stopped`` are left out (``None``). A roll-up uses the displayed status, so an override counts.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Any, Final, NamedTuple, Protocol

from app.progress.freshness import update_due as _update_due
from app.progress.vocabulary import ImplementationStatus, Stage

NOT_STARTED: Final = ImplementationStatus.NOT_STARTED.value
ON_TRACK: Final = ImplementationStatus.ON_TRACK.value
AT_RISK: Final = ImplementationStatus.AT_RISK.value
OFF_TRACK: Final = ImplementationStatus.OFF_TRACK.value
LATE: Final = ImplementationStatus.LATE.value
STALE: Final = ImplementationStatus.STALE.value
COMPLETED: Final = ImplementationStatus.COMPLETED.value
STOPPED: Final = ImplementationStatus.STOPPED.value
IMPLEMENTATION_STATUSES: Final = tuple(member.value for member in ImplementationStatus)
UPDATE_STATUSES: Final = (ON_TRACK, AT_RISK, OFF_TRACK)
STAGES: Final = tuple(member.value for member in Stage)
STAGE_STOPPED: Final = Stage.STOPPED.value

PROGRESS_VALUES: Final = MappingProxyType(
    {
        COMPLETED: 1.0,
        ON_TRACK: 1.0,
        AT_RISK: 0.5,
        OFF_TRACK: 0.0,
        LATE: 0.0,
        STALE: 0.0,
        NOT_STARTED: None,
        STOPPED: None,
    }
)


class UpdateFact(NamedTuple):
    """The latest progress update: its date and the status the lead reported."""

    date: date
    status: str


NO_TRANSLATIONS: Final[Mapping[str, Mapping[str, str]]] = MappingProxyType({})


class MilestoneFact(NamedTuple):
    """A milestone: due date, completion date (None while open) and title; translations of the
    title ({"is": {"title": …}}) ride along for pages to show (the engine does not read them)."""

    due_date: date
    completed_on: date | None
    title: str
    translations: Mapping[str, Mapping[str, str]] = NO_TRANSLATIONS


class Override(NamedTuple):
    """A manual status, always shown as manual with its reason and author."""

    status: str
    reason: str
    author: str


@dataclass(frozen=True, slots=True)
class InterventionFacts:
    """What the implementation status of one intervention is computed from."""

    id: int | str
    stage: str
    start_date: date | None
    end_date: date | None = None
    update_cycle_days: int = 90
    latest_update: UpdateFact | None = None
    milestones: Sequence[MilestoneFact] = ()
    override: Override | None = None
    # When it was listed (published, or created): no update is overdue within a cycle of it.
    listed_on: date | None = None

    def __post_init__(self) -> None:
        if self.stage not in STAGES:
            raise ValueError(f"stage must be one of {', '.join(STAGES)}, got {self.stage!r}.")
        if self.update_cycle_days <= 0:
            raise ValueError(f"update_cycle_days must be positive, got {self.update_cycle_days}.")
        if self.latest_update is not None:
            update = UpdateFact(*self.latest_update)
            if update.status not in UPDATE_STATUSES:
                raise ValueError(
                    f"An update status must be one of {', '.join(UPDATE_STATUSES)}, "
                    f"got {update.status!r}."
                )
            object.__setattr__(self, "latest_update", update)
        object.__setattr__(
            self, "milestones", tuple(MilestoneFact(*item) for item in self.milestones)
        )
        if self.override is not None:
            override = Override(*self.override)
            if override.status not in IMPLEMENTATION_STATUSES:
                raise ValueError(
                    f"An override status must be one of {', '.join(IMPLEMENTATION_STATUSES)}, "
                    f"got {override.status!r}."
                )
            if not override.reason or not override.reason.strip():
                raise ValueError("A manual override needs a reason.")
            object.__setattr__(self, "override", override)


@dataclass(frozen=True, slots=True)
class InterventionAssessment:
    """An intervention's status on one day, with why, and the computed status behind an override."""

    intervention_id: int | str
    status: str
    reason: str
    manual: bool
    computed_status: str
    computed_reason: str
    override_reason: str | None
    override_author: str | None
    update_due: date | None
    update_overdue: bool
    last_update: date | None
    overdue_milestones: tuple[str, ...]
    progress: float | None

    @property
    def active(self) -> bool:
        """Neither stopped nor not yet started."""
        return self.status not in (STOPPED, NOT_STARTED)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "intervention_id": self.intervention_id,
            "status": self.status,
            "reason": self.reason,
            "manual": self.manual,
            "computed_status": self.computed_status,
            "computed_reason": self.computed_reason,
            "override_reason": self.override_reason,
            "override_author": self.override_author,
            "update_due": None if self.update_due is None else self.update_due.isoformat(),
            "update_overdue": self.update_overdue,
            "last_update": None if self.last_update is None else self.last_update.isoformat(),
            "overdue_milestones": list(self.overdue_milestones),
            "progress": self.progress,
        }


class Dated(Protocol):
    """Anything with a milestone's dates: the engine's MilestoneFact or a Milestone row."""

    @property
    def due_date(self) -> date: ...

    @property
    def completed_on(self) -> date | None: ...


def milestone_done(milestone: Dated, today: date) -> bool:
    """Completed on or before today (a completion dated later is not done yet)."""
    return milestone.completed_on is not None and milestone.completed_on <= today


def milestone_overdue(milestone: Dated, today: date) -> bool:
    """The one rule of a late milestone: due before today and not done by today."""
    return milestone.due_date < today and not milestone_done(milestone, today)


def _computed(facts: InterventionFacts, today: date) -> tuple[str, str, date | None, list[str]]:
    update = facts.latest_update
    last = update.date if update is not None else None
    due = _update_due(last, facts.start_date, facts.update_cycle_days, facts.listed_on)
    overdue = [
        f"{m.title} (due {m.due_date.isoformat()})"
        for m in facts.milestones
        if milestone_overdue(m, today)
    ]
    if facts.stage == STAGE_STOPPED:
        return STOPPED, "The intervention has been stopped.", None, overdue
    if facts.start_date is not None and today < facts.start_date:
        return NOT_STARTED, f"Starts on {facts.start_date.isoformat()}.", due, overdue
    if facts.start_date is None and update is None:
        return NOT_STARTED, "No start date and no progress update yet.", due, overdue
    if (
        facts.end_date is not None
        and today > facts.end_date
        and all(milestone_done(m, today) for m in facts.milestones)
    ):
        count = len(facts.milestones)
        if count == 0:
            done = "it has no milestones"
        elif count == 1:
            done = "its milestone is done"
        else:
            done = f"all {count} milestones are done"
        return COMPLETED, f"Ended on {facts.end_date.isoformat()} and {done}.", None, overdue
    if update is not None and update.status == OFF_TRACK:
        return (
            OFF_TRACK,
            f"The update of {update.date.isoformat()} reports off track.",
            due,
            overdue,
        )
    if overdue:
        noun = "milestone is" if len(overdue) == 1 else "milestones are"
        return LATE, f"{len(overdue)} {noun} overdue: {'; '.join(overdue)}.", due, overdue
    if due is not None and today > due:
        start = facts.start_date
        if start is not None and (update is None or update.date < start):
            since = f"the start on {start.isoformat()}"
        else:
            since = (
                "the latest one" if update is None else f"the update of {update.date.isoformat()}"
            )
        return (
            STALE,
            f"No progress update since {since}; one was due by {due.isoformat()} "
            f"(every {facts.update_cycle_days} days).",
            due,
            overdue,
        )
    if update is not None and update.status == AT_RISK:
        return AT_RISK, f"The update of {update.date.isoformat()} reports at risk.", due, overdue
    if update is not None:
        return ON_TRACK, f"The update of {update.date.isoformat()} reports on track.", due, overdue
    first = f"; the first is due by {due.isoformat()}" if due is not None else ""
    return ON_TRACK, f"No progress update yet{first}.", due, overdue


def assess_intervention(facts: InterventionFacts, today: date) -> InterventionAssessment:
    """The implementation status of one intervention on ``today`` (see the module docstring)."""
    computed, computed_reason, due, overdue = _computed(facts, today)
    override = facts.override
    if override is not None:
        status = override.status
        reason = f"Set manually by {override.author}: {override.reason}"
    else:
        status, reason = computed, computed_reason
    return InterventionAssessment(
        intervention_id=facts.id,
        status=status,
        reason=reason,
        manual=override is not None,
        computed_status=computed,
        computed_reason=computed_reason,
        override_reason=None if override is None else override.reason,
        override_author=None if override is None else override.author,
        update_due=due,
        update_overdue=due is not None and today > due,
        last_update=None if facts.latest_update is None else facts.latest_update.date,
        overdue_milestones=tuple(overdue),
        progress=PROGRESS_VALUES[status],
    )


def progress_value(status: str) -> float | None:
    """Numeric progress of a status for roll-ups; None for statuses left out."""
    try:
        return PROGRESS_VALUES[status]
    except KeyError:
        raise ValueError(f"Unknown implementation status {status!r}.") from None


def weighted_rollup(
    items: Iterable[tuple[float | None, float | None] | float | None],
) -> float | None:
    """Sum of w * p over sum of w. Items are ``(value, weight)`` or a bare value (weight 1).

    A value of None is left out; a weight of None means 1. Negative or non-finite weights and
    non-finite values raise ValueError. An empty input or a zero total weight gives None.
    """
    total = 0.0
    weighted = 0.0
    for item in items:
        if isinstance(item, tuple):
            value, weight = item
        else:
            value, weight = item, 1.0
        if value is None:
            continue
        w = 1.0 if weight is None else float(weight)
        p = float(value)
        if not math.isfinite(w) or not math.isfinite(p):
            raise ValueError(f"Values and weights must be finite, got {value!r} x {weight!r}.")
        if w < 0:
            raise ValueError(f"A weight must not be negative, got {weight!r}.")
        total += w
        weighted += w * p
    if total == 0:
        return None
    return weighted / total
