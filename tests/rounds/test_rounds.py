"""Reporting rounds end to end: open, prefill, write, submit, review, exclude, publish; what the
public, My work and the reminders see; bad input; query counts; Icelandic."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    AuditEvent,
    Intervention,
    LearningEntry,
    Mission,
    ReportingRound,
    StatusReport,
)
from app.models.rounds import ReportState, RoundState
from app.notifications.reminders import owed_items
from tests.support import factories as f
from tests.support.rounds import DUE_ON, OPENED_ON, city_round

ROUNDS = "/staff/rounds/"


def _report_url(report_id: int, suffix: str = "") -> str:
    return f"/staff/rounds/reports/{report_id}{suffix}"


def _events(entity_type: str, entity_id: int) -> list[str]:
    return list(
        db.session.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.entity_type == entity_type, AuditEvent.entity_id == entity_id)
            .order_by(AuditEvent.id)
        )
    )


def _fresh(model, row_id):  # type: ignore[no-untyped-def]
    db.session.expire_all()
    return db.session.get(model, row_id)


def _publish_city(city) -> None:  # type: ignore[no-untyped-def]
    for model, row_id in (
        (Mission, city.mission.id),
        (Intervention, city.edu_intervention.id),
        (Intervention, city.wel_intervention.id),
    ):
        row = db.session.get(model, row_id)
        row.is_published = True
        row.published_at = datetime(2026, 1, 1, tzinfo=UTC)
    db.session.commit()


def _history(city) -> None:  # type: ignore[no-untyped-def]
    """An update, a learning-log entry and indicator values in the first round's period."""
    f.update(
        city.edu_intervention,
        reported_on=date(2026, 3, 2),
        status="at_risk",
        summary="Teams met in four schools.",
        next_steps="Two more schools in autumn.",
    )
    db.session.add(LearningEntry(intervention_id=city.edu_intervention.id, kind="result",
                                 entered_on=date(2026, 4, 1), title="Pupils asked for more",
                                 body="Surveys show demand."))  # fmt: skip
    f.measurement(city.edu_indicator, date(2025, 1, 1), 74.0)
    f.measurement(city.edu_indicator, date(2026, 1, 1), 78.0)
    db.session.commit()


def _open(client, city, **overrides):  # type: ignore[no-untyped-def]
    data = {"mission_id": str(city.mission.id), "title": "July 2026",
            "opened_on": OPENED_ON.isoformat(), "due_on": DUE_ON.isoformat()}  # fmt: skip
    data.update(overrides)
    return client.post_form(ROUNDS + "new", data)


def _write(client, report, *, submit: bool, **overrides):  # type: ignore[no-untyped-def]
    data = {"version": str(report.version), "status": "on_track",
            "summary": "Four schools joined.", "results": "Pupils want more.",
            "next_steps": "Two more schools.", "submit_report": "1" if submit else "0"}  # fmt: skip
    data.update(overrides)
    return client.post_form(_report_url(report.id, "/edit"), data)


def _review(client, report, decision: str, note: str = "", version: int | None = None):  # type: ignore[no-untyped-def]
    return client.post_form(
        _report_url(report.id, "/review"),
        {"version": str(report.version if version is None else version), "decision": decision,
         "note": note},
        token_from=_report_url(report.id),
    )  # fmt: skip


# ---- the whole workflow ----


def test_a_round_from_opening_to_the_public_archive(app, ctx, city, signed_in):
    _history(city)
    _publish_city(city)
    office, lead = signed_in("mission_office"), signed_in("edu_lead")

    response = _open(office, city)
    assert response.status_code == 302, response.text[:2000]
    the_round = db.session.scalars(select(ReportingRound)).one()
    assert (the_round.state, the_round.opened_by_id) == (
        RoundState.OPEN, city.users["mission_office"].id,
    )  # fmt: skip
    reports = {r.intervention_id: r for r in db.session.scalars(select(StatusReport))}
    assert set(reports) == {city.edu_intervention.id, city.wel_intervention.id}
    edu = reports[city.edu_intervention.id]
    # Prefilled from the period's update, learning entry and indicator movement.
    assert edu.status == "at_risk"
    assert "2026-03-02: Teams met in four schools." in edu.summary
    assert "Pupils asked for more: Surveys show demand." in edu.results
    assert edu.next_steps == "Two more schools in autumn."
    move = next(m for m in edu.movement() if m.indicator_id == city.edu_indicator.id)
    assert move.latest == (date(2026, 1, 1), 78.0)
    assert (edu.department_id, edu.state) == (city.edu.id, ReportState.DRAFT)

    # The lead sees it in My work, with its due date, and writes it.
    home = lead.get("/staff/").text
    assert "Twice-yearly reports" in home
    assert _report_url(edu.id, "/edit") in home
    assert _write(lead, edu, submit=False).status_code == 302
    assert _fresh(StatusReport, edu.id).state == ReportState.DRAFT
    edu = _fresh(StatusReport, edu.id)
    assert _write(lead, edu, submit=True).status_code == 302
    edu = _fresh(StatusReport, edu.id)
    assert edu.state == ReportState.SUBMITTED
    assert edu.submitted_by_id == city.users["edu_lead"].id

    # The office approves one and excludes the other with a reason; then publishes.
    assert _review(office, edu, "approve").status_code == 302
    wel = reports[city.wel_intervention.id]
    assert _review(office, wel, "exclude", "The team changed hands in June.").status_code == 302
    the_round = _fresh(ReportingRound, the_round.id)
    response = office.post_form(f"/staff/rounds/{the_round.id}/publish",
                                {"version": str(the_round.version)},
                                token_from=f"/staff/rounds/{the_round.id}")  # fmt: skip
    assert response.status_code == 302
    the_round = _fresh(ReportingRound, the_round.id)
    assert the_round.state == RoundState.PUBLISHED
    assert the_round.published_at is not None

    # Every step is audited.
    assert _events("ReportingRound", the_round.id) == ["create", "publish"]
    # (submitting the text already saved changes nothing but the state)
    assert _events("StatusReport", edu.id) == ["create", "update", "submit", "approve", "publish"]
    assert _events("StatusReport", wel.id) == ["create", "exclude"]

    # The public archive lists the round and shows each report (or why it is missing).
    anonymous = app.test_client()
    archive = anonymous.get("/missions/children/rounds").text
    assert "July 2026" in archive
    page = anonymous.get(f"/missions/children/rounds/{the_round.id}").text
    assert "Four schools joined." in page
    assert "Pupils want more." in page
    assert "Not reported:" in page
    assert "The team changed hands in June." in page
    detail = anonymous.get(f"/missions/children/interventions/{city.edu_intervention.id}").text
    assert "Twice-yearly reports" in detail
    assert "Four schools joined." in detail
    assert "Reporting rounds" in anonymous.get("/missions/children").text
    # Nothing of the round is left in My work.
    assert _report_url(edu.id, "/edit") not in lead.get("/staff/").text


def test_an_open_round_is_not_public(app, ctx, city):
    _publish_city(city)
    the_round, _reports = city_round(city)
    anonymous = app.test_client()
    assert "July 2026" not in anonymous.get("/missions/children/rounds").text
    assert anonymous.get(f"/missions/children/rounds/{the_round.id}").status_code == 404
    page = anonymous.get(f"/missions/children/interventions/{city.edu_intervention.id}").text
    assert "Twice-yearly reports" not in page


def test_publishing_is_refused_while_reports_are_missing(app, ctx, city, signed_in):
    the_round, _reports = city_round(city)
    office = signed_in("mission_office")
    response = office.post_form(f"/staff/rounds/{the_round.id}/publish",
                                {"version": str(the_round.version)},
                                token_from=f"/staff/rounds/{the_round.id}",
                                follow_redirects=True)  # fmt: skip
    text = response.text
    assert "Not published" in text
    assert "Solution teams (EDU)" in text
    assert "Family courses (WEL)" in text
    assert _fresh(ReportingRound, the_round.id).state == RoundState.OPEN
    assert _events("ReportingRound", the_round.id) == ["create"]


def test_exclusion_and_return_need_a_reason(app, ctx, city, signed_in):
    _the_round, reports = city_round(city)
    office = signed_in("mission_office")
    edu = reports["edu"]
    response = _review(office, edu, "exclude", "   ")
    assert response.status_code == 200
    assert "Give the reason" in response.text
    assert _fresh(StatusReport, edu.id).state == ReportState.DRAFT
    # Only a submitted report can be returned or approved.
    assert "Only a submitted report" in _review(office, edu, "approve").text
    lead = signed_in("edu_lead")
    _write(lead, edu, submit=True)
    edu = _fresh(StatusReport, edu.id)
    assert "needs a comment" in _review(office, edu, "return", "").text
    assert _review(office, edu, "return", "Say more about the results.").status_code == 302
    edu = _fresh(StatusReport, edu.id)
    assert edu.state == ReportState.RETURNED
    assert "Say more about the results." in lead.get("/staff/").text
    assert _events("StatusReport", edu.id)[-1] == "return"


def test_an_excluded_report_can_be_included_again(app, ctx, city, signed_in):
    _the_round, reports = city_round(city)
    office = signed_in("mission_office")
    _review(office, reports["wel"], "exclude", "Paused.")
    wel = _fresh(StatusReport, reports["wel"].id)
    assert _review(office, wel, "include").status_code == 302
    wel = _fresh(StatusReport, wel.id)
    assert (wel.state, wel.excluded_reason) == (ReportState.DRAFT, "")


def test_a_leads_change_after_approval_goes_back_to_review(app, ctx, city, signed_in):
    _the_round, reports = city_round(city)
    lead, office = signed_in("edu_lead"), signed_in("mission_office")
    _write(lead, reports["edu"], submit=True)
    _review(office, _fresh(StatusReport, reports["edu"].id), "approve")
    edu = _fresh(StatusReport, reports["edu"].id)
    assert edu.state == ReportState.APPROVED
    assert "sends it back to the mission office" in lead.get(_report_url(edu.id, "/edit")).text
    _write(lead, edu, submit=False, summary="Five schools joined.")
    edu = _fresh(StatusReport, edu.id)
    assert edu.state == ReportState.SUBMITTED
    assert _events("StatusReport", edu.id)[-1] == "back_to_review"
    # The office's own edit of an approved report keeps it approved.
    _review(office, edu, "approve")
    edu = _fresh(StatusReport, edu.id)
    _write(office, edu, submit=False, summary="Five schools joined in spring.")
    assert _fresh(StatusReport, edu.id).state == ReportState.APPROVED


def test_a_stale_save_is_refused_and_changes_nothing(app, ctx, city, signed_in):
    _the_round, reports = city_round(city)
    lead = signed_in("edu_lead")
    edu = reports["edu"]
    stale = edu.version
    assert _write(lead, edu, submit=False, summary="First save.").status_code == 302
    response = _write(lead, edu, submit=False, summary="Second save.", version=str(stale))
    assert response.status_code == 409
    assert "Someone else saved first" in response.text
    assert _fresh(StatusReport, edu.id).summary == "First save."
    # A stale review is refused too.
    office = signed_in("mission_office")
    response = _review(office, edu, "exclude", "Because.", version=stale)
    assert response.status_code == 409
    assert _fresh(StatusReport, edu.id).state == ReportState.DRAFT


def test_submitting_needs_a_status_and_a_summary(app, ctx, city, signed_in):
    _the_round, reports = city_round(city)
    lead = signed_in("edu_lead")
    edu = reports["edu"]
    response = _write(lead, edu, submit=True, status="", summary="")
    assert response.status_code == 200
    assert "Choose a status." in response.text
    assert _fresh(StatusReport, edu.id).state == ReportState.DRAFT
    response = _write(lead, edu, submit=True, status="sideways")
    assert response.status_code == 200
    assert _fresh(StatusReport, edu.id).state == ReportState.DRAFT


def test_a_lead_cannot_write_another_departments_report(app, ctx, city, signed_in):
    _the_round, reports = city_round(city)
    wel_lead = signed_in("wel_lead")
    assert wel_lead.get(_report_url(reports["edu"].id, "/edit")).status_code == 403
    assert _write(wel_lead, reports["wel"], submit=False).status_code == 302


def test_a_published_round_cannot_be_changed(app, ctx, city, signed_in):
    the_round, reports = city_round(city)
    office = signed_in("mission_office")
    for report in reports.values():
        _review(office, report, "exclude", "Not this time.")
    the_round = _fresh(ReportingRound, the_round.id)
    office.post_form(f"/staff/rounds/{the_round.id}/publish", {"version": str(the_round.version)},
                     token_from=f"/staff/rounds/{the_round.id}")  # fmt: skip
    edu = _fresh(StatusReport, reports["edu"].id)
    response = _review(office, edu, "include")
    assert "This round is published" in response.text
    assert _fresh(StatusReport, edu.id).state == ReportState.EXCLUDED


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"due_on": "2026-06-01"}, "cannot be due before the round opens"),
        ({"opened_on": "2026-13-01"}, "Not a valid date value."),
        ({"title": ""}, "This field is required."),
        ({"mission_id": "99999999"}, "Not a valid choice."),
        ({"mission_id": "abc"}, "Not a valid choice."),
    ],
)
def test_bad_opening_input_is_refused(app, ctx, city, signed_in, overrides, message):
    response = _open(signed_in("mission_office"), city, **overrides)
    assert response.status_code == 200
    assert message in response.text
    assert db.session.scalar(select(func.count()).select_from(ReportingRound)) == 0


def test_a_second_round_waits_for_the_first(app, ctx, city, signed_in):
    office = signed_in("mission_office")
    assert _open(office, city).status_code == 302
    response = _open(office, city, title="Later", opened_on="2026-08-01", due_on="2026-08-30")
    assert "has an open round" in response.text
    assert db.session.scalar(select(func.count()).select_from(ReportingRound)) == 1


def test_archived_and_stopped_interventions_get_no_report(app, ctx, city):
    stopped = f.intervention(city.mission, city.edu, title="Stopped work", stage="stopped")
    archived = f.intervention(city.mission, city.edu, title="Old work",
                              archived_at=datetime(2025, 1, 1, tzinfo=UTC))  # fmt: skip
    db.session.commit()
    _the_round, _reports = city_round(city)
    ids = set(db.session.scalars(select(StatusReport.intervention_id)))
    assert stopped.id not in ids
    assert archived.id not in ids


def test_the_next_round_is_prefilled_from_what_happened_since_the_last(app, ctx, city, signed_in):
    _history(city)
    first, reports = city_round(city)
    office = signed_in("mission_office")
    for report in reports.values():
        _review(office, report, "exclude", "Skipped.")
    first = _fresh(ReportingRound, first.id)
    office.post_form(f"/staff/rounds/{first.id}/publish", {"version": str(first.version)},
                     token_from=f"/staff/rounds/{first.id}")  # fmt: skip
    f.update(city.edu_intervention, reported_on=date(2026, 9, 1), summary="Autumn start.")
    db.session.commit()
    response = _open(office, city, title="January 2027", opened_on="2027-01-01",
                     due_on="2027-01-31")  # fmt: skip
    assert response.status_code == 302
    second = db.session.scalars(select(ReportingRound).where(ReportingRound.id != first.id)).one()
    assert second.covers_from == OPENED_ON
    edu = db.session.scalars(
        select(StatusReport).where(StatusReport.round_id == second.id,
                                   StatusReport.intervention_id == city.edu_intervention.id)
    ).one()  # fmt: skip
    assert "Autumn start." in edu.summary
    assert "Teams met in four schools." not in edu.summary
    assert edu.results == ""


# ---- reminders ----


def test_reminders_list_reports_due_soon_and_overdue(app, ctx, city):
    _the_round, reports = city_round(city)
    soon = [i for i in owed_items(city.edu.id, date(2026, 7, 28), 7) if i.what == "report"]
    assert [(i.object_id, i.stage) for i in soon] == [(reports["edu"].id, "reminder_before")]
    late = [i for i in owed_items(city.edu.id, date(2026, 8, 5), 7) if i.what == "report"]
    assert [i.stage for i in late] == ["reminder_overdue"]
    assert late[0].item_key == f"report:{reports['edu'].id}"
    assert [i for i in owed_items(city.edu.id, date(2026, 7, 2), 7) if i.what == "report"] == []


def test_the_reminder_email_links_to_the_report(app, ctx, city, smtp):
    from app.notifications.sending import run_all

    _the_round, reports = city_round(city)
    run_all(now=datetime(2026, 8, 5, 6, tzinfo=UTC))
    text = smtp.to("edu@example.org")[0].part("plain")
    assert "Twice-yearly report: Solution teams" in text
    assert _report_url(reports["edu"].id, "/edit") in text


# ---- pages: query counts and Icelandic ----


def _more_interventions(city, count: int) -> None:  # type: ignore[no-untyped-def]
    for index in range(count):
        for owner in (city.edu, city.wel):
            item = f.intervention(city.mission, owner, title=f"Extra {owner.code} {index}",
                                  outcome_id=city.outcome.id)  # fmt: skip
            f.update(item, reported_on=date(2026, 2, 1))
            f.indicator(city.mission, owner, title=f"Output {owner.code} {index}",
                        level="intervention_output", intervention_id=item.id)  # fmt: skip
    db.session.commit()


def test_query_counts_stay_constant_as_rounds_grow(app, ctx, city, signed_in, count_queries):
    _publish_city(city)
    office, lead = signed_in("mission_office"), signed_in("edu_lead")
    counts = []
    for extra in (1, 5):
        _more_interventions(city, extra)
        db.session.execute(StatusReport.__table__.delete())
        db.session.execute(ReportingRound.__table__.delete())
        db.session.commit()
        with count_queries() as opening:
            assert _open(office, city).status_code == 302
        the_round = db.session.scalars(select(ReportingRound)).one()
        pages = [ROUNDS, f"/staff/rounds/{the_round.id}"]
        row = []
        for url in pages:
            office.get(url)
            with count_queries() as log:
                assert office.get(url).status_code == 200
            row.append(log.count)
        lead.get("/staff/")
        with count_queries() as log:
            assert lead.get("/staff/").status_code == 200
        row.append(log.count)
        for report in db.session.scalars(select(StatusReport)):
            report.state = ReportState.EXCLUDED
            report.excluded_reason = "Test."
        db.session.commit()
        the_round = _fresh(ReportingRound, the_round.id)
        office.post_form(f"/staff/rounds/{the_round.id}/publish",
                         {"version": str(the_round.version)},
                         token_from=f"/staff/rounds/{the_round.id}")  # fmt: skip
        for report in db.session.scalars(select(StatusReport)):
            report.state = ReportState.APPROVED
            report.excluded_reason = ""
            report.status = "on_track"
            report.summary = report.summary or "Fine."
        db.session.commit()
        anonymous = app.test_client()
        for url in (f"/missions/children/rounds/{the_round.id}", "/missions/children/rounds"):
            with count_queries() as log:
                page = anonymous.get(url)
                assert page.status_code == 200
            row.append(log.count)
        row.append(len([s for s in opening.statements if not s.lstrip().upper().startswith(
            ("INSERT", "UPDATE"))]))  # fmt: skip
        counts.append(row)
    assert counts[0] == counts[1]


def test_the_round_pages_render_in_icelandic(app, ctx, city, signed_in):
    _publish_city(city)
    the_round, reports = city_round(city)
    the_round.translations = {"is": {"title": "Júlí 2026"}}
    edu = reports["edu"]
    db.session.commit()
    office = signed_in("mission_office")
    _review(office, _fresh(StatusReport, reports["wel"].id), "exclude", "Hlé.")
    _write(signed_in("edu_lead"), edu, submit=True, summary="Four schools joined.",
           summary_is="Fjórir skólar bættust við.")  # fmt: skip
    edu = _fresh(StatusReport, edu.id)
    _review(office, edu, "approve")
    the_round = _fresh(ReportingRound, the_round.id)
    office.post_form(f"/staff/rounds/{the_round.id}/publish", {"version": str(the_round.version)},
                     token_from=f"/staff/rounds/{the_round.id}")  # fmt: skip
    staff = office.get(f"/staff/rounds/{the_round.id}?lang=is").text
    assert "Framvinda eftir sviðum" in staff
    public = app.test_client().get(f"/missions/children/rounds/{the_round.id}?lang=is").text
    assert '<html lang="is">' in public
    assert "Júlí 2026" in public
    assert "Fjórir skólar bættust við." in public
    assert "Ekki skilað:" in public


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(text=st.text(max_size=300))
def test_any_report_text_is_saved_or_refused_with_a_message(app, city, signed_in, text):
    with app.app_context():
        _the_round, reports = city_round(city)
        edu = _fresh(StatusReport, reports["edu"].id)
        before = (edu.version, edu.summary)
        response = _write(signed_in("edu_lead"), edu, submit=False, summary=text, results=text)
        assert response.status_code in (200, 302)
        edu = _fresh(StatusReport, edu.id)
        if response.status_code == 200:
            assert re.search(r'class="(error|alert alert-error)"', response.text)
            assert (edu.version, edu.summary) == before


def test_the_draft_prefills_the_translations_of_its_updates(app, ctx, city):
    f.update(
        city.edu_intervention,
        reported_on=date(2026, 5, 4),
        summary="Teams met.",
        next_steps="Meet again.",
        translations={"is": {"summary": "Teymin hittust.", "next_steps": "Hittast aftur."}},
    )
    db.session.commit()
    _the_round, reports = city_round(city)
    edu = _fresh(StatusReport, reports["edu"].id)
    assert "2026-05-04: Teams met." in edu.summary
    assert "2026-05-04: Teymin hittust." in edu.translations["is"]["summary"]
    assert edu.translations["is"]["next_steps"] == "Hittast aftur."
    wel = _fresh(StatusReport, reports["wel"].id)
    assert wel.translations == {}


def test_the_round_title_is_translated_when_opened(app, ctx, city, signed_in):
    response = _open(signed_in("mission_office"), city, title_is="Júlí 2026", title_pl="")
    assert response.status_code == 302
    the_round = db.session.scalars(select(ReportingRound)).one()
    assert the_round.translations == {"is": {"title": "Júlí 2026"}}
    assert _events("ReportingRound", the_round.id) == ["create"]


def test_a_published_round_shows_only_public_interventions(app, ctx, city, signed_in):
    _publish_city(city)
    db.session.get(Intervention, city.wel_intervention.id).is_published = False
    db.session.commit()
    the_round, reports = city_round(city)
    office = signed_in("mission_office")
    for report in reports.values():
        _review(office, _fresh(StatusReport, report.id), "exclude", f"Reason {report.id}.")
    the_round = _fresh(ReportingRound, the_round.id)
    office.post_form(f"/staff/rounds/{the_round.id}/publish", {"version": str(the_round.version)},
                     token_from=f"/staff/rounds/{the_round.id}")  # fmt: skip
    page = app.test_client().get(f"/missions/children/rounds/{the_round.id}").text
    assert f"Reason {reports['edu'].id}." in page
    assert f"Reason {reports['wel'].id}." not in page
    assert "Family courses" not in page


def test_an_intervention_archived_during_the_round_owes_nothing(app, ctx, city, signed_in):
    """Its report leaves My work and the reminders, is not counted as owed, and does not hold up
    publishing (it is never public)."""
    from app.reporting.rounds import reports_due, round_progress

    the_round, reports = city_round(city)
    office = signed_in("mission_office")
    assert _review(
        office, reports["edu"], "exclude", "Merged into the school plan."
    ).status_code in (
        302,
        303,
    )
    item = db.session.get(Intervention, city.wel_intervention.id)
    assert item is not None
    item.archived_at = datetime(2026, 7, 10, tzinfo=UTC)
    db.session.commit()
    assert [r.report_id for r in reports_due(None)] == []
    assert [i for i in owed_items(city.wel.id, date(2026, 8, 5), 7) if i.what == "report"] == []
    progress = {row.code: row for row in round_progress(the_round, date(2026, 8, 5))}
    assert progress["EDU"].excluded == 1
    assert "WEL" not in progress
    fresh = _fresh(ReportingRound, the_round.id)
    response = office.post_form(f"/staff/rounds/{the_round.id}/publish",
                                {"version": str(fresh.version)},
                                token_from=f"/staff/rounds/{the_round.id}",
                                follow_redirects=True)  # fmt: skip
    assert "Not published" not in response.text
    assert _fresh(ReportingRound, the_round.id).state == RoundState.PUBLISHED
    assert _fresh(StatusReport, reports["wel"].id).state == ReportState.DRAFT
