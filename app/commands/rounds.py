"""`flask rounds open-due`: open the reporting rounds of the configured dates (for cron)."""

from __future__ import annotations

from datetime import date

import click
from flask import current_app
from flask.cli import AppGroup

from app.commands.base import database_command
from app.extensions import db
from app.rounds.services import open_due_rounds


@click.group("rounds", cls=AppGroup)
def rounds_group() -> None:
    """Twice-yearly reporting rounds."""


@rounds_group.command("open-due")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Act as if today were this day (YYYY-MM-DD).",
)
@database_command
def open_due_command(today: object) -> None:
    """Open the round of the newest REPORT_ROUND_DATES day for every active mission that lacks
    one (safe to run every day: it opens each round once)."""
    day = today.date() if hasattr(today, "date") else date.today()
    outcomes = open_due_rounds(
        day, current_app.config["REPORT_ROUND_DATES"], current_app.config["REPORT_ROUND_DUE_DAYS"]
    )
    db.session.commit()
    if not outcomes:
        click.echo(f"no round due on {day.isoformat()}")
    for outcome in outcomes:
        if outcome.opened is not None:
            click.echo(
                f"opened '{outcome.opened.title}' for {outcome.mission_title}: "
                f"reports due {outcome.opened.due_on.isoformat()}"
            )
        elif outcome.reason == "open_round":
            click.echo(f"{outcome.mission_title}: an earlier round is still open; publish it first")
        else:
            click.echo(f"{outcome.mission_title}: round already opened")
