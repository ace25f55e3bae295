"""The review queue's form: which drafts, publish or return, and the comment for a return."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, SelectMultipleField, TextAreaField
from wtforms.validators import Length

from app.forms import AppForm
from app.workspace.review import MAX_COMMENT

PUBLISH, RETURN = "publish", "return"


class ReviewForm(AppForm):
    """Drafts to publish, or to return to their authors with one comment, all or nothing.

    The selected keys are checked by the service (app.workspace.review), which names what is
    wrong; the form only reads them."""

    items = SelectMultipleField(_l("Drafts"), choices=[], validate_choice=False)
    comment = TextAreaField(
        _l("Comment for the author (needed to return)"),
        validators=[Length(max=MAX_COMMENT)],
    )
    action = SelectField(
        _l("Action"),
        choices=[(PUBLISH, _l("Publish the selected drafts")),
                 (RETURN, _l("Return the selected drafts with the comment"))],
    )  # fmt: skip
