"""URL converters and request guards shared by every blueprint."""

from __future__ import annotations

from typing import Any

from flask import Flask, abort, request
from werkzeug.routing import IntegerConverter, Map

# Ids are 32-bit integers in PostgreSQL; a larger number can only be a wrong address.
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """<int:...> limited to the range a database id can have, so larger numbers are a 404."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def refuse_nul_bytes() -> None:
    """A NUL byte is never valid in our addresses or forms, and PostgreSQL refuses it."""
    if "\x00" in request.path or any("\x00" in v for v in request.args.values()):
        abort(404)
    if (
        request.method == "POST"
        and request.form
        and any("\x00" in value for value in request.form.values())
    ):
        abort(400)


def register(app: Flask) -> None:
    """Install the converters (before any blueprint adds its rules) and the guard."""
    app.url_map.converters["int"] = IdConverter
    app.before_request(refuse_nul_bytes)
