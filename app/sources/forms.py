"""Forms for sources and for indicators from a file (input shape only; services check rules)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.forms import VersionedForm
from app.indicators.forms import DIRECTION_CHOICES, FREQUENCY_CHOICES
from app.measurements.forms import NumberField
from app.sources.creating import MAX_COMBINATIONS
from app.sources.filters import MAX_FILTER_CHARS

KIND_CHOICES = [
    ("open_sdg", _l("Open SDG CSV")),
    ("csv", _l("Plain CSV")),
    ("jsonstat", _l("JSON-stat dataset (PX-Web API)")),
]


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class SourceForm(VersionedForm):
    """Where an indicator's values come from and how often to look."""

    kind = SelectField(_l("Kind of source"), choices=KIND_CHOICES)
    url = StringField(
        _l("Address (URL)"),
        description=_l("An http:// or https:// address of the published file or API query."),
        validators=[DataRequired(_l("Enter the address.")), Length(max=2000)],
        filters=[_strip],
    )
    filter = TextAreaField(
        _l("Filter (JSON)"),
        description=_l('Optional. Which rows to keep and how columns map, e.g. {"keep": {"Units": '
                       '"Percent"}} or, for JSON-stat, {"period": "Ár", "breakdowns": {"Kyn": '
                       '"sex"}, "totals": {"Kyn": "Alls"}}.'),
        validators=[Length(max=MAX_FILTER_CHARS)],
        filters=[_strip],
    )  # fmt: skip
    trusted = BooleanField(_l("Trusted: apply each refresh without review"))
    interval_days = IntegerField(
        _l("Refresh every (days)"),
        default=7,
        validators=[
            InputRequired(message=_l("Enter a whole number of days from 1 to 366.")),
            NumberRange(min=1, max=366, message=_l("Enter a whole number of days from 1 to 366.")),
        ],
    )


class ReviewForm(FlaskForm):
    """Confirm or reject the refresh waiting for review; plan names the previewed plan."""

    plan = HiddenField(validators=[Optional(), Length(min=64, max=64)])  # needed to confirm
    decision = HiddenField(validators=[InputRequired()])


class FromFileForm(FlaskForm):
    """An Open SDG data file, optionally with its metadata, to create indicators from."""

    data_file = FileField(
        _l("Open SDG data file (CSV)"),
        description=_l("Year, Value, and breakdown columns; Series and Units columns give one "
                       "indicator per combination."),
        validators=[FileRequired(_l("Choose a file."))],
    )  # fmt: skip
    metadata_file = FileField(
        _l("Metadata file (optional)"),
        description=_l("The indicator's meta/*.md or .yml file: its name, unit, source, national "
                       "target and progress settings fill in the form."),
    )  # fmt: skip
    mission_id = SelectField(_l("Mission"), coerce=int, validators=[InputRequired()])
    department_id = SelectField(_l("Owning department"), coerce=int, validators=[InputRequired()])
    frequency = SelectField(_l("Frequency"), choices=FREQUENCY_CHOICES, default="yearly")


class DraftForm(Form):
    """One indicator to create, prefilled from the file and its metadata."""

    include = BooleanField(_l("Create this indicator"), default=True)
    title = StringField(_l("Title"), validators=[Length(max=200)], filters=[_strip])
    code = StringField(_l("Code"), validators=[Optional(), Length(max=32)], filters=[_strip])
    unit = StringField(_l("Unit"), validators=[Length(max=40)], filters=[_strip])
    direction = SelectField(_l("Direction"), choices=DIRECTION_CHOICES)
    target_value = NumberField(_l("Target value"), validators=[Optional()])
    target_period = DateField(_l("Target date"), validators=[Optional()])


class DraftsForm(FlaskForm):
    """The review list: the indicators to create in one step, with what they share."""

    ticket = HiddenField(validators=[InputRequired()])
    mission_id = SelectField(_l("Mission"), coerce=int, validators=[InputRequired()])
    department_id = SelectField(_l("Owning department"), coerce=int, validators=[InputRequired()])
    frequency = SelectField(_l("Frequency"), choices=FREQUENCY_CHOICES)
    definition = TextAreaField(_l("Definition"), validators=[Length(max=4000)], filters=[_strip])
    source = StringField(_l("Source"), validators=[Length(max=300)], filters=[_strip])
    drafts = FieldList(FormField(DraftForm), min_entries=1, max_entries=MAX_COMBINATIONS)
