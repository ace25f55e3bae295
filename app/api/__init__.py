"""The JSON API, version 1: public reads and token-authenticated writes."""

from flask import Blueprint

from app.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# Writes authenticate with bearer tokens, never with the session cookie, so CSRF cannot apply.
csrf.exempt(bp)

from app.api import routes  # noqa: E402,F401
