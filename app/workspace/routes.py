"""The "My work" page and the mission office's review queue."""

from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.extensions import db
from app.forms import apply_domain_error
from app.models.enums import Role
from app.permissions import Action, authorize, staff_route
from app.reporting.rounds import reports_due
from app.translating import language_name
from app.workspace import bp
from app.workspace.forms import PUBLISH, ReviewForm
from app.workspace.queries import data_due, reviews_due, updates_due
from app.workspace.review import (
    ReviewRefused,
    decisions_for,
    publish_batch,
    return_batch,
    review_queue,
)
from app.workspace.translation_status import count_translation_gaps, translation_gaps


@bp.get("/")
@staff_route(Action.VIEW)
def home() -> ResponseReturnValue:
    """What the user owes: a lead's every intervention and indicator with what is due or missing;
    for the mission office the review queue and everything overdue across the city."""
    today = date.today()
    lead = current_user.role == Role.DEPARTMENT_LEAD
    department_id = current_user.department_id if lead else None
    office = current_user.role in (Role.ADMIN, Role.MISSION_OFFICE)
    updates = updates_due(department_id, today, every=lead)
    data = data_due(department_id, today, every=lead)
    if department_id is None:
        # The mission office and viewers see what is overdue across every department.
        updates = [row for row in updates if row.overdue]
        data = [row for row in data if row.overdue]
    reviewer = authorize(current_user, Action.PUBLISH)
    return render_template(
        "workspace/home.html", updates=updates, data=data, scoped=department_id is not None,
        today=today, reviews=reviews_due(department_id),
        queue=review_queue() if reviewer else None, review_form=ReviewForm() if reviewer else None,
        decisions=decisions_for(current_user.id, today),
        translation_gaps=count_translation_gaps() if office else None,
        round_reports=reports_due(department_id) if lead else [],
    )  # fmt: skip


@bp.route("/review", methods=["GET", "POST"])
@staff_route(Action.PUBLISH)
def review() -> ResponseReturnValue:
    """The review queue: publish the selected drafts, or return them with a comment, all or
    nothing; then back to My work."""
    form = ReviewForm()
    if form.validate_on_submit():
        try:
            if form.action.data == PUBLISH:
                done = publish_batch(form.items.data or [], actor=current_user, today=date.today())
                message = ngettext("Published %(num)d draft.", "Published %(num)d drafts.", done)
            else:
                done = return_batch(
                    form.items.data or [], form.comment.data or "", actor=current_user
                )
                message = ngettext(
                    "Returned %(num)d draft to its author.",
                    "Returned %(num)d drafts to their authors.",
                    done,
                )
        except ReviewRefused as refused:
            db.session.rollback()
            apply_domain_error(form, refused)
        else:
            db.session.commit()
            flash(message, "success")
            return redirect(url_for("workspace.home"))
    elif form.is_submitted():
        form.form_errors.append(_("Nothing was changed."))
    return render_template("workspace/review.html", form=form, queue=review_queue())


@bp.get("/translations")
@staff_route(Action.VIEW)
def translations() -> ResponseReturnValue:
    """Published content that lacks a translation, per language and kind, with edit links."""
    return render_template(
        "workspace/translations.html", languages=translation_gaps(), language_name=language_name
    )
