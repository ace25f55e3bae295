"""A live server on a seeded SQLite file and headless Chromium driven by Playwright."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask_migrate import upgrade
from werkzeug.serving import make_server

from app import create_app
from app.extensions import db
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, DEMO_PASSWORD


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory, monkeypatch_session) -> Iterator[str]:
    """Serve a freshly migrated and seeded demo city on a free local port."""
    monkeypatch_session.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
    url = f"sqlite:///{tmp_path_factory.mktemp('live') / 'live.db'}"
    application = create_app("test", SQLALCHEMY_DATABASE_URI=url)
    with application.app_context():
        upgrade()
        from seeds import load_demo_city

        load_demo_city()
        db.session.commit()
    server = make_server("127.0.0.1", 0, application, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    with application.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def monkeypatch_session() -> Iterator[pytest.MonkeyPatch]:
    patcher = pytest.MonkeyPatch()
    yield patcher
    patcher.undo()


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    """Headless Debian Chromium; skipped when absent unless REQUIRE_BROWSER=1."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but no Chromium at {CHROMIUM}")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield instance
        instance.close()


@pytest.fixture
def phone(browser):  # type: ignore[no-untyped-def]
    """A 375 px wide page, as on a small phone."""
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, device_scale_factor=1, accept_downloads=True
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors  # type: ignore[attr-defined]
    yield page
    context.close()
