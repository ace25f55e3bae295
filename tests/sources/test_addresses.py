"""Sources are read from public addresses only: a lead cannot make the server read the city's
internal services (loopback, private networks, cloud metadata), directly or by a redirect."""

from __future__ import annotations

import pytest

from app.sources.fetching import FetchFailed, check_address, fetch


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:5432/",
        "http://localhost/data.csv",
        "http://10.1.2.3/data.csv",
        "http://192.168.0.10/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[fd00::1]/",
        "http://0.0.0.0/",
        "http://224.0.0.1/",
    ],
)
def test_internal_addresses_are_refused(app, url):
    app.config["SOURCE_ALLOW_PRIVATE_ADDRESSES"] = False
    with app.app_context(), pytest.raises(FetchFailed, match="inside the city's network"):
        fetch(url, timeout=1, limit=1024)


def test_an_unknown_host_is_a_clear_failure(app):
    app.config["SOURCE_ALLOW_PRIVATE_ADDRESSES"] = False
    with app.app_context(), pytest.raises(FetchFailed, match="is not known"):
        check_address("http://no-such-host.invalid/data.csv")


def test_a_public_address_passes_the_check(app):
    app.config["SOURCE_ALLOW_PRIVATE_ADDRESSES"] = False
    with app.app_context():
        check_address("http://8.8.8.8/data.csv")  # an address literal: no DNS needed


def test_a_redirect_into_the_network_is_refused(app):
    from app.sources.fetching import _HttpOnlyRedirects

    app.config["SOURCE_ALLOW_PRIVATE_ADDRESSES"] = False
    handler = _HttpOnlyRedirects()
    with app.app_context(), pytest.raises(FetchFailed, match="inside the city's network"):
        handler.redirect_request(None, None, 302, "Found", None, "http://127.0.0.1/x")  # type: ignore[arg-type]
