"""Public page views."""

from __future__ import annotations

from flask import render_template

from app.public import bp
from app.public.queries import list_published_missions


@bp.get("/")
def index() -> str:
    """The home page: every published mission."""
    return render_template("public/index.html", missions=list_published_missions())
