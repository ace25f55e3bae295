"""Public page caching: server-side cache, ETag and Last-Modified keyed on the content version."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from flask import Response, current_app, make_response, request
from flask_babel import get_locale
from werkzeug.datastructures import ImmutableMultiDict

from app.content import cached_content_version
from app.extensions import cache, db

# How long browsers and proxies may reuse a public page before asking again (they then get a
# cheap 304 if nothing changed).
PUBLIC_MAX_AGE = 60


def public_page(view: Callable[..., Any] | None = None, *, params: tuple[str, ...] = ()) -> Any:
    """Serve a public GET from the cache when the content version and language are unchanged.

    ``@public_page`` or ``@public_page(params=("limit", "offset"))``: the query arguments a page
    reads. The view sees only those (and ``lang``), and the cache key holds exactly them, so
    ``?anything=random`` is served from the cache and cannot make a variant of its own. The key
    holds no Host either: pages write no address built from the request's host (see
    app.routing.public_url).
    """
    if view is None:
        return functools.partial(public_page, params=params)
    allowed = frozenset(params) | {"lang"}

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Response:
        kept = [(k, v) for k, v in request.args.items(multi=True) if k in allowed]
        request.args = ImmutableMultiDict(kept)  # what the key holds
        version, changed_at = cached_content_version(db.session)
        locale = str(get_locale() or "en")
        key = f"public:{version}:{locale}:{request.path}?{urlencode(sorted(kept))}"
        etag = hashlib.sha256(key.encode()).hexdigest()[:32]
        if request.if_none_match.contains(etag):
            response = Response(status=304)
        else:
            use_cache = current_app.config.get("PUBLIC_CACHE", True)
            cached = cache.get(key) if use_cache else None
            if cached is not None:
                body, mimetype, extra = cached
                response = Response(body, mimetype=mimetype, headers=extra)
            else:
                response = make_response(view(*args, **kwargs))
                if use_cache and response.status_code == 200 and not response.is_streamed:
                    extra = {
                        k: v for k, v in response.headers.items() if k == "Content-Disposition"
                    }
                    cache.set(key, (response.get_data(), response.mimetype, extra))
        response.set_etag(etag)
        if changed_at is not None:
            response.last_modified = changed_at
        # A ?lang= answer also sets the language cookie: keep it out of shared caches.
        response.cache_control.public = "lang" not in request.args
        response.cache_control.private = True if "lang" in request.args else None
        response.cache_control.max_age = PUBLIC_MAX_AGE
        response.vary.update(("Accept-Language", "Cookie"))
        return response

    return wrapped


def cache_config(config: dict[str, Any]) -> dict[str, Any]:
    """Flask-Caching settings: Redis when CACHE_REDIS_URL is set, else in-process memory."""
    if config.get("CACHE_REDIS_URL"):
        return {
            "CACHE_TYPE": "RedisCache",
            "CACHE_REDIS_URL": config["CACHE_REDIS_URL"],
            "CACHE_DEFAULT_TIMEOUT": 3600,
            "CACHE_KEY_PREFIX": "aim:",
        }
    return {"CACHE_TYPE": "SimpleCache", "CACHE_DEFAULT_TIMEOUT": 3600, "CACHE_THRESHOLD": 2000}
