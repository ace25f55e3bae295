"""Email: reminders to owners, the mission office's digest, residents who follow a mission."""

from flask import Blueprint

bp = Blueprint("notifications", __name__)

from app.notifications import routes  # noqa: E402,F401
