"""URL converters and request guards shared by every blueprint."""

from __future__ import annotations

from typing import Any

from flask import Flask, abort, current_app, request, url_for
from werkzeug.routing import IntegerConverter, Map

# Ids are 32-bit integers in PostgreSQL; a larger number can only be a wrong address.
MAX_ID = 2**31 - 1


def is_row_id(text: str) -> bool:
    """Whether text (a form field, a file's cell) is an id a column can hold: ASCII digits up to
    MAX_ID ('²' passes str.isdigit, but int() cannot read it)."""
    return text.isascii() and text.isdigit() and int(text) <= MAX_ID


class IdConverter(IntegerConverter):
    """<int:...> limited to the range a database id can have, so larger numbers are a 404."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


# Where absolute links point when PUBLIC_BASE_URL is not set (development: `make run`).
DEVELOPMENT_BASE_URL = "http://127.0.0.1:5000"


def site_base_url() -> str:
    """The site's canonical address for absolute links (email, feeds): PUBLIC_BASE_URL, or the
    development address. Never the request's Host header, which a client chooses."""
    return str(current_app.config.get("PUBLIC_BASE_URL") or DEVELOPMENT_BASE_URL)


def public_url(endpoint: str, **values: Any) -> str:
    """The address of a page for use outside the site: PUBLIC_BASE_URL and the page's path, or
    the path alone when no base is configured. Never built from the request's Host header, so a
    forged Host cannot end up in a cached page or download."""
    path = url_for(endpoint, **values)
    base = str(current_app.config.get("PUBLIC_BASE_URL") or "")
    if not base:
        return path
    return base + path


def refuse_nul_bytes() -> None:
    """A NUL byte is never valid in our addresses, and PostgreSQL refuses it. (In a form it is
    a message on its field: app.forms.storable_text.)"""
    if "\x00" in request.path or any("\x00" in v for v in request.args.values()):
        abort(404)


def register(app: Flask) -> None:
    """Install the converters (before any blueprint adds its rules) and the guard."""
    app.url_map.converters["int"] = IdConverter
    app.before_request(refuse_nul_bytes)
