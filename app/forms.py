"""Form pieces shared by every feature: the optimistic-locking version field and choice helpers."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import InputRequired, Regexp


class VersionedForm(FlaskForm):
    """A form that edits an existing row carries the row's version, to detect lost updates."""

    version = HiddenField(validators=[InputRequired(), Regexp(r"^\d{1,9}$")])

    def expected_version(self) -> int:
        return int(self.version.data)


def apply_domain_error(form: FlaskForm, error: object) -> None:
    """Show a service's DomainError next to its field (or at the top when it names none)."""
    field_name = getattr(error, "field", None)
    message = getattr(error, "message", str(error))
    field = getattr(form, field_name, None) if field_name else None
    if field is not None and hasattr(field, "errors"):
        field.errors = [*field.errors, message]
    else:
        form.form_errors.append(message)
