"""`flask progress explain`: the outcome-lens calculation of one indicator, step by step."""

from __future__ import annotations

from typing import Any

import click
from flask.cli import AppGroup

from app.commands.base import database_command
from app.reporting.progress import load_indicator_progress


@click.group("progress", cls=AppGroup)
def progress_group() -> None:
    """Inspect progress calculations."""


@progress_group.command("explain")
@click.argument("indicator_id", type=int)
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Assess as on this date (YYYY-MM-DD); defaults to today.",
)
@database_command
def explain_command(indicator_id: int, as_of: Any) -> None:
    """Print the outcome-lens calculation of one indicator, step by step."""
    found = load_indicator_progress(
        indicator_id, published_only=False, today=as_of.date() if as_of else None
    )
    if found is None:
        raise click.ClickException(f"no indicator has the id {indicator_id}")
    indicator, result = found.indicator, found.result
    click.echo(f"Indicator {indicator.id}: {indicator.title} ({indicator.unit})")
    click.echo(f"Direction: {indicator.direction} is better; frequency: {indicator.frequency}")
    for line in result.headline.explain():
        click.echo(f"  {line}")
    if result.manual:
        click.echo(
            f"Shown status: {result.status} (set by hand by {result.override_author}: "
            f"{result.override_reason})"
        )
    fresh = result.freshness.to_dict()
    click.echo(f"Data freshness: {fresh}")
    for key, assessment in result.breakdowns.items():
        score = "n/a" if assessment.score is None else f"{assessment.score:+.2f}"
        click.echo(f"  breakdown {key}: {assessment.status} (score {score})")
