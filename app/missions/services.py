"""Mission and outcome writes: check the rules, change, flush; never commit."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from app import audit, editing
from app.errors import DomainError
from app.extensions import db
from app.missions.slugs import unique_slug
from app.models import Department, Mission, Outcome, User
from app.models.enums import MissionStatus, Role
from app.translating import Entered, merged_entered

OWNER_ROLES = frozenset({Role.ADMIN.value, Role.MISSION_OFFICE.value})


@dataclass(frozen=True)
class MissionData:
    """The fields of a mission as entered (translations: language -> field -> text; an empty
    slug is made from the title; co_owner_ids: the departments that own it together)."""

    title: str
    slug: str
    north_star: str
    problem_statement: str
    target_population: str
    age_min: int | None
    age_max: int | None
    start_year: int
    horizon_year: int
    status: str
    owner_id: int | None
    translations: Entered
    co_owner_ids: tuple[int, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class OutcomeData:
    """The fields of an outcome as entered (translations: language -> field -> text)."""

    title: str
    description: str
    position: int
    translations: Entered


def _co_owners(data: MissionData) -> list[Department]:
    """The co-owning departments chosen, by code; an unknown id is refused."""
    wanted = set(data.co_owner_ids)
    if not wanted:
        return []
    found = list(
        db.session.scalars(
            select(Department).where(Department.id.in_(wanted)).order_by(Department.code)
        )
    )
    if len(found) != len(wanted):
        raise DomainError(_("Choose the co-owning departments from the list."), "co_owner_ids")
    return found


def _check_mission(data: MissionData, mission: Mission | None) -> None:
    clash = db.session.scalar(select(Mission.id).where(Mission.slug == data.slug))
    if clash is not None and (mission is None or clash != mission.id):
        raise DomainError(
            _("Another mission already uses the slug “%(slug)s”. Choose another.", slug=data.slug),
            "slug",
        )
    if data.start_year > data.horizon_year:
        raise DomainError(_("The horizon year cannot be before the start year."), "horizon_year")
    if data.age_min is not None and data.age_max is not None and data.age_min > data.age_max:
        raise DomainError(_("The oldest age cannot be below the youngest age."), "age_max")
    if data.status not in {status.value for status in MissionStatus}:
        raise DomainError(_("Unknown status."), "status")
    # An owner who has since left the mission office may stay; a new owner must be eligible.
    if data.owner_id is not None and (mission is None or data.owner_id != mission.owner_id):
        owner = db.session.execute(
            select(User.role, User.active).where(User.id == data.owner_id)
        ).first()
        if owner is None or not owner.active or owner.role not in OWNER_ROLES:
            raise DomainError(
                _("The owner must be an active member of the mission office or an administrator."),
                "owner_id",
            )


def save_mission(
    mission: Mission | None, data: MissionData, *, expected_version: int, actor_id: int
) -> Mission:
    """Create (mission None) or update a mission; the version check guards against lost updates.

    An empty slug is made from the title (unique among missions). The co-owning departments are
    replaced and audited with the columns; an existing mission must have them loaded.
    """
    if not data.slug:
        slug = unique_slug(data.title, mission_id=mission.id if mission else None)
        data = replace(data, slug=slug)
    _check_mission(data, mission)
    co_owners = _co_owners(data)
    values: dict[str, Any] = {
        "title": data.title,
        "slug": data.slug,
        "north_star": data.north_star,
        "problem_statement": data.problem_statement,
        "target_population": data.target_population,
        "age_min": data.age_min,
        "age_max": data.age_max,
        "start_year": data.start_year,
        "horizon_year": data.horizon_year,
        "status": data.status,
        "owner_id": data.owner_id,
        "translations": merged_entered(
            mission.translations if mission else None, data.translations
        ),
    }
    if mission is None:
        created = editing.create(Mission(**values, co_owners=co_owners), actor_id=actor_id)
        if co_owners:
            audit.record(
                created, "update", actor_id=actor_id, old={"co_owners": []},
                new={"co_owners": [department.code for department in co_owners]},
            )  # fmt: skip
        return created
    old_codes = [department.code for department in mission.co_owners]
    mission.co_owners = co_owners
    editing.update(
        mission,
        values,
        expected_version=expected_version,
        actor_id=actor_id,
        related_old={"co_owners": old_codes},
        related_new={"co_owners": [department.code for department in co_owners]},
    )
    return mission


def publish_mission(mission: Mission, *, actor_id: int) -> bool:
    """Publish a mission; False when it already was. An archived mission is refused."""
    if mission.archived_at is not None:
        raise DomainError(_("An archived mission cannot be published."))
    return editing.set_published(mission, True, actor_id=actor_id)


def unpublish_mission(mission: Mission, *, actor_id: int) -> bool:
    """Take a mission back to draft; False when it was not published."""
    return editing.set_published(mission, False, actor_id=actor_id)


def archive_mission(mission: Mission, *, actor_id: int) -> bool:
    """Archive a mission (it leaves lists and public pages); False when it already was."""
    return editing.archive(mission, actor_id=actor_id)


def restore_mission(mission: Mission, *, actor_id: int) -> bool:
    """Bring an archived mission back as a draft; False when it was not archived.

    Its interventions and indicators keep their own state: published ones are public again
    once the mission office publishes the mission.
    """
    return editing.restore(mission, actor_id=actor_id)


def _check_outcome(mission_id: int, title: str, outcome: Outcome | None) -> None:
    clash = db.session.scalar(
        select(Outcome.id).where(
            Outcome.mission_id == mission_id, func.lower(Outcome.title) == title.lower()
        )
    )
    if clash is not None and (outcome is None or clash != outcome.id):
        raise DomainError(_("This mission already has an outcome with this title."), "title")


def save_outcome(
    mission_id: int,
    outcome: Outcome | None,
    data: OutcomeData,
    *,
    expected_version: int,
    actor_id: int,
) -> Outcome:
    """Create (outcome None) or update an outcome of the mission."""
    _check_outcome(mission_id, data.title, outcome)
    values: dict[str, Any] = {
        "title": data.title,
        "description": data.description,
        "position": data.position,
        "translations": merged_entered(
            outcome.translations if outcome else None, data.translations
        ),
    }
    if outcome is None:
        return editing.create(Outcome(mission_id=mission_id, **values), actor_id=actor_id)
    editing.update(outcome, values, expected_version=expected_version, actor_id=actor_id)
    return outcome
