"""Intervention, partner, milestone, progress update, override and list-filter forms."""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    FieldList,
    FloatField,
    Form,
    FormField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.validators import ValidationError as FieldError

from app.forms import VersionedForm, WholeNumberField, required, row_id
from app.models import Intervention, Milestone, ProgressUpdate
from app.models.enums import ImplementationStatus, PartnerKind, Stage, UpdateStatus
from app.models.intervention import BUDGET_FIRST_YEAR, BUDGET_LAST_YEAR
from app.templating import status_name
from app.translated_forms import TranslatedFieldsMixin

PARTNER_ROWS = 4
OUTSIDE_PARTNER_ROWS = 2
NO_CHOICE = 0  # the "none" option of an integer select


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _stage_choices() -> list[tuple[str, str]]:
    return [(stage.value, status_name(stage.value)) for stage in Stage]


def _positive_finite(form: Form, field: FloatField) -> None:
    if field.data is not None and (not math.isfinite(field.data) or field.data <= 0):
        raise FieldError(_l("Enter a number above 0."))


class PartnerForm(Form):
    """One partner row: a department and its role. A row with neither is ignored."""

    department_id = SelectField(_l("Partner department"), coerce=row_id, default=NO_CHOICE)
    role = StringField(
        _l("Role"), validators=[Optional(), Length(max=200)], filters=[_strip], default=""
    )

    def validate_department_id(self, field: SelectField) -> None:
        if field.data in (None, NO_CHOICE) and self.role.data:
            raise FieldError(_l("Choose the department that has this role."))


class OutsidePartnerForm(Form):
    """One outside partner row: an organisation's name, kind and role. An empty row is ignored."""

    # No Optional(): it would stop validate_name from seeing a role without a name.
    name = StringField(
        _l("Organisation"), validators=[Length(max=200)], filters=[_strip], default=""
    )
    kind = SelectField(
        _l("Kind"),
        choices=lambda: [(kind.value, status_name(kind.value)) for kind in PartnerKind],
        default=PartnerKind.OTHER.value,
    )
    role = StringField(
        _l("Role"), validators=[Optional(), Length(max=200)], filters=[_strip], default=""
    )

    def validate_name(self, field: StringField) -> None:
        if not field.data and self.role.data:
            raise FieldError(_l("Name the organisation that has this role."))


class InterventionForm(TranslatedFieldsMixin, VersionedForm):
    TRANSLATED_MODEL = Intervention

    mission_id = SelectField(_l("Mission"), coerce=row_id, validators=[InputRequired()])
    # Choices are the chosen mission's outcomes; the service says clearly when a posted outcome
    # belongs to another mission (so no choice check here).
    outcome_id = SelectField(
        _l("Outcome"),
        coerce=row_id,
        default=NO_CHOICE,
        validate_choice=False,
        description=_l("Optional; it must be an outcome of the chosen mission."),
    )
    # The service decides which departments the user may choose (a lead: only their own).
    lead_department_id = SelectField(
        _l("Lead department"), coerce=row_id, validate_choice=False, validators=[InputRequired()]
    )
    external_id = StringField(
        _l("External ID"),
        description=_l("Optional key used by spreadsheet imports; unique when given."),
        validators=[Optional(), Length(max=64)],
        filters=[_strip],
    )
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)], filters=[_strip])
    summary = TextAreaField(_l("Summary"), validators=[Length(max=5000)], filters=[_strip])
    stage = SelectField(_l("Innovation stage"), choices=_stage_choices, default=Stage.EXPLORE)
    start_date = DateField(_l("Start date"), validators=[Optional()])
    end_date = DateField(
        _l("End date"), description=_l("Not before the start date."), validators=[Optional()]
    )
    budget = DecimalField(
        _l("Budget (ISK)"),
        places=2,
        validators=[
            Optional(),
            NumberRange(min=0, max=999_999_999_999, message=_l("Enter an amount of 0 or more.")),
        ],
    )
    age_min = WholeNumberField(
        _l("Youngest age served"),
        description=_l("Give both ages or neither, from 0 to 120."),
        validators=[Optional(), NumberRange(min=0, max=120)],
    )
    age_max = WholeNumberField(
        _l("Oldest age served"), validators=[Optional(), NumberRange(min=0, max=120)]
    )
    update_cycle_days = WholeNumberField(
        _l("Days between progress updates"),
        default=90,
        description=_l("From 7 to 366 days."),
        validators=[InputRequired(), NumberRange(min=7, max=366)],
    )
    weight = FloatField(
        _l("Weight in roll-ups"),
        default=1.0,
        description=_l("Above 0; 1 counts like an average intervention."),
        validators=[InputRequired(), _positive_finite],
    )
    partners = FieldList(FormField(PartnerForm), min_entries=PARTNER_ROWS, max_entries=20)
    outside_partners = FieldList(
        FormField(OutsidePartnerForm), min_entries=OUTSIDE_PARTNER_ROWS, max_entries=20
    )
    contact_name = StringField(
        _l("Contact person"),
        description=_l("Who staff ask about this work. Not shown on the public pages."),
        validators=[Optional(), Length(max=120)],
        filters=[_strip],
    )
    contact_email = StringField(
        _l("Contact email"), validators=[Optional(), Length(max=254)], filters=[_strip]
    )
    contact_phone = StringField(
        _l("Contact phone"), validators=[Optional(), Length(max=40)], filters=[_strip]
    )

    # Every offered mission's outcomes (id -> [(id, title)]), for the script that swaps the
    # outcome choices when the mission changes.
    outcomes_by_mission: dict[int, list[tuple[int, str]]]

    def set_choices(
        self,
        *,
        missions: list[tuple[int, str]],
        outcomes: list[tuple[int, str]],
        lead_departments: list[tuple[int, str]],
        departments: list[tuple[int, str]],
        outcomes_by_mission: dict[int, list[tuple[int, str]]] | None = None,
    ) -> None:
        """Fill the selects; partners may be any department, leads are limited by the caller."""
        self.outcomes_by_mission = outcomes_by_mission or {}
        self.mission_id.choices = missions
        self.outcome_id.choices = [(NO_CHOICE, _l("No outcome")), *outcomes]
        self.lead_department_id.choices = lead_departments
        for row in self.partners:
            row.form.department_id.choices = [(NO_CHOICE, "–"), *departments]

    def outside_partner_rows(self) -> list[tuple[str, str, str]]:
        """(name, kind, role) of the filled-in outside partner rows, in form order."""
        return [
            (row.form.name.data, row.form.kind.data, row.form.role.data or "")
            for row in self.outside_partners
            if row.form.name.data
        ]

    def partner_rows(self) -> list[tuple[int, str]]:
        """(department id, role) of the filled-in partner rows, in form order."""
        return [
            (row.form.department_id.data, row.form.role.data or "")
            for row in self.partners
            if row.form.department_id.data not in (None, NO_CHOICE)
        ]


class MilestoneForm(TranslatedFieldsMixin, VersionedForm):
    TRANSLATED_MODEL = Milestone

    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)], filters=[_strip])
    due_date = DateField(_l("Due date"), validators=[InputRequired()])
    completed_on = DateField(
        _l("Completed on"),
        description=_l("Leave empty while the milestone is open; not in the future."),
        validators=[Optional()],
    )


class UpdateForm(TranslatedFieldsMixin, VersionedForm):
    """The department lead's five-minute progress update."""

    TRANSLATED_MODEL = ProgressUpdate

    reported_on = DateField(_l("Report date"), default=date.today, validators=[InputRequired()])
    status = RadioField(
        _l("How is it going?"),
        choices=lambda: [(status.value, status_name(status.value)) for status in UpdateStatus],
        validators=[InputRequired(message=_l("Choose a status."))],
    )
    summary = TextAreaField(
        _l("What happened"),
        validators=[DataRequired(), Length(max=5000)],
        filters=[_strip],
    )
    next_steps = TextAreaField(_l("Next steps"), validators=[Length(max=5000)], filters=[_strip])
    blockers = TextAreaField(
        _l("Blockers"),
        description=_l("Required when the work is off track: what stands in the way?"),
        validators=[Length(max=5000)],
        filters=[_strip],
    )

    def validate_blockers(self, field: TextAreaField) -> None:
        if self.status.data == UpdateStatus.OFF_TRACK and not field.data:
            raise FieldError(_l("Off track needs a note on what blocks the work."))


class OverrideForm(TranslatedFieldsMixin, VersionedForm):
    TRANSLATED_MODEL = Intervention
    TRANSLATED_NAMES = {"reason": "override_reason"}

    status = SelectField(
        _l("Manual status"),
        choices=lambda: [
            ("", _l("None: show the computed status")),
            *((status.value, status_name(status.value)) for status in ImplementationStatus),
        ],
        default="",
    )
    reason = TextAreaField(
        _l("Reason"),
        description=_l("Required with a manual status; shown next to it wherever it appears."),
        validators=[Length(max=2000)],
        filters=[_strip],
    )


class FilterForm(Form):
    """The list filters; they live in the URL (GET), so no CSRF token."""

    mission = SelectField(_l("Mission"), coerce=row_id, default=NO_CHOICE)
    department = SelectField(_l("Lead department"), coerce=row_id, default=NO_CHOICE)
    stage = SelectField(
        _l("Stage"), choices=lambda: [("", _l("All stages")), *_stage_choices()], default=""
    )
    mine = BooleanField(_l("Only my department's"))

    def set_choices(
        self, missions: list[tuple[int, str]], departments: list[tuple[int, str]]
    ) -> None:
        self.mission.choices = [(NO_CHOICE, _l("All missions")), *missions]
        self.department.choices = [(NO_CHOICE, _l("All departments")), *departments]

    def selected(self, name: str) -> Any:
        """A filter's value, or None when it is empty or not one of the choices."""
        field = getattr(self, name)
        if field.process_errors or field.data in (None, "", NO_CHOICE):
            return None
        if not any(selected for _value, _label, selected, _kw in field.iter_choices()):
            return None
        return field.data


BUDGET_ROWS = 3  # empty rows shown under the existing lines


class BudgetLineRowForm(Form):
    """One budget line: year, funding department, amount. A row left empty is ignored."""

    year = WholeNumberField(
        _l("Year"),
        validators=[
            Optional(),
            NumberRange(
                min=BUDGET_FIRST_YEAR,
                max=BUDGET_LAST_YEAR,
                message=_l("Choose a year from %(min)s to %(max)s."),
            ),
        ],
    )
    department_id = SelectField(_l("Funding department"), coerce=row_id, default=NO_CHOICE)
    amount = DecimalField(
        _l("Amount (ISK)"),
        places=2,
        validators=[
            Optional(),
            NumberRange(
                min=0,
                max=999_999_999_999.99,
                message=_l("Enter an amount from 0 to 999,999,999,999.99."),
            ),
        ],
    )
    remove = BooleanField(_l("Remove"))

    def _entered(self) -> list[bool]:
        """Whether the year, the department and the amount were entered (badly or not)."""
        return [
            bool(self.year.raw_data and self.year.raw_data[0].strip()),
            self.department_id.data not in (None, NO_CHOICE),
            bool(self.amount.raw_data and self.amount.raw_data[0].strip()),
        ]

    def is_empty(self) -> bool:
        """A row to leave out: nothing entered, or marked to remove."""
        return bool(self.remove.data) or not any(self._entered())

    def validate_department_id(self, field: SelectField) -> None:
        # Here, not on the amount or the year: their Optional() stops the chain when empty.
        entered = self._entered()
        if not self.remove.data and any(entered) and not all(entered):
            raise FieldError(_l("Give the year, the funding department and the amount."))


class BudgetLinesForm(VersionedForm):
    """An intervention's budget lines, as a small table: change, remove or add rows."""

    lines = FieldList(FormField(BudgetLineRowForm), min_entries=BUDGET_ROWS, max_entries=200)

    def set_choices(self, departments: list[tuple[int, str]]) -> None:
        for row in self.lines:
            row.form.department_id.choices = [(NO_CHOICE, "–"), *departments]

    def filled_rows(self) -> list[tuple[int, int, Decimal]]:
        """(year, department id, amount) of the rows kept, in form order (a validated form: a
        kept row has all three)."""
        return [
            (
                required(row.form.year.data),
                required(row.form.department_id.data),
                required(row.form.amount.data),
            )
            for row in self.lines
            if not row.form.is_empty()
        ]
