"""Fixtures of the public tests."""

from __future__ import annotations

import pytest

from tests.support.public import PublicCity, build_public_city


@pytest.fixture
def public_city(app) -> PublicCity:  # type: ignore[no-untyped-def]
    with app.app_context():
        return build_public_city()
