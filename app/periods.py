"""Periods named as people name them, in the reader's language: the one home for period labels.

A measurement's period is stored as its first day (2024-07-01 for 2024 Q3), but nobody calls the
third quarter "1 Jul 2024": pages, tables, charts (ticks and hover text), feeds and emails name it
by its frequency: "2024", "2024 Q3" ("3. ársfj. 2024"), "March 2024" ("mars 2024").

It lives outside app.measurements so that the reporting layer (charts) may use it too.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_skeleton
from flask_babel import gettext as _

from app.i18n import current_locale

NO_PERIOD = "–"


def period_label(frequency: str | None, period: date | None) -> str:
    """A period as people name it, in the current locale.

    yearly "2024"; quarterly "2024 Q3" (a catalogue message, Icelandic "3. ársfj. 2024");
    monthly "March 2024" ("mars 2024"); weekly "week 27 of 2024" (the locale's own pattern);
    daily or an unknown frequency: the date itself ("1 Jul 2024").
    """
    if period is None:
        return NO_PERIOD
    return _period_text(current_locale(), str(frequency or ""), period)


@lru_cache(maxsize=8192)
def _period_text(locale: Locale | None, frequency: str, period: date) -> str:
    # Pure for a locale (the catalogue of the quarter message is the locale's): kept, because a
    # long table or chart names the same periods again and again.
    where = locale or "en"
    if frequency == "yearly":
        return str(period.year)
    if frequency == "quarterly":
        quarter = (period.month - 1) // 3 + 1
        return str(_("%(year)d Q%(quarter)d", year=period.year, quarter=quarter))
    if frequency == "monthly":
        return str(format_skeleton("yMMMM", period, locale=where))
    if frequency == "weekly":
        return str(format_skeleton("yw", period, locale=where))
    return str(format_date(period, "medium", locale=where))
