"""Data in and out: `flask import|export|backup|restore`.

Rule messages are made with gettext; outside a request app.i18n.select_locale picks the
default language, so the commands need no request context.
"""

from __future__ import annotations

import hashlib
import json
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import click
from flask.cli import AppGroup, with_appcontext

from app.auth.services import find_active_user
from app.commands.base import database_command
from app.editing import EditConflict
from app.errors import DomainError
from app.extensions import db
from app.models import Indicator, User
from app.tabular import XLSX_MIMETYPE, csv_chunks, open_table, xlsx_bytes
from app.transfer.applying import ImportRejected, apply_interventions, apply_plan
from app.transfer.backup import BackupError, restore_backup, write_backup
from app.transfer.planning import MeasurementPlan, plan_interventions, plan_values
from app.transfer.queries import EXPORTS
from app.transfer.readers.cells import RowError
from app.transfer.readers.measurements import Catalogue, read_spreadsheet
from app.transfer.readers.open_sdg import parse_filter, read_open_sdg

SHOWN_ERRORS = 50

import_group = AppGroup("import", help="Import measurements or interventions from a file.")
export_group = AppGroup("export", help="Export measurements, interventions or updates.")


def _actor(email: str | None) -> User | None:
    if email is None:
        return None
    user = find_active_user(email)
    if user is None:
        raise click.ClickException(f"no active user has the email {email}")
    return user


def _fail_on_errors(errors: list[RowError]) -> None:
    if not errors:
        return
    for error in errors[:SHOWN_ERRORS]:
        click.echo(f"row {error.row}, {error.column or '-'}: {error.message}", err=True)
    if len(errors) > SHOWN_ERRORS:
        click.echo(f"... and {len(errors) - SHOWN_ERRORS} more errors", err=True)
    raise click.ClickException(f"nothing was imported: {len(errors)} rows have errors")


def file_sha256(file: Path) -> str:
    """The file's SHA-256, recorded in the history as web imports record theirs."""
    hasher = hashlib.sha256()
    with file.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            hasher.update(chunk)
    return hasher.hexdigest()


def _local_file(path: str) -> Path:
    file = Path(path)
    if not file.is_file():
        raise click.ClickException(f"no file at {path}")
    return file


def _measurement_plan(
    file: Path, actor: User | None, indicator_id: int | None, where: tuple[str, ...],
    status: str | None, note: str | None, max_rows: int | None, attributes: tuple[str, ...] = (),
) -> MeasurementPlan:  # fmt: skip
    catalogue = Catalogue(actor)
    table = open_table(file, file.name, max_rows=max_rows)
    try:
        if indicator_id is None:
            reading = read_spreadsheet(table, catalogue, date.today())
        else:
            indicator = db.session.get(Indicator, indicator_id)
            if indicator is None:
                raise click.ClickException(f"no indicator has the id {indicator_id}")
            reading = read_open_sdg(
                table, indicator, catalogue, date.today(),
                filters=dict(parse_filter(condition) for condition in where), status=status,
                source_note=note, attributes=attributes,
            )  # fmt: skip
    finally:
        table.close()
    return plan_values(reading, catalogue)


@import_group.command("measurements")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option(
    "--indicator",
    "indicator_id",
    type=int,
    help="Read an Open SDG CSV (Year, Value, breakdowns) for this indicator id.",
)
@click.option(
    "--where",
    multiple=True,
    metavar="COLUMN=VALUE",
    help="Open SDG: keep only rows with this value (repeatable; the value may hold ';').",
)
@click.option(
    "--attribute",
    "attributes",
    multiple=True,
    metavar="COLUMN",
    help="Open SDG: keep this column with each value rather than as a breakdown (repeatable).",
)
@click.option(
    "--status",
    type=click.Choice(["final", "provisional"]),
    help="Open SDG: status of the values (default: keep stored, new are final).",
)
@click.option("--note", help="Open SDG: source note given to every value.")
@click.option("--dry-run", is_flag=True, help="Only say what would change.")
@click.option("--as", "email", help="Import as this user (their department's rights apply).")
@click.option(
    "--max-rows",
    type=int,
    default=None,
    help="Refuse files with more rows (default: no limit on the command line).",
)
@with_appcontext
@database_command
def import_measurements_command(
    path: str, indicator_id: int | None, where: tuple[str, ...], attributes: tuple[str, ...],
    status: str | None, note: str | None, dry_run: bool, email: str | None,
    max_rows: int | None,
) -> None:  # fmt: skip
    """Import a measurement spreadsheet (CSV/XLSX) or, with --indicator, an Open SDG CSV."""
    file = _local_file(path)
    actor = _actor(email)
    plan = _measurement_plan(file, actor, indicator_id, where, status, note, max_rows, attributes)
    _fail_on_errors(plan.errors)
    if plan.empty:
        raise click.ClickException("nothing was imported: there are no values in this file")
    summary = (f"{len(plan.adds)} to add, {len(plan.changes)} to change, "
               f"{plan.unchanged} unchanged, {plan.skipped} without a value")  # fmt: skip
    if plan.duplicates:
        summary += f", {plan.duplicates} exact duplicates taken once"
    if plan.without_period:
        summary += f", {plan.without_period} without a year"
    if dry_run:
        click.echo(f"Dry run: {summary}. Nothing was written.")
        return
    try:
        apply_plan(plan, actor_id=actor.id if actor else None,
                   source={"source": "cli", "file": file.name,
                           "sha256": file_sha256(file)})  # fmt: skip
    except (ImportRejected, EditConflict):
        db.session.rollback()
        raise click.ClickException("nothing was imported: the data changed; run it again") from None
    db.session.commit()
    click.echo(f"Imported {file.name}: {summary}.")


@import_group.command("interventions")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--as", "email", required=True, help="Import as this user (needed by the rules).")
@click.option("--dry-run", is_flag=True, help="Only say what would change.")
@with_appcontext
@database_command
def import_interventions_command(path: str, email: str, dry_run: bool) -> None:
    """Create or update interventions from a spreadsheet, matched by external_id."""
    file = _local_file(path)
    actor = _actor(email)
    table = open_table(file, file.name, max_rows=None)
    try:
        plan = plan_interventions(table, actor)
    finally:
        table.close()
    _fail_on_errors(plan.errors)
    summary = (
        f"{len(plan.creates)} to create, {len(plan.updates)} to change, {plan.unchanged} unchanged"
    )
    if dry_run:
        click.echo(f"Dry run: {summary}. Nothing was written.")
        return
    try:
        apply_interventions(plan, actor)
    except (ImportRejected, EditConflict):
        db.session.rollback()
        raise click.ClickException("nothing was imported: the data changed; run it again") from None
    db.session.commit()
    click.echo(f"Imported {file.name}: {summary}.")


def _export(kind: str, fmt: str, output: str | None) -> None:
    columns, rows = EXPORTS[kind]
    header = columns()
    if fmt == "xlsx":
        if output is None:
            raise click.UsageError("an XLSX export needs --output FILE")
        Path(output).write_bytes(xlsx_bytes([(kind, header, rows())]))
        click.echo(f"Wrote {output} ({XLSX_MIMETYPE}).", err=True)
        return
    if output is None:
        for chunk in csv_chunks(header, rows()):
            sys.stdout.write(chunk)
        return
    with Path(output).open("w", encoding="utf-8", newline="") as handle:
        for chunk in csv_chunks(header, rows()):
            handle.write(chunk)
    click.echo(f"Wrote {output}.", err=True)


def _export_command(kind: str) -> Any:
    @export_group.command(kind)
    @click.option(
        "--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True
    )
    @click.option("--output", help="Write to this file (default: standard output, CSV only).")
    @with_appcontext
    @database_command
    def command(fmt: str, output: str | None) -> None:
        _export(kind, fmt, output)

    command.__doc__ = f"Export every {kind[:-1]} (drafts included) as CSV or XLSX."
    command.help = command.__doc__
    return command


for _kind in EXPORTS:
    _export_command(_kind)


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False))
@with_appcontext
@database_command
def backup_command(path: str) -> None:
    """Write every table to PATH as JSON (restore it with `flask restore`)."""
    target = Path(path)
    # Written next to the target, then moved into place: no half-written backup on failure.
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=target.parent or ".", delete=False, suffix=".part"
    ) as handle:
        counts = write_backup(handle)
    Path(handle.name).replace(target)
    click.echo(f"Backed up {sum(counts.values())} rows of {len(counts)} tables to {path}.")


@click.command("restore")
@click.argument("path", type=click.Path(dir_okay=False))
@with_appcontext
@database_command
def restore_command(path: str) -> None:
    """Load a backup into an empty, migrated database (refuses one that holds data)."""
    file = _local_file(path)
    try:
        document = json.loads(file.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise click.ClickException(f"{path} is not a JSON backup ({error})") from None
    try:
        counts = restore_backup(document)
    except (BackupError, DomainError) as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Restored {sum(counts.values())} rows of {len(counts)} tables from {path}.")
