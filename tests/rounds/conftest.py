"""Fixtures of the reporting-round tests: an application context the test's requests share (so
the test reads what the views wrote), and the email tests' SMTP server."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask, g, request_started

from tests.notifications.conftest import smtp, smtp_server  # noqa: F401


def _fresh_globals(_sender: Any, **_extra: Any) -> None:
    # Requests reuse the test's pushed app context; each starts with its own `g` (the signed-in
    # user and the language are cached there).
    g.__dict__.clear()


@pytest.fixture
def ctx(app: Flask) -> Iterator[None]:
    """An application context for the whole test; every request starts with a clean `g`."""
    request_started.connect(_fresh_globals, app)
    try:
        with app.app_context():
            yield
    finally:
        request_started.disconnect(_fresh_globals, app)
