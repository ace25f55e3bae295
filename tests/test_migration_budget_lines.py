"""Migration 0021: an existing budget becomes one budget line; the downgrade keeps the totals."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from app import create_app
from app.extensions import db
from tests.support.databases import scratch_database_url

BEFORE = "0021-1"  # the revision before budget lines, whatever the chain becomes


@pytest.fixture(scope="module")
def scratch_app(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    application = create_app(
        "test",
        SQLALCHEMY_DATABASE_URI=scratch_database_url(database_url, tmp_path_factory, "budgets"),
    )
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


ROWS = [
    "INSERT INTO departments (id, name, code) VALUES (1, 'Education', 'EDU')",
    "INSERT INTO departments (id, name, code) VALUES (2, 'Welfare', 'WEL')",
    "INSERT INTO missions (id, slug, title, north_star, start_year, horizon_year, translations) "
    "VALUES (1, 'm', 'M', 'N', 2021, 2030, '{}')",
    # A budget and a start date: one line for the start year and the lead department.
    "INSERT INTO interventions (id, mission_id, lead_department_id, title, translations, budget, "
    "start_date) VALUES (1, 1, 2, 'Started', '{}', 1500000.50, '2023-09-01')",
    # No start date: the year it was created.
    "INSERT INTO interventions (id, mission_id, lead_department_id, title, translations, budget, "
    "created_at) VALUES (2, 1, 1, 'Undated', '{}', 700, '2022-03-04 10:00:00')",
    # No budget: no line.
    "INSERT INTO interventions (id, mission_id, lead_department_id, title, translations) "
    "VALUES (3, 1, 1, 'Unbudgeted', '{}')",
    # A start year outside the lines' range: the total stays, without a line.
    "INSERT INTO interventions (id, mission_id, lead_department_id, title, translations, budget, "
    "start_date) VALUES (4, 1, 1, 'Ancient', '{}', 5, '1985-01-01')",
]


def test_existing_budgets_become_one_line_and_the_downgrade_keeps_totals(scratch_app):
    with scratch_app.app_context():
        downgrade(revision="base")
        upgrade(revision=BEFORE)
        with db.engine.begin() as conn:
            for statement in ROWS:
                conn.execute(text(statement))
        upgrade(revision="0021")
        with db.engine.connect() as conn:
            lines = conn.execute(
                text(
                    "SELECT intervention_id, year, department_id, amount FROM budget_lines "
                    "ORDER BY intervention_id"
                )
            ).all()
        assert [(i, y, d, float(a)) for i, y, d, a in lines] == [
            (1, 2023, 2, 1500000.5),
            (2, 2022, 1, 700.0),
        ]
        downgrade(revision=BEFORE)
        with db.engine.connect() as conn:
            budgets = conn.execute(text("SELECT id, budget FROM interventions ORDER BY id")).all()
        assert [(i, None if b is None else float(b)) for i, b in budgets] == [
            (1, 1500000.5),
            (2, 700.0),
            (3, None),
            (4, 5.0),
        ]
        upgrade(revision="head")
        downgrade(revision="base")
