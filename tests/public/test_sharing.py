"""Sharing an indicator: its CSV, a link, iframe code; link previews; when the data changed."""

from __future__ import annotations

import csv
import io
import re

from app.extensions import cache
from app.models import Indicator
from tests.support.public import DRAFT, build_public_city


def _text(response) -> str:  # type: ignore[no-untyped-def]
    return response.get_data(as_text=True)


def test_indicator_csv_is_the_open_data_rows_of_that_indicator(client, public_city):
    response = client.get(f"/open-data/indicators/{public_city.sensitive_id}.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(_text(response))))
    assert {r["indicator_id"] for r in rows} == {str(public_city.sensitive_id)}
    every = list(csv.DictReader(io.StringIO(_text(client.get("/open-data/measurements.csv")))))
    assert rows == [r for r in every if r["indicator_id"] == str(public_city.sensitive_id)]
    by_key = {(r["breakdown"], r["period"]): r for r in rows}
    assert by_key[("district=Breiðholt", "2024-01-01")]["value"] == ""  # withheld


def test_indicator_csv_of_a_draft_or_unknown_indicator_is_404(client, public_city):
    for indicator_id in (public_city.draft_indicator_id, 987654):
        assert client.get(f"/open-data/indicators/{indicator_id}.csv").status_code == 404


def test_indicator_page_offers_download_link_and_iframe_code(app, client, public_city):
    url = f"/missions/{public_city.mission_slug}/indicators/{public_city.indicator_id}"
    body = _text(client.get(url))
    assert f'href="/open-data/indicators/{public_city.indicator_id}.csv"' in body
    # Without PUBLIC_BASE_URL the server writes a path; share.js adds the page's origin.
    assert f"&lt;iframe src=&#34;/embed/indicators/{public_city.indicator_id}&#34;" in body
    assert "js/share.js" in body
    app.config["PUBLIC_BASE_URL"] = "https://aim.example.is"
    try:
        body = _text(client.get(url, headers={"Host": "evil.example"}, query_string={"lang": "is"}))
    finally:
        app.config["PUBLIC_BASE_URL"] = None
    assert f"https://aim.example.is/embed/indicators/{public_city.indicator_id}" in body
    assert f'property="og:url" content="https://aim.example.is{url}"' in body
    assert "evil.example" not in body


def test_iframe_code_escapes_the_title(app, client, public_city):
    with app.app_context():
        from app.extensions import db

        indicator = db.session.get(Indicator, public_city.indicator_id)
        indicator.title = 'Waiting "lists" <b>&</b>'
        db.session.commit()
    url = f"/missions/{public_city.mission_slug}/indicators/{public_city.indicator_id}"
    body = _text(client.get(url))
    box = re.search(r"<textarea[^>]*>(.*?)</textarea>", body, re.S).group(1)
    assert "<b>" not in box
    assert "&amp;#34;lists&amp;#34;" in box


def test_pages_have_link_preview_tags_in_both_languages(client, public_city):
    slug = public_city.mission_slug
    for url in (
        "/",
        f"/missions/{slug}",
        f"/missions/{slug}/indicators/{public_city.indicator_id}",
        f"/missions/{slug}/interventions/{public_city.intervention_id}",
        f"/missions/{slug}/interventions",
        "/search",
        "/explained",
    ):
        for lang in ("en", "is"):
            body = _text(client.get(url, query_string={"lang": lang}))
            title = re.search(r'property="og:title" content="([^"]+)"', body)
            description = re.search(r'property="og:description" content="([^"]+)"', body)
            assert title, url
            assert description, url
            assert 'name="twitter:card" content="summary"' in body
            assert DRAFT not in title.group(1) + description.group(1)
            assert "og:url" not in body  # no PUBLIC_BASE_URL: no absolute address to give


def test_indicator_page_and_embed_say_when_data_changed_and_is_due(client, public_city):
    for url in (
        f"/missions/{public_city.mission_slug}/indicators/{public_city.indicator_id}",
        f"/embed/indicators/{public_city.indicator_id}",
    ):
        body = _text(client.get(url))
        assert "Last updated" in body
        assert "Latest data:" in body
        assert "Next data due" in body or "Data overdue since" in body
        assert "/explained#" in body


def test_intervention_page_has_a_share_link(client, public_city):
    url = f"/missions/{public_city.mission_slug}/interventions/{public_city.intervention_id}"
    body = _text(client.get(url))
    assert f'value="{url}" data-share-text' in body


def test_indicator_csv_query_count_does_not_grow_with_data(app, client, count_queries):
    with app.app_context():
        small = build_public_city(1)
        large = build_public_city(10)
    counts = []
    for city in (small, large):
        with app.app_context():
            cache.clear()
        with count_queries() as log:
            response = client.get(f"/open-data/indicators/{city.indicator_id}.csv")
            assert response.status_code == 200
            response.get_data()  # the rows are streamed: read them inside the count
        counts.append(log.count)
    assert counts[0] == counts[1]
