"""Import and export views: templates, uploads with preview and confirm, downloads."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

from flask import (
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app.editing import EditConflict
from app.errors import DomainError
from app.extensions import db
from app.forms import apply_domain_error, required
from app.measurements.queries import find_department
from app.models import Department, Indicator
from app.models.enums import Role
from app.permissions import Action, authorize, require, staff_route
from app.tabular import (
    MAX_UPLOAD_BYTES,
    XLSX_MIMETYPE,
    FileRejected,
    csv_chunks,
    open_table,
    xlsx_bytes,
)
from app.transfer import bp
from app.transfer.applying import ImportRejected, apply_interventions, apply_plan
from app.transfer.forms import ChoiceForm, ConfirmForm, OpenSdgForm, UploadForm
from app.transfer.planning import (
    InterventionPlan,
    MeasurementPlan,
    plan_interventions,
    plan_values,
)
from app.transfer.queries import (
    EXPORTS,
    department_choices,
    indicator_choices,
    template_rows,
)
from app.transfer.readers.interventions import MAX_ROWS as MAX_INTERVENTION_ROWS
from app.transfer.readers.measurements import Catalogue, read_spreadsheet
from app.transfer.readers.open_sdg import parse_filters, read_open_sdg
from app.transfer.staging import discard, make_ticket, read_ticket, stage_upload, staged_path
from app.views import conflict_page, or_404

UPLOADS = {
    "transfer.import_measurements",
    "transfer.import_open_sdg",
    "transfer.import_interventions",
}
# Room for the multipart envelope and the form's other fields around the file itself.
ENVELOPE = 64 * 1024
SHOWN_ROWS = 200
# A department id or code (codes are 2 to 12 characters); nothing else reaches the database.
DEPARTMENT_REFERENCE = re.compile(r"^(?:\d{1,9}|[A-Za-z0-9_-]{2,12})$")
SHOWN_ERRORS = 500


@bp.url_value_preprocessor
def allow_larger_uploads(endpoint: str | None, _values: dict[str, Any] | None) -> None:
    """Let upload forms carry 5 MB (the app allows 1 MB per request).

    URL value preprocessors run before every before_request hook, CSRF's included, which
    reads the body: so the larger limit is in force when the body is first read.
    """
    if endpoint in UPLOADS and request.method == "POST":
        request.max_content_length = MAX_UPLOAD_BYTES + ENVELOPE


def _lead_department_id() -> int | None:
    return current_user.department_id if current_user.role == Role.DEPARTMENT_LEAD else None


def _department_filter(reference: str | None, *, leads_own: bool) -> Department | None:
    """The department asked for (id or code). A lead gets their own (another one: 403) when
    leads_own; an unknown department is 404; None when none was asked for."""
    asked = None
    if reference:
        if not DEPARTMENT_REFERENCE.match(reference):
            abort(404)
        asked = find_department(reference)
        if asked is None:
            abort(404)
    own = _lead_department_id()
    if leads_own and own is not None:
        if asked is not None and asked.id != own:
            abort(403)
        return db.session.get(Department, own)
    return asked


def _choice() -> ChoiceForm:
    choice = ChoiceForm(request.args)
    choice.department.choices = [("", _("All departments"))] + [
        (str(d.id), f"{d.code} · {d.name}") for d in department_choices()
    ]
    if request.args.get("format") and not choice.format.validate(choice):
        abort(400)
    return choice


def _download(
    name: str, kind: str, header: list[str], rows: Iterable[list[Any]], fmt: str
) -> Response:
    """A CSV (streamed) or XLSX attachment."""
    if fmt == "xlsx":
        response = Response(xlsx_bytes([(kind, header, rows)]), mimetype=XLSX_MIMETYPE)
        response.headers["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    response = Response(stream_with_context(csv_chunks(header, rows)), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


# ---- overview, template and exports ----


@bp.get("/")
@staff_route(Action.VIEW)
def index() -> ResponseReturnValue:
    """Templates, imports, exports and API tokens, as far as the user may use them."""
    return render_template(
        "transfer/index.html",
        departments=department_choices(_lead_department_id()),
        all_departments=department_choices(),
        can_enter=authorize(current_user, Action.ENTER_DATA),
        can_edit=authorize(current_user, Action.EDIT_INTERVENTION),
    )


@bp.get("/template/measurements")
@staff_route(Action.ENTER_DATA)
def measurement_template() -> ResponseReturnValue:
    """A spreadsheet of a department's indicators to fill in and import (CSV or XLSX)."""
    choice = _choice()
    department = _department_filter(request.args.get("department"), leads_own=True)
    header = EXPORTS["measurements"][0]()
    rows = template_rows(department.id if department else None, date.today())
    name = f"measurements-template-{department.code if department else 'all'}".lower()
    return _download(name, "measurements", header, rows, choice.format.data)


def _export(kind: str) -> Response:
    choice = _choice()
    department = _department_filter(request.args.get("department"), leads_own=False)
    columns, rows = EXPORTS[kind]
    header = columns()
    suffix = f"-{department.code.lower()}" if department else ""
    return _download(
        f"{kind}{suffix}-{date.today().isoformat()}", kind, header,
        rows(department.id if department else None), choice.format.data,
    )  # fmt: skip


@bp.get("/export/measurements")
@staff_route(Action.VIEW)
def export_measurements() -> ResponseReturnValue:
    """Every measurement (optionally of one department) as CSV or XLSX; imports back as is."""
    return _export("measurements")


@bp.get("/export/interventions")
@staff_route(Action.VIEW)
def export_interventions() -> ResponseReturnValue:
    """Every intervention, drafts and archived ones included, as CSV or XLSX."""
    return _export("interventions")


@bp.get("/export/updates")
@staff_route(Action.VIEW)
def export_updates() -> ResponseReturnValue:
    """Every progress update, drafts included, as CSV or XLSX."""
    return _export("updates")


# ---- uploads: stage, plan, preview ----


def _stage(form: Any) -> tuple[str, Path, str] | None:
    """Keep the uploaded file; None (with the error on the form) when it cannot be kept."""
    upload = form.file.data
    filename = (upload.filename or "").strip()[:200]
    staged = stage_upload(upload.stream, MAX_UPLOAD_BYTES)
    if staged is None:
        form.file.errors = [_("The file is larger than 5 MB. Split it into smaller files.")]
        return None
    digest, path = staged
    return digest, path, filename


def _measurement_plan(path: Path, payload: dict[str, Any]) -> MeasurementPlan:
    """Read the staged file as the ticket says (spreadsheet or Open SDG) and plan it."""
    catalogue = Catalogue(current_user)
    options = payload.get("options", {})
    table = open_table(path, payload["filename"])
    try:
        if payload["kind"] == "open_sdg":
            indicator = catalogue.by_id.get(options["indicator_id"])
            if indicator is None:
                abort(404)
            reading = read_open_sdg(
                table, indicator, catalogue, date.today(),
                filters=options.get("filters") or {}, status=options.get("status") or None,
                source_note=options.get("source_note") or None,
                attributes=options.get("attributes") or (),
            )  # fmt: skip
        else:
            reading = read_spreadsheet(table, catalogue, date.today())
    except DomainError as error:
        if error.field == "file" or isinstance(error, FileRejected):
            raise
        raise FileRejected(error.message) from None
    finally:
        table.close()
    return plan_values(reading, catalogue)


def _ticket(payload: dict[str, Any], plan: MeasurementPlan | InterventionPlan) -> str | None:
    if not plan.ok or not plan.has_work:
        return None
    return make_ticket({**payload, "plan": plan.digest()})


def _errors_url(payload: dict[str, Any], plan: MeasurementPlan | InterventionPlan) -> str | None:
    """Where to download every error of the plan (a ticket that confirms nothing)."""
    if plan.ok:
        return None
    return url_for("transfer.import_errors", ticket=make_ticket({**payload, "plan": None}))


def _measurement_preview(
    payload: dict[str, Any], plan: MeasurementPlan, *, moved: bool = False
) -> tuple[str, int]:
    return render_template(
        "transfer/preview.html",
        plan=plan,
        payload=payload,
        confirm=ConfirmForm(formdata=None, ticket=_ticket(payload, plan)),
        errors_url=_errors_url(payload, plan),
        moved=moved,
        shown_rows=SHOWN_ROWS,
        shown_errors=SHOWN_ERRORS,
    ), (409 if moved else 200)


def _upload_measurements(form: Any, kind: str, options: dict[str, Any]) -> tuple[str, int] | None:
    """Stage the upload and show its preview; None when the form must be shown again."""
    staged = _stage(form)
    if staged is None:
        return None
    digest, path, filename = staged
    payload = {"kind": kind, "sha256": digest, "filename": filename, "user": current_user.id,
               "options": options}  # fmt: skip
    try:
        plan = _measurement_plan(path, payload)
    except DomainError as error:
        apply_domain_error(form, error)
        return None
    return _measurement_preview(payload, plan)


@bp.route("/import/measurements", methods=["GET", "POST"])
@staff_route(Action.ENTER_DATA)
def import_measurements() -> ResponseReturnValue:
    """Upload a filled-in measurement template (CSV or XLSX) and preview what it changes."""
    form = UploadForm()
    if form.validate_on_submit():
        preview = _upload_measurements(form, "measurements", {})
        if preview is not None:
            return preview
    return render_template("transfer/upload.html", form=form, kind="measurements")


@bp.route("/import/open-sdg", methods=["GET", "POST"])
@staff_route(Action.ENTER_DATA)
def import_open_sdg() -> ResponseReturnValue:
    """Upload an Open SDG CSV (Year, Value, breakdowns) for one indicator and preview it."""
    form = OpenSdgForm()
    form.indicator_id.choices = indicator_choices(_lead_department_id())
    form.indicator_id.validate_choice = False  # another department's indicator: 403 below
    if form.validate_on_submit():
        indicator = or_404(db.session.get(Indicator, form.indicator_id.data))
        require(Action.ENTER_DATA, indicator)
        try:
            filters = parse_filters(form.filters.data or "")
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            options = {"indicator_id": indicator.id, "filters": filters,
                       "status": form.status.data or None,
                       "source_note": form.source_note.data or None,
                       "attributes": [name.strip() for name in (form.attributes.data or "")
                                      .split(";") if name.strip()]}  # fmt: skip
            preview = _upload_measurements(form, "open_sdg", options)
            if preview is not None:
                return preview
    return render_template("transfer/upload.html", form=form, kind="open_sdg")


def _expired(endpoint: str) -> ResponseReturnValue:
    flash(_("This preview has expired or is not valid. Upload the file again."), "error")
    return redirect(url_for(endpoint))


def _confirmed_payload(kinds: tuple[str, ...]) -> tuple[dict[str, Any], Path] | None:
    form = ConfirmForm()
    if not form.validate_on_submit():
        return None
    payload = read_ticket(required(form.ticket.data), user_id=current_user.id, kinds=kinds)
    if payload is None:
        return None
    path = staged_path(str(payload.get("sha256", "")))
    return (payload, path) if path is not None else None


def _source(payload: dict[str, Any], kind: str) -> dict[str, Any]:
    return {"source": kind, "file": payload["filename"], "sha256": payload["sha256"]}


def _apply(apply: Callable[[], int], payload: dict[str, Any], back: str) -> ResponseReturnValue:
    """Run the write, commit once, forget the staged file; a conflict is the 409 page."""
    try:
        count = apply()
    except EditConflict as conflict:
        db.session.rollback()
        return conflict_page(conflict)
    except ImportRejected:
        db.session.rollback()
        flash(_("Nothing was imported: some rows are no longer valid. Upload the file again."),
              "error")  # fmt: skip
        return redirect(url_for(back))
    db.session.commit()
    discard(payload["sha256"])
    flash(_("Imported: %(count)d rows added or changed.", count=count), "success")
    return redirect(url_for("transfer.index"))


@bp.post("/import/measurements/confirm")
@staff_route(Action.ENTER_DATA)
def confirm_measurements() -> ResponseReturnValue:
    """Apply a previewed measurement import exactly as previewed, all or nothing."""
    found = _confirmed_payload(("measurements", "open_sdg"))
    if found is None:
        return _expired("transfer.import_measurements")
    payload, path = found
    back = (
        "transfer.import_open_sdg"
        if payload["kind"] == "open_sdg"
        else ("transfer.import_measurements")
    )
    if payload["kind"] == "open_sdg":
        require(
            Action.ENTER_DATA, or_404(db.session.get(Indicator, payload["options"]["indicator_id"]))
        )
    try:
        plan = _measurement_plan(path, payload)
    except DomainError:
        return _expired(back)
    if plan.digest() != payload.get("plan") or not plan.ok:
        return _measurement_preview(payload, plan, moved=True)
    return _apply(
        lambda: apply_plan(plan, actor_id=current_user.id,
                           source=_source(payload, payload["kind"])),
        payload, back,
    )  # fmt: skip


def _intervention_plan(path: Path, filename: str) -> InterventionPlan:
    table = open_table(path, filename, max_rows=MAX_INTERVENTION_ROWS)
    try:
        # The user itself, not the request-local proxy: the rules ask about it for every row.
        return plan_interventions(table, current_user._get_current_object())
    finally:
        table.close()


def _intervention_preview(
    payload: dict[str, Any], plan: InterventionPlan, *, moved: bool = False
) -> tuple[str, int]:
    return render_template(
        "transfer/preview_interventions.html",
        plan=plan,
        payload=payload,
        confirm=ConfirmForm(formdata=None, ticket=_ticket(payload, plan)),
        errors_url=_errors_url(payload, plan),
        moved=moved,
        shown_rows=SHOWN_ROWS,
        shown_errors=SHOWN_ERRORS,
    ), (409 if moved else 200)


@bp.route("/import/interventions", methods=["GET", "POST"])
@staff_route(Action.EDIT_INTERVENTION)
def import_interventions() -> ResponseReturnValue:
    """Upload an intervention spreadsheet (created or updated by external_id) and preview it."""
    form = UploadForm()
    if form.validate_on_submit():
        staged = _stage(form)
        if staged is not None:
            digest, path, filename = staged
            payload = {"kind": "interventions", "sha256": digest, "filename": filename,
                       "user": current_user.id, "options": {}}  # fmt: skip
            try:
                plan = _intervention_plan(path, filename)
            except DomainError as error:
                db.session.rollback()
                apply_domain_error(form, error)
            else:
                return _intervention_preview(payload, plan)
    return render_template("transfer/upload.html", form=form, kind="interventions")


@bp.post("/import/interventions/confirm")
@staff_route(Action.EDIT_INTERVENTION)
def confirm_interventions() -> ResponseReturnValue:
    """Apply a previewed intervention import exactly as previewed, all or nothing."""
    found = _confirmed_payload(("interventions",))
    if found is None:
        return _expired("transfer.import_interventions")
    payload, path = found
    try:
        plan = _intervention_plan(path, payload["filename"])
    except DomainError:
        return _expired("transfer.import_interventions")
    if plan.digest() != payload.get("plan") or not plan.ok:
        return _intervention_preview(payload, plan, moved=True)
    return _apply(
        lambda: apply_interventions(plan, current_user._get_current_object()),
        payload,
        "transfer.import_interventions",
    )


@bp.get("/import/errors.csv")
@staff_route(Action.VIEW)
def import_errors() -> ResponseReturnValue:
    """Every error of a previewed import as CSV (row, column, reason), however many there are."""
    payload = read_ticket(
        request.args.get("ticket", ""),
        user_id=current_user.id,
        kinds=("measurements", "open_sdg", "interventions"),
    )
    path = staged_path(str(payload.get("sha256", ""))) if payload else None
    if payload is None or path is None:
        return _expired("transfer.index")
    try:
        if payload["kind"] == "interventions":
            plan: MeasurementPlan | InterventionPlan = _intervention_plan(path, payload["filename"])
        else:
            plan = _measurement_plan(path, payload)
    except DomainError:
        return _expired("transfer.index")
    rows = ([error.row, error.column, error.message] for error in plan.errors)
    return _download("import-errors", "errors", ["row", "column", "reason"], rows, "csv")
