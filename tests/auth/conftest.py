"""Fixtures of the sign-in and account tests: here clients sign in through the real form."""

from __future__ import annotations

import pytest

from tests.support.client import StaffClient


@pytest.fixture
def signed_in(app, city):  # type: ignore[no-untyped-def]
    """signed_in("edu_lead") -> a StaffClient signed in as that user through the sign-in form."""

    def make(who: str) -> StaffClient:
        client = StaffClient(app, app.response_class, use_cookies=True)
        client.sign_in(city.users[who].email)
        return client

    return make
