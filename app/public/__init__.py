"""Public, read-only pages: GET only, published content only."""

from flask import Blueprint

bp = Blueprint("public", __name__)

from app.public import finding, rounds, routes  # noqa: E402,F401
