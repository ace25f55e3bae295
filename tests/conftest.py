"""Shared fixtures: one app and schema per session, one rolled-back transaction per test."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import event
from sqlalchemy.engine import Connection

from app import create_app
from app.extensions import cache, db, limiter
from tests.factories import TEST_PASSWORD

REQUIRE_POSTGRES = os.environ.get("REQUIRE_POSTGRES") == "1"


def pytest_report_header(config: pytest.Config) -> str:
    url = os.environ.get("TEST_DATABASE_URL") or "sqlite (temporary file)"
    return f"database: {url}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """TEST_DATABASE_URL (PostgreSQL in CI) or a throwaway SQLite file."""
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session")
def app(database_url: str) -> Iterator[Flask]:
    """The application under test, with the schema built by the real migrations."""
    from app.auth import services
    from app.auth.passwords import hash_password
    from config import normalise_database_url

    application = create_app("test", SQLALCHEMY_DATABASE_URI=normalise_database_url(database_url))
    with application.app_context():
        upgrade()
        dummy = hash_password("not-a-real-password-only-for-timing")
    with pytest.MonkeyPatch.context() as patch:
        # Sign-ins with an unknown email verify against a dummy hash, made at import with the
        # default (slow) parameters; in the tests it has the test config's cheap ones too.
        patch.setattr(services, "_DUMMY_HASH", dummy)
        yield application
    with application.app_context():
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()


@pytest.fixture(autouse=True)
def _transaction(request: pytest.FixtureRequest) -> Iterator[Connection | None]:
    """Run the test inside one outer transaction that is rolled back afterwards.

    The app's engine is replaced by that connection, and sessions join it through
    SAVEPOINTs, so a view's commit or rollback never escapes the test.
    """
    if "app" not in request.fixturenames:
        yield None
        return
    application: Flask = request.getfixturevalue("app")
    with application.app_context():
        engines = db.engines
        engine = engines[None]
        connection = engine.connect()
        outer = connection.begin()
        engines[None] = connection  # type: ignore[assignment]
        db.session.remove()
        db.session.configure(join_transaction_mode="create_savepoint")
    limiter.reset()
    with application.app_context():
        cache.clear()
    try:
        yield connection
    finally:
        with application.app_context():
            db.session.remove()
            engines[None] = engine
        outer.rollback()
        connection.close()


@pytest.fixture
def connection(_transaction: Connection | None) -> Connection:
    """The test's connection (for query counting)."""
    assert _transaction is not None, "request the app fixture first"
    return _transaction


@pytest.fixture
def ctx(app: Flask) -> Iterator[None]:
    """An application context for setup and assertions outside requests."""
    with app.app_context():
        yield


@pytest.fixture
def client(app: Flask) -> StaffClient:
    return StaffClient(app, app.response_class, use_cookies=True)


@pytest.fixture
def cli_runner(app: Flask):  # type: ignore[no-untyped-def]
    return app.test_cli_runner()


@dataclass
class QueryLog:
    """SQL statements seen while counting (SAVEPOINT bookkeeping left out)."""

    statements: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(connection: Connection):  # type: ignore[no-untyped-def]
    """Context manager counting the statements the app sends while it is open."""

    @contextmanager
    def counting() -> Iterator[QueryLog]:
        log = QueryLog()

        def before(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
            head = statement.lstrip().split(None, 1)[0].upper() if statement.strip() else ""
            if head not in {"SAVEPOINT", "RELEASE", "ROLLBACK"}:
                log.statements.append(statement)

        event.listen(connection, "before_cursor_execute", before)
        try:
            yield log
        finally:
            event.remove(connection, "before_cursor_execute", before)

    return counting


# ---- signed-in clients and a small city for staff tests ----

CSRF_PATTERN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def extract_csrf(html: str) -> str:
    match = CSRF_PATTERN.search(html)
    assert match, "no csrf_token on the page"
    return match.group(1)


class StaffClient(FlaskClient):
    """A test client that can fetch a CSRF token and post forms with it."""

    def csrf(self, url: str = "/staff/login") -> str:
        return extract_csrf(self.get(url).get_data(as_text=True))

    def post_form(self, url: str, data: dict | None = None, *, token_from: str | None = None, **kw):  # type: ignore[no-untyped-def]
        """POST data with a valid CSRF token (taken from token_from, the url, or the login page)."""
        source = token_from or url
        page = self.get(source)
        html = page.get_data(as_text=True)
        token = extract_csrf(html) if CSRF_PATTERN.search(html) else self.csrf("/staff/")
        return self.post(url, data={**(data or {}), "csrf_token": token}, **kw)

    def sign_in(self, email: str, password: str = TEST_PASSWORD):  # type: ignore[no-untyped-def]
        token = self.csrf("/staff/login")
        response = self.post(
            "/staff/login", data={"email": email, "password": password, "csrf_token": token}
        )
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return response


@dataclass
class City:
    """Two departments with one lead each, every role, and a mission with work in both."""

    edu: Any
    wel: Any
    users: dict[str, Any]
    mission: Any
    outcome: Any
    edu_intervention: Any
    wel_intervention: Any
    edu_indicator: Any
    wel_indicator: Any
    edu_milestone: Any
    wel_milestone: Any
    edu_update: Any
    wel_update: Any
    edu_measurement: Any
    wel_measurement: Any


@pytest.fixture
def city(app) -> City:  # type: ignore[no-untyped-def]
    from datetime import date

    from tests import factories as f

    with app.app_context():
        edu = f.department(code="EDU", name="Education and Youth")
        wel = f.department(code="WEL", name="Welfare")
        users = {
            "admin": f.user(email="admin@example.org", role="admin", name="Ada Admin"),
            "mission_office": f.user(
                email="mayor@example.org", role="mission_office", name="Mo Office"
            ),
            "edu_lead": f.user(
                email="edu@example.org", role="department_lead", department_id=edu.id,
                name="Edda Lead",
            ),
            "wel_lead": f.user(
                email="wel@example.org", role="department_lead", department_id=wel.id,
                name="Valur Lead",
            ),
            "viewer": f.user(email="viewer@example.org", role="viewer", name="Vera Viewer"),
        }  # fmt: skip
        mission = f.mission(slug="children", title="A Better City for Children", age_min=0,
                            age_max=18)  # fmt: skip
        outcome = f.outcome(mission, title="Every child feels safe")
        edu_item = f.intervention(mission, edu, title="Solution teams", outcome_id=outcome.id)
        wel_item = f.intervention(mission, wel, title="Family courses", outcome_id=outcome.id)
        edu_ind = f.indicator(
            mission, edu, title="Pupils who feel safe", outcome_id=outcome.id, unit="%",
            min_value=0, max_value=100, limit_value=100,
        )  # fmt: skip
        wel_ind = f.indicator(
            mission, wel, title="Families waiting", outcome_id=outcome.id, unit="families",
            direction="decrease", frequency="quarterly", min_value=0,
        )  # fmt: skip
        city = City(
            edu=edu, wel=wel, users=users, mission=mission, outcome=outcome,
            edu_intervention=edu_item, wel_intervention=wel_item,
            edu_indicator=edu_ind, wel_indicator=wel_ind,
            edu_milestone=f.milestone(edu_item, title="Teams in 10 schools"),
            wel_milestone=f.milestone(wel_item, title="First course held"),
            edu_update=f.update(edu_item), wel_update=f.update(wel_item),
            edu_measurement=f.measurement(edu_ind, date(2024, 1, 1), 71.0),
            wel_measurement=f.measurement(wel_ind, date(2024, 1, 1), 30.0),
        )  # fmt: skip
        db.session().expire_on_commit = False  # keep ids and fields readable after the context
        db.session.commit()
        return city


@pytest.fixture
def signed_in(app, city):  # type: ignore[no-untyped-def]
    """signed_in("edu_lead") -> a StaffClient signed in as that user of the city."""

    def make(who: str) -> StaffClient:
        client = StaffClient(app, app.response_class, use_cookies=True)
        client.sign_in(city.users[who].email)
        return client

    return make
