"""How pages read an agenda item's stored facts: the JSON snapshot back as attributes and dates,
so the shared progress macros explain it in the reader's language."""

from __future__ import annotations

import re
from datetime import date
from types import SimpleNamespace
from typing import Any

from app.models import AgendaItem
from app.translating import reader_language

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _revived(value: Any) -> Any:
    if isinstance(value, dict):
        return SimpleNamespace(**{key: _revived(inner) for key, inner in value.items()})
    if isinstance(value, list):
        return [_revived(inner) for inner in value]
    if isinstance(value, str) and _ISO_DAY.match(value):
        return date.fromisoformat(value)
    return value


def item_facts(item: AgendaItem) -> SimpleNamespace:
    """The facts an agenda item was generated from, with dates as dates; an indicator's unit in
    the reader's language as ``unit_text``."""
    facts = dict(item.facts or {})
    units = facts.pop("unit_translations", None) or {}
    revived = _revived(facts)
    revived.unit_text = units.get(reader_language()) or facts.get("unit", "")
    return revived  # type: ignore[no-any-return] # a dict revives as a namespace
