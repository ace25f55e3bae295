"""Indicator views: list, definition form, explained detail page, publish, archive, override."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import DomainError
from app.extensions import db
from app.indicators import bp
from app.indicators.forms import (
    INTERIM_MAX,
    INTERIM_ROWS,
    IndicatorFilterForm,
    IndicatorForm,
    OverrideForm,
)
from app.indicators.queries import (
    INDICATOR_SORTS,
    breakdown_keys,
    department_choices,
    get_indicator_detail,
    get_indicator_for_edit,
    intervention_choices,
    list_indicators,
    measurements_by_breakdown,
    mission_choices,
)
from app.indicators.services import (
    FIELDS,
    archive_indicator,
    duplicate_indicator,
    publish_indicator,
    restore_indicator,
    save_indicator,
    set_override,
)
from app.listing import ListQuery
from app.models import Indicator
from app.models.enums import Role
from app.permissions import Action, require, staff_route
from app.reporting.progress import load_indicator_progress
from app.reporting.relations import outcomes_by_mission
from app.reporting.visibility import indicator_public_footprint
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


@bp.get("/")
@staff_route(Action.VIEW)
def index() -> ResponseReturnValue:
    """Live (or, with ?archived=1, archived) indicators with their latest value and freshness,
    filtered by mission or department, searched, sorted and paged by the query string."""
    archived = request.args.get("archived") == "1"
    filters = IndicatorFilterForm(formdata=request.args)
    filters.mission.choices = [(0, _("All missions")), *mission_choices()]
    filters.department.choices = [(0, _("All departments")), *department_choices()]
    lead = current_user.role == Role.DEPARTMENT_LEAD
    department_id = filters.department.data or None
    if lead and filters.mine.data:
        department_id = current_user.department_id
    page = list_indicators(
        mission_id=filters.mission.data or None,
        department_id=department_id,
        today=date.today(),
        archived=archived,
        query=ListQuery.parse(request.args, sorts=INDICATOR_SORTS, default="mission"),
    )
    return render_template(
        "indicators/index.html", page=page, rows=page.items, filters=filters, lead=lead,
        archived=archived,
    )  # fmt: skip


def _chosen_mission(
    form: IndicatorForm, indicator: Indicator | None, outcomes: dict[int, list[tuple[int, str]]]
) -> int | None:
    """The mission whose outcomes the form offers: the one posted, the indicator's, or the one
    the mission page asked for (?mission_id=&outcome_id=, filled into a new form)."""
    if form.is_submitted():
        return form.mission_id.data if isinstance(form.mission_id.data, int) else None
    if indicator is not None:
        return indicator.mission_id
    chosen = asked_row_id("mission_id", outcomes)
    form.mission_id.data = chosen if chosen is not None else 0
    own = {outcome_id for outcome_id, _title in outcomes.get(chosen or 0, [])}
    form.outcome_id.data = asked_row_id("outcome_id", own) or 0
    return chosen


def _indicator_form(indicator: Indicator | None) -> IndicatorForm:
    form = IndicatorForm(obj=indicator)
    missions = mission_choices(indicator.mission_id if indicator else None)
    outcomes = outcomes_by_mission([mission_id for mission_id, _title in missions])
    chosen = _chosen_mission(form, indicator, outcomes)
    form.mission_id.choices = missions if indicator else [(0, _("Choose a mission")), *missions]
    form.outcome_id.choices = [(0, _("No outcome")), *outcomes.get(chosen or 0, [])]
    form.outcomes_by_mission = outcomes
    form.intervention_id.choices = [
        (0, _("No intervention")),
        *intervention_choices(indicator.intervention_id if indicator else None),
    ]
    form.department_id.choices = department_choices()
    form.headline_breakdown.choices = [
        ("", _("The total rows (no breakdown)")),
        *((key, key) for key in (breakdown_keys(indicator.id) if indicator else [])),
    ]
    prepare_version(form, indicator)
    if indicator is not None and not form.is_submitted():
        form.outcome_id.data = indicator.outcome_id or 0
        form.intervention_id.data = indicator.intervention_id or 0
        # Always offer at least one empty row for a new waypoint.
        wanted = min(INTERIM_MAX, max(INTERIM_ROWS, len(indicator.interim_targets) + 1))
        while len(form.interim_targets) < wanted:
            form.interim_targets.append_entry()
    return form


def _form_values(form: IndicatorForm) -> dict[str, Any]:
    values = {name: getattr(form, name).data for name in FIELDS}
    values["outcome_id"] = values["outcome_id"] or None
    values["intervention_id"] = values["intervention_id"] or None
    values["definition"] = values["definition"] or ""
    values["source"] = values["source"] or ""
    values["sensitive"] = bool(values["sensitive"])
    values["headline_breakdown"] = form.headline_breakdown.data or ""
    values["translations"] = form.entered_translations()
    return values


def _interim_entries(form: IndicatorForm) -> list[tuple[date | None, float | None]]:
    """(date, value) of each interim target row as entered, empty rows included."""
    return [(row.form.period.data, row.form.value.data) for row in form.interim_targets]


def _form_page(indicator: Indicator | None) -> ResponseReturnValue:
    form = _indicator_form(indicator)

    def done(saved: Indicator) -> ResponseReturnValue:
        flash(_("Saved %(title)s.", title=saved.title), "success")
        if indicator is None and "mission_id" in request.args:
            # Opened from the mission page's "Add indicator": back there for the next item.
            return redirect(mission_section_url(saved.mission_id, saved.outcome_id))
        return redirect(url_for("indicators.detail", indicator_id=saved.id))

    return saved_or_rerender(
        form,
        lambda: save_indicator(
            indicator,
            _form_values(form),
            _interim_entries(form),
            expected_version=form.expected_version(),
            actor_id=current_user.id,
        ),
        done,
        lambda: render_template("indicators/form.html", form=form, indicator=indicator),
    )


@bp.route("/new", methods=["GET", "POST"])
@staff_route(Action.EDIT_INDICATOR)
def new() -> ResponseReturnValue:
    """Define a new indicator with its baseline, target and interim targets."""
    return _form_page(None)


@bp.route("/<int:indicator_id>/edit", methods=["GET", "POST"])
@staff_route(Action.EDIT_INDICATOR)
def edit(indicator_id: int) -> ResponseReturnValue:
    """Change an indicator's definition; its interim targets are replaced in the same save."""
    indicator = or_404(get_indicator_for_edit(indicator_id))
    require(Action.EDIT_INDICATOR, indicator)
    return _form_page(indicator)


@bp.get("/<int:indicator_id>")
@staff_route(Action.VIEW)
def detail(indicator_id: int) -> ResponseReturnValue:
    """Everything about one indicator, with its status and the calculation behind it."""
    indicator = or_404(get_indicator_detail(indicator_id))
    result = or_404(load_indicator_progress(indicator_id, published_only=False)).result
    return render_template(
        "indicators/detail.html", indicator=indicator, result=result,
        series=measurements_by_breakdown(indicator_id),
    )  # fmt: skip


def _change(
    indicator_id: int, action: Action, change: Callable[[Indicator], bool], done: str
) -> ResponseReturnValue:
    """Load, check, apply one change, commit, and go back to the detail page."""
    indicator = db.get_or_404(Indicator, indicator_id)
    require(action, indicator)
    if commit_change(lambda: change(indicator)):
        flash(done, "success")
    return redirect(url_for("indicators.detail", indicator_id=indicator_id))


@bp.post("/<int:indicator_id>/duplicate")
@staff_route(Action.EDIT_INDICATOR)
def duplicate(indicator_id: int) -> ResponseReturnValue:
    """Copy an indicator as a draft titled '… (copy)', without its values; open the copy's form."""
    original = or_404(get_indicator_for_edit(indicator_id))
    require(Action.EDIT_INDICATOR, original)
    try:
        copy = duplicate_indicator(original, actor_id=current_user.id)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("indicators.detail", indicator_id=indicator_id))
    db.session.commit()
    flash(_("Copied as a draft without its values: change what differs and save."), "success")
    return redirect(url_for("indicators.edit", indicator_id=copy.id))


@bp.post("/<int:indicator_id>/publish")
@staff_route(Action.PUBLISH)
def publish(indicator_id: int) -> ResponseReturnValue:
    """Publish an indicator so it appears on public pages."""
    return _change(
        indicator_id, Action.PUBLISH,
        lambda ind: publish_indicator(ind, True, actor_id=current_user.id), _("Published."),
    )  # fmt: skip


@bp.post("/<int:indicator_id>/unpublish")
@staff_route(Action.PUBLISH)
def unpublish(indicator_id: int) -> ResponseReturnValue:
    """Take an indicator off the public pages (back to draft)."""
    return _change(
        indicator_id, Action.PUBLISH,
        lambda ind: publish_indicator(ind, False, actor_id=current_user.id),
        _("Unpublished: the indicator is a draft again."),
    )  # fmt: skip


@bp.route("/<int:indicator_id>/archive", methods=["GET", "POST"])
@staff_route(Action.ARCHIVE)
def archive(indicator_id: int) -> ResponseReturnValue:
    """Archive an indicator after confirming what leaves the public pages; data is kept."""
    indicator = db.get_or_404(Indicator, indicator_id)
    require(Action.ARCHIVE, indicator)
    return archive_or_confirm(
        indicator,
        kind="indicator",
        footprint=lambda: indicator_public_footprint(indicator.id),
        archive=lambda: archive_indicator(indicator, actor_id=current_user.id),
        detail_url=url_for("indicators.detail", indicator_id=indicator_id),
    )


@bp.post("/<int:indicator_id>/restore")
@staff_route(Action.ARCHIVE)
def restore(indicator_id: int) -> ResponseReturnValue:
    """Bring an archived indicator back as a draft."""
    indicator = db.get_or_404(Indicator, indicator_id)
    require(Action.ARCHIVE, indicator)
    return restore_and_return(
        indicator,
        restore=lambda: restore_indicator(indicator, actor_id=current_user.id),
        detail_url=url_for("indicators.detail", indicator_id=indicator_id),
    )


@bp.route("/<int:indicator_id>/override", methods=["GET", "POST"])
@staff_route(Action.OVERRIDE_STATUS)
def override(indicator_id: int) -> ResponseReturnValue:
    """Set the outcome status by hand with a reason, or go back to the computed status."""
    found = or_404(load_indicator_progress(indicator_id, published_only=False))
    indicator, result = found.indicator, found.result
    require(Action.OVERRIDE_STATUS, indicator)
    form = OverrideForm()
    if not form.is_submitted():
        form.status.data = indicator.status_override or ""
        form.reason.data = indicator.override_reason
        form.fill_translations(indicator)
    prepare_version(form, indicator)

    def done(_changed: bool) -> ResponseReturnValue:
        flash(_("Saved the status of %(title)s.", title=indicator.title), "success")
        return redirect(url_for("indicators.detail", indicator_id=indicator.id))

    return saved_or_rerender(
        form,
        lambda: set_override(
            indicator,
            status=form.status.data or "",
            reason=form.reason.data or "",
            expected_version=form.expected_version(),
            actor_id=current_user.id,
            translations=form.entered_translations(),
        ),
        done,
        lambda: render_template(
            "indicators/override.html", form=form, indicator=indicator, result=result
        ),
    )
