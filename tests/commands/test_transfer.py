"""`flask import`, `flask export`: clear errors, non-zero exits, dry runs, Open SDG files."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from tests.support import factories as f
from tests.support.transfer import SEEDS, csv_bytes, intervention_count, measurement_count, values

HEADER = ["indicator_id", "period", "value"]


def _file(tmp_path, name: str, content: bytes):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


def test_import_measurements_dry_run_then_for_real(app, city, cli_runner, tmp_path):
    path = _file(
        tmp_path,
        "v.csv",
        csv_bytes(
            HEADER, [[city.edu_indicator.id, "2023", "61,5"], [city.edu_indicator.id, "2024", "71"]]
        ),
    )
    before = measurement_count(app)
    result = cli_runner.invoke(args=["import", "measurements", path, "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Dry run: 1 to add, 0 to change, 1 unchanged" in result.output
    assert measurement_count(app) == before
    result = cli_runner.invoke(args=["import", "measurements", path, "--as", "edu@example.org"])
    assert result.exit_code == 0, result.output
    assert values(app, city.edu_indicator.id)[("2023-01-01", "")] == 61.5
    again = cli_runner.invoke(args=["import", "measurements", path])
    assert "0 to add, 0 to change, 2 unchanged" in again.output


def test_import_errors_exit_non_zero_and_write_nothing(app, city, cli_runner, tmp_path):
    path = _file(
        tmp_path,
        "v.csv",
        csv_bytes(
            HEADER, [[city.edu_indicator.id, "2023", "61"], [city.wel_indicator.id, "2023-Q1", "x"]]
        ),
    )
    before = measurement_count(app)
    result = cli_runner.invoke(args=["import", "measurements", path])
    assert result.exit_code == 1
    assert "row 3, value: “x” is not a number. Enter a number" in result.output
    assert "nothing was imported: 1 rows have errors" in result.output
    result = cli_runner.invoke(args=["import", "measurements", path, "--as", "edu@example.org"])
    assert "row 3, indicator_id: You can only enter data for your department" in result.output
    assert measurement_count(app) == before


def test_rule_messages_come_from_the_catalogue_without_a_request(
    app, city, cli_runner, tmp_path, monkeypatch
):
    """Commands run with no request: the locale is the default language, translated."""
    path = _file(tmp_path, "v.csv", csv_bytes(HEADER, [[city.wel_indicator.id, "2023-Q1", "x"]]))
    result = cli_runner.invoke(args=["import", "measurements", path])
    assert result.exit_code == 1
    assert "row 2, value: “x” is not a number. Enter a number, e.g. 12.5" in result.output
    monkeypatch.setitem(app.config, "BABEL_DEFAULT_LOCALE", "is")
    result = cli_runner.invoke(args=["import", "measurements", path])
    assert result.exit_code == 1
    assert "row 2, value: „x“ er ekki tala. Sláðu inn tölu, t.d. 12,5" in result.output


def test_bad_arguments_give_one_clear_line(app, city, cli_runner, tmp_path):
    path = _file(tmp_path, "v.csv", csv_bytes(HEADER, []))
    cases = [
        (["import", "measurements", str(tmp_path / "missing.csv")], "no file at"),
        (["import", "measurements", path, "--as", "nobody@example.org"], "no active user"),
        (["import", "measurements", _file(tmp_path, "v.txt", b"x")], "Upload a .csv or .xlsx"),
        (["import", "measurements", path, "--indicator", "99999999"], "no indicator has the id"),
        (["import", "measurements", _file(tmp_path, "e.csv", b"")], "The file is empty"),
    ]
    for args, message in cases:
        result = cli_runner.invoke(args=args)
        assert result.exit_code == 1, args
        assert message in result.output, (args, result.output)
        assert "Traceback" not in result.output


def test_import_an_open_sdg_file_with_a_filter(app, city, cli_runner):
    with app.app_context():
        from app.extensions import db

        indicator = f.indicator(
            city.mission, city.edu, title="PISA reading", min_value=0, max_value=100
        )
        db.session.commit()
        indicator_id = indicator.id
    result = cli_runner.invoke(
        args=[
            "import",
            "measurements",
            str(SEEDS / "indicator_4-1-1.csv"),
            "--indicator",
            str(indicator_id),
            "--where",
            "Type of skill=Reading",
            "--where",
            "Units=Attainment at age 15",
            "--status",
            "final",
            "--note",
            "Statistics Iceland",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "21 to add" in result.output
    stored = values(app, indicator_id)
    assert stored[("2022-01-01", "")] == 60.0
    assert stored[("2022-01-01", "sex=Female")] == 68.0


def test_import_interventions_needs_a_user(app, city, cli_runner, tmp_path):
    header = ["external_id", "mission_slug", "lead_department_code", "title"]
    path = _file(tmp_path, "i.csv", csv_bytes(header, [["X-1", "children", "EDU", "New work"]]))
    before = intervention_count(app)
    assert cli_runner.invoke(args=["import", "interventions", path]).exit_code == 2
    result = cli_runner.invoke(args=["import", "interventions", path, "--as", "wel@example.org"])
    assert result.exit_code == 1
    assert "only choose your own department as the lead" in result.output
    result = cli_runner.invoke(args=["import", "interventions", path, "--as", "edu@example.org"])
    assert result.exit_code == 0, result.output
    assert intervention_count(app) == before + 1


def test_export_to_standard_output_and_to_an_xlsx_file(app, city, cli_runner, tmp_path):
    result = cli_runner.invoke(args=["export", "measurements"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert {row["value"] for row in rows} == {"71", "30"}
    assert cli_runner.invoke(args=["export", "updates", "--format", "xlsx"]).exit_code == 2
    target = tmp_path / "interventions.xlsx"
    result = cli_runner.invoke(
        args=["export", "interventions", "--format", "xlsx", "--output", str(target)]
    )
    assert result.exit_code == 0, result.output
    workbook = load_workbook(target, read_only=True)  # holds the file open until closed
    try:
        assert sum(1 for _ in workbook.worksheets[0].iter_rows()) == 3
    finally:
        workbook.close()
    assert cli_runner.invoke(args=["export", "people"]).exit_code == 2
