"""Defining and editing indicators: the rules, interim targets, locking, audit and rights."""

from __future__ import annotations

from datetime import date

import pytest

from app.extensions import db
from app.models import Indicator, InterimTarget
from tests.support import factories as f
from tests.support.indicators import (
    edit_form,
    find_by_title,
    indicator_count,
    indicator_events,
    indicator_form,
    load_indicator,
)

NEW = "/staff/indicators/new"


def _edit_url(city) -> str:  # type: ignore[no-untyped-def]
    return f"/staff/indicators/{city.edu_indicator.id}/edit"


def test_the_mission_office_defines_an_indicator(app, city, signed_in):
    client = signed_in("mission_office")
    response = client.post_form(NEW, indicator_form(city))
    assert response.status_code == 302
    saved = find_by_title(app, "Children in organised sport")
    assert response.headers["Location"] == f"/staff/indicators/{saved.id}"
    assert (saved.code, saved.unit, saved.baseline_value, saved.target_value) == (
        "CHI-09", "%", 40.0, 60.5,
    )  # fmt: skip
    assert (saved.baseline_period, saved.target_period) == (date(2021, 1, 1), date(2030, 1, 1))
    # No range is made up from the unit: a % may be a growth rate, and negative.
    assert (saved.min_value, saved.max_value) == (None, None)
    assert [(t.period, t.value) for t in saved.interim_targets] == [(date(2025, 1, 1), 50.0)]
    assert saved.is_published is False
    (event,) = indicator_events(app, saved.id)
    assert event.action == "create"
    assert event.actor_id == city.users["mission_office"].id
    assert event.new_values["title"] == "Children in organised sport"
    assert event.new_values["interim_targets"] == [["2025-01-01", 50.0]]


def test_an_intervention_output_with_its_intervention(app, city, signed_in):
    client = signed_in("admin")
    data = indicator_form(
        city, level="intervention_output", intervention_id=str(city.wel_intervention.id),
        unit="courses", department_id=str(city.wel.id),
    )  # fmt: skip
    assert client.post_form(NEW, data).status_code == 302
    saved = find_by_title(app, "Children in organised sport")
    assert (saved.level, saved.intervention_id) == ("intervention_output", city.wel_intervention.id)
    assert (saved.min_value, saved.max_value) == (None, None)


@pytest.fixture
def elsewhere(app, city):  # type: ignore[no-untyped-def]
    """Another mission with an outcome and an intervention; and a code already taken."""
    with app.app_context():
        mission = f.mission(slug="elders", title="Ageing well")
        outcome = f.outcome(mission, title="Elders live at home")
        item = f.intervention(mission, city.wel, title="Home visits")
        indicator = db.session.get(Indicator, city.wel_indicator.id)
        indicator.code = "WEL-01"
        db.session.commit()
        return {"outcome": str(outcome.id), "intervention": str(item.id)}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"outcome_id": "{outcome}"}, "This outcome is not one of “"),
        ({"level": "intervention_output"},
         "An intervention output needs an intervention of the same mission."),
        ({"level": "intervention_output", "intervention_id": "{intervention}"},
         "Choose an intervention of the chosen mission."),
        ({"code": "wel-01"}, "Another indicator has this code."),
        ({"title": ""}, "This field is required."),
        ({"unit": ""}, "This field is required."),
        ({"decimals": "7"}, "Enter a whole number from 0 to 6."),
        ({"decimals": "two"}, "Enter a whole number from 0 to 6."),
        ({"direction": "sideways"}, "Not a valid choice."),
        ({"baseline_value": "abc"}, "Enter a number, e.g. 12.5"),
        ({"target_period": ""}, "Give both the value and the date, or neither."),
        ({"baseline_value": ""}, "Give both the value and the date, or neither."),
        ({"target_period": "2020-06-01"}, "The target date must be after the baseline date."),
        ({"target_period": "2021-01-01"}, "The target date must be after the baseline date."),
        ({"min_value": "10", "max_value": "5"},
         "The highest plausible value must be above the lowest."),
        ({"baseline_value": "120", "min_value": "0", "max_value": "100"},
         "Enter a value between 0 and 100."),
        ({"interim_targets-1-period": "2025-01-01", "interim_targets-1-value": "55"},
         "Each interim target needs its own date."),
        ({"interim_targets-0-period": "2031-01-01"},
         "Interim target dates must fall between the baseline and target dates."),
        ({"interim_targets-0-period": "2021-01-01"},
         "Interim target dates must fall between the baseline and target dates."),
        ({"interim_targets-0-value": ""}, "Give both a date and a value for each interim target."),
        ({"interim_targets-0-value": "150", "min_value": "0", "max_value": "100"},
         "Enter a value between 0 and 100."),
        ({"target_value": "", "target_period": ""}, "Interim targets need a target and its date."),
    ],
)  # fmt: skip
def test_bad_definitions_are_refused_and_nothing_is_written(
    app, city, signed_in, elsewhere, changes, message
):
    client = signed_in("mission_office")
    data = indicator_form(city, **{k: v.format(**elsewhere) for k, v in changes.items()})
    response = client.post_form(NEW, data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert indicator_count(app) == 2
    assert indicator_events(app) == []


def test_an_edit_replaces_the_interim_targets_in_one_audited_save(app, city, signed_in):
    client = signed_in("mission_office")
    changes = {
        "title": "Pupils who feel safe at school", "baseline_value": "60",
        "baseline_period": "2022-01-01", "target_value": "85", "target_period": "2030-01-01",
        "interim_targets-0-period": "2026-01-01", "interim_targets-0-value": "70",
        "interim_targets-1-period": "2028-01-01", "interim_targets-1-value": "78,5",
    }  # fmt: skip
    response = client.post_form(_edit_url(city), edit_form(city, **changes))
    assert response.status_code == 302
    saved = load_indicator(app, city.edu_indicator.id)
    assert saved.title == "Pupils who feel safe at school"
    assert saved.version == 2
    assert [(t.period, t.value) for t in saved.interim_targets] == [
        (date(2026, 1, 1), 70.0), (date(2028, 1, 1), 78.5),
    ]  # fmt: skip
    (event,) = indicator_events(app, city.edu_indicator.id)
    assert event.action == "update"
    assert event.old_values["title"] == "Pupils who feel safe"
    assert event.old_values["interim_targets"] == []
    assert event.new_values["interim_targets"] == [["2026-01-01", 70.0], ["2028-01-01", 78.5]]

    # A second edit that changes only the interim targets still bumps the version and is audited.
    again = {**changes, "version": "2", "interim_targets-1-value": "80"}
    assert client.post_form(_edit_url(city), edit_form(city, **again)).status_code == 302
    saved = load_indicator(app, city.edu_indicator.id)
    assert saved.version == 3
    assert [t.value for t in saved.interim_targets] == [70.0, 80.0]
    last = indicator_events(app, city.edu_indicator.id)[-1]
    assert last.old_values == {"interim_targets": [["2026-01-01", 70.0], ["2028-01-01", 78.5]]}
    assert last.new_values == {"interim_targets": [["2026-01-01", 70.0], ["2028-01-01", 80.0]]}


def test_an_unchanged_save_writes_no_event(app, city, signed_in):
    client = signed_in("mission_office")
    assert client.post_form(_edit_url(city), edit_form(city)).status_code == 302
    assert load_indicator(app, city.edu_indicator.id).version == 1
    assert indicator_events(app) == []


def test_the_edit_form_shows_the_stored_definition(app, city, signed_in):
    with app.app_context():
        indicator = db.session.get(Indicator, city.edu_indicator.id)
        indicator.baseline_value, indicator.baseline_period = 60.0, date(2022, 1, 1)
        indicator.target_value, indicator.target_period = 85.0, date(2030, 1, 1)
        for year in (2024, 2025, 2026, 2027):
            db.session.add(InterimTarget(indicator_id=indicator.id, period=date(year, 1, 1),
                                           value=60.0 + year - 2023))  # fmt: skip
        db.session.commit()
    page = signed_in("admin").get(_edit_url(city)).get_data(as_text=True)
    assert 'name="version" type="hidden" value="2"' in page
    assert 'value="Pupils who feel safe"' in page
    assert 'name="interim_targets-3-value" type="text" value="64"' in page
    assert 'name="interim_targets-4-period"' in page  # one empty row for a new waypoint


def test_many_interim_targets_still_open_in_the_form(app, city, signed_in):
    with app.app_context():
        indicator = db.session.get(Indicator, city.edu_indicator.id)
        indicator.target_value, indicator.target_period = 85.0, date(2040, 1, 1)
        for year in range(2020, 2040):
            db.session.add(InterimTarget(indicator_id=indicator.id, period=date(year, 1, 1),
                                         value=50.0))  # fmt: skip
        db.session.commit()
    page = signed_in("admin").get(_edit_url(city)).get_data(as_text=True)
    assert 'name="interim_targets-19-period"' in page


def test_a_stale_edit_is_a_conflict_and_overwrites_nothing(app, city, signed_in):
    with app.app_context():
        indicator = db.session.get(Indicator, city.edu_indicator.id)
        indicator.title = "Renamed by a colleague"
        db.session.commit()
    client = signed_in("mission_office")
    response = client.post_form(_edit_url(city), edit_form(city, title="My title"))
    assert response.status_code == 409
    assert "Someone else saved first" in response.get_data(as_text=True)
    assert load_indicator(app, city.edu_indicator.id).title == "Renamed by a colleague"
    assert indicator_events(app) == []


def test_a_bad_edit_changes_nothing(app, city, signed_in):
    client = signed_in("mission_office")
    data = edit_form(city, title="New title", min_value="50", max_value="50")
    response = client.post_form(_edit_url(city), data)
    assert response.status_code == 200
    assert "The highest plausible value must be above the lowest." in response.get_data(
        as_text=True
    )
    assert load_indicator(app, city.edu_indicator.id).title == "Pupils who feel safe"


@pytest.mark.parametrize(
    ("who", "status"),
    [("admin", 200), ("mission_office", 200), ("edu_lead", 403), ("wel_lead", 403),
     ("viewer", 403)],
)  # fmt: skip
def test_who_may_define_indicators(city, signed_in, who, status):
    client = signed_in(who)
    assert client.get(NEW).status_code == status
    assert client.get(_edit_url(city)).status_code == status


def test_a_lead_cannot_post_a_definition(app, city, signed_in):
    client = signed_in("edu_lead")
    token = client.csrf("/staff/account/password")
    response = client.post(
        _edit_url(city), data={**edit_form(city, title="X"), "csrf_token": token}
    )
    assert response.status_code == 403
    assert load_indicator(app, city.edu_indicator.id).title == "Pupils who feel safe"


def test_a_definition_without_csrf_token_is_400(app, city, signed_in):
    client = signed_in("mission_office")
    assert client.post(NEW, data=indicator_form(city)).status_code == 400
    assert client.post(_edit_url(city), data=edit_form(city, title="X")).status_code == 400
    assert indicator_count(app) == 2
    assert load_indicator(app, city.edu_indicator.id).title == "Pupils who feel safe"


def test_unknown_indicator_is_404(city, signed_in):
    assert signed_in("admin").get("/staff/indicators/999999/edit").status_code == 404
