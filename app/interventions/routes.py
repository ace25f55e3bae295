"""Intervention views: list, detail, edit with partners, override, milestones and updates."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import DomainError
from app.extensions import db
from app.forms import required
from app.interventions import bp
from app.interventions.budgets import (
    BudgetRow,
    department_codes,
    get_intervention_with_budget,
    has_budget_lines,
    save_budget_lines,
)
from app.interventions.forms import (
    BUDGET_ROWS,
    NO_CHOICE,
    OUTSIDE_PARTNER_ROWS,
    PARTNER_ROWS,
    BudgetLinesForm,
    FilterForm,
    InterventionForm,
    MilestoneForm,
    OverrideForm,
    UpdateForm,
)
from app.interventions.queries import (
    INTERVENTION_SORTS,
    InterventionFilters,
    department_choices,
    get_intervention_for_edit,
    get_milestone,
    get_update,
    list_interventions,
    load_intervention_detail,
    mission_choices,
)
from app.interventions.services import (
    InterventionData,
    UpdateData,
    archive_intervention,
    duplicate_intervention,
    restore_intervention,
    save_intervention,
    save_milestone,
    save_update,
    set_intervention_published,
    set_override,
    set_update_published,
)
from app.listing import ListQuery
from app.models import Intervention, Milestone, ProgressUpdate
from app.models.enums import Role
from app.permissions import Action, require, staff_route
from app.reporting.learning import learning_log
from app.reporting.relations import outcomes_by_mission
from app.reporting.rounds import reports_of_intervention
from app.reporting.visibility import intervention_public_footprint
from app.views import (
    archive_or_confirm,
    asked_row_id,
    commit_change,
    mission_section_url,
    or_404,
    prepare_version,
    restore_and_return,
    saved_or_rerender,
)


def _lead_department_id() -> int | None:
    """The signed-in user's department when they are a department lead, else None."""
    return current_user.department_id if current_user.role == Role.DEPARTMENT_LEAD else None


def _to_detail(intervention_id: int) -> ResponseReturnValue:
    return redirect(url_for("interventions.detail", intervention_id=intervention_id))


# ---- list and detail ----


@bp.get("/")
@staff_route(Action.VIEW)
def index() -> ResponseReturnValue:
    """Live (or, with ?archived=1, archived) interventions with their computed status, filtered
    by mission, department, stage."""
    archived = request.args.get("archived") == "1"
    filters = FilterForm(request.args)
    filters.set_choices(mission_choices(), department_choices())
    lead_department = _lead_department_id()
    department_id = filters.selected("department")
    if lead_department is not None and filters.mine.data:
        department_id = lead_department
    criteria = InterventionFilters(
        mission_id=filters.selected("mission"),
        department_id=department_id,
        stage=filters.selected("stage"),
        archived=archived,
    )
    query = ListQuery.parse(request.args, sorts=INTERVENTION_SORTS, default="mission")
    page = list_interventions(criteria, date.today(), query)
    return render_template(
        "interventions/index.html",
        page=page,
        rows=page.items,
        archived=archived,
        filters=filters,
        can_filter_mine=lead_department is not None,
        filtered=bool(query.q)
        or any(getattr(criteria, name) for name in ("mission_id", "department_id", "stage")),
    )


@bp.get("/<int:intervention_id>")
@staff_route(Action.VIEW)
def detail(intervention_id: int) -> ResponseReturnValue:
    """One intervention: facts, computed status and why, milestones, progress updates, the
    learning log and its reports in the reporting rounds."""
    page = or_404(load_intervention_detail(intervention_id, date.today()))
    return render_template(
        "interventions/detail.html",
        page=page,
        item=page.intervention,
        log=learning_log(intervention_id, published_only=False),
        round_reports=reports_of_intervention(intervention_id),
    )


# ---- create and edit ----


def _intervention_form(intervention: Intervention | None) -> InterventionForm:
    """The form with its choices: the outcomes are those of the chosen mission only (the
    mission's page links here with ?mission_id=&outcome_id= filled in)."""
    form = InterventionForm(obj=intervention)
    if intervention is not None and not form.is_submitted():
        # Show every partner plus at least one empty row.
        while len(form.partners) < max(PARTNER_ROWS, len(intervention.partners) + 1):
            form.partners.append_entry()
        wanted = max(OUTSIDE_PARTNER_ROWS, len(intervention.outside_partners) + 1)
        while len(form.outside_partners) < wanted:
            form.outside_partners.append_entry()
    lead_department = _lead_department_id()
    missions = mission_choices(intervention.mission_id if intervention else None)
    outcomes = outcomes_by_mission([mission_id for mission_id, _title in missions])
    if form.is_submitted():
        chosen = form.mission_id.data
    elif intervention is not None:
        chosen = intervention.mission_id
    else:
        chosen = asked_row_id("mission_id", outcomes)
        form.mission_id.data = chosen if chosen is not None else NO_CHOICE
        own = outcomes.get(chosen, []) if chosen is not None else []
        asked_outcome = asked_row_id("outcome_id", {outcome_id for outcome_id, _t in own})
        form.outcome_id.data = asked_outcome if asked_outcome is not None else NO_CHOICE
    if intervention is None:
        missions = [(NO_CHOICE, _("Choose a mission")), *missions]
    form.set_choices(
        missions=missions,
        outcomes=outcomes.get(chosen, []) if isinstance(chosen, int) else [],
        lead_departments=department_choices(only_id=lead_department),
        departments=department_choices(),
        outcomes_by_mission=outcomes,
    )
    if intervention is None and not form.is_submitted() and lead_department is not None:
        form.lead_department_id.data = lead_department
    if intervention is not None:
        # An existing intervention changes stage only through its gate (Change stage).
        del form.stage
    prepare_version(form, intervention)
    return form


def _intervention_data(
    form: InterventionForm, intervention: Intervention | None
) -> InterventionData:
    outcome_id = form.outcome_id.data
    return InterventionData(
        mission_id=form.mission_id.data,
        outcome_id=None if outcome_id in (None, NO_CHOICE) else outcome_id,
        lead_department_id=form.lead_department_id.data,
        external_id=form.external_id.data or None,
        title=required(form.title.data),
        summary=form.summary.data or "",
        stage=form.stage.data if intervention is None else intervention.stage,
        start_date=form.start_date.data,
        end_date=form.end_date.data,
        budget=form.budget.data,
        age_min=form.age_min.data,
        age_max=form.age_max.data,
        update_cycle_days=required(form.update_cycle_days.data),
        weight=required(form.weight.data),
        contact_name=form.contact_name.data or "",
        contact_email=form.contact_email.data or "",
        contact_phone=form.contact_phone.data or "",
        partners=tuple(form.partner_rows()),
        translations=form.entered_translations(),
        outside_partners=tuple(form.outside_partner_rows()),
    )


def _intervention_page(intervention: Intervention | None) -> ResponseReturnValue:
    form = _intervention_form(intervention)
    was_published = bool(intervention is not None and intervention.is_published)

    def done(saved: Intervention) -> ResponseReturnValue:
        if was_published and not saved.is_published:
            flash(_("Saved %(title)s. It went back to the mission office for review and has left "
                    "the public pages until it is published again.", title=saved.title),
                  "success")  # fmt: skip
        else:
            flash(_("Saved %(title)s.", title=saved.title), "success")
        if intervention is None and "mission_id" in request.args:
            # Opened from the mission page's "Add intervention": back there for the next item.
            return redirect(mission_section_url(saved.mission_id, saved.outcome_id))
        return _to_detail(saved.id)

    return saved_or_rerender(
        form,
        lambda: save_intervention(
            intervention,
            _intervention_data(form, intervention),
            expected_version=form.expected_version(),
            actor=current_user,
        ),
        done,
        lambda: render_template(
            "interventions/form.html",
            form=form,
            item=intervention,
            budgeted=intervention is not None and has_budget_lines(intervention.id),
        ),
    )


@bp.route("/new", methods=["GET", "POST"])
@staff_route(Action.EDIT_INTERVENTION)
def new() -> ResponseReturnValue:
    """Log a new intervention (department leads: for their own department)."""
    return _intervention_page(None)


@bp.route("/<int:intervention_id>/edit", methods=["GET", "POST"])
@staff_route(Action.EDIT_INTERVENTION)
def edit(intervention_id: int) -> ResponseReturnValue:
    """Change an intervention and its partners."""
    intervention = or_404(get_intervention_for_edit(intervention_id))
    require(Action.EDIT_INTERVENTION, intervention)
    return _intervention_page(intervention)


@bp.post("/<int:intervention_id>/duplicate")
@staff_route(Action.EDIT_INTERVENTION)
def duplicate(intervention_id: int) -> ResponseReturnValue:
    """Copy an intervention as a draft titled '… (copy)' and open the copy's form."""
    original = or_404(get_intervention_for_edit(intervention_id))
    require(Action.EDIT_INTERVENTION, original)
    try:
        copy = duplicate_intervention(original, actor=current_user)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return _to_detail(intervention_id)
    db.session.commit()
    flash(_("Copied as a draft: change what differs and save."), "success")
    return redirect(url_for("interventions.edit", intervention_id=copy.id))


# ---- publish, archive, override ----


def _post_action(
    intervention_id: int, action: Callable[[], bool], message: str
) -> ResponseReturnValue:
    if commit_change(action):
        flash(message, "success")
    return _to_detail(intervention_id)


@bp.post("/<int:intervention_id>/publish")
@staff_route(Action.PUBLISH)
def publish(intervention_id: int) -> ResponseReturnValue:
    """Publish an intervention on the public pages."""
    intervention = db.get_or_404(Intervention, intervention_id)
    return _post_action(
        intervention_id,
        lambda: set_intervention_published(intervention, True, actor_id=current_user.id),
        _("Published."),
    )


@bp.post("/<int:intervention_id>/unpublish")
@staff_route(Action.PUBLISH)
def unpublish(intervention_id: int) -> ResponseReturnValue:
    """Take an intervention off the public pages."""
    intervention = db.get_or_404(Intervention, intervention_id)
    return _post_action(
        intervention_id,
        lambda: set_intervention_published(intervention, False, actor_id=current_user.id),
        _("Unpublished: it is a draft again."),
    )


@bp.route("/<int:intervention_id>/archive", methods=["GET", "POST"])
@staff_route(Action.ARCHIVE)
def archive(intervention_id: int) -> ResponseReturnValue:
    """Archive an intervention after confirming what leaves the public pages."""
    intervention = db.get_or_404(Intervention, intervention_id)
    require(Action.ARCHIVE, intervention)
    return archive_or_confirm(
        intervention,
        kind="intervention",
        footprint=lambda: intervention_public_footprint(intervention.id),
        archive=lambda: archive_intervention(intervention, actor_id=current_user.id),
        detail_url=url_for("interventions.detail", intervention_id=intervention_id),
    )


@bp.post("/<int:intervention_id>/restore")
@staff_route(Action.ARCHIVE)
def restore(intervention_id: int) -> ResponseReturnValue:
    """Bring an archived intervention back as a draft."""
    intervention = db.get_or_404(Intervention, intervention_id)
    require(Action.ARCHIVE, intervention)
    return restore_and_return(
        intervention,
        restore=lambda: restore_intervention(intervention, actor_id=current_user.id),
        detail_url=url_for("interventions.detail", intervention_id=intervention_id),
    )


@bp.route("/<int:intervention_id>/override", methods=["GET", "POST"])
@staff_route(Action.OVERRIDE_STATUS)
def override(intervention_id: int) -> ResponseReturnValue:
    """Set or clear a manual implementation status, with its reason."""
    page = or_404(load_intervention_detail(intervention_id, date.today()))
    intervention = page.intervention
    require(Action.OVERRIDE_STATUS, intervention)
    form = OverrideForm()
    if not form.is_submitted():
        form.status.data = intervention.status_override or ""
        form.reason.data = intervention.override_reason
        form.fill_translations(intervention)
    prepare_version(form, intervention)

    def done(changed: bool) -> ResponseReturnValue:
        if changed:
            flash(_("Manual status saved."), "success")
        return _to_detail(intervention_id)

    return saved_or_rerender(
        form,
        lambda: set_override(
            intervention,
            status=form.status.data or None,
            reason=form.reason.data or "",
            expected_version=form.expected_version(),
            actor_id=current_user.id,
            translations=form.entered_translations(),
        ),
        done,
        lambda: render_template(
            "interventions/override.html", form=form, page=page, item=intervention
        ),
    )


# ---- budget lines ----


def _budget_form(intervention: Intervention) -> BudgetLinesForm:
    """The budget lines as rows, plus empty rows to add more (a posted form keeps its rows)."""
    if request.method == "POST":
        form = BudgetLinesForm()
    else:
        form = BudgetLinesForm(
            data={
                "lines": [
                    {"year": line.year, "department_id": line.department_id, "amount": line.amount}
                    for line in intervention.budget_lines
                ]
            }
        )
        # FieldList's min_entries pads only up to its minimum: always offer empty rows.
        asked = min(max(request.args.get("rows", default=0, type=int) or 0, 0), 200)
        while len(form.lines) < max(len(intervention.budget_lines) + BUDGET_ROWS, asked):
            form.lines.append_entry()
    form.set_choices(department_choices())
    prepare_version(form, intervention)
    return form


@bp.route("/<int:intervention_id>/budget", methods=["GET", "POST"])
@staff_route(Action.EDIT_INTERVENTION)
def budget(intervention_id: int) -> ResponseReturnValue:
    """Edit an intervention's budget by year and funding department; the total is their sum."""
    intervention = or_404(get_intervention_with_budget(intervention_id))
    require(Action.EDIT_INTERVENTION, intervention)
    form = _budget_form(intervention)

    def save() -> bool:
        codes = department_codes()
        rows = [BudgetRow(*row) for row in form.filled_rows()]
        return save_budget_lines(
            intervention,
            rows,
            expected_version=form.expected_version(),
            actor=current_user,
            departments=codes,
        )

    def done(changed: bool) -> ResponseReturnValue:
        if changed:
            flash(_("Saved the budget of %(title)s.", title=intervention.title), "success")
        else:
            flash(_("Nothing changed."), "info")
        return _to_detail(intervention.id)

    return saved_or_rerender(
        form,
        save,
        done,
        lambda: render_template("interventions/budget_form.html", form=form, item=intervention),
    )


# ---- milestones ----


def _milestone_page(intervention: Intervention, milestone: Milestone | None) -> ResponseReturnValue:
    form = MilestoneForm(obj=milestone)
    prepare_version(form, milestone)

    def done(saved: Milestone) -> ResponseReturnValue:
        flash(_("Saved milestone %(title)s.", title=saved.title), "success")
        return _to_detail(intervention.id)

    return saved_or_rerender(
        form,
        lambda: save_milestone(
            milestone,
            intervention,
            title=required(form.title.data),
            due_date=required(form.due_date.data),
            completed_on=form.completed_on.data,
            expected_version=form.expected_version(),
            actor_id=current_user.id,
            translations=form.entered_translations(),
        ),
        done,
        lambda: render_template(
            "interventions/milestone_form.html", form=form, item=intervention, milestone=milestone
        ),
    )


@bp.route("/<int:intervention_id>/milestones/new", methods=["GET", "POST"])
@staff_route(Action.EDIT_INTERVENTION)
def new_milestone(intervention_id: int) -> ResponseReturnValue:
    """Add a milestone to an intervention."""
    intervention = db.get_or_404(Intervention, intervention_id)
    require(Action.EDIT_INTERVENTION, intervention)
    return _milestone_page(intervention, None)


@bp.route("/milestones/<int:milestone_id>/edit", methods=["GET", "POST"])
@staff_route(Action.EDIT_INTERVENTION)
def edit_milestone(milestone_id: int) -> ResponseReturnValue:
    """Change a milestone, or mark it completed."""
    milestone = or_404(get_milestone(milestone_id))
    require(Action.EDIT_INTERVENTION, milestone)
    return _milestone_page(milestone.intervention, milestone)


# ---- progress updates ----


def _update_page(intervention: Intervention, update: ProgressUpdate | None) -> ResponseReturnValue:
    form = UpdateForm(obj=update)
    prepare_version(form, update)
    was_published = bool(update is not None and update.is_published)

    def done(saved: ProgressUpdate) -> ResponseReturnValue:
        if was_published and not saved.is_published:
            flash(_("Update saved. It went back to the mission office for review and has left "
                    "the public pages until it is published again."), "success")  # fmt: skip
        elif saved.is_published:
            flash(_("Update saved."), "success")
        else:
            flash(_("Update saved as a draft."), "success")
        if request.args.get("next") == "work":  # posted from My work: back there
            return redirect(url_for("workspace.home"))
        return _to_detail(intervention.id)

    return saved_or_rerender(
        form,
        lambda: save_update(
            update,
            intervention,
            UpdateData(
                reported_on=required(form.reported_on.data),
                status=form.status.data,
                summary=form.summary.data or "",
                next_steps=form.next_steps.data or "",
                blockers=form.blockers.data or "",
                translations=form.entered_translations(),
            ),
            expected_version=form.expected_version(),
            actor=current_user,
        ),
        done,
        lambda: render_template(
            "interventions/update_form.html", form=form, item=intervention, update=update
        ),
    )


@bp.route("/<int:intervention_id>/updates/new", methods=["GET", "POST"])
@staff_route(Action.POST_UPDATE)
def new_update(intervention_id: int) -> ResponseReturnValue:
    """Post a progress update (saved as a draft for the mission office to publish)."""
    intervention = db.get_or_404(Intervention, intervention_id)
    require(Action.POST_UPDATE, intervention)
    return _update_page(intervention, None)


@bp.route("/updates/<int:update_id>/edit", methods=["GET", "POST"])
@staff_route(Action.POST_UPDATE)
def edit_update(update_id: int) -> ResponseReturnValue:
    """Correct a progress update."""
    update = or_404(get_update(update_id))
    require(Action.POST_UPDATE, update)
    return _update_page(update.intervention, update)


@bp.post("/updates/<int:update_id>/publish")
@staff_route(Action.PUBLISH)
def publish_update(update_id: int) -> ResponseReturnValue:
    """Publish a progress update as a public status report."""
    update = or_404(get_update(update_id))
    return _post_action(
        update.intervention_id,
        lambda: set_update_published(update, True, actor_id=current_user.id),
        _("Update published."),
    )


@bp.post("/updates/<int:update_id>/unpublish")
@staff_route(Action.PUBLISH)
def unpublish_update(update_id: int) -> ResponseReturnValue:
    """Take a progress update off the public pages."""
    update = or_404(get_update(update_id))
    return _post_action(
        update.intervention_id,
        lambda: set_update_published(update, False, actor_id=current_user.id),
        _("Update unpublished: it is a draft again."),
    )
