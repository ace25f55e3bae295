"""Exact round trips: an unedited export imports back with no change, for any float, in CSV and
XLSX; the preview writes changed values in full; command-line imports record the file's SHA-256."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.extensions import db
from app.models import AuditEvent
from app.tabular import csv_chunks, open_table, xlsx_bytes
from app.transfer.planning import plan_values
from app.transfer.queries import MEASUREMENT_EXPORT_COLUMNS, measurement_rows
from app.transfer.readers.measurements import Catalogue, read_spreadsheet
from tests.support import factories as f
from tests.support.transfer import csv_bytes, upload

# Every float a value may be: finite and smaller than the magnitude limit (1e15) in size, down to
# the smallest subnormals.
FLOATS = st.floats(
    min_value=-1e15, max_value=1e15, exclude_min=True, exclude_max=True, allow_nan=False
)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(numbers=st.lists(FLOATS, min_size=1, max_size=6))
def test_an_unedited_export_reimports_unchanged_for_any_float(app, city, tmp_path, fmt, numbers):
    with app.app_context():
        savepoint = db.session.begin_nested()
        try:
            made = f.indicator(city.mission, city.edu, unit="", frequency="yearly")
            for offset, number in enumerate(numbers):
                f.measurement(made, date(2000 + offset, 1, 1), number)
            rows = [row for row in measurement_rows() if row[0] == made.id]
            path = Path(tmp_path) / f"export.{fmt}"
            if fmt == "csv":
                path.write_text("".join(csv_chunks(MEASUREMENT_EXPORT_COLUMNS, rows)), "utf-8")
            else:
                path.write_bytes(xlsx_bytes([("values", MEASUREMENT_EXPORT_COLUMNS, rows)]))
            catalogue = Catalogue(None)
            table = open_table(path, path.name)
            try:
                reading = read_spreadsheet(table, catalogue, date(2026, 12, 1))
            finally:
                table.close()
            plan = plan_values(reading, catalogue)
            assert plan.errors == []
            assert (plan.adds, plan.changes) == ([], [])
            assert plan.unchanged == len(numbers)
        finally:
            savepoint.rollback()


def test_the_preview_shows_a_change_hidden_by_rounding_in_full(app, city, signed_in):
    with app.app_context():
        made = f.indicator(city.mission, city.edu, unit="", frequency="yearly", decimals=0)
        made_id = made.id
        f.measurement(made, date(2020, 1, 1), 190.0)
        db.session.commit()
    content = csv_bytes(["indicator_id", "period", "value"], [[made_id, "2020", "190.00001"]])
    html = upload(signed_in("admin"), "/staff/data/import/measurements", "v.csv", content).get_data(
        as_text=True
    )
    assert "To change: 1" in html
    assert "190 → <strong>190.00001</strong>" in html
    assert "190 → <strong>190</strong>" not in html


def test_a_command_line_import_records_the_files_sha256(app, city, cli_runner, tmp_path):
    path = tmp_path / "v.csv"
    path.write_bytes(
        csv_bytes(["indicator_id", "period", "value"], [[city.edu_indicator.id, "2019", "44"]])
    )
    result = cli_runner.invoke(args=["import", "measurements", str(path)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        event = db.session.scalars(
            db.select(AuditEvent)
            .where(AuditEvent.action == "import")
            .order_by(AuditEvent.id.desc())
        ).first()
        assert event is not None
        assert event.new_values["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
        assert event.new_values["source"] == "cli"
