"""Domain exceptions and the error pages; a 500 always rolls the transaction back."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy.exc import DBAPIError, InternalError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from app.extensions import db


class DomainError(Exception):
    """A business rule was broken; the message is shown to the user next to the field."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def _wants_json() -> bool:
    return request.path.startswith(("/api/", "/healthz")) or (
        request.accept_mimetypes.best == "application/json"
    )


# How drivers word a database that cannot take writes (SQLite, PostgreSQL): read-only or full.
STORAGE_MARKERS = (
    "readonly database",
    "read-only transaction",
    "database or disk is full",
    "disk is full",
    "no space left on device",
    "could not extend file",
)


def is_storage_error(error: DBAPIError) -> bool:
    """True when the database refused a write because it is read-only or out of space."""
    return any(marker in str(error.orig).lower() for marker in STORAGE_MARKERS)


def _render(error: HTTPException, *, storage: bool = False) -> ResponseReturnValue:
    code = error.code or 500
    titles = {
        400: _("Bad request"),
        403: _("Not allowed"),
        404: _("Page not found"),
        405: _("Method not allowed"),
        413: _("Upload too large"),
        429: _("Too many requests"),
        500: _("Something went wrong"),
        503: _("Service unavailable"),
    }
    title = titles.get(code, error.name)
    # Keep the headers the error carries (Allow on 405, Retry-After on 429, ...).
    headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
    if _wants_json():
        body = {"type": "about:blank", "title": title, "status": code}
        if error.description and code < 500:
            body["detail"] = str(error.description)
        response = jsonify(body)
        response.status_code = code
        response.content_type = "application/problem+json"
        response.headers.extend(headers)
        return response
    page = render_template("errors/error.html", code=code, title=title, storage=storage)
    return page, code, headers


def register(app: Flask) -> None:
    """Install the error handlers on the app."""

    @app.errorhandler(HTTPException)
    def handle_http(error: HTTPException) -> ResponseReturnValue:
        if error.code and error.code >= 500:
            db.session.rollback()
        return _render(error)

    @app.errorhandler(OperationalError)
    @app.errorhandler(InternalError)
    def handle_database_unavailable(error: DBAPIError) -> ResponseReturnValue:
        db.session.rollback()
        storage = is_storage_error(error)
        if isinstance(error, InternalError) and not storage:
            return handle_unexpected(error)
        app.logger.error("database unavailable: %s", error.orig)
        return _render(ServiceUnavailable(), storage=storage)

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception) -> ResponseReturnValue:
        db.session.rollback()
        app.logger.exception("unhandled error")
        if app.testing and app.config.get("PROPAGATE_TEST_ERRORS", True):
            raise error
        return _render(InternalServerError())
