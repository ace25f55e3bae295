"""Open data: published content as CSV files described by a Frictionless Data Package."""

from flask import Blueprint

bp = Blueprint("open_data", __name__, url_prefix="/open-data")

from app.open_data import routes  # noqa: E402,F401
