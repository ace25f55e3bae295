"""Form pieces shared by every feature: the optimistic-locking version field and choice helpers."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any, TypeVar

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, Form, HiddenField, IntegerField, StringField
from wtforms.fields.core import UnboundField
from wtforms.form import BaseForm
from wtforms.meta import DefaultMeta
from wtforms.validators import InputRequired, Regexp, StopValidation

from app.database import check_text
from app.errors import DomainError
from app.routing import MAX_ID

T = TypeVar("T")
FieldT = TypeVar("FieldT", bound=Field)


def required(data: T | None) -> T:
    """The data of a field that DataRequired or InputRequired guards, once the form validated.

    WTForms types every field's data as optional; this states that validation filled it, and
    fails loudly if a form is read before validating or a field lost its required validator.
    """
    if data is None:
        raise ValueError("a required form field has no data; was the form validated?")
    return data


# The largest whole number a form takes: what every integer column of both databases holds (the
# id limit). Versions, ages, years and counts stay far below it; beyond it, a typed number would
# overflow the database (and WTForms' NumberRange cannot even compare a 400-digit number).
MAX_WHOLE_NUMBER = MAX_ID


def row_id(value: Any) -> int:
    """coerce= for a select of rows: a whole number a column can hold, else ValueError (which
    WTForms shows as the field's error, and a filter form ignores)."""
    number = int(value)
    if not -MAX_WHOLE_NUMBER <= number <= MAX_WHOLE_NUMBER:
        raise ValueError("not a row id")
    return number


class WholeNumberField(IntegerField):
    """An IntegerField that refuses numbers no column can hold, with a message."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        super().process_formdata(valuelist)
        if self.data is not None and abs(self.data) > MAX_WHOLE_NUMBER:
            self.data = None
            raise ValueError(_l("Enter a smaller number."))


def storable_text(_form: Form, field: Field) -> None:
    """Refuse text that no column can store (a NUL byte, say), with the policy's message."""
    if isinstance(field.data, str):
        try:
            check_text(field.data, field.name)
        except DomainError as error:
            raise StopValidation(error.message) from None


class AppForm(FlaskForm):
    """The base of every form: each text field also refuses text no column can store."""

    class Meta(DefaultMeta):
        def bind_field(
            self,
            form: BaseForm,
            unbound_field: UnboundField[FieldT],
            options: MutableMapping[str, Any],
        ) -> FieldT:
            field = super().bind_field(form, unbound_field, options)
            if isinstance(field, StringField):
                field.validators = [*field.validators, storable_text]
            return field


class VersionedForm(AppForm):
    """A form that edits an existing row carries the row's version, to detect lost updates."""

    version = HiddenField(validators=[InputRequired(), Regexp(r"^\d{1,9}$")])

    def expected_version(self) -> int:
        return int(required(self.version.data))


def apply_domain_error(form: FlaskForm, error: object) -> None:
    """Show a service's DomainError next to its field (or at the top when it names none)."""
    field_name = getattr(error, "field", None)
    message = getattr(error, "message", str(error))
    field = getattr(form, field_name, None) if field_name else None
    if field is not None and hasattr(field, "errors"):
        field.errors = [*field.errors, message]
    else:
        form.form_errors.append(message)
