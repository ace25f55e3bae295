"""Imports sized to time: the largest files the imports accept preview within half the worker
timeout, through the web routes; what would take longer is refused with a message."""

from __future__ import annotations

import runpy
import time
from pathlib import Path

import pytest

from app import tabular
from app.extensions import db
from app.transfer.readers.interventions import MAX_ROWS as MAX_INTERVENTION_ROWS
from tests.support.auth import sign_in_directly
from tests.support.large_imports import (
    build_city,
    largest_intervention_csv,
    largest_measurement_xlsx,
    write_xlsx,
)
from tests.support.queries import counting
from tests.support.transfer import csv_bytes, upload

MEASUREMENTS = "/staff/data/import/measurements"
INTERVENTIONS = "/staff/data/import/interventions"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def importer(app, client):  # type: ignore[no-untyped-def]
    """An admin signed in, and the departments, mission and indicators the large files name."""
    with app.app_context():
        admin_id = build_city()
        db.session.remove()
    sign_in_directly(client, admin_id)
    return client


def _budget(app) -> float:  # type: ignore[no-untyped-def]
    return app.config["WORKER_TIMEOUT"] / 2


def test_gunicorn_takes_its_timeout_from_the_config(app):
    settings = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))
    assert settings["timeout"] == app.config["WORKER_TIMEOUT"] == 30


@pytest.mark.slow
@pytest.mark.timing
def test_the_largest_accepted_xlsx_previews_within_half_the_worker_timeout(app, importer, tmp_path):
    path = tmp_path / "measurements.xlsx"
    size = largest_measurement_xlsx(path)
    assert size["rows"] == tabular.MAX_ROWS
    assert size["inflated"] > 0.95 * tabular.MAX_XLSX_UNCOMPRESSED
    assert size["tags"] > 0.95 * tabular.MAX_XLSX_TAGS
    content = path.read_bytes()
    started = time.perf_counter()
    response = upload(importer, MEASUREMENTS, path.name, content)
    seconds = time.perf_counter() - started
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"To add: {tabular.MAX_ROWS}<" in html, html[:2000]
    assert 'name="ticket"' in html
    assert seconds < _budget(app), f"{seconds:.1f} s for the largest XLSX"


@pytest.mark.slow
@pytest.mark.timing
def test_the_largest_accepted_intervention_csv_previews_within_half_the_worker_timeout(
    app, importer, tmp_path, connection
):
    path = tmp_path / "interventions.csv"
    size = largest_intervention_csv(path)
    assert size["rows"] == MAX_INTERVENTION_ROWS
    content = path.read_bytes()
    with counting(connection) as log:
        started = time.perf_counter()
        response = upload(importer, INTERVENTIONS, path.name, content)
        seconds = time.perf_counter() - started
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"To create: {MAX_INTERVENTION_ROWS}<" in html, html[:2000]
    assert seconds < _budget(app), f"{seconds:.1f} s for the largest intervention CSV"
    # The preview writes nothing (no trial saves), so it holds no write lock while it runs,
    # and reads in a number of queries that does not grow with the rows.
    written = [s for s in log.statements if s.lstrip().upper().startswith(("INSERT", "DELETE"))]
    assert written == []
    assert log.count < 40, log.count


def test_an_intervention_file_over_the_row_limit_is_refused(app, importer):
    rows = [[f"L{n}", "large", "", "LRG", f"I{n}"] for n in range(MAX_INTERVENTION_ROWS + 1)]
    header = ["external_id", "mission_slug", "outcome_title", "lead_department_code", "title"]
    response = upload(importer, INTERVENTIONS, "i.csv", csv_bytes(header, rows))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"The file has more than {MAX_INTERVENTION_ROWS} rows" in html
    assert 'name="ticket"' not in html


def test_an_xlsx_with_too_much_markup_is_refused(app, importer, tmp_path, monkeypatch):
    path = tmp_path / "m.xlsx"
    write_xlsx(path, ["<row><c t='inlineStr'><is><t>period</t></is></c></row>"])
    monkeypatch.setattr(tabular, "MAX_XLSX_TAGS", 20)
    html = upload(importer, MEASUREMENTS, path.name, path.read_bytes()).get_data(as_text=True)
    assert "too large to read in time (more than 0 million XML tags)" in html


@pytest.mark.timing
def test_a_declared_huge_sheet_is_read_as_the_cells_it_has(app, importer, tmp_path):
    """A dimension of A1:XFD1048576 and cells in the last column cost nothing: only the columns
    the header names are read, and no row is padded or scanned ahead."""
    header = "".join(
        f'<c r="{column}1" t="inlineStr"><is><t>{name}</t></is></c>'
        for column, name in zip("ABC", ["indicator_code", "period", "value"], strict=True)
    )
    rows = [f'<row r="1">{header}<c r="XFD1"><v>1</v></c></row>']
    for n in range(2, 12):
        rows.append(
            f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>LRG00</t></is></c>'
            f'<c r="B{n}" t="inlineStr"><is><t>2020-{n:02d}</t></is></c>'
            f'<c r="C{n}"><v>{n}.5</v></c><c r="XFD{n}"><v>9</v></c></row>'
        )
    path = tmp_path / "m.xlsx"
    write_xlsx(path, rows, dimension="A1:XFD1048576")
    started = time.perf_counter()
    html = upload(importer, MEASUREMENTS, path.name, path.read_bytes()).get_data(as_text=True)
    assert time.perf_counter() - started < 5
    assert "To add: 10<" in html, html[:2000]
    assert 'name="ticket"' in html
