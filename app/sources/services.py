"""Sources: saving and deleting them, refreshing them, and reviewing what a refresh queued.

Decisions:

* A refresh reads the fetched file with the import's own reader and planner (the same preview
  as a web import: ``read_open_sdg`` -> ``plan_values``) and writes with ``apply_plan``, so a
  source follows every rule an upload follows and picks up every improvement to them.
* All or nothing: a source whose fetch fails, whose file cannot be read or that has any refused
  row writes no value. A trusted source's plan is applied inside a SAVEPOINT, so a conflict
  half-way leaves nothing behind either.
* Untrusted sources queue the fetched bytes on the source (pending_body, its SHA-256) for the
  owning department's lead, who previews and confirms or rejects them; confirm re-plans the same
  bytes and applies only the plan previewed (its digest).
* Every refresh, whatever its result (applied, unchanged, queued, failed), and every review is
  an audit event on the indicator ('source_refresh', 'source_review'), so it is in the indicator's
  history. Source definitions are audited on the source itself.
* Functions here flush; the command or view commits.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from app import audit
from app.editing import EditConflict
from app.errors import DomainError
from app.extensions import db
from app.models import AuditEvent, Indicator, Source
from app.models.base import utcnow
from app.models.source import SOURCE_KINDS
from app.reporting.visibility import indicator_is_live
from app.sources.fetching import check_url, fetch
from app.sources.filters import check_filter
from app.sources.tables import csv_as_open_sdg, jsonstat_as_open_sdg
from app.tabular import MAX_ROWS, MAX_UPLOAD_BYTES, Table, open_table
from app.transfer.applying import ImportRejected, apply_plan
from app.transfer.planning import MeasurementPlan, plan_values
from app.transfer.readers.measurements import Catalogue
from app.transfer.readers.open_sdg import read_open_sdg

DEFAULT_TIMEOUT = 20.0
SHOWN_ROW_ERRORS = 3
Fetcher = Callable[..., bytes]


# ---- definitions ----


@dataclass(frozen=True)
class SourceData:
    """What the source form edits."""

    kind: str
    url: str
    filter: dict[str, Any]
    trusted: bool
    interval_days: int


def _definition(source: Source) -> dict[str, Any]:
    return {"indicator_id": source.indicator_id, "kind": source.kind, "url": source.url,
            "filter": source.filter, "trusted": source.trusted,
            "interval_days": source.interval_days}  # fmt: skip


def check_source(data: SourceData) -> SourceData:
    """The definition cleaned, or a DomainError naming the field."""
    if data.kind not in SOURCE_KINDS:
        raise DomainError(_("Choose one of the options."), "kind")
    if not 1 <= data.interval_days <= 366:
        raise DomainError(_("Enter a whole number of days from 1 to 366."), "interval_days")
    return SourceData(
        kind=data.kind,
        url=check_url(data.url),
        filter=check_filter(data.kind, data.filter),
        trusted=bool(data.trusted),
        interval_days=data.interval_days,
    )


def save_source(
    indicator: Indicator, current: Source | None, data: SourceData, *, actor_id: int,
    expected_version: int,
) -> Source:  # fmt: skip
    """Create or change the indicator's source; it is due at once when new or its address moved."""
    if indicator.archived_at is not None:
        raise DomainError(_("An archived indicator takes no new values."), "url")
    data = check_source(data)
    if current is None:
        source = Source(
            indicator_id=indicator.id, kind=data.kind, url=data.url, filter=data.filter,
            trusted=data.trusted, interval_days=data.interval_days, next_due_at=utcnow(),
            last_message="",
        )  # fmt: skip
        db.session.add(source)
        db.session.flush()
        audit.record(source, "create", actor_id=actor_id, new=_definition(source))
        return source
    if current.version != expected_version:
        raise EditConflict(obj=current, theirs=_definition(current), mine=data.__dict__)
    before = _definition(current)
    moved = (current.kind, current.url, current.filter) != (data.kind, data.url, data.filter)
    current.kind, current.url, current.filter = data.kind, data.url, data.filter
    current.trusted, current.interval_days = data.trusted, data.interval_days
    if moved:
        current.next_due_at = utcnow()
        _clear_pending(current)
    old, new = audit.changed_fields(before, _definition(current))
    if new:
        db.session.flush()
        audit.record(current, "update", actor_id=actor_id, old=old, new=new)
    return current


def delete_source(source: Source, *, actor_id: int) -> None:
    """Stop following the source (values already imported stay)."""
    audit.record(source, "delete", actor_id=actor_id, old=_definition(source), new={})
    db.session.delete(source)
    db.session.flush()


def _clear_pending(source: Source) -> None:
    source.pending_body = None
    source.pending_sha256 = None
    source.pending_at = None


# ---- reading a fetched body ----


def _open_csv(body: bytes) -> tuple[Table, Path]:
    with tempfile.NamedTemporaryFile("wb", suffix=".csv", delete=False) as handle:
        handle.write(body)
    path = Path(handle.name)
    try:
        return open_table(path, "source.csv", max_rows=MAX_ROWS), path
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def plan_body(source: Source, indicator: Indicator, body: bytes, actor: Any) -> MeasurementPlan:
    """The import preview of a fetched body: what it would add, change, or refuse."""
    catalogue = Catalogue(actor)
    indicator = catalogue.by_id.get(indicator.id, indicator)
    filter_ = check_filter(source.kind, source.filter)
    path: Path | None = None
    if source.kind == "jsonstat":
        table = jsonstat_as_open_sdg(body, filter_)
    else:
        table, path = _open_csv(body)
        if source.kind == "csv":
            table = csv_as_open_sdg(table, filter_)
    try:
        filters = filter_.get("keep", {}) if source.kind == "open_sdg" else {}
        reading = read_open_sdg(table, indicator, catalogue, date.today(), filters=filters)
    finally:
        table.close()
        if path is not None:
            path.unlink(missing_ok=True)
    return plan_values(reading, catalogue)


def _counts(plan: MeasurementPlan) -> dict[str, int]:
    return {"added": len(plan.adds), "changed": len(plan.changes), "unchanged": plan.unchanged,
            "skipped": plan.skipped, "refused": len(plan.errors)}  # fmt: skip


def refused_message(plan: MeasurementPlan) -> str:
    shown = "; ".join(
        _("row %(row)d, %(column)s: %(reason)s", row=error.row, column=error.column or "-",
          reason=error.message)
        for error in plan.errors[:SHOWN_ROW_ERRORS]
    )  # fmt: skip
    return str(_("%(count)d rows refused, nothing imported: %(first)s", count=len(plan.errors),
                 first=shown))  # fmt: skip


# ---- refreshing ----


@dataclass(frozen=True)
class RefreshResult:
    source_id: int
    indicator_id: int
    result: str
    message: str


def due_sources(now: datetime, indicator_id: int | None = None) -> list[Source]:
    """Sources to refresh: the one of an indicator (due or not), or every due one of a live
    indicator, oldest due first."""
    stmt = select(Source).join(Indicator, Indicator.id == Source.indicator_id)
    if indicator_id is not None:
        stmt = stmt.where(Source.indicator_id == indicator_id)
    else:
        stmt = stmt.where(Source.next_due_at <= now, indicator_is_live())
    return list(db.session.scalars(stmt.order_by(Source.next_due_at, Source.id)))


def _limits() -> tuple[float, int]:
    config = current_app.config
    return (float(config.get("SOURCE_TIMEOUT_SECONDS", DEFAULT_TIMEOUT)),
            int(config.get("SOURCE_MAX_BYTES", MAX_UPLOAD_BYTES)))  # fmt: skip


def _record(
    source: Source, now: datetime, result: str, message: str, extra: dict[str, Any],
    actor_id: int | None = None,
) -> RefreshResult:  # fmt: skip
    source.last_fetched_at = now
    source.last_result = result
    source.last_message = message[:2000]
    source.next_due_at = now + timedelta(days=source.interval_days)
    db.session.add(
        AuditEvent(actor_id=actor_id, entity_type="Indicator", entity_id=source.indicator_id,
                   action="source_refresh", old_values=None,
                   new_values={"source_id": source.id, "url": source.url, "result": result,
                               "message": message[:500], **extra})
    )  # fmt: skip
    db.session.flush()
    return RefreshResult(source.id, source.indicator_id, result, message)


def refresh_source(source: Source, now: datetime, *, fetcher: Fetcher = fetch) -> RefreshResult:
    """Fetch, read, plan and apply (trusted) or queue (untrusted) one source; flushes only.

    Nothing of a failing source is written but its result and the audit event.
    """
    source_id = source.id
    timeout, limit = _limits()
    try:
        body = fetcher(source.url, timeout=timeout, limit=limit)
        digest = hashlib.sha256(body).hexdigest()
        indicator = db.session.get(Indicator, source.indicator_id)
        if indicator is None:  # pragma: no cover - the foreign key cascades
            raise DomainError(_("The indicator is gone."))
        plan = plan_body(source, indicator, body, None)
    except DomainError as error:
        return _record(source, now, "failed", error.message, {})
    counts = _counts(plan)
    extra = {"sha256": digest, **counts}
    if plan.errors:
        return _record(source, now, "failed", refused_message(plan), extra)
    if not plan.has_work:
        _clear_pending(source)
        return _record(source, now, "unchanged", _("No new or changed values."), extra)
    if not source.trusted:
        source.pending_body, source.pending_sha256, source.pending_at = body, digest, now
        return _record(
            source, now, "queued",
            _("%(added)d values to add and %(changed)d to change wait for review.", **counts),
            extra,
        )  # fmt: skip
    savepoint = db.session.begin_nested()
    try:
        apply_plan(plan, actor_id=None, source={"source": "source", "url": source.url,
                                                "sha256": digest})  # fmt: skip
    except (ImportRejected, EditConflict, DomainError, SQLAlchemyError) as error:
        if savepoint.is_active:
            savepoint.rollback()
        source = db.session.get(Source, source_id) or source
        reason = error.message if isinstance(error, DomainError) else _("the data changed")
        return _record(source, now, "failed", _("Nothing was imported: %(reason)s.",
                                                 reason=reason), extra)  # fmt: skip
    savepoint.commit()
    _clear_pending(source)
    return _record(
        source, now, "applied",
        _("%(added)d values added and %(changed)d changed.", **counts), extra,
    )  # fmt: skip


def record_crash(source_id: int, now: datetime, error: Exception) -> RefreshResult:
    """Record an unexpected failure of one source (after its work was rolled back), so that its
    next due date moves on and it cannot block every later run by coming first again."""
    source = db.session.get(Source, source_id)
    if source is None:  # pragma: no cover - deleted while refreshing
        return RefreshResult(source_id, 0, "failed", str(error)[:500])
    message = _("Unexpected error: %(error)s", error=f"{type(error).__name__}: {error}"[:300])
    return _record(source, now, "failed", message, {})


# ---- reviewing a queued refresh ----


def pending_plan(source: Source, indicator: Indicator, actor: Any) -> MeasurementPlan:
    """The preview of the file waiting for review, read again against today's data."""
    if source.pending_body is None:
        raise DomainError(_("Nothing from this source waits for review."))
    return plan_body(source, indicator, source.pending_body, actor)


def confirm_pending(
    source: Source, indicator: Indicator, plan: MeasurementPlan, *, actor_id: int
) -> int:
    """Apply the reviewed plan (the caller checked it is the one previewed); flushes only."""
    origin = {"source": "source", "url": source.url, "sha256": source.pending_sha256}
    count = apply_plan(plan, actor_id=actor_id, source=origin)
    db.session.add(
        AuditEvent(actor_id=actor_id, entity_type="Indicator", entity_id=indicator.id,
                   action="source_review", old_values=None,
                   new_values={"source_id": source.id, "sha256": source.pending_sha256,
                               "decision": "confirmed", **_counts(plan)})
    )  # fmt: skip
    source.last_result = "applied"
    source.last_message = _("Reviewed and applied: %(count)d values added or changed.",
                            count=count)  # fmt: skip
    _clear_pending(source)
    db.session.flush()
    return count


def reject_pending(source: Source, *, actor_id: int) -> None:
    """Drop the file waiting for review; nothing is imported."""
    db.session.add(
        AuditEvent(actor_id=actor_id, entity_type="Indicator", entity_id=source.indicator_id,
                   action="source_review", old_values=None,
                   new_values={"source_id": source.id, "sha256": source.pending_sha256,
                               "decision": "rejected"})
    )  # fmt: skip
    source.last_message = _("The queued refresh was rejected; nothing was imported.")
    _clear_pending(source)
    db.session.flush()
