"""Budget alignment on the mission dashboard: budget by funding department x outcome, and
spending against outcomes' progress."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from app.dashboards.queries import DashboardFilters, all_departments, load_mission_dashboard
from app.extensions import db
from app.models import BudgetLine, Intervention
from tests.support import factories as f

TODAY = date(2025, 6, 1)


def _fund(city: Any) -> Any:
    """EDU's intervention funded by EDU (2024, 2025) and WEL (2025); WEL's has a bare total;
    an intervention tied to no outcome has one line; an archived one is left out."""
    edu_item = db.session.get(Intervention, city.edu_intervention.id)
    wel_item = db.session.get(Intervention, city.wel_intervention.id)
    for year, department, amount in (
        (2024, city.edu, 100),
        (2025, city.edu, 50),
        (2025, city.wel, 30),
    ):
        db.session.add(
            BudgetLine(
                intervention_id=edu_item.id, year=year, department_id=department.id, amount=amount
            )
        )
    edu_item.budget = Decimal(180)
    wel_item.budget = Decimal(20)
    loose = f.intervention(city.mission, city.wel, title="Loose", budget=Decimal(200))
    db.session.add(
        BudgetLine(intervention_id=loose.id, year=2025, department_id=city.edu.id, amount=200)
    )
    gone = f.intervention(
        city.mission, city.edu, title="Gone", outcome_id=city.outcome.id, budget=Decimal(999)
    )
    gone.archived_at = gone.created_at
    db.session.commit()
    return loose


def test_budget_by_funding_department_and_outcome_adds_up(app, city):
    with app.app_context():
        _fund(city)
        page = load_mission_dashboard(city.mission.id, DashboardFilters(), TODAY, all_departments())
        assert page is not None
        budget = page.budget
        assert budget.cells == {
            (city.edu.id, city.outcome.id): Decimal(150),
            (city.wel.id, city.outcome.id): Decimal(50),  # 30 from a line, 20 a bare total
            (city.edu.id, None): Decimal(200),
        }
        assert budget.outcome_total(city.outcome.id) == Decimal(200)
        assert budget.department_total(city.edu.id) == Decimal(350)
        assert budget.total == Decimal(400)
        assert budget.share(city.outcome.id) == 0.5
        filtered = load_mission_dashboard(
            city.mission.id, DashboardFilters(department_id=city.wel.id), TODAY, all_departments()
        )
        assert filtered is not None
        assert filtered.budget.cells == {(city.wel.id, city.outcome.id): Decimal(50)}


def test_the_dashboard_shows_budget_beside_the_contribution_matrix(app, city, signed_in):
    with app.app_context():
        _fund(city)
    page = signed_in("viewer").get(f"/staff/dashboards/missions/{city.mission.id}").text
    assert page.index('id="contribution-heading"') < page.index('id="budget-matrix-heading"')
    assert "Budget (ISK) by funding department and outcome" in page
    assert (
        "Budget against outcomes&#39; progress" in page
        or "Budget against outcomes' progress" in page
    )
    assert "50 %" in page  # the outcome's share of the mission's budget
    assert "Not tied to an outcome" in page or "No outcome" in page


def test_no_budget_says_so(app, city, signed_in):
    page = signed_in("viewer").get(f"/staff/dashboards/missions/{city.mission.id}").text
    assert page.count("No budget entered yet.") == 2


def test_the_budget_sections_render_in_icelandic(app, city, signed_in):
    with app.app_context():
        _fund(city)
    page = signed_in("viewer").get(f"/staff/dashboards/missions/{city.mission.id}?lang=is").text
    assert '<html lang="is"' in page
    assert 'id="budget-matrix-heading"' in page
    assert "Budget by funding department and outcome" not in page


def test_budget_sections_cost_the_same_queries_as_budgets_grow(app, city, signed_in, count_queries):
    client = signed_in("viewer")
    url = f"/staff/dashboards/missions/{city.mission.id}"
    counts = []
    for year in (2024, 2025):
        with app.app_context():
            for i in range(4):
                outcome = f.outcome(city.mission, title=f"Outcome {year}-{i}")
                item = f.intervention(city.mission, city.wel, outcome_id=outcome.id)
                for department in (city.edu, city.wel):
                    db.session.add(BudgetLine(
                        intervention_id=item.id, year=year, department_id=department.id, amount=i
                    ))  # fmt: skip
            db.session.commit()
        with count_queries() as log:
            assert client.get(url).status_code == 200
        counts.append(log.count)
    assert counts[0] == counts[1]
