"""Source pages: the list, one indicator's source form, reviewing a queued refresh, and
creating indicators from an Open SDG file."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app.editing import EditConflict
from app.errors import DomainError
from app.extensions import db
from app.forms import apply_domain_error, required
from app.indicators.queries import department_choices, mission_choices
from app.indicators.services import FIELDS
from app.models import Indicator, Source
from app.models.enums import IndicatorLevel, Role
from app.permissions import Action, authorize, require, staff_route
from app.sources import bp
from app.sources.creating import DraftError, create_from_file, read_combinations
from app.sources.filters import filter_text, parse_filter_text
from app.sources.forms import DraftsForm, FromFileForm, ReviewForm, SourceForm
from app.sources.metadata import MAX_METADATA_BYTES, Metadata, read_metadata
from app.sources.queries import list_sources, source_of
from app.sources.services import (
    SourceData,
    confirm_pending,
    delete_source,
    pending_plan,
    reject_pending,
    save_source,
)
from app.tabular import MAX_UPLOAD_BYTES, FileRejected
from app.transfer.applying import ImportRejected
from app.transfer.staging import discard, make_ticket, read_ticket, stage_upload, staged_path
from app.views import conflict_page, or_404, prepare_version

UPLOADS = {"sources.new_indicators"}
ENVELOPE = 64 * 1024 + MAX_METADATA_BYTES
SHOWN_ROWS = 200
SHOWN_ERRORS = 500
TICKET_KIND = "new_indicators"
DEFAULT_TARGET_YEAR = 2030


@bp.url_value_preprocessor
def allow_larger_uploads(endpoint: str | None, _values: dict[str, Any] | None) -> None:
    """Let the data file carry 5 MB (the app allows 1 MB per request), before CSRF reads it."""
    if endpoint in UPLOADS and request.method == "POST":
        request.max_content_length = MAX_UPLOAD_BYTES + ENVELOPE


def _indicator(indicator_id: int) -> Indicator:
    """The indicator, when the user may manage its source (404 or 403 otherwise)."""
    indicator = or_404(db.session.get(Indicator, indicator_id))
    require(Action.ENTER_DATA, indicator)
    return indicator


# ---- the list ----


@bp.get("/")
@staff_route(Action.VIEW)
def index() -> ResponseReturnValue:
    """Every source with its last fetch, result and next due date."""
    rows = list_sources()
    lead = current_user.role == Role.DEPARTMENT_LEAD
    manageable = {
        row.indicator_id
        for row in rows
        if authorize(current_user, Action.ENTER_DATA)
        and (not lead or row.department_id == current_user.department_id)
    }
    return render_template(
        "sources/index.html", rows=rows, manageable=manageable,
        can_create=authorize(current_user, Action.EDIT_INDICATOR),
    )  # fmt: skip


# ---- one indicator's source ----


def _source_data(form: SourceForm) -> SourceData:
    return SourceData(
        kind=form.kind.data or "",
        url=form.url.data or "",
        filter=parse_filter_text(form.kind.data or "", form.filter.data or ""),
        trusted=bool(form.trusted.data),
        interval_days=int(required(form.interval_days.data)),
    )


@bp.route("/indicator/<int:indicator_id>", methods=["GET", "POST"])
@staff_route(Action.ENTER_DATA)
def edit(indicator_id: int) -> ResponseReturnValue:
    """Add or change the source an indicator follows (its owning department or the office)."""
    indicator = _indicator(indicator_id)
    source = source_of(indicator.id)
    form = SourceForm(obj=source)
    prepare_version(form, source)
    if source is not None and not form.is_submitted():
        form.filter.data = filter_text(source.filter)
    if form.validate_on_submit():
        try:
            save_source(indicator, source, _source_data(form), actor_id=current_user.id,
                        expected_version=form.expected_version())  # fmt: skip
        except DomainError as error:
            db.session.rollback()
            apply_domain_error(form, error)
        except EditConflict as conflict:
            db.session.rollback()
            return conflict_page(conflict)
        else:
            db.session.commit()
            flash(_("Saved the source of %(title)s.", title=indicator.title), "success")
            return redirect(url_for("sources.index"))
    return render_template("sources/form.html", form=form, indicator=indicator, source=source)


@bp.post("/indicator/<int:indicator_id>/delete")
@staff_route(Action.ENTER_DATA)
def delete(indicator_id: int) -> ResponseReturnValue:
    """Stop following the source; the values it brought stay."""
    indicator = _indicator(indicator_id)
    source = source_of(indicator.id)
    if source is None:
        flash(_("This indicator follows no source."), "error")
        return redirect(url_for("sources.index"))
    delete_source(source, actor_id=current_user.id)
    db.session.commit()
    flash(_("The indicator no longer follows %(url)s.", url=source.url), "success")
    return redirect(url_for("sources.index"))


# ---- reviewing a queued refresh ----


def _review_page(indicator: Indicator, source: Source | None, *, moved: bool = False
                 ) -> tuple[str, int]:  # fmt: skip
    plan = None
    problem = None
    if source is not None and source.pending_sha256 is not None:
        try:
            plan = pending_plan(source, indicator, current_user)
        except DomainError as error:
            problem = error.message
    review = ReviewForm(formdata=None, plan=plan.digest() if plan is not None else "")
    return render_template(
        "sources/review.html", indicator=indicator, source=source, plan=plan, problem=problem,
        review=review, moved=moved, shown_rows=SHOWN_ROWS, shown_errors=SHOWN_ERRORS,
    ), (409 if moved else 200)  # fmt: skip


@bp.get("/indicator/<int:indicator_id>/review")
@staff_route(Action.ENTER_DATA)
def review(indicator_id: int) -> ResponseReturnValue:
    """Preview what the refresh waiting for review would change."""
    indicator = _indicator(indicator_id)
    return _review_page(indicator, source_of(indicator.id))


@bp.post("/indicator/<int:indicator_id>/review")
@staff_route(Action.ENTER_DATA)
def decide(indicator_id: int) -> ResponseReturnValue:
    """Confirm (apply exactly the previewed plan) or reject the refresh waiting for review."""
    indicator = _indicator(indicator_id)
    source = source_of(indicator.id)
    form = ReviewForm()
    if (
        source is None
        or source.pending_sha256 is None
        or not form.validate_on_submit()
        or form.decision.data not in ("confirm", "reject")
    ):
        flash(_("Nothing from this source waits for review."), "error")
        return redirect(url_for("sources.index"))
    if form.decision.data == "reject":
        reject_pending(source, actor_id=current_user.id)
        db.session.commit()
        flash(_("Rejected: nothing was imported."), "success")
        return redirect(url_for("sources.index"))
    try:
        plan = pending_plan(source, indicator, current_user)
    except DomainError:
        return _review_page(indicator, source, moved=True)
    if plan.digest() != form.plan.data or not plan.ok:
        return _review_page(indicator, source, moved=True)
    try:
        count = confirm_pending(source, indicator, plan, actor_id=current_user.id)
    except (ImportRejected, EditConflict):
        db.session.rollback()
        return _review_page(indicator, source_of(indicator_id), moved=True)
    db.session.commit()
    flash(_("Imported: %(count)d rows added or changed.", count=count), "success")
    return redirect(url_for("sources.index"))


# ---- indicators from a file ----


def _choices(form: FromFileForm | DraftsForm) -> None:
    form.mission_id.choices = mission_choices()
    form.department_id.choices = department_choices()


def _read_upload(form: FromFileForm) -> tuple[str, str, Metadata] | None:
    upload = form.data_file.data
    filename = (upload.filename or "").strip()[:200] or "data.csv"
    staged = stage_upload(upload.stream, MAX_UPLOAD_BYTES)
    if staged is None:
        form.data_file.errors = [_("The file is larger than 5 MB. Split it into smaller files.")]
        return None
    digest, _path = staged
    metadata = Metadata()
    extra = form.metadata_file.data
    if extra is not None and bool(getattr(extra, "filename", None)):
        try:
            metadata = read_metadata(extra.stream.read(MAX_METADATA_BYTES + 1))
        except DomainError as error:
            form.metadata_file.errors = [error.message]
            return None
    return digest, filename, metadata


@bp.route("/new-indicators", methods=["GET", "POST"])
@staff_route(Action.EDIT_INDICATOR)
def new_indicators() -> ResponseReturnValue:
    """Upload an Open SDG file (and its metadata): one prefilled indicator per Series/Units."""
    form = FromFileForm()
    _choices(form)
    if form.validate_on_submit():
        read = _read_upload(form)
        if read is not None:
            digest, filename, metadata = read
            path = staged_path(digest)
            try:
                found = read_combinations(required(path), filename)
            except DomainError as error:
                form.data_file.errors = [error.message]
            else:
                return _drafts_page(_drafts_form(form, digest, filename, metadata, found))
    return render_template("sources/upload.html", form=form)


def _definition(metadata: Metadata) -> str:
    """The metadata's definition, with its national target (the indicator has no field of its
    own for the target's wording; the target value and date are the form's)."""
    parts = [metadata.definition]
    if metadata.national_target:
        parts.append(_("National target: %(target)s", target=metadata.national_target))
    return "\n\n".join(part for part in parts if part)[:4000]


def _drafts_form(
    form: FromFileForm, digest: str, filename: str, metadata: Metadata, found: list[Any]
) -> DraftsForm:
    ticket = make_ticket({"kind": TICKET_KIND, "sha256": digest, "filename": filename,
                          "user": current_user.id,
                          "combinations": [c.filters for c in found]})  # fmt: skip
    drafts = []
    for combination in found:
        suffix = f" ({combination.label})" if len(found) > 1 and combination.label else ""
        units = combination.filters.get(next((k for k in combination.filters
                                              if k.lower() == "units"), ""), "")  # fmt: skip
        target = metadata.target_value
        drafts.append({
            "include": True,
            "title": (metadata.title or filename.rsplit(".", 1)[0])[: 200 - len(suffix)] + suffix,
            "unit": (metadata.unit or units)[:40],
            "direction": metadata.direction or "increase",
            "target_value": target,
            "target_period": date(DEFAULT_TARGET_YEAR, 1, 1) if target is not None else None,
        })  # fmt: skip
    drafts_form = DraftsForm(
        formdata=None, ticket=ticket, mission_id=form.mission_id.data,
        department_id=form.department_id.data, frequency=form.frequency.data,
        definition=_definition(metadata), source=metadata.source, drafts=drafts,
    )  # fmt: skip
    _choices(drafts_form)
    return drafts_form


def _drafts_page(form: DraftsForm, errors: list[Any] | None = None) -> ResponseReturnValue:
    payload = read_ticket(required(form.ticket.data), user_id=current_user.id, kinds=(TICKET_KIND,))
    labels = [
        " · ".join(value for value in filters.values() if value)
        for filters in (payload or {}).get("combinations", [])
    ]
    return render_template(
        "sources/drafts.html", form=form, labels=labels, errors=errors or [],
        filename=(payload or {}).get("filename", ""), shown_errors=SHOWN_ERRORS,
    )  # fmt: skip


def _indicator_values(form: DraftsForm, draft: Any) -> dict[str, Any]:
    values: dict[str, Any] = dict.fromkeys(FIELDS)
    values.update(
        mission_id=form.mission_id.data, outcome_id=None, intervention_id=None,
        level=IndicatorLevel.MISSION_OUTCOME.value, department_id=form.department_id.data,
        code=draft.code.data or None, title=draft.title.data or "",
        definition=form.definition.data or "", unit=draft.unit.data or "", decimals=1,
        direction=draft.direction.data,
        frequency=form.frequency.data, target_value=draft.target_value.data,
        target_period=draft.target_period.data, source=form.source.data or "", sensitive=False,
    )  # fmt: skip
    return values


def _check_draft(draft: Any) -> bool:
    ok = True
    if not draft.title.data:
        draft.title.errors = [*draft.title.errors, _("Enter a title.")]
        ok = False
    if not draft.unit.data:
        draft.unit.errors = [*draft.unit.errors, _("Enter the unit.")]
        ok = False
    return ok


@bp.post("/new-indicators/create")
@staff_route(Action.EDIT_INDICATOR)
def create_indicators() -> ResponseReturnValue:
    """Create every included indicator and import its values in one step, all or nothing."""
    form = DraftsForm()
    _choices(form)
    payload = read_ticket(form.ticket.data or "", user_id=current_user.id, kinds=(TICKET_KIND,))
    path = staged_path(str(payload.get("sha256", ""))) if payload else None
    combinations = payload.get("combinations", []) if payload else []
    if payload is None or path is None or len(form.drafts) != len(combinations):
        flash(_("This preview has expired or is not valid. Upload the file again."), "error")
        return redirect(url_for("sources.new_indicators"))
    valid = form.validate()  # first: validate() clears the errors of every field
    checked = [_check_draft(entry.form) for entry in form.drafts]  # every draft's errors shown
    if not valid or False in checked:
        return _drafts_page(form)
    chosen = [
        (position, entry.form) for position, entry in enumerate(form.drafts)
        if entry.form.include.data
    ]  # fmt: skip
    if not chosen:
        form.form_errors.append(_("Choose at least one indicator to create."))
        return _drafts_page(form)
    drafts = [(_indicator_values(form, draft), combinations[at]) for at, draft in chosen]
    try:
        created, count = create_from_file(drafts, path, payload["filename"], actor=current_user)
    except DraftError as problem:
        db.session.rollback()
        target = chosen[problem.position][1]
        field = getattr(target, problem.error.field or "", None) or getattr(
            form, problem.error.field or "", None
        )
        if field is not None and hasattr(field, "errors"):
            field.errors = [*field.errors, problem.error.message]
        else:
            form.form_errors.append(problem.error.message)
        return _drafts_page(form)
    except ImportRejected as rejected:
        db.session.rollback()
        form.form_errors.append(_("Nothing was created: some rows of the file are refused."))
        return _drafts_page(form, rejected.errors)
    except FileRejected as error:
        db.session.rollback()
        form.form_errors.append(error.message)
        return _drafts_page(form)
    db.session.commit()
    discard(payload["sha256"])
    flash(
        _("Created %(indicators)d indicators with %(count)d values.", indicators=len(created),
          count=count), "success",
    )  # fmt: skip
    return redirect(url_for("indicators.index"))
