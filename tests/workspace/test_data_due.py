""" "My work" lists indicator data as due by the same rule as the progress engine."""

from __future__ import annotations

from datetime import date

from app.extensions import db
from app.progress.freshness import latest_data_period
from app.reporting.progress import load_indicator_progress
from app.workspace.queries import data_due
from tests.support import factories as f


def test_latest_data_period_counts_a_complete_baseline():
    assert latest_data_period(date(2023, 1, 1), date(2024, 1, 1), 10.0) == date(2024, 1, 1)
    assert latest_data_period(date(2025, 1, 1), date(2024, 1, 1), 10.0) == date(2025, 1, 1)
    assert latest_data_period(None, date(2024, 1, 1), 10.0) == date(2024, 1, 1)
    assert latest_data_period(None, date(2024, 1, 1), None) is None
    assert latest_data_period(None, None, None) is None


def test_a_baseline_without_measurements_is_data_as_in_the_engine(app, ctx, city):
    indicator = f.indicator(
        city.mission, city.edu, baseline_value=40.0, baseline_period=date(2024, 1, 1)
    )
    db.session.commit()
    today = date(2026, 6, 15)
    row = next(row for row in data_due(city.edu.id, today) if row.indicator_id == indicator.id)
    # 2025 data after the 2024 baseline: end of 2025 + 180 days.
    assert (row.latest_period, row.due, row.overdue) == (date(2024, 1, 1), date(2026, 6, 29), False)
    progress = load_indicator_progress(indicator.id, published_only=False, today=today)
    assert progress is not None
    freshness = progress.result.freshness
    assert (freshness.due, freshness.overdue) == (row.due, row.overdue)
