"""`flask backup` / `flask restore`: every table, restored identically into an empty database."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import select

from app import create_app
from app.auth.tokens import create_token
from app.extensions import db
from app.models import AuditEvent, Department, Intervention, Mission, User
from app.transfer.backup import tables
from tests.support import factories as f
from tests.support.databases import scratch_database_url


@pytest.fixture
def empty_app(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """A second app on a new, migrated, empty database."""
    application = create_app(
        "test",
        SQLALCHEMY_DATABASE_URI=scratch_database_url(database_url, tmp_path_factory, "restore"),
    )
    with application.app_context():
        upgrade()
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


def _everything(application: Flask) -> dict[str, list[tuple]]:
    """Every row of every table, in key order."""
    with application.app_context():
        connection = db.session.connection()
        return {
            table.name: [
                tuple(row)
                for row in connection.execute(
                    select(table).order_by(*(list(table.primary_key.columns) or table.columns))
                )
            ]
            for table in tables()
        }


@pytest.fixture
def rich_city(app, city):  # type: ignore[no-untyped-def]
    """The city plus the awkward values: JSON, decimals, NULLs, partners, audit, tokens."""
    with app.app_context():
        mission = db.session.get(Mission, city.mission.id)
        mission.translations = {"is": {"title": "Betri borg fyrir börn"}}
        item = db.session.get(Intervention, city.edu_intervention.id)
        item.budget = Decimal("1234567.89")
        item.external_id = "EDU-1"
        f.measurement(
            city.edu_indicator,
            date(2023, 1, 1),
            0.1 + 0.2,
            breakdown="sex=Kona",
            source_note="„Gæsalappir“ og =formúla",
        )
        db.session.add(
            AuditEvent(
                actor_id=city.users["admin"].id,
                entity_type="Mission",
                entity_id=mission.id,
                action="update",
                old_values={"title": "Old"},
                new_values={"title": mission.title},
            )
        )
        create_token(
            db.session.get(User, city.users["edu_lead"].id), name="script", expires_in_days=30
        )
        db.session.commit()


def test_backup_then_restore_is_identical(app, rich_city, cli_runner, empty_app, tmp_path):
    path = tmp_path / "backup.json"
    result = cli_runner.invoke(args=["backup", str(path)])
    assert result.exit_code == 0, result.output
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["format"] == "aim-tracker-backup"
    assert [entry["name"] for entry in document["tables"]] == [t.name for t in tables()]

    restored = empty_app.test_cli_runner().invoke(args=["restore", str(path)])
    assert restored.exit_code == 0, restored.output
    source, target = _everything(app), _everything(empty_app)
    assert set(source) == set(target)
    for name in source:
        assert target[name] == source[name], name
    assert sum(len(rows) for rows in target.values()) > 20

    # Ids continue after the restored ones (sequences reset on PostgreSQL).
    with empty_app.app_context():
        department = f.department(code="NEW", name="New department")
        db.session.commit()
        assert department.id > max(row[0] for row in source["departments"])

    again = empty_app.test_cli_runner().invoke(args=["restore", str(path)])
    assert again.exit_code == 1
    assert "the database is not empty" in again.output


def test_restore_refuses_what_it_cannot_trust(app, city, cli_runner, empty_app, tmp_path):
    runner = empty_app.test_cli_runner()
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    result = runner.invoke(args=["restore", str(broken)])
    assert result.exit_code == 1
    assert "is not a JSON backup" in result.output
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"format": "something-else"}), encoding="utf-8")
    assert "not an AIM Tracker backup" in runner.invoke(args=["restore", str(other)]).output
    good = tmp_path / "good.json"
    cli_runner.invoke(args=["backup", str(good)])
    document = json.loads(good.read_text(encoding="utf-8"))
    document["revision"] = "0001"
    old = tmp_path / "old.json"
    old.write_text(json.dumps(document), encoding="utf-8")
    result = runner.invoke(args=["restore", str(old)])
    assert result.exit_code == 1
    assert "taken at migration 0001" in result.output
    with empty_app.app_context():
        assert db.session.scalar(select(Department.id)) is None
    assert runner.invoke(args=["restore", str(tmp_path / "missing.json")]).exit_code == 1
