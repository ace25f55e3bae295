"""Account forms: input shape only; the services enforce the rules."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, Email, EqualTo, InputRequired, Length, Optional, Regexp

from app.forms import AppForm, row_id
from app.models.enums import Role


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


ROLE_LABELS = {
    Role.ADMIN: _l("Administrator"),
    Role.MISSION_OFFICE: _l("Mission office"),
    Role.DEPARTMENT_LEAD: _l("Department lead"),
    Role.VIEWER: _l("Viewer"),
}


class LoginForm(AppForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


class ChangePasswordForm(AppForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    new_password = PasswordField(
        _l("New password"),
        validators=[
            DataRequired(),
            Length(min=10, max=200, message=_l("Use at least 10 characters (200 at most).")),
        ],
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("new_password", message=_l("The passwords differ."))],
    )


class EmailUnlessUnchanged:
    """The email syntax check, for a new account or a changed address only.

    An account keeps its stored address as it is: `flask users create` accepts special-use
    domains (ops@city.local) that the syntax check refuses, and the admin must still be able
    to deactivate such an account. The form's current_email is the stored address.
    """

    def __init__(self) -> None:
        self.check = Email()  # syntax only: deliverability is not checked

    def __call__(self, form: Any, field: Any) -> None:
        current = getattr(form, "current_email", None)
        if current is not None and (field.data or "").strip().lower() == current:
            return
        self.check(form, field)


class UserForm(AppForm):
    """Create or edit a staff account (admins only); set current_email when editing."""

    current_email: str | None = None
    email = EmailField(
        _l("Email"), validators=[DataRequired(), EmailUnlessUnchanged(), Length(max=254)]
    )
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    role = SelectField(_l("Role"), choices=[(r.value, label) for r, label in ROLE_LABELS.items()])
    department_id = SelectField(_l("Department"), coerce=row_id, validators=[Optional()])
    active = BooleanField(_l("Active"), default=True)
    password = PasswordField(
        _l("Initial password"),
        description=_l("At least 10 characters. Leave empty when editing to keep it."),
        validators=[
            Optional(),
            Length(min=10, max=200, message=_l("Use at least 10 characters (200 at most).")),
        ],
    )
    version = HiddenField(validators=[Optional(), Regexp(r"^\d{1,9}$")])


class TokenForm(AppForm):
    """A new API token."""

    name = StringField(
        _l("Name"),
        description=_l("What the token is for, e.g. 'Monthly upload script'."),
        validators=[DataRequired(), Length(max=100)],
        filters=[_strip],
    )
    expires_in = SelectField(
        _l("Expires"),
        choices=[
            ("30", _l("In 30 days")),
            ("90", _l("In 90 days")),
            ("365", _l("In a year")),
            ("never", _l("Never (revoke it by hand)")),
        ],
        default="90",
    )


class RevokeForm(AppForm):
    """Revoke one of one's tokens."""

    token_id = HiddenField(validators=[InputRequired(), Regexp(r"^\d{1,9}$")])
