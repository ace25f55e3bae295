"""Staff forms show each translated field with one input per configured translation language."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.extensions import db
from app.models import Department, Indicator, Intervention, Milestone, ProgressUpdate

# (page, the form fields that are translated there)
FORM_PAGES = [
    ("/staff/missions/{mission}/edit", ["title", "north_star", "problem_statement",
                                        "target_population"]),
    ("/staff/missions/outcomes/{outcome}/edit", ["title", "description"]),
    ("/staff/departments/{edu}/edit", ["name"]),
    ("/staff/interventions/{intervention}/edit", ["title", "summary"]),
    ("/staff/interventions/{intervention}/override", ["reason"]),
    ("/staff/interventions/milestones/{milestone}/edit", ["title"]),
    ("/staff/interventions/updates/{update}/edit", ["summary", "next_steps", "blockers"]),
    ("/staff/indicators/{indicator}/edit", ["title", "definition", "unit", "source"]),
    ("/staff/indicators/{indicator}/override", ["reason"]),
]  # fmt: skip


def _url(pattern: str, city) -> str:  # type: ignore[no-untyped-def]
    return pattern.format(
        mission=city.mission.id, outcome=city.outcome.id, edu=city.edu.id,
        intervention=city.edu_intervention.id, milestone=city.edu_milestone.id,
        update=city.edu_update.id, indicator=city.edu_indicator.id,
    )  # fmt: skip


@pytest.fixture
def three_languages(app, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setitem(app.config, "LANGUAGES", ("en", "is", "pl"))


@pytest.mark.parametrize(("pattern", "fields"), FORM_PAGES)
def test_every_translated_field_has_an_input_per_language(
    app, city, signed_in, three_languages, pattern, fields
):
    html = signed_in("admin").get(_url(pattern, city)).get_data(as_text=True)
    for name in fields:
        for lang in ("is", "pl"):
            tag = re.search(rf'<(?:input|textarea)[^>]*name="{name}_{lang}"[^>]*>', html)
            assert tag is not None, f"{name}_{lang} missing on {pattern}"
            assert f'lang="{lang}"' in tag.group(0)
            assert f'<label for="{name}_{lang}">' in html
        # The original and its translations sit together, side by side when there is room.
        block = html.split(f'name="{name}"')[0].rsplit('class="translated-field"', 1)
        assert len(block) == 2, f"{name} is not inside a translated-field block"
    assert "(polski)" in html or "(Polish)" in html


def test_only_the_configured_languages_are_offered(app, city, signed_in):
    html = signed_in("admin").get(f"/staff/departments/{city.edu.id}/edit").get_data(as_text=True)
    assert 'name="name_is"' in html
    assert 'name="name_pl"' not in html
    assert 'name="name_en"' not in html  # the source language is the original field


def _department_form(city, **changes):  # type: ignore[no-untyped-def]
    return {"name": "Education and Youth", "code": "EDU", "colour": "#0072b2",
            "version": "1", **changes}  # fmt: skip


def test_saving_writes_every_language_and_the_form_shows_them_again(
    app, city, signed_in, three_languages
):
    client = signed_in("admin")
    url = f"/staff/departments/{city.edu.id}/edit"
    response = client.post_form(
        url, _department_form(city, name_is=" Skóla- og frístundasvið ", name_pl="Edukacja")
    )
    assert response.status_code == 302
    with app.app_context():
        saved = db.session.get(Department, city.edu.id)
        assert saved.translations == {
            "is": {"name": "Skóla- og frístundasvið"},
            "pl": {"name": "Edukacja"},
        }
    html = client.get(url).get_data(as_text=True)
    assert 'value="Skóla- og frístundasvið"' in html
    assert 'value="Edukacja"' in html
    # Clearing one language keeps the other.
    response = client.post_form(url, _department_form(city, version="2", name_pl="Edukacja"))
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Department, city.edu.id).translations == {"pl": {"name": "Edukacja"}}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("x" * 121, "Field cannot be longer than 120 characters."),
        ("Sk\x00li", "Remove the control characters"),
    ],
)
def test_a_bad_translation_is_a_message_next_to_it_and_nothing_changes(
    app, city, signed_in, three_languages, value, message
):
    response = signed_in("admin").post_form(
        f"/staff/departments/{city.edu.id}/edit", _department_form(city, name_pl=value)
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="name_pl-error"' in html
    assert message in html
    with app.app_context():
        department = db.session.get(Department, city.edu.id)
        assert department.translations in ({}, None)
        assert department.version == 1


def test_a_translation_has_the_limit_of_its_own_column(app, city, signed_in):
    # A milestone title holds 200 characters: 200 is fine, 201 is refused.
    client = signed_in("admin")
    url = f"/staff/interventions/milestones/{city.edu_milestone.id}/edit"
    with app.app_context():
        milestone = db.session.get(Milestone, city.edu_milestone.id)
        base = {"title": milestone.title, "due_date": milestone.due_date.isoformat(),
                "completed_on": "", "version": str(milestone.version)}  # fmt: skip
    refused = client.post_form(url, {**base, "title_is": "á" * 201})
    assert refused.status_code == 200
    assert "Field cannot be longer than 200 characters." in refused.get_data(as_text=True)
    saved = client.post_form(url, {**base, "title_is": "á" * 200})
    assert saved.status_code == 302
    with app.app_context():
        assert db.session.get(Milestone, city.edu_milestone.id).translations == {
            "is": {"title": "á" * 200}
        }


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=st.text(max_size=300))
def test_any_translation_text_is_saved_or_refused_with_a_message(app, city, signed_in, text):
    client = signed_in("admin")
    with app.app_context():
        update = db.session.get(ProgressUpdate, city.edu_update.id)
        base = {"reported_on": update.reported_on.isoformat(), "status": update.status,
                "summary": update.summary, "next_steps": update.next_steps or "",
                "blockers": update.blockers or "", "version": str(update.version)}  # fmt: skip
    response = client.post_form(
        f"/staff/interventions/updates/{city.edu_update.id}/edit", {**base, "summary_is": text}
    )
    assert response.status_code in (200, 302)
    with app.app_context():
        stored = db.session.get(ProgressUpdate, city.edu_update.id).translations or {}
        if response.status_code == 302:
            assert stored.get("is", {}).get("summary", "") == text.strip()
            db.session.execute(
                db.update(ProgressUpdate)
                .where(ProgressUpdate.id == city.edu_update.id)
                .values(translations={}, version=update.version)
            )
            db.session.commit()
        else:
            assert stored == {}


@pytest.mark.parametrize("kind", ["indicator", "intervention"])
def test_override_reason_translations_are_saved_and_cleared_with_the_status(
    app, city, signed_in, kind
):
    model, obj, status = (
        (Indicator, city.edu_indicator, "limited_progress")
        if kind == "indicator"
        else (Intervention, city.edu_intervention, "at_risk")
    )
    client = signed_in("admin")
    url = f"/staff/{kind}s/{obj.id}/override"
    with app.app_context():
        version = db.session.get(model, obj.id).version
    response = client.post_form(
        url,
        {
            "status": status,
            "reason": "Data late",
            "reason_is": "Gögn sein",
            "version": str(version),
        },
    )
    assert response.status_code == 302
    with app.app_context():
        saved = db.session.get(model, obj.id)
        assert saved.translations["is"]["override_reason"] == "Gögn sein"
        version = saved.version
    assert 'value="Gögn sein"' not in client.get(url).get_data(as_text=True)  # a textarea
    assert "Gögn sein</textarea>" in client.get(url).get_data(as_text=True)
    response = client.post_form(
        url, {"status": "", "reason": "", "reason_is": "Gögn sein", "version": str(version)}
    )
    assert response.status_code == 302
    with app.app_context():
        saved = db.session.get(model, obj.id)
        assert "override_reason" not in (saved.translations or {}).get("is", {})
