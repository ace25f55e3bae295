"""Data builders and readers shared by the dashboard tests."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from typing import Any

from app.extensions import db
from app.models import InterimTarget, InterventionPartner
from tests.support import factories as f

EVIL = "<img src=x onerror=alert(1)>"
ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"
FIGURE_JSON = re.compile(r'<script type="application/json" id="([^"]+)">(.*?)</script>', re.S)


def figures_in(html: str) -> dict[str, Any]:
    """The figure specs embedded in a page, by element id."""
    return {match[0]: json.loads(match[1]) for match in FIGURE_JSON.findall(html)}


def strings_in(value: Any) -> list[str]:
    """Every string inside a decoded JSON value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in strings_in(item)]
    if isinstance(value, list):
        return [s for item in value for s in strings_in(item)]
    return []


def grow(city: Any, n: int) -> None:
    """Add n of everything around the city's mission and its EDU department.

    Each round: an intervention led by EDU with WEL as partner, a milestone and two updates (the
    newer, ten days old, says at risk, so it is at risk today); an
    indicator owned by EDU with an interim target and a headline and breakdown series; and a
    second mission with its own department, outcome, intervention and indicator.
    """
    today = date.today()
    for i in range(n):
        item = f.intervention(
            city.mission, city.edu, outcome_id=city.outcome.id, age_min=i % 10, age_max=12,
            start_date=date(2022, 1, 1), end_date=today + timedelta(days=365), budget=1000 + i,
        )  # fmt: skip
        db.session.add(InterventionPartner(intervention_id=item.id, department_id=city.wel.id))
        f.milestone(item, due_date=date(2023, 6, 1), completed_on=date(2023, 5, 1))
        # Published: the latest update is the newest published one.
        f.update(item, reported_on=today - timedelta(days=200), is_published=True)
        f.update(item, reported_on=today - timedelta(days=10), status="at_risk", is_published=True)
        indicator = f.indicator(
            city.mission, city.edu, outcome_id=city.outcome.id, frequency="yearly",
            baseline_period=date(2020, 1, 1), baseline_value=40.0,
            target_period=date(2030, 1, 1), target_value=60.0, sensitive=bool(i % 2),
        )  # fmt: skip
        db.session.add(InterimTarget(indicator_id=indicator.id, period=date(2025, 1, 1), value=50))
        for year in range(2020, 2025):
            f.measurement(indicator, date(year, 1, 1), 40.0 + year - 2020)
            f.measurement(indicator, date(year, 1, 1), 3.0, breakdown="district=North")
            south = 37.0 + year - 2020
            f.measurement(indicator, date(year, 1, 1), south, breakdown="district=South")
        other = f.mission()
        department = f.department()
        outcome = f.outcome(other)
        work = f.intervention(other, department, outcome_id=outcome.id)
        db.session.add(InterventionPartner(intervention_id=work.id, department_id=city.edu.id))
        f.update(work, reported_on=date(2024, 2, 1))
        f.indicator(other, department, outcome_id=outcome.id)
    db.session.commit()
