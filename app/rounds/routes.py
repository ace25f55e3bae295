"""Staff pages of reporting rounds: the list, opening one, a round's progress, writing, reviewing
and publishing its reports."""

from __future__ import annotations

from datetime import date, timedelta

from flask import current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from app.extensions import db
from app.forms import required
from app.models import Mission, ReportingRound, StatusReport
from app.models.rounds import ReportState, RoundState
from app.permissions import Action, authorize, require, staff_route
from app.reporting.rounds import (
    list_rounds,
    load_report,
    load_round,
    round_progress,
    round_reports,
)
from app.rounds import bp
from app.rounds.forms import OpenRoundForm, PublishRoundForm, ReportForm, ReviewReportForm
from app.rounds.services import (
    ReportData,
    open_round,
    publish_round,
    review_report,
    save_report,
)
from app.views import or_404, prepare_version, saved_or_rerender


def _round_url(round_id: int) -> str:
    return url_for("rounds.detail", round_id=round_id)


@bp.get("/")
@staff_route(Action.VIEW)
def index() -> ResponseReturnValue:
    """Every reporting round, newest first, with how many of its reports are done."""
    return render_template("rounds/index.html", rows=list_rounds())


@bp.route("/new", methods=["GET", "POST"])
@staff_route(Action.PUBLISH)
def new() -> ResponseReturnValue:
    """Open a round by hand: a prefilled draft report for every active intervention."""
    form = OpenRoundForm()
    missions = db.session.execute(
        select(Mission.id, Mission.title)
        .where(Mission.archived_at.is_(None))
        .order_by(Mission.title)
    ).all()
    form.mission_id.choices = [(row.id, row.title) for row in missions]
    if not form.is_submitted():
        today = date.today()
        form.opened_on.data = today
        form.due_on.data = today + timedelta(days=current_app.config["REPORT_ROUND_DUE_DAYS"])

    def save() -> ReportingRound:
        mission = or_404(db.session.get(Mission, required(form.mission_id.data)))
        opened = open_round(
            mission,
            title=form.title.data or "",
            opened_on=required(form.opened_on.data),
            due_on=required(form.due_on.data),
            actor_id=current_user.id,
            translations=form.entered_translations(),
        )
        return opened

    def done(opened: ReportingRound) -> ResponseReturnValue:
        flash(_("Round opened: its draft reports are with the lead departments."), "success")
        return redirect(_round_url(opened.id))

    return saved_or_rerender(
        form, save, done, lambda: render_template("rounds/new.html", form=form)
    )


@bp.get("/<int:round_id>")
@staff_route(Action.VIEW)
def detail(round_id: int) -> ResponseReturnValue:
    """A round's progress per department and every report with its state."""
    the_round = or_404(load_round(round_id))
    form = PublishRoundForm()
    form.version.data = str(the_round.version)
    return render_template(
        "rounds/detail.html",
        round=the_round,
        progress=round_progress(the_round, date.today()),
        reports=round_reports(round_id),
        publish_form=form,
        today=date.today(),
    )


@bp.post("/<int:round_id>/publish")
@staff_route(Action.PUBLISH)
def publish(round_id: int) -> ResponseReturnValue:
    """Publish the round with all its approved reports at once; refused (nothing changed) while
    a report is neither approved nor excluded."""
    the_round = or_404(load_round(round_id))
    form = PublishRoundForm()
    if not form.validate_on_submit():
        flash(_("The form was not understood. Reload the page. Nothing was changed."), "error")
        return redirect(_round_url(round_id))
    return saved_or_rerender(
        form,
        lambda: publish_round(
            the_round,
            round_reports(round_id),
            expected_version=form.expected_version(),
            actor_id=current_user.id,
        ),
        lambda count: _published(round_id, count),
        lambda: redirect(_round_url(round_id)),
        rejected=lambda error: flash(error.message, "error"),
    )


def _published(round_id: int, count: int) -> ResponseReturnValue:
    flash(
        ngettext(
            "Round published with %(num)d report.", "Round published with %(num)d reports.", count
        ),
        "success",
    )
    return redirect(_round_url(round_id))


@bp.get("/reports/<int:report_id>")
@staff_route(Action.VIEW)
def report(report_id: int) -> ResponseReturnValue:
    """One report as written, with the mission office's review form."""
    found = or_404(load_report(report_id))
    form = ReviewReportForm()
    form.version.data = str(found.version)
    return _report_page(found, form)


def _report_page(found: StatusReport, form: ReviewReportForm) -> ResponseReturnValue:
    return render_template(
        "rounds/report.html",
        report=found,
        review_form=form if authorize(current_user, Action.PUBLISH) else None,
        may_write=authorize(current_user, Action.POST_UPDATE, found),
        open=found.round.state == RoundState.OPEN,
    )


@bp.route("/reports/<int:report_id>/edit", methods=["GET", "POST"])
@staff_route(Action.POST_UPDATE)
def edit_report(report_id: int) -> ResponseReturnValue:
    """Write the report (saved as a draft), or save and submit it for review."""
    found = or_404(load_report(report_id))
    require(Action.POST_UPDATE, found)
    form = ReportForm(obj=found)
    prepare_version(form, found)
    submit = request.form.get("submit_report") == "1"

    def done(saved: StatusReport) -> ResponseReturnValue:
        if saved.state == ReportState.SUBMITTED:
            flash(_("Report saved and with the mission office for review."), "success")
        else:
            flash(_("Report saved as a draft."), "success")
        return redirect(url_for("rounds.report", report_id=saved.id))

    return saved_or_rerender(
        form,
        lambda: save_report(
            found,
            ReportData(
                status=form.status.data or None,
                summary=form.summary.data or "",
                results=form.results.data or "",
                next_steps=form.next_steps.data or "",
                translations=form.entered_translations(),
            ),
            expected_version=form.expected_version(),
            actor=current_user,
            submit=submit,
        ),
        done,
        lambda: render_template(
            "rounds/report_form.html", form=form, report=or_404(load_report(report_id))
        ),
    )


@bp.post("/reports/<int:report_id>/review")
@staff_route(Action.PUBLISH)
def review(report_id: int) -> ResponseReturnValue:
    """The mission office approves, returns (with a comment), excludes (with a reason) or
    includes again one report."""
    found = or_404(load_report(report_id))
    form = ReviewReportForm()
    messages = {
        "approve": _("Report approved."),
        "return": _("Report returned to its lead with your comment."),
        "exclude": _("Report excluded from the round."),
        "include": _("Report included again, as a draft."),
    }
    return saved_or_rerender(
        form,
        lambda: review_report(
            found,
            form.decision.data or "",
            form.note.data or "",
            expected_version=form.expected_version(),
            actor=current_user,
            translations=form.entered_translations(),
        ),
        lambda _saved: _reviewed(found, messages.get(form.decision.data or "", "")),
        # After a refused decision the view rolled back: read the report again.
        lambda: _report_page(or_404(load_report(report_id)), form),
    )


def _reviewed(found: StatusReport, message: str) -> ResponseReturnValue:
    flash(message, "success")
    return redirect(_round_url(found.round_id))
