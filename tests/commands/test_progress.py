"""`flask progress explain` (the calculation itself: tests/missions/test_progress_queries.py)."""

from __future__ import annotations

from datetime import date

from app.extensions import db
from tests.support import factories as f


def test_explain_prints_the_stored_vocabulary_as_plain_words(app, cli_runner):
    with app.app_context():
        indicator = f.indicator(
            f.mission(), f.department(), title="Reading", unit="%", direction="decrease",
            frequency="quarterly", baseline_period=date(2021, 1, 1), baseline_value=40.0,
        )  # fmt: skip
        f.measurement(indicator, date(2021, 1, 1), 40.0)
        db.session.commit()
        indicator_id = indicator.id
    result = cli_runner.invoke(args=["progress", "explain", str(indicator_id)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"Indicator {indicator_id}: Reading (%)"
    assert lines[1] == "Direction: decrease is better; frequency: quarterly"
    assert "Data freshness: {" in result.output
