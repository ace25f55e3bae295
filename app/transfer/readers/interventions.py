"""Reading an intervention spreadsheet: each row's cells, typed and resolved, as the file says.

Decisions:

* The header decides which columns a row gives; a column missing from the file is not read at
  all, so planning keeps the stored value (new interventions get the defaults). A present but
  empty cell clears an optional field.
* Missions are named by slug, outcomes by title within the row's mission, departments by code
  (partners as CODE:role;CODE:role); an unknown one is an error on its column.
* Translations are columns named ``<field>_<lang>`` (``title_is``, ``summary_pl``) for the
  translated fields the file carries (title, summary) and each of the site's translation
  languages (LANGUAGES). Like any column, a missing one keeps the stored translation and an
  empty cell removes it; a cell has the original column's limits. A column for a language the
  site does not translate into (``title_de``) is refused, naming the languages it does.
* Outside partners are written as ``Name (kind): role; Name (kind): role``, the kind one of
  ngo, state_agency, school, company, other (left out: other); names may not hold ';'.
* Matching rows to stored interventions (external_id, else the id the export writes), rights,
  and every rule of an intervention are planning's and the service's work
  (``app.transfer.planning``, ``app.interventions.services``), not the reader's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from app.database import is_storable
from app.errors import DomainError
from app.extensions import db
from app.interventions.services import CENT
from app.measurements.values import parse_number
from app.models import Department, Intervention, Mission, Outcome
from app.models.enums import PartnerKind
from app.tabular import Cell, FileRejected, Table, number_text, restore_text
from app.transfer.readers.cells import CellError, RowError
from app.translating import column_length, field_key, translation_languages

COLUMNS = [
    "external_id", "id", "mission_slug", "outcome_title", "lead_department_code", "title",
    "summary", "stage", "start_date", "end_date", "budget", "age_min", "age_max", "partners",
    "outside_partners", "update_cycle_days", "weight", "is_published", "archived",
]  # fmt: skip
# The translated fields the file carries; each has a column per translation language.
TRANSLATED_COLUMNS = ("title", "summary")
IGNORED = frozenset({"is_published", "archived", "status", "mission_title"})
REQUIRED = ("mission_slug", "lead_department_code", "title")
# Rows of one uploaded intervention file. Each new or changed intervention is saved through the
# service with its audit events (about a millisecond each), in the confirm request's one
# transaction: 2,000 rows (a city's whole portfolio is a few hundred) confirm in a few seconds,
# so the write lock on SQLite stays short. Measurement files take app.tabular.MAX_ROWS.
MAX_ROWS = 2_000
MAX_BUDGET = Decimal("999999999999.99")
# Service field names -> the file's column names.
FIELD_COLUMNS = {
    "mission_id": "mission_slug",
    "outcome_id": "outcome_title",
    "lead_department_id": "lead_department_code",
}


def translation_columns() -> dict[str, tuple[str, str]]:
    """The file's translation columns (title_is…) -> (field, language), in export order."""
    return {
        field_key(name, lang): (name, lang)
        for lang in translation_languages()
        for name in TRANSLATED_COLUMNS
    }


def _translation_column_problem(name: str) -> str | None:
    """Why a column that looks like a translation (title_de) is not one of the site's."""
    for field_name in TRANSLATED_COLUMNS:
        if name.startswith(f"{field_name}_"):
            return str(
                _(
                    "The column %(name)s is for a language this site does not translate into; "
                    "translation columns end in %(languages)s.",
                    name=name[:60],
                    languages=", ".join(f"_{lang}" for lang in translation_languages()) or "–",
                )
            )
    return None


def row_error(row: int, error: DomainError) -> RowError:
    """A reader's, planner's or service's error on the row, under the file's column name."""
    column = FIELD_COLUMNS.get(error.field or "", error.field or "")
    return RowError(row, column, error.message)


class Lookups:
    """Missions by slug, outcomes by (mission, title), departments by code: three queries."""

    def __init__(self) -> None:
        self.translation_columns = translation_columns()
        self.missions = {m.slug.lower(): m for m in db.session.scalars(select(Mission))}
        self.mission_slugs = {m.id: m.slug for m in self.missions.values()}
        self.outcomes: dict[tuple[int, str], Outcome] = {}
        self.outcome_titles: dict[int, str] = {}
        for outcome in db.session.scalars(select(Outcome)):
            self.outcomes[(outcome.mission_id, outcome.title.strip().lower())] = outcome
            self.outcome_titles[outcome.id] = outcome.title
        self.departments = {d.code.upper(): d for d in db.session.scalars(select(Department))}
        self.codes = {d.id: d.code for d in self.departments.values()}


@dataclass
class InterventionRecord:
    """One row of the file: its keys, and its cells read into service field values.

    ``values`` holds only the fields whose column the file has (``None`` from a cell means
    "clear" for optional fields, "keep" for stage, update_cycle_days and weight). ``problem`` is
    the first cell that could not be read; planning reports it after the row's matching checks.
    """

    row: int
    external_id: str
    id_text: str
    values: dict[str, Any] = field(default_factory=dict)
    problem: DomainError | None = None


@dataclass
class InterventionReading:
    """The rows of a file, in order, and what the reader looked them up in."""

    records: list[InterventionRecord]
    lookups: Lookups


def text(cell: Cell) -> str:
    """A cell as trimmed text, with the export's formula neutralisation undone."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime):
        return cell.date().isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    return restore_text(str(cell).strip())


def _date(cell: Cell, column: str) -> date | None:
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    value = text(cell)
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CellError(_("Enter the date as YYYY-MM-DD."), column) from None


def _int(cell: Cell, column: str) -> int | None:
    if isinstance(cell, bool):
        raise CellError(_("Enter a whole number."), column)
    if isinstance(cell, int | float) and float(cell).is_integer() and abs(cell) < 10**9:
        return int(cell)
    value = text(cell)
    if not value:
        return None
    if not (value.isascii() and value.lstrip("-").isdigit()) or len(value) > 9:
        raise CellError(_("Enter a whole number."), column)
    return int(value)


def _budget(cell: Cell) -> Decimal | None:
    if isinstance(cell, bool):
        raise CellError(_("Enter an amount, e.g. 1500000."), "budget")
    value = number_text(cell) if isinstance(cell, int | float) else text(cell)
    if not value:
        return None
    try:
        amount = Decimal(number_text(parse_number(value))).quantize(CENT)
    except (ValueError, InvalidOperation):
        raise CellError(_("Enter an amount, e.g. 1500000."), "budget") from None
    if abs(amount) > MAX_BUDGET:
        raise CellError(_("Enter an amount of 0 or more."), "budget")
    return amount


def _weight(cell: Cell) -> float | None:
    value = (
        number_text(cell)
        if isinstance(cell, int | float) and not isinstance(cell, bool)
        else text(cell)
    )
    if not value:
        return None
    try:
        return parse_number(value)
    except ValueError as error:
        raise CellError(str(error), "weight") from None


def _partners(cell: Cell, lookups: Lookups) -> tuple[tuple[int, str], ...]:
    partners = []
    for part in text(cell).split(";"):
        if not part.strip():
            continue
        code, _sep, role = part.partition(":")
        department = lookups.departments.get(code.strip().upper())
        if department is None:
            raise CellError(
                _("No department has the code %(code)s.", code=code.strip()[:20]), "partners"
            )
        if len(role.strip()) > 200:
            raise CellError(_("Keep each partner's role to 200 characters."), "partners")
        partners.append((department.id, role.strip()))
    return tuple(partners)


def partners_cell(partners: list[tuple[str, str]]) -> str:
    """Partners as the file writes them: 'CODE:role;CODE:role' (sorted by code)."""
    return ";".join(f"{code}:{role}" if role else code for code, role in sorted(partners))


OUTSIDE_PARTNER = re.compile(
    r"^(?P<name>.+?)(?:\s+\((?P<kind>[a-z_]+)\))?\s*(?::\s*(?P<role>.*))?$"
)


def _outside_partners(cell: Cell) -> tuple[tuple[str, str, str], ...]:
    partners = []
    kinds = {kind.value for kind in PartnerKind}
    for part in text(cell).split(";"):
        if not part.strip():
            continue
        found = OUTSIDE_PARTNER.match(part.strip())
        if found is None or not found["name"].strip():
            raise CellError(
                _("Write outside partners as Name (kind): role; separated by semicolons."),
                "outside_partners",
            )
        kind = found["kind"] or PartnerKind.OTHER.value
        if kind not in kinds:
            raise CellError(
                _("Unknown kind of partner %(kind)s: use %(kinds)s.", kind=kind[:20],
                  kinds=", ".join(sorted(kinds))),
                "outside_partners",
            )  # fmt: skip
        name, role = found["name"].strip(), (found["role"] or "").strip()
        if len(name) > 200 or len(role) > 200:
            raise CellError(
                _("Keep an outside partner's name and role to 200 characters."), "outside_partners"
            )
        partners.append((name, kind, role))
    return tuple(partners)


def outside_partners_cell(partners: list[tuple[str, str, str]]) -> str:
    """Outside partners as the file writes them: 'Name (kind): role; ...' (sorted by name)."""
    return "; ".join(
        f"{name} ({kind}): {role}" if role else f"{name} ({kind})"
        for name, kind, role in sorted(partners, key=lambda row: row[0].casefold())
    )


def _positions(header: list[str]) -> dict[str, int]:
    positions: dict[str, int] = {}
    translated = translation_columns()
    for position, raw in enumerate(header):
        name = restore_text(raw.strip()).lower()
        if not name:
            continue
        if name in positions:
            raise FileRejected(_("The column %(name)s appears twice.", name=name[:60]))
        if name not in COLUMNS and name not in IGNORED and name not in translated:
            problem = _translation_column_problem(name)
            if problem is not None:
                raise FileRejected(problem)
            raise FileRejected(_("Unknown column %(name)s (see the export for the columns).",
                                 name=name[:60]))  # fmt: skip
        positions[name] = position
    if "external_id" not in positions and "id" not in positions:
        raise FileRejected(_("The file needs the column external_id."))
    missing = [name for name in REQUIRED if name not in positions]
    if missing:
        raise FileRejected(_("The file needs the columns %(names)s.", names=", ".join(missing)))
    return positions


def _values(cells: list[Cell], positions: dict[str, int], lookups: Lookups) -> dict[str, Any]:
    """The service fields the row's cells give, in the order their errors are reported."""

    def cell(name: str) -> Cell:
        position = positions.get(name)
        return cells[position] if position is not None and position < len(cells) else None

    def given(name: str) -> bool:
        return name in positions

    values: dict[str, Any] = {}
    slug = text(cell("mission_slug")).lower()
    mission = lookups.missions.get(slug)
    if mission is None:
        raise CellError(_("No mission has the slug %(slug)s.", slug=slug[:80]), "mission_slug")
    values["mission_id"] = mission.id
    if given("outcome_title"):
        outcome_title = text(cell("outcome_title"))
        values["outcome_id"] = None
        if outcome_title:
            outcome = lookups.outcomes.get((mission.id, outcome_title.lower()))
            if outcome is None:
                raise CellError(_("The mission has no outcome with this title."), "outcome_title")
            values["outcome_id"] = outcome.id
    code = text(cell("lead_department_code")).upper()
    lead = lookups.departments.get(code)
    if lead is None:
        raise CellError(
            _("No department has the code %(code)s.", code=code[:20]), "lead_department_code"
        )
    values["lead_department_id"] = lead.id
    if given("stage"):
        values["stage"] = text(cell("stage")).lower() or None
    if given("update_cycle_days"):
        values["update_cycle_days"] = _int(cell("update_cycle_days"), "update_cycle_days")
    if given("weight"):
        values["weight"] = _weight(cell("weight"))
    values["title"] = text(cell("title"))
    readers = {
        "summary": lambda: text(cell("summary")),
        "start_date": lambda: _date(cell("start_date"), "start_date"),
        "end_date": lambda: _date(cell("end_date"), "end_date"),
        "budget": lambda: _budget(cell("budget")),
        "age_min": lambda: _int(cell("age_min"), "age_min"),
        "age_max": lambda: _int(cell("age_max"), "age_max"),
        "partners": lambda: _partners(cell("partners"), lookups),
        "outside_partners": lambda: _outside_partners(cell("outside_partners")),
    }
    for name, read in readers.items():
        if given(name):
            values[name] = read()
    translations: dict[str, dict[str, str | None]] = {}
    for column, (name, lang) in lookups.translation_columns.items():
        if given(column):
            translations.setdefault(lang, {})[name] = _translation(cell(column), name, column)
    if translations:
        values["translations"] = translations
    return values


def _translation(cell: Cell, name: str, column: str) -> str:
    """A translation cell, with the limits of the column it translates."""
    value = text(cell)
    if not is_storable(value):
        raise CellError(_("Remove the control characters (such as NUL) from this text."), column)
    limit = column_length(Intervention, name)
    if limit is not None and len(value) > limit:
        raise CellError(_("Keep this to %(n)d characters.", n=limit), column)
    return value


def read_interventions(table: Table) -> InterventionReading:
    """Read every row of an intervention spreadsheet (the export's columns)."""
    positions = _positions(table.header)
    lookups = Lookups()
    records = []
    for number, cells in table.rows:

        def key_of(name: str, cells: list[Cell] = cells) -> str:
            position = positions.get(name)
            return text(cells[position]) if position is not None and position < len(cells) else ""

        record = InterventionRecord(number, key_of("external_id"), key_of("id"))
        try:
            record.values = _values(cells, positions, lookups)
        except DomainError as error:
            record.problem = error
        records.append(record)
    return InterventionReading(records, lookups)
