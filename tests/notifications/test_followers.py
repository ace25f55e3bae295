"""Residents follow a mission: double opt-in, no enumeration, news emails, unsubscribe, the feed."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

import feedparser
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from itsdangerous import TimestampSigner
from sqlalchemy import func, select, text

from app.extensions import db
from app.models import Follower, MailDelivery, MailProblem, Measurement, ProgressUpdate
from app.notifications.sending import follower_unsubscribe_url, link_context, run_all
from tests.support.client import extract_csrf

TODAY = date(2026, 7, 7)  # a Tuesday


def at(day: date, hour: int = 6) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@pytest.fixture
def public_city(app, city):  # type: ignore[no-untyped-def]
    """The city with its mission, interventions and indicators published."""
    with app.app_context():
        published = at(date(2026, 1, 1))
        for obj in (city.mission, city.edu_intervention, city.wel_intervention,
                    city.edu_indicator, city.wel_indicator):  # fmt: skip
            row = db.session.merge(obj)
            row.is_published, row.published_at = True, published
        db.session.commit()
    return city


def _publish_news(city, day: date) -> None:  # type: ignore[no-untyped-def]
    """On day: one published update, one draft update and one new value of a public indicator."""
    db.session.add(
        ProgressUpdate(
            intervention_id=city.edu_intervention.id,
            reported_on=day,
            status="at_risk",
            summary="Published: teams in 12 schools.",
            is_published=True,
            published_at=at(day, 10),
        )
    )
    db.session.add(
        ProgressUpdate(
            intervention_id=city.wel_intervention.id,
            reported_on=day,
            status="off_track",
            summary="DRAFT: not for residents.",
            blockers="Staff shortage.",
        )
    )
    value = Measurement(indicator_id=city.edu_indicator.id, period=date(2025, 1, 1), value=74.5)
    db.session.add(value)
    db.session.flush()
    value.updated_at = at(day, 11)
    db.session.commit()  # fmt: skip


def _follow(client, email: str, language: str = "en", cadence: str = "daily"):  # type: ignore[no-untyped-def]
    form = client.get("/missions/children/follow")
    token = extract_csrf(form.get_data(as_text=True))
    response = client.post("/missions/children/follow", data={
        "csrf_token": token, "email": email, "language": language, "cadence": cadence})  # fmt: skip
    response.close()  # the mail goes out once the response is closed
    return response


def _link(message, marker: str) -> str:  # type: ignore[no-untyped-def]
    for word in message.part("plain").split():
        if marker in word:
            return urlsplit(word).path
    raise AssertionError(f"no {marker} link")


def _confirm(client, path: str):  # type: ignore[no-untyped-def]
    page = client.get(path)
    assert page.status_code == 200
    return client.post(path, data={"csrf_token": extract_csrf(page.get_data(as_text=True))})


def test_double_opt_in_in_icelandic(app, public_city, client, smtp):
    response = _follow(client, "Resident@Example.org ", language="is")
    assert response.status_code == 200
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Follower)) == 0
    (message,) = smtp.to("resident@example.org")
    assert message.subject.startswith("Staðfestu")
    assert message.message.get_content_type() == "multipart/alternative"
    confirmed = _confirm(client, _link(message, "/follow/confirm/"))
    assert confirmed.status_code == 200
    with app.app_context():
        follower = db.session.scalar(select(Follower))
        assert (follower.email, follower.language, follower.cadence) == (
            "resident@example.org",
            "is",
            "daily",
        )


def test_the_form_never_tells_who_is_subscribed(app, public_city, client, smtp):
    first = _follow(client, "known@example.org")
    _confirm(client, _link(smtp.to("known@example.org")[0], "/follow/confirm/"))
    again = _follow(client, "known@example.org")
    stranger = _follow(client, "stranger@example.org")
    assert again.status_code == stranger.status_code == first.status_code == 200
    assert again.get_data() == stranger.get_data() == first.get_data()


def test_malformed_email_gets_a_field_error_and_sends_nothing(app, public_city, client, smtp):
    response = _follow(client, "not-an-address")
    assert response.status_code == 400
    assert "Enter a valid email address." in response.get_data(as_text=True)
    assert smtp.messages == []


def test_follow_needs_csrf(app, public_city, client, smtp):
    response = client.post(
        "/missions/children/follow",
        data={"email": "a@example.org", "language": "en", "cadence": "daily"},
    )
    response.close()
    assert response.status_code == 400
    assert smtp.messages == []


def test_follow_is_rate_limited_per_address_and_per_client(app, public_city, client, smtp):
    for _ in range(4):
        assert _follow(client, "same@example.org").status_code == 200
    assert len(smtp.to("same@example.org")) == 3  # the 4th got the same page, and no email
    statuses = [_follow(client, f"p{n}@example.org").status_code for n in range(8)]
    assert statuses[-1] == 429


def test_tampered_and_expired_links_change_nothing(app, public_city, client, smtp, monkeypatch):
    _follow(client, "r@example.org")
    path = _link(smtp.to("r@example.org")[0], "/follow/confirm/")
    tampered = path[:-3] + ("aaa" if not path.endswith("aaa") else "bbb")
    assert client.get(tampered).status_code == 400
    assert client.post(tampered, data={}).status_code == 400
    real = TimestampSigner.get_timestamp
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: real(self) - 4 * 86400)
    smtp.clear()
    _follow(client, "old@example.org")
    monkeypatch.undo()
    old = _link(smtp.to("old@example.org")[0], "/follow/confirm/")
    page = client.get(old)
    assert page.status_code == 400
    assert "expired" in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Follower)) == 0


def _follower(app, city, email: str, language: str = "en", cadence: str = "daily"):  # type: ignore[no-untyped-def]
    with app.app_context():
        db.session.add(Follower(mission_id=city.mission.id, email=email, language=language,
                                cadence=cadence, confirmed_at=at(date(2026, 1, 1))))  # fmt: skip
        db.session.commit()


def test_daily_news_has_published_content_only_in_each_language(app, public_city, smtp):
    _follower(app, public_city, "en@example.org")
    _follower(app, public_city, "is@example.org", language="is")
    with app.app_context():
        _publish_news(public_city, TODAY - timedelta(days=1))
        run_all(now=at(TODAY))
        run_all(now=at(TODAY, 9))
    (english,) = smtp.to("en@example.org")
    (icelandic,) = smtp.to("is@example.org")
    for message in (english, icelandic):
        for part in ("plain", "html"):
            body = message.part(part)
            assert "Published: teams in 12 schools." in body
            assert "DRAFT" not in body
        assert message.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert english.subject == "News from A Better City for Children"
    assert icelandic.subject == "Fréttir af A Better City for Children"
    assert "74.5" in english.part("plain")
    assert "74,5" in icelandic.part("plain")
    # The value's period by its name (a yearly indicator: the year), never its first day.
    for message in (english, icelandic):
        assert "(2025)" in message.part("plain")
        assert "(2025)" in message.part("html")
    assert "Í hættu" in icelandic.part("plain")


def test_weekly_followers_get_last_week_on_monday(app, public_city, smtp):
    _follower(app, public_city, "w@example.org", cadence="weekly")
    monday = date(2026, 7, 13)
    with app.app_context():
        _publish_news(public_city, monday - timedelta(days=3))
        run_all(now=at(monday - timedelta(days=1)))
        assert smtp.to("w@example.org") == []
        run_all(now=at(monday))
    assert len(smtp.to("w@example.org")) == 1


def test_one_click_unsubscribe_deletes_the_address(app, public_city, client, smtp):
    _follower(app, public_city, "bye@example.org")
    with app.app_context():
        _publish_news(public_city, TODAY - timedelta(days=1))
        run_all(now=at(TODAY))
    (message,) = smtp.to("bye@example.org")
    url = urlsplit(str(message.message["List-Unsubscribe"]).strip().strip("<>")).path
    assert client.post(url + "x", data={"List-Unsubscribe": "One-Click"}).status_code == 400
    assert client.get(url).status_code == 200
    response = client.post(url, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Follower)) == 0
        assert db.session.scalar(
            select(func.count()).select_from(MailDelivery)
            .where(MailDelivery.recipient == "bye@example.org")) == 0  # fmt: skip


def test_expired_unsubscribe_link(app, public_city, client, monkeypatch):
    _follower(app, public_city, "late@example.org")
    real = TimestampSigner.get_timestamp
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: real(self) - 400 * 86400)
    with app.app_context(), link_context():
        url = urlsplit(follower_unsubscribe_url(public_city.mission.id, "late@example.org")).path
    monkeypatch.undo()
    assert client.post(url, data={"List-Unsubscribe": "One-Click"}).status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Follower)) == 1


def test_atom_feed_lists_published_updates_only(app, public_city, client):
    with app.app_context():
        _publish_news(public_city, TODAY - timedelta(days=1))
    page = client.get("/missions/children")
    assert 'type="application/atom+xml"' in page.get_data(as_text=True)
    response = client.get("/missions/children/feed.atom")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    feed = feedparser.parse(response.get_data())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == "A Better City for Children"
    summaries = [entry.summary for entry in feed.entries]
    assert summaries == ["Published: teams in 12 schools."]
    assert "DRAFT" not in response.get_data(as_text=True)


def test_no_follow_form_or_feed_for_a_draft_mission(app, city, client):
    assert client.get("/missions/children/follow").status_code == 404
    assert client.get("/missions/children/feed.atom").status_code == 404


def test_follow_with_a_broken_mail_server_is_not_an_error_page(app, public_city, client):
    from tests.support.smtp import free_port

    saved = {k: app.config[k] for k in ("MAIL_SERVER", "MAIL_PORT", "MAIL_TIMEOUT")}
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_TIMEOUT=2)
    try:
        response = _follow(client, "someone@example.org")
    finally:
        app.config.update(saved)
    assert response.status_code == 200
    with app.app_context():
        problem = db.session.scalar(select(MailProblem).order_by(MailProblem.id.desc()))
    assert problem is not None
    assert "refused the connection" in problem.message


@pytest.mark.slow
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(email=st.text(max_size=300), language=st.text(max_size=5), cadence=st.text(max_size=8))
def test_any_follow_input_is_a_page_or_a_field_error(
    app, public_city, client, smtp, email, language, cadence
):
    token = extract_csrf(client.get("/missions/children/follow").get_data(as_text=True))
    response = client.post(
        "/missions/children/follow",
        data={"csrf_token": token, "email": email, "language": language, "cadence": cadence},
        environ_overrides={"REMOTE_ADDR": f"10.1.{len(email) % 250}.{len(cadence)}"},
    )
    response.close()
    assert response.status_code in (200, 400, 429)


def test_a_forged_host_never_reaches_the_confirmation_email(app, public_city, client, smtp):
    """The link a resident is mailed uses the site's canonical address: a client that sends
    Host: evil.example cannot make the email point elsewhere (nor can the feed)."""
    app.config["PUBLIC_BASE_URL"] = "https://aim.reykjavik.is"
    try:
        form = client.get("/missions/children/follow", headers={"Host": "evil.example"})
        token = extract_csrf(form.get_data(as_text=True))
        client.post(
            "/missions/children/follow",
            data={"csrf_token": token, "email": "r@example.org", "language": "en",
                  "cadence": "daily"},
            headers={"Host": "evil.example"},
        ).close()  # fmt: skip
        feed = client.get("/missions/children/feed.atom", headers={"Host": "evil.example"})
    finally:
        app.config["PUBLIC_BASE_URL"] = ""
    (message,) = smtp.to("r@example.org")
    text = message.part("plain")
    assert "https://aim.reykjavik.is/follow/confirm/" in text
    assert "evil.example" not in text
    assert b"evil.example" not in feed.data
    assert b"https://aim.reykjavik.is/missions/children" in feed.data


def test_a_control_character_stored_earlier_cannot_break_the_feed(app, public_city, client):
    """Forms now refuse text with control characters, but an older row may hold one (pasted from
    a word processor); the feed drops it instead of answering 500."""
    from app.database import check_text
    from app.errors import DomainError

    with pytest.raises(DomainError):
        check_text("Pasted from Word\x0cpage two", "summary")
    with app.app_context():
        db.session.execute(
            text(
                "INSERT INTO progress_updates (intervention_id, reported_on, status, summary,"
                " next_steps, blockers, is_published, published_at, version, created_at,"
                " updated_at) VALUES (:i, :d, 'at_risk', :s, '', '', :yes, :at, 1, :at, :at)"
            ),
            {"i": public_city.edu_intervention.id, "d": date(2026, 7, 6), "yes": True,
             "s": "Pasted from Word\x0cpage two", "at": at(date(2026, 7, 6), 10)},
        )  # fmt: skip
        db.session.commit()
    feed = client.get("/missions/children/feed.atom")
    assert feed.status_code == 200
    assert "Pasted from Wordpage two" in feedparser.parse(feed.data).entries[-1].summary


def test_the_follow_form_offers_every_configured_language(app, public_city, monkeypatch):
    """LANGUAGES decides the choices, each named in itself; the reader's language is proposed."""
    monkeypatch.setitem(app.config, "LANGUAGES", ("en", "is", "pl"))
    page = app.test_client().get("/missions/children/follow?lang=pl").get_data(as_text=True)
    offered = re.findall(r'<input[^>]*name="language"[^>]*>\s*<label[^>]*>([^<]+)</label>', page)
    assert offered == ["English", "Íslenska", "Polski"]
    assert re.search(r'checked[^>]*value="pl"|value="pl"[^>]*checked', page)


def test_a_follower_in_a_configured_third_language_is_stored(
    app, public_city, client, smtp, monkeypatch
):
    """Polish by configuration only: the follow is confirmed and stored (migration 0016), and a
    language later removed from LANGUAGES sends that follower the source language's emails."""
    monkeypatch.setitem(app.config, "LANGUAGES", ("en", "is", "pl"))
    assert _follow(client, "polski@example.org", language="pl").status_code == 200
    (message,) = smtp.to("polski@example.org")
    assert _confirm(client, _link(message, "/follow/confirm/")).status_code == 200
    with app.app_context():
        follower = db.session.scalar(select(Follower).where(Follower.email == "polski@example.org"))
        assert follower.language == "pl"


def test_a_language_that_is_not_configured_is_refused(app, public_city, client, smtp):
    response = _follow(client, "someone@example.org", language="pl")
    assert response.status_code == 400
    assert not smtp.to("someone@example.org")


def test_news_and_the_feed_are_in_the_readers_language(app, public_city, client, smtp):
    """Content translations reach the follower's email and the feed in their language; English
    stays the text of English readers, and marks itself where Icelandic is missing."""
    _follower(app, public_city, "en@example.org")
    _follower(app, public_city, "is@example.org", language="is")
    with app.app_context():
        _publish_news(public_city, TODAY - timedelta(days=1))
        update = db.session.scalar(
            select(ProgressUpdate).where(ProgressUpdate.is_published.is_(True))
        )
        update.translations = {"is": {"summary": "Birt: teymi í 12 skólum."}}
        db.session.commit()
        run_all(now=at(TODAY))
    (english,) = smtp.to("en@example.org")
    (icelandic,) = smtp.to("is@example.org")
    assert "Birt: teymi í 12 skólum." in icelandic.part("plain")
    assert "Birt: teymi í 12 skólum." in icelandic.part("html")
    assert "Published: teams in 12 schools." in english.part("plain")
    assert "Birt" not in english.part("html")
    # The intervention's title has no Icelandic here: marked as English in the HTML mail.
    assert '<span lang="en">' in icelandic.part("html")
    feed = feedparser.parse(client.get("/missions/children/feed.atom?lang=is").get_data())
    assert [entry.summary for entry in feed.entries] == ["Birt: teymi í 12 skólum."]
