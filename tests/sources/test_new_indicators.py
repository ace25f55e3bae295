"""Creating indicators from an Open SDG data file and its metadata: prefilled forms, one per
Series/Units combination, created with their values in one step, all or nothing."""

from __future__ import annotations

import html as html_lib
import re
import secrets
from typing import Any

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Indicator
from tests.support.sources import DATA
from tests.support.transfer import measurement_count, values

UPLOAD = "/staff/sources/new-indicators"
CREATE = "/staff/sources/new-indicators/create"
USA = (DATA / "usa-indicator_8-1-1.csv").read_bytes()
USA_META = (DATA / "usa-meta-8-1-1.yml").read_bytes()
CANADA = (DATA / "canada-indicator_15-2-1.csv").read_bytes()


def _upload(client, city, data: bytes | None, meta: bytes | None = None, **fields: Any):  # type: ignore[no-untyped-def]
    token = client.csrf(UPLOAD)
    boundary = "aim-test-" + secrets.token_hex(8)
    form = {"csrf_token": token, "mission_id": str(city.mission.id),
            "department_id": str(city.edu.id), "frequency": "yearly", **fields}  # fmt: skip
    body = b""
    for name, value in form.items():
        body += (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                 f"{value}\r\n").encode()  # fmt: skip
    for name, filename, content in (("data_file", "indicator_8-1-1.csv", data),
                                    ("metadata_file", "8-1-1.yml", meta)):  # fmt: skip
        if content is None:
            continue
        body += (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                 f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
                 ).encode() + content + b"\r\n"  # fmt: skip
    body += f"--{boundary}--\r\n".encode()
    return client.post(UPLOAD, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def _fields(page: str) -> dict[str, str]:
    """Every input, select and textarea value of the review form, as the browser would send."""
    fields: dict[str, str] = {}
    for match in re.finditer(r"<input ([^>]*)>", page):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', match.group(1)))
        if "name" not in attrs:
            continue
        if attrs.get("type") == "checkbox":
            if "checked" in match.group(1):
                fields[attrs["name"]] = attrs.get("value", "y")
            continue
        fields[attrs["name"]] = html_lib.unescape(attrs.get("value", ""))
    for match in re.finditer(r'<select [^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option selected value="([^"]*)"|<option value="([^"]*)" selected',
                           match.group(2))  # fmt: skip
        first = re.search(r'<option value="([^"]*)"', match.group(2))
        fields[match.group(1)] = (chosen.group(1) or chosen.group(2)) if chosen else (
            first.group(1) if first else "")  # fmt: skip
    for match in re.finditer(r'<textarea [^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        fields[match.group(1)] = html_lib.unescape(match.group(2)).lstrip("\r\n")
    return fields


def _count(app) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.scalar(select(func.count(Indicator.id))) or 0


def test_one_file_with_its_metadata_gives_one_prefilled_indicator(app, city, signed_in):
    client = signed_in("mission_office")
    response = _upload(client, city, USA, USA_META)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    fields = _fields(page)
    assert fields["drafts-0-title"] == "Annual growth rate of real GDP per capita"
    assert fields["drafts-0-unit"] == "Percentage change"
    assert fields["source"].startswith("Selected Per Capita Product")
    assert fields["definition"].startswith("Year-over-year percentage change in chained")
    assert "drafts-1-title" not in fields
    before = _count(app)
    created = client.post(CREATE, data=fields)
    assert created.status_code == 302, created.get_data(as_text=True)[-3000:]
    assert _count(app) == before + 1
    with app.app_context():
        indicator = db.session.scalar(
            select(Indicator).where(Indicator.title == "Annual growth rate of real GDP per capita")
        )
        assert indicator is not None
        assert (indicator.unit, indicator.department_id) == ("Percentage change", city.edu.id)
    stored = values(app, indicator.id)
    assert len(stored) == 24
    assert stored[("2000-01-01", "")] == 2.9


def test_several_series_and_units_give_one_indicator_each_in_one_step(app, city, signed_in):
    client = signed_in("admin")
    page = _upload(client, city, CANADA).get_data(as_text=True)
    fields = _fields(page)
    titles = [value for key, value in fields.items() if key.endswith("-title")]
    assert len(titles) == 5
    assert any("Above-ground biomass stock in forest" in title for title in titles)
    assert "Hectares (Millions)" in [v for k, v in fields.items() if k.endswith("-unit")]
    # The two-year periods of one series (2015-2016) are left out by the user.
    for key, value in list(fields.items()):
        if key.endswith("-title") and "net change rate" in value:
            fields.pop(key.replace("-title", "-include"))
    before_indicators, before_values = _count(app), measurement_count(app)
    created = client.post(CREATE, data=fields)
    assert created.status_code == 302, created.get_data(as_text=True)[-3000:]
    assert _count(app) == before_indicators + 4
    assert measurement_count(app) == before_values + 24 + 7 + 7 + 7


def test_a_refused_row_creates_nothing(app, city, signed_in):
    broken = CANADA.replace(
        b'"2010","Tonnes/hectare","Above-ground biomass stock in forest",91.16',
        b'"2010","Tonnes/hectare","Above-ground biomass stock in forest",lots',
    )
    client = signed_in("admin")
    fields = _fields(_upload(client, city, broken).get_data(as_text=True))
    for key, value in list(fields.items()):
        if key.endswith("-title") and "net change rate" in value:
            fields.pop(key.replace("-title", "-include"))
    before_indicators, before_values = _count(app), measurement_count(app)
    response = client.post(CREATE, data=fields)
    assert response.status_code == 200
    page = html_lib.unescape(response.get_data(as_text=True))
    assert "Nothing was created" in page
    assert "lots" in page or "number" in page
    assert _count(app) == before_indicators
    assert measurement_count(app) == before_values


@pytest.mark.parametrize(
    ("data", "meta", "fields", "message"),
    [
        (None, None, {}, "Choose a file."),
        (b"Period,Amount\n2020,1\n", None, {}, "needs the columns Year and Value"),
        (b"Year,Value\n", None, {}, "There are no values in this file."),
        (b"PK\x03\x04rest", None, {}, "zip archive"),
        (b"Year,Value\n2020,1\n" * 300_000, None, {}, "larger than 5 MB"),
        (USA, b"- a list\n", {}, "must hold fields"),
        (USA, b"a: &x 1\n", {}, "anchors and aliases"),
        (USA, None, {"mission_id": "999999"}, "Not a valid choice"),
        (USA, None, {"mission_id": "x"}, "Not a valid choice"),
        (USA, None, {"department_id": "999999"}, "Not a valid choice"),
        (USA, None, {"frequency": "hourly"}, "Not a valid choice"),
    ],
    ids=[
        "no-file",
        "not-open-sdg",
        "header-only",
        "zip",
        "oversized",
        "metadata-list",
        "metadata-anchor",
        "mission",
        "mission-text",
        "department",
        "frequency",
    ],
)
def test_bad_uploads_are_refused_clearly(app, city, signed_in, data, meta, fields, message):
    before = _count(app)
    response = _upload(signed_in("mission_office"), city, data, meta, **fields)
    assert response.status_code in (200, 413)
    if response.status_code == 200:
        assert message in html_lib.unescape(response.get_data(as_text=True))
    assert _count(app) == before


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("drafts-0-title", "", "Enter a title."),
        ("drafts-0-title", "x" * 201, "Field cannot be longer than 200"),
        ("drafts-0-unit", "", "Enter the unit."),
        ("drafts-0-unit", "u" * 41, "Field cannot be longer than 40"),
        ("drafts-0-code", "c" * 33, "Field cannot be longer than 32"),
        ("drafts-0-direction", "sideways", "Not a valid choice"),
        ("drafts-0-target_value", "much", "number"),
        ("drafts-0-target_value", "50", "Give both the value and the date, or neither."),
        ("drafts-0-target_period", "2030-13-01", "Not a valid date value"),
        ("drafts-0-include", None, "Choose at least one indicator to create."),
        ("mission_id", "999999", "Not a valid choice"),
        ("department_id", "0", "Not a valid choice"),
        ("frequency", "daily", "Not a valid choice"),
        ("definition", "d" * 4001, "Field cannot be longer than 4000"),
        ("source", "s" * 301, "Field cannot be longer than 300"),
    ],
)
def test_bad_review_input_is_refused_and_creates_nothing(app, city, signed_in, field, value,
                                                        message):  # fmt: skip
    client = signed_in("mission_office")
    fields = _fields(_upload(client, city, USA).get_data(as_text=True))
    if value is None:
        fields.pop(field, None)
    else:
        fields[field] = value
    before = _count(app)
    response = client.post(CREATE, data=fields)
    assert response.status_code == 200
    assert message in html_lib.unescape(response.get_data(as_text=True))
    assert _count(app) == before


def test_a_code_another_indicator_has_is_refused(app, city, signed_in):
    with app.app_context():
        db.session.get(Indicator, city.edu_indicator.id).code = "SDG-8-1-1"  # type: ignore[union-attr]
        db.session.commit()
    client = signed_in("mission_office")
    fields = _fields(_upload(client, city, USA).get_data(as_text=True))
    fields["drafts-0-code"] = "sdg-8-1-1"
    before = _count(app)
    page = client.post(CREATE, data=fields).get_data(as_text=True)
    assert "Another indicator has this code." in page
    assert _count(app) == before


def test_a_tampered_or_foreign_ticket_is_refused(app, city, signed_in):
    client = signed_in("mission_office")
    fields = _fields(_upload(client, city, USA).get_data(as_text=True))
    before = _count(app)
    tampered = dict(fields, ticket=fields["ticket"][:-3] + "abc")
    assert client.post(CREATE, data=tampered).status_code == 302
    other = signed_in("admin")
    other_fields = dict(fields, csrf_token=other.csrf(UPLOAD))
    assert other.post(CREATE, data=other_fields).status_code == 302
    extra = dict(fields, **{"drafts-1-title": "Extra", "drafts-1-unit": "x",
                            "drafts-1-include": "y", "drafts-1-direction": "increase"})  # fmt: skip
    assert client.post(CREATE, data=extra).status_code == 302
    assert _count(app) == before


def test_only_the_mission_office_creates_indicators(app, city, signed_in):
    assert signed_in("edu_lead").get(UPLOAD).status_code == 403
    assert signed_in("viewer").get(UPLOAD).status_code == 403
    assert signed_in("mission_office").get(UPLOAD).status_code == 200


def test_markdown_front_matter_fills_title_unit_target_and_progress(app, city, signed_in):
    meta = (
        b"---\ntitle: Children in preschool\ncomputation_units: '%'\n"
        b"national_target: Every child in preschool by 2030\n"
        b"progress_calculation_options:\n- direction: negative\n  target: 5\n---\n# Notes\n"
    )
    fields = _fields(_upload(signed_in("mission_office"), city, USA, meta).get_data(as_text=True))
    assert fields["drafts-0-title"] == "Children in preschool"
    assert fields["drafts-0-unit"] == "%"
    assert fields["drafts-0-direction"] == "decrease"
    assert fields["drafts-0-target_value"] == "5"
    assert fields["drafts-0-target_period"] == "2030-01-01"
    assert "National target: Every child in preschool by 2030" in fields["definition"]
