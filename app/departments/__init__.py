"""Departments: the city units that lead interventions and own indicators."""

from flask import Blueprint

bp = Blueprint("departments", __name__, url_prefix="/staff/departments")

from app.departments import routes  # noqa: E402,F401
