"""Mission and outcome views: everyone on staff reads, the mission office changes and publishes."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.errors import DomainError
from app.extensions import db
from app.forms import apply_domain_error, required
from app.listing import ListQuery
from app.missions import bp
from app.missions.forms import NO_OWNER, MissionForm, OutcomeForm, PublishAllForm
from app.missions.publishing import list_mission_drafts, publish_mission_and_drafts, review_key
from app.missions.queries import (
    MISSION_SORTS,
    department_choices,
    get_mission_for_edit,
    get_outcome_with_mission,
    list_missions_with_counts,
    list_owner_choices,
    load_mission_detail,
    next_outcome_position,
)
from app.missions.services import (
    MissionData,
    OutcomeData,
    archive_mission,
    publish_mission,
    restore_mission,
    save_mission,
    save_outcome,
    unpublish_mission,
)
from app.models import Mission, Outcome
from app.permissions import Action, require, staff_route
from app.reporting.visibility import mission_public_footprint
from app.views import (
    archive_or_confirm,
    commit_change,
    or_404,
    prepare_version,
    restore_and_return,
    saved_or_rerender,
)


@bp.get("/")
@staff_route(Action.VIEW)
def index() -> ResponseReturnValue:
    """Live missions (or the archived ones) with status, horizon and what they hold: searched,
    sorted and paged by the query string (q, sort, page, per_page)."""
    archived = request.args.get("archived") == "1"
    query = ListQuery.parse(request.args, sorts=MISSION_SORTS, default="start")
    page = list_missions_with_counts(archived=archived, query=query)
    return render_template("missions/index.html", page=page, rows=page.items, archived=archived)


def _mission_data(form: MissionForm) -> MissionData:
    return MissionData(
        title=required(form.title.data),
        slug=form.slug.data or "",
        north_star=required(form.north_star.data),
        problem_statement=form.problem_statement.data or "",
        target_population=form.target_population.data or "",
        age_min=form.age_min.data,
        age_max=form.age_max.data,
        start_year=required(form.start_year.data),
        horizon_year=required(form.horizon_year.data),
        status=form.status.data,
        owner_id=form.owner_id.data or None,
        translations=form.entered_translations(),
        co_owner_ids=tuple(form.co_owner_ids.data or ()),
    )


def _mission_form_page(mission: Mission | None) -> ResponseReturnValue:
    form = MissionForm(obj=mission)
    owners = list_owner_choices(mission.owner_id if mission else None)
    form.owner_id.choices = [(NO_OWNER, _("No owner")), *owners]
    form.co_owner_ids.choices = department_choices()
    prepare_version(form, mission)
    if not form.is_submitted():
        form.owner_id.data = (mission.owner_id if mission else None) or NO_OWNER
        form.co_owner_ids.data = (
            [department.id for department in mission.co_owners] if mission else []
        )

    def done(saved: Mission) -> ResponseReturnValue:
        flash(_("Saved %(title)s.", title=saved.title), "success")
        return redirect(url_for("missions.detail", mission_id=saved.id))

    return saved_or_rerender(
        form,
        lambda: save_mission(
            mission,
            _mission_data(form),
            expected_version=form.expected_version(),
            actor_id=current_user.id,
        ),
        done,
        lambda: render_template("missions/form.html", form=form, mission=mission),
    )


@bp.route("/new", methods=["GET", "POST"])
@staff_route(Action.EDIT_MISSION)
def new() -> ResponseReturnValue:
    """Define a new mission (it starts as an unpublished draft)."""
    return _mission_form_page(None)


@bp.route("/<int:mission_id>/edit", methods=["GET", "POST"])
@staff_route(Action.EDIT_MISSION)
def edit(mission_id: int) -> ResponseReturnValue:
    """Change a mission's definition, owner, co-owning departments or translations."""
    mission = or_404(get_mission_for_edit(mission_id))
    require(Action.EDIT_MISSION, mission)
    return _mission_form_page(mission)


@bp.get("/<int:mission_id>")
@staff_route(Action.VIEW)
def detail(mission_id: int) -> ResponseReturnValue:
    """A mission: North Star, outcomes with their work, and both progress lenses."""
    found = or_404(load_mission_detail(mission_id))
    require(Action.VIEW, found.mission)
    return render_template(
        "missions/detail.html",
        detail=found,
        mission=found.mission,
        endpoints=current_app.view_functions,
    )


@bp.post("/<int:mission_id>/publish")
@staff_route(Action.PUBLISH)
def publish(mission_id: int) -> ResponseReturnValue:
    """Publish a mission on the public pages (archived missions are refused)."""
    mission = db.get_or_404(Mission, mission_id)
    require(Action.PUBLISH, mission)
    changed = commit_change(lambda: publish_mission(mission, actor_id=current_user.id))
    if changed:
        flash(_("Published %(title)s.", title=mission.title), "success")
    elif changed is False:
        flash(_("%(title)s was already published.", title=mission.title), "info")
    return redirect(url_for("missions.detail", mission_id=mission_id))


@bp.route("/<int:mission_id>/publish-all", methods=["GET", "POST"])
@staff_route(Action.PUBLISH)
def publish_all(mission_id: int) -> ResponseReturnValue:
    """Review what will go public (the mission and its draft interventions and indicators), then
    publish them all with one confirm: all or nothing, each item audited."""
    mission = db.get_or_404(Mission, mission_id)
    require(Action.PUBLISH, mission)
    form = PublishAllForm()
    if form.validate_on_submit():
        try:
            count = publish_mission_and_drafts(
                mission, form.reviewed.data or "", actor=current_user
            )
        except DomainError as error:
            db.session.rollback()
            apply_domain_error(form, error)
        else:
            db.session.commit()
            flash(ngettext("Published %(num)d item.", "Published %(num)d items.", count), "success")
            return redirect(url_for("missions.detail", mission_id=mission_id))
    elif form.is_submitted():
        form.form_errors.append(
            _("The list could not be read: nothing was published. Check the list again.")
        )
    items = list_mission_drafts(mission)
    form.reviewed.data = review_key(items)
    return render_template("missions/publish_all.html", mission=mission, items=items, form=form)


@bp.post("/<int:mission_id>/unpublish")
@staff_route(Action.PUBLISH)
def unpublish(mission_id: int) -> ResponseReturnValue:
    """Take a mission off the public pages; it becomes a draft again."""
    mission = db.get_or_404(Mission, mission_id)
    require(Action.PUBLISH, mission)
    changed = unpublish_mission(mission, actor_id=current_user.id)
    db.session.commit()
    if changed:
        flash(_("%(title)s is a draft again.", title=mission.title), "success")
    else:
        flash(_("%(title)s was not published.", title=mission.title), "info")
    return redirect(url_for("missions.detail", mission_id=mission_id))


@bp.route("/<int:mission_id>/archive", methods=["GET", "POST"])
@staff_route(Action.ARCHIVE)
def archive(mission_id: int) -> ResponseReturnValue:
    """Archive a mission after confirming what leaves the public pages; its history stays."""
    mission = db.get_or_404(Mission, mission_id)
    require(Action.ARCHIVE, mission)
    return archive_or_confirm(
        mission,
        kind="mission",
        footprint=lambda: mission_public_footprint(mission.id),
        archive=lambda: archive_mission(mission, actor_id=current_user.id),
        detail_url=url_for("missions.detail", mission_id=mission_id),
    )


@bp.post("/<int:mission_id>/restore")
@staff_route(Action.ARCHIVE)
def restore(mission_id: int) -> ResponseReturnValue:
    """Bring an archived mission back as a draft."""
    mission = db.get_or_404(Mission, mission_id)
    require(Action.ARCHIVE, mission)
    return restore_and_return(
        mission,
        restore=lambda: restore_mission(mission, actor_id=current_user.id),
        detail_url=url_for("missions.detail", mission_id=mission_id),
    )


def _outcome_data(form: OutcomeForm) -> OutcomeData:
    return OutcomeData(
        title=required(form.title.data),
        description=form.description.data or "",
        position=required(form.position.data),
        translations=form.entered_translations(),
    )


def _outcome_form_page(mission: Mission, outcome: Outcome | None) -> ResponseReturnValue:
    form = OutcomeForm(obj=outcome)
    prepare_version(form, outcome)
    if not form.is_submitted() and outcome is None:
        form.position.data = next_outcome_position(mission.id)

    def done(saved: Outcome) -> ResponseReturnValue:
        flash(_("Saved %(title)s.", title=saved.title), "success")
        return redirect(url_for("missions.detail", mission_id=mission.id))

    return saved_or_rerender(
        form,
        lambda: save_outcome(
            mission.id,
            outcome,
            _outcome_data(form),
            expected_version=form.expected_version(),
            actor_id=current_user.id,
        ),
        done,
        lambda: render_template(
            "missions/outcome_form.html", form=form, mission=mission, outcome=outcome
        ),
    )


@bp.route("/<int:mission_id>/outcomes/new", methods=["GET", "POST"])
@staff_route(Action.EDIT_MISSION)
def new_outcome(mission_id: int) -> ResponseReturnValue:
    """Add an outcome (a result area) to a mission."""
    mission = db.get_or_404(Mission, mission_id)
    require(Action.EDIT_MISSION, mission)
    return _outcome_form_page(mission, None)


@bp.route("/outcomes/<int:outcome_id>/edit", methods=["GET", "POST"])
@staff_route(Action.EDIT_MISSION)
def edit_outcome(outcome_id: int) -> ResponseReturnValue:
    """Rename, describe or reorder an outcome."""
    outcome = or_404(get_outcome_with_mission(outcome_id))
    require(Action.EDIT_MISSION, outcome)
    return _outcome_form_page(outcome.mission, outcome)
