"""What every command shares: database and rule errors become one clear line."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click
from sqlalchemy.exc import OperationalError, ProgrammingError

from app.errors import DomainError
from app.extensions import db


def database_command(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn database and rule errors into one clear line and a non-zero exit; roll back."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except DomainError as exc:
            db.session.rollback()
            raise click.ClickException(exc.message) from None
        except (OperationalError, ProgrammingError) as exc:
            db.session.rollback()
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            raise click.ClickException(
                f"cannot use the database ({reason}). Check DATABASE_URL and run "
                "'flask db upgrade'."
            ) from None

    return wrapper
