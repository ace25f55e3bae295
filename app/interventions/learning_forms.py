"""Learning-log forms: an entry, a stage change through its gate, and a gate's settings."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from app.forms import VersionedForm, row_id
from app.interventions.gates import MAX_ANSWER
from app.models import LearningEntry, StageGate
from app.models.enums import Decision, LearningKind
from app.templating import status_name
from app.translated_forms import TranslatedFieldsMixin

NO_INDICATOR = 0


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _decision_choices() -> list[tuple[str, Any]]:
    return [("", _l("Not a decision")), *((d.value, status_name(d.value)) for d in Decision)]


class EntryForm(TranslatedFieldsMixin, VersionedForm):
    """One entry of the learning log: a hypothesis, a test, a result or a decision."""

    TRANSLATED_MODEL = LearningEntry

    kind = RadioField(
        _l("What does it record?"),
        choices=lambda: [(kind.value, status_name(kind.value)) for kind in LearningKind],
        validators=[InputRequired(message=_l("Choose what the entry records."))],
    )
    entered_on = DateField(_l("Date"), default=date.today, validators=[InputRequired()])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)], filters=[_strip])
    body = TextAreaField(
        _l("What was expected, tried, seen or decided"),
        validators=[Length(max=5000)],
        filters=[_strip],
    )
    with_whom = StringField(
        _l("With whom (a test)"),
        description=_l("Who took part: residents of a district, a school, a partner."),
        validators=[Optional(), Length(max=300)],
        filters=[_strip],
        default="",
    )
    evidence_url = StringField(
        _l("Evidence link (a result)"),
        description=_l("A web address starting with http:// or https://."),
        validators=[Optional(), Length(max=500)],
        filters=[_strip],
        default="",
    )
    indicator_id = SelectField(
        _l("Indicator that shows it (a result)"), coerce=row_id, default=NO_INDICATOR
    )
    decision = SelectField(_l("What was decided (a decision)"), choices=_decision_choices,
                           default="")  # fmt: skip

    def set_indicators(self, indicators: list[tuple[int, str]]) -> None:
        self.indicator_id.choices = [(NO_INDICATOR, _l("None")), *indicators]


class StageForm(TranslatedFieldsMixin, VersionedForm):
    """A stage change: the decision entry that answers the gate's questions."""

    TRANSLATED_MODEL = LearningEntry

    to_stage = HiddenField(validators=[InputRequired()])
    decision = SelectField(
        _l("What was decided"),
        choices=lambda: [(d.value, status_name(d.value)) for d in Decision],
        validators=[InputRequired()],
    )
    entered_on = DateField(_l("Date of the decision"), default=date.today,
                           validators=[InputRequired()])  # fmt: skip
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)], filters=[_strip])
    body = TextAreaField(
        _l("More on the decision"), validators=[Length(max=5000)], filters=[_strip]
    )
    answers = FieldList(
        TextAreaField(validators=[DataRequired(), Length(max=MAX_ANSWER)], filters=[_strip]),
        min_entries=0,
    )

    def ask(self, questions: tuple[str, ...]) -> None:
        """One answer per question of the gate, labelled with the question."""
        while len(self.answers) < len(questions):
            self.answers.append_entry()
        while len(self.answers) > len(questions):
            self.answers.pop_entry()
        for entry, question in zip(self.answers, questions, strict=True):
            entry.label.text = question


class GateForm(TranslatedFieldsMixin, VersionedForm):
    """The mission office's gate into one stage."""

    TRANSLATED_MODEL = StageGate

    questions = TextAreaField(
        _l("Questions, one a line"),
        validators=[DataRequired(), Length(max=5000)],
        filters=[_strip],
    )
    needs_evidence = BooleanField(
        _l("Also needs an earlier result entry with evidence (a link or an indicator)")
    )


def indicator_id_or_none(value: int | None) -> int | None:
    return None if value in (None, NO_INDICATOR) else value
