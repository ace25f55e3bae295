"""One-indicator pages read one indicator, and staff and public charts draw the same thing."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.dashboards.figures import indicator_page_figure
from app.dashboards.queries import load_indicator_dashboard
from app.extensions import cache, db
from app.public.queries import load_public_indicator
from app.public.routes import indicator_figure
from app.reporting.progress import load_indicator_progress
from tests.support import factories as f
from tests.support.public import build_public_city


def _traces(figure: dict[str, Any]) -> dict[str, tuple[list[Any], list[Any]]]:
    return {trace["name"]: (trace["x"], trace["y"]) for trace in figure["data"]}


def test_public_and_staff_indicator_charts_agree(app):
    with app.test_request_context("/"):
        dept = f.department()
        mission = f.mission(is_published=True)
        indicator = f.indicator(
            mission, dept, direction="decrease", is_published=True,
            baseline_period=date(2021, 1, 1), baseline_value=40.0,
            target_period=date(2030, 1, 1), target_value=10.0,
        )  # fmt: skip
        for year, value in ((2021, 40.0), (2022, 36.0), (2023, 31.0), (2024, 28.0)):
            f.measurement(indicator, date(year, 1, 1), value)
        db.session.commit()
        staff = load_indicator_dashboard(indicator.id, date(2025, 3, 1), 5)
        public = load_public_indicator(indicator.id, threshold=5, today=date(2025, 3, 1))
        assert staff is not None
        assert public is not None
        staff_traces = _traces(indicator_page_figure(staff))
        public_traces = _traces(indicator_figure(public.view))
    assert staff_traces == public_traces
    path_x, path_y = public_traces["Path to target"]
    # The method measures compound growth: the path is a curve through each year, not a line.
    assert len(path_x) == 10
    assert path_y[1] < 40.0 - (40.0 - 10.0) / 9  # below the straight line in the first year


def test_indicator_pages_read_one_indicator_whatever_the_mission_size(app, client, count_queries):
    with app.app_context():
        small = build_public_city(1)
        large = build_public_city(10)
    pages = ["/missions/{slug}/indicators/{ind}", "/embed/indicators/{ind}"]
    for template in pages:
        counts = []
        for city in (small, large):
            with app.app_context():
                cache.clear()
            url = template.format(slug=city.mission_slug, ind=city.indicator_id)
            with count_queries() as log:
                assert client.get(url).status_code == 200, url
            counts.append(log.count)
            # Nothing of the rest of the mission is read: no interventions, no other indicators.
            assert not any("FROM interventions" in s for s in log.statements), template
            # The series, read once; the missing-period check reads a bounded window beside it.
            measurement_reads = [
                s for s in log.statements
                if "FROM measurements" in s and "uncollected_periods" not in s
            ]  # fmt: skip
            assert len(measurement_reads) == 1, measurement_reads
        assert counts[0] == counts[1], (template, counts)


def test_indicator_page_of_another_mission_slug_is_404(app, client):
    with app.app_context():
        city = build_public_city(1)
        other = f.mission(slug="other", is_published=True)
        db.session.commit()
        assert other.slug != city.mission_slug
    assert client.get(f"/missions/other/indicators/{city.indicator_id}").status_code == 404
    assert client.get(
        f"/missions/{city.mission_slug}/indicators/{city.indicator_id}"
    ).status_code == (200)


def test_one_indicator_loader_respects_visibility(app, ctx):
    dept = f.department()
    public_mission = f.mission(is_published=True)
    draft_mission = f.mission(is_published=False)
    shown = f.indicator(public_mission, dept, is_published=True)
    draft = f.indicator(public_mission, dept, is_published=False)
    orphan = f.indicator(draft_mission, dept, is_published=True)
    db.session.commit()
    assert load_indicator_progress(shown.id, published_only=True) is not None
    assert load_indicator_progress(draft.id, published_only=True) is None
    assert load_indicator_progress(orphan.id, published_only=True) is None
    assert load_indicator_progress(draft.id, published_only=False) is not None
    assert load_indicator_progress(10**6, published_only=False) is None
