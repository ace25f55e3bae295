"""A report's indicator movement reads like the indicator's own pages: its unit in the reader's
language, its periods labelled by app.periods, its values with the indicator's decimals."""

from __future__ import annotations

from datetime import UTC, date, datetime

from app.extensions import db
from app.models import Indicator, Intervention, Mission, StatusReport
from app.models.rounds import IndicatorMove
from tests.support import factories as f
from tests.support.rounds import city_round


def _public_city(city) -> None:  # type: ignore[no-untyped-def]
    for model, row_id in ((Mission, city.mission.id), (Intervention, city.edu_intervention.id)):
        row = db.session.get(model, row_id)
        row.is_published = True
        row.published_at = datetime(2026, 1, 1, tzinfo=UTC)


def test_the_movement_is_in_the_readers_language_and_periods(app, ctx, city, signed_in):
    indicator = db.session.get(Indicator, city.edu_indicator.id)
    indicator.unit, indicator.decimals, indicator.frequency = "pupils", 0, "monthly"
    indicator.translations = {"is": {"title": "Nemendur í teymum", "unit": "nemendur"}}
    f.measurement(indicator, date(2026, 3, 1), 1234.0)
    _public_city(city)
    db.session.commit()
    _round, reports = city_round(city)
    report = db.session.get(StatusReport, reports["edu"].id)
    move = next(m for m in report.movement() if m.indicator_id == indicator.id)
    assert (move.frequency, move.decimals, move.latest) == (
        "monthly",
        0,
        (date(2026, 3, 1), 1234.0),
    )
    assert move.translations["is"] == {"title": "Nemendur í teymum", "unit": "nemendur"}

    page = signed_in("mission_office").get(f"/staff/rounds/reports/{report.id}?lang=is").text
    assert "1.234 nemendur" in page  # Icelandic grouping, no decimals, the Icelandic unit
    assert "mars 2026" in page  # the period's label, not 2026-03-01
    assert "2026-03-01" not in page
    english = signed_in("mission_office").get(f"/staff/rounds/reports/{report.id}?lang=en").text
    assert "1,234 pupils" in english
    assert "March 2026" in english


def test_a_snapshot_taken_before_labels_were_kept_still_reads(app, ctx):
    old = {"indicator_id": 3, "title": "Pupils", "unit": "%", "from": ["2025-01-01", 74.0],
           "to": ["2026-01-01", 78.5], "status": "on_track", "translations": {}}  # fmt: skip
    move = IndicatorMove.from_json(old)
    assert move.start == (date(2025, 1, 1), 74.0)
    assert (move.frequency, move.decimals) == (None, 1)
