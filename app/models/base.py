"""Declarative base, constraint naming convention and shared column types."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, DateTime, Integer, MetaData, Table, func
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, registry
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that is always timezone-aware UTC in Python, on SQLite as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; attach a timezone")
        value = value.astimezone(UTC)
        # SQLite has no timezone type: store UTC without the offset, read it back as UTC.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    """The current time, timezone-aware."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Base class of every model; carries the naming convention used by migrations."""

    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UTCDateTime(), dict[str, Any]: JSON()},
    )


def table_of(model: type[Base]) -> Table:
    """The Table a model is mapped to (declarative types __table__ as any FromClause)."""
    table = model.__table__
    if not isinstance(table, Table):
        raise TypeError(f"{model.__name__} is not mapped to a table")
    return table


class TimestampMixin:
    """created_at / updated_at set by the database, updated_at refreshed by the ORM."""

    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), onupdate=utcnow)


class VersionedMixin:
    """An optimistic-locking counter: a stale write raises StaleDataError instead of winning."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined] # the mixin has no __table__; cls is the mapped model


class TranslatableMixin:
    """Content written in the site's source language, with translations of its text fields.

    ``translations`` is ``{"is": {"title": "…", …}, "pl": {…}}``: a language's missing field falls
    back to the original. TRANSLATED names the fields a translation may hold, in the order forms
    show them; app.translating is the one place that reads and writes them.
    """

    TRANSLATED: ClassVar[tuple[str, ...]] = ()

    translations: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, server_default="{}")
