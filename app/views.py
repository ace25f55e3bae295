"""View helpers shared by the staff blueprints: load-or-404, versions, saving forms and buttons."""

from __future__ import annotations

from collections.abc import Callable, Container
from typing import Any, TypeVar

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from app.editing import EditConflict
from app.errors import DomainError
from app.extensions import db
from app.forms import VersionedForm, apply_domain_error
from app.routing import is_row_id

T = TypeVar("T")
Saved = TypeVar("Saved")


def or_404(obj: T | None) -> T:
    """obj, or a 404 when the query found nothing."""
    if obj is None:
        abort(404)
    return obj


def asked_row_id(name: str, allowed: Container[int]) -> int | None:
    """A row id from the query string (?mission_id=3) when it is one of allowed, else None: a
    link's prefill that names nothing offered is ignored, not an error."""
    text = request.args.get(name, "")
    if not is_row_id(text) or int(text) not in allowed:
        return None
    return int(text)


def mission_section_url(mission_id: int, outcome_id: int | None) -> str:
    """The staff mission page at an outcome's section (where "Add indicator" and "Add
    intervention" were clicked), or at its top for work tied to no outcome."""
    anchor = f"outcome-{outcome_id}" if outcome_id is not None else None
    return url_for("missions.detail", mission_id=mission_id, _anchor=anchor)


def prepare_version(form: VersionedForm, obj: Any) -> None:
    """Put the row's version into a form shown for the first time; a new row is always at 0."""
    if obj is None:
        form.version.data = form.version.data or "0"
    elif not form.is_submitted():
        form.version.data = str(obj.version)


def conflict_page(conflict: EditConflict) -> tuple[str, int]:
    """The 409 page: nothing was saved; its link reopens the same form, query string included."""
    back = request.full_path if request.query_string else request.path
    return render_template("conflict.html", conflict=conflict, back=back), 409


def saved_or_rerender(
    form: FlaskForm,
    save: Callable[[], Saved],
    done: Callable[[Saved], ResponseReturnValue],
    render: Callable[[], ResponseReturnValue],
    *,
    rejected: Callable[[DomainError], None] | None = None,
) -> ResponseReturnValue:
    """Validate, save, commit once and return done(saved).

    A broken rule rolls back and re-renders with the message on its field (after rejected(error),
    when given); a stale version rolls back and shows the conflict page.
    """
    if form.validate_on_submit():
        try:
            saved = save()
        except DomainError as error:
            db.session.rollback()
            apply_domain_error(form, error)
            if rejected is not None:
                rejected(error)
        except EditConflict as conflict:
            db.session.rollback()
            return conflict_page(conflict)
        else:
            db.session.commit()
            return done(saved)
    return render()


def commit_change(change: Callable[[], bool]) -> bool | None:
    """Run a one-click change (publish, archive...) and commit it; returns whether it changed.

    A broken rule rolls back and is flashed as an error; then the result is None.
    """
    try:
        changed = change()
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return None
    db.session.commit()
    return changed


def archive_or_confirm(
    item: Any,
    *,
    kind: str,
    footprint: Callable[[], Any],
    archive: Callable[[], bool],
    detail_url: str,
) -> ResponseReturnValue:
    """Archive in two steps: GET shows what leaves the public pages, POST (CSRF) archives.

    kind is "mission", "intervention" or "indicator" (the page's wording); footprint reads
    what is public now (app.reporting.visibility). Either way the reader lands on the detail
    page, which offers the restore.
    """
    if item.archived_at is not None:
        flash(_("%(title)s was already archived.", title=item.title), "info")
        return redirect(detail_url)
    if request.method == "GET":
        return render_template(
            "staff/archive.html", kind=kind, item=item, footprint=footprint(),
            cancel_url=detail_url,
        )  # fmt: skip
    if commit_change(archive):
        flash(_("Archived %(title)s. The mission office can restore it as a draft.",
                title=item.title), "success")  # fmt: skip
    return redirect(detail_url)


def restore_and_return(
    item: Any, *, restore: Callable[[], bool], detail_url: str
) -> ResponseReturnValue:
    """Restore an archived item as a draft (POST) and go back to its detail page."""
    changed = commit_change(restore)
    if changed:
        flash(_("Restored %(title)s as a draft: publish it again when it is ready.",
                title=item.title), "success")  # fmt: skip
    elif changed is False:
        flash(_("%(title)s is not archived.", title=item.title), "info")
    return redirect(detail_url)
