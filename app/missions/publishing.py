"""Publishing a mission with its drafts at once: the review list, then one all-or-nothing write.

The review page lists exactly what will go public (the mission when it is a draft, and its live
draft interventions and indicators, by outcome); the confirm posts that list back, and when the
drafts changed in between nothing is published and the new list is shown. Each item is published
through its own service (its rules and its audit event); the view commits once, so any refusal
rolls back every item.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from flask_babel import gettext as _
from sqlalchemy import select

from app.errors import DomainError
from app.extensions import db
from app.indicators.services import publish_indicator
from app.interventions.services import set_intervention_published
from app.missions.services import publish_mission
from app.models import Indicator, Intervention, Mission, Outcome
from app.permissions import Action, authorize


@dataclass(frozen=True)
class DraftItem:
    """One row of the review list."""

    kind: str  # "mission", "intervention" or "indicator"
    id: int
    title: str
    outcome_title: str | None = None

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}"


def _drafts(model: type[Intervention] | type[Indicator], mission_id: int) -> list[Any]:
    stmt = (
        select(model, Outcome.title)
        .outerjoin(Outcome, Outcome.id == model.outcome_id)
        .where(
            model.mission_id == mission_id,
            model.archived_at.is_(None),
            model.is_published.is_(False),
        )
        .order_by(Outcome.position, Outcome.id, model.title, model.id)
    )
    return list(db.session.execute(stmt))


Row = TypeVar("Row", Intervention, Indicator)


def _by_id(model: type[Row], ids: list[int]) -> dict[int, Row]:
    if not ids:
        return {}
    return {row.id: row for row in db.session.scalars(select(model).where(model.id.in_(ids)))}


def list_mission_drafts(mission: Mission) -> list[DraftItem]:
    """What publishing the mission with its drafts would make public, in two queries."""
    items = [] if mission.is_published else [DraftItem("mission", mission.id, mission.title)]
    for kind, model in (("intervention", Intervention), ("indicator", Indicator)):
        items += [
            DraftItem(kind, row.id, row.title, outcome)
            for row, outcome in _drafts(model, mission.id)
        ]
    return items


def review_key(items: list[DraftItem]) -> str:
    """The reviewed list as the confirm form posts it back."""
    return ",".join(sorted(item.key for item in items))


def publish_mission_and_drafts(mission: Mission, reviewed: str, *, actor: Any) -> int:
    """Publish the mission and every draft listed at review; returns how many went public.

    Refuses (DomainError, nothing written by the caller's rollback) when the drafts changed since
    the review, when the mission is archived, or when actor may not publish one of them.
    """
    if mission.archived_at is not None:
        raise DomainError(_("An archived mission cannot be published."))
    items = list_mission_drafts(mission)
    if not items:
        raise DomainError(_("Nothing is waiting: the mission and all its work are published."))
    if review_key(items) != reviewed:
        raise DomainError(
            _("The drafts changed since this list was shown: nothing was published. Check the "
              "list again.")
        )  # fmt: skip
    interventions = _by_id(Intervention, [i.id for i in items if i.kind == "intervention"])
    indicators = _by_id(Indicator, [i.id for i in items if i.kind == "indicator"])
    for item in items:
        obj: Mission | Intervention | Indicator = (
            mission
            if item.kind == "mission"
            else interventions[item.id]
            if item.kind == "intervention"
            else indicators[item.id]
        )
        if not authorize(actor, Action.PUBLISH, obj):
            raise DomainError(_("You may not publish %(title)s.", title=item.title))
        if isinstance(obj, Mission):
            publish_mission(obj, actor_id=actor.id)
        elif isinstance(obj, Intervention):
            set_intervention_published(obj, True, actor_id=actor.id)
        else:
            publish_indicator(obj, True, actor_id=actor.id)
    return len(items)
