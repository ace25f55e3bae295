"""Missions and their outcomes: staff views, and the reads that assemble a mission's progress."""

from flask import Blueprint

bp = Blueprint("missions", __name__, url_prefix="/staff/missions")

from app.missions import routes  # noqa: E402,F401
