"""Import and export forms (input shape only; the import modules check the rows)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import InputRequired, Length

from app.forms import AppForm, row_id
from app.measurements.forms import STATUS_CHOICES
from app.measurements.rules import MAX_NOTE

FILE_HINT = _l("A .csv file (UTF-8) or an .xlsx spreadsheet, up to 5 MB and 50,000 rows.")


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class UploadForm(AppForm):
    """A measurement or intervention spreadsheet to preview."""

    file = FileField(
        _l("File"), description=FILE_HINT, validators=[FileRequired(_l("Choose a file."))]
    )


class OpenSdgForm(AppForm):
    """An Open SDG CSV (Year, Value, breakdown columns) for one indicator."""

    indicator_id = SelectField(_l("Indicator"), coerce=row_id, validators=[InputRequired()])
    file = FileField(
        _l("Open SDG CSV file"),
        description=_l("Columns Year and Value; other columns are breakdowns, and an empty "
                       "breakdown cell means the headline (total). Observation status, Unit "
                       "multiplier, GeoCode, comment and footnote columns are kept with each "
                       "value. Each combination of Series and Units is its own series."),
        validators=[FileRequired(_l("Choose a file."))],
    )  # fmt: skip
    filters = StringField(
        _l("Keep only rows where"),
        description=_l("Optional, e.g. Units=Attainment at age 15; Type of skill=Reading. A value "
                       "may hold a semicolon; or write one condition per line."),
        validators=[Length(max=500)],
        filters=[_strip],
    )  # fmt: skip
    attributes = StringField(
        _l("Columns that describe a value"),
        description=_l("Optional: more columns to keep with each value rather than as "
                       "breakdowns, separated by semicolons."),
        validators=[Length(max=500)],
        filters=[_strip],
    )  # fmt: skip
    status = SelectField(
        _l("Status of the values"),
        choices=[("", _l("Keep stored statuses (new values are final)")), *STATUS_CHOICES],
        default="",
    )
    source_note = StringField(
        _l("Source note"),
        description=_l("Optional; given to every value. Empty keeps stored notes."),
        validators=[Length(max=MAX_NOTE)],
        filters=[_strip],
    )


class ConfirmForm(AppForm):
    """Apply a previewed import: the signed ticket names the file and the plan."""

    ticket = HiddenField(validators=[InputRequired()])


class ChoiceForm(AppForm):
    """Format and department of a download (GET query arguments, so no CSRF)."""

    class Meta:
        csrf = False

    format = SelectField(
        _l("Format"), choices=[("csv", "CSV"), ("xlsx", "XLSX (Excel)")], default="csv"
    )
    department = SelectField(_l("Department"), validate_choice=False, default="")
