"""Measurement views: enter one value, correct a value, and the department's period grid."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf import FlaskForm

from app.editing import EditConflict
from app.errors import DomainError
from app.extensions import db
from app.forms import apply_domain_error, required
from app.measurements import bp, rules
from app.measurements.forms import (
    CorrectionForm,
    DataEntryForm,
    GridChoiceForm,
    MeasurementForm,
    NotCollectedForm,
)
from app.measurements.queries import (
    GridRow,
    archived_grid_rows,
    get_measurement,
    grid_rows,
    indicators_by_id,
    last_complete_period,
    list_departments,
)
from app.measurements.services import (
    DuplicateMeasurement,
    GridEntry,
    GridErrors,
    add_measurement,
    correct_measurement,
    mark_not_collected,
    save_grid,
    values_wait_for_review,
)
from app.models import Department, Indicator
from app.models.enums import MeasurementStatus, Role
from app.permissions import Action, require, staff_route
from app.routing import is_row_id
from app.translating import translated
from app.views import conflict_page, or_404, prepare_version, saved_or_rerender

Saved = TypeVar("Saved")


@bp.route("/indicators/<int:indicator_id>/measurements/new", methods=["GET", "POST"])
@staff_route(Action.ENTER_DATA)
def new(indicator_id: int) -> ResponseReturnValue:
    """Enter one value of an indicator for a period, optionally for one breakdown."""
    indicator = db.get_or_404(Indicator, indicator_id)
    require(Action.ENTER_DATA, indicator)
    today = date.today()
    form = MeasurementForm()
    if not form.is_submitted():
        form.period.data = last_complete_period(indicator.frequency, today)
    _say_if_archived(form, indicator)
    duplicate_id = None

    def note_duplicate(error: DomainError) -> None:
        nonlocal duplicate_id
        if isinstance(error, DuplicateMeasurement):
            duplicate_id = error.measurement_id

    def done(_saved: object) -> ResponseReturnValue:
        flash(_("Saved a value for %(title)s.", title=indicator.title), "success")
        return redirect(url_for("indicators.detail", indicator_id=indicator.id))

    return saved_or_rerender(
        form,
        lambda: _unless_reviewed(
            indicator,
            lambda: add_measurement(
                indicator,
                period=required(form.period.data),
                dimension=form.dimension.data or "",
                dimension_value=form.dimension_value.data or "",
                value=required(form.value.data),
                status=form.status.data,
                source_note=form.source_note.data or "",
                actor_id=current_user.id,
                today=today,
            ),
        ),
        done,
        lambda: render_template(
            "measurements/form.html",
            form=form,
            indicator=indicator,
            measurement=None,
            duplicate_id=duplicate_id,
        ),
        rejected=note_duplicate,
    )


@bp.route("/measurements/<int:measurement_id>/edit", methods=["GET", "POST"])
@staff_route(Action.ENTER_DATA)
def edit(measurement_id: int) -> ResponseReturnValue:
    """Correct a stored value, its status or source note; the old value stays in the history."""
    measurement = or_404(get_measurement(measurement_id))
    require(Action.ENTER_DATA, measurement)
    indicator = measurement.indicator  # kept: a rollback would unload the relationship
    form = CorrectionForm(obj=measurement)
    prepare_version(form, measurement)
    _say_if_archived(form, indicator)

    def done(_changed: bool) -> ResponseReturnValue:
        flash(_("Saved the correction."), "success")
        return redirect(url_for("indicators.detail", indicator_id=measurement.indicator_id))

    return saved_or_rerender(
        form,
        lambda: _unless_reviewed(
            indicator,
            lambda: correct_measurement(
                measurement,
                value=required(form.value.data),
                status=form.status.data,
                source_note=form.source_note.data or "",
                expected_version=form.expected_version(),
                actor_id=current_user.id,
            ),
        ),
        done,
        lambda: render_template(
            "measurements/form.html",
            form=form,
            indicator=indicator,
            measurement=measurement,
            duplicate_id=None,
        ),
    )


def _unless_reviewed(indicator: Indicator, save: Callable[[], Saved]) -> Saved:
    """Refuse a single value when the indicator's department has its values reviewed and the
    user may not publish: such values go through the period grid, which keeps them for review."""
    department = db.session.get(Department, indicator.department_id)
    if department is not None and values_wait_for_review(department, current_user):
        raise DomainError(
            _(
                "This department's values wait for the mission office's review: enter them in "
                "the period grid."
            ),
            "value",
        )
    return save()


def _grid_department(departments: list[Department]) -> Department | None:
    """The department whose grid to show: a lead's own; otherwise the one asked for, or the first.

    A lead asking for another department gets 403; an unknown department is 404.
    """
    reference = request.args.get("department", "").strip()
    asked: Department | None = None
    if reference:
        asked = next(
            (
                dept
                for dept in departments
                if str(dept.id) == reference or dept.code.upper() == reference.upper()
            ),
            None,
        )
        if asked is None:
            abort(404)
    if current_user.role == Role.DEPARTMENT_LEAD:
        if asked is not None and asked.id != current_user.department_id:
            abort(403)
        own = next((dept for dept in departments if dept.id == current_user.department_id), None)
        if own is None:
            abort(403)
        return own
    return asked or (departments[0] if departments else None)


def _say_if_archived(form: FlaskForm, indicator: Indicator) -> None:
    """On a form first shown, say at once that an archived indicator takes no values."""
    if form.is_submitted():
        return
    try:
        rules.check_indicator(indicator)
    except rules.ValueRefused as error:
        apply_domain_error(form, error)


def _check_posted_rows(
    form: DataEntryForm, rows: dict[int, GridRow], department: Department | None,
    chosen: date | None, today: date,
) -> None:  # fmt: skip
    """Refuse rows that are malformed (400) or name indicators outside this grid (403 or 400).

    Rows of the department's indicators archived since the grid was opened are added to rows:
    the rules refuse their values with a message on the row.
    """
    posted = [str(sub.form.indicator_id.data or "") for sub in form.rows]
    for sub in form.rows:
        if not is_row_id(str(sub.form.version.data or "")):
            abort(400)
        try:
            date.fromisoformat(str(sub.form.period.data or ""))
        except ValueError:
            abort(400)
    if not all(is_row_id(value) for value in posted) or len(set(posted)) != len(posted):
        abort(400)
    foreign = [int(value) for value in posted if int(value) not in rows]
    if foreign:
        for indicator in indicators_by_id(foreign).values():
            require(Action.ENTER_DATA, indicator)  # another department's indicator: 403
        if department is not None:
            rows.update(
                (row.indicator.id, row)
                for row in archived_grid_rows(department.id, foreign, chosen, today)
            )
        if any(indicator_id not in rows for indicator_id in foreign):
            abort(400)


def _grid_entries(form: DataEntryForm, rows: dict[int, GridRow]) -> list[GridEntry]:
    """The posted (already validated) rows as service input."""
    return [
        GridEntry(
            indicator=rows[int(required(sub.form.indicator_id.data))].indicator,
            period=date.fromisoformat(required(sub.form.period.data)),
            expected_version=int(required(sub.form.version.data)),
            value=sub.form.value.data,
            status=sub.form.status.data,
            source_note=sub.form.source_note.data or "",
            confirmed=sub.form.confirmed_value(),
        )
        for sub in form.rows
    ]


def _row_data(row: GridRow) -> dict[str, object]:
    current = row.current
    return {
        "indicator_id": str(row.indicator.id),
        "period": row.period.isoformat(),
        "version": str(current.version) if current else "0",
        "value": current.value if current else None,
        "status": current.status if current else MeasurementStatus.FINAL.value,
        "source_note": current.source_note if current else "",
    }


def _save_posted_grid(
    form: DataEntryForm, rows: dict[int, GridRow], today: date, wait_for_review: bool
) -> ResponseReturnValue | None:
    """Save the grid and go back to My work; a 409 page on a conflict; None (re-render) on bad
    rows (an unusual value asks for its confirmation there)."""
    try:
        saved = save_grid(
            _grid_entries(form, rows),
            actor_id=current_user.id,
            today=today,
            wait_for_review=wait_for_review,
        )
    except GridErrors as invalid:
        db.session.rollback()
        for index, error in invalid.errors.items():
            row = form.rows[index].form
            apply_domain_error(row, error)
            row.confirm_needed = isinstance(error, rules.NeedsConfirmation)
        form.form_errors.append(_("Please correct the rows marked below. Nothing was saved."))
        return None
    except EditConflict as conflict:
        db.session.rollback()
        return conflict_page(conflict)
    db.session.commit()
    if saved and wait_for_review:
        flash(
            ngettext(
                "Saved %(num)d value. It waits for the mission office's review before it is "
                "public.",
                "Saved %(num)d values. They wait for the mission office's review before they "
                "are public.",
                saved,
            ),
            "success",
        )
    elif saved:
        flash(ngettext("Saved %(num)d value.", "Saved %(num)d values.", saved), "success")
    else:
        flash(_("Nothing was saved: no value was entered or changed."), "info")
    return redirect(url_for("workspace.home"))


@bp.route("/data-entry", methods=["GET", "POST"])
@staff_route(Action.ENTER_DATA)
def data_entry() -> ResponseReturnValue:
    """One period's headline value for each of a department's indicators, saved all or nothing.

    Without ?period each row is the last complete period of its frequency (data is entered after
    a period ends); with ?period=YYYY-MM-DD each row is the period containing that date.
    """
    today = date.today()
    departments = list_departments()
    department = _grid_department(departments)
    choice = GridChoiceForm(formdata=request.args)
    choice.department.choices = [
        (str(d.id), f"{translated(d, 'name')} ({d.code})") for d in departments
    ]
    chosen = choice.period.data if choice.validate() else None
    if department is not None:
        choice.department.data = str(department.id)
    rows = grid_rows(department.id, chosen, today) if department is not None else []
    by_indicator = {row.indicator.id: row for row in rows}
    if request.method == "POST":
        form = DataEntryForm()
        _check_posted_rows(form, by_indicator, department, chosen, today)
        if form.validate_on_submit():
            assert department is not None  # rows were posted, so there is a department
            waits = values_wait_for_review(department, current_user)
            saved = _save_posted_grid(form, by_indicator, today, waits)
            if saved is not None:
                return saved
    else:
        form = DataEntryForm(rows=[_row_data(row) for row in rows])
    return render_template(
        "measurements/data_entry.html", form=form, rows=by_indicator, choice=choice,
        department=department, departments=departments, chosen=chosen, today=today,
        lead=current_user.role == Role.DEPARTMENT_LEAD,
        waits=department is not None and values_wait_for_review(department, current_user),
    )  # fmt: skip


@bp.route("/indicators/<int:indicator_id>/not-collected", methods=["GET", "POST"])
@staff_route(Action.ENTER_DATA)
def not_collected(indicator_id: int) -> ResponseReturnValue:
    """Mark an ended period as not collected, with the reason; then back to My work."""
    indicator = db.get_or_404(Indicator, indicator_id)
    require(Action.ENTER_DATA, indicator)
    today = date.today()
    form = NotCollectedForm()
    if not form.is_submitted():
        asked = request.args.get("period", "")
        try:
            form.period.data = date.fromisoformat(asked)
        except ValueError:
            form.period.data = last_complete_period(indicator.frequency, today)
    _say_if_archived(form, indicator)

    def done(_saved: object) -> ResponseReturnValue:
        flash(_("Marked the period as not collected."), "success")
        return redirect(url_for("workspace.home"))

    return saved_or_rerender(
        form,
        lambda: mark_not_collected(
            indicator,
            period=required(form.period.data),
            reason=form.reason.data or "",
            actor_id=current_user.id,
            today=today,
        ),
        done,
        lambda: render_template("measurements/not_collected.html", form=form, indicator=indicator),
    )
