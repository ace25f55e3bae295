"""The History tab: every audited change to one object."""

from flask import Blueprint

bp = Blueprint("history", __name__, url_prefix="/staff/history")

from app.history import routes  # noqa: E402,F401
