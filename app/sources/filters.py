"""The saved filter of a source: which rows to keep and how columns map to periods and breakdowns.

A filter is a small JSON object, the same shape for every kind of source:

* ``keep``: {column or dimension: value or [values]}: only these rows (Open SDG: one value each,
  as the Open SDG import's own filters; a kept column is then not a breakdown).
* ``period``: the column (plain CSV) or dimension (JSON-stat) that holds the period; Open SDG
  files always use Year. JSON-stat defaults to the dimension whose role is time.
* ``value``: the column that holds the value (plain CSV only; default Value).
* ``breakdowns``: {column or dimension: breakdown name} (plain CSV and JSON-stat); other columns
  or dimensions are not read (a JSON-stat dimension with several values must be kept or mapped).
* ``totals``: {column or dimension: value}: rows with this value are the headline (e.g. "Total").

check_filter() refuses anything else with a message that names the key; it is used by the form
and again by every refresh, so a filter stored by an older version cannot slip through.
"""

from __future__ import annotations

import json
from typing import Any

from flask_babel import gettext as _

from app.errors import DomainError

MAX_FILTER_CHARS = 4000
MAX_ENTRIES = 20
MAX_NAME = 100
MAX_VALUE = 200
MAX_KEPT_VALUES = 200
KEYS = {
    "open_sdg": ("keep",),
    "csv": ("keep", "period", "value", "breakdowns", "totals"),
    "jsonstat": ("keep", "period", "breakdowns", "totals"),
}


def _refuse(message: str) -> DomainError:
    return DomainError(message, "filter")


def _name(value: Any, key: str) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_NAME:
        raise _refuse(
            _("In %(key)s, every name must be text of 1 to %(limit)d characters.", key=key,
              limit=MAX_NAME)
        )  # fmt: skip
    return value.strip()


def _text(value: Any, key: str) -> str:
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise _refuse(_("In %(key)s, every value must be text.", key=key))
    text = str(value).strip()
    if not text or len(text) > MAX_VALUE:
        raise _refuse(
            _("In %(key)s, every value must be 1 to %(limit)d characters.", key=key,
              limit=MAX_VALUE)
        )  # fmt: skip
    return text


def _mapping(value: Any, key: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _refuse(_('%(key)s must be an object, e.g. {"Sex": "sex"}.', key=key))
    if len(value) > MAX_ENTRIES:
        raise _refuse(_("%(key)s may name at most %(limit)d columns.", key=key, limit=MAX_ENTRIES))
    return value


def check_filter(kind: str, data: Any) -> dict[str, Any]:
    """The filter cleaned (names and values trimmed), or a DomainError on the field 'filter'."""
    if data is None or data == "":
        return {}
    if not isinstance(data, dict):
        raise _refuse(_('The filter must be a JSON object, e.g. {"keep": {"Units": "%"}}.'))
    allowed = KEYS.get(kind, ())
    unknown = sorted(str(key) for key in data if key not in allowed)
    if unknown:
        raise _refuse(
            _("This kind of source does not use %(keys)s in its filter; it may use %(allowed)s.",
              keys=", ".join(unknown)[:200], allowed=", ".join(allowed))
        )  # fmt: skip
    cleaned: dict[str, Any] = {}
    if "keep" in data:
        keep: dict[str, Any] = {}
        for name, wanted in _mapping(data["keep"], "keep").items():
            if isinstance(wanted, list):
                if kind == "open_sdg":
                    raise _refuse(_("An Open SDG source keeps one value per column."))
                if not wanted or len(wanted) > MAX_KEPT_VALUES:
                    raise _refuse(
                        _("In keep, a list holds 1 to %(limit)d values.", limit=MAX_KEPT_VALUES)
                    )
                keep[_name(name, "keep")] = [_text(item, "keep") for item in wanted]
            else:
                keep[_name(name, "keep")] = _text(wanted, "keep")
        cleaned["keep"] = keep
    for key in ("period", "value"):
        if key in data:
            cleaned[key] = _name(data[key], key)
    if "breakdowns" in data:
        cleaned["breakdowns"] = {
            _name(name, "breakdowns"): _name(label, "breakdowns")
            for name, label in _mapping(data["breakdowns"], "breakdowns").items()
        }
    if "totals" in data:
        cleaned["totals"] = {
            _name(name, "totals"): _text(value, "totals")
            for name, value in _mapping(data["totals"], "totals").items()
        }
    return cleaned


def parse_filter_text(kind: str, text: str) -> dict[str, Any]:
    """The filter typed in the form (JSON), checked; empty text is no filter."""
    text = (text or "").strip()
    if not text:
        return {}
    if len(text) > MAX_FILTER_CHARS:
        raise _refuse(_("Keep the filter to %(limit)d characters.", limit=MAX_FILTER_CHARS))
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as error:
        reason = error.msg if isinstance(error, json.JSONDecodeError) else "too deeply nested"
        raise _refuse(_("The filter is not valid JSON (%(reason)s).", reason=reason)) from None
    return check_filter(kind, data)


def filter_text(data: dict[str, Any]) -> str:
    """A stored filter as the form shows it."""
    return json.dumps(data, ensure_ascii=False, indent=1) if data else ""
