"""Indicators: definitions, baselines, targets and interim targets."""

from flask import Blueprint

bp = Blueprint("indicators", __name__, url_prefix="/staff/indicators")

from app.indicators import routes  # noqa: E402,F401
