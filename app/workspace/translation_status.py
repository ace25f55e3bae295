"""Which published content lacks a translation, per translation language and kind of content.

Published means what residents can read (app.reporting.visibility); departments are always shown
on the public pages. One query per kind of content, whatever the number of items.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, select, true

from app.extensions import db
from app.models import (
    Department,
    Indicator,
    Intervention,
    Milestone,
    Mission,
    Outcome,
    ProgressUpdate,
)
from app.reporting.visibility import (
    indicator_is_public,
    intervention_is_public,
    mission_is_public,
    outcome_is_public,
    public_intervention_ids,
    update_is_public,
)
from app.translating import missing_translations, translation_languages

FIELD_LABELS = {
    "title": _l("Title"),
    "name": _l("Name"),
    "north_star": _l("North Star"),
    "problem_statement": _l("Problem statement"),
    "target_population": _l("Target population"),
    "description": _l("Description"),
    "summary": _l("Summary"),
    "definition": _l("Definition"),
    "unit": _l("Unit"),
    "source": _l("Source"),
    "override_reason": _l("Reason"),
    "next_steps": _l("Next steps"),
    "blockers": _l("Blockers"),
}


@dataclass(frozen=True)
class Kind:
    """One kind of content: what is published, how it is named and where it is edited."""

    key: str
    label: Any
    model: type[Any]
    published: Callable[[], ColumnElement[bool]]
    name: Callable[[Any], str]
    edit: Callable[[Any], str]
    # The form that edits the manual status's reason, where the kind has one.
    override: Callable[[Any], str] | None = None


def _kinds() -> list[Kind]:
    return [
        Kind("missions", _l("Missions"), Mission, mission_is_public, lambda o: o.title,
             lambda o: url_for("missions.edit", mission_id=o.id)),
        Kind("outcomes", _l("Outcomes"), Outcome, outcome_is_public, lambda o: o.title,
             lambda o: url_for("missions.edit_outcome", outcome_id=o.id)),
        Kind("departments", _l("Departments"), Department, true, lambda o: o.name,
             lambda o: url_for("departments.edit", department_id=o.id)),
        Kind("interventions", _l("Interventions"), Intervention, intervention_is_public,
             lambda o: o.title,
             lambda o: url_for("interventions.edit", intervention_id=o.id),
             lambda o: url_for("interventions.override", intervention_id=o.id)),
        Kind("milestones", _l("Milestones"), Milestone,
             lambda: Milestone.intervention_id.in_(public_intervention_ids()),
             lambda o: o.title,
             lambda o: url_for("interventions.edit_milestone", milestone_id=o.id)),
        Kind("indicators", _l("Indicators"), Indicator, indicator_is_public, lambda o: o.title,
             lambda o: url_for("indicators.edit", indicator_id=o.id),
             lambda o: url_for("indicators.override", indicator_id=o.id)),
        Kind("updates", _l("Progress updates"), ProgressUpdate, update_is_public,
             lambda o: f"{o.reported_on.isoformat()}: {o.summary[:80]}",
             lambda o: url_for("interventions.edit_update", update_id=o.id)),
    ]  # fmt: skip


@dataclass(frozen=True)
class Untranslated:
    """One item with the fields that have text but no translation into the language."""

    name: str
    fields: list[str]
    edit_url: str
    override_url: str | None

    @property
    def field_labels(self) -> list[str]:
        return [str(FIELD_LABELS.get(name, name)) for name in self.fields]


@dataclass
class LanguageGaps:
    lang: str
    groups: list[tuple[Kind, list[Untranslated]]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(len(items) for _kind, items in self.groups)


def _published(kind: Kind) -> list[Any]:
    model = kind.model
    stmt = select(model).where(kind.published()).order_by(model.id)
    return list(db.session.scalars(stmt))


def translation_gaps() -> list[LanguageGaps]:
    """For each translation language, the published items missing a translation, by kind."""
    languages = translation_languages()
    result = [LanguageGaps(lang) for lang in languages]
    for kind in _kinds():
        rows = _published(kind)
        for gaps in result:
            items = []
            for obj in rows:
                fields = missing_translations(obj, gaps.lang)
                if fields:
                    override = kind.override(obj) if kind.override and (
                        "override_reason" in fields) else None  # fmt: skip
                    items.append(Untranslated(kind.name(obj), fields, kind.edit(obj), override))
            if items:
                gaps.groups.append((kind, items))
    return result


def count_translation_gaps() -> int:
    """How many (item, language) pairs of published content lack a translation."""
    return sum(gaps.total for gaps in translation_gaps())
