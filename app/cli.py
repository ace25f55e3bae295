"""Flask CLI commands: seeding and user management. Each command commits once."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext
from sqlalchemy.exc import OperationalError, ProgrammingError

from app.errors import DomainError
from app.extensions import db
from app.models.enums import Role


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


def read_password(prompt: bool) -> str:
    """The password from standard input when it is piped, else from a hidden prompt."""
    if not prompt:
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@click.command("seed")
@click.option("--demo", is_flag=True, help="Load the illustrative demo city (Reykjavík).")
@with_appcontext
@database_command
def seed_command(demo: bool) -> None:
    """Load the demo city with --demo. Running it again changes nothing."""
    if not demo:
        raise click.UsageError("nothing to seed: pass --demo to load the demo city")
    from seeds import load_demo_city

    summary = load_demo_city()
    db.session.commit()
    for line in summary.lines():
        click.echo(line)


@click.group("users", cls=AppGroup)
def users_group() -> None:
    """Manage staff accounts."""


@users_group.command("create")
@click.argument("email")
@click.option(
    "--role",
    required=True,
    type=click.Choice([r.value for r in Role]),
    help="admin, mission_office, department_lead (needs --department) or viewer.",
)
@click.option("--department", "department_code", help="Department code, e.g. EDU.")
@click.option("--name", help="Display name (defaults to the part of the email before @).")
@database_command
def create_user_command(
    email: str, role: str, department_code: str | None, name: str | None
) -> None:
    """Create a staff account; the password is read from standard input or a prompt."""
    from app.auth.services import create_user

    password = read_password(prompt=sys.stdin.isatty())
    if not password:
        raise click.ClickException("no password given on standard input")
    user = create_user(
        email=email, password=password, role=role, name=name, department_code=department_code
    )
    db.session.commit()
    click.echo(f"Created {user.role} {user.email}.")


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
    from app.reporting.progress import load_indicator_progress

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


def register(app: Flask) -> None:
    """Attach the commands to the app's CLI."""
    app.cli.add_command(seed_command)
    app.cli.add_command(users_group)
    app.cli.add_command(progress_group)
    from app.transfer.cli import register as register_transfer_commands

    register_transfer_commands(app)
