"""The site's languages and the request's locale.

Languages are configuration (LANGUAGES, checked at start-up by check_languages); the request's
locale comes from ?lang= (remembered in a cookie), then the cookie, then Accept-Language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.support import NullTranslations
from flask import Flask, Response, current_app, g, has_app_context, has_request_context, request
from flask_babel import get_locale, get_translations

from config import ConfigError

LANG_COOKIE = "lang"
# The interface is written in English: its messages are the catalogues' ids, so English needs no
# catalogue of its own.
INTERFACE_SOURCE = "en"
# A language as LANGUAGES names it: a plain ISO 639 code. It goes into addresses (?lang=), lang
# attributes and the five characters of a user's email language.
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")


def check_languages(
    languages: Iterable[str], source: str, catalogues: Sequence[Path]
) -> tuple[str, ...]:
    """The configured languages, refused with a message naming the code and the remedy when one
    is not usable: unknown, written right to left, listed twice, or without a catalogue.

    source is the content's source language (BABEL_DEFAULT_LOCALE), which must be listed.
    """
    checked: list[str] = []
    for code in languages:
        if not LANGUAGE_CODE.fullmatch(code):
            raise ConfigError(
                f"LANGUAGES: {code!r} is not a language code; use lower-case ISO 639 codes "
                "separated by commas, e.g. LANGUAGES=en,is,pl"
            )
        try:
            locale = Locale.parse(code)
        except (UnknownLocaleError, ValueError):
            raise ConfigError(
                f"LANGUAGES: {code!r} is not a language Babel knows; check the code "
                "(ISO 639, e.g. pl for Polish) or remove it"
            ) from None
        if code in checked:
            raise ConfigError(f"LANGUAGES lists {code!r} twice; list each language once")
        if locale.character_order == "right-to-left":
            raise ConfigError(
                f"LANGUAGES: {code!r} ({locale.english_name}) is written right to left, which "
                "the pages do not support yet; remove it from LANGUAGES"
            )
        if code != INTERFACE_SOURCE and not any(_has_catalogue(d, code) for d in catalogues):
            home = catalogues[0]
            raise ConfigError(
                f"LANGUAGES: {code!r} ({locale.english_name}) has no interface catalogue in "
                f"{home / code}; create it (pybabel init -i {home / 'messages.pot'} -d {home} "
                f"-l {code}), translate and compile it, or remove {code!r} from LANGUAGES"
            )
        checked.append(code)
    if source not in checked:
        raise ConfigError(
            f"LANGUAGES must include the source language {source!r} (BABEL_DEFAULT_LOCALE), "
            f"got {','.join(checked) or 'nothing'!r}"
        )
    return tuple(checked)


def _has_catalogue(catalogues: Path, code: str) -> bool:
    folder = catalogues / code / "LC_MESSAGES"
    return (folder / "messages.po").is_file() or (folder / "messages.mo").is_file()


def register_languages(app: Flask) -> None:
    """Check LANGUAGES once at start-up (a bad value stops the app with a clear message)."""
    app.config["LANGUAGES"] = check_languages(
        _as_list(app.config.get("LANGUAGES")),
        str(app.config["BABEL_DEFAULT_LOCALE"]),
        # Where Flask-Babel looks for catalogues (its setting, relative to the app's folder).
        [
            Path(app.root_path) / folder
            for folder in str(
                app.config.get("BABEL_TRANSLATION_DIRECTORIES") or "translations"
            ).split(";")
        ],
    )


def _as_list(value: object) -> list[str]:
    """LANGUAGES as given to create_app: a tuple of codes or one comma-separated string."""
    if isinstance(value, str):
        return [item.strip() for item in value.split(",") if item.strip()]
    if isinstance(value, Iterable):
        return [str(item).strip() for item in value]
    return []


def site_languages() -> tuple[str, ...]:
    """The configured languages, in the order of LANGUAGES."""
    if not has_app_context():
        return (INTERFACE_SOURCE,)
    return tuple(current_app.config["LANGUAGES"])


@lru_cache(maxsize=64)
def language_name(code: str) -> str:
    """A language named in itself, as a language switcher shows it: 'Íslenska', 'Polski'."""
    try:
        name = Locale.parse(code).display_name or code
    except (UnknownLocaleError, ValueError):
        return code
    return name[:1].upper() + name[1:]


def language_choices() -> list[tuple[str, str]]:
    """(code, own name) of every configured language, for switchers and language fields."""
    return [(code, language_name(code)) for code in site_languages()]


def language_or_source(code: str | None) -> str:
    """code when it is a configured language, else the source language (e.g. the email language
    of a follower whose language was since removed from LANGUAGES)."""
    if code in site_languages():
        return str(code)
    return _source_language()


def _source_language() -> str:
    if not has_app_context():
        return INTERFACE_SOURCE
    return str(current_app.config["BABEL_DEFAULT_LOCALE"])


@lru_cache(maxsize=64)
def og_locale(code: str) -> str:
    """The Open Graph locale of a language (language_TERRITORY, the likeliest territory)."""
    likely: str = get_global("likely_subtags").get(code, code)
    parts = likely.split("_")
    territory = next((p for p in parts[1:] if len(p) == 2 and p.isupper()), "")
    return f"{code}_{territory}" if territory else code


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
