"""Twice-yearly reporting rounds: opened by the mission office (or on configured dates), a status
report per active intervention written by its lead, reviewed, and published all at once."""

from flask import Blueprint

bp = Blueprint("rounds", __name__, url_prefix="/staff/rounds")

from app.rounds import routes  # noqa: E402,F401
