"""Measurements: single values, corrections, and the period data-entry grid."""

from flask import Blueprint

bp = Blueprint("measurements", __name__, url_prefix="/staff")

from app.measurements import routes  # noqa: E402,F401
