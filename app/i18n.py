"""Locale selection: ?lang= (remembered in a cookie), then the cookie, then Accept-Language."""

from __future__ import annotations

from flask import Response, current_app, has_request_context, request

LANG_COOKIE = "lang"


def select_locale() -> str | None:
    """Pick the request's language from the query string, the cookie or the browser."""
    supported: tuple[str, ...] = current_app.config["LANGUAGES"]
    default: str = current_app.config["BABEL_DEFAULT_LOCALE"]
    if not has_request_context():  # CLI commands and background work
        return default
    asked = request.args.get("lang")
    if asked in supported:
        return asked
    remembered = request.cookies.get(LANG_COOKIE)
    if remembered in supported:
        return remembered
    return request.accept_languages.best_match(supported) or default


def remember_locale(response: Response) -> Response:
    """Store an explicit ?lang= choice so the next pages keep it."""
    asked = request.args.get("lang")
    supported: tuple[str, ...] = current_app.config["LANGUAGES"]
    if asked is not None and asked in supported and request.cookies.get(LANG_COOKIE) != asked:
        response.set_cookie(
            LANG_COOKIE, asked, max_age=365 * 24 * 3600, samesite="Lax", httponly=True
        )
    return response
