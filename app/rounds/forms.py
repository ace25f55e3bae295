"""Forms of reporting rounds: open a round, write a report, review one, publish the round."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import DateField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from app.forms import AppForm, VersionedForm, row_id
from app.models import ReportingRound, StatusReport
from app.models.enums import UpdateStatus
from app.rounds.services import APPROVE, EXCLUDE, INCLUDE, MAX_TEXT, MAX_TITLE, RETURN
from app.templating import status_name
from app.translated_forms import TranslatedFieldsMixin


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class OpenRoundForm(TranslatedFieldsMixin, AppForm):
    """The mission office opens a round by hand."""

    TRANSLATED_MODEL = ReportingRound

    mission_id = SelectField(
        _l("Mission"), coerce=row_id, validators=[InputRequired(message=_l("Choose a mission."))]
    )
    title = StringField(
        _l("Title"),
        description=_l("How the round is named in public, e.g. 'July 2026'."),
        validators=[DataRequired(), Length(max=MAX_TITLE)],
        filters=[_strip],
    )
    opened_on = DateField(_l("Opens on"), validators=[InputRequired()])
    due_on = DateField(_l("Reports due by"), validators=[InputRequired()])


class ReportForm(TranslatedFieldsMixin, VersionedForm):
    """The lead's twice-yearly status report on an intervention."""

    TRANSLATED_MODEL = StatusReport

    status = RadioField(
        _l("Overall status"),
        choices=lambda: [(status.value, status_name(status.value)) for status in UpdateStatus],
        validators=[Optional()],
    )
    summary = TextAreaField(
        _l("Progress in this period"), validators=[Length(max=MAX_TEXT)], filters=[_strip]
    )
    results = TextAreaField(
        _l("Results and learning"), validators=[Length(max=MAX_TEXT)], filters=[_strip]
    )
    next_steps = TextAreaField(
        _l("Next steps"), validators=[Length(max=MAX_TEXT)], filters=[_strip]
    )


class ReviewReportForm(TranslatedFieldsMixin, VersionedForm):
    """The mission office's decision on one report. The note's translations are an
    exclusion's reason in the other languages (a return's comment goes to the lead as is)."""

    TRANSLATED_MODEL = StatusReport
    TRANSLATED_NAMES = {"note": "excluded_reason"}

    decision = RadioField(
        _l("Decision"),
        choices=[
            (APPROVE, _l("Approve")),
            (RETURN, _l("Return to the lead with a comment")),
            (EXCLUDE, _l("Exclude from the round, with the reason")),
            (INCLUDE, _l("Include again")),
        ],
        validators=[InputRequired(message=_l("Choose a decision."))],
    )
    note = TextAreaField(
        _l("Comment or reason"),
        description=_l(
            "Required to return or exclude. An exclusion's reason is published, in every "
            "language given below."
        ),
        validators=[Length(max=MAX_TEXT)],
        filters=[_strip],
    )


class PublishRoundForm(VersionedForm):
    """Publish the round: every approved report at once."""
