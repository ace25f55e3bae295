"""Dashboard reads: a fixed number of queries per page, and SQL aggregates that add up."""

from __future__ import annotations

from datetime import date

import pytest

from app.dashboards.queries import (
    DashboardFilters,
    all_departments,
    live_missions,
    load_department_dashboard,
    load_mission_dashboard,
    load_portfolio,
)
from app.extensions import db
from app.models import Indicator, Mission
from app.reporting.progress import load_progress
from tests.support import factories as f
from tests.support.dashboards import grow

TODAY = date.today()  # the pages assess on the real date; so do these loaders


def _urls(city) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {
        "portfolio": "/staff/dashboards/",
        "portfolio filtered": f"/staff/dashboards/?department={city.edu.id}&status=at_risk",
        "mission": f"/staff/dashboards/missions/{city.mission.id}",
        "mission filtered": f"/staff/dashboards/missions/{city.mission.id}"
        f"?department={city.edu.id}&stage=test&status=at_risk&outcome={city.outcome.id}",
        "department": f"/staff/dashboards/departments/{city.edu.id}",
        "department filtered": f"/staff/dashboards/departments/{city.edu.id}"
        f"?mission={city.mission.id}&status=at_risk",
        "indicator": f"/staff/dashboards/indicators/{city.edu_indicator.id}",
    }


def _counts(client, urls: dict[str, str], count_queries) -> dict[str, int]:  # type: ignore[no-untyped-def]
    counts = {}
    for name, url in urls.items():
        client.get(url)  # warm up: the session's first touch is not part of the page
        with count_queries() as log:
            response = client.get(url)
        assert response.status_code == 200, name
        counts[name] = log.count
    return counts


@pytest.mark.slow
def test_query_counts_do_not_grow_with_the_data(app, city, signed_in, count_queries):
    client = signed_in("viewer")
    urls = _urls(city)
    with app.app_context():
        grow(city, 1)
    small = _counts(client, urls, count_queries)
    with app.app_context():
        grow(city, 9)
        assert db.session.query(Mission).count() == 11
    large = _counts(client, urls, count_queries)
    assert small == large
    assert max(small.values()) <= 20, small
    # The 10x pages really hold ten times the work.
    html = client.get(urls["mission filtered"]).text
    assert html.count('href="/staff/interventions/') >= 10
    # The learning loop's stage mix and time in stage come from the same reads (issue 17).
    assert html.count("#learning") >= 10


def test_portfolio_matrix_counts_add_up(app, city):
    with app.app_context():
        grow(city, 3)
        page = load_portfolio(DashboardFilters(), TODAY, all_departments())
        edu_cell = page.cells[(city.edu.id, city.mission.id)]
        wel_cell = page.cells[(city.wel.id, city.mission.id)]
        assert (edu_cell.led, edu_cell.partnered) == (4, 0)
        assert (wel_cell.led, wel_cell.partnered) == (1, 3)
        assert edu_cell.budget == 1000 + 1001 + 1002
        assert sum(edu_cell.statuses.values()) == 4
        # EDU partners in each of the three other missions.
        assert sum(cell.partnered for (d, _m), cell in page.cells.items() if d == city.edu.id) == 3
        filtered = load_portfolio(DashboardFilters(stage="explore"), TODAY, all_departments())
        assert filtered.cells == {}
        assert all(not any(row.status_counts.values()) for row in filtered.rows)


def test_status_filter_reaches_the_sql_counts(app, city):
    with app.app_context():
        grow(city, 2)
        departments = all_departments()
        page = load_mission_dashboard(
            city.mission.id, DashboardFilters(status="at_risk"), TODAY, departments
        )
        assert page is not None
        assert {line.status.status for line in page.lines} == {"at_risk"}
        edu = next(mix for mix in page.mixes if mix.department.id == city.edu.id)
        assert edu.total == 2
        assert edu.statuses == {"at_risk": 2}
        assert page.contributions[(city.wel.id, city.outcome.id)].partnered == 2


def test_department_view_agrees_with_the_mission_roll_up(app, city):
    """The department page assesses from two points per indicator; the result is the same."""
    with app.app_context():
        grow(city, 4)
        indicator = f.indicator(city.mission, city.edu, frequency="monthly",
                                baseline_period=date(2021, 3, 1))  # fmt: skip
        for month in range(1, 13):
            f.measurement(indicator, date(2020, month, 1), 30.0 + month)  # before the baseline
            f.measurement(indicator, date(2023, month, 1), 50.0 - month, status="provisional")
        db.session.commit()
        page = load_department_dashboard(city.edu.id, DashboardFilters(), TODAY, live_missions())
        assert page is not None
        mission = db.session.get(Mission, city.mission.id)
        full = load_progress([mission], published_only=False, points="full", today=TODAY)[
            mission.id
        ].rollup
        assert page.indicators
        for row in page.indicators:
            if row.indicator.mission_id != mission.id:
                continue
            expected = full.indicators[row.indicator.id]
            assert row.result.headline.to_dict() == expected.headline.to_dict()
            assert row.result.freshness == expected.freshness
        for line in page.led:
            assert line.status == full.interventions[line.intervention.id]


@pytest.mark.parametrize("missing", ["mission", "department", "indicator"])
def test_loaders_return_none_for_unknown_ids(app, missing):
    from app.dashboards.queries import load_indicator_dashboard

    with app.app_context():
        if missing == "mission":
            assert load_mission_dashboard(10**6, DashboardFilters(), TODAY, []) is None
        elif missing == "department":
            assert load_department_dashboard(10**6, DashboardFilters(), TODAY, []) is None
        else:
            assert load_indicator_dashboard(10**6, TODAY, 5) is None
            assert db.session.get(Indicator, 10**6) is None


def test_what_is_owed_matches_my_work(app, city):
    """The dashboards take data due from the roll-up; "My work" computes it apart: they agree."""
    from app.workspace.queries import data_due, updates_due

    with app.app_context():
        grow(city, 3)
        f.indicator(city.mission, city.edu, frequency="quarterly")  # no data at all
        db.session.commit()
        for department in (city.edu, city.wel):
            page = load_department_dashboard(
                department.id, DashboardFilters(), TODAY, live_missions()
            )
            assert page is not None
            assert page.data == data_due(department.id, TODAY)
            assert page.updates == updates_due(department.id, TODAY)
        portfolio = load_portfolio(DashboardFilters(), TODAY, all_departments())
        assert portfolio.data_overdue == [row for row in data_due(None, TODAY) if row.overdue]
