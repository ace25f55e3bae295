"""Review meetings end to end: plan (agenda from the real statuses), record, hold, follow-ups in
My work and on the next agenda until closed, minutes private then published; the audit trail."""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import AgendaItem, AuditEvent, FollowUp, ReviewMeeting


def _plan(client, mission_id: int, title: str, day: date | None = None) -> int:  # type: ignore[no-untyped-def]
    url = f"/staff/meetings/missions/{mission_id}/new"
    response = client.post_form(
        url, {"title": title, "meeting_date": (day or date.today()).isoformat(), "version": "0"}
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return int(re.search(r"/staff/meetings/(\d+)", response.headers["Location"]).group(1))


def _version(app, model, row_id: int) -> str:  # type: ignore[no-untyped-def]
    with app.app_context():
        return str(db.session.get(model, row_id).version)


def _items(app, meeting_id: int) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    with app.app_context():
        rows = db.session.scalars(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting_id)
            .order_by(AgendaItem.position)
        )
        return [(row.kind, row.status, row.subject) for row in rows]


def _events(app, model: str, entity_id: int) -> list[str]:  # type: ignore[no-untyped-def]
    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditEvent.action)
                .where(AuditEvent.entity_type == model, AuditEvent.entity_id == entity_id)
                .order_by(AuditEvent.id)
            )
        )


def test_the_agenda_comes_from_the_statuses_with_their_explanations(app, troubled, signed_in):
    office = signed_in("mission_office")
    meeting_id = _plan(office, troubled.mission.id, "Autumn review")
    items = _items(app, meeting_id)
    assert ("intervention", "off_track", "Solution teams") in items
    assert ("milestone", "late", "First course held") in items
    assert ("indicator", "deterioration", "Pupils who feel safe") in items
    assert ("indicator", "overdue", "Families waiting") in items  # quarterly data overdue
    # The city's earlier meeting left two actions open: both are carried.
    assert {subject for kind, _s, subject in items if kind == "follow_up"} == {
        "Count the teams", "Book the rooms",
    }  # fmt: skip
    # Worst first: the off-track intervention leads, follow-ups close the agenda.
    assert items[0][:2] == ("intervention", "off_track")
    assert items[-1][0] == "follow_up"
    html = office.get(f"/staff/meetings/{meeting_id}").get_data(as_text=True)
    assert "reports off track" in html
    assert "Baseline: 80" in html
    assert "Latest: 71" in html
    assert "Data overdue since" in html
    assert "Due " in html
    assert "and not done" in html
    with app.app_context():
        item = db.session.scalar(select(AgendaItem).where(
            AgendaItem.meeting_id == meeting_id, AgendaItem.kind == "intervention",
            AgendaItem.status == "off_track"))  # fmt: skip
        assert "reports off track" in item.explanation  # the engine's own explanation, kept
    assert _events(app, "ReviewMeeting", meeting_id) == ["create", "agenda"]


def test_the_whole_loop(app, troubled, signed_in, client):
    office = signed_in("mission_office")
    lead = signed_in("edu_lead")
    first = _plan(office, troubled.mission.id, "Spring review 2026", date.today())
    lead_id = troubled.users["edu_lead"].id

    # During the meeting: a decision, an action owned by the education lead, notes on an item.
    response = office.post_form(f"/staff/meetings/{first}/follow-ups/new", {
        "kind": "decision", "text": "Keep the solution teams going", "owner_id": "0",
        "department_id": "0",
    }, token_from=f"/staff/meetings/{first}")  # fmt: skip
    assert response.status_code == 302
    due = date.today() + timedelta(days=30)
    response = office.post_form(f"/staff/meetings/{first}/follow-ups/new", {
        "kind": "action", "text": "Find out why pupils feel less safe", "owner_id": str(lead_id),
        "department_id": "0", "due_on": due.isoformat(),
    }, token_from=f"/staff/meetings/{first}")  # fmt: skip
    assert response.status_code == 302
    with app.app_context():
        action = db.session.scalar(
            select(FollowUp).where(FollowUp.text == "Find out why pupils feel less safe")
        )
        action_id = action.id
        assert action.department_id == troubled.edu.id  # a lead owns it for their department
        item_id = db.session.scalar(
            select(AgendaItem.id)
            .where(AgendaItem.meeting_id == first)
            .order_by(AgendaItem.position)
        )
    response = office.post_form(f"/staff/meetings/items/{item_id}/notes", {
        "notes": "The team lost two counsellors.", "version": _version(app, AgendaItem, item_id),
    })  # fmt: skip
    assert response.status_code == 302
    assert "The team lost two counsellors." in office.get(f"/staff/meetings/{first}").get_data(
        as_text=True
    )

    # Held: the agenda is now the record.
    response = office.post_form(
        f"/staff/meetings/{first}/held", {"version": _version(app, ReviewMeeting, first)},
        token_from=f"/staff/meetings/{first}",
    )  # fmt: skip
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(ReviewMeeting, first).state == "held"

    # The owner sees it in My work; another department's lead does not.
    work = lead.get("/staff/").get_data(as_text=True)
    assert "Find out why pupils feel less safe" in work
    assert f"/staff/meetings/follow-ups/{action_id}/close" in work
    assert "Find out why pupils feel less safe" not in signed_in("wel_lead").get(
        "/staff/"
    ).get_data(as_text=True)

    # The next meeting carries it.
    second = _plan(office, troubled.mission.id, "Summer review 2026", date.today())
    assert ("follow_up", "open", "Find out why pupils feel less safe") in _items(app, second)

    # Its owner closes it with a note, from My work.
    url = f"/staff/meetings/follow-ups/{action_id}/close?next=work"
    response = lead.post_form(url, {
        "closing_note": "Two counsellors hired.", "version": _version(app, FollowUp, action_id),
    })  # fmt: skip
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/staff/")
    assert "Find out why pupils feel less safe" not in lead.get("/staff/").get_data(as_text=True)

    # A refresh of the next meeting's agenda drops it; the first meeting's record shows it closed.
    response = office.post_form(
        f"/staff/meetings/{second}/agenda", {"version": _version(app, ReviewMeeting, second)},
        token_from=f"/staff/meetings/{second}",
    )  # fmt: skip
    assert response.status_code == 302
    assert "Find out why pupils feel less safe" not in {s for _k, _st, s in _items(app, second)}
    page = office.get(f"/staff/meetings/{first}").get_data(as_text=True)
    assert "Two counsellors hired." in page

    # Minutes: staff-only, then published on the public mission page.
    response = office.post_form(f"/staff/meetings/{first}/edit", {
        "title": "Spring review 2026", "meeting_date": date.today().isoformat(),
        "minutes": "We reviewed the off-track work.",
        "version": _version(app, ReviewMeeting, first),
    })  # fmt: skip
    assert response.status_code == 302
    public = client.get("/missions/children").get_data(as_text=True)
    assert "Spring review 2026" not in public
    assert client.get(f"/missions/children/meetings/{first}").status_code == 404
    response = office.post_form(
        f"/staff/meetings/{first}/publish",
        {"version": _version(app, ReviewMeeting, first), "publish": "1"},
        token_from=f"/staff/meetings/{first}",
    )  # fmt: skip
    assert response.status_code == 302
    public = client.get("/missions/children").get_data(as_text=True)
    assert "Spring review 2026" in public
    minutes = client.get(f"/missions/children/meetings/{first}")
    assert minutes.status_code == 200
    text = minutes.get_data(as_text=True)
    assert "We reviewed the off-track work." in text
    assert "Keep the solution teams going" in text
    # Another meeting of the same mission, unpublished, is not public under any address.
    assert client.get(f"/missions/children/meetings/{second}").status_code == 404

    # Every step is in the audit trail.
    assert _events(app, "ReviewMeeting", first) == [
        "create", "agenda", "hold", "update", "publish",
    ]  # fmt: skip
    assert _events(app, "ReviewMeeting", second) == ["create", "agenda", "agenda"]
    assert _events(app, "FollowUp", action_id) == ["create", "close"]
    assert _events(app, "AgendaItem", item_id) == ["update"]


def test_a_refresh_keeps_the_notes_and_a_held_agenda_stays(app, troubled, signed_in):
    office = signed_in("mission_office")
    meeting_id = _plan(office, troubled.mission.id, "Review", date.today())
    with app.app_context():
        item = db.session.scalar(select(AgendaItem).where(
            AgendaItem.meeting_id == meeting_id, AgendaItem.kind == "intervention"))  # fmt: skip
        item_id = item.id
    office.post_form(f"/staff/meetings/items/{item_id}/notes", {
        "notes": "Discussed at length.", "version": _version(app, AgendaItem, item_id),
    })  # fmt: skip
    before = len(_items(app, meeting_id))
    office.post_form(
        f"/staff/meetings/{meeting_id}/agenda",
        {"version": _version(app, ReviewMeeting, meeting_id)},
        token_from=f"/staff/meetings/{meeting_id}",
    )  # fmt: skip
    with app.app_context():
        assert db.session.get(AgendaItem, item_id).notes == "Discussed at length."
    assert len(_items(app, meeting_id)) == before
    office.post_form(
        f"/staff/meetings/{meeting_id}/held",
        {"version": _version(app, ReviewMeeting, meeting_id)},
        token_from=f"/staff/meetings/{meeting_id}",
    )  # fmt: skip
    response = office.post_form(
        f"/staff/meetings/{meeting_id}/agenda",
        {"version": _version(app, ReviewMeeting, meeting_id)},
        token_from=f"/staff/meetings/{meeting_id}",
        follow_redirects=True,
    )  # fmt: skip
    assert "its agenda is the record" in response.get_data(as_text=True)
    assert _events(app, "ReviewMeeting", meeting_id) == ["create", "agenda", "agenda", "hold"]


def test_the_office_closes_any_follow_up_and_leads_only_their_departments(app, troubled, signed_in):
    wel = signed_in("wel_lead")
    edu_follow_up = troubled.edu_follow_up.id
    assert wel.get(f"/staff/meetings/follow-ups/{edu_follow_up}/close").status_code == 403
    viewer = signed_in("viewer")
    assert viewer.get(f"/staff/meetings/follow-ups/{edu_follow_up}/close").status_code == 403
    assert viewer.get(f"/staff/meetings/{troubled.meeting.id}").status_code == 200
    office = signed_in("mission_office")
    response = office.post_form(f"/staff/meetings/follow-ups/{edu_follow_up}/close", {
        "closing_note": "Done by the office.", "version": _version(app, FollowUp, edu_follow_up),
    })  # fmt: skip
    assert response.status_code == 302
    # Closing twice is refused with a message.
    response = office.post_form(f"/staff/meetings/follow-ups/{edu_follow_up}/close", {
        "closing_note": "Again.", "version": _version(app, FollowUp, edu_follow_up),
    })  # fmt: skip
    assert response.status_code == 200
    assert "already closed" in response.get_data(as_text=True)
    assert _events(app, "FollowUp", edu_follow_up) == ["close"]


def test_the_meeting_page_in_icelandic(app, troubled, signed_in):
    office = signed_in("mission_office")
    meeting_id = _plan(office, troubled.mission.id, "Haustfundur", date.today())
    html = office.get(f"/staff/meetings/{meeting_id}?lang=is").get_data(as_text=True)
    assert 'lang="is"' in html
    assert "Lausnateymi" in html
    assert "Fyrsta námskeiðið haldið" in html
    assert "Nemendur sem finna til öryggis" in html
    assert "Dagskrá" in html  # "Agenda"
    work = signed_in("edu_lead").get("/staff/?lang=is").get_data(as_text=True)
    assert "Count the teams" in work


def test_the_history_page_names_each_step(app, troubled, signed_in):
    office = signed_in("mission_office")
    meeting_id = _plan(office, troubled.mission.id, "Review", date.today())
    office.post_form(
        f"/staff/meetings/{meeting_id}/held",
        {"version": _version(app, ReviewMeeting, meeting_id)},
        token_from=f"/staff/meetings/{meeting_id}",
    )  # fmt: skip
    page = signed_in("viewer").get(f"/staff/history/meeting/{meeting_id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Agenda generated" in html
    assert "Meeting held" in html
    follow_up = signed_in("edu_lead").get(f"/staff/history/follow_up/{troubled.edu_follow_up.id}")
    assert follow_up.status_code == 200
