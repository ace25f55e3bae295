"""Reading and showing values: the shared number parser, plain numbers and period labels.

The rules a value must obey are in app.measurements.rules.
"""

from __future__ import annotations

import math
import re
from datetime import date

from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

NUMBER_HINT = _l("Enter a number, e.g. 12.5")

# "12.5", "12,5", "-3", and thousands grouped with spaces: "1 234,5" (also no-break spaces).
_NUMBER = re.compile(r"^-?(?:\d{1,3}(?: \d{3})+|\d+)(?:[.,]\d+)?$")
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})


def parse_number(text: str) -> float:
    """A number typed by a person, with a decimal point or an Icelandic decimal comma.

    Raises ValueError with the user-facing message for anything else ("1.234,5", "1e5", "abc").
    """
    cleaned = text.strip().translate(_SPACES)
    if not _NUMBER.match(cleaned):
        raise ValueError(str(NUMBER_HINT))
    value = float(cleaned.replace(" ", "").replace(",", "."))
    if not math.isfinite(value):
        raise ValueError(str(NUMBER_HINT))
    return value


def plain_number(value: float | None) -> str:
    """A value written so that parse_number reads it back exactly (no grouping, no rounding)."""
    if value is None:
        return ""
    text = repr(float(value))
    if "e" in text or "E" in text:
        text = f"{value:.15f}".rstrip("0")
    if text.endswith(".0"):
        text = text[:-2]
    text = text.rstrip(".")
    if str(get_locale() or "en").startswith("is"):
        text = text.replace(".", ",")
    return text


def period_label(frequency: str, period: date | None) -> str:
    """A period as people name it: '2024', '2024 Q2' or 'March 2024' (localised)."""
    if period is None:
        return "–"
    if frequency == "yearly":
        return str(period.year)
    if frequency == "quarterly":
        return str(
            _("%(year)d Q%(quarter)d", year=period.year, quarter=(period.month - 1) // 3 + 1)
        )
    return str(format_date(period, "LLLL yyyy"))
