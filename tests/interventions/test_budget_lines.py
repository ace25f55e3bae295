"""Budget lines: an intervention's budget by year and funding department, end to end."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import BudgetLine, Intervention
from tests.support import factories as f
from tests.support.interventions import BASE, audit_events, intervention_payload


def _lines(city: Any, rows: list[tuple[str, str, str]], version: int = 1, **extra: str):
    """A budget form: rows of (year, department id, amount), then two empty rows."""
    data: dict[str, str] = {"version": str(version)}
    for i, (year, department, amount) in enumerate([*rows, ("", "0", ""), ("", "0", "")]):
        data[f"lines-{i}-year"] = year
        data[f"lines-{i}-department_id"] = department
        data[f"lines-{i}-amount"] = amount
    data.update(extra)
    return data


def _stored(
    app: Any, intervention_id: int
) -> tuple[Decimal | None, list[tuple[int, int, Decimal]]]:
    with app.app_context():
        budget = db.session.scalar(
            select(Intervention.budget).where(Intervention.id == intervention_id)
        )
        lines = db.session.execute(
            select(BudgetLine.year, BudgetLine.department_id, BudgetLine.amount)
            .where(BudgetLine.intervention_id == intervention_id)
            .order_by(BudgetLine.year, BudgetLine.department_id)
        ).all()
        return budget, [tuple(row) for row in lines]


def _version(app: Any, intervention_id: int) -> int:
    with app.app_context():
        return db.session.scalar(
            select(Intervention.version).where(Intervention.id == intervention_id)
        )


def test_a_lead_enters_lines_and_the_budget_becomes_their_sum(app, city, signed_in):
    client = signed_in("edu_lead")
    item = city.edu_intervention
    url = f"{BASE}/{item.id}/budget"
    form = client.get(url).get_data(as_text=True)
    assert "Budget by year and funding department" in form
    assert 'name="lines-2-amount"' in form  # empty rows to add lines
    rows = [("2024", str(city.edu.id), "1000000"), ("2025", str(city.wel.id), "250000.75")]
    response = client.post_form(url, _lines(city, rows, _version(app, item.id)), token_from=url)
    assert response.status_code == 302
    budget, lines = _stored(app, item.id)
    assert budget == Decimal("1250000.75")
    assert lines == [
        (2024, city.edu.id, Decimal("1000000.00")),
        (2025, city.wel.id, Decimal("250000.75")),
    ]
    event = audit_events(app, "Intervention", item.id)[-1]
    assert event.action == "update"
    assert event.new_values["budget_lines"] == ["2024 EDU: 1000000.00", "2025 WEL: 250000.75"]
    assert event.old_values["budget_lines"] == []
    assert event.new_values["budget"] == "1250000.75"
    detail = client.get(f"{BASE}/{item.id}").get_data(as_text=True)
    assert "1,250,001" in detail or "1.250.001" in detail or "1 250 001" in detail
    assert "WEL · Welfare" in detail
    history = client.get(f"/staff/history/intervention/{item.id}")
    assert history.status_code == 200
    assert "2025 WEL: 250000.75" in history.get_data(as_text=True)

    # Change one, remove one (tick Remove), and the total follows.
    data = _lines(city, [("2024", str(city.edu.id), "900000"), ("2025", str(city.wel.id), "1")],
                  _version(app, item.id), **{"lines-1-remove": "y"})  # fmt: skip
    assert client.post_form(url, data, token_from=url).status_code == 302
    assert _stored(app, item.id) == (
        Decimal("900000.00"),
        [(2024, city.edu.id, Decimal("900000.00"))],
    )
    event = audit_events(app, "Intervention", item.id)[-1]
    assert event.old_values["budget_lines"] == ["2024 EDU: 1000000.00", "2025 WEL: 250000.75"]
    assert event.new_values["budget_lines"] == ["2024 EDU: 900000.00"]

    # Clearing every line clears the budget.
    data = _lines(city, [("2024", str(city.edu.id), "900000")], _version(app, item.id),
                  **{"lines-0-remove": "y"})  # fmt: skip
    assert client.post_form(url, data, token_from=url).status_code == 302
    assert _stored(app, item.id) == (None, [])


def test_saving_the_same_lines_changes_nothing(app, city, signed_in):
    client = signed_in("mission_office")
    item = city.wel_intervention
    url = f"{BASE}/{item.id}/budget"
    rows = [("2024", str(city.wel.id), "500")]
    client.post_form(url, _lines(city, rows, _version(app, item.id)), token_from=url)
    before = len(audit_events(app, "Intervention", item.id))
    response = client.post_form(url, _lines(city, rows, _version(app, item.id)), token_from=url)
    assert response.status_code == 302
    assert len(audit_events(app, "Intervention", item.id)) == before


BAD_ROWS = [
    ([("2024", "{edu}", "-5")], "Enter an amount from 0 to 999,999,999,999.99."),
    ([("2024", "{edu}", "1e15")], "Enter an amount from 0 to 999,999,999,999.99."),
    ([("2024", "{edu}", "lots")], "Not a valid decimal value."),
    ([("2024", "{edu}", "NaN")], ""),
    ([("1899", "{edu}", "5")], "Choose a year from 1990 to 2100."),
    ([("20x4", "{edu}", "5")], ""),
    ([("2024", "99999", "5")], "Not a valid choice."),
    ([("2024", "abc", "5")], "Invalid Choice: could not coerce."),
    ([("2024", "0", "5")], "Give the year, the funding department and the amount."),
    ([("", "{edu}", "5")], "Give the year, the funding department and the amount."),
    ([("2024", "{edu}", "")], "Give the year, the funding department and the amount."),
    (
        [("2024", "{edu}", "5"), ("2024", "{edu}", "6")],
        "EDU funds 2024 twice: put it on one line.",
    ),
    (
        [("2024", "{edu}", "999999999999"), ("2025", "{edu}", "999999999999")],
        "The lines add up to more than 999,999,999,999.99.",
    ),
]


@pytest.mark.parametrize(("rows", "message"), BAD_ROWS)
def test_bad_lines_are_refused_with_a_message_and_change_nothing(
    app, city, signed_in, rows, message
):
    client = signed_in("edu_lead")
    item = city.edu_intervention
    url = f"{BASE}/{item.id}/budget"
    filled = [(y, d.format(edu=city.edu.id), a) for y, d, a in rows]
    before = (
        _stored(app, item.id),
        _version(app, item.id),
        len(audit_events(app, "Intervention", item.id)),
    )
    response = client.post_form(url, _lines(city, filled, _version(app, item.id)), token_from=url)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'class="error"' in page
    assert message in page
    after = (
        _stored(app, item.id),
        _version(app, item.id),
        len(audit_events(app, "Intervention", item.id)),
    )
    assert after == before


def test_a_stale_form_is_caught_and_changes_nothing(app, city, signed_in):
    client = signed_in("edu_lead")
    item = city.edu_intervention
    url = f"{BASE}/{item.id}/budget"
    stale = _version(app, item.id)
    client.post_form(url, _lines(city, [("2024", str(city.edu.id), "10")], stale), token_from=url)
    response = client.post_form(
        url, _lines(city, [("2024", str(city.edu.id), "99")], stale), token_from=url
    )
    assert response.status_code == 409
    assert _stored(app, item.id) == (Decimal("10.00"), [(2024, city.edu.id, Decimal("10.00"))])


def test_leads_may_not_edit_another_departments_budget(app, city, signed_in):
    client = signed_in("wel_lead")
    url = f"{BASE}/{city.edu_intervention.id}/budget"
    assert client.get(url).status_code == 403
    token = client.csrf(f"{BASE}/{city.wel_intervention.id}/budget")
    data = _lines(city, [("2024", str(city.wel.id), "10")]) | {"csrf_token": token}
    assert client.post(url, data=data).status_code == 403
    assert _stored(app, city.edu_intervention.id) == (None, [])
    assert signed_in("viewer").get(url).status_code == 403


def test_an_archived_interventions_budget_cannot_change(app, city, signed_in):
    with app.app_context():
        item = f.intervention(city.mission, city.edu, title="Old work")
        item.archived_at = item.created_at
        db.session.commit()
        item_id = item.id
    client = signed_in("mission_office")
    url = f"{BASE}/{item_id}/budget"
    response = client.post_form(
        url, _lines(city, [("2024", str(city.edu.id), "10")]), token_from=url
    )
    assert response.status_code == 200
    assert "archived" in response.get_data(as_text=True)
    assert _stored(app, item_id) == (None, [])


def test_the_intervention_form_cannot_make_the_total_diverge_from_the_lines(app, city, signed_in):
    client = signed_in("edu_lead")
    item = city.edu_intervention
    url = f"{BASE}/{item.id}/budget"
    data = _lines(city, [("2024", str(city.edu.id), "700")], _version(app, item.id))
    client.post_form(url, data, token_from=url)
    edit = f"{BASE}/{item.id}/edit"
    form = client.get(edit).get_data(as_text=True)
    assert "readonly" in form
    assert f"{BASE}/{item.id}/budget" in form
    payload = intervention_payload(
        city, version=_version(app, item.id), title=item.title, budget="9999"
    )
    response = client.post_form(edit, payload, token_from=edit)
    assert response.status_code == 200
    assert "This budget is the sum of its budget lines" in response.get_data(as_text=True)
    assert _stored(app, item.id)[0] == Decimal("700.00")
    # The same total saves.
    payload = intervention_payload(
        city, version=_version(app, item.id), title=item.title, budget="700"
    )
    assert client.post_form(edit, payload, token_from=edit).status_code == 302


def test_an_intervention_without_lines_keeps_a_total_from_its_form(app, city, signed_in):
    client = signed_in("edu_lead")
    item = city.edu_intervention
    edit = f"{BASE}/{item.id}/edit"
    payload = intervention_payload(
        city, version=_version(app, item.id), title=item.title, budget="4200"
    )
    assert client.post_form(edit, payload, token_from=edit).status_code == 302
    assert _stored(app, item.id) == (Decimal("4200.00"), [])
    page = client.get(f"{BASE}/{item.id}").get_data(as_text=True)
    assert "not yet broken down by year and funding department" in page


def test_the_budget_form_renders_in_icelandic(app, city, signed_in):
    page = signed_in("edu_lead").get(f"{BASE}/{city.edu_intervention.id}/budget?lang=is")
    html = page.get_data(as_text=True)
    assert '<html lang="is"' in html
    assert "Budget by year and funding department" not in html


def test_more_empty_lines_can_be_asked_for(app, city, signed_in):
    page = signed_in("edu_lead").get(f"{BASE}/{city.edu_intervention.id}/budget?rows=9")
    assert 'name="lines-8-year"' in page.get_data(as_text=True)
    capped = signed_in("edu_lead").get(f"{BASE}/{city.edu_intervention.id}/budget?rows=x")
    assert capped.status_code == 200


def test_an_import_cannot_make_the_total_diverge_from_the_lines(app, city, signed_in):
    from tests.support.transfer import confirm, csv_bytes, upload
    from tests.transfer.test_intervention_import import CONFIRM, HEADER, IMPORT, _row

    client = signed_in("admin")
    html = upload(client, IMPORT, "i.csv", csv_bytes(HEADER, [_row()])).get_data(as_text=True)
    confirm(client, CONFIRM, html)
    with app.app_context():
        item_id = db.session.scalar(
            select(Intervention.id).where(Intervention.external_id == "EDU-001")
        )
    url = f"{BASE}/{item_id}/budget"
    data = _lines(city, [("2024", str(city.edu.id), "1500000.50")], _version(app, item_id))
    assert client.post_form(url, data, token_from=url).status_code == 302
    # The same total imports; another total is a row error naming the lines.
    same = upload(client, IMPORT, "i.csv", csv_bytes(HEADER, [_row()])).get_data(as_text=True)
    assert "This budget is the sum of its budget lines" not in same
    other = _row(budget="99")
    html = upload(client, IMPORT, "i.csv", csv_bytes(HEADER, [other])).get_data(as_text=True)
    assert "This budget is the sum of its budget lines: change the lines instead." in html
    assert "Confirm the import" not in html
    assert _stored(app, item_id)[0] == Decimal("1500000.50")


def _copy_id(response: Any) -> int:
    """The copy's id, from the redirect to its form."""
    return int(re.search(r"/(\d+)/edit$", response.headers["Location"]).group(1))


def test_a_duplicate_copies_the_lines_and_its_total_is_their_sum(app, city, signed_in):
    client = signed_in("edu_lead")
    item = city.edu_intervention
    url = f"{BASE}/{item.id}/budget"
    rows = [("2024", str(city.edu.id), "1000000"), ("2025", str(city.wel.id), "250000.75")]
    client.post_form(url, _lines(city, rows, _version(app, item.id)), token_from=url)
    original = _stored(app, item.id)
    detail = f"{BASE}/{item.id}"
    response = client.post_form(f"{detail}/duplicate", token_from=detail)
    assert response.status_code == 302
    copy_id = _copy_id(response)
    assert copy_id != item.id
    assert (
        _stored(app, copy_id)
        == original
        == (
            Decimal("1250000.75"),
            [(2024, city.edu.id, Decimal("1000000.00")), (2025, city.wel.id, Decimal("250000.75"))],
        )
    )
    events = audit_events(app, "Intervention", copy_id)
    assert [e.action for e in events] == ["create", "update"]
    assert events[1].new_values["budget_lines"] == ["2024 EDU: 1000000.00", "2025 WEL: 250000.75"]
    # The copy's lines are its own: its total stays the sum of its lines.
    copy_url = f"{BASE}/{copy_id}/budget"
    edited = _lines(city, [("2024", str(city.edu.id), "5")], _version(app, copy_id))
    assert client.post_form(copy_url, edited, token_from=copy_url).status_code == 302
    assert _stored(app, copy_id) == (Decimal("5.00"), [(2024, city.edu.id, Decimal("5.00"))])
    assert _stored(app, item.id) == original


def test_a_duplicate_of_a_bare_total_keeps_the_total_and_has_no_lines(app, city, signed_in):
    item = city.wel_intervention
    with app.app_context():
        db.session.get(Intervention, item.id).budget = Decimal("700.00")
        db.session.commit()
    detail = f"{BASE}/{item.id}"
    response = signed_in("mission_office").post_form(f"{detail}/duplicate", token_from=detail)
    copy_id = _copy_id(response)
    assert _stored(app, copy_id) == (Decimal("700.00"), [])
    assert [e.action for e in audit_events(app, "Intervention", copy_id)] == ["create"]
