"""Serve plotly.js from the installed plotly package: same version as the Python side, no CDN."""

from __future__ import annotations

import gzip
import hashlib
from functools import cache

import plotly
from flask import Blueprint, Response, abort, request
from plotly.offline import get_plotlyjs

bp = Blueprint("assets", __name__)

PLOTLY_VERSION = plotly.__version__


@cache
def _plotly_js() -> tuple[bytes, bytes, str]:
    """The script, its gzip form (about a third of the size, for phones) and an ETag."""
    body = get_plotlyjs().encode()
    return body, gzip.compress(body, compresslevel=9), hashlib.sha256(body).hexdigest()[:32]


@bp.get("/assets/plotly-<version>.min.js")
def plotly_js(version: str) -> Response:
    """plotly.min.js, cached for a year: the URL changes with the version."""
    if version != PLOTLY_VERSION:
        abort(404)
    body, compressed, etag = _plotly_js()
    if request.if_none_match.contains(etag):
        return Response(status=304, headers={"ETag": f'"{etag}"'})
    if request.accept_encodings.quality("gzip") > 0:
        response = Response(compressed, mimetype="text/javascript")
        response.headers["Content-Encoding"] = "gzip"
    else:
        response = Response(body, mimetype="text/javascript")
    response.headers["Vary"] = "Accept-Encoding"
    response.set_etag(etag)
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
