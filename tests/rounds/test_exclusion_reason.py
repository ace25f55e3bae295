"""An excluded report's reason is public content: entered with its translations, shown in the
reader's language, and marked with its language where a translation is missing."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, ReportingRound, StatusReport
from app.models.rounds import ReportState
from app.rounds.services import MAX_TEXT
from app.translating import translation_languages
from tests.rounds.test_rounds import _fresh, _publish_city, _report_url, _review, _write
from tests.support.rounds import city_round


def _exclude(client, report, **translations):  # type: ignore[no-untyped-def]
    return client.post_form(
        _report_url(report.id, "/review"),
        {"version": str(report.version), "decision": "exclude",
         "note": "The team changed hands in June.", **translations},
        token_from=_report_url(report.id),
    )  # fmt: skip


def test_the_review_form_offers_the_reason_in_every_language(app, ctx, city, signed_in):
    _the_round, reports = city_round(city)
    page = signed_in("mission_office").get(_report_url(reports["wel"].id)).text
    for lang in translation_languages():
        assert f'name="note_{lang}"' in page


def _publish_with_wel_excluded(app, city, signed_in, **translations):  # type: ignore[no-untyped-def]
    _publish_city(city)
    the_round, reports = city_round(city)
    office = signed_in("mission_office")
    assert _exclude(office, reports["wel"], **translations).status_code == 302
    _write(signed_in("edu_lead"), reports["edu"], submit=True)
    _review(office, _fresh(StatusReport, reports["edu"].id), "approve")
    the_round = _fresh(ReportingRound, the_round.id)
    office.post_form(f"/staff/rounds/{the_round.id}/publish", {"version": str(the_round.version)},
                     token_from=f"/staff/rounds/{the_round.id}")  # fmt: skip
    assert _fresh(ReportingRound, the_round.id).state == "published"
    return (
        f"/missions/children/rounds/{the_round.id}",
        f"/missions/children/interventions/{city.wel_intervention.id}",
    )


def test_an_icelandic_reader_reads_the_icelandic_reason(app, ctx, city, signed_in):
    pages = _publish_with_wel_excluded(
        app, city, signed_in, note_is="Teymið skipti um hendur í júní."
    )
    wel = _fresh(StatusReport, city_round(city)[1]["wel"].id)
    assert wel.state == ReportState.EXCLUDED
    assert wel.translations["is"]["excluded_reason"] == "Teymið skipti um hendur í júní."
    event = db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.entity_type == "StatusReport",
            AuditEvent.entity_id == wel.id,
            AuditEvent.action == "exclude",
        )
    ).one()
    assert event.new_values["translations"]["is"]["excluded_reason"] == (
        "Teymið skipti um hendur í júní."
    )
    reader = app.test_client()
    for url in pages:
        icelandic = reader.get(f"{url}?lang=is").text
        assert "Ekki skilað:" in icelandic
        assert "Teymið skipti um hendur í júní." in icelandic
        assert "The team changed hands in June." not in icelandic
        english = reader.get(f"{url}?lang=en").text
        assert "The team changed hands in June." in english
        assert '<span lang="en">The team changed hands in June.' not in english


def test_a_missing_translation_is_marked_as_the_source_language(app, ctx, city, signed_in):
    pages = _publish_with_wel_excluded(app, city, signed_in)
    reader = app.test_client()
    for url in pages:
        icelandic = reader.get(f"{url}?lang=is").text
        assert '<span lang="en">The team changed hands in June.</span>' in icelandic


def test_including_again_drops_the_reason_and_its_translations(app, ctx, city, signed_in):
    _the_round, reports = city_round(city)
    office = signed_in("mission_office")
    _exclude(office, reports["wel"], note_is="Hlé.")
    wel = _fresh(StatusReport, reports["wel"].id)
    assert wel.translations["is"]["excluded_reason"] == "Hlé."
    assert _review(office, wel, "include").status_code == 302
    wel = _fresh(StatusReport, wel.id)
    assert wel.excluded_reason == ""
    assert all("excluded_reason" not in values for values in (wel.translations or {}).values())


def test_a_returns_comment_keeps_no_translation(app, ctx, city, signed_in):
    """The note's translations belong to an exclusion; a returned report's comment is as typed."""
    _the_round, reports = city_round(city)
    edu = reports["edu"]
    _write(signed_in("edu_lead"), edu, submit=True)
    edu = _fresh(StatusReport, edu.id)
    office = signed_in("mission_office")
    response = office.post_form(
        _report_url(edu.id, "/review"),
        {"version": str(edu.version), "decision": "return", "note": "More detail, please.",
         "note_is": "Meira, takk."},
        token_from=_report_url(edu.id),
    )  # fmt: skip
    assert response.status_code == 302
    edu = _fresh(StatusReport, edu.id)
    assert edu.review_comment == "More detail, please."
    assert all("excluded_reason" not in values for values in (edu.translations or {}).values())


def test_an_overlong_translated_reason_is_refused_and_changes_nothing(app, ctx, city, signed_in):
    _the_round, reports = city_round(city)
    office = signed_in("mission_office")
    response = _exclude(office, reports["wel"], note_is="x" * (MAX_TEXT + 1))
    assert response.status_code == 200
    assert "Keep this under" in response.text
    wel = _fresh(StatusReport, reports["wel"].id)
    assert wel.state != ReportState.EXCLUDED
    assert wel.excluded_reason == ""
