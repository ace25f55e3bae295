"""Notification forms: input shape only."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, RadioField, SelectField
from wtforms.validators import DataRequired, Email, InputRequired, Length

from app.forms import AppForm
from app.i18n import language_choices
from app.models.notification import Cadence, NoticeKind


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


KIND_LABELS = {
    NoticeKind.REMINDERS: _l("Reminders of my department's data and updates"),
    NoticeKind.ESCALATION: _l("Digest of long-overdue work (mission office)"),
}
CADENCE_LABELS = {
    Cadence.IMMEDIATELY: _l("Immediately"),
    Cadence.DAILY: _l("Daily"),
    Cadence.WEEKLY: _l("Weekly"),
    Cadence.NEVER: _l("Never"),
}


class FollowForm(AppForm):
    """A resident's request to follow a mission."""

    email = EmailField(
        _l("Email address"),
        validators=[
            DataRequired(),
            Length(max=254),
            Email(message=_l("Enter a valid email address.")),
        ],
        filters=[_strip],
    )
    # Choices: the configured languages (set per form, so LANGUAGES decides).
    language = RadioField(_l("Language of the emails"), validators=[InputRequired()])
    cadence = RadioField(
        _l("How often"),
        choices=[("daily", _l("Daily")), ("weekly", _l("Weekly"))],
        default="weekly",
        validators=[InputRequired()],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.language.choices = language_choices()


class PreferencesForm(AppForm):
    """Language of one's email, and a cadence per kind (fields added for the user's kinds)."""

    language = SelectField(_l("Language of my email"), validators=[InputRequired()])
    reminders = SelectField(
        KIND_LABELS[NoticeKind.REMINDERS],
        choices=[(c.value, label) for c, label in CADENCE_LABELS.items()],
    )
    escalation = SelectField(
        KIND_LABELS[NoticeKind.ESCALATION],
        choices=[(c.value, label) for c, label in CADENCE_LABELS.items()],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.language.choices = language_choices()


class ConfirmForm(AppForm):
    """A button that confirms an action carried by a signed link (CSRF only)."""
