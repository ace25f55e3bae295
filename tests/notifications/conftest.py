"""Fixtures of the email tests: a real SMTP server the app sends to."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from tests.support.smtp import SinkHandler, start_sink


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[tuple[str, int, SinkHandler]]:
    controller, handler = start_sink()
    yield controller.hostname, controller.port, handler
    controller.stop()


@pytest.fixture
def smtp(app: Flask, smtp_server: tuple[str, int, SinkHandler]) -> Iterator[SinkHandler]:
    """The app sends to the test SMTP server; the messages it got are on the handler."""
    host, port, handler = smtp_server
    handler.clear()
    saved = {key: app.config[key] for key in ("MAIL_SERVER", "MAIL_PORT")}
    app.config.update(MAIL_SERVER=host, MAIL_PORT=port)
    yield handler
    app.config.update(saved)
    handler.clear()
