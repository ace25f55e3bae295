"""Template helpers: locale-aware formatting and translated content fields."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import Flask
from flask_babel import format_date, format_datetime, format_decimal, get_locale


def translated(obj: Any, field: str) -> str:
    """A content field in the current language when a translation exists, else the original."""
    locale = str(get_locale() or "en")
    translations = getattr(obj, "translations", None) or {}
    value = (translations.get(locale) or {}).get(field)
    return value or getattr(obj, field)


def number(value: float | int | None, decimals: int = 1) -> str:
    """A number formatted for the current locale ('12.5' in English, '12,5' in Icelandic)."""
    if value is None:
        return "–"
    fmt = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(value, format=fmt)


def when(value: date | datetime | None, style: str = "medium") -> str:
    """A date or timestamp formatted for the current locale."""
    if value is None:
        return "–"
    if isinstance(value, datetime):
        return format_datetime(value, style)
    return format_date(value, style)


def register(app: Flask) -> None:
    """Expose the helpers to every template."""
    app.jinja_env.globals.update(translated=translated, number=number, when=when)

    @app.context_processor
    def inject_locale() -> dict[str, Any]:
        return {"current_locale": str(get_locale() or "en")}
