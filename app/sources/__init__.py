"""Indicators from files, and sources that indicators follow and refresh on a schedule."""

from flask import Blueprint

bp = Blueprint("sources", __name__, url_prefix="/staff/sources")

from app.sources import routes  # noqa: E402,F401
