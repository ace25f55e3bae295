"""The mission dashboard's learning loop: stage mix per outcome and time in stage."""

from __future__ import annotations

from datetime import date, timedelta

from app.dashboards.queries import DashboardFilters, all_departments, load_mission_dashboard
from app.extensions import db
from app.models import Intervention
from tests.support import factories as f


def test_stage_mix_per_outcome_and_time_in_stage(app, ctx, city):
    today = date.today()
    other = f.outcome(city.mission, title="Families get help early")
    db.session.get(Intervention, city.edu_intervention.id).stage_since = today - timedelta(days=400)
    db.session.get(Intervention, city.wel_intervention.id).stage_since = today - timedelta(days=9)
    f.intervention(city.mission, city.edu, title="Scaled", stage="scale", outcome_id=other.id,
                   stage_since=today - timedelta(days=30))  # fmt: skip
    f.intervention(city.mission, city.wel, title="Loose", stage="explore")
    db.session.commit()
    page = load_mission_dashboard(city.mission.id, DashboardFilters(), today, all_departments())
    assert page is not None
    mix = {(m.outcome.title if m.outcome else None): m.stages for m in page.stage_mix}
    assert mix == {
        "Every child feels safe": {"test": 2},
        "Families get help early": {"scale": 1},
        None: {"explore": 1},
    }
    tenure = [(t.line.intervention.title, t.days) for t in page.time_in_stage]
    assert tenure == [("Solution teams", 400), ("Scaled", 30), ("Family courses", 9),
                      ("Loose", None)]  # fmt: skip


def test_the_dashboard_shows_both_tables_in_icelandic(app, city, signed_in):
    html = signed_in("viewer").get(f"/staff/dashboards/missions/{city.mission.id}?lang=is").text
    assert '<html lang="is">' in html
    assert 'id="stage-portfolio-heading"' in html


def test_the_stage_mix_figure_matches_the_table(app, city, signed_in):
    from tests.support.dashboards import figures_in

    html = signed_in("viewer").get(f"/staff/dashboards/missions/{city.mission.id}").text
    figure = figures_in(html)["by-outcome-stage-data"]
    by_stage = {
        trace["name"]: trace["x"] if trace.get("orientation") == "h" else trace["y"]
        for trace in figure["data"]
    }
    assert by_stage["Test"] == [2]
    assert "Interventions per outcome, by innovation stage" in html
