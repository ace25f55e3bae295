"""Serve plotly.js from our own server: the full bundle of the installed plotly package for staff
pages, and the partial "basic" bundle (scatter, bar, pie: the traces public charts draw) vendored
in app/static/vendor for public pages. Both gzip-compressed, versioned and cached for a year."""

from __future__ import annotations

import gzip
import hashlib
from functools import cache
from pathlib import Path

import plotly
from flask import Blueprint, Response, abort, request
from plotly.offline import get_plotlyjs, get_plotlyjs_version

bp = Blueprint("assets", __name__)

PLOTLY_VERSION = plotly.__version__
# The plotly.js release inside the Python package; the vendored partial bundle must be the same
# release, so both kinds of page draw a figure alike (tests/test_assets.py checks the file).
PLOTLY_JS_VERSION = get_plotlyjs_version()
VENDOR = Path(__file__).resolve().parent / "static" / "vendor"


def basic_bundle_path(version: str = PLOTLY_JS_VERSION) -> Path:
    """The vendored plotly.js basic bundle (npm package plotly.js-basic-dist-min)."""
    return VENDOR / f"plotly-basic-{version}.min.js"


@cache
def _compressed(name: str) -> tuple[bytes, bytes, str]:
    """A script, its gzip form (about a third of the size, for phones) and an ETag."""
    body = get_plotlyjs().encode() if name == "full" else basic_bundle_path().read_bytes()
    return body, gzip.compress(body, compresslevel=9), hashlib.sha256(body).hexdigest()[:32]


def _script(name: str) -> Response:
    body, compressed, etag = _compressed(name)
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


@bp.get("/assets/plotly-<version>.min.js")
def plotly_js(version: str) -> Response:
    """plotly.min.js (every trace type; staff pages), cached for a year: the URL changes with
    the version."""
    if version != PLOTLY_VERSION:
        abort(404)
    return _script("full")


@bp.get("/assets/plotly-basic-<version>.min.js")
def plotly_basic_js(version: str) -> Response:
    """The partial plotly.js bundle of public pages (about a quarter of the full one, gzipped),
    cached for a year: the URL changes with the plotly.js version."""
    if version != PLOTLY_JS_VERSION:
        abort(404)
    return _script("basic")
