"""Open data: the learning log dataset holds only published entries of public interventions, in
the shape its Table Schema gives, and the Data Package with it validates with frictionless."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from frictionless import validate
from sqlalchemy import select

from app.extensions import db
from app.models import Department, Intervention, Mission
from tests.support import factories as f
from tests.support.public import DRAFT

HEADER = ["id", "intervention_id", "intervention_title", "kind", "entered_on", "title", "body",
          "decision", "from_stage", "to_stage"]  # fmt: skip


def _add_log(app, public_city) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Published and draft entries on the public intervention, a published entry on a draft
    intervention and one on an archived intervention."""
    with app.app_context():
        public = db.session.get(Intervention, public_city.intervention_id)
        mission = db.session.scalar(select(Mission).where(Mission.slug == public_city.mission_slug))
        lead = db.session.get(Department, public.lead_department_id)
        draft = f.intervention(mission, lead, title=f"{DRAFT} log owner",
                               is_published=False)  # fmt: skip
        archived = f.intervention(mission, lead, title="Archived owner",
                                  is_published=True, archived_at=f.LISTED_LONG_AGO)  # fmt: skip
        hypothesis = f.learning_entry(
            public, title="Teams find solutions early", body="=SUM(A1) we expect fewer referrals",
            entered_on=date(2024, 2, 1), is_published=True,
            translations={"is": {"title": "Teymin finna lausnir snemma"}},
        )  # fmt: skip
        decision = f.learning_entry(
            public, kind="decision", decision="scale", title="Scale to every school",
            entered_on=date(2024, 6, 1), from_stage="test", to_stage="scale", is_published=True,
            gate_answers=[{"question": "What did the test show?", "answer": f"{DRAFT} answer"}],
        )  # fmt: skip
        f.learning_entry(public, title=f"{DRAFT} draft entry", is_published=False)
        f.learning_entry(draft, title=f"{DRAFT} entry of a draft", is_published=True)
        f.learning_entry(archived, title=f"{DRAFT} entry of an archived", is_published=True)
        db.session.commit()
        return {"hypothesis": hypothesis.id, "decision": decision.id, "public": public.id}


def _rows(client) -> list[list[str]]:  # type: ignore[no-untyped-def]
    response = client.get("/open-data/learning_log.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert DRAFT not in text
    return list(csv.reader(io.StringIO(text)))


def test_learning_log_csv_has_only_published_entries_of_public_work(app, client, public_city):
    ids = _add_log(app, public_city)
    rows = _rows(client)
    assert rows[0] == HEADER
    title = "Solution teams 0"
    assert rows[1:] == [
        [str(ids["hypothesis"]), str(ids["public"]), title, "hypothesis", "2024-02-01",
         "Teams find solutions early", "'=SUM(A1) we expect fewer referrals", "", "", ""],
        [str(ids["decision"]), str(ids["public"]), title, "decision", "2024-06-01",
         "Scale to every school", "", "scale", "test", "scale"],
    ]  # fmt: skip


def test_an_empty_learning_log_is_a_header_only(client, public_city):
    assert _rows(client) == [HEADER]


def test_the_package_with_the_learning_log_validates(app, client, public_city, tmp_path):
    _add_log(app, public_city)
    descriptor = client.get("/open-data/datapackage.json").get_json()
    (resource,) = [r for r in descriptor["resources"] if r["name"] == "learning_log"]
    assert [field["name"] for field in resource["schema"]["fields"]] == HEADER
    assert resource["schema"]["primaryKey"] == ["id"]
    assert resource["schema"]["foreignKeys"][0]["reference"]["resource"] == "interventions"
    assert resource["translations"]["is"]["title"] == "Lærdómsskrá"
    assert resource["translations"]["is"]["description"] != resource["description"]
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    for each in descriptor["resources"]:
        (tmp_path / each["path"]).write_bytes(client.get(f"/open-data/{each['path']}").data)
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_the_open_data_page_lists_the_learning_log_in_each_language(client, public_city):
    page = client.get("/open-data/").get_data(as_text=True)
    assert "learning_log.csv" in page
    assert "Published learning-log entries" in page
    icelandic = client.get("/open-data/?lang=is").get_data(as_text=True)
    assert "Published learning-log entries" not in icelandic
