"""API v1 views: public reads of published content, token-authenticated writes, the docs."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask import Response, current_app, jsonify, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from app.api import bp
from app.api import queries as q
from app.api.auth import (
    api_user,
    current_token,
    read_limit,
    token_rate_key,
    token_required,
    write_limit,
)
from app.api.openapi import document, operations, schema_tables
from app.api.problems import (
    ApiProblem,
    bad_query,
    http_problem,
    problem_response,
    validation_problem,
)
from app.caching import public_page
from app.database import is_storable
from app.editing import EditConflict
from app.errors import DomainError
from app.extensions import db, limiter
from app.interventions.services import UpdateData, save_update
from app.models import Intervention, ProgressUpdate
from app.permissions import Action, authorize
from app.routing import MAX_ID
from app.transfer.applying import apply_plan
from app.transfer.planning import plan_values
from app.transfer.readers.api import read_items
from app.transfer.readers.measurements import Catalogue
from app.translating import Entered, content_languages, field_key, translation_languages

MAX_ITEMS = 10_000
# Mission slugs (app/missions/forms.py allows lower-case letters, digits and hyphens, 80 at
# most): anything else cannot name a mission, and never reaches the database.
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
# Ids are 32-bit integers in PostgreSQL: a larger one names nothing.
MAX_LIMIT = 100
DEFAULT_LIMIT = 20
MAX_OFFSET = 1_000_000


@bp.errorhandler(ApiProblem)
def handle_problem(problem: ApiProblem) -> Response:
    """Answer an API problem; whatever the view had started is rolled back."""
    db.session.rollback()
    return problem_response(problem)


@bp.before_request
def check_language() -> None:
    """?lang= must name one of the site's languages: anything else is a 400 naming them."""
    asked = request.args.get("lang")
    if asked is not None and asked not in content_languages():
        message = _(
            "Give one of the site's languages: %(languages)s.",
            languages=", ".join(content_languages()),
        )
        raise bad_query([{"parameter": "lang", "message": message}])


@bp.after_request
def say_language(response: Response) -> Response:
    """Content-Language: the language content is answered in (translations fall back)."""
    if response.mimetype == "application/json" and request.method == "GET":
        response.headers["Content-Language"] = q.content_language()
    return response


@bp.errorhandler(HTTPException)
def handle_http_error(error: HTTPException) -> Response:
    """HTTP errors inside the API (rate limit, body too large, 404) as problem details."""
    db.session.rollback()
    return http_problem(error)


def _threshold() -> int:
    return int(current_app.config["SMALL_NUMBER_THRESHOLD"])


def _int_arg(
    name: str, default: int | None, low: int, high: int, errors: list[dict[str, Any]]
) -> int | None:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 9 or not low <= int(raw) <= high:
        errors.append({"parameter": name, "message": _(
            "Give a whole number from %(low)d to %(high)d.", low=low, high=high)})  # fmt: skip
        return default
    return int(raw)


def _mission_arg() -> str | None:
    slug = request.args.get("mission")
    if slug is not None and not SLUG.match(slug):
        message = _("Give a mission slug: lower-case letters, digits and hyphens.")
        raise bad_query([{"parameter": "mission", "message": message}])
    return slug


def _page_args() -> tuple[int, int]:
    errors: list[dict[str, Any]] = []
    limit = _int_arg("limit", DEFAULT_LIMIT, 1, MAX_LIMIT, errors)
    offset = _int_arg("offset", 0, 0, MAX_OFFSET, errors)
    if errors:
        raise bad_query(errors)
    assert limit is not None
    assert offset is not None
    return limit, offset


def _paged(
    endpoint: str, items: list[Any], total: int, limit: int, offset: int, **filters: Any
) -> Response:
    kept = {key: value for key, value in filters.items() if value not in (None, "")}

    def link(at: int) -> str:
        return url_for(endpoint, limit=limit, offset=at, **kept)

    body = {
        "data": items,
        "meta": {"total": total, "limit": limit, "offset": offset},
        "links": {
            "self": link(offset),
            "first": link(0),
            "next": link(offset + limit) if offset + limit < total else None,
            "prev": link(max(offset - limit, 0)) if offset > 0 else None,
        },
    }
    return jsonify(body)


# ---- reads ----


@bp.get("/")
@limiter.limit(read_limit)
def index() -> Response:
    """What the API offers, with links."""
    return jsonify({
        "name": "AIM Tracker API",
        "version": "1",
        "links": {
            "openapi": url_for("api.openapi"),
            "docs": url_for("api.docs"),
            "missions": url_for("api.missions"),
            "indicators": url_for("api.indicators"),
            "interventions": url_for("api.interventions"),
            "updates": url_for("api.updates"),
        },
    })  # fmt: skip


@bp.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3.1 document of this API."""
    return jsonify(document())


@bp.get("/docs")
def docs() -> str:
    """The API reference, generated from the OpenAPI document (no external scripts)."""
    spec = document()
    return render_template(
        "api/docs.html", spec=spec, operations=operations(spec), schemas=schema_tables(spec)
    )


@bp.get("/missions")
@limiter.limit(read_limit)
@public_page(params=("limit", "offset"))
def missions() -> Response:
    """Published missions with both lenses and freshness (paginated)."""
    limit, offset = _page_args()
    items, total = q.mission_page(limit, offset)
    return _paged("api.missions", items, total, limit, offset)


@bp.get("/missions/<slug>")
@limiter.limit(read_limit)
@public_page
def mission(slug: str) -> Response:
    """One published mission: lenses per outcome, coverage, indicators and interventions."""
    found = q.mission_detail(slug, _threshold()) if SLUG.match(slug) else None
    if found is None:
        raise ApiProblem(404, _("Not found"), _("No published mission has this slug."))
    return jsonify(found)


@bp.get("/indicators")
@limiter.limit(read_limit)
@public_page(params=("limit", "offset", "mission"))
def indicators() -> Response:
    """Published indicators, optionally of one mission (paginated)."""
    limit, offset = _page_args()
    mission_slug = _mission_arg()
    items, total = q.indicator_page(limit, offset, mission_slug)
    return _paged("api.indicators", items, total, limit, offset, mission=mission_slug)


@bp.get("/indicators/<int:indicator_id>")
@limiter.limit(read_limit)
@public_page
def indicator(indicator_id: int) -> Response:
    """A published indicator: its values (small sensitive ones withheld) and its assessment."""
    found = q.indicator_detail(indicator_id, _threshold()) if indicator_id <= MAX_ID else None
    if found is None:
        raise ApiProblem(404, _("Not found"), _("No published indicator has this id."))
    return jsonify(found)


@bp.get("/interventions")
@limiter.limit(read_limit)
@public_page(params=("limit", "offset", "mission"))
def interventions() -> Response:
    """Published interventions with their implementation status (paginated)."""
    limit, offset = _page_args()
    mission_slug = _mission_arg()
    items, total = q.intervention_page(limit, offset, mission_slug)
    return _paged("api.interventions", items, total, limit, offset, mission=mission_slug)


@bp.get("/interventions/<int:intervention_id>")
@limiter.limit(read_limit)
@public_page
def intervention(intervention_id: int) -> Response:
    """A published intervention with its status and published updates."""
    found = q.intervention_detail(intervention_id) if intervention_id <= MAX_ID else None
    if found is None:
        raise ApiProblem(404, _("Not found"), _("No published intervention has this id."))
    return jsonify(found)


@bp.get("/updates")
@limiter.limit(read_limit)
@public_page(params=("limit", "offset", "intervention_id"))
def updates() -> Response:
    """Published progress updates (status reports), newest first (paginated)."""
    limit, offset = _page_args()
    errors: list[dict[str, Any]] = []
    intervention_id = _int_arg("intervention_id", None, 1, 999_999_999, errors)
    if errors:
        raise bad_query(errors)
    items, total = q.update_page(limit, offset, intervention_id)
    return _paged("api.updates", items, total, limit, offset, intervention_id=intervention_id)


# ---- token-authenticated ----


# Deeper than any body of ours: a measurement's fields sit at depth 3.
MAX_BODY_DEPTH = 8
# Integers beyond this lose precision in JavaScript and overflow every id column.
MAX_JSON_INTEGER = 2**53


def _json_object() -> dict[str, Any]:
    """The request's JSON object, with every value one that can be stored and read back.

    Malformed or absurdly nested JSON is a 400; a string with a NUL byte or a lone surrogate
    ("\\ud800"), or an integer beyond 2**53, is a 422 naming where it is.
    """
    if not request.is_json:
        raise ApiProblem(415, _("Unsupported media type"), _("Send JSON (application/json)."))
    try:
        body = request.get_json(silent=True)
    except RecursionError:  # thousands of nested brackets
        body = None
    if not isinstance(body, dict):
        raise ApiProblem(400, _("Bad request"), _("The body must be a JSON object."))
    problems = _unstorable(body)
    if problems:
        raise validation_problem(problems[:20])
    return body


def _unstorable(body: dict[str, Any]) -> list[dict[str, str]]:
    """Where a body holds values no column can store (walked without recursion)."""
    problems = []
    stack: list[tuple[str, Any, int]] = [("", body, 0)]
    while stack:
        pointer, value, depth = stack.pop()
        field = pointer.rsplit("/", 1)[-1]
        message = None
        if depth > MAX_BODY_DEPTH:
            message = _("Too deeply nested.")
        elif isinstance(value, dict):
            stack.extend((f"{pointer}/{key}", item, depth + 1) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend((f"{pointer}/{i}", item, depth + 1) for i, item in enumerate(value))
        elif isinstance(value, str) and not is_storable(value):
            message = _("Remove the control characters (such as NUL) from this text.")
        elif isinstance(value, int) and abs(value) > MAX_JSON_INTEGER:
            message = _("This number is too large.")
        if message is not None:
            problems.append({"pointer": pointer, "field": field, "message": message})
    return sorted(problems, key=lambda problem: problem["pointer"])


def _unknown_fields(body: dict[str, Any], allowed: set[str], prefix: str = "") -> None:
    unknown = sorted(set(body) - allowed)
    if unknown:
        raise validation_problem([
            {"pointer": f"{prefix}/{name}", "field": name, "message": _("Unknown field.")}
            for name in unknown[:20]
        ])  # fmt: skip


@bp.get("/token")
@limiter.limit(write_limit, key_func=token_rate_key)
@token_required(Action.ACCOUNT)
def token() -> Response:
    """Who the token acts as, and when it expires."""
    user = api_user()
    current = current_token()
    body = q.clean({
        "user": {"id": user.id, "name": user.name, "role": user.role,
                 "department_id": user.department_id},
        "token": {"name": current.name, "prefix": current.prefix,
                  "expires_at": current.expires_at, "created_at": current.created_at},
    })  # fmt: skip
    return jsonify(body)


@bp.post("/measurements")
@limiter.limit(write_limit, key_func=token_rate_key)
@token_required(Action.ENTER_DATA)
def write_measurements() -> Response:
    """Add or correct many values at once, all or nothing (dry_run: only say what would change)."""
    body = _json_object()
    _unknown_fields(body, {"measurements", "dry_run"})
    items = body.get("measurements")
    dry_run = body.get("dry_run", False)
    problems = []
    if not isinstance(items, list) or not 1 <= len(items) <= MAX_ITEMS:
        problems.append({"pointer": "/measurements", "field": "measurements", "message": _(
            "Give a list of 1 to %(n)d measurements.", n=MAX_ITEMS)})  # fmt: skip
    if not isinstance(dry_run, bool):
        problems.append({"pointer": "/dry_run", "field": "dry_run",
                         "message": _("Give true or false.")})  # fmt: skip
    if problems:
        raise validation_problem(problems)
    assert isinstance(items, list)
    user = api_user()
    catalogue = Catalogue(user)
    reading, forbidden = read_items(items, catalogue, date.today())
    if forbidden:
        raise ApiProblem(
            403,
            _("Not allowed"),
            _("You can only enter data for your department's indicators (not %(ids)s).",
              ids=", ".join(str(i) for i in sorted(forbidden))),
        )  # fmt: skip
    plan = plan_values(reading, catalogue)
    if plan.errors:
        raise validation_problem([
            {"pointer": f"/measurements/{error.row}" + (f"/{error.column}" if error.column else ""),
             "field": error.column, "index": error.row, "message": error.message}
            for error in plan.errors
        ])  # fmt: skip
    result = {"added": len(plan.adds), "changed": len(plan.changes),
              "unchanged": plan.unchanged, "dry_run": dry_run}  # fmt: skip
    if not dry_run:
        try:
            source = {"source": "api", "token": current_token().prefix}
            apply_plan(plan, actor_id=user.id, source=source)
        except EditConflict:
            detail = _("A value changed while this request ran. Send it again.")
            raise ApiProblem(409, _("Conflict"), detail) from None
    db.session.commit()
    return jsonify(result)


UPDATE_FIELDS = {"reported_on", "status", "summary", "next_steps", "blockers", "translations"}
UPDATE_TEXT_LIMIT = 5000


def _translations(value: Any, model: type[Any], limit: int) -> tuple[Entered, list[dict[str, Any]]]:
    """A body's ``translations`` ({"is": {"summary": "…"}}) checked like the originals: a
    configured translation language, a translated field, text of up to limit characters."""
    if not isinstance(value, dict):
        message = _("Give an object of languages, each an object of fields and their text.")
        return {}, [{"pointer": "/translations", "field": "translations", "message": message}]
    problems: list[dict[str, Any]] = []
    entered: dict[str, dict[str, str | None]] = {}
    for lang, fields in value.items():
        pointer = f"/translations/{lang}"
        if lang not in translation_languages():
            problems.append({"pointer": pointer, "field": "translations", "message": _(
                "Give one of the languages content is translated into: %(languages)s.",
                languages=", ".join(translation_languages()))})  # fmt: skip
            continue
        if not isinstance(fields, dict):
            problems.append({"pointer": pointer, "field": "translations",
                             "message": _("Give an object of fields and their text.")})  # fmt: skip
            continue
        for name, text in fields.items():
            key = field_key(name, lang)
            if name not in model.TRANSLATED:
                problems.append({"pointer": f"{pointer}/{name}", "field": key,
                                 "message": _("This field cannot be translated.")})  # fmt: skip
            elif not (text is None or isinstance(text, str)) or len(text or "") > limit:
                problems.append({"pointer": f"{pointer}/{name}", "field": key, "message": _(
                    "Give text of up to %(n)d characters.", n=limit)})  # fmt: skip
            else:
                entered.setdefault(lang, {})[name] = text
    return entered, problems


def _pointer(field: str) -> str:
    """The JSON pointer of a service error's field: summary_is is /translations/is/summary."""
    for lang in translation_languages():
        suffix = f"_{lang}"
        if field.endswith(suffix):
            return f"/translations/{lang}/{field[: -len(suffix)]}"
    return f"/{field}" if field else ""


def _update_data(body: dict[str, Any]) -> UpdateData:
    _unknown_fields(body, UPDATE_FIELDS)
    problems = []
    texts: dict[str, str] = {}
    for name in ("status", "summary", "next_steps", "blockers"):
        value = body.get(name, "")
        if not isinstance(value, str) or len(value) > UPDATE_TEXT_LIMIT:
            problems.append({"pointer": f"/{name}", "field": name, "message": _(
                "Give text of up to %(n)d characters.", n=UPDATE_TEXT_LIMIT)})  # fmt: skip
        else:
            texts[name] = value
    translations: Entered = {}
    if "translations" in body:  # null is refused like any other non-object
        translations, wrong = _translations(body["translations"], ProgressUpdate, UPDATE_TEXT_LIMIT)
        problems.extend(wrong)
    reported = body.get("reported_on")
    reported_on = None
    if isinstance(reported, str):
        try:
            reported_on = date.fromisoformat(reported)
        except ValueError:
            reported_on = None
    if reported_on is None or len(str(reported)) != 10:
        problems.append({"pointer": "/reported_on", "field": "reported_on",
                         "message": _("Give the report date as YYYY-MM-DD.")})  # fmt: skip
    if problems:
        raise validation_problem(problems)
    assert reported_on is not None
    return UpdateData(
        reported_on=reported_on,
        status=texts["status"],
        summary=texts["summary"],
        next_steps=texts["next_steps"],
        blockers=texts["blockers"],
        translations=translations,
    )


@bp.post("/interventions/<int:intervention_id>/updates")
@limiter.limit(write_limit, key_func=token_rate_key)
@token_required(Action.POST_UPDATE)
def write_update(intervention_id: int) -> tuple[Response, int]:
    """Post a progress update on an intervention (a draft until the mission office publishes)."""
    body = _json_object()
    item = db.session.get(Intervention, intervention_id) if intervention_id <= MAX_ID else None
    if item is None:
        raise ApiProblem(404, _("Not found"), _("No intervention has this id."))
    user = api_user()
    if not authorize(user, Action.POST_UPDATE, item):
        detail = _("You can only post updates on your department's interventions.")
        raise ApiProblem(403, _("Not allowed"), detail)
    data = _update_data(body)
    try:
        update = save_update(None, item, data, expected_version=0, actor=user)
    except DomainError as error:
        name = error.field or ""
        raise validation_problem(
            [{"pointer": _pointer(name), "field": name, "message": error.message}]
        ) from None
    db.session.commit()
    return jsonify(q.update_json(update)), 201
