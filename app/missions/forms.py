"""Mission and outcome forms: input shape only; the services enforce the rules."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp

from app.forms import AppForm, VersionedForm, WholeNumberField, row_id
from app.models import Mission, Outcome
from app.models.enums import MissionStatus
from app.templating import STATUS_NAMES
from app.translated_forms import TranslatedFieldsMixin

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
NO_OWNER = 0


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


class MissionForm(TranslatedFieldsMixin, VersionedForm):
    """Create or edit a mission, with optional translations of its texts."""

    TRANSLATED_MODEL = Mission

    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)], filters=[_strip])
    slug = StringField(
        _l("Slug"),
        description=_l(
            "Used in public addresses: lower-case letters, digits and hyphens. Leave it empty "
            "to make one from the title."
        ),
        validators=[
            Optional(),
            Length(max=80),
            Regexp(
                SLUG_PATTERN,
                message=_l(
                    "Use lower-case letters, digits and single hyphens, "
                    "e.g. better-city-for-children."
                ),
            ),
        ],
        filters=[_strip],
    )
    north_star = TextAreaField(
        _l("North Star"),
        description=_l("The bold, measurable ambition the whole city works towards."),
        validators=[DataRequired(), Length(max=2000)],
        filters=[_strip],
    )
    problem_statement = TextAreaField(
        _l("Problem statement"), validators=[Optional(), Length(max=5000)], filters=[_strip]
    )
    target_population = StringField(
        _l("Target population"),
        description=_l("For example: children and young people aged 0 to 18."),
        validators=[Optional(), Length(max=200)],
        filters=[_strip],
    )
    age_min = WholeNumberField(
        _l("Youngest age served"),
        description=_l("Optional, 0 to 120. Used for the life-course coverage."),
        validators=[Optional(), NumberRange(min=0, max=120)],
    )
    age_max = WholeNumberField(
        _l("Oldest age served"),
        description=_l("Optional, 0 to 120, not below the youngest age."),
        validators=[Optional(), NumberRange(min=0, max=120)],
    )
    start_year = WholeNumberField(
        _l("Start year"),
        description=_l("1990 to 2100."),
        validators=[InputRequired(), NumberRange(min=1990, max=2100)],
    )
    horizon_year = WholeNumberField(
        _l("Horizon year"),
        description=_l("The year the North Star should be reached; not before the start year."),
        validators=[InputRequired(), NumberRange(min=1990, max=2100)],
    )
    status = SelectField(
        _l("Status"),
        choices=[(status.value, STATUS_NAMES[status.value]) for status in MissionStatus],
    )
    # Choices are filled by the view: "no owner" (0) and the eligible users.
    owner_id = SelectField(
        _l("Owner"),
        description=_l("An active member of the mission office or an administrator."),
        coerce=row_id,
    )
    # Choices are filled by the view: every department.
    co_owner_ids = SelectMultipleField(
        _l("Co-owning departments"),
        description=_l("The departments answerable for the mission together; shown on its pages."),
        coerce=row_id,
    )


class OutcomeForm(TranslatedFieldsMixin, VersionedForm):
    """Create or edit an outcome of a mission."""

    TRANSLATED_MODEL = Outcome

    title = StringField(
        _l("Title"),
        description=_l("A result area, e.g. “Every child feels safe at school”."),
        validators=[DataRequired(), Length(max=200)],
        filters=[_strip],
    )
    description = TextAreaField(
        _l("Description"), validators=[Optional(), Length(max=5000)], filters=[_strip]
    )
    position = WholeNumberField(
        _l("Position"),
        description=_l("Outcomes are listed by position, lowest first (0 to 999)."),
        default=0,
        validators=[InputRequired(), NumberRange(min=0, max=999)],
    )


class PublishAllForm(AppForm):
    """The confirm of 'Publish mission and its drafts': the reviewed list, posted back."""

    reviewed = HiddenField(validators=[Length(max=100_000)])
