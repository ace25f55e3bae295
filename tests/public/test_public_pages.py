"""Public pages: published content only, GET only, privacy, languages, constant queries."""

from __future__ import annotations

import csv
import io

import pytest

from app.extensions import cache
from tests.support.public import DRAFT, build_public_city


def _public_urls(city) -> list[str]:  # type: ignore[no-untyped-def]
    slug = city.mission_slug
    return [
        "/",
        f"/missions/{slug}",
        f"/missions/{slug}/indicators/{city.indicator_id}",
        f"/missions/{slug}/indicators/{city.sensitive_id}",
        f"/embed/indicators/{city.indicator_id}",
        f"/missions/{slug}/reports/2025-01-01",
        "/open-data/",
        "/open-data/datapackage.json",
        *[f"/open-data/{name}.csv" for name in
          ("missions", "outcomes", "departments", "interventions", "budget_lines", "indicators",
           "measurements", "updates")],
    ]  # fmt: skip


def test_drafts_never_appear_anywhere_public(client, public_city):
    for url in _public_urls(public_city):
        for lang in ("en", "is"):
            response = client.get(url, query_string={"lang": lang})
            assert response.status_code == 200, url
            assert DRAFT not in response.get_data(as_text=True), url


@pytest.mark.parametrize(
    "path",
    [
        "/missions/{draft}",
        "/missions/{slug}/indicators/{draft_indicator}",
        "/embed/indicators/{draft_indicator}",
        "/missions/no-such-mission",
        "/missions/{slug}/reports/2024-03-03",
        "/missions/{slug}/reports/not-a-date",
        "/open-data/secrets.csv",
    ],
)
def test_unpublished_or_unknown_is_404(client, public_city, path):
    url = path.format(
        draft=public_city.draft_mission_slug,
        slug=public_city.mission_slug,
        draft_indicator=public_city.draft_indicator_id,
    )
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_public_pages_only_answer_get(client, public_city, method):
    for url in _public_urls(public_city):
        assert client.open(url, method=method).status_code == 405, (method, url)


def test_mission_page_shows_both_lenses_and_the_gap(client, public_city):
    page = client.get(f"/missions/{public_city.mission_slug}").get_data(as_text=True)
    assert "Are the indicators moving?" in page
    assert "Are the interventions moving?" in page
    assert "Moderate progress" in page  # 40 -> 28 by 2024, target 10 by 2030
    assert "No intervention serves ages 16–18." in page  # the 16-17 draft does not count
    assert "Hiring is slow." in page  # latest published report
    assert "Welfare 1" in page  # partner department


def test_report_page_shows_the_status_as_of_that_day(client, public_city):
    url = f"/missions/{public_city.mission_slug}/reports/2024-07-01"
    page = client.get(url).get_data(as_text=True)
    assert "Teams started in ten schools." in page
    assert "Hiring is slow." not in page


def test_sensitive_breakdowns_are_withheld_on_pages(client, public_city):
    url = f"/missions/{public_city.mission_slug}/indicators/{public_city.sensitive_id}"
    page = client.get(url).get_data(as_text=True)
    assert "withheld" in page
    assert ">3.0<" not in page  # Breiðholt's 3 children
    assert ">12.0<" not in page  # the second-smallest, withheld so 3 cannot be worked out
    assert ">40.0<" in page
    assert "breakdown values below 5 are withheld" in page


def test_sensitive_breakdowns_are_withheld_in_downloads(client, public_city):
    text = client.get("/open-data/measurements.csv").get_data(as_text=True)
    rows = [r for r in csv.DictReader(io.StringIO(text))
            if r["indicator_id"] == str(public_city.sensitive_id)]  # fmt: skip
    by_key = {(r["breakdown"], r["period"]): r for r in rows}
    breidholt = by_key[("district=Breiðholt", "2024-01-01")]
    assert breidholt["value"] == ""
    assert breidholt["withheld"] == "true"
    assert by_key[("district=Vesturbær", "2024-01-01")]["value"] == ""
    assert float(by_key[("district=Árbær", "2024-01-01")]["value"]) == 40.0
    assert float(by_key[("", "2024-01-01")]["value"]) == 55.0


def test_icelandic_content_and_interface(client, public_city):
    page = client.get(f"/missions/{public_city.mission_slug}?lang=is").get_data(as_text=True)
    assert '<html lang="is">' in page
    assert "Betri borg fyrir börn" in page


def _uncached(app) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        cache.clear()


def test_query_counts_do_not_grow_with_data(app, client, count_queries):
    """Counted with an empty page cache, so every query of the page is seen."""
    with app.app_context():
        small = build_public_city(1)
        large = build_public_city(10)
    pages = [
        ("/missions/{slug}", "mission_slug"),
        ("/missions/{slug}/indicators/{ind}", "indicator_id"),
        ("/embed/indicators/{ind}", "indicator_id"),
        ("/missions/{slug}/reports/2025-01-01", "mission_slug"),
    ]
    for template, _ in pages:
        counts = []
        for city in (small, large):
            url = template.format(slug=city.mission_slug, ind=city.indicator_id)
            _uncached(app)
            with count_queries() as log:
                assert client.get(url).status_code == 200, url
            counts.append(log.count)
        assert counts[0] == counts[1], (template, counts)
    _uncached(app)
    with count_queries() as log:
        client.get("/")
    home = log.count
    with app.app_context():
        build_public_city(11)
    _uncached(app)
    with count_queries() as log:
        client.get("/")
    assert log.count == home
