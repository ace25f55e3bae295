"""Department views: list for everyone, create and edit for admins."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app.departments import bp
from app.departments.forms import DepartmentForm
from app.departments.queries import list_departments_with_counts
from app.departments.services import save_department
from app.extensions import db
from app.forms import required
from app.models import Department
from app.permissions import Action, staff_route
from app.views import prepare_version, saved_or_rerender


@bp.get("/")
@staff_route(Action.VIEW)
def index() -> ResponseReturnValue:
    """Every department, with what it leads and owns."""
    return render_template("departments/index.html", rows=list_departments_with_counts())


def _form_page(department: Department | None) -> ResponseReturnValue:
    form = DepartmentForm(obj=department)
    prepare_version(form, department)

    def done(saved: Department) -> ResponseReturnValue:
        flash(_("Saved %(name)s.", name=saved.name), "success")
        return redirect(url_for("departments.index"))

    return saved_or_rerender(
        form,
        lambda: save_department(
            department,
            name=required(form.name.data),
            code=required(form.code.data),
            colour=required(form.colour.data),
            translations=form.entered_translations(),
            values_need_review=bool(form.values_need_review.data),
            expected_version=form.expected_version(),
            actor_id=current_user.id,
        ),
        done,
        lambda: render_template("departments/form.html", form=form, department=department),
    )


@bp.route("/new", methods=["GET", "POST"])
@staff_route(Action.MANAGE_DEPARTMENTS)
def new() -> ResponseReturnValue:
    """Create a department."""
    return _form_page(None)


@bp.route("/<int:department_id>/edit", methods=["GET", "POST"])
@staff_route(Action.MANAGE_DEPARTMENTS)
def edit(department_id: int) -> ResponseReturnValue:
    """Rename a department or change its code or colour."""
    return _form_page(db.get_or_404(Department, department_id))
