"""Review meetings (Stat-style): agenda from the statuses, decisions and follow-ups, minutes."""

from flask import Blueprint

bp = Blueprint("meetings", __name__, url_prefix="/staff/meetings")
# The published minutes, on the public site (GET only).
public_bp = Blueprint("meeting_minutes", __name__)

from app.meetings import routes  # noqa: E402,F401
