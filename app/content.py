"""The content version: bumped in the same transaction as any change the public can see.

Public pages are cached and given ETags keyed on this number, so a publish, a new value or an
edit shows at once on every app server, with no cache to clear by hand.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import has_app_context
from sqlalchemy import event, select, update
from sqlalchemy.orm import ORMExecuteState, Session, scoped_session

from app.extensions import cache
from app.models import (
    BudgetLine,
    Department,
    FollowUp,
    Indicator,
    InterimTarget,
    Intervention,
    InterventionPartner,
    LearningEntry,
    Measurement,
    Milestone,
    Mission,
    Outcome,
    ProgressUpdate,
    ReportingRound,
    ReviewMeeting,
    SiteState,
    StatusReport,
)
from app.models.base import table_of, utcnow
from app.models.site_state import CONTENT_VERSION

PUBLIC_MODELS = (
    BudgetLine,  # the open data's budget lines dataset
    Department,
    FollowUp,  # listed with a meeting's published minutes
    Indicator,
    InterimTarget,
    Intervention,
    InterventionPartner,
    LearningEntry,
    Measurement,
    Milestone,
    Mission,
    Outcome,
    ProgressUpdate,
    ReviewMeeting,  # its published minutes
    ReportingRound,
    StatusReport,
)


PUBLIC_TABLES = frozenset(table_of(model).name for model in PUBLIC_MODELS)
_BUMPED = "content_version_bumped"


def _bump(session: Session) -> None:
    if session.info.get(_BUMPED):
        return
    session.info[_BUMPED] = True
    session.connection().execute(
        update(SiteState)
        .where(SiteState.key == CONTENT_VERSION)
        .values(value=SiteState.value + 1, changed_at=utcnow())
    )


def _after_flush(session: Session, _context: Any) -> None:
    changed = (
        list(session.new)
        + list(session.deleted)
        + [obj for obj in session.dirty if session.is_modified(obj)]
    )
    if any(isinstance(obj, PUBLIC_MODELS) for obj in changed):
        _bump(session)


def _after_bulk(state: ORMExecuteState) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if table is not None and table.name in PUBLIC_TABLES:
        _bump(state.session)


def _reset(session: Session, *_args: Any) -> None:
    session.info.pop(_BUMPED, None)


def _after_commit(session: Session) -> None:
    if session.info.pop(_BUMPED, None):
        forget_version()


def track_content_changes(session_target: Any) -> None:
    """Install the listeners on a session (or scoped session / sessionmaker) once."""
    if event.contains(session_target, "after_flush", _after_flush):
        return
    event.listen(session_target, "after_flush", _after_flush)
    event.listen(session_target, "do_orm_execute", _after_bulk)
    event.listen(session_target, "after_commit", _after_commit)
    for name in ("after_rollback", "after_soft_rollback"):
        event.listen(session_target, name, _reset)


# A request passes Flask-SQLAlchemy's scoped session, which proxies Session.execute().
AnySession = Session | scoped_session[Any]


def content_version(session: AnySession) -> tuple[int, datetime | None]:
    """The current content version and when it last moved, read from the database."""
    row = session.execute(
        select(SiteState.value, SiteState.changed_at).where(SiteState.key == CONTENT_VERSION)
    ).first()
    return (row[0], row[1]) if row else (0, None)


# The version is also kept in the page cache for a moment, so a cached page costs no query.
# The server that makes a change forgets it at once; with a shared (Redis) cache every server
# does; with per-process memory, other processes notice within VERSION_TTL seconds.
VERSION_KEY = "content-version"
VERSION_TTL = 2


def cached_content_version(session: AnySession) -> tuple[int, datetime | None]:
    """The content version, from the cache when it was read less than VERSION_TTL ago."""
    entry: tuple[int, datetime | None] | None = cache.get(VERSION_KEY)
    if entry is None:
        entry = content_version(session)
        cache.set(VERSION_KEY, entry, timeout=VERSION_TTL)
    return entry


def forget_version() -> None:
    """Drop the cached version (after a commit that changed public content)."""
    if has_app_context():
        cache.delete(VERSION_KEY)
