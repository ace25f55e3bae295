"""Indicator forms: the definition with interim targets, the list filters and the override."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.forms import AppForm, VersionedForm, WholeNumberField, row_id
from app.measurements.forms import NumberField
from app.models import Indicator
from app.models.enums import Direction, Frequency, IndicatorLevel, OutcomeStatus
from app.translated_forms import TranslatedFieldsMixin

INTERIM_ROWS = 4
INTERIM_MAX = 20

LEVEL_CHOICES = [
    (IndicatorLevel.MISSION_OUTCOME.value, _l("Mission outcome")),
    (IndicatorLevel.INTERVENTION_OUTPUT.value, _l("Intervention output")),
]
DIRECTION_CHOICES = [
    (Direction.INCREASE.value, _l("Higher is better")),
    (Direction.DECREASE.value, _l("Lower is better")),
]
FREQUENCY_CHOICES = [
    (Frequency.MONTHLY.value, _l("Monthly")),
    (Frequency.QUARTERLY.value, _l("Quarterly")),
    (Frequency.YEARLY.value, _l("Yearly")),
]
OVERRIDE_CHOICES = [
    ("", _l("No override: show the computed status")),
    (OutcomeStatus.TARGET_ACHIEVED.value, _l("Target achieved")),
    (OutcomeStatus.SUBSTANTIAL_PROGRESS.value, _l("Substantial progress")),
    (OutcomeStatus.MODERATE_PROGRESS.value, _l("Moderate progress")),
    (OutcomeStatus.LIMITED_PROGRESS.value, _l("Limited progress")),
    (OutcomeStatus.DETERIORATION.value, _l("Deterioration")),
    (OutcomeStatus.NOT_AVAILABLE.value, _l("Not assessable")),
]


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


class InterimTargetForm(Form):
    """One waypoint row; a row with neither date nor value is ignored."""

    period = DateField(_l("Date"), validators=[Optional()])
    value = NumberField(_l("Value"), validators=[Optional()])


class IndicatorForm(TranslatedFieldsMixin, VersionedForm):
    """An indicator's definition; the service checks how the fields fit together."""

    TRANSLATED_MODEL = Indicator

    mission_id = SelectField(_l("Mission"), coerce=row_id, validators=[InputRequired()])
    # Choices are the chosen mission's outcomes; the service says clearly when a posted outcome
    # belongs to another mission (so no choice check here).
    outcome_id = SelectField(
        _l("Outcome"),
        coerce=row_id,
        validate_choice=False,
        description=_l("Must be an outcome of the chosen mission."),
    )
    level = SelectField(_l("Level"), choices=LEVEL_CHOICES)
    intervention_id = SelectField(
        _l("Intervention"),
        coerce=row_id,
        description=_l("Needed for an intervention output; must belong to the same mission."),
    )
    department_id = SelectField(
        _l("Owning department"), coerce=row_id, validators=[InputRequired()]
    )
    code = StringField(
        _l("Code"),
        description=_l("Optional short reference, unique across indicators, e.g. CHI-01."),
        validators=[Optional(), Length(max=32)],
        filters=[_strip],
    )
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)], filters=[_strip])
    definition = TextAreaField(_l("Definition"), filters=[_strip])
    unit = StringField(
        _l("Unit"),
        description=_l("For example families or children; use the per cent sign for shares."),
        validators=[DataRequired(), Length(max=40)],
        filters=[_strip],
    )
    decimals = WholeNumberField(
        _l("Decimals shown"),
        default=1,
        validators=[
            InputRequired(message=_l("Enter a whole number from 0 to 6.")),
            NumberRange(min=0, max=6, message=_l("Enter a whole number from 0 to 6.")),
        ],
    )
    direction = SelectField(_l("Direction"), choices=DIRECTION_CHOICES)
    frequency = SelectField(_l("Frequency"), choices=FREQUENCY_CHOICES)
    baseline_value = NumberField(_l("Baseline value"), validators=[Optional()])
    baseline_period = DateField(_l("Baseline date"), validators=[Optional()])
    target_value = NumberField(_l("Target value"), validators=[Optional()])
    target_period = DateField(_l("Target date"), validators=[Optional()])
    limit_value = NumberField(
        _l("Natural limit"),
        description=_l("The progress method's natural limit, used only when set here and there "
                       "is no target: e.g. 100 for a share that cannot pass 100 %."),
        validators=[Optional()],
    )  # fmt: skip
    min_value = NumberField(
        _l("Lowest plausible value"),
        description=_l("Values below are refused at entry. Leave empty for no limit: growth "
                       "rates and changes can be negative, even in %."),
        validators=[Optional()],
    )  # fmt: skip
    max_value = NumberField(
        _l("Highest plausible value"),
        description=_l("Values above are refused at entry, e.g. 100 for a share in %. Leave "
                       "empty for no limit."),
        validators=[Optional()],
    )  # fmt: skip
    headline_breakdown = SelectField(
        _l("Headline series"),
        description=_l("The series progress is assessed on. Choose a breakdown (such as Total "
                       "or Both sexes) when the data has no total rows."),
        validate_choice=False,
    )  # fmt: skip
    source = StringField(_l("Source"), validators=[Length(max=300)], filters=[_strip])
    sensitive = BooleanField(
        _l("Sensitive (child data): small breakdown values are suppressed in public")
    )
    interim_targets = FieldList(
        FormField(InterimTargetForm), min_entries=INTERIM_ROWS, max_entries=INTERIM_MAX
    )
    # Every offered mission's outcomes (id -> [(id, title)]), for the script that swaps the
    # outcome choices when the mission changes; filled by the view.
    outcomes_by_mission: dict[int, list[tuple[int, str]]]


class IndicatorFilterForm(AppForm):
    """The indicator list's filters, read from the query string."""

    class Meta:
        csrf = False

    mission = SelectField(_l("Mission"), coerce=row_id, validate_choice=False)
    department = SelectField(_l("Department"), coerce=row_id, validate_choice=False)
    mine = BooleanField(_l("Only my department's indicators"))


class OverrideForm(TranslatedFieldsMixin, VersionedForm):
    """Set the outcome status by hand, with a reason, or go back to the computed status."""

    TRANSLATED_MODEL = Indicator
    TRANSLATED_NAMES = {"reason": "override_reason"}

    status = SelectField(_l("Manual status"), choices=OVERRIDE_CHOICES)
    reason = TextAreaField(
        _l("Reason"),
        description=_l("Required for a manual status; shown with it wherever it appears."),
        validators=[Length(max=2000)],
        filters=[_strip],
    )
