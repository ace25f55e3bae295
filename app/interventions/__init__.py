"""Interventions with their partners, milestones and progress updates."""

from flask import Blueprint

bp = Blueprint("interventions", __name__, url_prefix="/staff/interventions")

from app.interventions import learning_routes, routes  # noqa: E402,F401
