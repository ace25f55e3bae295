"""Open SDG CSV import: the four real Statistics Iceland files in seeds/data import correctly."""

from __future__ import annotations

import csv

import pytest

from app.extensions import db
from app.models import Indicator
from app.models.base import utcnow
from tests.support import factories as f
from tests.support.transfer import SEEDS, confirm, measurement_count, upload, values

IMPORT = "/staff/data/import/open-sdg"
CONFIRM = "/staff/data/import/measurements/confirm"
DIMENSIONS = {"Gender": "sex", "Sex": "sex", "Age": "age"}


def _expected(name: str, keep: dict[str, str] | None = None) -> dict[tuple[str, str], float]:
    """The file read independently: (period, breakdown key) -> value."""
    keep = keep or {}
    expected = {}
    with (SEEDS / name).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if any(row[column] != value for column, value in keep.items()):
                continue
            parts = sorted(
                f"{DIMENSIONS.get(column, column.lower())}={cell}"
                for column, cell in row.items()
                if column not in ("Year", "Value", "Units", "Series")
                and column not in keep
                and cell
            )
            expected[(f"{row['Year']}-01-01", "|".join(parts))] = float(row["Value"])
    return expected


@pytest.fixture
def indicator(app, city):  # type: ignore[no-untyped-def]
    with app.app_context():
        made = f.indicator(
            city.mission, city.edu, title="National figure", frequency="yearly", min_value=0
        )
        db.session().expire_on_commit = False
        db.session.commit()
        return made


@pytest.mark.parametrize(
    ("name", "keep", "rows", "headline"),
    [
        ("indicator_3-2-1.csv", {}, 62, 62),
        ("indicator_4-2-2.csv", {}, 72, 24),
        ("indicator_1-2-1.csv", {}, 432, 18),
        ("indicator_4-1-1.csv", {}, 42, 0),
        ("indicator_4-1-1.csv", {"Type of skill": "Reading"}, 21, 7),
    ],
)
def test_seed_files_import_with_the_right_counts(
    app, city, signed_in, indicator, name, keep, rows, headline
):
    expected = _expected(name, keep)
    assert len(expected) == rows
    assert sum(1 for _period, key in expected if key == "") == headline
    client = signed_in("edu_lead")
    before = measurement_count(app)
    filters = "; ".join(f"{column}={value}" for column, value in keep.items())
    preview = upload(
        client,
        IMPORT,
        name,
        (SEEDS / name).read_bytes(),
        indicator_id=indicator.id,
        filters=filters,
        status="",
        source_note="",
    )
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert f"To add: {rows}" in html, html[html.find('<ul class="counts">') :][:800]
    assert "Errors: 0" in html
    assert confirm(client, CONFIRM, html).status_code == 302
    assert measurement_count(app) == before + rows
    assert values(app, indicator.id) == expected
    again = upload(
        client,
        IMPORT,
        name,
        (SEEDS / name).read_bytes(),
        indicator_id=indicator.id,
        filters=filters,
    )
    assert "Nothing to import" in again.get_data(as_text=True)


def test_known_values_of_the_low_income_file(app, city, signed_in, indicator):
    client = signed_in("admin")
    content = (SEEDS / "indicator_1-2-1.csv").read_bytes()
    html = upload(
        client,
        IMPORT,
        "indicator_1-2-1.csv",
        content,
        indicator_id=indicator.id,
        status="provisional",
        source_note="Statistics Iceland",
    ).get_data(as_text=True)
    confirm(client, CONFIRM, html)
    stored = values(app, indicator.id)
    assert stored[("2004-01-01", "")] == 10.0
    assert stored[("2021-01-01", "age=65+|sex=Female")] == 2.8
    assert ("2004-01-01", "sex=Male") in stored


def test_several_units_are_each_their_own_series_or_filtered(app, city, signed_in, indicator):
    content = b"Year,Units,Value\n2020,Percent,5\n2020,Count,7\n"
    html = upload(
        signed_in("admin"), IMPORT, "two.csv", content, indicator_id=indicator.id
    ).get_data(as_text=True)
    assert "To add: 2" in html
    assert "Series in this file" in html
    assert "units=Count" in html
    assert "units=Percent" in html
    html = upload(
        signed_in("admin"),
        IMPORT,
        "two.csv",
        content,
        indicator_id=indicator.id,
        filters="Units=Count",
    ).get_data(as_text=True)
    assert "To add: 1" in html


def test_a_quarterly_indicator_refuses_yearly_rows(app, city, signed_in):
    content = b"Year,Value\n2020,5\n"
    html = upload(
        signed_in("admin"), IMPORT, "q.csv", content, indicator_id=city.wel_indicator.id
    ).get_data(as_text=True)
    assert "This indicator is quarterly" in html
    assert "Confirm the import" not in html


def test_a_lead_cannot_import_into_another_departments_indicator(app, city, signed_in):
    content = (SEEDS / "indicator_3-2-1.csv").read_bytes()
    response = upload(
        signed_in("edu_lead"), IMPORT, "x.csv", content, indicator_id=city.wel_indicator.id
    )
    assert response.status_code == 403
    response = upload(signed_in("edu_lead"), IMPORT, "x.csv", content, indicator_id=99999999)
    assert response.status_code == 404


def test_an_archived_indicator_takes_no_open_sdg_values(app, city, signed_in, indicator):
    with app.app_context():
        db.session.get(Indicator, indicator.id).archived_at = utcnow()
        db.session.commit()
    count = measurement_count(app)
    content = (SEEDS / "indicator_3-2-1.csv").read_bytes()
    html = upload(
        signed_in("admin"), IMPORT, "x.csv", content, indicator_id=indicator.id,
        filters="Units=Count",
    ).get_data(as_text=True)  # fmt: skip
    assert "This indicator is archived; it takes no new data." in html
    assert "Confirm the import" not in html
    assert measurement_count(app) == count


def test_bad_filters_are_shown_on_their_field(app, city, signed_in, indicator):
    content = (SEEDS / "indicator_3-2-1.csv").read_bytes()
    html = upload(
        signed_in("admin"),
        IMPORT,
        "x.csv",
        content,
        indicator_id=indicator.id,
        filters="no equals sign",
    ).get_data(as_text=True)
    assert 'id="filters-error"' in html
    html = upload(
        signed_in("admin"),
        IMPORT,
        "x.csv",
        content,
        indicator_id=indicator.id,
        filters="Colour=red",
    ).get_data(as_text=True)
    assert "no column Colour" in html


def test_missing_columns_are_refused(app, city, signed_in, indicator):
    html = upload(
        signed_in("admin"), IMPORT, "x.csv", b"Year,Amount\n2020,5\n", indicator_id=indicator.id
    ).get_data(as_text=True)
    assert "needs the columns Year and Value" in html
