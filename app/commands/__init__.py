"""The flask command line: seeding, accounts, progress, data in and out,
and email.

Each module holds one area's commands; they parse options, call services and queries, commit
once and print. register(app) is what the application factory calls.
"""

from __future__ import annotations

from flask import Flask

from app.commands import progress, reminders, rounds, seed, sources, transfer, users


def register(app: Flask) -> None:
    """Attach every command to the app's CLI."""
    app.cli.add_command(seed.seed_command)
    app.cli.add_command(users.users_group)
    app.cli.add_command(progress.progress_group)
    app.cli.add_command(transfer.import_group)
    app.cli.add_command(transfer.export_group)
    app.cli.add_command(transfer.backup_command)
    app.cli.add_command(transfer.restore_command)
    app.cli.add_command(sources.sources_group)
    app.cli.add_command(reminders.reminders_group)
    app.cli.add_command(rounds.rounds_group)
