"""Reading the JSON API's measurement items: the same rules as a file, JSON types checked."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext as _

from app.errors import DomainError
from app.measurements import rules
from app.transfer.readers.cells import CellError, RowError
from app.transfer.readers.measurements import (
    Catalogue,
    IncomingValue,
    Reading,
    breakdown_from,
    parse_note,
    parse_status,
    period_for,
    period_hint,
)


def read_items(items: list[Any], catalogue: Catalogue, today: date) -> tuple[Reading, set[int]]:
    """Check JSON items; also returns the ids of indicators the actor may not write."""
    reading = Reading()
    forbidden: set[int] = set()
    for index, item in enumerate(items):
        try:
            if not isinstance(item, dict):
                raise CellError(_("Each measurement must be an object."), "")
            unknown = set(item) - {
                "indicator_id", "period", "breakdown", "value", "status", "source_note"
            }  # fmt: skip
            if unknown:
                raise CellError(
                    _("Unknown field %(name)s.", name=sorted(unknown)[0][:40]), sorted(unknown)[0]
                )
            raw_id = item.get("indicator_id")
            if not isinstance(raw_id, int) or isinstance(raw_id, bool):
                raise CellError(_("Give the indicator's id as a whole number."), "indicator_id")
            indicator = catalogue.by_id.get(raw_id)
            if indicator is None:
                raise CellError(_("No indicator has the id %(id)s.", id=raw_id), "indicator_id")
            if not catalogue.allowed(indicator):
                forbidden.add(indicator.id)
                continue
            catalogue.usable(indicator)
            period = item.get("period")
            if not isinstance(period, str):
                raise CellError(period_hint(), "period")
            value = rules.check_number(item.get("value"))
            breakdown = item.get("breakdown", "")
            if isinstance(breakdown, dict):
                if not all(isinstance(k, str) and isinstance(v, str) for k, v in breakdown.items()):
                    raise CellError(_("Breakdown names and values must be text."), "breakdown")
                key = breakdown_from(None, {k.strip(): v.strip() for k, v in breakdown.items()})
            elif isinstance(breakdown, str):
                key = breakdown_from(breakdown, {})
            else:
                raise CellError(_("Give the breakdown as text or an object."), "breakdown")
            status = item.get("status")
            note = item.get("source_note")
            if note is not None and not isinstance(note, str):
                raise CellError(_("Give the source note as text."), "source_note")
            reading.values.append(
                IncomingValue(
                    row=index,
                    indicator_id=indicator.id,
                    period=period_for(indicator, period, today),
                    breakdown=key,
                    value=rules.check_value(indicator, value),
                    status=parse_status(status),
                    source_note=None if note is None else parse_note(note),
                )
            )
        except DomainError as error:
            reading.errors.append(RowError(index, error.field or "", error.message))
    return reading, forbidden
