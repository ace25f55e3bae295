"""Shared fixtures: one app and schema per session, one rolled-back transaction per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy.engine import Connection, make_url

from app import create_app
from app.extensions import cache, db, limiter
from tests.support.auth import sign_in_directly
from tests.support.city import City, build_city
from tests.support.client import StaffClient
from tests.support.queries import counting

REQUIRE_POSTGRES = os.environ.get("REQUIRE_POSTGRES") == "1"
BROWSER_TESTS = Path(__file__).resolve().parent / "browser"


def pytest_report_header(config: pytest.Config) -> str:
    url = os.environ.get("TEST_DATABASE_URL") or "sqlite (temporary file)"
    return f"database: {url}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test in tests/browser is a `browser` test."""
    for item in items:
        if BROWSER_TESTS in item.path.parents:
            item.add_marker(pytest.mark.browser)


def _on_postgres() -> bool:
    from config import normalise_database_url

    url = os.environ.get("TEST_DATABASE_URL") or "sqlite://"
    return make_url(normalise_database_url(url)).get_backend_name() == "postgresql"


def pytest_runtest_setup(item: pytest.Item) -> None:
    """`postgres` tests are skipped on SQLite, or fail there when REQUIRE_POSTGRES=1 (CI)."""
    if item.get_closest_marker("postgres") and not _on_postgres():
        if REQUIRE_POSTGRES:
            pytest.fail("REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not a PostgreSQL database")
        pytest.skip("needs PostgreSQL (TEST_DATABASE_URL=postgresql://…)")


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
    from config import normalise_database_url

    application = create_app("test", SQLALCHEMY_DATABASE_URI=normalise_database_url(database_url))
    with application.app_context():
        if db.engine.dialect.name == "postgresql":
            # Parallel workers (pytest -n 2) share one PostgreSQL database: one migrates, the
            # others wait for it and then find nothing to do.
            with db.engine.connect() as lock:
                lock.exec_driver_sql("SELECT pg_advisory_lock(20261201)")
                try:
                    upgrade()
                finally:
                    lock.exec_driver_sql("SELECT pg_advisory_unlock(20261201)")
        else:
            upgrade()
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
    settings = dict(application.config)  # a test that changes a setting changes only its own
    try:
        yield connection
    finally:
        application.config.clear()
        application.config.update(settings)
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


@pytest.fixture
def count_queries(connection: Connection):  # type: ignore[no-untyped-def]
    """Context manager counting the statements the app sends while it is open."""
    return partial(counting, connection)


@pytest.fixture
def city(app) -> City:  # type: ignore[no-untyped-def]
    """The small city of tests.support.city, committed in the test's transaction."""
    with app.app_context():
        return build_city()


@pytest.fixture
def signed_in(app, city):  # type: ignore[no-untyped-def]
    """signed_in("edu_lead") -> a StaffClient signed in as that user of the city.

    Signed in directly (the app's session row and cookie, no form and no password check);
    tests/auth overrides this to sign in through the form.
    """

    def make(who: str) -> StaffClient:
        client = StaffClient(app, app.response_class, use_cookies=True)
        sign_in_directly(client, city.users[who])
        return client

    return make
