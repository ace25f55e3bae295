"""The list and detail pages: content, filters, computed status and constant query counts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from app.extensions import db
from app.models import BudgetLine, Intervention, InterventionPartner, ReportingRound, StatusReport
from tests.support import factories as f
from tests.support.interventions import BASE


def test_index_shows_the_portfolio_with_status(app, city, as_role):
    with app.app_context():
        db.session.add(
            InterventionPartner(
                intervention_id=city.edu_intervention.id, department_id=city.wel.id, role="Co"
            )
        )
        db.session.commit()
    page = as_role("viewer").get(f"{BASE}/").get_data(as_text=True)
    assert "Solution teams" in page
    assert "Family courses" in page
    assert "A Better City for Children" in page
    assert "Draft" in page
    # The milestone fixture was due 2024-06-01 and is open: the engine says late.
    assert "chip-late" in page
    assert "WEL" in page


def test_index_leaves_out_archived(app, city, as_role):
    with app.app_context():
        item = db.session.get(Intervention, city.wel_intervention.id)
        item.archived_at = datetime.now(UTC)
        db.session.commit()
    page = as_role("viewer").get(f"{BASE}/").get_data(as_text=True)
    assert "Solution teams" in page
    assert "Family courses" not in page


def test_index_filters_are_kept_in_the_url(app, city, as_role):
    with app.app_context():
        other = f.mission(title="Clean air")
        f.intervention(other, city.wel, title="Low emission zone", stage="explore")
        db.session.commit()
        other_id = other.id
    client = as_role("viewer")
    by_mission = client.get(f"{BASE}/?mission={other_id}").get_data(as_text=True)
    assert "Low emission zone" in by_mission
    assert "Solution teams" not in by_mission
    assert f'<option selected value="{other_id}">' in by_mission
    by_department = client.get(f"{BASE}/?department={city.edu.id}").get_data(as_text=True)
    assert "Solution teams" in by_department
    assert "Family courses" not in by_department
    by_stage = client.get(f"{BASE}/?stage=explore").get_data(as_text=True)
    assert "Low emission zone" in by_stage
    assert "Solution teams" not in by_stage
    nonsense = client.get(f"{BASE}/?mission=abc&stage=nope&department=")
    assert nonsense.status_code == 200
    assert "Solution teams" in nonsense.get_data(as_text=True)


def test_mine_filter_shows_a_leads_department_only(city, as_role):
    lead = as_role("wel_lead")
    everything = lead.get(f"{BASE}/").get_data(as_text=True)
    assert "Solution teams" in everything
    assert 'name="mine"' in everything
    mine = lead.get(f"{BASE}/?mine=y").get_data(as_text=True)
    assert "Family courses" in mine
    assert "Solution teams" not in mine
    # Only leads get the "mine" filter; others ignore it.
    office = as_role("mission_office").get(f"{BASE}/?mine=y").get_data(as_text=True)
    assert 'name="mine"' not in office
    assert "Solution teams" in office


def _portfolio(scale: int) -> None:
    """scale interventions per department, each with partners, milestones and updates."""
    from app.models import Department, Mission

    mission = db.session.query(Mission).filter_by(slug="children").one()
    departments = db.session.query(Department).all()
    for n in range(scale):
        for lead in departments:
            item = f.intervention(mission, lead, title=f"Work {lead.code} {n}")
            for partner in departments:
                if partner.id != lead.id:
                    db.session.add(
                        InterventionPartner(intervention_id=item.id, department_id=partner.id)
                    )
            f.milestone(item, due_date=date(2024, 1, 1))
            f.milestone(item, due_date=date(2030, 1, 1))
            f.update(item, reported_on=date(2024, 3, 1))
            f.update(item, reported_on=date(2024, 9, 1), status="at_risk")
    db.session.commit()


def test_index_query_count_does_not_grow(app, city, as_role, count_queries):
    client = as_role("viewer")
    with app.app_context():
        _portfolio(1)
    client.get(f"{BASE}/")
    with count_queries() as few:
        assert client.get(f"{BASE}/").status_code == 200
    with app.app_context():
        _portfolio(10)
    with count_queries() as many:
        page = client.get(f"{BASE}/")
    assert page.get_data(as_text=True).count("Work WEL") == 11
    assert few.count == many.count <= 9  # the page and its count


def test_detail_query_count_does_not_grow(app, city, as_role, count_queries):
    client = as_role("mission_office")
    url = f"{BASE}/{city.edu_intervention.id}"
    client.get(url)
    with count_queries() as few:
        assert client.get(url).status_code == 200
    with app.app_context():
        item = db.session.get(Intervention, city.edu_intervention.id)
        for n in range(10):
            department = f.department()
            db.session.add(
                InterventionPartner(intervention_id=item.id, department_id=department.id)
            )
            f.milestone(item, due_date=date(2025, 1, 1) + timedelta(days=n))
            f.update(item, reported_on=date(2024, 2, 1) + timedelta(days=n),
                     author_id=city.users["edu_lead"].id)  # fmt: skip
            db.session.add(BudgetLine(intervention_id=item.id, year=2024,
                                      department_id=department.id, amount=n))  # fmt: skip
            opened = date(2020, 1, 1) + timedelta(days=30 * n)
            the_round = ReportingRound(mission_id=item.mission_id, title=f"Round {n}",
                                       covers_from=opened, opened_on=opened,
                                       due_on=opened)  # fmt: skip
            db.session.add(the_round)
            db.session.flush()
            db.session.add(StatusReport(round_id=the_round.id, intervention_id=item.id,
                                        department_id=item.lead_department_id))  # fmt: skip
        db.session.commit()
    with count_queries() as many:
        page = client.get(url)
    html = page.get_data(as_text=True)
    assert html.count('aria-labelledby="update-') == 11
    assert html.count("/staff/rounds/reports/") == 10
    # with the outside partners, the budget lines, the learning log and the round reports (10:
    # the reports across rounds are one more read)
    assert few.count == many.count <= 10


def test_detail_shows_status_reason_milestones_and_updates(app, city, as_role):
    with app.app_context():
        item = db.session.get(Intervention, city.edu_intervention.id)
        f.update(item, reported_on=date(2024, 5, 1), status="at_risk", summary="Newest news",
                 is_published=True)  # fmt: skip
        f.milestone(item, title="Done step", due_date=date(2023, 6, 1),
                    completed_on=date(2023, 5, 1))  # fmt: skip
        db.session.commit()
    page = as_role("viewer").get(f"{BASE}/{city.edu_intervention.id}").get_data(as_text=True)
    assert "Solution teams" in page
    assert "Every child feels safe" in page
    assert "Teams in 10 schools" in page
    assert "milestone is overdue" in page  # the computed reason
    assert "chip-overdue" in page
    assert "Done step" in page
    # Newest update first, with its draft/published badge.
    assert page.index("Newest news") < page.index("Work continues as planned.")
    assert "Next update due" in page
    assert f"/staff/history/intervention/{city.edu_intervention.id}" in page
    # A viewer gets no editing buttons.
    assert f"{BASE}/{city.edu_intervention.id}/edit" not in page
    assert "/publish" not in page


def test_detail_shows_a_manual_status_as_manual(app, city, as_role):
    with app.app_context():
        item = db.session.get(Intervention, city.edu_intervention.id)
        item.status_override = "on_track"
        item.override_reason = "Milestone moved by council decision"
        item.override_by_id = city.users["mission_office"].id
        item.override_at = datetime.now(UTC)
        db.session.commit()
    page = as_role("edu_lead").get(f"{BASE}/{city.edu_intervention.id}").get_data(as_text=True)
    assert "manual" in page
    assert "Milestone moved by council decision" in page
    assert "Mo Office" in page
    assert "Computed status:" in page
    assert "chip-late" in page  # the computed status stays visible


def test_detail_buttons_follow_permissions(city, as_role):
    edu_url = f"{BASE}/{city.edu_intervention.id}"
    lead_page = as_role("edu_lead").get(edu_url).get_data(as_text=True)
    assert f"{edu_url}/edit" in lead_page
    assert f"{edu_url}/updates/new" in lead_page
    assert f"{edu_url}/publish" not in lead_page
    assert f"{edu_url}/override" not in lead_page
    other_page = as_role("wel_lead").get(edu_url).get_data(as_text=True)
    assert f"{edu_url}/edit" not in other_page
    assert f"{edu_url}/updates/new" not in other_page
    office_page = as_role("mission_office").get(edu_url).get_data(as_text=True)
    assert f"{edu_url}/publish" in office_page
    assert f"{edu_url}/override" in office_page
    assert f"/updates/{city.edu_update.id}/publish" in office_page


def test_unknown_ids_are_404(city, as_role):
    client = as_role("admin")
    assert client.get(f"{BASE}/999999").status_code == 404
    assert client.get(f"{BASE}/999999/edit").status_code == 404
    assert client.get(f"{BASE}/milestones/999999/edit").status_code == 404
    assert client.get(f"{BASE}/updates/999999/edit").status_code == 404
    assert client.get(f"{BASE}/abc").status_code == 404
