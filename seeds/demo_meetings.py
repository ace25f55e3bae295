"""The demo city's review meeting: a past meeting of the children mission, held, with its agenda
as generated from the statuses of its day, a decision, two follow-ups (one closed, one open and
owned by the Welfare lead), published minutes, and the Icelandic of all of it.

Run by seeds.demo.load_demo_city after the rest of the city; a meeting with its title already
there means a rerun, which changes nothing.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from app.extensions import db
from app.meetings.services import (
    close_follow_up,
    create_meeting,
    hold_meeting,
    record_follow_up,
    save_item_notes,
    set_minutes_published,
    update_meeting,
)
from app.models import AgendaItem, Mission, ReviewMeeting, User

TITLE = "Spring portfolio review"
MINUTES = (
    "The mission office went through the work that was off track or late and the indicators "
    "moving the wrong way. The leads explained each delay. The meeting agreed to keep the "
    "at-home counselling going and recorded two actions."
)
NOTE = "The lead explained the delay: two posts stood empty for most of the spring."
DECISION = "Keep the at-home student counselling going and report on it at the next review."
CLOSED_ACTION = "Explain the drop in pupils who feel safe at school, with the schools' own figures."
CLOSING_NOTE = (
    "The schools' survey shows the drop is in two districts; the solution teams there get an "
    "extra counsellor."
)
OPEN_ACTION = "Bring a plan to shorten the wait for specialist support to the next review."

ICELANDIC = {
    TITLE: "Vorrýni verkefnasafnsins",
    MINUTES: (
        "Skrifstofa verkefnisins fór yfir það sem var út af áætlun eða seint og þá mælikvarða "
        "sem þokuðust í ranga átt. Sviðsstjórar skýrðu hverja töf. Ákveðið var að halda "
        "námsráðgjöf á heimilum áfram og tvær aðgerðir voru skráðar."
    ),
    NOTE: "Sviðsstjórinn skýrði töfina: tvær stöður stóðu auðar mestallt vorið.",
    DECISION: "Halda námsráðgjöf á heimilum áfram og gera grein fyrir henni á næsta rýnifundi.",
    CLOSED_ACTION: (
        "Skýra hvers vegna færri nemendur finna til öryggis í skólanum, með tölum skólanna sjálfra."
    ),
    CLOSING_NOTE: (
        "Könnun skólanna sýnir að fækkunin er í tveimur hverfum; lausnateymin þar fá auka ráðgjafa."
    ),
    OPEN_ACTION: ("Leggja fram á næsta rýnifundi áætlun um að stytta bið eftir sérfræðiþjónustu."),
}

MISSION_SLUG = "better-city-for-children"
OFFICE = "mayor@demo.aimtracker.is"
EDU_LEAD = "lead.edu@demo.aimtracker.is"
WEL_LEAD = "lead.wel@demo.aimtracker.is"


def _is(*fields: tuple[str, str]) -> dict[str, dict[str, str]]:
    return {"is": {name: ICELANDIC[text] for name, text in fields}}


def load_demo_meetings(today: date) -> tuple[int, int]:
    """Add the demo meeting unless it is there; returns (created, already present)."""
    mission = db.session.scalar(select(Mission).where(Mission.slug == MISSION_SLUG))
    if mission is None:
        return 0, 0
    present = db.session.scalar(
        select(ReviewMeeting.id).where(
            ReviewMeeting.mission_id == mission.id, ReviewMeeting.title == TITLE
        )
    )
    if present is not None:
        return 0, 1
    users = dict(
        db.session.execute(
            select(User.email, User.id).where(User.email.in_([OFFICE, EDU_LEAD, WEL_LEAD]))
        ).all()
    )
    office, edu_lead, wel_lead = users[OFFICE], users[EDU_LEAD], users[WEL_LEAD]
    held_on = today - timedelta(days=45)
    meeting = create_meeting(
        mission, title=TITLE, meeting_date=held_on, actor_id=office,
        translations=_is(("title", TITLE)), today=held_on,
    )  # fmt: skip
    first = db.session.scalar(
        select(AgendaItem).where(AgendaItem.meeting_id == meeting.id).order_by(AgendaItem.position)
    )
    if first is not None:
        save_item_notes(
            first, notes=NOTE, expected_version=first.version, actor_id=office,
            translations=_is(("notes", NOTE)),
        )  # fmt: skip
    record_follow_up(
        meeting, kind="decision", text=DECISION, owner_id=None, department_id=None, due_on=None,
        actor_id=office, translations=_is(("text", DECISION)),
    )  # fmt: skip
    closed = record_follow_up(
        meeting, kind="action", text=CLOSED_ACTION, owner_id=edu_lead, department_id=None,
        due_on=held_on + timedelta(days=30), actor_id=office,
        translations=_is(("text", CLOSED_ACTION)),
    )  # fmt: skip
    record_follow_up(
        meeting, kind="action", text=OPEN_ACTION, owner_id=wel_lead, department_id=None,
        due_on=today + timedelta(days=30), actor_id=office,
        translations=_is(("text", OPEN_ACTION)),
    )  # fmt: skip
    hold_meeting(meeting, expected_version=meeting.version, actor_id=office, today=held_on)
    update_meeting(
        meeting, title=TITLE, meeting_date=held_on, minutes=MINUTES,
        expected_version=meeting.version, actor_id=office,
        translations=_is(("title", TITLE), ("minutes", MINUTES)), today=today,
    )  # fmt: skip
    set_minutes_published(meeting, True, expected_version=meeting.version, actor_id=office)
    close_follow_up(
        closed, note=CLOSING_NOTE, expected_version=closed.version, actor_id=edu_lead,
        translations=_is(("closing_note", CLOSING_NOTE)),
    )  # fmt: skip
    # In the demo's story the minutes went out three days after the meeting and the action was
    # done within its month, not on the day the demo was loaded.
    meeting.published_at = datetime.combine(held_on + timedelta(days=3), time(10), UTC)
    closed.closed_at = datetime.combine(held_on + timedelta(days=20), time(10), UTC)
    return 1, 0
