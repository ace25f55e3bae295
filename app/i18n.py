"""Locale selection: ?lang= (remembered in a cookie), then the cookie, then Accept-Language."""

from __future__ import annotations

from flask import current_app, has_request_context, request

LANG_COOKIE = "lang"


def select_locale() -> str | None:
    """Pick the request's language from the query string, the cookie or the browser."""
    supported = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI commands and background work
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    asked = request.args.get("lang")
    if asked in supported:
        return asked
    remembered = request.cookies.get(LANG_COOKIE)
    if remembered in supported:
        return remembered
    return (
        request.accept_languages.best_match(supported) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def remember_locale(response):  # type: ignore[no-untyped-def]
    """Store an explicit ?lang= choice so the next pages keep it."""
    asked = request.args.get("lang")
    if asked in current_app.config["LANGUAGES"] and request.cookies.get(LANG_COOKIE) != asked:
        response.set_cookie(
            LANG_COOKIE, asked, max_age=365 * 24 * 3600, samesite="Lax", httponly=True
        )
    return response
