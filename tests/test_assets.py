"""plotly.js is served from our own server, compressed and cached."""

from __future__ import annotations

import gzip

from app.assets import PLOTLY_VERSION

URL = f"/assets/plotly-{PLOTLY_VERSION}.min.js"


def test_plotly_is_served_gzipped_and_cached(client):
    response = client.get(URL, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert "immutable" in response.headers["Cache-Control"]
    script = gzip.decompress(response.data)
    assert b"plotly" in script[:2000].lower()
    assert len(response.data) < len(script) / 2
    again = client.get(URL, headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_plain_client_gets_plain_script(client):
    response = client.get(URL)
    assert "Content-Encoding" not in response.headers
    assert response.data.startswith(b"/**") or b"Plotly" in response.data[:5000]


def test_other_versions_are_404(client):
    assert client.get("/assets/plotly-0.0.1.min.js").status_code == 404
