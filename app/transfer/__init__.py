"""Data in and out: spreadsheet and Open SDG imports, exports, templates."""

from flask import Blueprint

bp = Blueprint("transfer", __name__, url_prefix="/staff/data")

from app.transfer import routes  # noqa: E402,F401
