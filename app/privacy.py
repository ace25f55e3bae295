"""Small-number suppression for sensitive (child) data in everything the public sees.

For an indicator marked sensitive, every breakdown value below the threshold is withheld.
A single withheld cell could be worked out from the headline minus the other cells, so when only
one cell of a period is withheld within a set of breakdowns of the same dimensions, the next
smallest cell of that set is withheld too (secondary suppression). Headline values are shown.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date
from typing import NamedTuple

from sqlalchemy import select

from app.extensions import db
from app.models import HEADLINE, Indicator, Measurement
from app.models.indicator import parse_breakdown


class SuppressedPoint(NamedTuple):
    period: date
    value: float | None  # None when withheld
    withheld: bool


def suppress_breakdowns(
    breakdowns: Mapping[str, Sequence[tuple[date, float]]], sensitive: bool, threshold: int
) -> tuple[dict[str, list[SuppressedPoint]], bool]:
    """The breakdown series with small values withheld; and whether anything was withheld."""
    if not sensitive:
        return (
            {
                key: [SuppressedPoint(p, v, False) for p, v in points]
                for key, points in breakdowns.items()
            },
            False,
        )
    withheld: set[tuple[str, date]] = set()
    # Cells of one period that share dimension names form a set that sums to the headline.
    groups: dict[tuple[tuple[str, ...], date], list[tuple[float, str]]] = defaultdict(list)
    for key, points in breakdowns.items():
        dimensions = tuple(sorted(parse_breakdown(key)))
        for period, value in points:
            groups[(dimensions, period)].append((value, key))
            if value < threshold:
                withheld.add((key, period))
    for (_dimensions, period), cells in groups.items():
        hidden = [key for _, key in cells if (key, period) in withheld]
        if len(hidden) == 1 and len(cells) > 1:
            visible = sorted((value, key) for value, key in cells if (key, period) not in withheld)
            withheld.add((visible[0][1], period))
    result = {
        key: [
            SuppressedPoint(p, None, True) if (key, p) in withheld else SuppressedPoint(p, v, False)
            for p, v in points
        ]
        for key, points in breakdowns.items()
    }
    return result, bool(withheld)


def indicators_with_withheld_values(indicator_ids: Sequence[int], threshold: int) -> set[int]:
    """Sensitive indicators among these with a breakdown value the public pages withhold, in one
    aggregate query: the rule above (a value below the threshold), asked of the database, for
    pages that do not read the breakdowns (secondary suppression only adds to a primary one)."""
    if not indicator_ids:
        return set()
    stmt = (
        select(Measurement.indicator_id)
        .join(Indicator, Indicator.id == Measurement.indicator_id)
        .where(
            Measurement.indicator_id.in_(indicator_ids),
            Indicator.sensitive.is_(True),
            Measurement.breakdown != HEADLINE,
            Measurement.value < threshold,
        )
        .distinct()
    )
    return set(db.session.scalars(stmt))
