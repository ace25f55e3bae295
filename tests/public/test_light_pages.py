"""Light public pages: the partial plotly.js bundle, charts with words before any script, the
mission page as an overview with details one tap away, and a print footer."""

from __future__ import annotations

import gzip
import json
import re

from app.assets import PLOTLY_JS_VERSION, PLOTLY_VERSION, basic_bundle_path

BASIC_URL = f"/assets/plotly-basic-{PLOTLY_JS_VERSION}.min.js"
FULL_URL = f"/assets/plotly-{PLOTLY_VERSION}.min.js"


def test_the_vendored_bundle_is_the_release_of_the_python_package():
    """Upgrading plotly without replacing app/static/vendor fails here (see its README)."""
    head = basic_bundle_path().read_text(encoding="utf-8")[:400]
    assert f"plotly.js (basic - minified) v{PLOTLY_JS_VERSION}" in head
    assert (
        (basic_bundle_path().parent / "plotly.js-LICENSE.txt").read_text().startswith("MIT License")
    )


def test_basic_bundle_is_served_gzipped_versioned_and_immutable(client):
    response = client.get(BASIC_URL, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.mimetype == "text/javascript"
    script = gzip.decompress(response.data)
    assert script == basic_bundle_path().read_bytes()
    full = client.get(FULL_URL, headers={"Accept-Encoding": "gzip"})
    # Under 500 KB compressed, and much less than the full bundle.
    assert len(response.data) < 500_000 < len(full.data)
    assert (
        client.get(BASIC_URL, headers={"If-None-Match": response.headers["ETag"]}).status_code
        == 304
    )
    assert client.get("/assets/plotly-basic-0.0.1.min.js").status_code == 404


def test_public_charts_draw_only_trace_types_the_basic_bundle_has(client, public_city):
    slug = public_city.mission_slug
    pages = [
        f"/missions/{slug}",
        f"/missions/{slug}/indicators/{public_city.indicator_id}",
        f"/embed/indicators/{public_city.indicator_id}",
    ]
    for url in pages:
        html = client.get(url).get_data(as_text=True)
        assert BASIC_URL in html, url
        assert FULL_URL not in html, url
        assert re.search(r'src="/static/js/charts\.js[^"]*" data-light', html), url
        figures = re.findall(r'<script type="application/json" id="[^"]+">(.*?)</script>', html)
        assert figures, url
        types = {trace["type"] for figure in figures for trace in json.loads(figure)["data"]}
        assert types <= {"scatter", "bar", "pie"}, (url, types)


def test_mission_page_is_an_overview_with_details_one_tap_away(client, public_city):
    html = client.get(f"/missions/{public_city.mission_slug}").get_data(as_text=True)
    section = html[html.index('<section class="outcome"') :]
    section = section[: section.index("</section>")]
    # The outcome's headline indicator is shown with its numbers in words before any script.
    headline = section[: section.index('<details class="outcome-details"')]
    assert "Headline indicator" in headline
    assert 'class="chart-summary"' in headline
    for words in ("Baseline 40", "Latest 28", "Target 10"):
        assert words in headline
    # The interventions and the rest are one tap away, closed in the page as served.
    assert re.search(r'<details class="outcome-details" data-open-wide>\s*<summary>', section)
    assert "<details open" not in html
    assert "Hiring is slow." in section[section.index('<details class="outcome-details"') :]


def test_pages_carry_their_address_and_date_for_print(client, public_city, app):
    app.config["PUBLIC_BASE_URL"] = "https://aim.example.city"
    url = f"/missions/{public_city.mission_slug}/reports/2025-01-01"
    html = client.get(url).get_data(as_text=True)
    assert f'<p class="print-footer">https://aim.example.city{url} · as of ' in html
    html = client.get(url, headers={"Host": "evil.example"}).get_data(as_text=True)
    assert "evil.example" not in html


def test_print_stylesheet_hides_navigation_and_breaks_between_outcomes(client):
    with client.get("/static/css/site.css") as response:
        css = response.get_data(as_text=True)
    printing = css[css.index("@media print") :]
    assert ".site-header" in printing
    assert ".public-nav" in printing
    assert "section.outcome + section.outcome { break-before: page; }" in printing
    assert ".chart-box { display: none !important; }" in printing
    assert "details::details-content" in printing
