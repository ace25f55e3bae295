"""`flask seed --demo`: load the illustrative demo city."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from app.commands.base import database_command
from app.extensions import db
from seeds import load_demo_city


@click.command("seed")
@click.option("--demo", is_flag=True, help="Load the illustrative demo city (Reykjavík).")
@click.option(
    "--base-url",
    default="http://127.0.0.1:5000",
    show_default=True,
    help="Where the app is served, for the sign-in address printed at the end.",
)
@with_appcontext
@database_command
def seed_command(demo: bool, base_url: str) -> None:
    """Load the demo city with --demo. Running it again changes nothing."""
    if not demo:
        raise click.UsageError("nothing to seed: pass --demo to load the demo city")
    summary = load_demo_city()
    db.session.commit()
    for line in summary.lines(base_url.rstrip("/")):
        click.echo(line)
