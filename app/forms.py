"""Form pieces shared by every feature: the optimistic-locking version field and choice helpers."""

from __future__ import annotations

from typing import TypeVar

from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import InputRequired, Regexp

T = TypeVar("T")


def required(data: T | None) -> T:
    """The data of a field that DataRequired or InputRequired guards, once the form validated.

    WTForms types every field's data as optional; this states that validation filled it, and
    fails loudly if a form is read before validating or a field lost its required validator.
    """
    if data is None:
        raise ValueError("a required form field has no data; was the form validated?")
    return data


class VersionedForm(FlaskForm):
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
