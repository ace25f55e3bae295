"""URLs for every rule of the URL map, filled in with the test city's objects."""

from __future__ import annotations

from flask import Flask, url_for

from tests.support.city import City


def rule_args(rule, city: City, side: str) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """URL arguments for a rule, pointing at the city's objects of one department ("edu"/"wel")."""
    owner = getattr(city, side)
    values = {
        "mission_id": city.mission.id,
        "outcome_id": city.outcome.id,
        "intervention_id": getattr(city, f"{side}_intervention").id,
        "milestone_id": getattr(city, f"{side}_milestone").id,
        "update_id": getattr(city, f"{side}_update").id,
        "indicator_id": getattr(city, f"{side}_indicator").id,
        "measurement_id": getattr(city, f"{side}_measurement").id,
        "department_id": owner.id,
        "user_id": city.users["viewer"].id,
        "entity": "mission",
        "entity_id": city.mission.id,
        "meeting_id": city.meeting.id,
        "item_id": city.agenda_item.id,
        "follow_up_id": getattr(city, f"{side}_follow_up").id,
        "entry_id": getattr(city, f"{side}_entry").id,
        "to_stage": "scale",
        "slug": city.mission.slug,
    }
    if {"round_id", "report_id"} & set(rule.arguments):
        from tests.support.rounds import city_round

        the_round, reports = city_round(city)
        values.update(round_id=the_round.id, report_id=reports[side].id)
    missing = set(rule.arguments) - set(values)
    assert not missing, f"{rule.rule}: teach this test the URL arguments {missing}"
    return {name: values[name] for name in rule.arguments}


def rule_url(app: Flask, rule, city: City, side: str) -> str:  # type: ignore[no-untyped-def]
    """The URL of a rule for the city's objects of one department."""
    with app.test_request_context():
        return url_for(rule.endpoint, **rule_args(rule, city, side))
