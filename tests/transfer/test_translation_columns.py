"""Translation columns (title_is, summary_is...) in intervention and update files."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.extensions import db
from app.models import Intervention, ProgressUpdate
from tests.support.transfer import confirm, csv_bytes, upload

IMPORT = "/staff/data/import/interventions"
CONFIRM = "/staff/data/import/interventions/confirm"
HEADER = ["external_id", "mission_slug", "lead_department_code", "title", "title_is", "summary_is"]


def _row(**changes: str) -> list[str]:
    row = {
        "external_id": "EDU-T1",
        "mission_slug": "children",
        "lead_department_code": "EDU",
        "title": "Prosperity contacts",
        "title_is": "Farsældartengiliðir",
        "summary_is": "Tengiliður í hverjum skóla",
        **changes,
    }
    return [row[name] for name in HEADER]


def _item(app, key: str = "EDU-T1") -> Intervention | None:  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.scalar(db.select(Intervention).where(Intervention.external_id == key))


def _csv_header(data: bytes) -> list[str]:
    return next(csv.reader(io.StringIO(data.decode("utf-8"))))


def test_import_reads_translation_columns_and_previews_their_changes(app, city, signed_in):
    client = signed_in("admin")
    html = upload(client, IMPORT, "i.csv", csv_bytes(HEADER, [_row()])).get_data(as_text=True)
    assert "To create: 1" in html
    assert confirm(client, CONFIRM, html).status_code == 302
    item = _item(app)
    assert item is not None
    assert item.translations == {
        "is": {"title": "Farsældartengiliðir", "summary": "Tengiliður í hverjum skóla"}
    }
    # A changed translation is a change in the preview; an empty cell removes it.
    again = csv_bytes(HEADER, [_row(title_is="Farsældartenglar", summary_is="")])
    html = upload(client, IMPORT, "i.csv", again).get_data(as_text=True)
    assert "To change: 1" in html
    assert "<td>title_is</td><td>Farsældartengiliðir</td><td><strong>Farsældartenglar</strong>" in (
        html
    )
    confirm(client, CONFIRM, html)
    item = _item(app)
    assert item is not None
    assert item.translations == {"is": {"title": "Farsældartenglar"}}


def test_a_file_without_translation_columns_keeps_the_stored_translations(app, city, signed_in):
    client = signed_in("admin")
    confirm(client, CONFIRM, upload(client, IMPORT, "i.csv", csv_bytes(HEADER, [_row()])).get_data(
        as_text=True))  # fmt: skip
    plain = ["external_id", "mission_slug", "lead_department_code", "title"]
    html = upload(
        client, IMPORT, "i.csv", csv_bytes(plain, [_row()[:4]])
    ).get_data(as_text=True)  # fmt: skip
    assert "Nothing to import" in html
    item = _item(app)
    assert item is not None
    assert item.translations["is"]["title"] == "Farsældartengiliðir"


@pytest.mark.parametrize(
    ("changes", "column", "message"),
    [
        ({"title_is": "x" * 201}, "title_is", "Keep this to 200 characters."),
        ({"title_is": "a\x1bb"}, "title_is", "Remove the control characters"),
        ({"title_is": "a\x00b"}, "NUL", "NUL"),  # refused with the whole file
        ({"summary_is": "a\x07b"}, "summary_is", "Remove the control characters"),
    ],
)
def test_a_bad_translation_cell_is_a_row_error_and_nothing_is_written(
    app, city, signed_in, changes, column, message
):
    html = upload(
        signed_in("admin"), IMPORT, "i.csv", csv_bytes(HEADER, [_row(**changes)])
    ).get_data(as_text=True)
    assert column in html
    assert message in html
    assert "To create" not in html or "To create: 0" in html
    assert _item(app) is None


@pytest.mark.parametrize("column", ["title_de", "summary_en", "title_"])
def test_a_column_for_a_language_the_site_does_not_translate_into_is_refused(
    app, city, signed_in, column
):
    html = upload(
        signed_in("admin"), IMPORT, "i.csv", csv_bytes([*HEADER, column], [[*_row(), "x"]])
    ).get_data(as_text=True)
    assert f"The column {column} is for a language this site does not translate into" in html
    assert "_is" in html
    assert _item(app) is None


def test_with_polish_configured_the_files_carry_polish_columns(app, city, signed_in, monkeypatch):
    monkeypatch.setitem(app.config, "LANGUAGES", ("en", "is", "pl"))
    client = signed_in("admin")
    exported = client.get("/staff/data/export/interventions?format=csv").data
    header = _csv_header(exported)
    assert header[-4:] == ["title_is", "summary_is", "title_pl", "summary_pl"]
    header_pl = [*HEADER, "title_pl"]
    html = upload(
        client, IMPORT, "i.csv", csv_bytes(header_pl, [[*_row(), "Kontakty"]])
    ).get_data(as_text=True)  # fmt: skip
    confirm(client, CONFIRM, html)
    item = _item(app)
    assert item is not None
    assert item.translations["pl"] == {"title": "Kontakty"}


def test_update_export_carries_translation_columns(app, city, signed_in):
    with app.app_context():
        update = db.session.get(ProgressUpdate, city.edu_update.id)
        update.translations = {"is": {"summary": "Gengur vel"}}
        db.session.commit()
    data = signed_in("admin").get("/staff/data/export/updates?format=csv").data
    header = _csv_header(data)
    assert header[-3:] == ["summary_is", "next_steps_is", "blockers_is"]
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    assert {row["summary_is"] for row in rows} >= {"Gengur vel"}


_CELL = st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), max_size=200).map(
    str.strip
)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(title_is=_CELL, summary_is=_CELL)
def test_round_trip_of_any_translations_is_exact(app, city, signed_in, title_is, summary_is):
    """What is stored, the export writes and an import of that export reads as unchanged."""
    client = signed_in("admin")
    stored = {key: value for key, value in
              {"title": title_is, "summary": summary_is}.items() if value}  # fmt: skip
    with app.app_context():
        item = db.session.get(Intervention, city.edu_intervention.id)
        item.translations = {"is": stored} if stored else {}
        db.session.commit()
    for fmt, name in (("csv", "export.csv"), ("xlsx", "export.xlsx")):
        exported = client.get(f"/staff/data/export/interventions?format={fmt}").data
        again = upload(client, IMPORT, name, exported).get_data(as_text=True)
        assert "Nothing to import" in again, again[again.find("<ul class") :][:1500]
    # And a file that sets them stores them exactly.
    with app.app_context():
        item = db.session.get(Intervention, city.edu_intervention.id)
        item.translations = {}
        db.session.commit()
        key = item.external_id or ""
    header = ["id", *HEADER]
    row = [
        str(city.edu_intervention.id),
        *_row(external_id=key, title=item.title, title_is=title_is, summary_is=summary_is),
    ]
    html = upload(client, IMPORT, "i.csv", csv_bytes(header, [row])).get_data(as_text=True)
    if stored:
        confirm(client, CONFIRM, html)
    with app.app_context():
        assert db.session.get(Intervention, city.edu_intervention.id).translations == (
            {"is": stored} if stored else {}
        )
