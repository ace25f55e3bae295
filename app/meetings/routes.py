"""Review meeting views: a mission's meetings, a meeting run step by step, follow-ups closed
by their owners, and the published minutes on the public site."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.caching import public_page
from app.editing import EditConflict
from app.errors import DomainError
from app.extensions import db
from app.forms import required
from app.meetings import bp, public_bp
from app.meetings.forms import (
    NO_CHOICE,
    CloseForm,
    FollowUpForm,
    MeetingForm,
    MinutesForm,
    NotesForm,
    PublishMinutesForm,
    StepForm,
)
from app.meetings.presenting import item_facts
from app.meetings.queries import (
    OwnedFollowUp,
    department_choices,
    get_agenda_item,
    get_follow_up,
    get_meeting,
    list_meetings,
    load_meeting_page,
    load_published_minutes,
    my_follow_ups,
    overdue_follow_ups,
    owner_choices,
    published_meetings,
)
from app.meetings.services import (
    close_follow_up,
    create_meeting,
    hold_meeting,
    record_follow_up,
    refresh_agenda,
    save_item_notes,
    set_minutes_published,
    update_meeting,
)
from app.models import FollowUp, Mission, ReviewMeeting
from app.permissions import Action, authorize, require, staff_route
from app.views import conflict_page, or_404, prepare_version, saved_or_rerender


def _to_meeting(meeting_id: int, anchor: str | None = None) -> ResponseReturnValue:
    return redirect(url_for("meetings.detail", meeting_id=meeting_id, _anchor=anchor))


@bp.get("/missions/<int:mission_id>")
@staff_route(Action.VIEW)
def index(mission_id: int) -> ResponseReturnValue:
    """A mission's review meetings, newest first."""
    mission = db.get_or_404(Mission, mission_id)
    return render_template(
        "meetings/index.html", mission=mission, meetings=list_meetings(mission.id)
    )


@bp.route("/missions/<int:mission_id>/new", methods=["GET", "POST"])
@staff_route(Action.RUN_MEETINGS)
def new(mission_id: int) -> ResponseReturnValue:
    """Plan a meeting; its agenda is generated from today's statuses."""
    mission = db.get_or_404(Mission, mission_id)
    form = MeetingForm()
    prepare_version(form, None)

    def done(meeting: ReviewMeeting) -> ResponseReturnValue:
        flash(_("Meeting planned; its agenda was generated from today's statuses."), "success")
        return _to_meeting(meeting.id)

    return saved_or_rerender(
        form,
        lambda: create_meeting(
            mission,
            title=required(form.title.data),
            meeting_date=required(form.meeting_date.data),
            actor_id=current_user.id,
            translations=form.entered_translations(),
        ),
        done,
        lambda: render_template("meetings/new.html", form=form, mission=mission),
    )


@bp.get("/<int:meeting_id>")
@staff_route(Action.VIEW)
def detail(meeting_id: int) -> ResponseReturnValue:
    """One meeting: its agenda with the status of each item and why, notes, decisions and
    follow-ups, and the minutes."""
    meeting = or_404(load_meeting_page(meeting_id))
    runner = authorize(current_user, Action.RUN_MEETINGS)
    step = StepForm()
    step.version.data = str(meeting.version)
    publish = PublishMinutesForm()
    publish.version.data = str(meeting.version)
    follow_up_form = FollowUpForm() if runner else None
    if follow_up_form is not None:
        _fill_owner_choices(follow_up_form)
    return render_template(
        "meetings/detail.html", meeting=meeting, runner=runner, step=step, publish=publish,
        follow_up_form=follow_up_form, today=date.today(),
    )  # fmt: skip


@bp.route("/<int:meeting_id>/edit", methods=["GET", "POST"])
@staff_route(Action.RUN_MEETINGS)
def edit(meeting_id: int) -> ResponseReturnValue:
    """Change a meeting's title and date, and write its minutes."""
    meeting = or_404(get_meeting(meeting_id))
    form = MinutesForm(obj=meeting)
    prepare_version(form, meeting)

    def done(saved: ReviewMeeting) -> ResponseReturnValue:
        flash(_("Meeting saved."), "success")
        return _to_meeting(saved.id, "minutes")

    return saved_or_rerender(
        form,
        lambda: update_meeting(
            meeting,
            title=required(form.title.data),
            meeting_date=required(form.meeting_date.data),
            minutes=form.minutes.data or "",
            expected_version=form.expected_version(),
            actor_id=current_user.id,
            translations=form.entered_translations(),
        ),
        done,
        lambda: render_template("meetings/edit.html", form=form, meeting=meeting),
    )


def _step(
    meeting_id: int,
    form: StepForm | PublishMinutesForm,
    run: Callable[[ReviewMeeting, Any], str],
) -> ResponseReturnValue:
    """A one-click step: checked, run, committed once. A refusal is flashed and changes
    nothing; a stale page gets the conflict page."""
    meeting = or_404(get_meeting(meeting_id))
    if not form.validate_on_submit():
        flash(_("Nothing was changed: reload the page and try again."), "error")
        return _to_meeting(meeting.id)
    try:
        message = run(meeting, form)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return _to_meeting(meeting.id)
    except EditConflict as conflict:
        db.session.rollback()
        return conflict_page(conflict)
    db.session.commit()
    flash(message, "success")
    return _to_meeting(meeting.id)


@bp.post("/<int:meeting_id>/agenda")
@staff_route(Action.RUN_MEETINGS)
def refresh(meeting_id: int) -> ResponseReturnValue:
    """Generate a planned meeting's agenda again from today's statuses (notes are kept)."""

    def run(meeting: ReviewMeeting, form: StepForm) -> str:
        count = refresh_agenda(
            meeting, expected_version=form.expected_version(), actor_id=current_user.id
        )
        return str(ngettext("The agenda was refreshed: %(num)d item.",
                            "The agenda was refreshed: %(num)d items.", count))  # fmt: skip

    return _step(meeting_id, StepForm(), run)


@bp.post("/<int:meeting_id>/held")
@staff_route(Action.RUN_MEETINGS)
def held(meeting_id: int) -> ResponseReturnValue:
    """Mark the meeting held: its agenda is now the record of what was discussed."""

    def run(meeting: ReviewMeeting, form: StepForm) -> str:
        changed = hold_meeting(
            meeting, expected_version=form.expected_version(), actor_id=current_user.id
        )
        if changed:
            return str(_("The meeting is marked as held."))
        return str(_("The meeting was held already."))

    return _step(meeting_id, StepForm(), run)


@bp.post("/<int:meeting_id>/publish")
@staff_route(Action.RUN_MEETINGS)
def publish(meeting_id: int) -> ResponseReturnValue:
    """Publish the minutes on the public mission page, or take them off it."""

    def run(meeting: ReviewMeeting, form: PublishMinutesForm) -> str:
        wanted = form.publish.data == "1"
        changed = set_minutes_published(
            meeting, wanted, expected_version=form.expected_version(), actor_id=current_user.id
        )
        if not changed:
            return str(_("Nothing to change."))
        if wanted:
            return str(_("The minutes are published on the public mission page."))
        return str(_("The minutes are staff-only again."))

    return _step(meeting_id, PublishMinutesForm(), run)


@bp.route("/items/<int:item_id>/notes", methods=["GET", "POST"])
@staff_route(Action.RUN_MEETINGS)
def notes(item_id: int) -> ResponseReturnValue:
    """Write what was said about one agenda item."""
    item = or_404(get_agenda_item(item_id))
    form = NotesForm(obj=item)
    prepare_version(form, item)
    return saved_or_rerender(
        form,
        lambda: save_item_notes(
            item,
            notes=form.notes.data or "",
            expected_version=form.expected_version(),
            actor_id=current_user.id,
            translations=form.entered_translations(),
        ),
        lambda saved: _to_meeting(saved.meeting_id, f"item-{saved.id}"),
        lambda: render_template("meetings/notes.html", form=form, item=item),
    )


def _fill_owner_choices(form: FollowUpForm) -> None:
    form.owner_id.choices = [(NO_CHOICE, _("Nobody (a department owns it)")), *owner_choices()]
    form.department_id.choices = [(NO_CHOICE, _("No department")), *department_choices()]


def _chosen(value: int | None) -> int | None:
    return None if value in (None, NO_CHOICE) else value


@bp.route("/<int:meeting_id>/follow-ups/new", methods=["GET", "POST"])
@staff_route(Action.RUN_MEETINGS)
def new_follow_up(meeting_id: int) -> ResponseReturnValue:
    """Record a decision, or a follow-up action with its owner and due date."""
    meeting = or_404(get_meeting(meeting_id))
    form = FollowUpForm()
    _fill_owner_choices(form)

    def done(_saved: object) -> ResponseReturnValue:
        flash(_("Recorded."), "success")
        return _to_meeting(meeting.id, "follow-ups")

    return saved_or_rerender(
        form,
        lambda: record_follow_up(
            meeting,
            kind=form.kind.data or "",
            text=required(form.text.data),
            owner_id=_chosen(form.owner_id.data),
            department_id=_chosen(form.department_id.data),
            due_on=form.due_on.data,
            actor_id=current_user.id,
            translations=form.entered_translations(),
        ),
        done,
        lambda: render_template("meetings/follow_up_form.html", form=form, meeting=meeting),
    )


@bp.route("/follow-ups/<int:follow_up_id>/close", methods=["GET", "POST"])
@staff_route(Action.CLOSE_FOLLOW_UP)
def close(follow_up_id: int) -> ResponseReturnValue:
    """Close an open follow-up with what was done (its owner, their department's lead, or the
    mission office)."""
    follow_up = or_404(get_follow_up(follow_up_id))
    require(Action.CLOSE_FOLLOW_UP, follow_up)
    form = CloseForm(obj=follow_up)
    prepare_version(form, follow_up)

    def done(_saved: object) -> ResponseReturnValue:
        flash(_("The follow-up is closed."), "success")
        if request.args.get("next") == "work":
            return redirect(url_for("workspace.home"))
        return _to_meeting(follow_up.meeting_id, "follow-ups")

    return saved_or_rerender(
        form,
        lambda: close_follow_up(
            follow_up,
            note=required(form.closing_note.data),
            expected_version=form.expected_version(),
            actor_id=current_user.id,
            translations=form.entered_translations(),
        ),
        done,
        lambda: render_template("meetings/close.html", form=form, follow_up=follow_up),
    )


# ---- the public side ----


@public_bp.get("/missions/<slug>/meetings/<int:meeting_id>")
@public_page
def minutes(slug: str, meeting_id: int) -> str:
    """A review meeting's published minutes, with its decisions and follow-ups."""
    meeting = load_published_minutes(slug, meeting_id)
    if meeting is None:
        abort(404)
    return render_template("meetings/public_minutes.html", meeting=meeting)


# ---- what the shared pages include (My work, the public mission page) ----


@bp.app_template_global("my_follow_ups")
def my_open_follow_ups() -> list[OwnedFollowUp]:
    """The signed-in user's open follow-ups, for the My work partial."""
    return my_follow_ups(current_user, date.today())


@bp.app_template_global("overdue_follow_ups")
def office_overdue_follow_ups() -> Sequence[FollowUp]:
    """For the mission office and admins, every overdue follow-up in every mission (My work);
    nobody else gets the list (a lead sees their own in my_follow_ups)."""
    if not authorize(current_user, Action.RUN_MEETINGS):
        return []
    return overdue_follow_ups(date.today())


@bp.app_template_global("published_minutes")
def published_minutes(mission_id: int) -> Sequence[ReviewMeeting]:
    """A public mission's published meeting minutes, for the public mission page's partial."""
    return published_meetings(mission_id)


bp.add_app_template_global(item_facts, "agenda_facts")
