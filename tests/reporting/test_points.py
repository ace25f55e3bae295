"""The one progress loader: what each points mode reads, and that the lean modes agree with the
full one."""

from __future__ import annotations

from datetime import date

from app.dashboards.queries import live_missions
from app.extensions import db
from app.reporting.progress import headline_window, load_progress, summary_of, summary_points
from tests.support import factories as f
from tests.support.dashboards import grow

TODAY = date.today()


def test_summary_series_picks_the_base_and_the_latest_value(app, city):
    with app.app_context():
        with_baseline = f.indicator(city.mission, city.edu, baseline_period=date(2021, 6, 1))
        without = f.indicator(city.mission, city.edu)
        empty = f.indicator(city.mission, city.edu)
        stale = f.indicator(city.mission, city.edu, baseline_period=date(2026, 1, 1))
        for indicator in (with_baseline, without, stale):
            for year in (2019, 2020, 2022, 2024):
                f.measurement(indicator, date(year, 1, 1), float(year))
            f.measurement(indicator, date(2030, 1, 1), 1.0, breakdown="district=North")
        indicators = [with_baseline, without, empty, stale]
        points = summary_points([indicator.id for indicator in indicators])
        assert points[with_baseline.id] == [
            (date(2022, 1, 1), 2022.0),
            (date(2024, 1, 1), 2024.0),
        ]
        assert [p[0] for p in points[without.id]] == [date(2019, 1, 1), date(2024, 1, 1)]
        assert points[empty.id] == []
        assert points[stale.id] == [(date(2024, 1, 1), 2024.0)]  # all before the baseline
        # The same two points, taken from a whole headline (the public mission page's way).
        window, _provisional = headline_window(indicators, None)
        for indicator in indicators:
            headline = window.get(indicator.id, [])
            assert summary_of(headline, indicator.baseline_period) == points[indicator.id]


def test_lean_roll_up_matches_the_full_one(app, city):
    """points="summary" reads two points per indicator; every lens, status and freshness agrees."""
    with app.app_context():
        grow(city, 3)
        monthly = f.indicator(city.mission, city.wel, frequency="monthly", direction="decrease",
                              baseline_period=date(2021, 3, 1), baseline_value=20.0,
                              target_period=date(2028, 1, 1), target_value=5.0)  # fmt: skip
        for month in range(1, 13):
            f.measurement(monthly, date(2020, month, 1), 30.0 - month)
            f.measurement(monthly, date(2023, month, 1), 18.0 - month / 2)
        f.indicator(city.mission, city.wel, level="intervention_output",
                    intervention_id=city.wel_intervention.id)  # fmt: skip
        db.session.commit()
        missions = live_missions()
        full = load_progress(missions, published_only=False, points="full", today=TODAY)
        lean = load_progress(missions, published_only=False, today=TODAY)
        charted = load_progress(
            missions, published_only=False, points="headline", since=date(2018, 1, 1), today=TODAY
        )
        whole = load_progress(missions, published_only=False, points="headline", today=TODAY)
        for mission_id in full:
            assert whole[mission_id].rollup.to_dict() == lean[mission_id].rollup.to_dict()
            assert charted[mission_id].rollup.to_dict() == lean[mission_id].rollup.to_dict()
        assert list(full) == list(lean)
        for mission_id, expected in full.items():
            got = lean[mission_id].rollup.to_dict()
            want = expected.rollup.to_dict()
            assert got["mission"] == want["mission"]
            assert got["outcomes"] == want["outcomes"]
            assert got["interventions"] == want["interventions"]
            assert got["coverage"] == want["coverage"]
            for key, indicator in want["indicators"].items():
                indicator.pop("breakdowns")  # reported on the indicator's own page only
                assert {k: v for k, v in got["indicators"][key].items() if k != "breakdowns"} == (
                    indicator
                )


def test_overview_charts_start_three_years_before_the_mission(app, city):
    with app.app_context():
        early = f.indicator(city.mission, city.edu, baseline_period=date(2012, 1, 1))
        late = f.indicator(city.mission, city.edu, baseline_period=date(2020, 1, 1))
        for indicator in (early, late):
            for year in range(2010, 2025):
                f.measurement(indicator, date(year, 1, 1), float(year),
                              status="provisional" if year == 2024 else "final")  # fmt: skip
            f.measurement(indicator, date(2024, 1, 1), 1.0, breakdown="district=North")
        series, provisional = headline_window([early, late], since=date(2018, 1, 1))
        assert [p.year for p, _v in series[early.id]] == list(range(2012, 2025))  # baseline first
        assert [p.year for p, _v in series[late.id]] == list(range(2018, 2025))
        assert provisional[late.id] == frozenset({date(2024, 1, 1)})
