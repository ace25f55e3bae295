"""Health check."""

from __future__ import annotations

import time

from flask import Response, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import db
from app.ops import bp


@bp.get("/healthz")
def healthz() -> tuple[Response, int]:
    """Report whether the app can reach its database (200 when it can, 503 when not)."""
    started = time.perf_counter()
    try:
        db.session.execute(text("SELECT 1"))
        database: dict[str, str | float] = {"status": "ok"}
        code = 200
    except SQLAlchemyError as exc:
        db.session.rollback()
        database = {"status": "error", "error": type(exc).__name__}
        code = 503
    database["latency_ms"] = round((time.perf_counter() - started) * 1000, 2)
    return jsonify(status="ok" if code == 200 else "degraded", database=database), code
