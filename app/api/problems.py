"""Errors as RFC 9457 problem details (application/problem+json), for every /api/v1 answer."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

PROBLEM_TYPE = "application/problem+json"
# Problem types are documented on the API's docs page; generic HTTP ones use about:blank.
VALIDATION_TYPE = "/api/v1/docs#problem-validation"


class ApiProblem(Exception):
    """Raised by API views; answered as a problem document."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str | None = None,
        *,
        type_: str = "about:blank",
        errors: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail or title)
        self.status = status
        self.title = title
        self.detail = detail
        self.type = type_
        self.errors = errors
        self.headers = headers or {}


def problem_response(problem: ApiProblem) -> Response:
    body: dict[str, Any] = {"type": problem.type, "title": problem.title, "status": problem.status}
    if problem.detail:
        body["detail"] = problem.detail
    if problem.errors is not None:
        body["errors"] = problem.errors
    response = jsonify(body)
    response.status_code = problem.status
    response.content_type = PROBLEM_TYPE
    for name, value in problem.headers.items():
        response.headers[name] = value
    return response


def validation_problem(errors: list[dict[str, Any]], detail: str | None = None) -> ApiProblem:
    """422 with one entry per broken field: pointer (JSON Pointer), field and message."""
    return ApiProblem(
        422,
        _("The request has invalid values"),
        detail or _("Nothing was saved. Correct the values listed in errors."),
        type_=VALIDATION_TYPE,
        errors=errors,
    )


def bad_query(errors: list[dict[str, Any]]) -> ApiProblem:
    """400 for query parameters that cannot be read."""
    return ApiProblem(
        400, _("Bad request"), _("Some query parameters are not valid."), errors=errors
    )


TITLES = {
    400: lambda: _("Bad request"),
    401: lambda: _("Authentication required"),
    403: lambda: _("Not allowed"),
    404: lambda: _("Not found"),
    405: lambda: _("Method not allowed"),
    409: lambda: _("Conflict"),
    413: lambda: _("Request too large"),
    415: lambda: _("Unsupported media type"),
    422: lambda: _("The request has invalid values"),
    429: lambda: _("Too many requests"),
}


def http_problem(error: HTTPException) -> Response:
    """An HTTP error raised inside the API (abort, rate limit, body too large) as a problem."""
    code = error.code or 500
    title = TITLES[code]() if code in TITLES else error.name
    detail = error.description if code != 500 else None
    return problem_response(ApiProblem(code, title, detail))
