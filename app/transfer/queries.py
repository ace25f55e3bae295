"""Reads for imports and exports: template rows, export rows and the choices the forms offer.

Staff see everything, drafts included, so the exports hold every row (archived interventions are
marked as such); each export is one query (two for the template), whatever the size.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import aliased

from app.extensions import db
from app.measurements.queries import last_complete_period
from app.measurements.values import attributes_text
from app.models import (
    HEADLINE,
    Department,
    Indicator,
    Intervention,
    InterventionPartner,
    Measurement,
    Mission,
    Outcome,
    OutsidePartner,
    ProgressUpdate,
    User,
)
from app.models.enums import Frequency
from app.transfer.readers.interventions import COLUMNS as INTERVENTION_COLUMNS
from app.transfer.readers.interventions import (
    outside_partners_cell,
    partners_cell,
    translation_columns,
)
from app.transfer.readers.measurements import COLUMNS as MEASUREMENT_COLUMNS
from app.translating import field_key, translation_languages

UPDATE_COLUMNS = [
    "id", "intervention_id", "intervention_external_id", "intervention_title", "reported_on",
    "status", "summary", "next_steps", "blockers", "is_published", "published_at", "author",
]  # fmt: skip


def _translation_cells(obj: Any, columns: Iterable[tuple[str, str]]) -> list[str]:
    """obj's translation of each (field, language), empty where there is none."""
    stored = obj.translations or {}
    return [(stored.get(lang) or {}).get(name, "") for name, lang in columns]


def _update_translations() -> dict[str, tuple[str, str]]:
    return {
        field_key(name, lang): (name, lang)
        for lang in translation_languages()
        for name in ProgressUpdate.TRANSLATED
    }


def intervention_columns() -> list[str]:
    """The intervention file's columns: the fields, then a translation column per field and
    language (title_is, summary_is...)."""
    return [*INTERVENTION_COLUMNS, *translation_columns()]


def update_columns() -> list[str]:
    """The update export's columns, with summary_is, next_steps_is... at the end."""
    return [*UPDATE_COLUMNS, *_update_translations()]


def measurement_columns() -> list[str]:
    return MEASUREMENT_EXPORT_COLUMNS


def template_period(frequency: str, period: date) -> str:
    """A period as the template writes it: 2024, 2024-Q2 or 2024-05."""
    if frequency == Frequency.YEARLY:
        return str(period.year)
    if frequency == Frequency.QUARTERLY:
        return f"{period.year}-Q{(period.month - 1) // 3 + 1}"
    return f"{period.year}-{period.month:02d}"


def template_rows(department_id: int | None, today: date) -> list[list[Any]]:
    """A row per live indicator of the department (all departments: None), and per breakdown it
    already has, for the last complete period, with the value left empty."""
    stmt = (
        select(Indicator, Department.code)
        .join(Mission, Mission.id == Indicator.mission_id)
        .join(Department, Department.id == Indicator.department_id)
        .where(Indicator.archived_at.is_(None), Mission.archived_at.is_(None))
        .order_by(Mission.title, Indicator.title, Indicator.id)
    )
    if department_id is not None:
        stmt = stmt.where(Indicator.department_id == department_id)
    found = db.session.execute(stmt).all()
    breakdowns: dict[int, list[str]] = defaultdict(list)
    if found:
        keys = (
            select(Measurement.indicator_id, Measurement.breakdown)
            .where(
                Measurement.indicator_id.in_([indicator.id for indicator, _code in found]),
                Measurement.breakdown != HEADLINE,
            )
            .distinct()
            .order_by(Measurement.indicator_id, Measurement.breakdown)
        )
        for indicator_id, key in db.session.execute(keys):
            breakdowns[indicator_id].append(key)
    rows = []
    for indicator, code in found:
        period = template_period(
            indicator.frequency, last_complete_period(indicator.frequency, today)
        )
        for key in [HEADLINE, *breakdowns.get(indicator.id, [])]:
            rows.append(
                [indicator.id, indicator.code or "", indicator.title, indicator.unit,
                 indicator.frequency, period, key, None, "", "", code]
            )  # fmt: skip
    return rows


# The measurement export: the template's columns, then the attributes each value carries
# (Open SDG's observation status, comments...), which an import of the export leaves as stored.
MEASUREMENT_EXPORT_COLUMNS = [*MEASUREMENT_COLUMNS, "attributes"]


def measurement_rows(
    department_id: int | None = None, mission_id: int | None = None
) -> Iterator[list[Any]]:
    """Every measurement (optionally of one department or mission), in the template's columns."""
    stmt = (
        select(
            Indicator.id, Indicator.code, Indicator.title, Indicator.unit, Indicator.frequency,
            Measurement.period, Measurement.breakdown, Measurement.value, Measurement.status,
            Measurement.source_note, Department.code, Measurement.attributes,
        )
        .join(Indicator, Indicator.id == Measurement.indicator_id)
        .join(Department, Department.id == Indicator.department_id)
        .order_by(Indicator.id, Measurement.breakdown, Measurement.period)
    )  # fmt: skip
    if department_id is not None:
        stmt = stmt.where(Indicator.department_id == department_id)
    if mission_id is not None:
        stmt = stmt.where(Indicator.mission_id == mission_id)
    for row in db.session.execute(stmt):
        values = list(row)
        values[1] = values[1] or ""
        values[-1] = attributes_text(values[-1])
        yield values


def intervention_rows(department_id: int | None = None) -> Iterator[list[Any]]:
    """Every intervention with its mission slug, outcome title, lead code and partners (departments
    and outside organisations)."""
    partners: dict[int, list[tuple[str, str]]] = defaultdict(list)
    partner_stmt = select(
        InterventionPartner.intervention_id, Department.code, InterventionPartner.role
    ).join(Department, Department.id == InterventionPartner.department_id)
    for intervention_id, code, role in db.session.execute(partner_stmt):
        partners[intervention_id].append((code, role))
    outside: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    for partner in db.session.scalars(select(OutsidePartner)):
        outside[partner.intervention_id].append((partner.name, str(partner.kind), partner.role))
    stmt = (
        select(Intervention, Mission.slug, Outcome.title, Department.code)
        .join(Mission, Mission.id == Intervention.mission_id)
        .outerjoin(Outcome, Outcome.id == Intervention.outcome_id)
        .join(Department, Department.id == Intervention.lead_department_id)
        .order_by(Intervention.id)
    )
    if department_id is not None:
        stmt = stmt.where(Intervention.lead_department_id == department_id)
    translated = list(translation_columns().values())
    for item, slug, outcome_title, lead_code in db.session.execute(stmt):
        yield [
            item.external_id or "", item.id, slug, outcome_title or "", lead_code, item.title,
            item.summary, item.stage, item.start_date, item.end_date, item.budget, item.age_min,
            item.age_max, partners_cell(partners.get(item.id, [])),
            outside_partners_cell(outside.get(item.id, [])), item.update_cycle_days,
            item.weight, bool(item.is_published), item.archived_at is not None,
            *_translation_cells(item, translated),
        ]  # fmt: skip


def update_rows(department_id: int | None = None) -> Iterator[list[Any]]:
    """Every progress update, drafts included, newest first within each intervention."""
    author = aliased(User)
    stmt = (
        select(ProgressUpdate, Intervention.external_id, Intervention.title, author.name)
        .join(Intervention, Intervention.id == ProgressUpdate.intervention_id)
        .outerjoin(author, author.id == ProgressUpdate.author_id)
        .order_by(ProgressUpdate.intervention_id, ProgressUpdate.reported_on.desc(),
                  ProgressUpdate.id.desc())
    )  # fmt: skip
    if department_id is not None:
        stmt = stmt.where(Intervention.lead_department_id == department_id)
    translated = list(_update_translations().values())
    for update, external_id, title, author_name in db.session.execute(stmt):
        yield [
            update.id, update.intervention_id, external_id or "", title, update.reported_on,
            update.status, update.summary, update.next_steps, update.blockers,
            bool(update.is_published), update.published_at, author_name or "",
            *_translation_cells(update, translated),
        ]  # fmt: skip


# kind -> (its columns, from the settings' languages; its rows)
EXPORTS: dict[str, tuple[Callable[[], list[str]], Callable[..., Iterator[list[Any]]]]] = {
    "measurements": (measurement_columns, measurement_rows),
    "interventions": (intervention_columns, intervention_rows),
    "updates": (update_columns, update_rows),
}


def department_choices(only_id: int | None = None) -> list[Department]:
    """Departments by code (only one for a department lead)."""
    stmt = select(Department).order_by(Department.code)
    if only_id is not None:
        stmt = stmt.where(Department.id == only_id)
    return list(db.session.scalars(stmt))


def indicator_choices(department_id: int | None = None) -> list[tuple[int, str]]:
    """(id, 'CODE · title (frequency)') of live indicators, of one department when given."""
    stmt = (
        select(Indicator.id, Indicator.code, Indicator.title, Indicator.frequency)
        .join(Mission, Mission.id == Indicator.mission_id)
        .where(Indicator.archived_at.is_(None), Mission.archived_at.is_(None))
        .order_by(Indicator.title, Indicator.id)
    )
    if department_id is not None:
        stmt = stmt.where(Indicator.department_id == department_id)
    return [
        (row.id, f"{row.code + ' · ' if row.code else ''}{row.title}")
        for row in db.session.execute(stmt)
    ]
