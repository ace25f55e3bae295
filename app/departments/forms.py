"""Department form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired, Length, Regexp

from app.forms import VersionedForm
from app.models import Department
from app.translated_forms import TranslatedFieldsMixin


class DepartmentForm(TranslatedFieldsMixin, VersionedForm):
    TRANSLATED_MODEL = Department

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    code = StringField(
        _l("Short code"),
        description=_l("2 to 12 capital letters or digits, e.g. EDU."),
        validators=[
            DataRequired(),
            Regexp(r"^[A-Z0-9]{2,12}$", message=_l("Use 2 to 12 capital letters or digits.")),
        ],
        filters=[lambda value: value.strip().upper() if isinstance(value, str) else value],
    )
    colour = StringField(
        _l("Colour"),
        description=_l("A hex colour such as #0072B2, used in charts."),
        validators=[
            DataRequired(),
            Regexp(r"^#[0-9A-Fa-f]{6}$", message=_l("Use a hex colour such as #0072B2.")),
        ],
    )
    values_need_review = BooleanField(
        _l("Values wait for the mission office's review"),
        description=_l(
            "When ticked, values the department's lead enters are public only once the mission "
            "office publishes them; otherwise they are public at once."
        ),
    )
