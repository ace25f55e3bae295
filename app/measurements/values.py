"""Reading and showing values: the shared number parser and plain numbers (period labels are
app.periods.period_label).

The rules a value must obey are in app.measurements.rules.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from babel.numbers import get_decimal_symbol
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

NUMBER_HINT = _l("Enter a number, e.g. 12.5")

# Numbers as people and statistics offices write them. A plain decimal ("12.5", ".5", "5.",
# "-3", "5.5e-05") is read as it is. "12,5" has a decimal comma. Grouped thousands: "1 234,5"
# (spaces, also no-break ones), "1.234,5" and "1.234.567" (dots with a decimal comma or more
# than one group), "1,234.5" (commas with a decimal point). "9,754" is ambiguous: by default a
# decimal comma (as Icelandic is typed); where commas group thousands (a comma-separated file,
# comma="thousands") it is 9754, and "428,8" (not a group of three) stays a decimal comma.
_PLAIN = re.compile(r"^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$")
_DECIMAL_COMMA = re.compile(r"^-?(?:\d+,\d*|,\d+)$")
_SPACE_GROUPED = re.compile(r"^-?\d{1,3}(?: \d{3})+(?:[.,]\d+)?$")
_DOT_GROUPED = re.compile(r"^-?\d{1,3}(?:(?:\.\d{3})+,\d+|(?:\.\d{3}){2,})$")
# A thousands group never starts with 0: "0,500" is a decimal comma even where commas group.
_COMMA_GROUPED = re.compile(r"^-?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d*)?$")
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})


def _read_number(cleaned: str, comma: str) -> float | None:
    if _PLAIN.match(cleaned):
        return float(cleaned)
    if comma == "thousands" and _COMMA_GROUPED.match(cleaned):
        return float(cleaned.replace(",", ""))
    if _DECIMAL_COMMA.match(cleaned):
        return float(cleaned.replace(",", "."))
    if _SPACE_GROUPED.match(cleaned):
        return float(cleaned.replace(" ", "").replace(",", "."))
    if _DOT_GROUPED.match(cleaned):
        return float(cleaned.replace(".", "").replace(",", "."))
    if _COMMA_GROUPED.match(cleaned) and "." in cleaned:
        return float(cleaned.replace(",", ""))
    return None


def parse_number(text: str, *, comma: str = "decimal") -> float:
    """A number as written by a person or a statistics office (see the patterns above).

    comma: "decimal" (default: "9,754" is 9.754) or "thousands" ("9,754" is 9754).
    Raises ValueError with the user-facing message for anything else ("1,2,3", "abc").
    """
    cleaned = text.strip().translate(_SPACES)
    value = _read_number(cleaned, comma) if cleaned else None
    if value is None or not math.isfinite(value):
        raise ValueError(str(NUMBER_HINT))
    return value


def attributes_text(attributes: Mapping[str, Any] | None) -> str:
    """A value's attributes as one line: 'Observation status: Normal value; Year: 2014-16'."""
    if not attributes:
        return ""
    return "; ".join(f"{name}: {value}" for name, value in sorted(attributes.items()))


def plain_number(value: float | None) -> str:
    """A value written so that parse_number reads it back exactly (no grouping, no rounding)."""
    if value is None:
        return ""
    text = repr(float(value))
    if "e" in text or "E" in text:
        fixed = f"{value:.15f}".rstrip("0")
        text = fixed if float(fixed) == value else text  # else 5e-324: still read back exactly
    if text.endswith(".0"):
        text = text[:-2]
    text = text.rstrip(".")
    if get_decimal_symbol(get_locale() or "en") == ",":  # Icelandic, Polish: a decimal comma
        text = text.replace(".", ",")
    return text
