"""The OpenAPI 3.1 document of API v1, written by hand as data, and its reading for the docs page.

Decision: the document is a hand-written dict rather than generated from schema classes: the
API is small, the views shape their JSON explicitly, and the tests (schemathesis) check every
answer against this document, so the two cannot drift apart unnoticed.
"""

from __future__ import annotations

from typing import Any

from app.translating import content_languages, translation_languages

API_VERSION = "1.0.0"
SLUG_PATTERN = "^[a-z0-9][a-z0-9-]{0,79}$"
MAX_ID = 2**31 - 1  # ids are 32-bit integers in PostgreSQL


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        return {"anyOf": [schema, {"type": "null"}]}
    kind = schema["type"]
    return {**schema, "type": [kind, "null"] if isinstance(kind, str) else [*kind, "null"]}


def _obj(
    properties: dict[str, Any], required: list[str] | None = None, **extra: Any
) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
        **extra,
    }


STRING = {"type": "string"}
INT = {"type": "integer"}
NUMBER = {"type": "number"}
BOOL = {"type": "boolean"}
DATE = {"type": "string", "format": "date"}
DATETIME = {"type": "string", "format": "date-time"}
LINKS = {"type": "object", "additionalProperties": {"type": "string"}}
TRANSLATIONS = {
    "type": "object",
    "description": "Every language's text of the translated fields, the source language "
    'included, e.g. {"en": {"title": "..."}, "is": {"title": "..."}}; a language without a '
    "translation of a field leaves that field out (readers fall back to the source).",
    "additionalProperties": {"type": "object", "additionalProperties": {"type": "string"}},
}


def _translations_write() -> dict[str, Any]:
    """A write's translations: the site's translation languages, an update's translated fields."""
    return {
        "type": "object",
        "description": "Translations to store, by language and field, e.g. "
        '{"is": {"summary": "..."}}: the site\'s translation languages and the translated '
        "fields only, each with the original's length limit; an empty text removes a "
        "translation.",
        "propertyNames": {"enum": list(translation_languages())},
        "additionalProperties": {
            "type": "object",
            "propertyNames": {"enum": ["summary", "next_steps", "blockers"]},
            "additionalProperties": {"type": ["string", "null"], "maxLength": 5000},
        },
    }


def _schemas() -> dict[str, Any]:
    combined = _obj(
        {
            "status": STRING,
            "status_label": STRING,
            "score": _nullable(NUMBER),
            "reason": _nullable(STRING),
            "count": INT,
            "scored_count": INT,
            "not_available_count": INT,
            "target_achieved_count": INT,
        }
    )
    freshness = _obj(
        {
            "frequency": STRING,
            "latest_period": _nullable(DATE),
            "due": _nullable(DATE),
            "overdue": BOOL,
            "days_overdue": INT,
            "current": BOOL,
        }
    )
    assessment = _obj(
        {
            "status": STRING,
            "status_label": STRING,
            "score": _nullable(NUMBER),
            "reason": _nullable(STRING),
            "reason_code": _nullable(STRING),
            "components": {"type": "object", "description": "Every input and step of the method"},
            "distance_travelled": _nullable(NUMBER),
            "time_elapsed": _nullable(NUMBER),
            "projected_at_target": _nullable(NUMBER),
        }
    )
    implementation_status = _obj(
        {
            "intervention_id": INT,
            "status": STRING,
            "reason": STRING,
            "manual": BOOL,
            "computed_status": STRING,
            "computed_reason": STRING,
            "override_reason": _nullable(STRING),
            "override_author": _nullable(STRING),
            "update_due": _nullable(DATE),
            "update_overdue": BOOL,
            "last_update": _nullable(DATE),
            "overdue_milestones": {"type": "array", "items": STRING},
            "progress": _nullable(NUMBER),
        }
    )
    mission_fields = {
        "id": INT,
        "slug": STRING,
        "title": STRING,
        "north_star": STRING,
        "target_population": STRING,
        "age_min": _nullable(INT),
        "age_max": _nullable(INT),
        "start_year": INT,
        "horizon_year": INT,
        "status": STRING,
        "illustrative": BOOL,
        "published_at": _nullable(DATETIME),
        "last_updated": _nullable(DATE),
        "translations": TRANSLATIONS,
        "links": LINKS,
        "progress": _ref("ProgressSummary"),
    }
    indicator_fields = {
        "id": INT,
        "code": _nullable(STRING),
        "title": STRING,
        "unit": STRING,
        "mission": STRING,
        "outcome_id": _nullable(INT),
        "department": _ref("Department"),
        "direction": {"type": "string", "enum": ["increase", "decrease"]},
        "frequency": {"type": "string", "enum": ["monthly", "quarterly", "yearly"]},
        "level": STRING,
        "sensitive": BOOL,
        "illustrative": BOOL,
        "translations": TRANSLATIONS,
        "links": LINKS,
    }
    value_at = _obj({"value": _nullable(NUMBER), "period": _nullable(DATE)})
    intervention_fields = {
        "id": INT,
        "external_id": _nullable(STRING),
        "title": STRING,
        "summary": STRING,
        "mission": STRING,
        "outcome_id": _nullable(INT),
        "stage": STRING,
        "start_date": _nullable(DATE),
        "end_date": _nullable(DATE),
        "budget": _nullable({"type": "string", "description": "ISK, as a decimal string"}),
        "age_min": _nullable(INT),
        "age_max": _nullable(INT),
        "lead_department": _ref("Department"),
        "partners": {
            "type": "array",
            "items": _obj({"department": _ref("Department"), "role": STRING}),
        },
        "status": _nullable(_ref("ImplementationStatus")),
        "illustrative": BOOL,
        "translations": TRANSLATIONS,
        "links": LINKS,
    }
    update_fields = {
        "id": INT,
        "intervention_id": INT,
        "reported_on": DATE,
        "status": STRING,
        "summary": STRING,
        "next_steps": STRING,
        "blockers": STRING,
        "published_at": _nullable(DATETIME),
        "translations": TRANSLATIONS,
        "links": LINKS,
    }
    return {
        "Problem": _obj(
            {
                "type": {"type": "string", "description": "A URI naming the kind of problem"},
                "title": STRING,
                "status": INT,
                "detail": STRING,
                "errors": {
                    "type": "array",
                    "description": "One entry per invalid field (validation problems)",
                    "items": {
                        "type": "object",
                        "properties": {
                            "pointer": STRING,
                            "parameter": STRING,
                            "field": STRING,
                            "index": INT,
                            "message": STRING,
                        },
                    },
                },
            },
            ["type", "title", "status"],
        ),
        "PageMeta": _obj({"total": INT, "limit": INT, "offset": INT}),
        "PageLinks": _obj(
            {"self": STRING, "first": STRING, "next": _nullable(STRING), "prev": _nullable(STRING)}
        ),
        "Department": _obj(
            {"id": INT, "code": STRING, "name": STRING, "translations": TRANSLATIONS}
        ),
        "Combined": combined,
        "Freshness": freshness,
        "ProgressSummary": _obj(
            {
                "outcome_lens": _ref("Combined"),
                "output_lens": _ref("Combined"),
                "implementation": _obj(
                    {
                        "count": INT,
                        "active_count": INT,
                        "counts": {"type": "object", "additionalProperties": INT},
                        "progress": _nullable(NUMBER),
                    }
                ),
                "freshness": _obj(
                    {
                        "indicator_count": INT,
                        "indicators_current": INT,
                        "indicators_current_share": _nullable(NUMBER),
                        "overdue_indicator_ids": {"type": "array", "items": INT},
                        "active_intervention_count": INT,
                        "interventions_updated": INT,
                        "interventions_updated_share": _nullable(NUMBER),
                        "overdue_intervention_ids": {"type": "array", "items": INT},
                    }
                ),
                "indicator_ids": {"type": "array", "items": INT},
                "intervention_ids": {"type": "array", "items": INT},
            }
        ),
        "Coverage": _obj(
            {
                "age_min": INT,
                "age_max": INT,
                "ages": {
                    "type": "array",
                    "items": _obj(
                        {
                            "age": INT,
                            "intervention_ids": {"type": "array", "items": INT},
                            "department_ids": {"type": "array", "items": INT},
                            "department_count": INT,
                        }
                    ),
                },
                "gaps": {"type": "array", "items": {"type": "array", "items": INT}},
                "untargeted_intervention_ids": {"type": "array", "items": INT},
            }
        ),
        "MissionSummary": _obj(mission_fields),
        "Mission": _obj(
            {
                **mission_fields,
                "problem_statement": STRING,
                "coverage": _nullable(_ref("Coverage")),
                "outcomes": {
                    "type": "array",
                    "items": _obj(
                        {
                            "id": INT,
                            "title": STRING,
                            "description": STRING,
                            "position": INT,
                            "translations": TRANSLATIONS,
                            "progress": _nullable(_ref("ProgressSummary")),
                        }
                    ),
                },
                "indicators": {
                    "type": "array",
                    "items": _obj(
                        {
                            "id": INT,
                            "code": _nullable(STRING),
                            "title": STRING,
                            "unit": STRING,
                            "outcome_id": _nullable(INT),
                            "level": STRING,
                            "status": STRING,
                            "score": _nullable(NUMBER),
                            "manual": BOOL,
                            "freshness": _ref("Freshness"),
                            "links": LINKS,
                        }
                    ),
                },
                "interventions": {
                    "type": "array",
                    "items": _obj(
                        {
                            "id": INT,
                            "title": STRING,
                            "outcome_id": _nullable(INT),
                            "stage": STRING,
                            "lead_department": _ref("Department"),
                            "status": STRING,
                            "links": LINKS,
                        }
                    ),
                },
                "report_dates": {"type": "array", "items": DATE},
            }
        ),
        "IndicatorSummary": _obj(indicator_fields),
        "Assessment": assessment,
        "Indicator": _obj(
            {
                **indicator_fields,
                "definition": STRING,
                "decimals": INT,
                "baseline": value_at,
                "target": value_at,
                "limit": _nullable(NUMBER),
                "source": STRING,
                "interim_targets": {
                    "type": "array",
                    "items": _obj({"period": DATE, "value": NUMBER}),
                },
                "assessment": _obj(
                    {
                        "status": STRING,
                        "reason": _nullable(STRING),
                        "manual": BOOL,
                        "override_reason": _nullable(STRING),
                        "override_author": _nullable(STRING),
                        "headline": _ref("Assessment"),
                        "breakdowns": {
                            "type": "object",
                            "additionalProperties": _ref("Assessment"),
                            "description": "Left empty for sensitive indicators",
                        },
                        "freshness": _ref("Freshness"),
                    }
                ),
                "suppressed": BOOL,
                "measurements": {"type": "array", "items": _ref("MeasurementPoint")},
            }
        ),
        "MeasurementPoint": _obj(
            {
                "period": DATE,
                "breakdown": {"type": "string", "description": "name=value|...; empty: headline"},
                "value": _nullable(NUMBER),
                "withheld": {"type": "boolean", "description": "Withheld to protect privacy"},
                "provisional": BOOL,
            }
        ),
        "ImplementationStatus": implementation_status,
        "InterventionSummary": _obj(intervention_fields),
        "Intervention": _obj(
            {**intervention_fields, "updates": {"type": "array", "items": _ref("Update")}}
        ),
        "Update": _obj(update_fields),
        "UpdateCreated": _obj({**update_fields, "is_published": BOOL}),
        "MeasurementInput": _obj(
            {
                "indicator_id": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                "period": {
                    "type": "string",
                    "maxLength": 10,
                    "description": "YYYY, YYYY-MM, YYYY-Qn or YYYY-MM-DD",
                },
                "breakdown": {
                    "description": "A key (sex=Female|age=6-9) or an object of dimensions; "
                    "empty or absent for the headline",
                    "anyOf": [
                        {"type": "string", "maxLength": 500},
                        {"type": "object", "additionalProperties": {"type": "string"}},
                    ],
                },
                "value": NUMBER,
                "status": {
                    "type": "string",
                    "enum": ["final", "provisional"],
                    "description": "Absent: keep the stored status (new: final)",
                },
                "source_note": {
                    "type": "string",
                    "maxLength": 300,
                    "description": "Absent: keep the stored note",
                },
            },
            ["indicator_id", "period", "value"],
            additionalProperties=False,
        ),
        "MeasurementWrite": _obj(
            {
                "measurements": {
                    "type": "array",
                    "items": _ref("MeasurementInput"),
                    "minItems": 1,
                    "maxItems": 10000,
                },
                "dry_run": {
                    "type": "boolean",
                    "default": False,
                    "description": "Only report what would change",
                },
            },
            ["measurements"],
            additionalProperties=False,
        ),
        "MeasurementResult": _obj(
            {"added": INT, "changed": INT, "unchanged": INT, "dry_run": BOOL}
        ),
        "UpdateWrite": _obj(
            {
                "reported_on": {"type": "string", "format": "date"},
                "status": {"type": "string", "enum": ["on_track", "at_risk", "off_track"]},
                "summary": {"type": "string", "minLength": 1, "maxLength": 5000},
                "next_steps": {"type": "string", "maxLength": 5000},
                "blockers": {
                    "type": "string",
                    "maxLength": 5000,
                    "description": "Required when off track",
                },
                "translations": _translations_write(),
            },
            ["reported_on", "status", "summary"],
            additionalProperties=False,
        ),
        "TokenInfo": _obj(
            {
                "user": _obj(
                    {"id": INT, "name": STRING, "role": STRING, "department_id": _nullable(INT)}
                ),
                "token": _obj(
                    {
                        "name": STRING,
                        "prefix": STRING,
                        "expires_at": _nullable(DATETIME),
                        "created_at": DATETIME,
                    }
                ),
            }
        ),
    }


def _problem(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/problem+json": {"schema": _ref("Problem")}},
    }


def _json(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _page(item: str) -> dict[str, Any]:
    return _obj(
        {
            "data": {"type": "array", "items": _ref(item)},
            "meta": _ref("PageMeta"),
            "links": _ref("PageLinks"),
        }
    )


PAGING = [
    {
        "name": "limit",
        "in": "query",
        "required": False,
        "description": "Items per page (1-100)",
        "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20},
    },
    {
        "name": "offset",
        "in": "query",
        "required": False,
        "description": "Items to skip",
        "schema": {"type": "integer", "minimum": 0, "maximum": 1000000, "default": 0},
    },
]
MISSION_FILTER = {
    "name": "mission",
    "in": "query",
    "required": False,
    "description": "Only this mission's (its slug)",
    "schema": {"type": "string", "pattern": SLUG_PATTERN},
}


def _language_parameter() -> dict[str, Any]:
    """?lang=: the language content is answered in (the site's languages, from its settings)."""
    return {
        "name": "lang",
        "in": "query",
        "required": False,
        "description": "Answer content in this language; a field without a translation falls "
        "back to the source language (the first). Every language's text is under "
        "translations. Another value is a 400.",
        "schema": {"type": "string", "enum": list(content_languages())},
    }


READ_ERRORS = {
    "400": _problem("A query parameter is not valid"),
    "429": _problem("Too many requests from this address"),
}
WRITE_ERRORS = {
    "400": _problem("The body is not a JSON object"),
    "401": _problem("No token, or an unknown, revoked or expired one"),
    "403": _problem("The token's user may not do this (role or department)"),
    "409": _problem("A value changed while the request ran; send it again"),
    "413": _problem("The body is larger than 1 MB"),
    "415": _problem("The body is not JSON"),
    "422": _problem("Invalid values; nothing was saved (see errors)"),
    "429": _problem("Too many requests with this token"),
}
SECURED: list[dict[str, list[str]]] = [{"bearerToken": []}]


def _paths() -> dict[str, Any]:
    lang = _language_parameter()
    return {
        "/missions": {
            "get": {
                "operationId": "listMissions",
                "tags": ["Missions"],
                "summary": "Published missions with both lenses and freshness",
                "parameters": [*PAGING, lang],
                "responses": {
                    "200": _json("A page of missions", _page("MissionSummary")),
                    **READ_ERRORS,
                },
            }
        },
        "/missions/{slug}": {
            "get": {
                "operationId": "getMission",
                "tags": ["Missions"],
                "summary": "One published mission",
                "description": "Both lenses for the mission and each outcome, life-course "
                "coverage, its indicators and interventions.",
                "parameters": [
                    {
                        "name": "slug",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string", "pattern": SLUG_PATTERN},
                    },
                    lang,
                ],
                "responses": {
                    "200": _json("The mission", _ref("Mission")),
                    "404": _problem("No published mission has this slug"),
                    **READ_ERRORS,
                },
            }
        },
        "/indicators": {
            "get": {
                "operationId": "listIndicators",
                "tags": ["Indicators"],
                "summary": "Published indicators",
                "parameters": [*PAGING, MISSION_FILTER, lang],
                "responses": {
                    "200": _json("A page of indicators", _page("IndicatorSummary")),
                    **READ_ERRORS,
                },
            }
        },
        "/indicators/{indicator_id}": {
            "get": {
                "operationId": "getIndicator",
                "tags": ["Indicators"],
                "summary": "One published indicator with its values and assessment",
                "description": "Breakdown values of sensitive indicators below the small-number "
                "threshold are withheld (value null, withheld true).",
                "parameters": [
                    {
                        "name": "indicator_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                    },
                    lang,
                ],
                "responses": {
                    "200": _json("The indicator", _ref("Indicator")),
                    "404": _problem("No published indicator has this id"),
                    **READ_ERRORS,
                },
            }
        },
        "/interventions": {
            "get": {
                "operationId": "listInterventions",
                "tags": ["Interventions"],
                "summary": "Published interventions with their implementation status",
                "parameters": [*PAGING, MISSION_FILTER, lang],
                "responses": {
                    "200": _json("A page of interventions", _page("InterventionSummary")),
                    **READ_ERRORS,
                },
            }
        },
        "/interventions/{intervention_id}": {
            "get": {
                "operationId": "getIntervention",
                "tags": ["Interventions"],
                "summary": "One published intervention with its published updates",
                "parameters": [
                    {
                        "name": "intervention_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                    },
                    lang,
                ],
                "responses": {
                    "200": _json("The intervention", _ref("Intervention")),
                    "404": _problem("No published intervention has this id"),
                    **READ_ERRORS,
                },
            }
        },
        "/interventions/{intervention_id}/updates": {
            "post": {
                "operationId": "postUpdate",
                "tags": ["Writing"],
                "summary": "Post a progress update (a draft until the mission office publishes it)",
                "security": SECURED,
                "parameters": [
                    {
                        "name": "intervention_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                    }
                ],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": _ref("UpdateWrite")}},
                },
                "responses": {
                    "201": _json("The update, saved", _ref("UpdateCreated")),
                    "404": _problem("No intervention has this id"),
                    **WRITE_ERRORS,
                },
            }
        },
        "/updates": {
            "get": {
                "operationId": "listUpdates",
                "tags": ["Interventions"],
                "summary": "Published progress updates (status reports), newest first",
                "parameters": [
                    *PAGING,
                    {
                        "name": "intervention_id",
                        "in": "query",
                        "required": False,
                        "description": "Only this intervention's",
                        "schema": {"type": "integer", "minimum": 1, "maximum": 999999999},
                    },
                    lang,
                ],
                "responses": {"200": _json("A page of updates", _page("Update")), **READ_ERRORS},
            }
        },
        "/measurements": {
            "post": {
                "operationId": "writeMeasurements",
                "tags": ["Writing"],
                "summary": "Add or correct many values at once, all or nothing",
                "description": "Each value is stored for the period (normalised to the indicator's "
                "frequency) and breakdown; an existing value is corrected and the "
                "old one kept in the history. Department leads may only write their "
                "department's indicators (403 otherwise). With dry_run nothing is "
                "written.",
                "security": SECURED,
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": _ref("MeasurementWrite")}},
                },
                "responses": {
                    "200": _json("What was added and changed", _ref("MeasurementResult")),
                    **WRITE_ERRORS,
                },
            }
        },
        "/token": {
            "get": {
                "operationId": "getToken",
                "tags": ["Writing"],
                "summary": "Who the token acts as",
                "security": SECURED,
                "responses": {
                    "200": _json("The token's user", _ref("TokenInfo")),
                    "401": WRITE_ERRORS["401"],
                    "429": WRITE_ERRORS["429"],
                },
            }
        },
    }


def document() -> dict[str, Any]:
    """The OpenAPI document (paths relative to the server /api/v1)."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "AIM Tracker API",
            "version": API_VERSION,
            "description": (
                "Published missions, indicators, interventions and status reports, and "
                "token-authenticated writes of measurements and progress updates. Errors are "
                "RFC 9457 problem details (application/problem+json). Lists are paginated "
                "with limit and offset and carry links to the next and previous pages."
            ),
            "license": {"name": "CC-BY-4.0", "identifier": "CC-BY-4.0"},
        },
        "servers": [{"url": "/api/v1"}],
        "tags": [
            {"name": "Missions"},
            {"name": "Indicators"},
            {"name": "Interventions"},
            {"name": "Writing", "description": "Needs an API token (Authorization: Bearer)"},
        ],
        "paths": _paths(),
        "components": {
            "schemas": _schemas(),
            "securitySchemes": {
                "bearerToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A token created under Staff > Import and export > API "
                    "tokens. It acts as its user, with that user's role and "
                    "department.",
                }
            },
        },
    }


# ---- reading the document for the docs page ----


def type_label(schema: dict[str, Any]) -> str:
    """A short human name of a schema's type: 'string (date) or null', 'array of Update'."""
    if "$ref" in schema:
        ref: str = schema["$ref"]
        return ref.rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " or ".join(type_label(part) for part in schema["anyOf"])
    kind = schema.get("type", "any")
    kinds = kind if isinstance(kind, list) else [kind]
    labels = []
    for item in kinds:
        if item == "array":
            labels.append("array of " + type_label(schema.get("items", {})))
        elif item in ("string", "integer", "number") and schema.get("format"):
            labels.append(f"{item} ({schema['format']})")
        elif item == "string" and schema.get("enum"):
            labels.append("one of " + ", ".join(schema["enum"]))
        else:
            labels.append(str(item))
    return " or ".join(labels)


def operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Every operation with its method, path and the parts the docs page lists."""
    found = []
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            found.append(
                {
                    "id": operation["operationId"],
                    "method": method.upper(),
                    "path": spec["servers"][0]["url"] + path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "secured": bool(operation.get("security")),
                    "parameters": [
                        {
                            "name": p["name"],
                            "in": p["in"],
                            "required": p.get("required", False),
                            "type": type_label(p["schema"]),
                            "description": p.get("description", ""),
                        }
                        for p in operation.get("parameters", [])
                    ],
                    "body": type_label(body["schema"]) if body else None,
                    "responses": [
                        {
                            "status": status,
                            "description": response["description"],
                            "type": next(
                                (
                                    type_label(c["schema"])
                                    for c in response.get("content", {}).values()
                                ),
                                "",
                            ),
                        }
                        for status, response in operation["responses"].items()
                    ],
                }
            )
    return found


def schema_tables(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Every component schema with one row per property."""
    tables = []
    for name, schema in spec["components"]["schemas"].items():
        required = set(schema.get("required", []))
        tables.append(
            {
                "name": name,
                "rows": [
                    {
                        "name": prop,
                        "type": type_label(sub),
                        "required": prop in required,
                        "description": sub.get("description", ""),
                    }
                    for prop, sub in schema.get("properties", {}).items()
                ],
            }
        )
    return tables
