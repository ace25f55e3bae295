"""Review meeting forms: the meeting, its minutes, notes per item, follow-ups and closing one."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, Optional

from app.forms import AppForm, VersionedForm, row_id
from app.models import AgendaItem, FollowUp, ReviewMeeting
from app.models.meeting import FollowUpKind
from app.translated_forms import TranslatedFieldsMixin

NO_CHOICE = 0  # "nobody" / "no department" in the owner selects


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class MeetingForm(TranslatedFieldsMixin, VersionedForm):
    """A new meeting: its title and date (the agenda is generated on saving)."""

    TRANSLATED_MODEL = ReviewMeeting

    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)], filters=[_strip])
    meeting_date = DateField(_l("Meeting date"), validators=[InputRequired()])


class MinutesForm(MeetingForm):
    """A meeting's title, date and minutes (staff-only until published)."""

    minutes = TextAreaField(
        _l("Minutes"),
        description=_l("Staff-only until the mission office publishes them."),
        validators=[Optional(), Length(max=20000)],
        filters=[_strip],
    )


class StepForm(VersionedForm):
    """A one-click step on a meeting (refresh the agenda, mark held): only its version."""


class PublishMinutesForm(VersionedForm):
    publish = HiddenField(validators=[InputRequired(), AnyOf(["1", "0"])])


class NotesForm(TranslatedFieldsMixin, VersionedForm):
    """What was said about one agenda item."""

    TRANSLATED_MODEL = AgendaItem

    notes = TextAreaField(
        _l("Discussion notes"), validators=[Optional(), Length(max=5000)], filters=[_strip]
    )


def _kind_choices() -> list[tuple[str, str]]:
    return [
        (FollowUpKind.ACTION.value, str(_l("Action (tracked until closed)"))),
        (FollowUpKind.DECISION.value, str(_l("Decision (recorded)"))),
    ]


class FollowUpForm(TranslatedFieldsMixin, AppForm):
    """A decision or a follow-up action recorded during the meeting."""

    TRANSLATED_MODEL = FollowUp

    kind = RadioField(
        _l("Kind"),
        choices=_kind_choices,
        default=FollowUpKind.ACTION.value,
        validators=[InputRequired(message=_l("Choose a decision or an action."))],
    )
    text = TextAreaField(
        _l("What was decided or is to be done"),
        validators=[DataRequired(), Length(max=2000)],
        filters=[_strip],
    )
    # The service checks the owner and department (a clear message for a stale or forged id).
    owner_id = SelectField(_l("Owner"), coerce=row_id, default=NO_CHOICE, validate_choice=False)
    department_id = SelectField(
        _l("Owning department"),
        coerce=row_id,
        default=NO_CHOICE,
        validate_choice=False,
        description=_l("A department lead's own department is taken when left empty."),
    )
    due_on = DateField(_l("Due date"), validators=[Optional()])


class CloseForm(TranslatedFieldsMixin, VersionedForm):
    """Close an open action with what was done."""

    TRANSLATED_MODEL = FollowUp

    closing_note = TextAreaField(
        _l("What was done"), validators=[DataRequired(), Length(max=2000)], filters=[_strip]
    )
