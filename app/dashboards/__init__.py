"""Dashboards: SQL aggregates and pure chart builders shared by staff and public pages."""

from flask import Blueprint

bp = Blueprint("dashboards", __name__, url_prefix="/staff/dashboards")

from app.dashboards import routes  # noqa: E402,F401
