"""A test client that knows about CSRF tokens and the sign-in form."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from tests.support.factories import TEST_PASSWORD

CSRF_PATTERN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def extract_csrf(html: str) -> str:
    match = CSRF_PATTERN.search(html)
    assert match, "no csrf_token on the page"
    return match.group(1)


class StaffClient(FlaskClient):
    """A test client that can fetch a CSRF token and post forms with it."""

    def csrf(self, url: str = "/staff/login") -> str:
        return extract_csrf(self.get(url).get_data(as_text=True))

    def post_form(self, url: str, data: dict | None = None, *, token_from: str | None = None, **kw):  # type: ignore[no-untyped-def]
        """POST data with a valid CSRF token (taken from token_from, the url, or the login page)."""
        source = token_from or url
        page = self.get(source)
        html = page.get_data(as_text=True)
        token = extract_csrf(html) if CSRF_PATTERN.search(html) else self.csrf("/staff/")
        return self.post(url, data={**(data or {}), "csrf_token": token}, **kw)

    def sign_in(self, email: str, password: str = TEST_PASSWORD):  # type: ignore[no-untyped-def]
        """Sign in through the real form (the tests of signing in use this)."""
        token = self.csrf("/staff/login")
        response = self.post(
            "/staff/login", data={"email": email, "password": password, "csrf_token": token}
        )
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return response
