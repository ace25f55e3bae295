"""Dashboard pages: who may open them, what they show, filters in the URL, escaped user text."""

from __future__ import annotations

from datetime import date

import pytest

from app.extensions import db
from app.models import Department, Indicator, Intervention, InterventionPartner, Outcome
from tests.support import factories as f
from tests.support.city import City
from tests.support.dashboards import ESCAPED, EVIL, figures_in, strings_in

ROLES = ["admin", "mission_office", "edu_lead", "wel_lead", "viewer"]


def _pages(city: City) -> list[str]:
    return [
        "/staff/dashboards/",
        f"/staff/dashboards/missions/{city.mission.id}",
        f"/staff/dashboards/departments/{city.edu.id}",
        f"/staff/dashboards/departments/{city.wel.id}",
        f"/staff/dashboards/indicators/{city.edu_indicator.id}",
        f"/staff/dashboards/indicators/{city.wel_indicator.id}",
    ]


@pytest.mark.parametrize("who", ROLES)
def test_every_role_sees_every_dashboard(city, signed_in, who):
    client = signed_in(who)
    for url in _pages(city):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store"


def test_signed_out_visitors_are_sent_to_sign_in(client, city):
    for url in _pages(city):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith("/staff/login")


@pytest.mark.parametrize(
    "url",
    [
        "/staff/dashboards/missions/999999",
        "/staff/dashboards/departments/999999",
        "/staff/dashboards/indicators/999999",
        "/staff/dashboards/missions/abc",
        "/staff/dashboards/indicators/1.5",
    ],
)
def test_unknown_or_malformed_ids_are_not_found(signed_in, url):
    assert signed_in("viewer").get(url).status_code == 404


def test_pages_load_plotly_from_our_own_server_only(city, signed_in):
    html = signed_in("viewer").get(f"/staff/dashboards/missions/{city.mission.id}").text
    assert '<script src="/assets/plotly-' in html
    assert '<script src="/static/js/charts.js"' in html
    assert "cdn" not in html.lower()
    for figure in figures_in(html).values():
        assert all(not trace["type"].endswith("gl") for trace in figure["data"])


def test_portfolio_puts_the_lenses_side_by_side(city, signed_in):
    html = signed_in("viewer").get("/staff/dashboards/").text
    assert "How are all our missions doing?" in html
    assert f'href="/staff/dashboards/missions/{city.mission.id}"' in html
    assert "Outcome lens" in html
    assert "Implementation lens" in html
    assert "Freshness" in html
    # Department x mission matrix: each city department leads one intervention.
    table = html.split("<caption>Departments and missions</caption>", 1)[1]
    assert table.split("</table>", 1)[0].count("Leads 1, partner in 0") == 2
    assert f'href="/staff/dashboards/departments/{city.edu.id}"' in html
    figures = figures_in(html)
    assert {"status-mix-data", "matrix-data"} <= set(figures)
    heatmap = figures["matrix-data"]["data"][0]
    assert heatmap["type"] == "heatmap"
    assert heatmap["z"] == [[1], [1]]  # Education and Youth, Welfare; one mission


def test_portfolio_lists_overdue_updates_and_data(city, signed_in):
    html = signed_in("viewer").get("/staff/dashboards/").text
    overdue = html.split('id="overdue-heading"', 1)[1]
    # The city's only updates are of 15 January 2024, with a 90-day cycle.
    assert "Solution teams" in overdue
    assert "Family courses" in overdue
    assert "Update overdue since" in overdue


def test_portfolio_filters_live_in_the_url(city, signed_in):
    client = signed_in("viewer")
    html = client.get(f"/staff/dashboards/?department={city.wel.id}").text
    assert f'<option selected value="{city.wel.id}">Welfare</option>' in html
    matrix = html.split('id="matrix-heading"', 1)[1].split('id="overdue-heading"', 1)[0]
    assert "Welfare" in matrix
    assert "Education and Youth" not in matrix
    overdue = html.split('id="overdue-heading"', 1)[1]
    assert "Family courses" in overdue
    assert "Solution teams" not in overdue
    html = client.get("/staff/dashboards/?stage=scale").text
    assert "No interventions match these filters." in html


def test_bad_filter_values_mean_no_filter(city, signed_in):
    client = signed_in("viewer")
    for url in (
        "/staff/dashboards/?department=abc&stage=nope&status=zzz",
        f"/staff/dashboards/missions/{city.mission.id}?department=999&outcome=-1&status=x",
        f"/staff/dashboards/departments/{city.edu.id}?mission=abc&stage=1",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Clear the filters" not in response.text


def test_mission_dashboard_answers_the_reykjavik_questions(city, signed_in):
    html = signed_in("viewer").get(f"/staff/dashboards/missions/{city.mission.id}").text
    assert "A better city" in html  # the North Star
    assert "Every child feels safe" in html
    assert f'href="/staff/dashboards/indicators/{city.edu_indicator.id}"' in html
    assert "Why this status?" in html  # the outcome status explains itself
    # Neither intervention has an age range: the whole 0-18 range is a gap.
    assert "No intervention serves ages 0–18." in html
    figures = figures_in(html)
    assert {
        f"card-{city.edu_indicator.id}-data",
        f"card-{city.wel_indicator.id}-data",
        "by-status-data",
        "by-stage-data",
        "timeline-data",
        "contribution-data",
        "coverage-data",
    } <= set(figures)
    timeline = figures["timeline-data"]
    bars = [trace for trace in timeline["data"] if trace["type"] == "bar"]
    assert sum(len(trace["y"]) for trace in bars) == 2
    assert timeline["layout"]["yaxis"]["ticktext"] == ["Solution teams", "Family courses"]
    marks = [trace for trace in timeline["data"] if trace["type"] == "scatter"]
    assert sum(len(trace["x"]) for trace in marks) == 2  # one milestone each
    contribution = figures["contribution-data"]["data"][0]
    assert contribution["z"] == [[2], [2]]  # each leads one and owns one indicator


def test_mission_dashboard_filters_narrow_the_work(city, signed_in):
    client = signed_in("viewer")
    base = f"/staff/dashboards/missions/{city.mission.id}"
    html = client.get(f"{base}?department={city.wel.id}").text
    timeline = html.split('id="timeline-heading"', 1)[1].split('id="contribution-heading"')[0]
    assert "Family courses" in timeline
    assert "Solution teams" not in timeline
    assert f"card-{city.wel_indicator.id}-data" in html
    assert f"card-{city.edu_indicator.id}-data" not in html
    html = client.get(f"{base}?stage=explore").text
    assert "No interventions match these filters." in html
    # Both interventions have an overdue milestone: late.
    html = client.get(f"{base}?status=late&outcome={city.outcome.id}&department={city.edu.id}").text
    timeline = html.split('id="timeline-heading"', 1)[1].split('id="contribution-heading"')[0]
    assert "Solution teams" in timeline
    assert "Family courses" not in timeline
    # The lenses still describe the whole mission, both departments' indicators included.
    glance = html.split('id="glance-heading"', 1)[1].split("</section>", 1)[0]
    assert "0 of 2 indicators assessed" in glance
    html = client.get(f"{base}?status=on_track").text
    assert "No interventions match these filters." in html


def test_department_dashboard_shows_work_led_partnered_owned_and_owed(app, city, signed_in):
    with app.app_context():
        db.session.add(
            InterventionPartner(
                intervention_id=city.wel_intervention.id, department_id=city.edu.id, role="Venue"
            )
        )
        db.session.commit()
    html = signed_in("edu_lead").get(f"/staff/dashboards/departments/{city.edu.id}").text
    led = html.split('id="led-heading"', 1)[1].split('id="partnered-heading"')[0]
    assert "Solution teams" in led
    assert "Family courses" not in led
    partnered = html.split('id="partnered-heading"', 1)[1].split('id="indicators-heading"')[0]
    assert "Family courses" in partnered
    assert "Venue" in partnered
    owned = html.split('id="indicators-heading"', 1)[1].split('id="owes-heading"')[0]
    assert "Pupils who feel safe" in owned
    assert "Families waiting" not in owned
    owes = html.split('id="owes-heading"', 1)[1]
    assert "Solution teams" in owes
    assert "Update overdue since" in owes
    figure = figures_in(html)["shares-data"]
    assert figure["layout"]["yaxis"]["ticktext"] == ["A Better City for Children"]


def test_indicator_dashboard_shows_every_value_and_marks_what_the_public_does_not_see(
    app, city, signed_in
):
    with app.app_context():
        indicator = db.session.get(Indicator, city.wel_indicator.id)
        indicator.sensitive = True
        indicator.baseline_period, indicator.baseline_value = date(2022, 1, 1), 40.0
        indicator.target_period, indicator.target_value = date(2030, 1, 1), 10.0
        f.measurement(indicator, date(2024, 1, 1), 2.0, breakdown="district=North")
        f.measurement(indicator, date(2024, 1, 1), 28.0, breakdown="district=South")
        db.session.commit()
    html = signed_in("viewer").get(f"/staff/dashboards/indicators/{city.wel_indicator.id}").text
    assert "Sensitive: small numbers withheld in public" in html
    table = html.split('id="table-heading"', 1)[1]
    assert '<th scope="col" class="num">North</th>' in table
    assert "2.0" in table
    assert "28.0" in table  # staff see the small value
    # North is below the threshold and South is withheld too, or it would give North away.
    assert table.count("withheld in public") == 2 + 1  # two cells plus the explanation
    assert "Why this status?" in html
    figure = figures_in(html)["indicator-data"]
    names = [trace["name"] for trace in figure["data"]]
    assert "North" in names
    assert "South" in names
    assert names[:2] == ["Measured", "Path to target"]
    path = figure["data"][1]
    assert len(path["x"]) > 2  # the path bends: a constant yearly rate, not a straight line


def test_user_text_is_escaped_in_pages_and_charts(app, city, signed_in):
    with app.app_context():
        department = f.department(name=EVIL, code="EVL")
        outcome = db.session.get(Outcome, city.outcome.id)
        outcome.title = EVIL
        item = f.intervention(
            city.mission, department, title=EVIL, outcome_id=city.outcome.id, age_min=3,
            age_max=5, start_date=date(2023, 1, 1),
        )  # fmt: skip
        f.milestone(item, title=EVIL, due_date=date(2024, 1, 1))
        f.update(item, reported_on=date(2020, 1, 1))
        indicator = f.indicator(city.mission, department, title=EVIL, unit=EVIL,
                                outcome_id=city.outcome.id)  # fmt: skip
        f.measurement(indicator, date(2023, 1, 1), 1.0)
        f.measurement(indicator, date(2023, 1, 1), 1.0, breakdown=f"district={EVIL}")
        db.session.commit()
        indicator_id, department_id = indicator.id, department.id
    client = signed_in("viewer")
    # (page, whether its charts carry the text: the department page charts missions only)
    for url, charted_too in (
        ("/staff/dashboards/", True),
        (f"/staff/dashboards/missions/{city.mission.id}", True),
        (f"/staff/dashboards/departments/{department_id}", False),
        (f"/staff/dashboards/indicators/{indicator_id}", True),
    ):
        html = client.get(url).text
        assert EVIL not in html, url
        assert ESCAPED in html, url
        charted = [s for figure in figures_in(html).values() for s in strings_in(figure)]
        assert charted, url
        assert not [s for s in charted if "<img" in s], url
        assert any(ESCAPED in s for s in charted) is charted_too, url


def test_staff_pages_link_to_the_dashboards(city, signed_in):
    client = signed_in("viewer")
    mission_page = client.get(f"/staff/missions/{city.mission.id}").text
    assert f'href="/staff/dashboards/missions/{city.mission.id}"' in mission_page
    departments = client.get("/staff/departments/").text
    assert f'href="/staff/dashboards/departments/{city.edu.id}"' in departments
    assert 'href="/staff/dashboards/"' in client.get("/staff/").text  # the staff menu


def test_archived_work_is_left_out(app, city, signed_in):
    from app.models.base import utcnow

    with app.app_context():
        db.session.get(Intervention, city.edu_intervention.id).archived_at = utcnow()
        db.session.get(Department, city.edu.id)
        db.session.commit()
    html = signed_in("viewer").get(f"/staff/dashboards/missions/{city.mission.id}").text
    assert "Solution teams" not in html.split('id="timeline-heading"', 1)[1]
