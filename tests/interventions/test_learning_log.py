"""The learning log and stage gates: entries of every kind, publishing, the public log, stage
changes through their gate (and nowhere else), the gates' settings, audit and bad input."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.errors import DomainError
from app.extensions import cache, db
from app.interventions import gates
from app.interventions.learning import check_evidence_url
from app.interventions.queries import get_intervention_for_edit
from app.interventions.services import InterventionData, save_intervention
from app.models import Intervention, LearningEntry, StageGate, User
from tests.support import factories as f
from tests.support.interventions import BASE, audit_events, intervention_payload

pytestmark = pytest.mark.filterwarnings("error")

TOMORROW = (date.today() + timedelta(days=1)).isoformat()
TEST_ANSWERS = {
    "answers-0": "Contact persons cut the wait for support.",
    "answers-1": "In five schools of Breiðholt for a school year; we count referrals.",
}


def _entries(app, intervention_id: int) -> list[LearningEntry]:  # type: ignore[no-untyped-def]
    with app.app_context():
        return list(
            db.session.scalars(
                select(LearningEntry)
                .where(LearningEntry.intervention_id == intervention_id)
                .order_by(LearningEntry.id)
            )
        )


def _item(app, intervention_id: int) -> Intervention:  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.get(Intervention, intervention_id)


def _set(app, obj_type: type, obj_id: int, **values: Any) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        obj = db.session.get(obj_type, obj_id)
        for key, value in values.items():
            setattr(obj, key, value)
        db.session.commit()


def _entry(**overrides: Any) -> dict[str, str]:
    data = {
        "version": "0",
        "kind": "hypothesis",
        "entered_on": "2025-01-10",
        "title": "Contact persons cut waiting",
        "body": "We expect families to get help sooner.",
        "with_whom": "",
        "evidence_url": "",
        "indicator_id": "0",
        "decision": "",
    }
    data.update({key: str(value) for key, value in overrides.items()})
    return data


def _move(to: str, **overrides: Any) -> dict[str, str]:
    data = {
        "version": "1",
        "to_stage": to,
        "decision": "stop" if to == "stopped" else "scale",
        "entered_on": date.today().isoformat(),
        "title": f"Decided to move to {to}",
        "body": "",
    }
    data.update({key: str(value) for key, value in overrides.items()})
    return data


# ---- entries of every kind, drafts, publishing ----


def test_a_lead_logs_every_kind_as_drafts_with_audit(app, city, as_role):
    item_id = city.edu_intervention.id
    lead = as_role("edu_lead")
    url = f"{BASE}/{item_id}/learning/new"
    kinds = [
        _entry(),
        _entry(kind="test", title="Tried in five schools", with_whom="Five schools in Breiðholt"),
        _entry(kind="result", title="Waits fell by a third",
               evidence_url="https://reykjavik.is/report.pdf", indicator_id=city.edu_indicator.id),
        _entry(kind="decision", title="Keep going, adapt the training", decision="adapt"),
    ]  # fmt: skip
    for data in kinds:
        response = lead.post_form(url, data)
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    created = _entries(app, item_id)[1:]  # the city's own entry first
    assert [e.kind for e in created] == ["hypothesis", "test", "result", "decision"]
    assert all(not e.is_published and e.author_id == city.users["edu_lead"].id for e in created)
    test, result, decision = created[1], created[2], created[3]
    assert test.with_whom == "Five schools in Breiðholt"
    assert (result.evidence_url, result.indicator_id) == (
        "https://reykjavik.is/report.pdf", city.edu_indicator.id,
    )  # fmt: skip
    assert decision.decision == "adapt"
    assert decision.to_stage is None
    for entry in created:
        assert [e.action for e in audit_events(app, "LearningEntry", entry.id)] == ["create"]
    page = lead.get(f"{BASE}/{item_id}").get_data(as_text=True)
    assert "Waits fell by a third" in page
    assert "Tried in five schools" in page


def test_fields_of_another_kind_are_not_kept(app, city, as_role):
    item_id = city.edu_intervention.id
    as_role("edu_lead").post_form(
        f"{BASE}/{item_id}/learning/new",
        _entry(with_whom="Someone", evidence_url="https://x.example/", decision="adapt"),
    )
    entry = _entries(app, item_id)[-1]
    assert (entry.with_whom, entry.evidence_url, entry.decision) == ("", "", None)


def test_office_publishes_and_the_public_page_shows_only_published(app, city, as_role, client):
    _set(app, type(city.mission), city.mission.id, is_published=True)
    _set(app, Intervention, city.edu_intervention.id, is_published=True)
    item_id = city.edu_intervention.id
    lead, office = as_role("edu_lead"), as_role("mission_office")
    lead.post_form(f"{BASE}/{item_id}/learning/new", _entry(title="Public hypothesis"))
    lead.post_form(f"{BASE}/{item_id}/learning/new", _entry(title="Draft idea"))
    public_one = _entries(app, item_id)[-2]
    response = office.post_form(f"{BASE}/learning/{public_one.id}/publish", token_from=f"{BASE}/")
    assert response.status_code == 302
    assert [e.action for e in audit_events(app, "LearningEntry", public_one.id)] == [
        "create", "publish",
    ]  # fmt: skip
    with app.app_context():
        cache.clear()
    page = client.get(f"/missions/children/interventions/{item_id}").get_data(as_text=True)
    assert "Public hypothesis" in page
    assert "Draft idea" not in page
    assert city.edu_entry.title not in page  # the city's entry is a draft
    # Unpublished again: gone from the public page.
    office.post_form(f"{BASE}/learning/{public_one.id}/unpublish", token_from=f"{BASE}/")
    with app.app_context():
        cache.clear()
    page = client.get(f"/missions/children/interventions/{item_id}").get_data(as_text=True)
    assert "Public hypothesis" not in page
    assert [e.action for e in audit_events(app, "LearningEntry", public_one.id)][-1] == "unpublish"


def test_a_public_result_links_its_indicator_only_when_the_indicator_is_public(
    app, city, as_role, client
):
    _set(app, type(city.mission), city.mission.id, is_published=True)
    _set(app, Intervention, city.edu_intervention.id, is_published=True)
    with app.app_context():
        f.learning_entry(
            db.session.get(Intervention, city.edu_intervention.id), kind="result",
            title="Seen in the survey", indicator_id=city.edu_indicator.id, is_published=True,
        )  # fmt: skip
        db.session.commit()
        cache.clear()
    url = f"/missions/children/interventions/{city.edu_intervention.id}"
    indicator_link = f"/missions/children/indicators/{city.edu_indicator.id}"
    page = client.get(url).get_data(as_text=True)
    assert "Seen in the survey" in page
    assert indicator_link not in page
    _set(app, type(city.edu_indicator), city.edu_indicator.id, is_published=True)
    with app.app_context():
        cache.clear()
    assert indicator_link in client.get(url).get_data(as_text=True)


def test_a_leads_edit_of_a_published_entry_goes_back_to_review(app, city, as_role):
    _set(app, LearningEntry, city.edu_entry.id, is_published=True)
    response = as_role("edu_lead").post_form(
        f"{BASE}/learning/{city.edu_entry.id}/edit", _entry(version="2", title="Sharper")
    )
    assert response.status_code == 302
    entry = _entries(app, city.edu_intervention.id)[0]
    assert (entry.title, entry.is_published) == ("Sharper", False)
    assert [e.action for e in audit_events(app, "LearningEntry", entry.id)] == [
        "update", "unpublish",
    ]  # fmt: skip


def test_a_stale_entry_edit_changes_nothing(app, city, as_role):
    response = as_role("edu_lead").post_form(
        f"{BASE}/learning/{city.edu_entry.id}/edit", _entry(version="7", title="Late")
    )
    assert response.status_code == 409
    assert _entries(app, city.edu_intervention.id)[0].title == city.edu_entry.title


# ---- bad input ----


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"kind": "guess"}, "Not a valid choice"),
        ({"title": ""}, "This field is required"),
        ({"title": "x" * 201}, "Field cannot be longer than 200 characters"),
        ({"title": "bad\x00title"}, "control characters"),
        ({"entered_on": TOMORROW}, "cannot be in the future"),
        ({"entered_on": "0001-01-01"}, "Enter a date between"),
        ({"entered_on": "yesterday"}, "Not a valid date value"),
        ({"kind": "result", "evidence_url": "javascript:alert(1)"}, "http:// or https://"),
        ({"kind": "result", "evidence_url": "ftp://files.example/x"}, "http:// or https://"),
        ({"kind": "result", "evidence_url": "https://"}, "http:// or https://"),
        ({"kind": "result", "indicator_id": "99999999"}, "Not a valid choice"),
        ({"kind": "result", "indicator_id": "12abc"}, "could not coerce"),
        ({"kind": "decision", "decision": ""}, "Choose what was decided."),
        ({"kind": "decision", "decision": "stop"}, "use Change stage"),
        ({"kind": "decision", "decision": "nonsense"}, "Not a valid choice"),
    ],
)
def test_bad_entries_are_refused_and_nothing_changes(app, city, as_role, changes, message):
    before = len(_entries(app, city.edu_intervention.id))
    response = as_role("edu_lead").post_form(
        f"{BASE}/{city.edu_intervention.id}/learning/new", _entry(**changes)
    )
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert len(_entries(app, city.edu_intervention.id)) == before


def test_a_result_may_not_link_another_missions_indicator(app, ctx, city):
    other = f.mission(slug="climate", title="Climate")
    foreign = f.indicator(other, city.edu, title="Emissions")
    db.session.commit()
    from app.interventions.learning import EntryData, save_entry

    with pytest.raises(DomainError) as error:
        save_entry(
            None, db.session.get(Intervention, city.edu_intervention.id),
            EntryData(kind="result", entered_on=date(2025, 1, 1), title="x",
                      indicator_id=foreign.id),
            expected_version=0, actor=db.session.get(User, city.users["edu_lead"].id),
        )  # fmt: skip
    assert error.value.field == "indicator_id"


PREFIXES = st.sampled_from(
    ["", "http://", "https://", "HTTPS://", "javascript:", "ftp://", "//", "data:", "http:"]
)


def _accepted(url: str) -> bool:
    try:
        check_evidence_url(url)
    except DomainError as error:
        assert error.field == "evidence_url"  # noqa: PT017 (a property: refused, or accepted)
        return False
    return True


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PREFIXES, st.text(max_size=40))
def test_evidence_links_are_web_addresses_or_refused(prefix, rest):
    """Any text: refused with the field named, or an http(s) address with a host and no
    spaces (never javascript:, data: or a file)."""
    url = prefix + rest
    if _accepted(url):
        assert url == "" or url.lower().startswith(("http://", "https://"))
        assert not any(ch.isspace() for ch in url)


# ---- stage changes through the gate ----


def test_explore_to_test_through_its_gate(app, city, as_role):
    item_id = city.edu_intervention.id
    _set(app, Intervention, item_id, stage="explore", stage_since=date(2024, 1, 1))
    lead = as_role("edu_lead")
    page = lead.get(f"{BASE}/{item_id}/stage").get_data(as_text=True)
    assert "What is the hypothesis" in page
    assert "How will it be tested" in page
    version = _item(app, item_id).version
    response = lead.post_form(
        f"{BASE}/{item_id}/stage", {**_move("test", version=version), **TEST_ANSWERS}
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    item = _item(app, item_id)
    assert (item.stage, item.stage_since) == ("test", date.today())
    decision = _entries(app, item_id)[-1]
    assert (decision.kind, decision.from_stage, decision.to_stage) == (
        "decision", "explore", "test",
    )  # fmt: skip
    assert [pair["answer"] for pair in decision.gate_answers] == list(TEST_ANSWERS.values())
    assert decision.gate_answers[0]["question"].startswith("What is the hypothesis")
    assert [e.action for e in audit_events(app, "LearningEntry", decision.id)] == ["create"]
    moved = audit_events(app, "Intervention", item_id)[-1]
    assert (moved.action, moved.new_values["stage"]) == ("update", "test")


@pytest.mark.parametrize(
    "changes",
    [
        {"answers-1": ""},
        {"answers-0": "   ", "answers-1": "   "},
        {"answers-1": None},  # the field left out
        {"decision": "stop"},
        {"title": ""},
        {"entered_on": TOMORROW},
        {"entered_on": "2999-01-01"},
        {"entered_on": "2023-12-31"},  # before it entered explore
    ],
)
def test_a_move_without_a_valid_decision_is_refused_with_the_gates_questions(
    app, city, as_role, changes
):
    item_id = city.edu_intervention.id
    _set(app, Intervention, item_id, stage="explore", stage_since=date(2024, 1, 1))
    version = _item(app, item_id).version
    data = {**_move("test", version=version), **TEST_ANSWERS, **changes}
    data = {key: value for key, value in data.items() if value is not None}
    before = len(_entries(app, item_id))
    response = as_role("edu_lead").post_form(f"{BASE}/{item_id}/stage", data)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "What is the hypothesis" in html
    item = _item(app, item_id)
    assert (item.stage, item.version) == ("explore", version)
    assert len(_entries(app, item_id)) == before


def test_moves_skip_no_stage_and_a_stopped_intervention_stays_stopped(app, city, as_role):
    item_id = city.edu_intervention.id
    _set(app, Intervention, item_id, stage="explore")
    lead = as_role("edu_lead")
    version = _item(app, item_id).version
    lead.post_form(f"{BASE}/{item_id}/stage", {**_move("scale", version=version), **TEST_ANSWERS})
    assert _item(app, item_id).stage == "explore"
    _set(app, Intervention, item_id, stage="stopped")
    page = lead.get(f"{BASE}/{item_id}/stage").get_data(as_text=True)
    assert "stays stopped" in page


def test_test_to_scale_needs_an_earlier_result_with_evidence(app, city, as_role):
    item_id = city.edu_intervention.id
    _set(app, Intervention, item_id, stage="test", stage_since=date(2024, 1, 1))
    lead = as_role("edu_lead")
    answers = {"answers-0": "Waits fell.", "answers-1": "The survey.", "answers-2": "Two posts."}
    version = _item(app, item_id).version
    refused = lead.post_form(f"{BASE}/{item_id}/stage", {**_move("scale", version=version),
                                                         **answers})  # fmt: skip
    assert "needs an earlier result entry with evidence" in refused.get_data(as_text=True)
    assert _item(app, item_id).stage == "test"
    # A result without evidence is not enough; one dated after the decision is not earlier.
    lead.post_form(f"{BASE}/{item_id}/learning/new", _entry(kind="result", title="Felt better"))
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    with app.app_context():
        f.learning_entry(db.session.get(Intervention, item_id), kind="result", title="Later",
                         entered_on=date.fromisoformat(tomorrow),
                         evidence_url="https://x.example/")  # fmt: skip
        db.session.commit()
    refused = lead.post_form(f"{BASE}/{item_id}/stage", {**_move("scale", version=version),
                                                         **answers})  # fmt: skip
    assert _item(app, item_id).stage == "test"
    lead.post_form(
        f"{BASE}/{item_id}/learning/new",
        _entry(kind="result", title="Survey", evidence_url="https://reykjavik.is/survey"),
    )
    moved = lead.post_form(f"{BASE}/{item_id}/stage", {**_move("scale", version=version),
                                                       **answers})  # fmt: skip
    assert moved.status_code == 302
    assert _item(app, item_id).stage == "scale"


def test_stopping_asks_what_was_learned(app, city, as_role):
    item_id = city.wel_intervention.id
    lead = as_role("wel_lead")
    page = lead.get(f"{BASE}/{item_id}/stage?to=stopped").get_data(as_text=True)
    assert "What was learned?" in page
    version = _item(app, item_id).version
    moved = lead.post_form(
        f"{BASE}/{item_id}/stage",
        {**_move("stopped", version=version), "answers-0": "Fathers did not come.",
         "answers-1": "Families are referred to the health centres."},
    )  # fmt: skip
    assert moved.status_code == 302
    assert _item(app, item_id).stage == "stopped"
    assert _entries(app, item_id)[-1].decision == "stop"


def test_a_leads_move_of_published_work_sends_it_back_to_review(app, city, as_role):
    item_id = city.edu_intervention.id
    _set(app, Intervention, item_id, stage="test", is_published=True)
    version = _item(app, item_id).version
    as_role("edu_lead").post_form(
        f"{BASE}/{item_id}/stage",
        {**_move("stopped", version=version), "answers-0": "a", "answers-1": "b"},
    )
    item = _item(app, item_id)
    assert (item.stage, item.is_published) == ("stopped", False)


def test_a_stale_stage_change_is_a_conflict(app, city, as_role):
    item_id = city.wel_intervention.id
    response = as_role("wel_lead").post_form(
        f"{BASE}/{item_id}/stage",
        {**_move("stopped", version=99), "answers-0": "a", "answers-1": "b"},
    )
    assert response.status_code == 409
    assert _item(app, item_id).stage == "test"


# ---- every other path refuses a silent stage change ----


def test_the_edit_form_has_no_stage_and_cannot_change_it(app, city, as_role):
    item_id = city.edu_intervention.id
    lead = as_role("edu_lead")
    form = lead.get(f"{BASE}/{item_id}/edit").get_data(as_text=True)
    assert 'name="stage"' not in form
    assert "Change stage" in form
    version = _item(app, item_id).version
    response = lead.post_form(
        f"{BASE}/{item_id}/edit",
        intervention_payload(city, version=version, title="Solution teams", stage="sustain"),
    )
    assert response.status_code == 302
    assert _item(app, item_id).stage == "test"
    # A new intervention may start in any stage, dated today.
    lead.post_form(f"{BASE}/new", intervention_payload(city, title="Old work", stage="sustain"))
    with app.app_context():
        created = db.session.scalar(select(Intervention).where(Intervention.title == "Old work"))
        assert (created.stage, created.stage_since) == ("sustain", date.today())


def test_the_service_refuses_a_stage_change_outside_the_gate(app, ctx, city):
    item = get_intervention_for_edit(city.edu_intervention.id)
    data = InterventionData(
        mission_id=city.mission.id, outcome_id=city.outcome.id, lead_department_id=city.edu.id,
        title="Solution teams", stage="scale",
    )  # fmt: skip
    with pytest.raises(DomainError) as error:
        save_intervention(item, data, expected_version=item.version,
                          actor=db.session.get(User, city.users["admin"].id))  # fmt: skip
    assert error.value.field == "stage"
    assert "goes through the gate into Scale" in error.value.message


def test_an_import_refuses_a_changed_stage_naming_the_row_and_the_gate(app, city, signed_in):
    from tests.support.transfer import confirm, csv_bytes, upload
    from tests.transfer.test_intervention_import import CONFIRM, HEADER, IMPORT, _row

    client = signed_in("admin")
    html = upload(client, IMPORT, "i.csv", csv_bytes(HEADER, [_row()])).get_data(as_text=True)
    confirm(client, CONFIRM, html)
    html = upload(client, IMPORT, "i.csv", csv_bytes(HEADER, [_row(stage="scale")])).get_data(
        as_text=True
    )
    assert '<th scope="row">2</th><td>stage</td>' in html
    assert "goes through the gate into Scale" in html
    assert "Confirm the import" not in html
    with app.app_context():
        stage = db.session.scalar(
            select(Intervention.stage).where(Intervention.external_id == "EDU-001")
        )
    assert stage == "test"


def test_the_api_has_no_way_to_change_a_stage(app):
    """The API writes measurements and progress updates only; neither holds a stage. A new API
    write that could change one must go through app.interventions.gates (this test then fails
    until it is looked at)."""
    writers = {
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/") and rule.methods - {"GET", "HEAD", "OPTIONS"}
    }
    assert writers == {
        "/api/v1/measurements",
        "/api/v1/interventions/<int:intervention_id>/updates",
    }


# ---- the gates' settings ----


def test_the_office_sets_a_gate_with_translations_and_it_is_asked(app, city, as_role):
    office = as_role("mission_office")
    page = office.get(f"{BASE}/stage-gates/test/edit").get_data(as_text=True)
    assert "What is the hypothesis" in page
    response = office.post_form(
        f"{BASE}/stage-gates/test/edit",
        {"version": "0", "questions": "Who is it for?\n\nWhat will you measure?",
         "questions_is": "Fyrir hverja?\nHvað mælið þið?", "needs_evidence": "y"},
    )  # fmt: skip
    assert response.status_code == 302
    with app.app_context():
        gate = db.session.scalar(select(StageGate).where(StageGate.to_stage == "test"))
        assert gate.questions == "Who is it for?\nWhat will you measure?"
        assert gate.needs_evidence
        gate_id = gate.id
    assert [e.action for e in audit_events(app, "StageGate", gate_id)] == ["create"]
    _set(app, Intervention, city.edu_intervention.id, stage="explore")
    lead = as_role("edu_lead")
    asked = lead.get(f"{BASE}/{city.edu_intervention.id}/stage").get_data(as_text=True)
    assert "Who is it for?" in asked
    assert "What is the hypothesis" not in asked
    icelandic = lead.get(f"{BASE}/{city.edu_intervention.id}/stage?lang=is")
    html = icelandic.get_data(as_text=True)
    assert '<html lang="is">' in html
    assert "Fyrir hverja?" in html
    edited = office.post_form(
        f"{BASE}/stage-gates/test/edit",
        {"version": "1", "questions": "Who is it for?", "questions_is": ""},
    )
    assert edited.status_code == 302
    assert [e.action for e in audit_events(app, "StageGate", gate_id)] == ["create", "update"]


@pytest.mark.parametrize(
    ("questions", "message"),
    [
        ("", "This field is required"),
        ("\n".join(f"Question {n}?" for n in range(11)), "at most 10 questions"),
        ("x" * 301, "at most 300 characters"),
        ("bad\x00", "control characters"),
    ],
)
def test_bad_gates_are_refused(app, city, as_role, questions, message):
    response = as_role("mission_office").post_form(
        f"{BASE}/stage-gates/scale/edit", {"version": "0", "questions": questions}
    )
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(StageGate.id))) == 0


def _race_on_first_save(app, monkeypatch, misses: int) -> None:  # type: ignore[no-untyped-def]
    """Another office user's first save of the gate into scale commits after this save read
    the gate (its first `misses` reads see no row) and before it inserts."""
    with app.app_context():
        db.session.add(StageGate(to_stage="scale", questions="Theirs?", needs_evidence=False))
        db.session.commit()
    real, reads = gates.stored_gate, []

    def late(stage: gates.Stage) -> StageGate | None:
        reads.append(stage)
        return None if len(reads) <= misses else real(stage)

    monkeypatch.setattr(gates, "stored_gate", late)


def _scale_gates(app) -> list[tuple[str, bool]]:  # type: ignore[no-untyped-def]
    with app.app_context():
        rows = db.session.scalars(select(StageGate).where(StageGate.to_stage == "scale"))
        return [(row.questions, row.needs_evidence) for row in rows]


def test_two_first_saves_of_a_gate_at_once_the_second_is_a_conflict(
    app, city, as_role, monkeypatch
):
    _race_on_first_save(app, monkeypatch, misses=2)  # the form's read and the save's
    response = as_role("mission_office").post_form(
        f"{BASE}/stage-gates/scale/edit", {"version": "0", "questions": "Mine?"},
        token_from="/staff/",  # no read of the gate before the post
    )  # fmt: skip
    assert response.status_code == 409
    assert "Someone else saved first" in response.get_data(as_text=True)
    assert _scale_gates(app) == [("Theirs?", False)]
    with app.app_context():
        gate_id = db.session.scalar(select(StageGate.id))
    assert audit_events(app, "StageGate", gate_id) == []  # theirs came in without the form


def test_the_race_in_the_service_raises_the_edit_conflict_and_writes_nothing(
    app, ctx, city, monkeypatch
):
    from app import editing
    from app.interventions.learning import save_gate
    from app.models import AuditEvent

    _race_on_first_save(app, monkeypatch, misses=1)
    events = db.session.scalar(select(func.count(AuditEvent.id)))
    with pytest.raises(editing.EditConflict) as conflict:
        save_gate("scale", questions="Mine?", needs_evidence=True, translations={},
                  expected_version=0, actor_id=city.users["mission_office"].id)  # fmt: skip
    assert conflict.value.theirs["questions"] == "Theirs?"
    assert conflict.value.mine["questions"] == "Mine?"
    db.session.rollback()
    assert _scale_gates(app) == [("Theirs?", False)]
    assert db.session.scalar(select(func.count(AuditEvent.id))) == events


def test_a_first_save_after_another_first_save_committed_is_a_conflict(app, city, as_role):
    office = as_role("mission_office")
    first = office.post_form(
        f"{BASE}/stage-gates/scale/edit", {"version": "0", "questions": "Theirs?"}
    )
    assert first.status_code == 302
    late = office.post_form(
        f"{BASE}/stage-gates/scale/edit", {"version": "0", "questions": "Mine?"}
    )
    assert late.status_code == 409
    assert _scale_gates(app) == [("Theirs?", False)]


def test_an_unknown_gate_is_404(app, city, as_role):
    office = as_role("mission_office")
    assert office.get(f"{BASE}/stage-gates/explore/edit").status_code == 404
    assert office.get(f"{BASE}/stage-gates/dreaming/edit").status_code == 404
    assert "What was learned?" in office.get(f"{BASE}/stage-gates").get_data(as_text=True)


def test_the_gate_rule_lists_only_forward_moves_and_stopping():
    assert gates.next_stages("explore") == (gates.Stage.TEST, gates.Stage.STOPPED)
    assert gates.next_stages("sustain") == (gates.Stage.STOPPED,)
    assert gates.next_stages("stopped") == ()


# ---- pages: both languages, query counts ----


def test_the_staff_page_in_icelandic_shows_the_log(app, city, as_role):
    _set(app, LearningEntry, city.edu_entry.id,
         translations={"is": {"title": "Teymi stytta biðina"}})  # fmt: skip
    html = (
        as_role("viewer").get(f"{BASE}/{city.edu_intervention.id}?lang=is").get_data(as_text=True)
    )
    assert '<html lang="is">' in html
    assert "Teymi stytta biðina" in html


def _grow_log(app, intervention_id: int, n: int) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        item = db.session.get(Intervention, intervention_id)
        for index in range(n):
            f.learning_entry(item, kind="result", title=f"Result {index}", is_published=True,
                             evidence_url="https://x.example/", author_id=None)  # fmt: skip
        db.session.commit()
        cache.clear()


def test_query_counts_do_not_grow_with_the_log(app, city, as_role, client, count_queries):
    _set(app, type(city.mission), city.mission.id, is_published=True)
    _set(app, Intervention, city.edu_intervention.id, is_published=True)
    item_id = city.edu_intervention.id
    staff = as_role("mission_office")
    urls = [f"{BASE}/{item_id}", f"/missions/children/interventions/{item_id}"]
    counts: dict[str, list[int]] = {url: [] for url in urls}
    for grow in (1, 12):
        _grow_log(app, item_id, grow)
        for url in urls:
            reader = client if url.startswith("/missions") else staff
            with app.app_context():
                cache.clear()
            with count_queries() as log:
                assert reader.get(url).status_code == 200
            counts[url].append(log.count)
    for url, seen in counts.items():
        assert seen[0] == seen[1], (url, seen)


# ---- the mission office's review queue ----


def test_drafts_of_the_log_wait_in_the_review_queue_and_publish_there(app, city, as_role):
    office = as_role("mission_office")
    entry = _entries(app, city.edu_intervention.id)[0]
    queue = office.get("/staff/review").get_data(as_text=True)
    key = f"learning:{entry.id}:{entry.version}"
    assert key in queue
    assert "Learning log of Solution teams: Teams cut waiting" in queue
    done = office.post_form("/staff/review", {"items": [key], "action": "publish"})
    assert done.status_code == 302
    published = _entries(app, city.edu_intervention.id)[0]
    assert published.is_published
    assert [e.action for e in audit_events(app, "LearningEntry", entry.id)] == ["publish"]
    assert key not in office.get("/staff/review").get_data(as_text=True)


def test_publishing_an_entry_refreshes_the_cached_public_page(app, city, as_role, client):
    """The public page is cached by content version: a published entry bumps it."""
    _set(app, type(city.mission), city.mission.id, is_published=True)
    _set(app, Intervention, city.edu_intervention.id, is_published=True)
    url = f"/missions/children/interventions/{city.edu_intervention.id}"
    with app.app_context():
        cache.clear()
    assert city.edu_entry.title not in client.get(url).get_data(as_text=True)  # now cached
    as_role("mission_office").post_form(
        f"{BASE}/learning/{city.edu_entry.id}/publish", token_from=f"{BASE}/"
    )
    assert city.edu_entry.title in client.get(url).get_data(as_text=True)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    answers=st.lists(st.text(max_size=30), max_size=4),
    decision=st.sampled_from(["scale", "adapt", "continue", "stop", "", "nonsense"]),
    to_stage=st.sampled_from(["test", "scale", "stopped", "explore", "nowhere"]),
)
def test_any_gate_input_is_refused_with_a_message_or_recorded_whole(
    app, ctx, city, answers, decision, to_stage
):
    """Whatever is posted, the gate refuses with a DomainError or records one answer per
    question, each stripped and non-empty; it never writes."""
    item = db.session.get(Intervention, city.edu_intervention.id)
    item.stage = "explore"
    try:
        gate, recorded = gates.check_move(
            item, to_stage, decision=decision, answers=answers,
            entered_on=date.today(), today=date.today(),
        )  # fmt: skip
    except DomainError as error:
        assert error.message  # noqa: PT017 (a property: refused with a message, or recorded)
    else:
        assert to_stage in ("test", "stopped")
        assert len(recorded) == len(gate.questions) == len(answers)
        assert all(pair["answer"] and pair["answer"] == pair["answer"].strip() for pair in recorded)
    db.session.rollback()
