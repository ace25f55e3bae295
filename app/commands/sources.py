"""`flask sources refresh`: fetch every due source and apply, queue or report what it holds.

Each source is committed on its own: sources are independent, and one that fails must not
undo another's import (a failing one writes only its result and its audit event).
"""

from __future__ import annotations

import click
from flask.cli import AppGroup, with_appcontext

from app.commands.base import database_command
from app.extensions import db
from app.models.base import utcnow
from app.sources.services import due_sources, record_crash, refresh_source

sources_group = AppGroup("sources", help="Sources that indicators follow.")


@sources_group.command("refresh")
@click.option(
    "--indicator",
    "indicator_id",
    type=int,
    help="Refresh only this indicator's source, due or not.",
)
@with_appcontext
@database_command
def refresh_command(indicator_id: int | None) -> None:
    """Fetch every due source (timeout, size limit), then apply, queue for review, or report."""
    now = utcnow()
    sources = due_sources(now, indicator_id)
    if indicator_id is not None and not sources:
        raise click.ClickException(f"indicator {indicator_id} follows no source")
    failed = 0
    for source in sources:
        source_id = source.id
        try:
            result = refresh_source(source, now)
            db.session.commit()
        except Exception as error:
            db.session.rollback()
            result = record_crash(source_id, now, error)
            db.session.commit()
        failed += result.result == "failed"
        click.echo(
            f"indicator {result.indicator_id} source {result.source_id}: {result.result}: "
            f"{result.message}",
            err=result.result == "failed",
        )
    click.echo(f"{len(sources)} sources refreshed, {failed} failed.")
    if failed:
        raise SystemExit(1)
