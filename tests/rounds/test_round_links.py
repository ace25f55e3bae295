"""A report's and a round's history pages, linked from their staff pages; the staff intervention
page lists the intervention's reports across rounds."""

from __future__ import annotations

import pytest

from app.models import StatusReport
from tests.rounds.test_rounds import _fresh, _review
from tests.support.rounds import city_round

ROLES = ("admin", "mission_office", "edu_lead", "wel_lead", "viewer")


@pytest.mark.parametrize("who", ROLES)
def test_every_role_reads_a_reports_and_a_rounds_history(app, ctx, city, signed_in, who):
    the_round, reports = city_round(city)
    client = signed_in(who)
    report_page = client.get(f"/staff/history/report/{reports['edu'].id}")
    assert report_page.status_code == 200
    # A report is named by its intervention in its round.
    assert "History: Solution teams · July 2026" in report_page.text
    assert client.get(f"/staff/history/round/{the_round.id}").status_code == 200
    assert client.get("/staff/history/report/99999999").status_code == 404


def test_the_history_names_each_step_and_the_pages_link_to_it(app, ctx, city, signed_in):
    the_round, reports = city_round(city)
    office = signed_in("mission_office")
    _review(office, reports["wel"], "exclude", "Paused.")
    report_url = f"/staff/rounds/reports/{reports['wel'].id}"
    assert f"/staff/history/report/{reports['wel'].id}" in office.get(report_url).text
    assert (
        f"/staff/history/round/{the_round.id}" in office.get(f"/staff/rounds/{the_round.id}").text
    )
    history = office.get(f"/staff/history/report/{reports['wel'].id}").text
    assert "Excluded with a reason" in history
    assert "Created" in history
    assert _fresh(StatusReport, reports["wel"].id).state == "excluded"


def test_the_intervention_page_lists_its_reports_across_rounds(app, ctx, city, signed_in):
    _the_round, reports = city_round(city)
    page = signed_in("viewer").get(f"/staff/interventions/{city.edu_intervention.id}").text
    section = page[page.index('id="round-reports-heading"') :]
    section = section[: section.index("</section>")]
    assert f"/staff/rounds/reports/{reports['edu'].id}" in section
    assert "July 2026" in section
    assert "Draft" in section
    assert f"/staff/rounds/reports/{reports['wel'].id}" not in section  # another intervention's
