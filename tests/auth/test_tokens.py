"""API tokens on the account pages: created with the secret shown once, stored hashed, revoked."""

from __future__ import annotations

import hashlib
import re

from sqlalchemy import func, select

from app.auth.tokens import create_token
from app.extensions import db
from app.models import ApiToken, User
from tests.support.transfer import audit_events

TOKENS = "/staff/data/tokens"
SECRET = re.compile(r'id="new-token" type="text" readonly value="(aim_[^"]+)"')


def _tokens(app) -> list[ApiToken]:  # type: ignore[no-untyped-def]
    with app.app_context():
        return list(db.session.scalars(select(ApiToken).order_by(ApiToken.id)))


def test_a_new_token_is_shown_once_and_stored_hashed(app, city, signed_in):
    client = signed_in("edu_lead")
    response = client.post_form(TOKENS, {"name": "Monthly upload", "expires_in": "30"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    secret = SECRET.search(html).group(1)  # type: ignore[union-attr]
    [token] = _tokens(app)
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in token.token_hash
    assert token.prefix == secret[:12]
    assert token.user_id == city.users["edu_lead"].id
    assert token.expires_at is not None
    assert response.headers["Cache-Control"] == "no-store"
    page = client.get(TOKENS).get_data(as_text=True)
    assert secret not in page
    assert token.prefix in page
    assert "Monthly upload" in page
    [event] = audit_events(app, "create", "ApiToken")
    assert event.new_values["name"] == "Monthly upload"
    assert "token_hash" not in event.new_values


def test_bad_input_creates_no_token(app, city, signed_in):
    client = signed_in("viewer")
    response = client.post_form(TOKENS, {"name": "  ", "expires_in": "30"})
    assert response.status_code == 200
    assert 'id="name-error"' in response.get_data(as_text=True)
    response = client.post_form(TOKENS, {"name": "x", "expires_in": "5000"})
    assert 'id="expires_in-error"' in response.get_data(as_text=True)
    assert _tokens(app) == []


def test_post_without_csrf_token_is_refused(app, city, signed_in):
    client = signed_in("viewer")
    assert client.post(TOKENS, data={"name": "x", "expires_in": "30"}).status_code == 400
    assert _tokens(app) == []


def test_revoking_ones_own_token(app, city, signed_in):
    client = signed_in("edu_lead")
    client.post_form(TOKENS, {"name": "Script", "expires_in": "never"})
    [token] = _tokens(app)
    assert token.expires_at is None
    response = client.post_form(f"{TOKENS}/revoke", {"token_id": str(token.id)}, token_from=TOKENS)
    assert response.status_code == 302
    [token] = _tokens(app)
    assert token.revoked_at is not None
    assert [e.old_values for e in audit_events(app, "update", "ApiToken")] == [{"revoked_at": None}]
    assert "Revoked" in client.get(TOKENS).get_data(as_text=True)


def test_nobody_revokes_another_users_token(app, city, signed_in):
    with app.app_context():
        user = db.session.get(User, city.users["wel_lead"].id)
        token, _secret = create_token(user, name="WEL script", expires_in_days=None)
        db.session.commit()
        token_id = token.id
    response = signed_in("admin").post_form(
        f"{TOKENS}/revoke", {"token_id": str(token_id)}, token_from=TOKENS
    )
    assert response.status_code == 404
    assert _tokens(app)[0].revoked_at is None
    bad = signed_in("admin").post_form(f"{TOKENS}/revoke", {"token_id": "x1"}, token_from=TOKENS)
    assert bad.status_code == 200
    assert "Choose a token to revoke." in bad.get_data(as_text=True)


def test_the_token_list_takes_the_same_queries_for_10x_tokens(app, city, signed_in, count_queries):
    client = signed_in("viewer")
    counts = []
    for number in (1, 10):
        with app.app_context():
            user = db.session.get(User, city.users["viewer"].id)
            for n in range(number):
                create_token(user, name=f"t{number}-{n}", expires_in_days=30)
            db.session.commit()
        with count_queries() as log:
            assert client.get(TOKENS).status_code == 200
        counts.append(log.count)
    assert counts[0] == counts[1]
    with app.app_context():
        assert db.session.scalar(select(func.count(ApiToken.id))) == 11


def test_the_import_and_export_page_links_to_the_tokens(city, signed_in):
    page = signed_in("viewer").get("/staff/data/").get_data(as_text=True)
    assert f'href="{TOKENS}"' in page
