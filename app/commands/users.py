"""`flask users create|activate|deactivate`: staff accounts from the command line."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from app.auth.services import create_user, set_active
from app.commands.base import database_command
from app.extensions import db
from app.models.enums import Role


def read_password(prompt: bool) -> str:
    """The password from standard input when it is piped, else from a hidden prompt."""
    if not prompt:
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


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
    password = read_password(prompt=sys.stdin.isatty())
    if not password:
        raise click.ClickException("no password given on standard input")
    user = create_user(
        email=email, password=password, role=role, name=name, department_code=department_code
    )
    db.session.commit()
    click.echo(f"Created {user.role} {user.email}.")


@users_group.command("deactivate")
@click.argument("email")
@database_command
def deactivate_user_command(email: str) -> None:
    """Deactivate an account: its sessions end at once and its API tokens stop working."""
    user, ended = set_active(email, False)
    db.session.commit()
    click.echo(f"Deactivated {user.email}; ended {ended} sign-in session(s).")


@users_group.command("activate")
@click.argument("email")
@database_command
def activate_user_command(email: str) -> None:
    """Activate an account again (its password and unexpired API tokens work again)."""
    user, _ended = set_active(email, True)
    db.session.commit()
    click.echo(f"Activated {user.email}.")
