"""Locale selection: ?lang= (remembered in a cookie), then the cookie, then Accept-Language."""

from __future__ import annotations

from babel import Locale
from babel.support import NullTranslations
from flask import Flask, Response, current_app, g, has_request_context, request
from flask_babel import get_locale, get_translations

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
            LANG_COOKIE,
            asked,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            httponly=True,
            secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
        )
    return response


def current_translations() -> NullTranslations:
    """The catalogue of the current locale, looked up once per locale and request.

    Flask-Babel finds it again for every message (its context, the domain, the locale's name);
    a page with hundreds of messages spent a fifth of its time there. The catalogue is kept next
    to the locale Flask-Babel chose, so force_locale (which replaces the locale) still switches.
    """
    state = g.get("_flask_babel") if g else None
    if state is not None:
        cached: tuple[object, NullTranslations] | None = getattr(state, "aim_translations", None)
        if cached is not None and cached[0] is getattr(state, "babel_locale", None):
            return cached[1]
    translations: NullTranslations = get_translations()
    state = g.get("_flask_babel") if g else None
    if state is not None:
        state.aim_translations = (getattr(state, "babel_locale", None), translations)
    return translations


def install_template_gettext(app: Flask) -> None:
    """Templates translate through current_translations (same messages, less overhead)."""
    # The i18n extension (installed by Flask-Babel) adds this method to the environment.
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined] # added by jinja2.ext.i18n
        gettext=lambda s: current_translations().ugettext(s),
        ngettext=lambda s, p, n: current_translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: current_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: current_translations().unpgettext(c, s, p, n),
    )


def current_locale() -> Locale | None:
    """The request's locale, read where Flask-Babel keeps it once chosen (cheaper than
    get_locale, which is called for every number and date of a page)."""
    state = g.get("_flask_babel") if g else None
    chosen: Locale | None = getattr(state, "babel_locale", None) if state is not None else None
    return chosen if chosen is not None else get_locale()
