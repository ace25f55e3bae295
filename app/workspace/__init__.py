"""The staff home: what is due and overdue for the signed-in user."""

from flask import Blueprint

bp = Blueprint("workspace", __name__, url_prefix="/staff")

from app.workspace import routes  # noqa: E402,F401
