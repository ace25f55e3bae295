"""Measurement forms: a single value, a correction, and the department's period grid.

The forms read what was typed; the rules (archived indicator, period, breakdown, range, status)
are checked by the services with app.measurements.rules. Length limits come from there too.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    Field,
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional, Regexp
from wtforms.widgets import TextInput

from app.forms import AppForm, VersionedForm
from app.measurements.rules import MAX_DIMENSION_NAME, MAX_NOTE
from app.measurements.values import NUMBER_HINT, parse_number, plain_number
from app.models.enums import MeasurementStatus

STATUS_CHOICES = [
    (MeasurementStatus.FINAL.value, _l("Final")),
    (MeasurementStatus.PROVISIONAL.value, _l("Provisional")),
]


class NumberField(Field):
    """A number typed as '12.5', '12,5' or '1 234,5'; data is a float (None when empty).

    A text input, as a StringField renders, so that a decimal comma can be typed.
    """

    data: float | None
    widget = TextInput()

    def process_formdata(self, valuelist: list[Any]) -> None:
        # Only spaces is not a number: Optional() treats it as empty (and drops this field's
        # error), while a required field refuses it here, so its data is never None once valid.
        self.data = None
        if not valuelist or str(valuelist[0]) == "":
            return
        self.data = parse_number(str(valuelist[0]))  # its ValueError becomes the field error

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return plain_number(self.data)


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class MeasurementForm(AppForm):
    """A new value of an indicator for one period, optionally for one breakdown."""

    period = DateField(
        _l("Period"),
        description=_l("Any day in the period; it is stored as the period's first day."),
        validators=[InputRequired(message=_l("Enter a date."))],
    )
    dimension = StringField(
        _l("Breakdown dimension"),
        description=_l("Leave empty for the headline value, or name it, e.g. district."),
        validators=[Optional(), Length(max=MAX_DIMENSION_NAME)],
        filters=[_strip],
    )
    dimension_value = StringField(
        _l("Breakdown value"),
        description=_l("For example Breiðholt."),
        validators=[Optional()],
        filters=[_strip],
    )
    value = NumberField(
        _l("Value"), description=NUMBER_HINT, validators=[InputRequired(message=NUMBER_HINT)]
    )
    status = SelectField(_l("Status"), choices=STATUS_CHOICES)
    source_note = StringField(
        _l("Source note"), validators=[Length(max=MAX_NOTE)], filters=[_strip]
    )


class CorrectionForm(VersionedForm):
    """A correction of one stored value; the old value stays in the history."""

    value = NumberField(
        _l("Value"), description=NUMBER_HINT, validators=[InputRequired(message=NUMBER_HINT)]
    )
    status = SelectField(_l("Status"), choices=STATUS_CHOICES)
    source_note = StringField(
        _l("Source note"), validators=[Length(max=MAX_NOTE)], filters=[_strip]
    )


class GridRowForm(Form):
    """One indicator's headline value in the period grid (no CSRF: the grid form carries it)."""

    indicator_id = HiddenField(validators=[InputRequired(), Regexp(r"^\d{1,9}$")])
    period = HiddenField(validators=[InputRequired(), Regexp(r"^\d{4}-\d{2}-\d{2}$")])
    # Version of the value shown when the page was opened; "0" when there was none.
    version = HiddenField(validators=[InputRequired(), Regexp(r"^\d{1,9}$")])
    value = NumberField(_l("Value"), validators=[Optional()])
    status = SelectField(_l("Status"), choices=STATUS_CHOICES)
    source_note = StringField(
        _l("Source note"), validators=[Length(max=MAX_NOTE)], filters=[_strip]
    )
    # The exact value the enterer confirmed when asked about an unusual value (a checkbox whose
    # value is the typed number); anything that is not that number confirms nothing.
    confirm = StringField(_l("Confirm"), validators=[Optional(), Length(max=40)])
    confirm_needed = False  # set by the view when this row's value asks for confirmation

    def confirmed_value(self) -> float | None:
        """The number confirmed, or None."""
        try:
            return parse_number(str(self.confirm.data or ""))
        except ValueError:
            return None


class DataEntryForm(AppForm):
    """Every row of the grid, saved all or nothing."""

    rows = FieldList(FormField(GridRowForm))


class GridChoiceForm(AppForm):
    """Which date and department the grid shows (GET query arguments)."""

    class Meta:
        csrf = False

    period = DateField(
        _l("Date in the period"),
        description=_l("Each indicator shows the period of its frequency that contains this date."),
        validators=[Optional()],
    )
    department = SelectField(_l("Department"), validate_choice=False)


class NotCollectedForm(AppForm):
    """Mark an ended period of an indicator as not collected, with the reason."""

    period = DateField(
        _l("Period"),
        description=_l("Any day in the period; it is stored as the period's first day."),
        validators=[InputRequired(message=_l("Enter a date."))],
    )
    reason = TextAreaField(
        _l("Why was no value collected?"),
        description=_l("For example: the survey was not run this year."),
        validators=[InputRequired(message=_l("Say why no value was collected for this period.")),
                    Length(max=300)],
        filters=[_strip],
    )  # fmt: skip
