"""Pages survive any value already in the database.

Values that no entry path accepts any more (1e28, 1e300, infinity) may still be in a database
written by an older version or by hand. Every page that shows them must render, and every chart
must stay valid JSON (a browser's JSON.parse refuses Infinity and NaN, and the chart vanishes).
"""

from __future__ import annotations

import math

import pytest
from sqlalchemy import text

from app.extensions import cache, db
from tests.support.pages import every_page_failure


def _publish_everything() -> None:
    for table in ("missions", "interventions", "indicators", "progress_updates"):
        db.session.execute(text(f"UPDATE {table} SET is_published = :yes"), {"yes": True})


@pytest.mark.slow
@pytest.mark.parametrize("stored", [1e28, -1e300, 1e300, math.inf, -math.inf])
def test_every_page_renders_with_an_extreme_stored_value(app, city, signed_in, stored):
    with app.app_context():
        _publish_everything()
        for indicator in (city.edu_indicator, city.wel_indicator):
            db.session.execute(
                text("UPDATE measurements SET value = :v WHERE indicator_id = :i"),
                {"v": stored, "i": indicator.id},
            )
            db.session.execute(
                text(
                    "INSERT INTO measurements (indicator_id, period, breakdown, value, status,"
                    " source_note, created_at, updated_at)"
                    " VALUES (:i, :p, '', 5, 'final', '', :now, :now)"
                ),
                {"i": indicator.id, "p": "2023-01-01", "now": "2024-02-01 00:00:00"},
            )
        db.session.commit()
        cache.clear()
    assert every_page_failure(app, city, signed_in) == []
