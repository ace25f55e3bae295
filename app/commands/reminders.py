"""`flask reminders send [--dry-run]`: reminders, the escalation digest and followers' news."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.commands.base import database_command
from app.notifications.mail import MailServerError
from app.notifications.sending import run_all


@click.group("reminders", cls=AppGroup)
def reminders_group() -> None:
    """Send email: reminders to owners, the weekly digest, followers' news."""


@reminders_group.command("send")
@click.option("--dry-run", is_flag=True, help="Print who would get what; send nothing.")
@database_command
def send_command(dry_run: bool) -> None:
    """Send what is owed now, exactly once (safe to run every hour, or twice at once)."""
    try:
        report = run_all(dry_run=dry_run)
    except MailServerError as exc:
        raise click.ClickException(str(exc)) from None
    if dry_run:
        for line in report.lines:
            click.echo(line)
        click.echo(f"dry run: {len(report.lines)} message group(s) would be sent")
        return
    click.echo(
        f"sent {report.sent}, refused {report.refused}, failed {report.failed}, "
        f"waiting for their cadence {report.skipped}"
    )
