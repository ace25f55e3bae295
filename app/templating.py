"""Template helpers: locale-aware formatting, translated content fields and status names."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from babel import Locale
from babel.numbers import get_decimal_symbol, get_group_symbol, get_minus_sign_symbol
from flask import Flask, current_app, has_request_context, request
from flask_babel import format_date, format_datetime, format_decimal, format_scientific, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app import editing
from app.assets import PLOTLY_JS_VERSION, PLOTLY_VERSION
from app.i18n import current_locale, language_choices, og_locale
from app.listing import list_args
from app.measurements.values import attributes_text, plain_number
from app.models.indicator import parse_breakdown
from app.periods import period_label
from app.permissions import Action, authorize
from app.routing import public_url
from app.tabular import ENCODING_NAMES
from app.translating import (
    lang_attribute,
    source_lang_attribute,
    translated,
    translated_html,
    translated_list,
)

STATUS_NAMES = {
    # outcome lens
    "target_achieved": _l("Target achieved"),
    "substantial_progress": _l("Substantial progress"),
    "moderate_progress": _l("Moderate progress"),
    "limited_progress": _l("Limited progress"),
    "deterioration": _l("Deterioration"),
    "not_available": _l("Not assessable"),
    # implementation lens
    "not_started": _l("Not started"),
    "on_track": _l("On track"),
    "at_risk": _l("At risk"),
    "off_track": _l("Off track"),
    "late": _l("Late"),
    "stale": _l("No recent update"),
    "completed": _l("Completed"),
    "stopped": _l("Stopped"),
    # stages
    "explore": _l("Explore"),
    "test": _l("Test"),
    "scale": _l("Scale"),
    "sustain": _l("Sustain"),
    # learning log: kinds of entry and decisions ("test" and "scale" are named as stages)
    "hypothesis": _l("Hypothesis"),
    "result": _l("Result"),
    "decision": _l("Decision"),
    "adapt": _l("Adapt"),
    "continue": _l("Continue"),
    "stop": _l("Stop"),
    # mission status
    "draft": _l("Draft"),
    "active": _l("Active"),
    "paused": _l("Paused"),
    "achieved": _l("Achieved"),
    "retired": _l("Retired"),
    # measurement status, frequencies, directions
    "provisional": _l("Provisional"),
    "final": _l("Final"),
    "monthly": _l("Monthly"),
    "quarterly": _l("Quarterly"),
    "yearly": _l("Yearly"),
    "increase": _l("Higher is better"),
    "decrease": _l("Lower is better"),
    "mission_outcome": _l("Mission outcome"),
    "intervention_output": _l("Intervention output"),
    # kinds of outside partner
    "ngo": _l("Non-governmental organisation"),
    "state_agency": _l("State agency"),
    "school": _l("School"),
    "company": _l("Company"),
    "other": _l("Other organisation"),
}

ROLE_NAMES = {
    "admin": _l("Administrator"),
    "mission_office": _l("Mission office"),
    "department_lead": _l("Department lead"),
    "viewer": _l("Viewer"),
}

# What an audit event did, as the history page names it.
ACTION_NAMES = {
    "create": _l("Created"),
    "update": _l("Changed"),
    "archive": _l("Archived"),
    "restore": _l("Restored"),
    "publish": _l("Published"),
    "unpublish": _l("Unpublished"),
    "password": _l("Password changed"),
    "import": _l("Imported"),
    "delete": _l("Deleted"),
    "source_refresh": _l("Source refreshed"),
    "source_review": _l("Source refresh reviewed"),
    "agenda": _l("Agenda generated"),
    "hold": _l("Meeting held"),
    "close": _l("Closed"),
    # reporting rounds (app.rounds)
    "submit": _l("Submitted for review"),
    "approve": _l("Approved"),
    "return": _l("Returned with a comment"),
    "exclude": _l("Excluded with a reason"),
    "include": _l("Included again"),
    "back_to_review": _l("Back to review after a change"),
}

# Staff menu: (endpoint, label, action needed). Entries whose blueprint is absent are skipped.
STAFF_MENU = (
    ("dashboards.portfolio", _l("Dashboards"), "view"),
    ("missions.index", _l("Missions"), "view"),
    ("interventions.index", _l("Interventions"), "view"),
    ("indicators.index", _l("Indicators"), "view"),
    ("measurements.data_entry", _l("Data entry"), "enter_data"),
    ("transfer.index", _l("Import and export"), "view"),
    ("sources.index", _l("Sources"), "view"),
    ("rounds.index", _l("Reporting rounds"), "view"),
    ("departments.index", _l("Departments"), "view"),
    ("auth.users", _l("Users"), "manage_users"),
    ("notifications.my_preferences", _l("Email settings"), "account"),
)


def for_staff() -> bool:
    """Whether the page being rendered is a staff page (macros shared with the public site say
    some things differently to staff, who can act on them)."""
    return has_request_context() and request.path.startswith("/staff")


# Pages show the same numbers and dates again and again (every uncached render of a page, every
# row of a table): formatting is pure for a locale, so the texts are kept.
# Beyond this, a number is written as 1.5E18: grouped digits stop being readable long before
# Babel's decimal context (28 digits) refuses them. No entry path stores such values unless an
# indicator's range allows them, but a page must survive any value already in the database.
SCIENTIFIC_FROM = 1e15


def _decimal_text(value: float | int, fmt: str) -> str:
    """format_decimal that never raises: '–' for infinities and NaN, 1.5E18 for huge values."""
    if isinstance(value, float) and not math.isfinite(value):
        return "–"
    if abs(value) < SCIENTIFIC_FROM:
        try:
            return str(format_decimal(value, format=fmt))
        except (InvalidOperation, ValueError, OverflowError):
            pass
    return str(format_scientific(value, format="0.###E0"))


@lru_cache(maxsize=16384)
def _number_text(locale: Locale | None, value: float | int, decimals: int, _sign: float) -> str:
    # _sign keeps -0.0 apart from 0.0, which are equal as keys but not formatted alike.
    fmt = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return _decimal_text(value, fmt)


@lru_cache(maxsize=4096)
def _date_text(locale: Locale | None, value: date, style: str) -> str:
    return str(format_date(value, style))


def number(value: float | int | None, decimals: int = 1) -> str:
    """A number formatted for the current locale ('12.5' in English, '12,5' in Icelandic)."""
    if value is None:
        return "–"
    sign = math.copysign(1.0, value) if isinstance(value, float) else 1.0
    return _number_text(current_locale(), value, decimals, sign)


def when(value: date | datetime | None, style: str = "medium") -> str:
    """A date or timestamp formatted for the current locale."""
    if value is None:
        return "–"
    if isinstance(value, datetime):
        return str(format_datetime(value, style))
    return _date_text(current_locale(), value, style)


def day(value: date | datetime | None) -> str:
    """The calendar day of a date or timestamp (a timestamp in the site's time zone), for the
    current locale: "published 2 Jul 2026", not the second it happened."""
    if value is None:
        return "–"
    if isinstance(value, datetime):
        return str(format_date(value, "medium"))
    return _date_text(current_locale(), value, "medium")


def number_formatter(decimals: int) -> Callable[[float | None], str]:
    """templating.number with a fixed number of decimals, for tables of thousands of values.

    The same text (Babel's rounding of the value's decimal form, the locale's symbols), built
    once per table instead of once per value: about eight times faster, which is most of the
    cost of a long indicator table.
    """
    locale = get_locale() or "en"
    symbols = str.maketrans(
        {
            ",": get_group_symbol(locale),
            ".": get_decimal_symbol(locale),
            "-": get_minus_sign_symbol(locale),
        }
    )
    quantum = Decimal(1).scaleb(-decimals)
    pattern = f",.{decimals}f"

    def formatted(value: float | None) -> str:
        if value is None or not math.isfinite(value) or abs(value) >= SCIENTIFIC_FROM:
            return number(value, decimals)
        try:
            return format(Decimal(str(value)).quantize(quantum), pattern).translate(symbols)
        except InvalidOperation:  # more digits than the decimal context holds
            return number(value, decimals)

    return formatted


def date_formatter(style: str = "medium") -> Callable[[date | datetime | None], str]:
    """templating.when, remembering each date it formatted: a table repeats the same periods in
    every column, so each is formatted once."""
    seen: dict[date | datetime | None, str] = {}

    def formatted(value: date | datetime | None) -> str:
        if value not in seen:
            seen[value] = when(value, style)
        return seen[value]

    return formatted


@lru_cache(maxsize=4096)
def _percent_text(locale: Locale | None, fraction: float, pattern: str) -> str:
    return _decimal_text(fraction * 100, pattern) + " %"


def pct_signed(fraction: float | None) -> str:
    """A yearly rate as a signed percentage: '-11.2 %'."""
    if fraction is None:
        return "–"
    return _percent_text(current_locale(), fraction, "+#,##0.0;-#,##0.0")


def pct_plain(fraction: float | None) -> str:
    """A share as a whole percentage: '40 %'."""
    if fraction is None:
        return "–"
    return _percent_text(current_locale(), fraction, "#,##0")


@lru_cache(maxsize=1024)
def _status_text(locale: Locale | None, status: str) -> str:
    return str(STATUS_NAMES.get(status, status.replace("_", " ")))


def status_name(status: str | None) -> str:
    """The human name of a status, stage or vocabulary value."""
    if status is None:
        return "–"
    return _status_text(current_locale(), status)


def role_name(role: str) -> str:
    return str(ROLE_NAMES.get(role, role))


def action_name(action: str) -> str:
    """The human name of an audit event's action (an unknown one as it is stored)."""
    return str(ACTION_NAMES.get(action, action))


def staff_menu() -> list[tuple[str, str]]:
    """The staff menu entries the current user may open."""
    return [
        (endpoint, str(label))
        for endpoint, label, action in STAFF_MENU
        if endpoint in current_app.view_functions and authorize(current_user, Action(action))
    ]


def can(user: Any, action: str, obj: Any = None) -> bool:
    """authorize() for templates, taking the action by name."""
    return authorize(user, Action(action), obj)


def encoding_name(encoding: str) -> str:
    """A CSV's encoding as people know it ('Windows-1251 (Cyrillic)')."""
    return ENCODING_NAMES.get(encoding, encoding)


def returns_to_review(obj: Any) -> bool:
    """Whether the signed-in user's save would send obj back to the mission office's review."""
    return editing.returns_to_review(obj, current_user)


def register(app: Flask) -> None:
    """Expose the helpers to every template."""
    app.jinja_env.globals.update(
        plotly_version=PLOTLY_VERSION,
        plotly_js_version=PLOTLY_JS_VERSION,
        pct_signed=pct_signed,
        pct_plain=pct_plain,
        authorize=can,
        returns_to_review=returns_to_review,
        translated=translated,
        translated_html=translated_html,
        lang_attribute=lang_attribute,
        source_lang_attribute=source_lang_attribute,
        translated_list=translated_list,
        number=number,
        when=when,
        day=day,
        number_formatter=number_formatter,
        date_formatter=date_formatter,
        status_name=status_name,
        role_name=role_name,
        action_name=action_name,
        period_label=period_label,
        parse_breakdown=parse_breakdown,
        staff_menu=staff_menu,
        for_staff=for_staff,
        full_number=plain_number,
        attributes_text=attributes_text,
        encoding_name=encoding_name,
        today=date.today,
        public_url=public_url,
        language_choices=language_choices,
        og_locale=og_locale,
        list_args=list_args,
    )

    @app.context_processor
    def inject_locale() -> dict[str, Any]:
        return {"current_locale": str(get_locale() or "en")}
